/* picker.h: the scenario picker: the list, the typed filter, the selection,
 * and the learner's progress on each (lesson seen, questions answered,
 * challenges solved).
 *
 * picker.c calls: crt.c, draw.c, keys.c (the hint bar's keys), theme.c,
 * progress (src/).
 * Called by: state.c, action.c, app.c, catalog.c.
 */
#ifndef KS_PICKER_H
#define KS_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "progress.h"

/* What a scenario's variant asks of the learner, for the progress marks. */
struct picker_variant {
	char *name;
	size_t nquestions;
	bool challenge;
};

struct picker_item {
	char *name;
	char *title;
	char *summary;
	char *path;
	int lesson;           /* its lesson in kitchensync-tutorial(7), or 0 */
	struct picker_variant *variants;  /* those with questions or a challenge */
	size_t nvariants;
};

struct picker {
	struct picker_item *items;
	size_t nitems, aitems;
	char filter[64];
	size_t *shown;        /* indices of the items the filter lets through */
	size_t nshown;
	size_t sel;           /* index into shown */
	size_t top;           /* first shown row on screen */
	char *error;          /* why the list is empty, or NULL */
	const struct progress *progress;  /* the learner's progress (borrowed), or NULL: no marks */
	char *note;           /* a warning over the list (a damaged progress file), or NULL */
};

void picker_init(struct picker *p);
void picker_done(struct picker *p);
/* Adds an item (copies the strings). */
void picker_add(struct picker *p, const char *name, const char *title, const char *summary,
    const char *path);
/* Notes that the last item added has variant NAME with NQUESTIONS questions and maybe a challenge. */
void picker_add_variant(struct picker *p, const char *name, size_t nquestions, bool challenge);
/* The progress marks of IT into BUF (UTF-8; ASCII glyphs when ASCII): "✓ ?1/2 ★5". */
const char *picker_marks(const struct picker *p, const struct picker_item *it, bool ascii, char *buf,
    size_t size);
/* Puts the items in lesson order (the tutorial's LESSON numbers; items without
 * a lesson after them), by name within a lesson. */
void picker_sort(struct picker *p);
/* Empties the filter, keeping the selected item selected. */
void picker_clear_filter(struct picker *p);
/* Fills the list with the built-in and KITCHENSYNC_PATH scenarios. */
void picker_load(struct picker *p);
/* Applies the filter again (after typing): the items whose name matches first,
 * then those whose title or summary does, each in list order. */
void picker_refilter(struct picker *p);
/* Typing: appends a character (UTF-8 encoded) or erases the last one. */
void picker_type(struct picker *p, int wc);
void picker_erase(struct picker *p);
void picker_move(struct picker *p, int delta);
/* The selected item, or NULL. */
const struct picker_item *picker_selected(const struct picker *p);
/* Draws the picker on stdscr. */
void picker_draw(struct picker *p);

#endif
