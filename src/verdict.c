/* verdict.c: the one place a run's end is judged (see verdict.h for the rule). */
#include "config.h"

#include "verdict.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "prog-eval.h"
#include "xalloc.h"

void
verdict_facts_init(struct verdict_facts *f)
{
	memset(f, 0, sizeof *f);
	f->end = VERDICT_FINISHED;
	f->failure = VERDICT_FAIL_NONE;
	f->invariant = -1;
}

const char *
verdict_end_text(enum verdict_end end, enum verdict_failure failure)
{
	/* a failure names the end, whatever came after it (an assert failed, then the run stalled) */
	switch (failure) {
	case VERDICT_FAIL_ASSERT: return _("failed: an assert did not hold");
	case VERDICT_FAIL_CRITICAL: return _("failed: a critical region was shared");
	case VERDICT_FAIL_INVARIANT: return _("failed: an invariant was broken");
	case VERDICT_FAIL_CRASH: return _("failed: a process crashed");
	case VERDICT_FAIL_NONE: break;
	}
	switch (end) {
	case VERDICT_FINISHED: return _("finished");
	case VERDICT_FAILED: return _("failed");
	case VERDICT_DEADLOCK: return _("deadlocked");
	case VERDICT_STALLED: return _("stalled");
	case VERDICT_LIVELOCK: return _("livelocked: the workers move for ever without progress");
	case VERDICT_LIMIT: return _("stopped at the op limit");
	case VERDICT_SIGNAL: return _("stopped by a signal");
	case VERDICT_ABORTED: return _("stopped before its end");
	case VERDICT_END_COUNT: break;
	}
	return "?";
}

const char *
verdict_mark_text(enum verdict_mark m, enum prog_expect_mode mode)
{
	switch (m) {
	case VERDICT_MET: return _("met");
	case VERDICT_NOT_MET: return mode == PROG_ALWAYS ? _("BROKEN") : _("NOT MET");
	case VERDICT_SHOWN: return _("shown");
	case VERDICT_NOT_SHOWN: return _("not this time");
	case VERDICT_UNKNOWN: break;
	}
	return "?";
}

bool
verdict_has_lesson(const struct prog_variant *v)
{
	for (size_t i = 0; i < v->nexpects; i++)
		if (v->expects[i].mode == PROG_CAN)
			return true;
	return false;
}

static prog_value
verdict_final(void *ctx, int res)
{
	return ((const prog_value *)ctx)[res];
}

int
verdict_holds(const struct prog_variant *v, const struct prog_expect *x, enum verdict_end end,
    enum verdict_failure failure, int lost, const prog_value *finals, prog_value *actual)
{
	prog_value dummy;
	int r = -1;

	if (actual == NULL)
		actual = &dummy;
	*actual = 0;
	switch (x->kind) {
	case PROG_EXPECT_TRUE:
		if (finals != NULL) {
			struct prog_eval_env env = { .ctx = (void *)finals, .shared = verdict_final,
				.qlen = verdict_final };
			*actual = prog_eval(v, x->expr, &env);
			r = *actual != 0;
		}
		return r;
	case PROG_EXPECT_DEADLOCK:
	case PROG_EXPECT_NO_DEADLOCK:
		*actual = end == VERDICT_DEADLOCK;
		return x->kind == PROG_EXPECT_DEADLOCK ? (int)*actual : !*actual;
	case PROG_EXPECT_STALL:
		return (int)(*actual = end == VERDICT_STALLED);
	case PROG_EXPECT_LIVELOCK:
		/* a run cannot see a livelock whole: spinning to the op limit is how it shows */
		return (int)(*actual = end == VERDICT_LIVELOCK || end == VERDICT_LIMIT);
	case PROG_EXPECT_LOSE:
		*actual = lost;
		return lost > 0;
	case PROG_EXPECT_FAIL:
		return (int)(*actual = failure != VERDICT_FAIL_NONE || end == VERDICT_FAILED);
	case PROG_EXPECT_ELAPSED_LT:
	case PROG_EXPECT_ELAPSED_GT:
	case PROG_EXPECT_FIRST:
	case PROG_EXPECT_COUNT:
		break;
	}
	return -1;
}

/* Whether V has an expectation (any mode) of kind K. */
static bool
verdict_allows(const struct prog_variant *v, enum prog_expect_kind k)
{
	for (size_t i = 0; i < v->nexpects; i++)
		if (v->expects[i].kind == k && v->expects[i].mode != PROG_ALWAYS)
			return true;
	return false;
}

/* Whether the way F ended is something V says can happen. */
static bool
verdict_wrong(const struct prog_variant *v, const struct verdict_facts *f)
{
	if (f->failure == VERDICT_FAIL_INVARIANT)
		return false;  /* the invariant's own mark says it */
	if (f->failure != VERDICT_FAIL_NONE || f->end == VERDICT_FAILED)
		return !verdict_allows(v, PROG_EXPECT_FAIL);
	switch (f->end) {
	case VERDICT_FINISHED: return false;
	case VERDICT_DEADLOCK: return !verdict_allows(v, PROG_EXPECT_DEADLOCK);
	case VERDICT_STALLED: return !verdict_allows(v, PROG_EXPECT_STALL);
	case VERDICT_LIVELOCK:
	case VERDICT_LIMIT: return !verdict_allows(v, PROG_EXPECT_LIVELOCK);
	default: return true;
	}
}

void
verdict_judge(struct verdict *vd, const struct prog_variant *v, const struct verdict_facts *f)
{
	const char *judged;
	char *base, *lost = NULL;
	bool any_check = false;

	memset(vd, 0, sizeof *vd);
	vd->end = f->end;
	vd->failure = f->failure;
	vd->lost_updates = f->lost_updates;
	vd->nexpects = v->nexpects;
	vd->marks = xcalloc(v->nexpects + 1, sizeof *vd->marks);
	vd->actual = xcalloc(v->nexpects + 1, sizeof *vd->actual);
	vd->shown = true;
	for (size_t i = 0; i < v->nexpects; i++) {
		const struct prog_expect *x = &v->expects[i];
		int h = verdict_holds(v, x, f->end, f->failure, f->lost_updates, f->finals, &vd->actual[i]);
		if (h < 0 && f->measured != NULL)
			h = f->measured[i];
		if (x->mode == PROG_ALWAYS && f->failure == VERDICT_FAIL_INVARIANT && f->invariant == (int)i)
			h = 0;  /* broken on the way, whatever the end says */
		if (x->mode == PROG_CAN) {
			vd->lesson = true;
			vd->marks[i] = h < 0 ? VERDICT_UNKNOWN : h ? VERDICT_SHOWN : VERDICT_NOT_SHOWN;
			if (h <= 0)
				vd->shown = false;
		} else {
			any_check = true;
			vd->marks[i] = h < 0 ? VERDICT_UNKNOWN : h ? VERDICT_MET : VERDICT_NOT_MET;
			if (h == 0)
				vd->unmet++;
		}
	}
	if (!vd->lesson)
		vd->shown = false;
	vd->wrong = verdict_wrong(v, f);

	if (f->end == VERDICT_SIGNAL)
		vd->status = 128 + f->signal;
	else if (vd->wrong || vd->unmet > 0 || (vd->lesson && !vd->shown))
		vd->status = KS_EXIT_FAILED;
	else
		vd->status = KS_EXIT_OK;

	if (f->end == VERDICT_SIGNAL || f->end == VERDICT_ABORTED)
		judged = _("the run did not end, so it cannot be judged");
	else if (vd->wrong)
		judged = _("the variant does not expect this");
	else if (vd->unmet > 0)
		judged = NULL;  /* counted below */
	else if (vd->lesson && vd->shown)
		judged = _("the lesson is shown: this can happen");
	else if (vd->lesson)
		judged = _("the lesson did not happen this time; it can: see `kitchensync explore`");
	else if (any_check)
		judged = _("every expectation met");
	else
		judged = _("nothing to check: the variant states no expectation");

	if (f->end == VERDICT_SIGNAL)
		base = xasprintf(_("stopped by signal %d"), f->signal);
	else
		base = xstrdup(verdict_end_text(f->end, f->failure));
	if (f->lost_updates > 0)
		lost = xasprintf(P_(", %d update lost", ", %d updates lost", f->lost_updates), f->lost_updates);
	if (judged != NULL) {
		vd->headline = xasprintf("%s%s; %s", base, lost ? lost : "", judged);
	} else {
		char *n = xasprintf(P_("%d expectation not met", "%d expectations not met", vd->unmet), vd->unmet);
		vd->headline = xasprintf("%s%s; %s", base, lost ? lost : "", n);
		free(n);
	}
	free(base);
	free(lost);
}

void
verdict_free(struct verdict *vd)
{
	free(vd->marks);
	free(vd->actual);
	free(vd->headline);
	memset(vd, 0, sizeof *vd);
}
