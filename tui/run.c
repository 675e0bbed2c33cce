/* run.c: an engine run as the UI drives it: drained, never waited on. */
#include "config.h"

#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "i18n.h"
#include "run-out.h"
#include "xalloc.h"

enum { RUN_BATCH = 4096 };

struct run {
	struct eng *eng;
	const struct prog_variant *var;
	struct tl *tl;
	bool step;
	bool ended;
	struct verdict verdict;  /* judged once, when the run has ended */
	int *history;
	size_t nhistory, ahistory;
	int *replay;          /* grants still to make for an undo */
	size_t nreplay, ireplay;
	struct rec_event buf[RUN_BATCH];
};

struct run *
run_new(const struct prog *prog, int variant, struct tl *tl, bool step, double speed,
    const int *replay, size_t nreplay, char **err)
{
	struct eng_config cfg;
	struct run *r;

	if (variant < 0 || (size_t)variant >= prog->nvariants) {
		*err = xstrdup(_("no such variant"));
		return NULL;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.prog = prog;
	cfg.variant = &prog->variants[variant];
	cfg.mode = step ? ENG_STEP : ENG_LIVE;
	cfg.policy = ENG_POLICY_MANUAL;
	cfg.speed = speed > 0 ? speed : 1.0;
	r = xcalloc(1, sizeof *r);
	r->tl = tl;
	r->var = cfg.variant;
	r->step = step;
	r->eng = eng_new(&cfg, err);
	if (r->eng == NULL) {
		free(r);
		return NULL;
	}
	if (nreplay > 0) {
		r->replay = xcalloc(nreplay, sizeof *r->replay);
		memcpy(r->replay, replay, nreplay * sizeof *replay);
		r->nreplay = nreplay;
	}
	if (eng_start(r->eng, err) != 0) {
		run_free(r);
		return NULL;
	}
	return r;
}

void
run_free(struct run *r)
{
	if (r == NULL)
		return;
	if (r->eng) {
		eng_abort(r->eng);
		eng_free(r->eng);
	}
	if (r->ended)
		verdict_free(&r->verdict);
	free(r->history);
	free(r->replay);
	free(r);
}

static void
run_record_grant(struct run *r, int actor)
{
	r->history = xgrow(r->history, &r->ahistory, r->nhistory + 1, sizeof *r->history);
	r->history[r->nhistory++] = actor;
}

bool
run_poll(struct run *r)
{
	struct rec *rec;
	bool changed = false, over;
	size_t n;

	if (r->ended)
		return false;
	/* Undo: grant the recorded schedule as fast as the actors become ready. */
	while (r->ireplay < r->nreplay) {
		int a = r->replay[r->ireplay];
		if (!eng_grant(r->eng, a))
			break;
		run_record_grant(r, a);
		r->ireplay++;
	}
	rec = eng_rec(r->eng);
	over = eng_wait(r->eng, 0);
	do {
		n = rec_drain(rec, r->buf, RUN_BATCH, over);
		if (n > 0) {
			tl_add(r->tl, r->buf, n);
			changed = true;
		}
	} while (n == RUN_BATCH);
	if (over) {
		r->ended = true;
		run_out_verdict(&r->verdict, r->var, eng_outcome(r->eng));
		changed = true;
	}
	return changed;
}

bool
run_ended(const struct run *r)
{
	return r->ended;
}

bool
run_replaying(const struct run *r)
{
	return r->ireplay < r->nreplay;
}

void
run_pause(struct run *r)
{
	if (!r->ended)
		eng_pause(r->eng);
}

void
run_set_speed(struct run *r, double speed)
{
	if (!r->ended)
		eng_set_speed(r->eng, speed);
}

void
run_resume(struct run *r)
{
	if (!r->ended)
		eng_resume(r->eng);
}

bool
run_grant(struct run *r, int actor)
{
	if (!r->step || r->ended || run_replaying(r) || !eng_grant(r->eng, actor))
		return false;
	run_record_grant(r, actor);
	return true;
}

int
run_grant_auto(struct run *r)
{
	int a;

	if (!r->step || r->ended || run_replaying(r))
		return -1;
	a = eng_grant_auto(r->eng);
	if (a >= 0)
		run_record_grant(r, a);
	return a;
}

unsigned long long
run_ready(const struct run *r)
{
	return r->ended ? 0 : (unsigned long long)eng_ready_mask(r->eng);
}

const int *
run_history(const struct run *r, size_t *n)
{
	*n = r->nhistory;
	return r->history;
}

bool
run_judge(const struct run *r, const struct prog_expect *x, prog_value *actual)
{
	return r != NULL && r->ended && eng_outcome_judge(r->eng, x, actual);
}

int
run_exit_status(const struct run *r)
{
	if (r == NULL || !r->ended)
		return 0;  /* stopped before its end: nothing went wrong yet */
	return r->verdict.status;
}

bool
run_busy(const struct run *r, int64_t *late_ns)
{
	*late_ns = 0;
	return r != NULL && r->ended && run_out_busy(eng_outcome(r->eng), late_ns);
}

const char *
run_outcome_text(const struct run *r)
{
	return r->ended ? r->verdict.headline : NULL;
}

bool
run_expect(const struct run *r, size_t i, bool *met, int64_t *actual)
{
	const struct eng_outcome *o;

	if (!r->ended || (o = eng_outcome(r->eng)) == NULL || i >= r->verdict.nexpects)
		return false;
	if (r->verdict.marks[i] == VERDICT_UNKNOWN)
		return false;
	*met = r->verdict.marks[i] == VERDICT_MET || r->verdict.marks[i] == VERDICT_SHOWN;
	*actual = i < o->nexpects && (r->var->expects[i].kind == PROG_EXPECT_ELAPSED_LT
	    || r->var->expects[i].kind == PROG_EXPECT_ELAPSED_GT) ? o->expects[i].actual : r->verdict.actual[i];
	return true;
}
