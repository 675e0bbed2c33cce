/* action-view.c: what the scenario view's keys do to the state. */
#include "config.h"

#include "action-view.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "i18n.h"
#include "keys.h"
#include "run.h"
#include "view-text.h"
#include "xalloc.h"

unsigned
action_view_help(struct state *s, enum keys_action act)
{
	(void)act;
	s->view.help = true;
	return ACTION_REDRAW;
}

/* Esc: closes the innermost thing open; at last, back to the picker. */
unsigned
action_view_back(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;

	(void)act;
	if (s->learn.box)
		s->learn.box = false;  /* the success or the answers: read, closed */
	else if (v->details)
		v->details = false;
	else if (v->compare)
		state_compare_stop(s);
	else if (v->cursor_on)
		v->cursor_on = false;
	else if (s->from_picker) {
		state_close_prog(s);
		s->screen = STATE_PICKER;
		picker_clear_filter(&s->picker);
	}
	return ACTION_REDRAW;
}

unsigned
action_view_details(struct state *s, enum keys_action act)
{
	if (VIEW_SEL_IS_GROUP(s->view.sel))
		return action_view_group(s, act);  /* a group row's details are its members */
	s->view.details = !s->view.details;
	return ACTION_REDRAW;
}

/* Opens or folds the selected family's group row (a member selected: its family's). */
unsigned
action_view_group(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	int f = VIEW_SEL_IS_GROUP(v->sel) ? VIEW_SEL_FAMILY(v->sel) :
	    v->sel >= 0 && (size_t)v->sel < v->var->nactors ? v->var->actors[v->sel].family : -1;

	(void)act;
	if (!view_toggle_group(v, f)) {
		state_status(s, _("select a family's group row first (%s)"), keys_label_of(KC_VIEW, ACT_SEL_NEXT));
		return ACTION_REDRAW;
	}
	v->sel = v->open[f] ? v->sel : VIEW_SEL_GROUP(f);  /* folding a member's family selects the group */
	return ACTION_REDRAW;
}

unsigned
action_view_pause(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;

	(void)act;
	if (v->mode == VIEW_LIVE && s->run && !run_ended(s->run)) {
		v->paused = !v->paused;
		if (v->paused)
			run_pause(s->run);
		else
			run_resume(s->run);
		return ACTION_REDRAW | ACTION_KICK;
	}
	if (v->mode == VIEW_STEP)
		state_status(s, _("step mode: %s steps the selected actor, %s lets the policy pick, %s goes live"),
		    keys_label_of(KC_VIEW, ACT_STEP), keys_label_of(KC_VIEW, ACT_STEP_AUTO),
		    keys_label_of(KC_VIEW, ACT_STEP_MODE));
	return ACTION_REDRAW;
}

/* Starts VARIANT again from the beginning. */
static unsigned
action_view_restart_variant(struct state *s, int variant)
{
	state_start(s, variant, NULL, 0);
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_view_restart(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->replay)
		return ACTION_NONE;
	return action_view_restart_variant(s, s->view.variant);
}

unsigned
action_view_speed(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;

	if (s->replay)
		return ACTION_NONE;
	s->speed = act == ACT_FASTER ? s->speed * 2 : s->speed / 2;
	if (s->speed > 64)
		s->speed = 64;
	if (s->speed < 1.0 / 64)
		s->speed = 1.0 / 64;
	v->speed = s->speed;
	/* A finished run restarts at once; a running one changes pace from its next wait. */
	if (v->finished && v->mode == VIEW_LIVE) {
		action_view_restart_variant(s, v->variant);
		state_status(s, _("speed x%.3g: restarted"), s->speed);
		return ACTION_REDRAW | ACTION_KICK;
	}
	if (s->run)
		run_set_speed(s->run, s->speed);
	state_status(s, _("speed x%.3g: from the next step on"), s->speed);
	return ACTION_REDRAW;
}

unsigned
action_view_variant(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->replay || s->prog->nvariants < 2)
		return ACTION_NONE;
	state_open_variant(s, (s->view.variant + 1) % (int)s->prog->nvariants);
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_view_compare(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->replay)
		return ACTION_NONE;
	if (s->view.compare) {
		state_compare_stop(s);
		return ACTION_REDRAW;
	}
	state_compare_start(s);
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_view_step_mode(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->replay)
		return ACTION_NONE;
	s->step = !s->step;
	if (!learn_has_challenge(&s->learn))
		s->step_chosen = s->step;
	action_view_restart_variant(s, s->view.variant);
	if (s->step)
		state_status(s, _("step mode: the run restarted; %s steps the selected actor"),
		    keys_label_of(KC_VIEW, ACT_STEP));
	else
		state_status(s, _("live mode: the run restarted"));
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_view_step(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;

	(void)act;
	if (v->mode != VIEW_STEP || !s->run) {
		state_status(s, _("press %s for step mode first"), keys_label_of(KC_VIEW, ACT_STEP_MODE));
		return ACTION_REDRAW;
	}
	if (VIEW_SEL_IS_GROUP(v->sel)) {
		/* a family: the first member that can take a step */
		const struct prog_family *pf = &v->var->families[VIEW_SEL_FAMILY(v->sel)];
		for (int a = pf->first; a < pf->first + pf->count; a++)
			if (run_grant(s->run, a)) {
				v->steps++;
				s->learn.hint = false;  /* it was for where the run stood before */
				return ACTION_REDRAW | ACTION_KICK;
			}
		state_status(s, _("no member of %s is waiting for a step"), pf->name);
	} else if (run_grant(s->run, v->sel)) {
		v->steps++;
		s->learn.hint = false;
	} else
		state_status(s, _("%s is not waiting for a step (it is blocked, busy or done)"),
		    view_actor_name(v->var, v->sel));
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_view_step_auto(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	int a;

	(void)act;
	if (v->mode != VIEW_STEP || !s->run) {
		state_status(s, _("press %s for step mode first"), keys_label_of(KC_VIEW, ACT_STEP_MODE));
		return ACTION_REDRAW;
	}
	a = run_grant_auto(s->run);
	if (a >= 0) {
		v->steps++;
		s->learn.hint = false;
		state_status(s, _("the policy picked %s"), view_actor_name(v->var, a));
	} else {
		state_status(s, _("nobody is waiting for a step"));
	}
	return ACTION_REDRAW | ACTION_KICK;
}

/* Undo: the same schedule again, one grant shorter. */
unsigned
action_view_undo(struct state *s, enum keys_action act)
{
	size_t n;
	const int *h;
	int *copy;
	unsigned steps;

	(void)act;
	if (s->view.mode != VIEW_STEP || !s->run)
		return ACTION_NONE;
	h = run_history(s->run, &n);
	if (n == 0) {
		state_status(s, _("nothing to undo"));
		return ACTION_REDRAW;
	}
	copy = xcalloc(n, sizeof *copy);
	memcpy(copy, h, n * sizeof *copy);
	steps = (unsigned)(n - 1);
	state_start(s, s->view.variant, copy, n - 1);
	free(copy);
	s->view.steps = steps;
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_view_select(struct state *s, enum keys_action act)
{
	view_select_delta(&s->view, act == ACT_SEL_NEXT ? 1 : -1);
	return ACTION_REDRAW;
}

unsigned
action_view_select_number(struct state *s, enum keys_action act)
{
	view_select_number(&s->view, 1 + (int)(act - ACT_SEL_1));
	return ACTION_REDRAW;
}

/* The visible span, made explicit (the "whole run" zoom has span 0). */
static uint64_t
action_view_span(const struct view *v)
{
	uint64_t t0, t1;

	view_window(v, &t0, &t1);
	return t1 - t0;
}

unsigned
action_view_zoom(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	uint64_t span = action_view_span(v), mid, t0, t1;
	size_t first, n;
	int max_sw;

	if (view_steps(v, v->lay.cells_w, &first, &n, &max_sw)) {
		/* a step axis zooms in steps: half as many, or twice as many, around the cursor */
		size_t nsteps = tl_nsteps(v->tl), at = v->cursor_on ? tl_step_at(v->tl, v->cursor) : first + n;
		n = act == ACT_ZOOM_IN ? (n > 2 ? n / 2 : 1) : n * 2;
		if (act == ACT_ZOOM_OUT && n >= nsteps) {
			v->step_n = 0;
			v->follow = true;
			return ACTION_REDRAW;
		}
		v->step_n = n;
		if (!v->follow || v->cursor_on) {
			v->follow = false;
			size_t k = at ? at - 1 : 0;
			v->step_first = k > n / 2 ? k - n / 2 : 0;
		}
		return ACTION_REDRAW;
	}
	view_window(v, &t0, &t1);
	mid = v->cursor_on ? v->cursor : t0 + span / 2;
	span = act == ACT_ZOOM_IN ? span / 2 : span * 2;
	if (span < 10000)
		span = 10000;
	if (act == ACT_ZOOM_OUT && span >= view_end(v) - tl_t_begin(v->tl) + 1) {
		v->span = 0;  /* the whole run */
		v->follow = true;
		return ACTION_REDRAW;
	}
	v->span = span;
	if (!v->follow || v->cursor_on) {
		v->follow = false;
		v->left = mid > span / 2 ? mid - span / 2 : 0;
	}
	return ACTION_REDRAW;
}

unsigned
action_view_pan(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	uint64_t span = action_view_span(v), step, t0, t1;
	size_t first, n;
	int max_sw;

	if (view_steps(v, v->lay.cells_w, &first, &n, &max_sw)) {
		size_t by = n / 4 ? n / 4 : 1;
		v->step_n = n;
		v->follow = false;
		v->step_first = act == ACT_PAN_LEFT ? (first > by ? first - by : 0) : first + by;
		if (act == ACT_PAN_RIGHT && v->step_first + n >= tl_nsteps(v->tl))
			v->follow = true;
		return ACTION_REDRAW;
	}
	view_window(v, &t0, &t1);
	step = span / 4 ? span / 4 : 1;
	v->span = span;
	v->follow = false;
	if (act == ACT_PAN_LEFT)
		v->left = t0 > tl_t_begin(v->tl) + step ? t0 - step : tl_t_begin(v->tl);
	else
		v->left = t0 + step;
	if (v->left + span >= view_end(v) && act == ACT_PAN_RIGHT)
		v->follow = true;
	return ACTION_REDRAW;
}

unsigned
action_view_follow(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	uint64_t t0, t1;

	(void)act;
	v->follow = !v->follow;
	if (!v->follow) {
		view_window(v, &t0, &t1);
		v->left = t0;
		v->span = t1 - t0;
	}
	state_status(s, v->follow ? _("following the live end") : _("not following"));
	return ACTION_REDRAW;
}

unsigned
action_view_start(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	uint64_t t0, t1;

	(void)act;
	view_window(v, &t0, &t1);
	v->span = t1 - t0;
	v->follow = false;
	v->left = tl_t_begin(v->tl);
	v->step_first = 0;
	if (v->cursor_on)
		v->cursor = v->left;
	return ACTION_REDRAW;
}

unsigned
action_view_end(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;

	(void)act;
	v->follow = true;
	if (v->cursor_on)
		v->cursor = view_end(v);
	return ACTION_REDRAW;
}

/* Brings the step at the cursor into a step axis's window. */
static void
action_view_show_cursor_step(struct view *v)
{
	size_t first, n, k;
	int max_sw;

	if (!view_steps(v, v->lay.cells_w, &first, &n, &max_sw))
		return;
	k = tl_step_at(v->tl, v->cursor);
	k = k > 0 ? k - 1 : 0;
	if (k >= first && k < first + n)
		return;
	v->step_n = n;
	v->follow = false;
	v->step_first = k < first ? k : k + 1 - n;
}

/* [ and ] on a step axis: the cursor to the start of the previous or next step (DIR). */
static void
action_view_cursor_step(struct view *v, int dir)
{
	size_t k, nsteps = tl_nsteps(v->tl);

	if (!v->cursor_on) {
		v->cursor_on = true;
		v->cursor = tl_step_t(v->tl, nsteps - 1);
	} else {
		k = tl_step_at(v->tl, v->cursor);  /* the step at the cursor is k - 1 */
		if (dir < 0)
			k = k >= 2 ? k - 2 : 0;
		else
			k = k < nsteps ? k : nsteps - 1;
		v->cursor = tl_step_t(v->tl, k);
	}
	action_view_show_cursor_step(v);
}

/* [ and ]: the cursor one column (of the last frame's timeline) back or on. */
unsigned
action_view_cursor(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	uint64_t t0, t1, col, begin = tl_t_begin(v->tl), end = view_end(v);
	int cols = act == ACT_CURSOR_LEFT ? -1 : 1;

	if (tl_step_clock(v->tl) && tl_nsteps(v->tl) > 0) {
		action_view_cursor_step(v, cols);
		return ACTION_REDRAW;
	}
	view_window(v, &t0, &t1);
	col = (t1 - t0) / (uint64_t)(v->lay.cells_w > 0 ? v->lay.cells_w : 80);
	if (col == 0)
		col = 1;
	if (!v->cursor_on) {
		v->cursor_on = true;
		v->cursor = end > t0 ? end - (end > col ? col / 2 : 0) : t0;
		if (v->cursor >= t1)
			v->cursor = t1 - col;
		return ACTION_REDRAW;
	}
	if (cols < 0)
		v->cursor = v->cursor > begin + col * (uint64_t)-cols ? v->cursor - col * (uint64_t)-cols : begin;
	else
		v->cursor = v->cursor + col * (uint64_t)cols < end ? v->cursor + col * (uint64_t)cols : end;
	/* Keep the cursor in the window: pan with it. */
	if (v->cursor < t0 || v->cursor >= t1) {
		v->span = t1 - t0;
		v->follow = false;
		v->left = v->cursor < t0 ? v->cursor : v->cursor - (t1 - t0) + col;
	}
	return ACTION_REDRAW;
}

/* Whether actor A is the selection, or a member of the selected family. */
static bool
action_view_sel_has(const struct view *v, int a)
{
	if (VIEW_SEL_IS_GROUP(v->sel)) {
		const struct prog_family *pf = &v->var->families[VIEW_SEL_FAMILY(v->sel)];
		return a >= pf->first && a < pf->first + pf->count;
	}
	return a == v->sel;
}

/* The selected actor's next (DIR > 0) or previous event from the cursor; false when none. */
static bool
action_view_find_event(const struct view *v, int dir, struct rec_event *e)
{
	size_t first = tl_first(v->tl), end = tl_end(v->tl), i;
	uint64_t from = v->cursor_on ? v->cursor : (dir > 0 ? tl_t_begin(v->tl) : view_end(v) + 1), c0, c1;

	/* the next event in another cell than the cursor's: events a cell holds together (a
	 * dozen at the same instant as a run starts) would each take a press, the cursor not moving */
	if (v->cursor_on) {
		view_cell_at(v, v->cursor, &c0, &c1);
		from = dir > 0 ? (c1 > from + 1 ? c1 - 1 : from) : c0;
	}
	if (dir > 0) {
		for (i = tl_find(v->tl, from + 1); i < end; i++) {
			tl_event(v->tl, i, e);
			if (action_view_sel_has(v, e->actor) && e->kind != REC_MIGRATE)
				return true;
		}
		return false;
	}
	for (i = tl_find(v->tl, from); i > first;) {
		i--;
		tl_event(v->tl, i, e);
		if (action_view_sel_has(v, e->actor) && e->t_ns < from && e->kind != REC_MIGRATE)
			return true;
	}
	return false;
}

/* { and }: the cursor to the selected actor's previous or next event, the window following. */
unsigned
action_view_event(struct state *s, enum keys_action act)
{
	struct view *v = &s->view;
	struct rec_event e;
	uint64_t t0, t1;

	if (!action_view_find_event(v, act == ACT_NEXT_EVENT ? 1 : -1, &e))
		return ACTION_REDRAW;
	v->cursor_on = true;
	v->cursor = e.t_ns;
	if (tl_step_clock(v->tl) && tl_nsteps(v->tl) > 0) {
		action_view_show_cursor_step(v);
		return ACTION_REDRAW;
	}
	view_window(v, &t0, &t1);
	if (e.t_ns < t0 || e.t_ns >= t1) {
		v->span = t1 - t0;
		v->follow = false;
		v->left = e.t_ns > v->span / 2 ? e.t_ns - v->span / 2 : 0;
	}
	return ACTION_REDRAW;
}

unsigned
action_view_program(struct state *s, enum keys_action act)
{
	(void)act;
	s->view.prog_all = !s->view.prog_all;
	return ACTION_REDRAW;
}

unsigned
action_view_hint(struct state *s, enum keys_action act)
{
	(void)act;
	if (s->replay)
		return ACTION_NONE;
	state_hint(s);
	return ACTION_REDRAW | ACTION_KICK;
}

/* ---- a question asked before the run ---------------------------------------- */

unsigned
action_ask_move(struct state *s, enum keys_action act)
{
	learn_ask_move(&s->learn, act == ACT_ASK_PREV ? -1 : 1);
	return ACTION_REDRAW;
}

unsigned
action_ask_erase(struct state *s, enum keys_action act)
{
	(void)act;
	learn_ask_erase(&s->learn);
	return ACTION_REDRAW;
}

unsigned
action_ask_answer(struct state *s, enum keys_action act)
{
	(void)act;
	if (!learn_ask_answer(&s->learn)) {
		state_status(s, _("type a whole number first, then %s"), keys_label_of(KC_ASK, ACT_ASK_ANSWER));
		return ACTION_REDRAW;
	}
	if (learn_asking(&s->learn))
		return ACTION_REDRAW;
	state_asked(s);
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_ask_skip(struct state *s, enum keys_action act)
{
	(void)act;
	learn_ask_skip(&s->learn);
	state_asked(s);
	return ACTION_REDRAW | ACTION_KICK;
}

unsigned
action_ask_help(struct state *s, enum keys_action act)
{
	(void)act;
	s->view.help = true;
	return ACTION_REDRAW;
}

unsigned
action_view_man(struct state *s, enum keys_action act)
{
	(void)s;
	(void)act;
	return ACTION_MAN;
}
