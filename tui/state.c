/* state.c: opening scenarios and traces, starting and stopping runs, the
 * comparison's runs, and draining them all into their models each tick. */
#include "config.h"

#include "state.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "keys.h"
#include "i18n.h"
#include "rec.h"
#include "scn.h"
#include "trace.h"
#include "xalloc.h"

void
state_init(struct state *s, double speed, bool step)
{
	memset(s, 0, sizeof *s);
	s->speed = speed > 0 ? speed : 1.0;
	s->step = step;
	s->step_chosen = step;
	picker_init(&s->picker);
}

void
state_done(struct state *s)
{
	state_close_prog(s);
	picker_done(&s->picker);
	progress_free(s->progress);
	free(s->progress_note);
	s->progress = NULL;
	s->progress_note = NULL;
}

void
state_progress_open(struct state *s, const char *path)
{
	char *warn = NULL;

	if (path == NULL)
		return;
	s->progress = progress_new(path);
	s->picker.progress = s->progress;
	if (progress_load(s->progress, &warn) != 0 && warn) {
		s->progress_note = xasprintf(_("warning: %s"), warn);
		free(s->picker.note);
		s->picker.note = xstrdup(s->progress_note);
	}
	free(warn);
}

void
state_progress_save(struct state *s)
{
	char *err = NULL;

	if (s->progress == NULL || progress_save(s->progress, &err) == 0)
		return;
	if (!s->progress_failed) {
		s->progress_failed = true;
		free(s->picker.note);
		s->picker.note = xstrdup(err);
		state_status(s, "%s", err);
	}
	free(err);
}

void
state_status(struct state *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->have_view)
		return;
	va_start(ap, fmt);
	vsnprintf(s->view.status, sizeof s->view.status, fmt, ap);
	va_end(ap);
}

void
state_compare_stop(struct state *s)
{
	for (size_t i = 0; i < s->ncmp; i++) {
		run_free(s->cmp_run[i]);
		tl_free(s->cmp_tl[i]);
	}
	free(s->cmp_run);
	free(s->cmp_tl);
	s->cmp_run = NULL;
	s->cmp_tl = NULL;
	s->ncmp = s->cmp_next = 0;
	if (s->have_view) {
		free(s->view.cmp);
		s->view.cmp = NULL;
		s->view.ncmp = 0;
		s->view.compare = false;
	}
}

/* Ends the current run and drops its model (the program stays). */
static void
state_close_run(struct state *s)
{
	state_compare_stop(s);
	run_free(s->run);
	s->run = NULL;
	if (s->have_view)
		view_done(&s->view);
	s->have_view = false;
	tl_free(s->tl);
	s->tl = NULL;
}

void
state_close_prog(struct state *s)
{
	state_close_run(s);
	learn_done(&s->learn);
	prog_free(s->prog);
	s->prog = NULL;
}

int
state_start(struct state *s, int variant, const int *replay, size_t nreplay)
{
	char *err = NULL;
	bool had = s->have_view, old_prog_all = true, same_variant = had && s->view.variant == variant;
	int old_sel = -1;
	uint64_t old_span = 0;
	bool *old_open = NULL;

	if (had) {
		old_sel = s->view.sel;
		old_prog_all = s->view.prog_all;
		old_span = s->view.span;
		if (same_variant) {  /* the same families: keep the ones the user opened */
			size_t nf = s->view.var->nfamilies;
			old_open = xcalloc(nf + 1, sizeof *old_open);
			memcpy(old_open, s->view.open, nf * sizeof *old_open);
		}
	}
	state_compare_stop(s);
	run_free(s->run);
	s->run = NULL;
	tl_free(s->tl);
	s->tl = tl_new(s->prog, &s->prog->variants[variant], 0);
	/* A question waits for its answer first: the run starts when it has one. */
	if (!learn_asking(&s->learn))
		s->run = run_new(s->prog, variant, s->tl, s->step, s->speed, replay, nreplay, &err);
	/* A new run: the challenge is to be solved again (progress keeps the best). */
	s->learn.solved = false;
	s->learn.box = false;
	s->learn.hint = false;
	s->learn.hint_pending = false;
	s->learn.fewest_pending = false;
	if (had)
		view_done(&s->view);
	view_init(&s->view, s->prog, variant, s->tl);
	s->view.learn = &s->learn;
	s->have_view = true;
	s->view.mode = s->step ? VIEW_STEP : VIEW_LIVE;
	s->view.speed = s->speed;
	if (s->view.nrows > 0)
		s->view.sel = view_first_sel(&s->view);
	if (had) {
		/* Keep how the user looks at it: the selection (when it still exists), zoom, panes. */
		if (old_open != NULL)
			for (size_t f = 0; f < s->view.var->nfamilies; f++)
				if (old_open[f])
					view_toggle_group(&s->view, (int)f);
		free(old_open);
		if ((old_sel >= 0 && (size_t)old_sel < s->view.var->nactors && s->view.row_of[old_sel] >= 0) ||
		    (VIEW_SEL_IS_GROUP(old_sel) && (size_t)VIEW_SEL_FAMILY(old_sel) < s->view.var->nfamilies &&
		    s->view.group_row_of[VIEW_SEL_FAMILY(old_sel)] >= 0))
			s->view.sel = old_sel;
		s->view.prog_all = old_prog_all;
		s->view.span = old_span;
	}
	if (s->run == NULL && learn_asking(&s->learn))
		return 0;
	if (s->run == NULL) {
		state_status(s, _("cannot run it: %s"), err ? err : "?");
		free(err);
		s->view.finished = true;
		return -1;
	}
	if (nreplay > 0)
		state_status(s, _("undo: replaying %zu steps..."), nreplay);
	return 0;
}

int
state_open_variant(struct state *s, int variant)
{
	const struct prog_variant *var = &s->prog->variants[variant];

	learn_done(&s->learn);
	learn_init(&s->learn, var);
	/* A challenge is played in step mode; elsewhere, the mode the user chose. */
	s->step = var->challenge ? true : s->step_chosen;
	return state_start(s, variant, NULL, 0);
}

void
state_asked(struct state *s)
{
	if (learn_asking(&s->learn) || s->run != NULL || !s->have_view)
		return;
	state_start(s, s->view.variant, NULL, 0);
}

void
state_hint(struct state *s)
{
	const struct prog_challenge *c = s->learn.var ? s->learn.var->challenge : NULL;

	if (c == NULL) {
		state_status(s, _("this variant has no challenge (%s switches variants)"),
		    keys_label_of(KC_VIEW, ACT_VARIANT));
		return;
	}
	/* explore can take a second on a large variant: the screen says so first. */
	s->learn.hint = true;
	s->learn.hint_pending = true;
}

/* Keeps the challenge solved (FEWEST possible steps: 0 unknown) in the progress. */
static void
state_solved_keep(struct state *s, unsigned fewest)
{
	if (s->progress && s->prog->name &&
	    progress_set_solved(s->progress, s->prog->name, s->learn.var->name, s->learn.steps, fewest))
		state_progress_save(s);
}

/* The challenge's goal was reached: say so and keep it; the fewest steps possible follow. */
static void
state_solved(struct state *s)
{
	state_status(s, _("Solved in %u steps."), s->learn.steps);
	state_solved_keep(s, 0);
	s->learn.fewest_pending = true;
}

/* Explore's answers asked for on the last frame: the hint, the fewest steps. */
static bool
state_learn_poll(struct state *s)
{
	struct learn *l = &s->learn;
	size_t n = 0;
	const int *h;
	int fewest;

	if (l->hint_pending) {
		h = s->run ? run_history(s->run, &n) : NULL;
		learn_hint(l, h, n);
		l->hint_pending = false;
		return true;
	}
	if (!l->fewest_pending)
		return false;
	l->fewest_pending = false;
	fewest = learn_fewest(l);
	if (fewest >= 0) {
		state_status(s, _("Solved in %u steps; the fewest possible is %d."), l->steps, fewest);
		state_solved_keep(s, (unsigned)fewest);
	}
	return true;
}

static bool
state_judge(void *ctx, const struct prog_expect *x, prog_value *actual)
{
	return run_judge(ctx, x, actual);
}

/* The run ended: the answers are judged (by the engine, as expectations are), and kept. */
static void
state_revealed(struct state *s)
{
	bool changed = false;

	learn_reveal(&s->learn, state_judge, s->run);
	if (s->learn.ask != LEARN_REVEALED || s->progress == NULL || s->prog->name == NULL)
		return;
	for (size_t q = 0; q < s->learn.var->nquestions; q++)
		if (s->learn.answers[q].given)
			changed |= progress_set_answer(s->progress, s->prog->name, s->learn.var->name, q,
			    s->learn.answers[q].right == 1);
	if (changed)
		state_progress_save(s);
}

int
state_open_prog(struct state *s, struct prog *prog, const char *variant_name)
{
	int variant = 0;

	state_close_prog(s);
	s->prog = prog;
	if (variant_name) {
		const struct prog_variant *v = prog_variant_find(prog, variant_name);
		if (v == NULL)
			return -1;
		variant = (int)(v - prog->variants);
	}
	s->screen = STATE_VIEW;
	state_open_variant(s, variant);
	if (s->progress && prog->name && progress_set_seen(s->progress, prog->name))
		state_progress_save(s);
	if (s->progress_note) {
		/* A damaged progress file: said on the first screen that has a message line. */
		state_status(s, "%s", s->progress_note);
		free(s->progress_note);
		s->progress_note = NULL;
	}
	return 0;
}

/* The scenario embedded in trace TR, compiled; NULL with *ERR set. */
static struct prog *
state_trace_prog(const struct trace *tr, const char *file, char **err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag *d;
	struct prog *prog;

	if (mem == NULL) {
		*err = xasprintf("open_memstream: %s", strerror(errno));
		return NULL;
	}
	d = diag_new(mem);
	prog = scn_parse_buffer(tr->path, tr->source, tr->source_len, d);
	diag_free(d);
	fclose(mem);
	if (prog == NULL)
		*err = xasprintf(_("%s: the scenario embedded in the trace has errors:\n%s"), file, text ? text : "");
	free(text);
	return prog;
}

int
state_open_trace(struct state *s, const char *file, char **err)
{
	struct trace *tr;
	struct prog *prog;
	const struct prog_variant *v;

	if (trace_read(file, &tr, err) != 0)
		return -1;
	prog = state_trace_prog(tr, file, err);
	if (prog == NULL) {
		trace_free(tr);
		return -1;
	}
	v = prog_variant_find(prog, tr->variant && *tr->variant ? tr->variant : NULL);
	if (v == NULL) {
		*err = xasprintf(_("%s: the trace's variant '%s' is not in its scenario"), file, tr->variant);
		prog_free(prog);
		trace_free(tr);
		return -1;
	}
	state_close_prog(s);
	s->prog = prog;
	s->tl = tl_new(prog, v, 0);
	tl_add(s->tl, tr->events, tr->nevents);
	trace_free(tr);
	view_init(&s->view, prog, (int)(v - prog->variants), s->tl);
	s->have_view = true;
	s->view.mode = VIEW_REPLAY;
	s->view.finished = true;
	s->view.follow = false;
	if (s->view.nrows > 0)
		s->view.sel = view_first_sel(&s->view);
	s->replay = true;
	s->screen = STATE_VIEW;
	return 0;
}

bool
state_busy(const struct state *s)
{
	if (s->screen != STATE_VIEW)
		return false;
	if (s->run && !run_ended(s->run))
		return true;
	if (s->learn.hint_pending || s->learn.fewest_pending)
		return true;
	return s->cmp_next < s->ncmp;
}

void
state_compare_start(struct state *s)
{
	size_t n = s->prog->nvariants;

	state_compare_stop(s);
	s->cmp_tl = xcalloc(n, sizeof *s->cmp_tl);
	s->cmp_run = xcalloc(n, sizeof *s->cmp_run);
	s->view.cmp = xcalloc(n, sizeof *s->view.cmp);
	for (size_t i = 0; i < n; i++) {
		s->cmp_tl[i] = tl_new(s->prog, &s->prog->variants[i], 0);
		s->view.cmp[i].name = s->prog->variants[i].name;
		s->view.cmp[i].tl = s->cmp_tl[i];
	}
	s->ncmp = n;
	s->view.ncmp = n;
	s->cmp_next = 0;
	s->view.compare = true;
	if (s->run)
		run_pause(s->run);
}

/* The comparison's runs go one after the other, so they do not compete for CPUs. */
static bool
state_compare_poll(struct state *s)
{
	bool changed = false;

	while (s->cmp_next < s->ncmp) {
		size_t i = s->cmp_next;
		if (s->cmp_run[i] == NULL) {
			char *err = NULL;
			s->cmp_run[i] = run_new(s->prog, (int)i, s->cmp_tl[i], false, s->speed, NULL, 0, &err);
			if (s->cmp_run[i] == NULL) {
				state_status(s, _("variant %s cannot run: %s"), s->prog->variants[i].name, err ? err : "?");
				free(err);
				s->cmp_next++;
				continue;
			}
		}
		changed |= run_poll(s->cmp_run[i]);
		if (!run_ended(s->cmp_run[i]))
			break;
		if (!run_busy(s->cmp_run[i], &s->view.cmp[i].busy_late_ns))
			s->view.cmp[i].busy_late_ns = 0;
		s->cmp_next++;
	}
	return changed;
}

/* The run has just ended: its outcome and expectations go into the view. */
static void
state_run_ended(struct state *s)
{
	const char *o = run_outcome_text(s->run);
	size_t ne = s->view.var->nexpects;

	s->view.live_now = 0;
	s->view.finished = true;
	free(s->view.expect_met);
	free(s->view.expect_actual);
	s->view.expect_met = xcalloc(ne + 1, sizeof *s->view.expect_met);
	s->view.expect_actual = xcalloc(ne + 1, sizeof *s->view.expect_actual);
	for (size_t i = 0; i < ne; i++) {
		bool met;
		s->view.expect_met[i] = run_expect(s->run, i, &met, &s->view.expect_actual[i]) ? (signed char)met : -1;
	}
	if (!run_busy(s->run, &s->view.busy_late_ns))
		s->view.busy_late_ns = 0;
	if (o)
		state_status(s, "%s", o);
	state_revealed(s);
}

bool
state_poll(struct state *s)
{
	bool changed = false;

	if (s->screen == STATE_VIEW)
		changed |= state_learn_poll(s);

	if (s->screen == STATE_VIEW && s->run) {
		bool was_ended = run_ended(s->run), was_replaying = run_replaying(s->run);
		changed |= run_poll(s->run);
		if (run_ended(s->run) && !was_ended)
			state_run_ended(s);
		if (was_replaying && !run_replaying(s->run)) {
			s->view.status[0] = '\0';
			changed = true;
		}
		/* A challenge is watched step by step (and not while an undo replays). */
		if (changed && s->step && !run_replaying(s->run) && learn_watch(&s->learn, s->tl))
			state_solved(s);
	}
	/* A live run's time moves on between events: the axis and the current spans grow. */
	if (s->screen == STATE_VIEW && s->run && !run_ended(s->run) && s->view.mode == VIEW_LIVE &&
	    !s->view.paused && !s->view.compare && tl_t_end(s->tl) > 0) {
		s->view.live_now = rec_now();
		changed = true;
	}
	if (s->screen == STATE_VIEW && s->ncmp > 0) {
		changed |= state_compare_poll(s);
		for (size_t i = 0; i < s->ncmp; i++) {
			bool going = s->cmp_run[i] && !run_ended(s->cmp_run[i]) && tl_t_end(s->cmp_tl[i]) > 0;
			s->view.cmp[i].live_now = going ? rec_now() : 0;
			changed |= going;
		}
	}
	return changed;
}
