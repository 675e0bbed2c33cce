/* app.c: the UI loop and the key handlers.
 *
 * libuv drives everything: a poll handle on stdin for keys and the mouse,
 * a ~30 Hz timer that drains the run's recorder into the timeline model and
 * redraws only when something changed, and signal handles (a self-pipe
 * inside libuv) for SIGWINCH, SIGINT and SIGTERM.  The timer stops when
 * nothing can change (no run going), so an idle screen costs nothing and
 * writes nothing.  Handlers return what must happen; the loop does it.
 */
#include "config.h"

#include "app.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "catalog.h"
#include "crt.h"
#include "i18n.h"
#include "keys.h"
#include "picker.h"
#include "rec.h"
#include "run.h"
#include "scn.h"
#include "theme.h"
#include "tl.h"
#include "trace.h"
#include "view.h"
#include "xalloc.h"

enum { FRAME_MS = 33 };

/* What a handler asks the loop to do. */
enum {
	H_NONE = 0,
	H_REDRAW = 1u << 0,
	H_QUIT = 1u << 1,
	H_MAN = 1u << 2,
	H_RESIZE = 1u << 3,
	H_KICK = 1u << 4,   /* a run started or resumed: the timer must tick */
};

enum app_screen { SCR_PICKER, SCR_VIEW };

struct app {
	uv_loop_t loop;
	uv_poll_t input;
	uv_timer_t timer;
	uv_signal_t sig_winch, sig_int, sig_term, sig_hup;
	bool timer_on;
	bool dirty;
	bool quitting;
	int status;
	const struct tui_args *args;
	enum app_screen screen;
	bool picker_help;
	int help_top;
	bool from_picker;
	struct picker picker;
	struct prog *prog;
	struct tl *tl;
	struct run *run;
	bool have_view;
	struct view view;
	bool step;
	double speed;
	bool replay;
	struct tl **cmp_tl;     /* the comparison's models and runs, one per variant */
	struct run **cmp_run;
	size_t ncmp, cmp_next;
};

static void app_draw(struct app *app);

/* Shows MSG on the key-hint line until the next key. */
static void
app_status(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
app_status(struct app *app, const char *fmt, ...)
{
	va_list ap;

	if (!app->have_view)
		return;
	va_start(ap, fmt);
	vsnprintf(app->view.status, sizeof app->view.status, fmt, ap);
	va_end(ap);
}

static void
app_compare_stop(struct app *app)
{
	for (size_t i = 0; i < app->ncmp; i++) {
		run_free(app->cmp_run[i]);
		tl_free(app->cmp_tl[i]);
	}
	free(app->cmp_run);
	free(app->cmp_tl);
	app->cmp_run = NULL;
	app->cmp_tl = NULL;
	app->ncmp = app->cmp_next = 0;
	if (app->have_view) {
		free(app->view.cmp);
		app->view.cmp = NULL;
		app->view.ncmp = 0;
		app->view.compare = false;
	}
}

/* Ends the current run and drops its model (the program stays). */
static void
app_close_run(struct app *app)
{
	app_compare_stop(app);
	run_free(app->run);
	app->run = NULL;
	if (app->have_view)
		view_done(&app->view);
	app->have_view = false;
	tl_free(app->tl);
	app->tl = NULL;
}

static void
app_close_prog(struct app *app)
{
	app_close_run(app);
	prog_free(app->prog);
	app->prog = NULL;
}

/* Starts variant VARIANT of app->prog; REPLAY: grants to make first (undo).  0 or -1. */
static int
app_start(struct app *app, int variant, const int *replay, size_t nreplay)
{
	char *err = NULL;
	bool had = app->have_view, old_prog_all = true;
	int old_sel = -1;
	uint64_t old_span = 0;

	if (had) {
		old_sel = app->view.sel;
		old_prog_all = app->view.prog_all;
		old_span = app->view.span;
	}
	app_compare_stop(app);
	run_free(app->run);
	app->run = NULL;
	tl_free(app->tl);
	app->tl = tl_new(app->prog, &app->prog->variants[variant], 0);
	app->run = run_new(app->prog, variant, app->tl, app->step, app->speed, replay, nreplay, &err);
	if (had)
		view_done(&app->view);
	view_init(&app->view, app->prog, variant, app->tl);
	app->have_view = true;
	app->view.mode = app->step ? VIEW_STEP : VIEW_LIVE;
	app->view.speed = app->speed;
	if (app->view.norder > 0)
		app->view.sel = app->view.order[0];
	if (had) {
		/* Keep how the user looks at it: the selection (when it still exists), zoom, panes. */
		if (old_sel >= 0 && (size_t)old_sel < app->view.var->nactors)
			app->view.sel = old_sel;
		app->view.prog_all = old_prog_all;
		app->view.span = old_span;
	}
	if (app->run == NULL) {
		app_status(app, _("cannot run it: %s"), err ? err : "?");
		free(err);
		app->view.finished = true;
		return -1;
	}
	if (nreplay > 0)
		app_status(app, _("undo: replaying %zu steps..."), nreplay);
	return 0;
}

/* Opens the scenario at PATH (or an already compiled PROG) in the view. */
static int
app_open_prog(struct app *app, struct prog *prog, const char *variant_name)
{
	int variant = 0;

	app_close_prog(app);
	app->prog = prog;
	if (variant_name) {
		const struct prog_variant *v = prog_variant_find(prog, variant_name);
		if (v == NULL)
			return -1;
		variant = (int)(v - prog->variants);
	}
	app->screen = SCR_VIEW;
	app_start(app, variant, NULL, 0);
	return 0;
}

/* Opens trace FILE in REPLAY mode.  0, or -1 with *ERR set. */
static int
app_open_trace(struct app *app, const char *file, char **err)
{
	struct trace *tr;
	struct prog *prog;
	const struct prog_variant *v;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	struct diag *d;

	if (trace_read(file, &tr, err) != 0)
		return -1;
	mem = open_memstream(&text, &len);
	if (mem == NULL) {
		*err = xasprintf("open_memstream: %s", strerror(errno));
		trace_free(tr);
		return -1;
	}
	d = diag_new(mem);
	prog = scn_parse_buffer(tr->path, tr->source, tr->source_len, d);
	diag_free(d);
	fclose(mem);
	if (prog == NULL) {
		*err = xasprintf(_("%s: the scenario embedded in the trace has errors:\n%s"), file, text ? text : "");
		free(text);
		trace_free(tr);
		return -1;
	}
	free(text);
	v = prog_variant_find(prog, tr->variant && *tr->variant ? tr->variant : NULL);
	if (v == NULL) {
		*err = xasprintf(_("%s: the trace's variant '%s' is not in its scenario"), file, tr->variant);
		prog_free(prog);
		trace_free(tr);
		return -1;
	}
	app_close_prog(app);
	app->prog = prog;
	app->tl = tl_new(prog, v, 0);
	tl_add(app->tl, tr->events, tr->nevents);
	trace_free(tr);
	view_init(&app->view, prog, (int)(v - prog->variants), app->tl);
	app->have_view = true;
	app->view.mode = VIEW_REPLAY;
	app->view.finished = true;
	app->view.follow = false;
	if (app->view.norder > 0)
		app->view.sel = app->view.order[0];
	app->replay = true;
	app->screen = SCR_VIEW;
	return 0;
}

static bool
app_busy(const struct app *app)
{
	if (app->screen != SCR_VIEW)
		return false;
	if (app->run && !run_ended(app->run))
		return true;
	return app->cmp_next < app->ncmp;
}

static void
app_timer_cb(uv_timer_t *t);

/* Makes sure the frame timer ticks while anything can change. */
static void
app_kick(struct app *app)
{
	if (!app->timer_on && !app->quitting) {
		uv_timer_start(&app->timer, app_timer_cb, FRAME_MS, FRAME_MS);
		app->timer_on = true;
	}
}

static void
app_quit(struct app *app)
{
	if (app->quitting)
		return;
	app->quitting = true;
	uv_timer_stop(&app->timer);
	uv_poll_stop(&app->input);
	uv_signal_stop(&app->sig_winch);
	uv_signal_stop(&app->sig_int);
	uv_signal_stop(&app->sig_term);
	uv_signal_stop(&app->sig_hup);
	uv_stop(&app->loop);
}

/* ---- the comparison ------------------------------------------------------ */

/* Runs every variant live, one after the other, so they do not compete for CPUs. */
static void
app_compare_start(struct app *app)
{
	size_t n = app->prog->nvariants;

	app_compare_stop(app);
	app->cmp_tl = xcalloc(n, sizeof *app->cmp_tl);
	app->cmp_run = xcalloc(n, sizeof *app->cmp_run);
	app->view.cmp = xcalloc(n, sizeof *app->view.cmp);
	for (size_t i = 0; i < n; i++) {
		app->cmp_tl[i] = tl_new(app->prog, &app->prog->variants[i], 0);
		app->view.cmp[i].name = app->prog->variants[i].name;
		app->view.cmp[i].tl = app->cmp_tl[i];
	}
	app->ncmp = n;
	app->view.ncmp = n;
	app->cmp_next = 0;
	app->view.compare = true;
	if (app->run)
		run_pause(app->run);
}

static bool
app_compare_poll(struct app *app)
{
	bool changed = false;

	while (app->cmp_next < app->ncmp) {
		size_t i = app->cmp_next;
		if (app->cmp_run[i] == NULL) {
			char *err = NULL;
			app->cmp_run[i] = run_new(app->prog, (int)i, app->cmp_tl[i], false, app->speed, NULL, 0, &err);
			if (app->cmp_run[i] == NULL) {
				app_status(app, _("variant %s cannot run: %s"), app->prog->variants[i].name, err ? err : "?");
				free(err);
				app->cmp_next++;
				continue;
			}
		}
		changed |= run_poll(app->cmp_run[i]);
		if (!run_ended(app->cmp_run[i]))
			break;
		app->cmp_next++;
	}
	return changed;
}

/* ---- handlers ------------------------------------------------------------ */

static unsigned
app_picker_open(struct app *app)
{
	const struct picker_item *it = picker_selected(&app->picker);
	struct prog *prog;
	char *err = NULL;

	if (it == NULL || it->path == NULL)
		return H_NONE;
	prog = catalog_load(it->path, &err);
	if (prog == NULL) {
		free(app->picker.error);
		app->picker.error = err;
		return H_REDRAW;
	}
	app->from_picker = true;
	app_open_prog(app, prog, NULL);
	return H_REDRAW | H_KICK;
}

static unsigned
app_picker_key(struct app *app, const struct crt_event *ev)
{
	enum keys_action act = keys_find(KC_PICKER, ev->key, ev->fkey);

	if (app->picker_help) {
		act = keys_find(KC_HELP, ev->key, ev->fkey);
		if (act == ACT_HELP || act == ACT_BACK || act == ACT_QUIT) {
			app->picker_help = false;
			return act == ACT_QUIT ? H_QUIT : H_REDRAW;
		}
		if (act == ACT_SCROLL_UP || act == ACT_SCROLL_DOWN) {
			int max = view_help_draw(1, 0, LINES - 2, COLS, 0);
			app->help_top += act == ACT_SCROLL_UP ? -5 : 5;
			if (app->help_top > max)
				app->help_top = max;
			if (app->help_top < 0)
				app->help_top = 0;
			return H_REDRAW;
		}
		return H_NONE;
	}
	switch (act) {
	case ACT_QUIT: return H_QUIT;
	case ACT_HELP: app->picker_help = true; return H_REDRAW;
	case ACT_BACK:
		if (app->picker.filter[0] == '\0')
			return H_QUIT;
		app->picker.filter[0] = '\0';
		picker_refilter(&app->picker);
		return H_REDRAW;
	case ACT_PICK_UP: picker_move(&app->picker, -1); return H_REDRAW;
	case ACT_PICK_DOWN: picker_move(&app->picker, 1); return H_REDRAW;
	case ACT_PICK_OPEN: return app_picker_open(app);
	case ACT_PICK_ERASE: picker_erase(&app->picker); return H_REDRAW;
	default: break;
	}
	if (!ev->fkey && ev->key >= 32 && ev->key != 127) {
		picker_type(&app->picker, ev->key);
		return H_REDRAW;
	}
	return H_NONE;
}

/* The visible span, made explicit (the "whole run" zoom has span 0). */
static uint64_t
app_span(const struct app *app)
{
	uint64_t t0, t1;

	view_window(&app->view, &t0, &t1);
	return t1 - t0;
}

static void
app_select_delta(struct app *app, int delta)
{
	struct view *v = &app->view;
	int pos = 0;

	for (size_t i = 0; i < v->norder; i++)
		if (v->order[i] == v->sel)
			pos = (int)i;
	pos = (pos + delta + (int)v->norder) % (int)(v->norder ? v->norder : 1);
	if (v->norder)
		v->sel = v->order[pos];
}

static void
app_cursor_move(struct app *app, int cols)
{
	struct view *v = &app->view;
	uint64_t t0, t1, col, begin = tl_t_begin(v->tl), end = view_end(v);

	view_window(v, &t0, &t1);
	col = (t1 - t0) / (uint64_t)(v->lay.cells_w > 0 ? v->lay.cells_w : 80);
	if (col == 0)
		col = 1;
	if (!v->cursor_on) {
		v->cursor_on = true;
		v->cursor = end > t0 ? end - (end > col ? col / 2 : 0) : t0;
		if (v->cursor >= t1)
			v->cursor = t1 - col;
		return;
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
}

/* Moves the cursor to the selected actor's next (DIR > 0) or previous event. */
static void
app_cursor_event(struct app *app, int dir)
{
	struct view *v = &app->view;
	size_t first = tl_first(v->tl), end = tl_end(v->tl), i;
	struct rec_event e;
	uint64_t from = v->cursor_on ? v->cursor : (dir > 0 ? tl_t_begin(v->tl) : view_end(v) + 1);
	uint64_t t0, t1;

	if (dir > 0) {
		for (i = tl_find(v->tl, from + 1); i < end; i++) {
			tl_event(v->tl, i, &e);
			if (e.actor == v->sel && e.kind != REC_MIGRATE)
				goto found;
		}
		return;
	}
	for (i = tl_find(v->tl, from); i > first;) {
		i--;
		tl_event(v->tl, i, &e);
		if (e.actor == v->sel && e.t_ns < from && e.kind != REC_MIGRATE)
			goto found;
	}
	return;
found:
	v->cursor_on = true;
	v->cursor = e.t_ns;
	view_window(v, &t0, &t1);
	if (e.t_ns < t0 || e.t_ns >= t1) {
		v->span = t1 - t0;
		v->follow = false;
		v->left = e.t_ns > v->span / 2 ? e.t_ns - v->span / 2 : 0;
	}
}

static unsigned
app_restart_mode(struct app *app, int variant)
{
	app_start(app, variant, NULL, 0);
	return H_REDRAW | H_KICK;
}

static unsigned
app_view_action(struct app *app, enum keys_action act)
{
	struct view *v = &app->view;
	uint64_t t0, t1;

	v->status[0] = '\0';
	if (v->help) {
		if (act == ACT_HELP || act == ACT_BACK) {
			v->help = false;
			return H_REDRAW;
		}
		if (act == ACT_QUIT)
			return H_QUIT;
		if (act == ACT_SCROLL_UP || act == ACT_SCROLL_DOWN) {
			int max = view_help_draw(1, 0, LINES - 2, COLS, 0);
			v->help_top += act == ACT_SCROLL_UP ? -5 : 5;
			if (v->help_top > max)
				v->help_top = max;
			if (v->help_top < 0)
				v->help_top = 0;
			return H_REDRAW;
		}
		return H_NONE;
	}
	switch (act) {
	case ACT_NONE:
	case ACT_COUNT:
		return H_NONE;
	case ACT_QUIT:
		return H_QUIT;
	case ACT_HELP:
		v->help = true;
		return H_REDRAW;
	case ACT_BACK:
		if (v->details)
			v->details = false;
		else if (v->compare)
			app_compare_stop(app);
		else if (v->cursor_on)
			v->cursor_on = false;
		else if (app->from_picker) {
			app_close_prog(app);
			app->screen = SCR_PICKER;
		}
		return H_REDRAW;
	case ACT_DETAILS:
		v->details = !v->details;
		return H_REDRAW;
	case ACT_PAUSE:
		if (v->mode == VIEW_LIVE && app->run && !run_ended(app->run)) {
			v->paused = !v->paused;
			if (v->paused)
				run_pause(app->run);
			else
				run_resume(app->run);
			return H_REDRAW | H_KICK;
		}
		if (v->mode == VIEW_STEP)
			app_status(app, _("step mode: n steps the selected actor, a lets the policy pick, s goes live"));
		return H_REDRAW;
	case ACT_RESTART:
		if (app->replay)
			return H_NONE;
		return app_restart_mode(app, v->variant);
	case ACT_FASTER:
	case ACT_SLOWER:
		if (app->replay)
			return H_NONE;
		app->speed = act == ACT_FASTER ? app->speed * 2 : app->speed / 2;
		if (app->speed > 64)
			app->speed = 64;
		if (app->speed < 1.0 / 64)
			app->speed = 1.0 / 64;
		v->speed = app->speed;
		/* A finished run restarts at once; a running one changes pace from its next wait. */
		if (v->finished && v->mode == VIEW_LIVE) {
			app_restart_mode(app, v->variant);
			app_status(app, _("speed x%.3g: restarted"), app->speed);
			return H_REDRAW | H_KICK;
		}
		if (app->run)
			run_set_speed(app->run, app->speed);
		app_status(app, _("speed x%.3g: from the next step on"), app->speed);
		return H_REDRAW;
	case ACT_VARIANT:
		if (app->replay || app->prog->nvariants < 2)
			return H_NONE;
		return app_restart_mode(app, (v->variant + 1) % (int)app->prog->nvariants);
	case ACT_COMPARE:
		if (app->replay)
			return H_NONE;
		if (v->compare) {
			app_compare_stop(app);
			return H_REDRAW;
		}
		app_compare_start(app);
		return H_REDRAW | H_KICK;
	case ACT_STEP_MODE:
		if (app->replay)
			return H_NONE;
		app->step = !app->step;
		app_restart_mode(app, v->variant);
		app_status(app, app->step ? _("step mode: the run restarted; n steps the selected actor")
		    : _("live mode: the run restarted"));
		return H_REDRAW | H_KICK;
	case ACT_STEP:
		if (v->mode != VIEW_STEP || !app->run) {
			app_status(app, _("press s for step mode first"));
			return H_REDRAW;
		}
		if (run_grant(app->run, v->sel))
			v->steps++;
		else
			app_status(app, _("%s is not waiting for a step (it is blocked, busy or done)"),
			    view_actor_name(v->var, v->sel));
		return H_REDRAW | H_KICK;
	case ACT_STEP_AUTO: {
		int a;
		if (v->mode != VIEW_STEP || !app->run) {
			app_status(app, _("press s for step mode first"));
			return H_REDRAW;
		}
		a = run_grant_auto(app->run);
		if (a >= 0) {
			v->steps++;
			app_status(app, _("the policy picked %s"), view_actor_name(v->var, a));
		} else {
			app_status(app, _("nobody is waiting for a step"));
		}
		return H_REDRAW | H_KICK;
	}
	case ACT_UNDO: {
		size_t n;
		const int *h;
		int *copy;
		unsigned steps;
		if (v->mode != VIEW_STEP || !app->run)
			return H_NONE;
		h = run_history(app->run, &n);
		if (n == 0) {
			app_status(app, _("nothing to undo"));
			return H_REDRAW;
		}
		copy = xcalloc(n, sizeof *copy);
		memcpy(copy, h, n * sizeof *copy);
		steps = (unsigned)(n - 1);
		app_start(app, v->variant, copy, n - 1);
		free(copy);
		app->view.steps = steps;
		return H_REDRAW | H_KICK;
	}
	case ACT_SEL_NEXT: app_select_delta(app, 1); return H_REDRAW;
	case ACT_SEL_PREV: app_select_delta(app, -1); return H_REDRAW;
	case ACT_SEL_1: case ACT_SEL_2: case ACT_SEL_3: case ACT_SEL_4: case ACT_SEL_5:
	case ACT_SEL_6: case ACT_SEL_7: case ACT_SEL_8: case ACT_SEL_9: {
		size_t k = (size_t)(act - ACT_SEL_1);
		if (k < v->norder)
			v->sel = v->order[k];
		return H_REDRAW;
	}
	case ACT_ZOOM_IN:
	case ACT_ZOOM_OUT: {
		uint64_t span = app_span(app), mid;
		view_window(v, &t0, &t1);
		mid = v->cursor_on ? v->cursor : t0 + span / 2;
		span = act == ACT_ZOOM_IN ? span / 2 : span * 2;
		if (span < 10000)
			span = 10000;
		if (act == ACT_ZOOM_OUT && span >= view_end(v) - tl_t_begin(v->tl) + 1) {
			v->span = 0;  /* the whole run */
			v->follow = true;
			return H_REDRAW;
		}
		v->span = span;
		if (!v->follow || v->cursor_on) {
			v->follow = false;
			v->left = mid > span / 2 ? mid - span / 2 : 0;
		}
		return H_REDRAW;
	}
	case ACT_PAN_LEFT:
	case ACT_PAN_RIGHT: {
		uint64_t span = app_span(app), step;
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
		return H_REDRAW;
	}
	case ACT_FOLLOW:
		v->follow = !v->follow;
		if (!v->follow) {
			view_window(v, &t0, &t1);
			v->left = t0;
			v->span = t1 - t0;
		}
		app_status(app, v->follow ? _("following the live end") : _("not following"));
		return H_REDRAW;
	case ACT_START:
		view_window(v, &t0, &t1);
		v->span = t1 - t0;
		v->follow = false;
		v->left = tl_t_begin(v->tl);
		if (v->cursor_on)
			v->cursor = v->left;
		return H_REDRAW;
	case ACT_END:
		v->follow = true;
		if (v->cursor_on)
			v->cursor = view_end(v);
		return H_REDRAW;
	case ACT_CURSOR_LEFT: app_cursor_move(app, -1); return H_REDRAW;
	case ACT_CURSOR_RIGHT: app_cursor_move(app, 1); return H_REDRAW;
	case ACT_PREV_EVENT: app_cursor_event(app, -1); return H_REDRAW;
	case ACT_NEXT_EVENT: app_cursor_event(app, 1); return H_REDRAW;
	case ACT_PROGRAM: v->prog_all = !v->prog_all; return H_REDRAW;
	case ACT_MAN: return H_MAN;
	case ACT_PICK_UP: case ACT_PICK_DOWN: case ACT_PICK_OPEN: case ACT_PICK_ERASE:
	case ACT_SCROLL_UP: case ACT_SCROLL_DOWN:
		return H_NONE;
	}
	return H_NONE;
}

static unsigned
app_view_mouse(struct app *app, const struct crt_event *ev)
{
	struct view *v = &app->view;
	uint64_t t;
	int a;

	if (v->help || v->compare)
		return H_NONE;
	if (ev->button == CRT_WHEEL_UP)
		return app_view_action(app, ACT_PAN_LEFT);
	if (ev->button == CRT_WHEEL_DOWN)
		return app_view_action(app, ACT_PAN_RIGHT);
	a = view_actor_at(v, ev->mouse_y);
	if (a >= 0)
		v->sel = a;
	if ((a >= 0 || ev->mouse_y == v->lay.ruler_y) && view_time_at(v, ev->mouse_x, &t)) {
		v->cursor_on = true;
		v->cursor = t;
	}
	return H_REDRAW;
}

static unsigned
app_input(struct app *app, const struct crt_event *ev)
{
	if (ev->kind == CRT_RESIZE)
		return H_RESIZE | H_REDRAW;
	if (app->screen == SCR_PICKER) {
		if (ev->kind != CRT_KEY)
			return H_NONE;
		return app_picker_key(app, ev);
	}
	if (ev->kind == CRT_MOUSE)
		return app_view_mouse(app, ev);
	if (crt_too_small())
		return ev->key == 'q' || keys_find(KC_VIEW, ev->key, ev->fkey) == ACT_QUIT ? H_QUIT : H_NONE;
	if (app->view.help)
		return app_view_action(app, keys_find(KC_HELP, ev->key, ev->fkey));
	return app_view_action(app, keys_find(KC_VIEW, ev->key, ev->fkey));
}

/* Reads the tutorial in man(1) with the terminal given back meanwhile. */
static void
app_man(struct app *app)
{
	char pattern[80] = "";
	pid_t pid;
	int st;

	if (app->prog && app->prog->tutorial) {
		size_t j = 0;
		for (const char *s = app->prog->tutorial; *s && j < sizeof pattern - 1; s++)
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
			    *s == ' ' || *s == '-' || *s == '_')
				pattern[j++] = *s;
		pattern[j] = '\0';
	}
	if (app->run && app->view.mode == VIEW_LIVE && !app->view.paused)
		run_pause(app->run);
	crt_suspend();
	pid = fork();
	if (pid == 0) {
		/* Installed, man finds the page; run from the build tree, the source's copy. */
		static const char src_page[] = KS_ABS_SRCDIR "/man/kitchensync-tutorial.7";
		char cmd[1024], pager[128];
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		if (pattern[0])
			snprintf(pager, sizeof pager, "-P \"less -p '%s'\" ", pattern);
		else
			pager[0] = '\0';
		if (strchr(src_page, '\'') == NULL && access(src_page, R_OK) == 0)
			snprintf(cmd, sizeof cmd, "man -w kitchensync-tutorial >/dev/null 2>&1 && "
			    "exec man %skitchensync-tutorial || exec man %s-l '%s'", pager, pager, src_page);
		else
			snprintf(cmd, sizeof cmd, "exec man %skitchensync-tutorial", pager);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	crt_resume();
	if (app->run && app->view.mode == VIEW_LIVE && !app->view.paused)
		run_resume(app->run);
	if (pid < 0)
		app_status(app, _("cannot start man: %s"), strerror(errno));
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
		app_status(app, _("man kitchensync-tutorial failed (is the manual installed?)"));
}

static void
app_do(struct app *app, unsigned what)
{
	if (what & H_QUIT) {
		app_quit(app);
		return;
	}
	if (what & H_RESIZE)
		crt_resize();
	if (what & H_MAN)
		app_man(app);
	if (what & (H_REDRAW | H_RESIZE | H_MAN))
		app->dirty = true;
	if ((what & H_KICK) || app_busy(app))
		app_kick(app);
	if (app->dirty) {
		app_draw(app);
		app->dirty = false;
	}
}

/* ---- the loop's callbacks ------------------------------------------------ */

static void
app_input_cb(uv_poll_t *h, int status, int events)
{
	struct app *app = h->data;
	unsigned what = H_NONE;
	struct crt_event ev;

	(void)events;
	if (status < 0) {
		app->status = 1;
		app_quit(app);
		return;
	}
	for (int i = 0; i < 256 && !(what & H_QUIT); i++) {
		crt_read(&ev);
		if (ev.kind == CRT_NONE)
			break;
		what |= app_input(app, &ev);
		if (what & H_MAN) {
			app_do(app, what);
			what = H_NONE;
		}
	}
	app_do(app, what);
}

static void
app_timer_cb(uv_timer_t *t)
{
	struct app *app = t->data;
	bool changed = false;

	if (app->screen == SCR_VIEW && app->run) {
		bool was_ended = run_ended(app->run), was_replaying = run_replaying(app->run);
		changed |= run_poll(app->run);
		if (run_ended(app->run) && !was_ended) {
			const char *o = run_outcome_text(app->run);
			app->view.live_now = 0;
			size_t ne = app->view.var->nexpects;
			app->view.finished = true;
			free(app->view.expect_met);
			free(app->view.expect_actual);
			app->view.expect_met = xcalloc(ne + 1, sizeof *app->view.expect_met);
			app->view.expect_actual = xcalloc(ne + 1, sizeof *app->view.expect_actual);
			for (size_t i = 0; i < ne; i++) {
				bool met;
				app->view.expect_met[i] = run_expect(app->run, i, &met, &app->view.expect_actual[i]) ?
				    (signed char)met : -1;
			}
			if (o)
				app_status(app, "%s", o);
		}
		if (was_replaying && !run_replaying(app->run)) {
			app->view.status[0] = '\0';
			changed = true;
		}
	}
	/* A live run's time moves on between events: the axis and the current spans grow. */
	if (app->screen == SCR_VIEW && app->run && !run_ended(app->run) && app->view.mode == VIEW_LIVE &&
	    !app->view.paused && !app->view.compare && tl_t_end(app->tl) > 0) {
		app->view.live_now = rec_now();
		changed = true;
	}
	if (app->screen == SCR_VIEW && app->ncmp > 0) {
		changed |= app_compare_poll(app);
		for (size_t i = 0; i < app->ncmp; i++) {
			bool going = app->cmp_run[i] && !run_ended(app->cmp_run[i]) && tl_t_end(app->cmp_tl[i]) > 0;
			app->view.cmp[i].live_now = going ? rec_now() : 0;
			changed |= going;
		}
	}
	if (changed)
		app->dirty = true;
	if (app->dirty) {
		app_draw(app);
		app->dirty = false;
	}
	if (!app_busy(app)) {
		uv_timer_stop(&app->timer);
		app->timer_on = false;
	}
}

static void
app_signal_cb(uv_signal_t *h, int signum)
{
	struct app *app = h->data;

	if (signum == SIGWINCH) {
		app_do(app, H_RESIZE | H_REDRAW);
		return;
	}
	app->status = 128 + signum;
	app_quit(app);
}

static void
app_draw(struct app *app)
{
	if (app->screen == SCR_PICKER) {
		picker_draw(&app->picker);
		if (app->picker_help && !crt_too_small())
			view_help_draw(1, 0, LINES - 2, COLS, app->help_top);
	} else if (app->have_view) {
		view_draw(&app->view);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void
app_close_cb(uv_handle_t *h)
{
	(void)h;
}

static void
app_walk_close(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, app_close_cb);
}

static int
app_uv_check(int r, const char *what)
{
	if (r < 0)
		crt_fatal(1, "kitchensync: %s: %s\n", what, uv_strerror(r));
	return r;
}

int
app_run(const struct tui_args *args)
{
	struct app *app = xcalloc(1, sizeof *app);
	struct crt_opts co = { args->color, args->ascii, true };
	char *cause = NULL;
	int status;

	app->args = args;
	app->speed = args->speed > 0 ? args->speed : 1.0;
	app->step = args->step;
	picker_init(&app->picker);

	/* Load what is asked for before taking the terminal, so errors print plainly. */
	if (args->replay) {
		if (app_open_trace(app, args->replay, &cause) != 0) {
			fprintf(stderr, "kitchensync: %s\n", cause);
			free(cause);
			free(app);
			return 2;
		}
	} else if (args->scenario) {
		char *path = catalog_find(args->scenario);
		struct prog *prog;
		if (path == NULL) {
			fprintf(stderr, _("kitchensync: no scenario named '%s' (kitchensync list shows them)\n"),
			    args->scenario);
			free(app);
			return 2;
		}
		prog = catalog_load(path, &cause);
		free(path);
		if (prog == NULL) {
			fprintf(stderr, "%s\n", cause);
			free(cause);
			free(app);
			return 2;
		}
		if (args->variant && prog_variant_find(prog, args->variant) == NULL) {
			fprintf(stderr, _("kitchensync: scenario '%s' has no variant '%s'\n"), prog->name, args->variant);
			prog_free(prog);
			free(app);
			return 2;
		}
		app->prog = prog;
	} else {
		catalog_fill(&app->picker);
	}

	if (crt_start(&co, &cause) != 0) {
		fprintf(stderr, "kitchensync: %s\n", cause);
		free(cause);
		app_close_prog(app);
		picker_done(&app->picker);
		free(app);
		return 2;
	}
	app_uv_check(uv_loop_init(&app->loop), "uv_loop_init");
	app_uv_check(uv_poll_init(&app->loop, &app->input, STDIN_FILENO), "uv_poll_init");
	app_uv_check(uv_timer_init(&app->loop, &app->timer), "uv_timer_init");
	app->input.data = app->timer.data = app;
	uv_signal_t *sigs[] = { &app->sig_winch, &app->sig_int, &app->sig_term, &app->sig_hup };
	int signums[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < 4; i++) {
		app_uv_check(uv_signal_init(&app->loop, sigs[i]), "uv_signal_init");
		sigs[i]->data = app;
		app_uv_check(uv_signal_start(sigs[i], app_signal_cb, signums[i]), "uv_signal_start");
	}
	app_uv_check(uv_poll_start(&app->input, UV_READABLE, app_input_cb), "uv_poll_start");

	if (app->prog && !app->replay) {
		struct prog *prog = app->prog;
		app->prog = NULL;
		app_open_prog(app, prog, args->variant);
	} else if (!app->replay) {
		app->screen = SCR_PICKER;
	}
	app->dirty = true;
	app_do(app, H_REDRAW | H_KICK);
	uv_run(&app->loop, UV_RUN_DEFAULT);

	/* Teardown: the runs first (threads joined, processes reaped), then the terminal. */
	app_close_prog(app);
	uv_walk(&app->loop, app_walk_close, NULL);
	uv_run(&app->loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&app->loop) != 0)
		fputs("kitchensync: warning: the UI loop did not close cleanly\n", stderr);
	crt_stop();
	picker_done(&app->picker);
	status = app->status;
	free(app);
	if (status == 128 + SIGINT || status == 128 + SIGTERM || status == 128 + SIGHUP) {
		int sig = status - 128;
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return status;
}

int
tui_main(const struct tui_args *args)
{
	return app_run(args);
}

int
tui_color_parse(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return TUI_COLOR_AUTO;
	if (strcmp(s, "never") == 0 || strcmp(s, "no") == 0)
		return TUI_COLOR_NEVER;
	if (strcmp(s, "always") == 0 || strcmp(s, "yes") == 0)
		return TUI_COLOR_ALWAYS;
	return -1;
}
