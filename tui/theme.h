/* theme.h: colours named by meaning, looked up in a scheme; glyphs with an ASCII fallback.
 * Views never name a raw colour or a raw glyph.
 *
 * theme.c calls: curses only.  Called by: crt.c, picker.c, the drawers (view-*.c).
 */
#ifndef KS_THEME_H
#define KS_THEME_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "rec.h"

enum theme_role {
	TH_NORMAL,
	TH_DIM,
	TH_BAR,          /* header and key-hint bar */
	TH_BAR_KEY,      /* a key in the hint bar */
	TH_TITLE,        /* a pane's title */
	TH_SELECTED,     /* the selected row */
	TH_CURSOR,       /* the time cursor */
	TH_CURRENT_OP,   /* each actor's current op */
	TH_NEXT_OP,      /* the op the selected actor will do next, in step mode */
	TH_OK,
	TH_BAD,
	TH_WARN,
	TH_MODE_LIVE,
	TH_MODE_STEP,
	TH_MODE_REPLAY,
	TH_HIGHLIGHT,    /* events picked out by the cursor: a wake, a lost update */
	TH_DEADLOCK,     /* the rows of a wait-for cycle */
	TH_MATCH,        /* picker: the filtered-on text */
	TH_ST_FIRST,     /* one role per enum rec_state follows */
	TH_COUNT = TH_ST_FIRST + REC_ST_COUNT,
};

enum theme_glyph {
	GL_SELECT,       /* marks the selected row */
	GL_CURRENT,      /* marks an actor's current op */
	GL_CURSOR,       /* the time cursor */
	GL_ARROW_DOWN,
	GL_ARROW_UP,
	GL_VLINE,
	GL_HLINE,
	GL_TICK,
	GL_ELLIPSIS,
	GL_LOCK,
	GL_OK,
	GL_BAD,
	GL_FOLDED,       /* a family's group row, its members hidden */
	GL_OPENED,       /* a family's group row, its members shown under it */
	GL_STAR,         /* a challenge solved */
	GL_STAR_OPEN,    /* a challenge not solved yet */
	GL_COUNT,
};

/* Sets up the colour pairs (COLOR false: the monochrome scheme). */
void theme_init(bool color);
bool theme_has_colors(void);
/* The attributes (colour pair included) for ROLE. */
attr_t theme_attr(enum theme_role role);
short theme_pair(enum theme_role role);
/* The role of a state. */
enum theme_role theme_state_role(enum rec_state st);
/* The cell glyph for a state on a timeline row (one column wide). */
const wchar_t *theme_state_glyph(enum rec_state st, bool ascii);
const wchar_t *theme_glyph(enum theme_glyph g, bool ascii);
/* The mark an event of KIND leaves on its worker's row (a load, a store, a
 * lock taken, a push, a pop, a say), or NULL when it leaves none. */
const wchar_t *theme_event_glyph(enum rec_kind kind, bool ascii);
/* The legend of those marks: *N event kinds in the order the help lists them,
 * and the name of each (translated). */
const uint8_t *theme_mark_kinds(size_t *n);
const char *theme_mark_name(enum rec_kind kind);
/* A metric strip's cell at LEVEL (0: zero, 1 .. 8: up to the row's peak). */
const wchar_t *theme_level_glyph(int level, bool ascii);

#endif
