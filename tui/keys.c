/* keys.c: the key table.  Keys follow htop, tmux, tokio-console and Perfetto
 * where they do not clash: space pauses, q quits, ? and F1 help, Enter details,
 * Esc back, arrows move, Home/End jump. */
#include "config.h"

#include "keys.h"

#include <curses.h>
#include <string.h>

#include "i18n.h"
#include "tui.h"

#define CTRL(c) ((c) & 0x1f)

/*
 * Each line of help is an entry with a help text; the entries right after it
 * with help == NULL are more keys for the same action and context.
 */
static const struct keys_entry keys_entries[] = {
	{ '?', false, "?", KC_ALL, ACT_HELP, N_("show or hide this help") },
	{ KEY_F(1), true, "F1", KC_ALL, ACT_HELP, NULL },
	{ 'q', false, "q", KC_VIEW | KC_HELP | KC_PICKER, ACT_QUIT, N_("quit") },
	{ KEY_F(10), true, "F10", KC_ALL, ACT_QUIT, NULL },
	{ CTRL('c'), false, "Ctrl-C", KC_ALL, ACT_QUIT, NULL },
	{ 27, false, "Esc", KC_ALL, ACT_BACK, N_("back: close what is open, skip a question; then the picker") },
	{ ' ', false, "Space", KC_VIEW, ACT_PAUSE, N_("pause or resume the run") },
	{ 'r', false, "r", KC_VIEW, ACT_RESTART, N_("restart the run from the beginning") },
	{ '+', false, "+", KC_VIEW, ACT_FASTER, N_("faster (live mode)") },
	{ '=', false, "=", KC_VIEW, ACT_FASTER, NULL },
	{ '-', false, "-", KC_VIEW, ACT_SLOWER, N_("slower (live mode)") },
	{ 'v', false, "v", KC_VIEW, ACT_VARIANT, N_("switch to the next variant") },
	{ 'c', false, "c", KC_VIEW, ACT_COMPARE, N_("compare all variants stacked on one time axis") },
	{ 's', false, "s", KC_VIEW, ACT_STEP_MODE, N_("step mode on or off") },
	{ 'n', false, "n", KC_VIEW, ACT_STEP, N_("step: the selected actor does its next op") },
	{ '.', false, ".", KC_VIEW, ACT_STEP, NULL },
	{ 'a', false, "a", KC_VIEW, ACT_STEP_AUTO, N_("step: let the scheduling policy pick who moves") },
	{ 'u', false, "u", KC_VIEW, ACT_UNDO, N_("undo the last step (re-runs the same schedule, one shorter)") },
	{ KEY_DOWN, true, "Down", KC_VIEW, ACT_SEL_NEXT, N_("select the next actor") },
	{ '\t', false, "Tab", KC_VIEW, ACT_SEL_NEXT, NULL },
	{ 'j', false, "j", KC_VIEW, ACT_SEL_NEXT, NULL },
	{ KEY_UP, true, "Up", KC_VIEW, ACT_SEL_PREV, N_("select the previous actor") },
	{ KEY_BTAB, true, "Shift-Tab", KC_VIEW, ACT_SEL_PREV, NULL },
	{ 'k', false, "k", KC_VIEW, ACT_SEL_PREV, NULL },
	{ '1', false, "1-9", KC_VIEW, ACT_SEL_1, N_("select actor 1 to 9") },
	{ '2', false, NULL, KC_VIEW, ACT_SEL_2, NULL },
	{ '3', false, NULL, KC_VIEW, ACT_SEL_3, NULL },
	{ '4', false, NULL, KC_VIEW, ACT_SEL_4, NULL },
	{ '5', false, NULL, KC_VIEW, ACT_SEL_5, NULL },
	{ '6', false, NULL, KC_VIEW, ACT_SEL_6, NULL },
	{ '7', false, NULL, KC_VIEW, ACT_SEL_7, NULL },
	{ '8', false, NULL, KC_VIEW, ACT_SEL_8, NULL },
	{ '9', false, NULL, KC_VIEW, ACT_SEL_9, NULL },
	{ 'z', false, "z", KC_VIEW, ACT_ZOOM_IN, N_("zoom in (around the cursor)") },
	{ 'Z', false, "Z", KC_VIEW, ACT_ZOOM_OUT, N_("zoom out") },
	{ KEY_LEFT, true, "Left", KC_VIEW, ACT_PAN_LEFT, N_("pan back in time") },
	{ KEY_RIGHT, true, "Right", KC_VIEW, ACT_PAN_RIGHT, N_("pan forward in time") },
	{ 'f', false, "f", KC_VIEW, ACT_FOLLOW, N_("follow the live end on or off") },
	{ KEY_HOME, true, "Home", KC_VIEW, ACT_START, N_("jump to the start") },
	{ 'g', false, "g", KC_VIEW, ACT_START, NULL },
	{ KEY_END, true, "End", KC_VIEW, ACT_END, N_("jump to the end and follow") },
	{ 'G', false, "G", KC_VIEW, ACT_END, NULL },
	{ '[', false, "[", KC_VIEW, ACT_CURSOR_LEFT, N_("move the time cursor back one column") },
	{ ']', false, "]", KC_VIEW, ACT_CURSOR_RIGHT, N_("move the time cursor forward one column") },
	{ '{', false, "{", KC_VIEW, ACT_PREV_EVENT, N_("cursor to the selected actor's previous event") },
	{ '}', false, "}", KC_VIEW, ACT_NEXT_EVENT, N_("cursor to the selected actor's next event") },
	{ '\r', false, "Enter", KC_VIEW, ACT_DETAILS, N_("details under the cursor (a group row: open or fold it)") },
	{ KEY_ENTER, true, NULL, KC_VIEW, ACT_DETAILS, NULL },
	{ '\n', false, NULL, KC_VIEW, ACT_DETAILS, NULL },
	{ 'p', false, "p", KC_VIEW, ACT_PROGRAM, N_("program pane: every actor side by side, or the selected") },
	{ 'e', false, "e", KC_VIEW, ACT_GROUP, N_("open or fold the selected family's group row") },
	{ 'h', false, "h", KC_VIEW, ACT_HINT, N_("challenge: a hint, and who moves next on a shortest way") },
	{ KEY_UP, true, "Up", KC_ASK, ACT_ASK_PREV, N_("question: the previous choice") },
	{ KEY_DOWN, true, "Down", KC_ASK, ACT_ASK_NEXT, N_("question: the next choice (or type its number or letter)") },
	{ '\r', false, "Enter", KC_ASK, ACT_ASK_ANSWER, N_("question: answer with the choice, or with the number typed") },
	{ KEY_ENTER, true, NULL, KC_ASK, ACT_ASK_ANSWER, NULL },
	{ '\n', false, NULL, KC_ASK, ACT_ASK_ANSWER, NULL },
	{ KEY_BACKSPACE, true, "Backspace", KC_ASK, ACT_ASK_ERASE, N_("question: erase what was typed, one character") },
	{ 127, false, NULL, KC_ASK, ACT_ASK_ERASE, NULL },
	{ 8, false, NULL, KC_ASK, ACT_ASK_ERASE, NULL },
	{ KEY_UP, true, "Up", KC_HELP, ACT_SCROLL_UP, N_("help: scroll up") },
	{ KEY_PPAGE, true, NULL, KC_HELP, ACT_SCROLL_UP, NULL },
	{ KEY_DOWN, true, "Down", KC_HELP, ACT_SCROLL_DOWN, N_("help: scroll down") },
	{ KEY_NPAGE, true, NULL, KC_HELP, ACT_SCROLL_DOWN, NULL },
	{ ' ', false, "Space", KC_HELP, ACT_SCROLL_DOWN, NULL },
	{ 'm', false, "m", KC_VIEW, ACT_MAN, N_("read this scenario's lesson in kitchensync-tutorial(7)") },
	{ KEY_UP, true, "Up", KC_PICKER, ACT_PICK_UP, N_("picker: previous scenario") },
	{ KEY_DOWN, true, "Down", KC_PICKER, ACT_PICK_DOWN, N_("picker: next scenario") },
	{ '\r', false, "Enter", KC_PICKER, ACT_PICK_OPEN, N_("picker: open the scenario") },
	{ KEY_ENTER, true, NULL, KC_PICKER, ACT_PICK_OPEN, NULL },
	{ '\n', false, NULL, KC_PICKER, ACT_PICK_OPEN, NULL },
	{ KEY_BACKSPACE, true, "Backspace", KC_PICKER, ACT_PICK_ERASE, N_("picker: erase a letter of the filter (type to filter)") },
	{ 127, false, NULL, KC_PICKER, ACT_PICK_ERASE, NULL },
	{ 8, false, NULL, KC_PICKER, ACT_PICK_ERASE, NULL },
};

#define N_ENTRIES (sizeof keys_entries / sizeof keys_entries[0])

enum keys_action
keys_find(unsigned context, int key, bool fkey)
{
	for (size_t i = 0; i < N_ENTRIES; i++) {
		const struct keys_entry *e = &keys_entries[i];
		if (e->key == key && e->fkey == fkey && (e->contexts & context))
			return e->action;
	}
	return ACT_NONE;
}

const struct keys_entry *
keys_table(size_t *n)
{
	*n = N_ENTRIES;
	return keys_entries;
}

const char *
keys_labels(size_t i, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (size_t j = i; j < N_ENTRIES; j++) {
		const char *l = keys_entries[j].label;
		if (j > i && keys_entries[j].help != NULL)
			break;
		if (l == NULL)
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", l);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return buf;
}

const char *
keys_label_of(unsigned context, enum keys_action action)
{
	for (size_t i = 0; i < N_ENTRIES; i++)
		if (keys_entries[i].action == action && (keys_entries[i].contexts & context) &&
		    keys_entries[i].label != NULL)
			return keys_entries[i].label;
	return "?";
}

void
keys_print(FILE *out)
{
	char labels[64];

	for (size_t i = 0; i < N_ENTRIES; i++) {
		if (keys_entries[i].help == NULL)
			continue;
		fprintf(out, "%s\t%s\n", keys_labels(i, labels, sizeof labels), _(keys_entries[i].help));
	}
}

void
tui_keys_print(FILE *out)
{
	keys_print(out);
}
