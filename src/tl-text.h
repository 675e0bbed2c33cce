/* tl-text.h: the headless timeline: the model printed as text, one character a column.
 *
 * The exact layout is written down in man/timeline-layout.txt (and in the
 * comment at the top of tl-text.c); golden tests compare against it.
 */
#ifndef KS_TL_TEXT_H
#define KS_TL_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

#include "rec.h"
#include "tl.h"

enum tl_text_color {
	TL_COLOR_AUTO,
	TL_COLOR_ALWAYS,
	TL_COLOR_NEVER,
};

struct tl_text_opts {
	int width;         /* the whole line's width in columns; <= 0: 100 */
	bool ascii;        /* only ASCII glyphs (names and narration stay as written) */
	bool color;        /* ANSI colours as well as glyphs */
	const char *lang;  /* language for narration and titles (prog_text_get); NULL: untranslated */
};

/*
 * How a worker's state is drawn: the one table that the headless timeline,
 * the terminal UI (tui/theme.c) and its help overlay read, and that
 * kitchensync(1)'s "States and glyphs" table is checked against
 * (tests/check_tl).
 */
struct tl_text_glyph {
	const char *u, *a;          /* the glyph in UTF-8, and its ASCII fallback */
	const wchar_t *wu, *wa;     /* the same, wide (for curses) */
	const char *sgr;            /* the headless timeline's ANSI colour, or NULL */
	const char *colour;         /* that colour in words, as kitchensync(1) gives it */
	const char *name;           /* the legend's name, marked N_(): translate it to print */
};

/* The glyph of state ST; NULL when ST is out of range. */
const struct tl_text_glyph *tl_text_glyph(enum rec_state st);
/* The states in the legend's order (*N of them; the last two, timed out and
 * refused, are listed only when the variant has families). */
const uint8_t *tl_text_legend_states(size_t *n);

/* "auto", "always" or "never" into *OUT; -1 when S is none of them. */
int tl_text_color_parse(const char *s, enum tl_text_color *out);
/* Whether to colour output to FD: never; always; auto = FD is a terminal, TERM is not
 * "dumb" and NO_COLOR is unset or empty.  NO_COLOR wins over auto only. */
bool tl_text_color_use(enum tl_text_color c, int fd);
/* Whether the locale's character set is UTF-8 (when not, commands default to ASCII). */
bool tl_text_utf8_locale(void);
/* The terminal's width on FD, else $COLUMNS, else 100. */
int tl_text_default_width(int fd);
/* Metric M's value V as the timeline writes it beside its strip: "12", "840/s", "64.6ms",
 * "1.5 MiB" or "357 KiB" (below a MiB, so a small figure does not read 0.0). */
void tl_text_metric_value(char *buf, size_t size, enum tl_metric m, double v);
/* Display width of the UTF-8 string S (a CJK character is 2 columns). */
int tl_text_width(const char *s);

/*
 * Crowds.  A family (struct prog_family) of more than TL_TEXT_FAMILY_ROWS
 * members is drawn as one group row where its first member would be: label
 * "* KIND NAME ×COUNT" ("x" with --ascii), and in each column the glyph of
 * the state tl_group_pick() picks from the members' time in each state
 * there (any deadlock; else the busiest active state; else done, timed out,
 * refused, failed or not started, whichever holds the most member-time).
 * Smaller families keep one row per member.  In the CPU lanes a grouped
 * member's key is "*".  After the actor rows come metric rows, one strip
 * each (a column's value against the row's peak: 8 steps ▁..█, or 1..9 with
 * --ascii; blank where it is 0 or unknown): per family that had arrivals or
 * exits, "NAME in flight", "NAME done/s", "NAME latency p50" and "... p99";
 * then "threads" and "memory" when the run sampled them (tl.h,
 * enum tl_metric, says what a column's value is).  After the legend, each
 * metric row's peak.
 */
#define TL_TEXT_FAMILY_ROWS 4

/* Prints the header, ruler, actor rows (or group rows), metric rows, CPU lanes, legend and narration. */
void tl_text_print(FILE *out, const struct tl *tl, const struct tl_text_opts *o);
/*
 * Prints the outcome the events tell (how the run ended, each actor's last
 * state -- for a family drawn as one row, how many members ended in each
 * state --, per family its arrivals, exits, timeouts, refusals and latency,
 * final values, expectations, deadlocks, failures, drops) and the verdict's
 * headline, and returns the verdict's exit status: what the run itself had.
 */
int tl_text_outcome(FILE *out, const struct tl *tl, const struct tl_text_opts *o);

#endif
