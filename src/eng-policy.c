/* eng-policy.c: who moves next in step mode: the schedule (an actor, or any
 * member of a family), a seeded random pick, or round robin after the last.
 * Called with the big lock held by eng.c and the supervisor; calls eng-sync.c. */
#include "config.h"

#include "eng-int.h"

static uint64_t
policy_rand(struct eng *e)
{
	uint64_t x = e->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	e->rng = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* The schedule entry C as an actor that can move now, or -1. */
static int
policy_entry(struct eng *e, int c)
{
	if (PROG_SCHED_IS_FAMILY(c)) {
		int f = PROG_SCHED_FAMILY_OF(c);
		if ((size_t)f >= e->v->nfamilies)
			return -1;
		for (int a = e->v->families[f].first; a < e->v->families[f].first + e->v->families[f].count; a++)
			if (eng_sync_ready(e->sync, a))
				return a;
		return -1;
	}
	return eng_sync_ready(e->sync, c) ? c : -1;
}

static int
policy_random(struct eng *e)
{
	int n = 0, want, k = 0;
	for (int a = 0; a < e->nactors; a++)
		n += eng_sync_ready(e->sync, a);
	if (n == 0)
		return -1;
	want = (int)(policy_rand(e) % (uint64_t)n);
	for (int a = 0; a < e->nactors; a++)
		if (eng_sync_ready(e->sync, a) && k++ == want)
			return a;
	return -1;
}

int
eng_policy_pick(struct eng *e, bool use_policy)
{
	if (use_policy && e->cfg.policy == ENG_POLICY_SCHEDULE) {
		while (e->sched_pos < e->cfg.nschedule) {
			int a = policy_entry(e, e->cfg.schedule[e->sched_pos++]);
			if (a >= 0)
				return e->rr_last = a;
		}
	}
	if (use_policy && e->cfg.policy == ENG_POLICY_RANDOM) {
		int a = policy_random(e);
		return a >= 0 ? (e->rr_last = a) : -1;
	}
	for (int i = 1; i <= e->nactors; i++) {
		int a = (e->rr_last + i) % e->nactors;
		if (a >= 0 && eng_sync_ready(e->sync, a))
			return e->rr_last = a;
	}
	return -1;
}
