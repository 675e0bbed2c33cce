/* eng-outcome.c: how a run ended: each actor's end, the final values, the
 * expectations, and each family's figures (arrived, finished, timed out,
 * refused; latency percentiles; throughput; peak concurrency).  Called by
 * the supervisor once every thread and process is gone; calls eng-op.c (to
 * evaluate expectations), eng-sync.c and eng-emit.c. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "eng-int.h"
#include "xalloc.h"

static void
outcome_actors(struct eng *e, struct eng_outcome *o)
{
	for (size_t a = 0; a < o->nactors; a++) {
		struct eng_actor_result *r = &o->actors[a];
		struct eng_stat *st;
		r->wait_res = r->wait_holder = -1;
		r->fail_op = -1;
		if (a >= (size_t)e->nactors) {
			r->state = REC_ST_DONE;
			r->started = true;
			continue;
		}
		st = &e->stat[a];
		r->state = eng_sync_last_state(e->sync, (int)a);
		r->started = eng_sync_is_started(e->sync, (int)a) && st->refused == 0;
		r->crashed = st->crashed != 0;
		r->status = st->status;
		r->fail_op = st->fail_op - 1;
		r->ops = st->ops;
		r->wall_ns = st->t_end > st->t_start ? st->t_end - st->t_start : 0;
		r->cpu_ns = st->cpu_ns;
		r->vcsw = st->vcsw;
		r->ivcsw = st->ivcsw;
		r->migrations = st->migrations;
		r->work_late_max = st->work_late_max;
		r->nwork = st->nwork;
		r->sleep_late_max = eng_sync_sleep_late(e->sync, (int)a, &r->nsleep);
		if (eng_sync_phase(e->sync, (int)a) == ENG_PH_BLOCKED)
			eng_sync_waiting(e->sync, (int)a, &r->wait_res, &r->wait_holder);
	}
}

/* The worker that finished first (-1: none did): by the run's own record of
 * when each ended, so a step-mode run answers by the order of its steps. */
static int
outcome_first_done(struct eng *e)
{
	int first = -1;
	for (int a = 0; a < e->nactors; a++) {
		const struct eng_stat *st = &e->stat[a];
		if (eng_sync_last_state(e->sync, a) != REC_ST_DONE || st->t_end == 0)
			continue;
		if (first < 0 || st->t_end < e->stat[first].t_end)
			first = a;
	}
	return first;
}

enum verdict_end
eng_end_verdict(enum eng_end end)
{
	switch (end) {
	case ENG_END_DONE: return VERDICT_FINISHED;
	case ENG_END_DEADLOCK: return VERDICT_DEADLOCK;
	case ENG_END_STALLED: return VERDICT_STALLED;
	case ENG_END_LIMIT: return VERDICT_LIMIT;
	case ENG_END_FAILED: return VERDICT_FAILED;
	case ENG_END_NONE:
	case ENG_END_ABORTED: break;
	}
	return VERDICT_ABORTED;
}

enum verdict_failure
eng_outcome_failure(const struct eng_outcome *o)
{
	if (o->fail_actor >= 0)  /* an assert, or an unlock of what it did not hold */
		return VERDICT_FAIL_ASSERT;
	if (o->invariant >= 0)
		return VERDICT_FAIL_INVARIANT;
	if (o->crit_region >= 0)
		return VERDICT_FAIL_CRITICAL;
	if (o->asserts_failed > 0)
		return VERDICT_FAIL_ASSERT;
	if (o->critical_violations > 0)
		return VERDICT_FAIL_CRITICAL;
	if (o->failed)
		return VERDICT_FAIL_CRASH;
	return VERDICT_FAIL_NONE;
}

/* Judges X against the run's end as O records it; *ACTUAL: what it was measured by. */
static bool
outcome_judge(struct eng *e, const struct eng_outcome *o, const struct prog_expect *x,
    prog_value *actual)
{
	switch (x->kind) {
	case PROG_EXPECT_ELAPSED_LT:
	case PROG_EXPECT_ELAPSED_GT:
		*actual = o->elapsed_ns;
		return x->kind == PROG_EXPECT_ELAPSED_LT ? o->elapsed_ns < eng_run_ns(e, x->dur_ns)
		    : o->elapsed_ns > eng_run_ns(e, x->dur_ns);
	case PROG_EXPECT_FIRST:
		*actual = outcome_first_done(e);
		return *actual == x->actor;
	case PROG_EXPECT_TRUE:
	case PROG_EXPECT_DEADLOCK:
	case PROG_EXPECT_NO_DEADLOCK:
	case PROG_EXPECT_STALL:
	case PROG_EXPECT_LIVELOCK:
	case PROG_EXPECT_LOSE:
	case PROG_EXPECT_FAIL:
		/* the verdict's reading of the recorded end, not a second one; only
		 * time and order are measured here */
		return verdict_holds(e->v, x, o->signal ? VERDICT_SIGNAL : eng_end_verdict(o->end),
		    eng_outcome_failure(o), o->lost_updates, o->finals, actual) > 0;
	case PROG_EXPECT_COUNT:
		break;
	}
	*actual = 0;
	return false;
}

bool
eng_outcome_judge(struct eng *e, const struct prog_expect *x, prog_value *actual)
{
	prog_value dummy;
	bool ended;

	if (actual == NULL)
		actual = &dummy;
	/* read here, not through eng_outcome(): eng.c calls this file, never the reverse */
	pthread_mutex_lock(&e->end_lock);
	ended = e->ended;
	pthread_mutex_unlock(&e->end_lock);
	if (!ended) {
		*actual = 0;
		return false;
	}
	return outcome_judge(e, &e->out, x, actual);
}

static void
outcome_expects(struct eng *e, struct eng_outcome *o)
{
	const struct prog_variant *v = e->v;
	o->nexpects = v->nexpects;
	o->expects = xcalloc(v->nexpects + 1, sizeof *o->expects);
	o->expectations_met = true;
	for (size_t i = 0; i < v->nexpects; i++) {
		struct eng_expect_result *r = &o->expects[i];
		r->met = outcome_judge(e, o, &v->expects[i], &r->actual);
		if (!r->met)
			o->expectations_met = false;
		eng_emit_simple(e, REC_EXPECT, -1, -1, (int)i, -1, r->met);
	}
}

static int
outcome_cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The P-th percentile (nearest rank) of N sorted values. */
static int64_t
outcome_pct(const int64_t *v, size_t n, int p)
{
	size_t k;
	if (n == 0)
		return -1;
	k = ((size_t)p * n + 99) / 100;
	return v[k > 0 ? k - 1 : 0];
}

/* Peak concurrency from arrivals (+1, low bit 1) and finishes (-1, low bit 0)
 * packed as time*2 + bit, sorted: a finish at the same time comes first. */
static int
outcome_peak(int64_t *ev, size_t n)
{
	int cur = 0, peak = 0;
	qsort(ev, n, sizeof *ev, outcome_cmp64);
	for (size_t i = 0; i < n; i++) {
		cur += (ev[i] & 1) ? 1 : -1;
		if (cur > peak)
			peak = cur;
	}
	return peak;
}

static void
outcome_family(struct eng *e, const struct prog_family *f, struct eng_family_result *r, int64_t end)
{
	int64_t *lat = xcalloc((size_t)f->count + 1, sizeof *lat);
	int64_t *ev = xcalloc(2 * (size_t)f->count + 1, sizeof *ev);
	int64_t first = -1, last = -1;
	size_t nlat = 0, nev = 0;

	for (int a = f->first; a < f->first + f->count; a++) {
		struct eng_stat *st = &e->stat[a];
		int64_t deadline = f->deadline_ns > 0 ? eng_run_ns(e, f->deadline_ns) : -1;
		if (!st->arrived)
			continue;
		r->arrived++;
		if (first < 0 || st->arrive_ns < first)
			first = st->arrive_ns;
		if (st->refused) {
			r->refused++;
			if (r->refused_errno == 0)
				r->refused_errno = st->refused;
			continue;
		}
		r->started++;
		ev[nev++] = st->arrive_ns * 2 + 1;
		if (st->finished) {
			lat[nlat++] = st->finish_ns - st->arrive_ns;
			ev[nev++] = st->finish_ns * 2;
			if (st->finish_ns > last)
				last = st->finish_ns;
		}
		if (st->timed_out || (!st->finished && deadline >= 0 && end - st->arrive_ns > deadline))
			r->timed_out++;
		else if (st->finished)
			r->finished++;
		else
			r->unfinished++;
	}
	qsort(lat, nlat, sizeof *lat, outcome_cmp64);
	r->lat_p50 = outcome_pct(lat, nlat, 50);
	r->lat_p95 = outcome_pct(lat, nlat, 95);
	r->lat_p99 = outcome_pct(lat, nlat, 99);
	r->lat_max = nlat ? lat[nlat - 1] : -1;
	r->peak_concurrent = outcome_peak(ev, nev);
	r->span_ns = first >= 0 && last > first ? last - first : 0;
	r->throughput = r->span_ns > 0 ? (double)nlat * 1e9 / (double)r->span_ns : 0;
	free(lat);
	free(ev);
}

static void
outcome_families(struct eng *e, struct eng_outcome *o)
{
	int64_t end;
	eng_sync_lock_big(e->sync);
	end = eng_clock(e);
	eng_sync_unlock_big(e->sync);
	o->nfamilies = e->v->nfamilies;
	o->families = xcalloc(o->nfamilies + 1, sizeof *o->families);
	o->step_clock = e->cfg.mode == ENG_STEP;
	for (size_t f = 0; f < o->nfamilies; f++)
		outcome_family(e, &e->v->families[f], &o->families[f], end);
}

void
eng_outcome_make(struct eng *e)
{
	struct eng_outcome *o = &e->out;
	const struct prog_variant *v = e->v;
	enum eng_sync_end se = eng_sync_end(e->sync);

	o->end = atomic_load(&e->sh->limit_hit) ? ENG_END_LIMIT :
	    se == ENG_SYNC_FAILED ? ENG_END_FAILED :
	    se == ENG_SYNC_DEADLOCK ? ENG_END_DEADLOCK :
	    se == ENG_SYNC_STALLED ? ENG_END_STALLED :
	    se == ENG_SYNC_ABORTED ? ENG_END_ABORTED : ENG_END_DONE;
	o->signal = atomic_load(&e->abort_sig);
	o->asserts_failed = atomic_load(&e->sh->asserts_failed);
	o->critical_violations = atomic_load(&e->sh->critical);
	o->lost_updates = atomic_load(&e->sh->lost_updates);
	o->failed = o->asserts_failed > 0 || o->critical_violations > 0 || atomic_load(&e->sh->crashes) > 0;
	o->elapsed_ns = (int64_t)(e->t_end - e->t_begin);
	if (e->cfg.mode == ENG_STEP) {  /* step mode: scenario time, as the timeline draws it */
		eng_sync_lock_big(e->sync);
		o->elapsed_ns = eng_clock(e);
		eng_sync_unlock_big(e->sync);
	}
	o->step_clock = e->cfg.mode == ENG_STEP;
	{
		int np = atomic_load(&e->sh->npool);
		o->nactors = (size_t)e->nactors + (size_t)(np < ENG_MAX_POOL ? np : ENG_MAX_POOL);
	}
	o->actors = xcalloc(o->nactors + 1, sizeof *o->actors);
	outcome_actors(e, o);
	o->ndecls = v->ndecls;
	o->finals = xcalloc(v->ndecls + 1, sizeof *o->finals);
	o->proc_finals = xcalloc(v->ndecls * v->nactors + 1, sizeof *o->proc_finals);
	for (size_t d = 0; d < v->ndecls; d++)
		o->finals[d] = v->decls[d].kind == PROG_SHM ? e->shm[d].v :
		    v->decls[d].kind == PROG_VAR ? e->vars[d].v :
		    v->decls[d].kind == PROG_QUEUE ? eng_sync_qlen(e->sync, (int)d) : 0;
	memcpy(o->proc_finals, e->proc_final, v->ndecls * v->nactors * sizeof *o->proc_finals);
	o->ncycle = eng_sync_cycle(e->sync, o->cycle, o->cycle_res, 64);
	o->fail_actor = e->sh->fail_actor;
	o->fail_op = e->sh->fail_op;
	o->fail_text = e->sh->fail_text;
	o->fail_res = e->sh->fail_res;
	o->crit_region = e->sh->crit_region;
	o->crit_actor = e->sh->crit_actor;
	o->crit_other = e->sh->crit_other;
	o->invariant = e->sh->invariant;
	o->inv_actor = e->sh->inv_actor;
	o->inv_op = e->sh->inv_op;
	outcome_expects(e, o);  /* after every fact it reads */
	o->dropped = rec_dropped(e->rec) + atomic_load(&e->sh->dropped);
	outcome_families(e, o);
	o->figures.peak_threads = atomic_load(&e->sh->peak_threads);
	o->figures.peak_processes = atomic_load(&e->sh->peak_procs);
	o->figures.peak_rss_kb = e->peak_rss_kb;
}

void
eng_outcome_free(struct eng_outcome *o)
{
	free(o->actors);
	free(o->finals);
	free(o->proc_finals);
	free(o->expects);
	free(o->families);
}
