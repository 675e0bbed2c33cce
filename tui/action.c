/* action.c: the handlers of the key table's actions, one dispatch table per
 * context (the picker, the scenario view, a help overlay), and the mouse.
 * Handlers return what must happen; app.c's loop does it. */
#include "config.h"

#include "action.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "action-view.h"
#include "catalog.h"
#include "i18n.h"
#include "view-draw.h"
#include "xalloc.h"

/* ---- any context ---------------------------------------------------------- */

static unsigned
action_quit(struct state *s, enum keys_action act)
{
	(void)s;
	(void)act;
	return ACTION_QUIT;
}

/* ---- a help overlay (over the picker or the view) ------------------------- */

static unsigned
action_help_close(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->screen == STATE_PICKER)
		s->picker_help = false;
	else
		s->view.help = false;
	return ACTION_REDRAW;
}

static unsigned
action_help_scroll(struct state *s, enum keys_action act)
{
	int *top = s->screen == STATE_PICKER ? &s->help_top : &s->view.help_top;
	int max = view_help_max_top(LINES - 2);

	*top += act == ACT_SCROLL_UP ? -5 : 5;
	if (*top > max)
		*top = max;
	if (*top < 0)
		*top = 0;
	return ACTION_REDRAW;
}

/* ---- the picker ------------------------------------------------------------ */

static unsigned
action_picker_help(struct state *s, enum keys_action act)
{
	(void)act;
	s->picker_help = true;
	return ACTION_REDRAW;
}

static unsigned
action_picker_back(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->picker.filter[0] == '\0')
		return ACTION_QUIT;
	s->picker.filter[0] = '\0';
	picker_refilter(&s->picker);
	return ACTION_REDRAW;
}

static unsigned
action_picker_move(struct state *s, enum keys_action act)
{
	picker_move(&s->picker, act == ACT_PICK_UP ? -1 : 1);
	return ACTION_REDRAW;
}

static unsigned
action_picker_erase(struct state *s, enum keys_action act)
{
	(void)act;
	picker_erase(&s->picker);
	return ACTION_REDRAW;
}

static unsigned
action_picker_open(struct state *s, enum keys_action act)
{
	const struct picker_item *it = picker_selected(&s->picker);
	struct prog *prog;
	char *err = NULL;

	(void)act;
	if (it == NULL || it->path == NULL)
		return ACTION_NONE;
	prog = catalog_load(it->path, &err);
	if (prog == NULL) {
		free(s->picker.error);
		s->picker.error = err;
		return ACTION_REDRAW;
	}
	s->from_picker = true;
	state_open_prog(s, prog, NULL);
	return ACTION_REDRAW | ACTION_KICK;
}

/* ---- the dispatch tables: a handler per action the key table binds --------- */

static action_fn *const action_picker_table[ACT_COUNT] = {
	[ACT_QUIT] = action_quit,
	[ACT_HELP] = action_picker_help,
	[ACT_BACK] = action_picker_back,
	[ACT_PICK_UP] = action_picker_move,
	[ACT_PICK_DOWN] = action_picker_move,
	[ACT_PICK_OPEN] = action_picker_open,
	[ACT_PICK_ERASE] = action_picker_erase,
};

static action_fn *const action_help_table[ACT_COUNT] = {
	[ACT_QUIT] = action_quit,
	[ACT_HELP] = action_help_close,
	[ACT_BACK] = action_help_close,
	[ACT_SCROLL_UP] = action_help_scroll,
	[ACT_SCROLL_DOWN] = action_help_scroll,
};

static action_fn *const action_view_table[ACT_COUNT] = {
	[ACT_QUIT] = action_quit,
	[ACT_HELP] = action_view_help,
	[ACT_BACK] = action_view_back,
	[ACT_DETAILS] = action_view_details,
	[ACT_GROUP] = action_view_group,
	[ACT_PAUSE] = action_view_pause,
	[ACT_RESTART] = action_view_restart,
	[ACT_FASTER] = action_view_speed,
	[ACT_SLOWER] = action_view_speed,
	[ACT_VARIANT] = action_view_variant,
	[ACT_COMPARE] = action_view_compare,
	[ACT_STEP_MODE] = action_view_step_mode,
	[ACT_STEP] = action_view_step,
	[ACT_STEP_AUTO] = action_view_step_auto,
	[ACT_UNDO] = action_view_undo,
	[ACT_SEL_NEXT] = action_view_select,
	[ACT_SEL_PREV] = action_view_select,
	[ACT_SEL_1] = action_view_select_number, [ACT_SEL_2] = action_view_select_number,
	[ACT_SEL_3] = action_view_select_number, [ACT_SEL_4] = action_view_select_number,
	[ACT_SEL_5] = action_view_select_number, [ACT_SEL_6] = action_view_select_number,
	[ACT_SEL_7] = action_view_select_number, [ACT_SEL_8] = action_view_select_number,
	[ACT_SEL_9] = action_view_select_number,
	[ACT_ZOOM_IN] = action_view_zoom,
	[ACT_ZOOM_OUT] = action_view_zoom,
	[ACT_PAN_LEFT] = action_view_pan,
	[ACT_PAN_RIGHT] = action_view_pan,
	[ACT_FOLLOW] = action_view_follow,
	[ACT_START] = action_view_start,
	[ACT_END] = action_view_end,
	[ACT_CURSOR_LEFT] = action_view_cursor,
	[ACT_CURSOR_RIGHT] = action_view_cursor,
	[ACT_PREV_EVENT] = action_view_event,
	[ACT_NEXT_EVENT] = action_view_event,
	[ACT_PROGRAM] = action_view_program,
	[ACT_MAN] = action_view_man,
	[ACT_HINT] = action_view_hint,
};

static action_fn *const action_ask_table[ACT_COUNT] = {
	[ACT_QUIT] = action_quit,
	[ACT_HELP] = action_ask_help,
	[ACT_BACK] = action_ask_skip,
	[ACT_ASK_PREV] = action_ask_move,
	[ACT_ASK_NEXT] = action_ask_move,
	[ACT_ASK_ANSWER] = action_ask_answer,
	[ACT_ASK_ERASE] = action_ask_erase,
};

/* The dispatch table of CONTEXT (one KC_* bit), or NULL. */
static action_fn *const *
action_table(unsigned context)
{
	switch (context) {
	case KC_PICKER: return action_picker_table;
	case KC_VIEW: return action_view_table;
	case KC_HELP: return action_help_table;
	case KC_ASK: return action_ask_table;
	default: return NULL;
	}
}

bool
action_handles(unsigned context, enum keys_action act)
{
	action_fn *const *t = action_table(context);

	return t != NULL && (int)act > ACT_NONE && act < ACT_COUNT && t[act] != NULL;
}

/* Looks KEY up in the key table for CONTEXT and does what it is bound to; false when nothing is. */
static bool
action_key(struct state *s, unsigned context, const struct crt_event *ev, unsigned *what)
{
	enum keys_action act = keys_find(context, ev->key, ev->fkey);

	if (!action_handles(context, act))
		return false;
	*what = action_table(context)[act](s, act);
	return true;
}

static unsigned
action_picker_input(struct state *s, const struct crt_event *ev)
{
	unsigned what = ACTION_NONE;

	if (ev->kind != CRT_KEY)
		return ACTION_NONE;
	if (s->picker_help) {
		action_key(s, KC_HELP, ev, &what);
		return what;
	}
	if (action_key(s, KC_PICKER, ev, &what))
		return what;
	/* Any other character is typed into the filter. */
	if (!ev->fkey && ev->key >= 32 && ev->key != 127) {
		picker_type(&s->picker, ev->key);
		return ACTION_REDRAW;
	}
	return ACTION_NONE;
}

/* A question on screen: its keys, and characters typed as the answer. */
static unsigned
action_ask_input(struct state *s, const struct crt_event *ev)
{
	unsigned what = ACTION_NONE;

	if (action_key(s, KC_ASK, ev, &what))
		return what;
	if (!ev->fkey && learn_ask_type(&s->learn, ev->key))
		return ACTION_REDRAW;
	return ACTION_NONE;
}

/* A click selects the row and puts the cursor there; the wheel pans. */
static unsigned
action_view_mouse(struct state *s, const struct crt_event *ev)
{
	struct view *v = &s->view;
	uint64_t t;
	int a;

	if (v->help || v->compare)
		return ACTION_NONE;
	if (ev->button == CRT_WHEEL_UP || ev->button == CRT_WHEEL_DOWN) {
		v->status[0] = '\0';
		return action_view_pan(s, ev->button == CRT_WHEEL_UP ? ACT_PAN_LEFT : ACT_PAN_RIGHT);
	}
	a = view_sel_at(v, ev->mouse_y);
	if (a != -1)
		v->sel = a;
	if ((a != -1 || ev->mouse_y == v->lay.ruler_y) && view_time_at(v, ev->mouse_x, &t)) {
		v->cursor_on = true;
		v->cursor = t;
	}
	return ACTION_REDRAW;
}

unsigned
action_input(struct state *s, const struct crt_event *ev)
{
	unsigned what = ACTION_NONE;

	if (ev->kind == CRT_RESIZE)
		return ACTION_RESIZE | ACTION_REDRAW;
	if (s->screen == STATE_PICKER)
		return action_picker_input(s, ev);
	if (ev->kind == CRT_MOUSE)
		return action_view_mouse(s, ev);
	if (crt_too_small())
		return keys_find(KC_VIEW, ev->key, ev->fkey) == ACT_QUIT ? ACTION_QUIT : ACTION_NONE;
	/* Any key takes the last message off the hint line. */
	s->view.status[0] = '\0';
	if (!s->view.help && learn_asking(&s->learn))
		return action_ask_input(s, ev);
	action_key(s, s->view.help ? KC_HELP : KC_VIEW, ev, &what);
	return what;
}
