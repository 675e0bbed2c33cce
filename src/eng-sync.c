/* eng-sync.c: gates, grants and the blocking primitives, over the shared
 * region (eng-slot.c) and the wait-for graph (eng-detect.c), which it calls;
 * neither calls back.  See eng-sync.h and eng-sync-int.h. */
#include "config.h"

#include "eng-sync.h"

#include <errno.h>
#include <string.h>

#include "eng-sync-int.h"

/* ---- slots, gates, grants ------------------------------------------------- */

void
eng_sync_started(struct eng_sync *s, int a)
{
	sync_set_phase(s, a, ENG_PH_BUSY);
	eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
}

/* Wakes A out of a blocked wait, naming BY as the one who let it go. */
static void
sync_wake(struct eng_sync *s, int a, int by)
{
	struct sync_slot *sl = sync_slot(s, a);
	if (sl->phase != ENG_PH_BLOCKED)
		return;
	if (by >= 0)
		sync_emit(s, REC_WAKE, by, sl->wait == ENG_W_JOIN ? -1 : sl->wait_res, a, 0);
	sync_wait_drop(s, a);
	sl->wait = ENG_W_NONE;
	sync_set_phase(s, a, ENG_PH_BUSY);
	sl->woken_by = by;
	pthread_cond_signal(&sl->cond);
	sync_ring(s, a);
}

/* The detector, when it can find something: a cycle through A closed now,
 * or nothing left that could move. */
static bool
sync_maybe_detect(struct eng_sync *s, int a)
{
	if ((a >= 0 && eng_sync_closes_cycle(s, a)) || eng_sync_still(s))
		return eng_sync_detect(s);
	return false;
}

void
eng_sync_launch_begin(struct eng_sync *s)
{
	s->nlaunching++;
}

void
eng_sync_launch_end(struct eng_sync *s)
{
	if (s->nlaunching > 0 && --s->nlaunching == 0)
		sync_maybe_detect(s, -1);
}

void
eng_sync_done(struct eng_sync *s, int a, enum rec_state st, int64_t status)
{
	struct sync_slot *sl = sync_slot(s, a);
	sync_wait_drop(s, a);
	sl->wait = ENG_W_NONE;
	sync_set_timed(s, a, 0);
	sync_set_phase(s, a, ENG_PH_DONE);
	eng_sync_state(s, a, st, -1, -1);
	sync_emit(s, REC_EXIT, a, -1, -1, status);
	for (int c = sl->jhead, next; c >= 0; c = next) {
		next = sync_slot(s, c)->wnext;
		sync_wake(s, c, a);
	}
	sync_maybe_detect(s, -1);
	eng_sync_wake_supervisor(s);
}

void
eng_sync_crashed(struct eng_sync *s, int a, int sig)
{
	/* 128 + SIG, as a shell says it: the views tell a crash from an exit status 9 by it */
	eng_sync_done(s, a, REC_ST_FAILED, 128 + sig);
}

/* Step mode: the step A was granted adds its op's scripted duration to the clock. */
static void
sync_clock_step(struct eng_sync *s, int a)
{
	const struct prog_actor *pa = &s->v->actors[a];
	int op = sync_slot(s, a)->op;
	if (op < 0 || (size_t)op >= pa->nops || pa->ops[op].dur_ns <= 0)
		return;
	switch (pa->ops[op].code) {
	case PROG_OP_WORK:
	case PROG_OP_SLEEP:
	case PROG_OP_IO:
	case PROG_OP_AWAIT:
	case PROG_OP_OFFLOAD_WORK:
	case PROG_OP_OFFLOAD_SLEEP:
		s->clock_ns += pa->ops[op].dur_ns;  /* a bounded wait's D is a limit, not a duration */
		break;
	default:
		break;
	}
}

int64_t
eng_sync_clock(struct eng_sync *s)
{
	return s->clock_ns;
}

/* Moves scenario time forward to T (big lock held, or the granted actor). */
static void
sync_now_to(struct eng_sync *s, int64_t t)
{
	if (t > __atomic_load_n(&s->now_ns, __ATOMIC_RELAXED))
		__atomic_store_n(&s->now_ns, t, __ATOMIC_RELEASE);
}

void
eng_sync_clock_advance(struct eng_sync *s, int64_t t)
{
	if (t > s->clock_ns)
		s->clock_ns = t;
	sync_now_to(s, t);  /* nothing moves meanwhile: nothing is stamped in between */
}

int64_t
eng_sync_now(struct eng_sync *s)
{
	return __atomic_load_n(&s->now_ns, __ATOMIC_ACQUIRE);
}

int64_t
eng_sync_now_tick(struct eng_sync *s)
{
	return __atomic_fetch_add(&s->now_ns, 1, __ATOMIC_ACQ_REL);
}

void
eng_sync_step_spent(struct eng_sync *s, int a)
{
	if (s->step && a >= 0 && a < s->nactors)
		sync_now_to(s, sync_slot(s, a)->step_end);
}

void
eng_sync_set_picker(struct eng_sync *s, int (*pick)(void *ctx), void *ctx)
{
	s->pick = pick;
	s->pick_ctx = ctx;
}

/* Grants the next step here, when nobody executes (see eng_sync_set_picker). */
static bool
sync_pick_next(struct eng_sync *s)
{
	int b;
	/* the supervisor grants the first step, once every actor that starts
	 * with the run has started: before, one could pick before another began */
	if (s->pick == NULL || s->granted == 0 || s->paused || !eng_sync_quiescent(s))
		return false;
	b = s->pick(s->pick_ctx);
	return b >= 0 && eng_sync_grant(s, b);
}

int
eng_sync_gate(struct eng_sync *s, int a, int op)
{
	struct sync_slot *sl = sync_slot(s, a);
	sl->op = op;
	while (s->paused && !eng_sync_aborting(s))
		sync_wait(s, &sl->cond, 0);
	if (!s->step)
		return eng_sync_aborting(s) ? ENG_SYNC_ABORT : ENG_SYNC_OK;
	sync_set_phase(s, a, ENG_PH_READY);
	sync_state_op(s, a, REC_ST_READY, -1, -1, op);
	if (!sync_pick_next(s))
		eng_sync_wake_supervisor(s);
	while (sl->grants == 0 && !eng_sync_aborting(s))
		sync_wait(s, &sl->cond, 0);
	if (eng_sync_aborting(s))
		return ENG_SYNC_ABORT;
	sync_set_grants(s, a, sl->grants - 1);
	sync_set_phase(s, a, ENG_PH_BUSY);
	sync_state_op(s, a, REC_ST_RUNNING, -1, -1, op);
	return ENG_SYNC_OK;
}

void
eng_sync_task_ready(struct eng_sync *s, int t, int op)
{
	struct sync_slot *sl = sync_slot(s, t);
	sl->op = op;
	if (sl->phase != ENG_PH_READY) {
		sync_set_phase(s, t, ENG_PH_READY);
		eng_sync_wake_supervisor(s);
	}
}

bool
eng_sync_task_take_grant(struct eng_sync *s, int t)
{
	struct sync_slot *sl = sync_slot(s, t);
	if (s->paused)
		return false;
	if (!s->step) {
		sync_set_phase(s, t, ENG_PH_BUSY);
		return true;
	}
	if (sl->grants == 0)
		return false;
	sync_set_grants(s, t, sl->grants - 1);
	sync_set_phase(s, t, ENG_PH_BUSY);
	return true;
}

void
eng_sync_loop_hold(struct eng_sync *s, int loop, int t)
{
	if (loop >= 0 && loop < s->nactors)
		sync_slot(s, loop)->holder = t;
}

bool
eng_sync_grant(struct eng_sync *s, int a)
{
	/* the step starts when the ones granted before it have ended: a loop
	 * task's call whose time ran out by then has given up before it */
	if (s->nuntil > 0)
		eng_sync_calls_expire(s, s->clock_ns);
	if (!eng_sync_ready(s, a))
		return false;
	sync_set_grants(s, a, 1);
	s->granted++;
	sync_now_to(s, s->clock_ns);
	sync_clock_step(s, a);
	sync_slot(s, a)->step_end = s->clock_ns;
	pthread_cond_signal(&sync_slot(s, a)->cond);
	sync_ring(s, a);
	return true;
}

bool
eng_sync_ready(struct eng_sync *s, int a)
{
	struct sync_slot *sl;
	if (a < 0 || a >= s->nactors)
		return false;
	sl = sync_slot(s, a);
	if (sl->phase != ENG_PH_READY || sl->grants > 0)
		return false;
	/* A task whose loop thread is stuck inside another task, or runs
	 * another task's turn, cannot move. */
	if (sl->kind == PROG_TASK && sl->parent >= 0) {
		const struct sync_slot *ls = sync_slot(s, sl->parent);
		if (ls->nblocked > 0 || (ls->holder >= 0 && ls->holder != a))
			return false;
	}
	return true;
}

bool
eng_sync_quiescent(struct eng_sync *s)
{
	return s->nbusy == 0 && s->ngranted == 0 && s->ntimed == 0;
}

bool
eng_sync_all_done(struct eng_sync *s)
{
	return s->nlive == 0;
}

bool
eng_sync_paused(struct eng_sync *s)
{
	return s->paused != 0;
}

void
eng_sync_pause(struct eng_sync *s, bool paused)
{
	s->paused = paused;
	if (!paused)
		sync_wake_all(s);
}

/* ---- blocking ------------------------------------------------------------- */

/* Blocks A on (WAIT, RES) until woken, DEADLINE passes (0: none) or the run stops. */
static int
sync_block(struct eng_sync *s, int a, enum eng_wait w, int res, int target, uint64_t deadline)
{
	struct sync_slot *sl = sync_slot(s, a);
	enum rec_state st = w == ENG_W_JOIN ? REC_ST_JOINING : REC_ST_BLOCKED;
	int shown_res = w == ENG_W_JOIN ? -1 : res;
	int holder;

	sl->wait = w;
	sl->wait_res = res;
	sl->wait_target = target;
	sl->woken_by = -1;
	sync_wait_push(s, a, w == ENG_W_JOIN ? -1 : res, target);
	sync_set_timed(s, a, deadline != 0);
	sync_set_phase(s, a, ENG_PH_BLOCKED);
	holder = sync_unblocker_name(s, a);
	if (w != ENG_W_JOIN)
		sync_emit(s, REC_LOCK_WAIT, a, res, holder, 0);
	eng_sync_state(s, a, st, shown_res, w == ENG_W_JOIN ? target : holder);
	eng_sync_wake_supervisor(s);
	if (sync_maybe_detect(s, a))
		return ENG_SYNC_ABORT;
	while (sl->phase == ENG_PH_BLOCKED && !eng_sync_aborting(s)) {
		if (deadline && sync_now() >= deadline)
			break;
		sync_wait(s, &sl->cond, deadline);
	}
	if (eng_sync_aborting(s))
		return ENG_SYNC_ABORT;  /* the wait stays on record for the outcome */
	sync_set_timed(s, a, 0);
	if (sl->phase == ENG_PH_BLOCKED) {  /* timed out */
		sync_wait_drop(s, a);
		sl->wait = ENG_W_NONE;
		sync_set_phase(s, a, ENG_PH_BUSY);
		return ENG_SYNC_TIMEOUT;
	}
	if (s->step)  /* woken: retrying is a step of its own */
		return eng_sync_gate(s, a, sl->op);  /* the same op again */
	return ENG_SYNC_OK;
}

/* Wakes the oldest actor blocked on RES with one of the waits W1, W2. */
static void
sync_wake_one(struct eng_sync *s, int res, enum eng_wait w1, enum eng_wait w2, int by)
{
	for (int b = sync_wait_first(s, res); b >= 0; b = sync_wait_next(s, b)) {
		int w = sync_slot(s, b)->wait;
		if (w == (int)w1 || w == (int)w2) {
			sync_wake(s, b, by);
			return;
		}
	}
}

static void
sync_wake_kind(struct eng_sync *s, int res, enum eng_wait w, int by)
{
	int b = sync_wait_first(s, res);
	while (b >= 0) {
		int next = sync_wait_next(s, b);
		if (sync_slot(s, b)->wait == (int)w)
			sync_wake(s, b, by);
		b = next;
	}
}

/* Whether a writer wants RES: waiting for it, or woken and on its way back.
 * Counting only the waiting ones let a reader slip in between a writer's
 * wake and its retry, so a steady stream of readers kept it out. */
static bool
sync_writer_waiting(struct eng_sync *s, int res)
{
	return sync_res(s, res)->wwant > 0;
}

/* Records A got RES; OTHER let it in (or -1 when it did not wait). */
static void
sync_acquired(struct eng_sync *s, int a, int res, bool waited)
{
	struct sync_res *r = sync_res(s, res);
	int by = waited ? r->last_release : -1;
	if (by == a)
		by = -1;
	sync_emit(s, REC_LOCK_ACQUIRE, a, res, by, 0);
	if (waited)
		eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
}

/* Records A's push or pop (KIND) of V on queue RES, which may let in the
 * oldest actor waiting the other way (WAKE); a wait before it is an acquire. */
static void
sync_queue_moved(struct eng_sync *s, int a, int res, bool waited, enum rec_kind kind,
    prog_value v, enum eng_wait wake)
{
	if (waited)
		sync_acquired(s, a, res, true);
	sync_emit(s, kind, a, res, -1, v);
	sync_res(s, res)->last_release = a;
	sync_wake_one(s, res, wake, wake, a);
}

static bool
sync_try_queue(struct eng_sync *s, int a, enum eng_wait w, int res, bool waited, prog_value *v)
{
	struct sync_res *r = sync_res(s, res);
	if (w == ENG_W_PUSH) {
		if (r->len >= r->cap)
			return false;
		sync_items(s, r)[(r->head + r->len) % r->cap] = *v;
		r->len++;
		sync_queue_moved(s, a, res, waited, REC_PUSH, *v, ENG_W_POP);
		return true;
	}
	if (r->len <= 0)
		return false;
	*v = sync_items(s, r)[r->head];
	r->head = (r->head + 1) % r->cap;
	r->len--;
	sync_queue_moved(s, a, res, waited, REC_POP, *v, ENG_W_PUSH);
	return true;
}

/* Whether the mutex or rwlock RES was declared `fair`: its waiters are
 * served in the order they came, and newcomers queue behind them. */
static bool
sync_lock_fair(struct eng_sync *s, int res)
{
	return s->v != NULL && s->v->decls[res].fair;
}

/* A fair rwlock RES: lets in the waiters at the head of its line that may
 * enter now, oldest first, before they run: a writer when nobody is inside,
 * else every reader up to the first writer (none while a writer is inside).
 * BY: who made room, or -1.  Newcomers see the line and queue behind it. */
static void
sync_rw_fair_admit(struct eng_sync *s, int res, int by)
{
	struct sync_res *r = sync_res(s, res);
	int b = sync_wait_first(s, res);
	while (b >= 0 && r->owner < 0) {
		int next = sync_wait_next(s, b);
		if (sync_slot(s, b)->wait == ENG_W_WRITE) {
			if (r->nreaders != 0)
				return;
			r->owner = b;
		} else if (sync_slot(s, b)->wait == ENG_W_READ) {
			sync_bit_set(sync_readers(s, r), b, true);
			r->nreaders++;
		}
		sync_wake(s, b, by);
		b = next;
	}
}

/* Takes RES for A if it can be taken now by a wait of kind W (V: the value a
 * push puts in or a pop takes out), recording how; false if A must wait. */
static bool
sync_try_take(struct eng_sync *s, int a, enum eng_wait w, int res, bool waited, prog_value *v)
{
	struct sync_res *r = sync_res(s, res);

	switch (w) {
	case ENG_W_MUTEX:
		if (waited && r->owner == a)
			break;  /* a fair mutex was handed to A at its unlock */
		if (r->owner >= 0)
			return false;
		r->owner = a;
		break;
	case ENG_W_SEM:
		if (r->count <= 0)
			return false;
		r->count--;
		sync_held(s, r)[a]++;
		break;
	case ENG_W_READ:
		if (waited && sync_lock_fair(s, res) && sync_bit(sync_readers(s, r), a))
			break;  /* a fair rwlock let A in at a release */
		if (r->owner >= 0 ||
		    (r->prefer == PROG_PREFER_WRITERS && sync_writer_waiting(s, res)) ||
		    (sync_lock_fair(s, res) && sync_wait_first(s, res) >= 0))
			return false;
		sync_bit_set(sync_readers(s, r), a, true);
		r->nreaders++;
		break;
	case ENG_W_WRITE:
		if (waited && sync_lock_fair(s, res) && r->owner == a)
			break;  /* a fair rwlock was handed to A at a release */
		if (r->owner >= 0 || r->nreaders != 0 ||
		    (sync_lock_fair(s, res) && sync_wait_first(s, res) >= 0))
			return false;
		r->owner = a;
		break;
	case ENG_W_PUSH:
	case ENG_W_POP:
		return sync_try_queue(s, a, w, res, waited, v);
	case ENG_W_JOIN:
	case ENG_W_REPLY:
	case ENG_W_NONE:
		sync_fatal("sync_try_take", EINVAL);  /* not a resource: eng_sync_join waits itself */
		return false;
	}
	sync_acquired(s, a, res, waited);
	return true;
}

/* A writer of RES got it (GOT) or gave up: a writer that gave up lets in the
 * readers it held back (one that got it lets them in at its unlock). */
static void
sync_writer_done(struct eng_sync *s, int res, bool got)
{
	struct sync_res *r = sync_res(s, res);
	if (--r->wwant == 0 && !got && r->owner < 0)
		sync_wake_kind(s, res, ENG_W_READ, -1);
}

/*
 * The wall-clock deadline of a wait of at most TIMEOUT_NS (0: none).  In step
 * mode nobody else executes while the granted actor waits (the next grant
 * waits for it), so a bounded wait that must wait can only run out: it does
 * at once, and its time is scenario time (sync_waited_out).
 */
static uint64_t
sync_deadline(struct eng_sync *s, int64_t timeout_ns)
{
	if (timeout_ns > 0 && s->step)
		return 1;  /* long past */
	return timeout_ns > 0 ? sync_now() + (uint64_t)timeout_ns : 0;
}

/* Step mode: a bounded wait of TIMEOUT_NS ran out: its time passes on the scenario clock. */
static void
sync_waited_out(struct eng_sync *s, int64_t timeout_ns)
{
	if (!s->step || timeout_ns <= 0)
		return;
	int64_t t = __atomic_load_n(&s->now_ns, __ATOMIC_RELAXED) + timeout_ns;
	if (t > s->clock_ns)
		s->clock_ns = t;
	sync_now_to(s, t);
}

/* The wait every blocking primitive shares: under the big lock (held by the
 * caller), takes RES for A by a wait of kind W as soon as it can, blocking
 * between tries for at most TIMEOUT_NS (< 0: no limit; 0: do not block, time
 * out at once). */
static int
sync_take_locked(struct eng_sync *s, int a, enum eng_wait w, int res, int64_t timeout_ns, prog_value *v)
{
	uint64_t deadline = sync_deadline(s, timeout_ns);
	bool waited = false;
	int rc = ENG_SYNC_OK;

	if (w == ENG_W_WRITE && !sync_lock_fair(s, res))
		sync_res(s, res)->wwant++;
	for (;;) {
		if (eng_sync_aborting(s)) {
			rc = ENG_SYNC_ABORT;
			break;
		}
		if (sync_try_take(s, a, w, res, waited, v))
			break;
		if (timeout_ns == 0) {
			rc = ENG_SYNC_TIMEOUT;
			break;
		}
		waited = true;
		if ((rc = sync_block(s, a, w, res, -1, deadline)) != ENG_SYNC_OK)
			break;
	}
	if (w == ENG_W_WRITE && !sync_lock_fair(s, res))
		sync_writer_done(s, res, rc == ENG_SYNC_OK);
	if (rc == ENG_SYNC_TIMEOUT && waited && (w == ENG_W_READ || w == ENG_W_WRITE) &&
	    sync_lock_fair(s, res))
		sync_rw_fair_admit(s, res, -1);  /* A left the line: who was behind it may enter */
	if (rc == ENG_SYNC_TIMEOUT && waited) {
		sync_waited_out(s, timeout_ns);
		eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	}
	return rc;
}

static int
sync_take(struct eng_sync *s, int a, enum eng_wait w, int res, int64_t timeout_ns, prog_value *v)
{
	int rc;
	eng_sync_lock_big(s);
	rc = sync_take_locked(s, a, w, res, timeout_ns, v);
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_lock(struct eng_sync *s, int a, int res, int64_t timeout_ns)
{
	return sync_take(s, a, ENG_W_MUTEX, res, timeout_ns, NULL);
}

/* Lets A's readers' or writer's hold of rwlock R go, waking who may come in. */
static void
sync_rw_release(struct eng_sync *s, int a, int res, struct sync_res *r)
{
	r->last_release = a;
	sync_emit(s, REC_LOCK_RELEASE, a, res, -1, 0);
	if (sync_lock_fair(s, res)) {
		if (r->owner == a) {
			r->owner = -1;
		} else {
			sync_bit_set(sync_readers(s, r), a, false);
			r->nreaders--;
		}
		sync_rw_fair_admit(s, res, a);
		return;
	}
	if (r->owner == a) {
		r->owner = -1;
		if (r->prefer == PROG_PREFER_WRITERS && sync_writer_waiting(s, res)) {
			sync_wake_one(s, res, ENG_W_WRITE, ENG_W_WRITE, a);
		} else {
			sync_wake_kind(s, res, ENG_W_READ, a);
			sync_wake_one(s, res, ENG_W_WRITE, ENG_W_WRITE, a);
		}
		return;
	}
	sync_bit_set(sync_readers(s, r), a, false);
	r->nreaders--;
	if (r->nreaders == 0)
		sync_wake_one(s, res, ENG_W_WRITE, ENG_W_WRITE, a);
	if (r->prefer == PROG_PREFER_READERS)
		sync_wake_kind(s, res, ENG_W_READ, a);
}

/* A fair mutex RES that A let go: its oldest waiter owns it before it even
 * runs, so A (or anyone who comes later) cannot take it back first. */
static void
sync_mutex_hand_on(struct eng_sync *s, int res, int a)
{
	for (int b = sync_wait_first(s, res); b >= 0; b = sync_wait_next(s, b)) {
		if (sync_slot(s, b)->wait == ENG_W_MUTEX) {
			sync_res(s, res)->owner = b;
			sync_wake(s, b, a);
			return;
		}
	}
}

int
eng_sync_unlock(struct eng_sync *s, int a, int res)
{
	struct sync_res *r = sync_res(s, res);
	int rc = ENG_SYNC_OK;

	eng_sync_lock_big(s);
	if (r->kind == PROG_MUTEX && r->owner == a) {
		r->owner = -1;
		r->last_release = a;
		sync_emit(s, REC_LOCK_RELEASE, a, res, -1, 0);
		if (sync_lock_fair(s, res))
			sync_mutex_hand_on(s, res, a);
		else
			sync_wake_one(s, res, ENG_W_MUTEX, ENG_W_MUTEX, a);
	} else if (r->kind == PROG_RWLOCK &&
	    (r->owner == a || (r->owner < 0 && sync_bit(sync_readers(s, r), a)))) {
		sync_rw_release(s, a, res, r);
	} else {
		rc = ENG_SYNC_NOTHELD;
	}
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_acquire(struct eng_sync *s, int a, int res, int64_t timeout_ns)
{
	return sync_take(s, a, ENG_W_SEM, res, timeout_ns, NULL);
}

int
eng_sync_release(struct eng_sync *s, int a, int res)
{
	struct sync_res *r = sync_res(s, res);

	eng_sync_lock_big(s);
	/* A semaphore may be released by anyone: a signal, not an ownership. */
	if (sync_held(s, r)[a] > 0)
		sync_held(s, r)[a]--;
	r->count++;
	r->last_release = a;
	sync_emit(s, REC_LOCK_RELEASE, a, res, -1, r->count);
	sync_wake_one(s, res, ENG_W_SEM, ENG_W_SEM, a);
	eng_sync_unlock_big(s);
	return ENG_SYNC_OK;
}

int
eng_sync_read_lock(struct eng_sync *s, int a, int res, int64_t timeout_ns)
{
	return sync_take(s, a, ENG_W_READ, res, timeout_ns, NULL);
}

int
eng_sync_write_lock(struct eng_sync *s, int a, int res, int64_t timeout_ns)
{
	return sync_take(s, a, ENG_W_WRITE, res, timeout_ns, NULL);
}

int
eng_sync_push(struct eng_sync *s, int a, int res, prog_value v, int64_t timeout_ns)
{
	return sync_take(s, a, ENG_W_PUSH, res, timeout_ns, &v);
}

int
eng_sync_pop(struct eng_sync *s, int a, int res, prog_value *v, int64_t timeout_ns)
{
	return sync_take(s, a, ENG_W_POP, res, timeout_ns, v);
}

int64_t
eng_sync_qlen(struct eng_sync *s, int res)
{
	return sync_res(s, res)->len;
}

int
eng_sync_call(struct eng_sync *s, int a, int res, prog_value v, int64_t timeout_ns)
{
	uint64_t deadline = sync_deadline(s, timeout_ns);
	int rc;

	/* The push and the wait for its reply under one hold of the lock: a
	 * worker that pops and replies at once must find the caller waiting. */
	eng_sync_lock_big(s);
	rc = sync_take_locked(s, a, ENG_W_PUSH, res, timeout_ns, &v);
	if (rc != ENG_SYNC_OK) {
		eng_sync_unlock_big(s);
		return rc;
	}
	sync_slot(s, a)->wait_value = v;
	if (timeout_ns == 0)
		rc = ENG_SYNC_TIMEOUT;
	else if (!eng_sync_aborting(s))
		rc = sync_block(s, a, ENG_W_REPLY, res, -1, deadline);
	else
		rc = ENG_SYNC_ABORT;
	if (rc == ENG_SYNC_TIMEOUT && timeout_ns > 0)
		sync_waited_out(s, timeout_ns);
	if (rc == ENG_SYNC_OK || rc == ENG_SYNC_TIMEOUT)
		eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_call_async(struct eng_sync *s, int t, int res, prog_value v, int64_t timeout_ns)
{
	struct sync_slot *sl = sync_slot(s, t);
	int rc;

	eng_sync_lock_big(s);  /* the push and the reply wait at once, as in eng_sync_call */
	rc = sync_take_locked(s, t, ENG_W_PUSH, res, timeout_ns, &v);
	if (rc != ENG_SYNC_OK) {
		eng_sync_unlock_big(s);
		return rc;
	}
	if (eng_sync_aborting(s)) {
		eng_sync_unlock_big(s);
		return ENG_SYNC_ABORT;
	}
	sl->async = 1;  /* before the phase: its loop is not held */
	sl->wait = ENG_W_REPLY;
	sl->wait_res = res;
	sl->wait_value = v;
	sl->woken_by = -1;
	sync_wait_push(s, t, res, -1);
	sync_set_timed(s, t, timeout_ns > 0);  /* its loop's timer ends it: not stuck */
	/* step mode: it gives up on the scenario clock (eng_sync_calls_expire),
	 * not on the wall clock while a learner thinks */
	sl->until = s->step && timeout_ns > 0 ? eng_sync_now(s) + timeout_ns : 0;
	s->nuntil += sl->until > 0;
	sync_set_phase(s, t, ENG_PH_BLOCKED);
	sync_emit(s, REC_LOCK_WAIT, t, res, sync_unblocker_name(s, t), 0);
	eng_sync_wake_supervisor(s);
	sync_maybe_detect(s, t);
	eng_sync_unlock_big(s);
	return ENG_SYNC_OK;
}

/* The async caller T is answered (or gives up): its loop may run it again. */
static void
sync_call_async_end(struct eng_sync *s, int t)
{
	struct sync_slot *sl = sync_slot(s, t);
	sync_wait_drop(s, t);
	sl->wait = ENG_W_NONE;
	sync_set_timed(s, t, 0);
	sync_set_phase(s, t, ENG_PH_BUSY);
	sl->async = 0;
	s->nuntil -= sl->until > 0;
	sl->until = 0;
}

int64_t
eng_sync_calls_expire(struct eng_sync *s, int64_t now)
{
	int64_t next = -1;
	for (int t = 0; t < s->nactors && s->nuntil > 0; t++) {
		struct sync_slot *sl = sync_slot(s, t);
		if (!sl->async || sl->phase != ENG_PH_BLOCKED || sl->until <= 0)
			continue;
		if (sl->until <= now) {
			sync_call_async_end(s, t);
			sync_task_enqueue(s, t, ENG_TASK_GAVE_UP);
		} else if (next < 0 || sl->until < next) {
			next = sl->until;
		}
	}
	return next;
}

bool
eng_sync_waits_for_time(struct eng_sync *s)
{
	return s->step && s->nbusy == 0 && s->ngranted == 0 && s->nready == 0;
}

bool
eng_sync_call_cancel(struct eng_sync *s, int t)
{
	struct sync_slot *sl = sync_slot(s, t);
	if (!sl->async || sl->phase != ENG_PH_BLOCKED)
		return false;
	sync_call_async_end(s, t);
	return true;
}

int
eng_sync_reply(struct eng_sync *s, int a, int res, prog_value v)
{
	eng_sync_lock_big(s);
	for (int b = sync_wait_first(s, res); b >= 0; b = sync_wait_next(s, b)) {
		struct sync_slot *sb = sync_slot(s, b);
		if (sb->wait != ENG_W_REPLY || sb->wait_value != v)
			continue;
		if (sb->async && sb->phase == ENG_PH_BLOCKED) {
			sync_emit(s, REC_WAKE, a, res, b, 0);
			sync_call_async_end(s, b);
			sync_task_enqueue(s, b, ENG_TASK_ANSWERED);
		} else {
			sync_wake(s, b, a);
		}
		break;
	}
	eng_sync_unlock_big(s);
	return ENG_SYNC_OK;
}

int
eng_sync_join(struct eng_sync *s, int a, int target, int64_t timeout_ns)
{
	uint64_t deadline = sync_deadline(s, timeout_ns);
	bool waited = false;
	int rc = ENG_SYNC_OK;

	eng_sync_lock_big(s);
	while (sync_slot(s, target)->phase != ENG_PH_DONE) {
		if (eng_sync_aborting(s)) {
			rc = ENG_SYNC_ABORT;
			break;
		}
		if (timeout_ns == 0) {
			rc = ENG_SYNC_TIMEOUT;
			break;
		}
		waited = true;
		if ((rc = sync_block(s, a, ENG_W_JOIN, -1, target, deadline)) != ENG_SYNC_OK)
			break;
	}
	if (rc == ENG_SYNC_TIMEOUT && waited)
		sync_waited_out(s, timeout_ns);
	if (rc == ENG_SYNC_OK || rc == ENG_SYNC_TIMEOUT)
		eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_sleep(struct eng_sync *s, int a, int64_t ns, enum rec_state st)
{
	struct sync_slot *sl = sync_slot(s, a);
	uint64_t deadline = sync_now() + (uint64_t)(ns > 0 ? ns : 0);
	int rc = ENG_SYNC_OK;

	eng_sync_lock_big(s);
	eng_sync_state(s, a, st, -1, -1);
	if (s->step) {
		/* scenario time: the sleep ends at its step's end, at once */
		eng_sync_step_spent(s, a);
		deadline = 0;
	}
	for (;;) {
		if (eng_sync_aborting(s)) {
			rc = ENG_SYNC_ABORT;
			break;
		}
		if (sync_now() >= deadline)
			break;
		sync_wait(s, &sl->cond, deadline);
	}
	if (rc == ENG_SYNC_OK && deadline != 0) {
		/* how late it woke: the timer's slack, and the wait for a CPU
		 * (and for the big lock) when the machine is busy */
		int64_t late = (int64_t)(sync_now() - deadline);
		if (late > sl->sleep_late_max)
			sl->sleep_late_max = late;
		sl->nsleep++;
	}
	eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	eng_sync_unlock_big(s);
	return rc;
}

int64_t
eng_sync_sleep_late(struct eng_sync *s, int a, int64_t *nsleep)
{
	*nsleep = sync_slot(s, a)->nsleep;
	return sync_slot(s, a)->sleep_late_max;
}

enum eng_wait
eng_sync_waiting(struct eng_sync *s, int a, int *res, int *holder)
{
	struct sync_slot *sl = sync_slot(s, a);
	*res = -1;
	*holder = -1;
	if (sl->phase != ENG_PH_BLOCKED)
		return ENG_W_NONE;
	*res = sl->wait_res;
	*holder = sync_unblocker_name(s, a);
	return (enum eng_wait)sl->wait;
}
