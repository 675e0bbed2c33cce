/* keys.h: the one key table: it drives dispatch, the help overlay and the man page's list.
 *
 * A key is looked up here (keys_find) for the context it was typed in; the
 * action found is done by action.c's dispatch table for that context.  The
 * help overlay (view-help.c), `kitchensync --keys` (keys_print, which
 * kitchensync(1)'s KEYS section is checked against) and every key named on
 * screen (keys_label_of) read this same table.
 *
 * keys.c calls nothing.  Called by: action.c, action-view.c, picker.c,
 * view-bar.c, view-panes.c, view-compare.c, view-help.c, view-learn.c; src/main.c through
 * tui_keys_print() (tui.h).
 */
#ifndef KS_KEYS_H
#define KS_KEYS_H

#include <stdbool.h>
#include <stdio.h>

enum keys_action {
	ACT_NONE,
	ACT_QUIT,
	ACT_HELP,
	ACT_BACK,
	ACT_DETAILS,
	ACT_PAUSE,
	ACT_RESTART,
	ACT_FASTER,
	ACT_SLOWER,
	ACT_VARIANT,
	ACT_COMPARE,
	ACT_STEP_MODE,
	ACT_STEP,
	ACT_STEP_AUTO,
	ACT_UNDO,
	ACT_SEL_NEXT,
	ACT_SEL_PREV,
	ACT_SEL_1, ACT_SEL_2, ACT_SEL_3, ACT_SEL_4, ACT_SEL_5,
	ACT_SEL_6, ACT_SEL_7, ACT_SEL_8, ACT_SEL_9,
	ACT_ZOOM_IN,
	ACT_ZOOM_OUT,
	ACT_PAN_LEFT,
	ACT_PAN_RIGHT,
	ACT_FOLLOW,
	ACT_START,
	ACT_END,
	ACT_CURSOR_LEFT,
	ACT_CURSOR_RIGHT,
	ACT_NEXT_EVENT,
	ACT_PREV_EVENT,
	ACT_PROGRAM,
	ACT_GROUP,
	ACT_MAN,
	ACT_PICK_UP,
	ACT_PICK_DOWN,
	ACT_PICK_OPEN,
	ACT_PICK_ERASE,
	ACT_SCROLL_UP,
	ACT_SCROLL_DOWN,
	ACT_HINT,
	ACT_ASK_PREV,
	ACT_ASK_NEXT,
	ACT_ASK_ANSWER,
	ACT_ASK_ERASE,
	ACT_COUNT,
};

/* Where a binding applies. */
enum keys_context {
	KC_PICKER = 1u << 0,
	KC_VIEW = 1u << 1,
	KC_HELP = 1u << 2,
	KC_ASK = 1u << 3,   /* a question asked before a run */
	KC_ALL = KC_PICKER | KC_VIEW | KC_HELP | KC_ASK,
};

struct keys_entry {
	int key;            /* a character or a KEY_* code */
	bool fkey;          /* key is a KEY_* code */
	const char *label;  /* how the key is written; several bindings of one action share a line */
	unsigned contexts;
	enum keys_action action;
	const char *help;   /* N_(): the help line; NULL on extra bindings of the same line */
};

/* The action KEY has in CONTEXT, or ACT_NONE. */
enum keys_action keys_find(unsigned context, int key, bool fkey);
/* The table, for the help overlay. */
const struct keys_entry *keys_table(size_t *n);
/* The labels of every binding of the entry I joined by ", " into BUF (the help overlay's key column). */
const char *keys_labels(size_t i, char *buf, size_t size);
/* The first label bound to ACTION in CONTEXT ("?" when none). */
const char *keys_label_of(unsigned context, enum keys_action action);
/* Writes the key list, one "KEYS<TAB>help" per line, for the man page. */
void keys_print(FILE *out);

#endif
