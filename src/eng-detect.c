/* eng-detect.c: the wait-for graph: who can unblock whom, deadlock cycles and
 * stalls.  Called by eng-sync.c and the supervisor with the big lock held;
 * calls only eng-slot.c.
 *
 * Two checks, so that thousands of actors blocking and waking stay cheap:
 *   - when an actor blocks, follow "waits for the one holder" from it (mutex,
 *     rwlock writer, join): a walk back to itself is a cycle, found at once;
 *   - the whole graph (eng_sync_detect): the actors that can still move, or be
 *     unblocked by one that can, found by a work list in O(actors x resources);
 *     the rest are stuck: a cycle among them is a deadlock, and when no started
 *     actor can move at all the run has stalled.  It runs when nothing could
 *     run any more, and from the supervisor now and then.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "eng-sync-int.h"
#include "xalloc.h"

static bool
det_live(struct eng_sync *s, int b)
{
	return sync_slot(s, b)->phase != ENG_PH_DONE;
}

/* The first live actor other than A in the bitset M, or -1. */
static int
det_first(struct eng_sync *s, const uint64_t *m, int a)
{
	for (size_t w = 0; w < s->st.nwords; w++) {
		uint64_t x = m[w];
		while (x) {
			int b = (int)(w * 64) + __builtin_ctzll(x);
			x &= x - 1;
			if (b != a && b < s->nactors && det_live(s, b))
				return b;
		}
	}
	return -1;
}

static const uint64_t *
det_set(struct eng_sync *s, const uint64_t *base, int r)
{
	return base + (size_t)r * s->st.nwords;
}

int
sync_unblocker_name(struct eng_sync *s, int a)
{
	struct sync_slot *sl = sync_slot(s, a);
	struct sync_res *r = sl->wait_res >= 0 ? sync_res(s, sl->wait_res) : NULL;
	int b;

	switch (sl->wait) {
	case ENG_W_MUTEX:
		return r->owner;
	case ENG_W_READ:
	case ENG_W_WRITE:
		return r->owner >= 0 ? r->owner : det_first(s, sync_readers(s, r), -1);
	case ENG_W_SEM:
		for (b = 0; b < s->nactors; b++)
			if (b != a && sync_held(s, r)[b] > 0 && det_live(s, b))
				return b;
		return det_first(s, det_set(s, s->st.releasers, sl->wait_res), a);
	case ENG_W_POP:
		return det_first(s, det_set(s, s->st.pushers, sl->wait_res), a);
	case ENG_W_PUSH:
		return det_first(s, det_set(s, s->st.poppers, sl->wait_res), a);
	case ENG_W_JOIN:
		return sl->wait_target;
	case ENG_W_REPLY:
		return det_first(s, det_set(s, s->st.repliers, sl->wait_res), a);
	case ENG_W_NONE:
		break;
	}
	return -1;
}

/* True when B's wait has one possible unblocker, which it names. */
static bool
det_single(struct eng_sync *s, int b)
{
	struct sync_slot *sl = sync_slot(s, b);
	if (sl->phase != ENG_PH_BLOCKED || sl->timed)
		return false;
	if (sl->wait == ENG_W_JOIN)
		return true;
	if (sl->wait == ENG_W_MUTEX || sl->wait == ENG_W_READ || sl->wait == ENG_W_WRITE)
		return sync_res(s, sl->wait_res)->owner >= 0;
	return false;
}

bool
eng_sync_closes_cycle(struct eng_sync *s, int a)
{
	int b = a, steps = 0;
	while (det_single(s, b) && steps++ <= s->nactors) {
		b = sync_unblocker_name(s, b);
		if (b == a)
			return true;
		if (b < 0)
			return false;
	}
	return false;
}

/* ---- the whole graph -------------------------------------------------------- */

struct det {
	struct eng_sync *s;
	char *free;     /* per actor */
	int *work, nwork;
	int *need;      /* per rwlock: readers not yet known free */
};

static void
det_mark(struct det *d, int a)
{
	if (a < 0 || a >= d->s->nactors || d->free[a])
		return;
	d->free[a] = 1;
	d->work[d->nwork++] = a;
}

/* Marks the waiters on R of kinds W1 or W2 (ENG_W_NONE: any) free, except B. */
static void
det_free_waiters(struct det *d, int r, enum eng_wait w1, enum eng_wait w2, int b)
{
	for (int c = sync_wait_first(d->s, r); c >= 0; c = sync_wait_next(d->s, c)) {
		int w = sync_slot(d->s, c)->wait;
		if (c != b && (w1 == ENG_W_NONE || w == (int)w1 || w == (int)w2))
			det_mark(d, c);
	}
}

/* B can move: so can those it may unblock. */
static void
det_spread(struct det *d, int b)
{
	struct eng_sync *s = d->s;
	const struct sync_static *st = &s->st;

	for (int r = 0; r < s->nres; r++) {
		struct sync_res *re = sync_res(s, r);
		switch (re->kind) {
		case PROG_MUTEX:
			if (re->owner == b)
				det_free_waiters(d, r, ENG_W_NONE, ENG_W_NONE, b);
			break;
		case PROG_RWLOCK:
			if (re->owner == b)
				det_free_waiters(d, r, ENG_W_NONE, ENG_W_NONE, b);
			else if (re->owner < 0 && sync_bit(sync_readers(s, re), b) && --d->need[r] == 0)
				det_free_waiters(d, r, ENG_W_NONE, ENG_W_NONE, b);
			break;
		case PROG_SEMAPHORE:
			if (sync_held(s, re)[b] > 0 || sync_bit(det_set(s, st->releasers, r), b))
				det_free_waiters(d, r, ENG_W_NONE, ENG_W_NONE, b);
			break;
		case PROG_QUEUE:
			if (sync_bit(det_set(s, st->pushers, r), b))
				det_free_waiters(d, r, ENG_W_POP, ENG_W_POP, b);
			if (sync_bit(det_set(s, st->poppers, r), b))
				det_free_waiters(d, r, ENG_W_PUSH, ENG_W_PUSH, b);
			if (sync_bit(det_set(s, st->repliers, r), b))
				det_free_waiters(d, r, ENG_W_REPLY, ENG_W_REPLY, b);
			break;
		default:
			break;
		}
	}
	for (int c = sync_slot(s, b)->jhead; c >= 0; c = sync_slot(s, c)->wnext)
		det_mark(d, c);
	for (int k = st->spawn_off[b]; k < st->spawn_off[b + 1]; k++)
		for (int a = st->spawn_rng[k][0]; a < st->spawn_rng[k][0] + st->spawn_rng[k][1]; a++)
			if (sync_slot(s, a)->phase == ENG_PH_IDLE)
				det_mark(d, a);
}

/* Whether A can move by itself (or its wake is already on the way). */
static bool
det_moves(struct eng_sync *s, int a)
{
	struct sync_slot *sl = sync_slot(s, a);
	struct sync_res *r;

	switch (sl->phase) {
	case ENG_PH_BUSY:
	case ENG_PH_READY:
		return true;
	case ENG_PH_IDLE:
		return !sl->idle;  /* the run, its parent or its arrival starts it */
	case ENG_PH_BLOCKED:
		if (sl->timed)
			return true;
		if (sl->wait != ENG_W_MUTEX && sl->wait != ENG_W_READ && sl->wait != ENG_W_WRITE)
			return false;
		r = sync_res(s, sl->wait_res);
		return r->owner < 0 && r->nreaders == 0;  /* released: the wake is in flight */
	default:
		return false;
	}
}

/* The actors that can move or be unblocked by one that can, into D->free. */
static void
det_free_set(struct det *d)
{
	struct eng_sync *s = d->s;
	for (int r = 0; r < s->nres; r++)
		d->need[r] = (int)sync_res(s, r)->nreaders;
	for (int a = 0; a < s->nactors; a++)
		if (det_moves(s, a))
			det_mark(d, a);
	while (d->nwork > 0)
		det_spread(d, d->work[--d->nwork]);
}

/* Records the cycle through the stuck actors that starts where a walk from A closes. */
static bool
det_cycle(struct det *d, const int *next, int *color, int *pos, int *path, int a)
{
	struct eng_sync *s = d->s;
	int n = 0, b = a;

	while (b >= 0 && !d->free[b] && sync_slot(s, b)->phase == ENG_PH_BLOCKED && color[b] == 0) {
		color[b] = 1;
		pos[b] = n;
		path[n++] = b;
		b = next[b];
	}
	if (b >= 0 && color[b] == 1) {
		s->ncycle = 0;
		for (int i = pos[b]; i < n && s->ncycle < 64; i++) {
			int c = path[i];
			struct sync_slot *sl = sync_slot(s, c);
			s->cycle[s->ncycle] = c;
			s->cycle_res[s->ncycle++] = sl->wait == ENG_W_JOIN ? -1 : sl->wait_res;
		}
	}
	for (int i = 0; i < n; i++)
		color[path[i]] = 2;
	return b >= 0 && s->ncycle > 0 && s->cycle[0] == b;
}

/* A waits for what it holds itself (a mutex locked twice): it is stuck for
 * ever, but that is no reason to stop the others.  Recorded once. */
static void
det_self_stuck(struct eng_sync *s, int a)
{
	struct sync_slot *sl = sync_slot(s, a);
	if (sl->selfstuck)
		return;
	sl->selfstuck = 1;
	sync_emit(s, REC_DEADLOCK, a, sl->wait_res, a, sl->wait);
	eng_sync_state(s, a, REC_ST_DEADLOCKED, sl->wait_res, a);
}

static void
det_report(struct eng_sync *s, const int *next)
{
	for (int i = 0; i < s->ncycle; i++) {
		int c = s->cycle[i];
		sync_emit(s, REC_DEADLOCK, c, s->cycle_res[i], next[c], sync_slot(s, c)->wait);
		eng_sync_state(s, c, REC_ST_DEADLOCKED, s->cycle_res[i], next[c]);
	}
	eng_sync_abort(s, ENG_SYNC_DEADLOCK);
}

/* After the free set: a deadlock cycle or a stall ends the run. */
static bool
det_judge(struct det *d)
{
	struct eng_sync *s = d->s;
	int n = s->nactors, *next, *color, *pos, *path;
	bool stuck = false, live_free = false, found = false;

	for (int a = 0; a < n; a++) {
		struct sync_slot *sl = sync_slot(s, a);
		if (sl->phase == ENG_PH_BLOCKED && !d->free[a])
			stuck = true;
		if (sl->started && sl->phase != ENG_PH_DONE && d->free[a] && sl->kind != PROG_LOOP)
			live_free = true;
	}
	if (!stuck)
		return false;
	if (s->nlaunching > 0)
		live_free = true;  /* an actor still to start can move: a cycle may end the run, not a stall */
	next = xcalloc((size_t)n, sizeof *next);
	color = xcalloc((size_t)n, sizeof *color);
	pos = xcalloc((size_t)n, sizeof *pos);
	path = xcalloc((size_t)n, sizeof *path);
	for (int a = 0; a < n; a++)
		next[a] = sync_slot(s, a)->phase == ENG_PH_BLOCKED && !d->free[a] ?
		    sync_unblocker_name(s, a) : -1;
	for (int a = 0; a < n && !found; a++) {
		if (sync_slot(s, a)->phase != ENG_PH_BLOCKED || d->free[a] || color[a] != 0)
			continue;
		s->ncycle = 0;
		if (!det_cycle(d, next, color, pos, path, a))
			continue;
		if (s->ncycle == 1 && live_free) {
			det_self_stuck(s, s->cycle[0]);  /* the others go on */
			s->ncycle = 0;
			continue;
		}
		found = true;
	}
	if (found)
		det_report(s, next);
	else if (!live_free)
		eng_sync_abort(s, ENG_SYNC_STALLED);
	free(next);
	free(color);
	free(pos);
	free(path);
	return found || !live_free;
}

bool
eng_sync_detect(struct eng_sync *s)
{
	struct det d;
	bool ended;

	if (s->end != ENG_SYNC_RUNNING)
		return false;
	memset(&d, 0, sizeof d);
	d.s = s;
	d.free = xcalloc((size_t)s->nactors + 1, 1);
	d.work = xcalloc((size_t)s->nactors + 1, sizeof *d.work);
	d.need = xcalloc((size_t)s->nres + 1, sizeof *d.need);
	det_free_set(&d);
	ended = det_judge(&d);
	free(d.free);
	free(d.work);
	free(d.need);
	return ended;
}

bool
eng_sync_still(struct eng_sync *s)
{
	return s->nbusy == 0 && s->ngranted == 0 && s->ntimed == 0 && s->nready == 0 && s->nlaunching == 0;
}
