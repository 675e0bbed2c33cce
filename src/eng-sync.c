/* eng-sync.c: the engine's shared state, blocking primitives and deadlock detector. */
#include "config.h"

#include "eng-sync.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

#define UNBOUNDED_QUEUE 4096  /* what "no capacity" holds before a push blocks */

struct sync_slot {
	pthread_cond_t cond;
	int phase;        /* enum eng_phase */
	int state;        /* the last recorded enum rec_state */
	int wait;         /* enum eng_wait */
	int wait_res;
	int wait_target;  /* join: the actor */
	int timed;        /* the wait has a deadline: not stuck */
	int woken_by;     /* who made it leave its last wait, or -1 */
	int grants;
	int bell;         /* eventfd of the loop that runs it, or -1 */
	int kind;         /* enum prog_actor_kind */
	int parent;
	int started;
	int idle;         /* starts only when spawned */
	int op;           /* the op it passed its gate for last (step mode) */
	uint64_t wait_seq;  /* when it began waiting: wakes go oldest first */
};

struct sync_res {
	int kind;          /* enum prog_decl_kind */
	int prefer;
	int owner;         /* mutex owner, rwlock writer, or -1 */
	int last_release;  /* the actor whose release or push/pop made room last */
	int64_t count;     /* semaphore count */
	uint64_t readers;  /* rwlock readers */
	int32_t held[ENG_SYNC_MAX_ACTORS];  /* semaphore units held per actor */
	int64_t cap, head, len;  /* queue */
	size_t items;      /* offset of the queue's items in the region */
	uint64_t pushers, poppers, releasers;  /* actors whose ops may make room */
};

struct eng_sync {
	pthread_mutex_t big;
	pthread_cond_t sup;
	int sup_signalled;
	int nactors, nres;
	int step, paused;
	atomic_int abort;
	int end;
	uint64_t seq;
	int ncycle;
	int cycle[ENG_SYNC_MAX_ACTORS], cycle_res[ENG_SYNC_MAX_ACTORS];
	uint64_t spawners[ENG_SYNC_MAX_ACTORS];  /* who may start each actor */
	eng_sync_emit_fn *emit;
	void *ctx;
	size_t size, res_off, extra_off;
	struct sync_slot slot[ENG_SYNC_MAX_ACTORS];
};

#define BIT(a) (UINT64_C(1) << (a))

static struct sync_res *
sync_res(struct eng_sync *s, int r)
{
	return (struct sync_res *)((char *)s + s->res_off) + r;
}

static prog_value *
sync_items(struct eng_sync *s, struct sync_res *r)
{
	return (prog_value *)((char *)s + r->items);
}

static void
sync_fatal(const char *what, int err)
{
	fprintf(stderr, _("kitchensync: engine: %s: %s\n"), what, strerror(err));
	abort();
}

static size_t
sync_align(size_t n)
{
	return (n + 63) & ~(size_t)63;
}

static void
sync_cond_init(pthread_cond_t *c)
{
	pthread_condattr_t ca;
	int err;

	if ((err = pthread_condattr_init(&ca)) != 0 ||
	    (err = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (err = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC)) != 0 ||
	    (err = pthread_cond_init(c, &ca)) != 0)
		sync_fatal("pthread_cond_init", err);
	pthread_condattr_destroy(&ca);
}

/* Marks in MASK every actor with an op of CODE on resource R. */
static uint64_t
sync_users(const struct prog_variant *v, enum prog_opcode code, int r)
{
	uint64_t mask = 0;
	for (size_t a = 0; a < v->nactors; a++)
		for (size_t i = 0; i < v->actors[a].nops; i++)
			if (v->actors[a].ops[i].code == code && v->actors[a].ops[i].res == r)
				mask |= BIT(a);
	return mask;
}

struct eng_sync *
eng_sync_new(const struct prog_variant *v, bool step, size_t extra_bytes,
    eng_sync_emit_fn *emit, void *ctx)
{
	pthread_mutexattr_t ma;
	struct eng_sync *s;
	size_t size, res_off, items_off, extra_off;
	int err;

	if (v->nactors > ENG_SYNC_MAX_ACTORS)
		return NULL;
	res_off = sync_align(sizeof *s);
	items_off = sync_align(res_off + v->ndecls * sizeof(struct sync_res));
	size = items_off;
	for (size_t r = 0; r < v->ndecls; r++)
		if (v->decls[r].kind == PROG_QUEUE)
			size += sizeof(prog_value) *
			    (size_t)(v->decls[r].capacity > 0 ? v->decls[r].capacity : UNBOUNDED_QUEUE);
	extra_off = sync_align(size);
	size = sync_align(extra_off + extra_bytes);
	s = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return NULL;
	s->size = size;
	s->res_off = res_off;
	s->extra_off = extra_off;
	s->nactors = (int)v->nactors;
	s->nres = (int)v->ndecls;
	s->step = step;
	s->emit = emit;
	s->ctx = ctx;
	atomic_init(&s->abort, 0);

	if ((err = pthread_mutexattr_init(&ma)) != 0 ||
	    (err = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (err = pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST)) != 0 ||
	    (err = pthread_mutex_init(&s->big, &ma)) != 0)
		sync_fatal("pthread_mutex_init", err);
	pthread_mutexattr_destroy(&ma);
	sync_cond_init(&s->sup);

	for (int a = 0; a < s->nactors; a++) {
		struct sync_slot *sl = &s->slot[a];
		sync_cond_init(&sl->cond);
		sl->phase = ENG_PH_IDLE;
		sl->state = REC_ST_NEW;
		sl->wait_res = sl->wait_target = sl->woken_by = -1;
		sl->bell = -1;
		sl->kind = v->actors[a].kind;
		sl->parent = v->actors[a].parent;
		sl->idle = v->actors[a].idle;
		for (size_t b = 0; b < v->nactors; b++)
			for (size_t i = 0; i < v->actors[b].nops; i++)
				if (v->actors[b].ops[i].code == PROG_OP_SPAWN &&
				    v->actors[b].ops[i].actor == a)
					s->spawners[a] |= BIT(b);
		/* A task can be started by its loop's other tasks only through spawn;
		 * an idle task's loop does not count. */
	}
	for (int r = 0; r < s->nres; r++) {
		struct sync_res *re = sync_res(s, r);
		const struct prog_decl *d = &v->decls[r];
		re->kind = d->kind;
		re->prefer = d->prefer;
		re->owner = -1;
		re->last_release = -1;
		re->count = d->kind == PROG_SEMAPHORE ? d->init : 0;
		if (d->kind == PROG_QUEUE) {
			re->cap = d->capacity > 0 ? d->capacity : UNBOUNDED_QUEUE;
			re->items = items_off;
			items_off += sizeof(prog_value) * (size_t)re->cap;
		}
		re->pushers = sync_users(v, PROG_OP_PUSH, r);
		re->poppers = sync_users(v, PROG_OP_POP, r);
		re->releasers = sync_users(v, PROG_OP_RELEASE, r);
	}
	return s;
}

void
eng_sync_free(struct eng_sync *s)
{
	if (s == NULL)
		return;
	/* Objects are not destroyed: a killed process may have been inside a wait,
	 * and destroying a condition variable would wait for it forever. */
	if (munmap(s, s->size) != 0)
		perror("kitchensync: munmap");
}

void *
eng_sync_extra(struct eng_sync *s)
{
	return (char *)s + s->extra_off;
}

void
eng_sync_lock_big(struct eng_sync *s)
{
	int err = pthread_mutex_lock(&s->big);
	if (err == EOWNERDEAD)
		err = pthread_mutex_consistent(&s->big);  /* a process died holding it */
	if (err != 0)
		sync_fatal("pthread_mutex_lock", err);
}

void
eng_sync_unlock_big(struct eng_sync *s)
{
	int err = pthread_mutex_unlock(&s->big);
	if (err != 0)
		sync_fatal("pthread_mutex_unlock", err);
}

/* Waits on COND until signalled or DEADLINE (ns, CLOCK_MONOTONIC; 0: none). */
static void
sync_wait(struct eng_sync *s, pthread_cond_t *cond, uint64_t deadline)
{
	int err;
	if (deadline == 0) {
		err = pthread_cond_wait(cond, &s->big);
	} else {
		struct timespec ts = { (time_t)(deadline / 1000000000u), (long)(deadline % 1000000000u) };
		err = pthread_cond_timedwait(cond, &s->big, &ts);
	}
	if (err == EOWNERDEAD)
		err = pthread_mutex_consistent(&s->big);
	if (err != 0 && err != ETIMEDOUT)
		sync_fatal("pthread_cond_wait", err);
}

static void
sync_emit(struct eng_sync *s, enum rec_kind kind, int actor, int res, int other, int64_t value)
{
	struct rec_event ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = (uint8_t)kind;
	ev.actor = (int16_t)actor;
	ev.res = (int16_t)res;
	ev.other = (int16_t)other;
	ev.value = value;
	ev.op = -1;
	if (s->emit)
		s->emit(s->ctx, &ev);
}

/* Records A's state change, naming OP (the op it is about to run) or -1. */
static void
sync_state_op(struct eng_sync *s, int a, enum rec_state st, int res, int other, int op)
{
	struct rec_event ev;
	if (a < 0 || a >= s->nactors)
		return;
	s->slot[a].state = st;
	memset(&ev, 0, sizeof ev);
	ev.kind = REC_STATE;
	ev.state = (uint8_t)st;
	ev.actor = (int16_t)a;
	ev.res = (int16_t)res;
	ev.other = (int16_t)other;
	ev.op = op;
	if (s->emit)
		s->emit(s->ctx, &ev);
}

void
eng_sync_state(struct eng_sync *s, int a, enum rec_state st, int res, int other)
{
	sync_state_op(s, a, st, res, other, -1);
}

static void
sync_ring(struct eng_sync *s, int a)
{
	int fd = s->slot[a].bell;
	uint64_t one = 1;
	if (fd >= 0 && write(fd, &one, sizeof one) < 0 && errno != EAGAIN)
		perror("kitchensync: engine: ringing a loop");
}

void
eng_sync_ring(struct eng_sync *s, int a)
{
	sync_ring(s, a);
}

void
eng_sync_set_bell(struct eng_sync *s, int a, int fd)
{
	s->slot[a].bell = fd;
}

void
eng_sync_wake_supervisor(struct eng_sync *s)
{
	s->sup_signalled = 1;
	pthread_cond_signal(&s->sup);
}

void
eng_sync_supervise_wait(struct eng_sync *s, int64_t timeout_ns)
{
	struct timespec now;
	uint64_t deadline;
	if (!s->sup_signalled) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		deadline = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec + (uint64_t)timeout_ns;
		sync_wait(s, &s->sup, deadline);
	}
	s->sup_signalled = 0;
}

static void
sync_wake_all(struct eng_sync *s)
{
	for (int a = 0; a < s->nactors; a++) {
		pthread_cond_broadcast(&s->slot[a].cond);
		sync_ring(s, a);
	}
	eng_sync_wake_supervisor(s);
}

void
eng_sync_abort(struct eng_sync *s, enum eng_sync_end end_kind)
{
	if (s->end == ENG_SYNC_RUNNING)
		s->end = end_kind;
	atomic_store(&s->abort, 1);
	sync_wake_all(s);
}

bool
eng_sync_aborting(const struct eng_sync *s)
{
	return atomic_load_explicit(&((struct eng_sync *)s)->abort, memory_order_relaxed) != 0;
}

enum eng_sync_end
eng_sync_end(struct eng_sync *s)
{
	return s->end;
}

int
eng_sync_cycle(struct eng_sync *s, int *actors, int *res, int max)
{
	int n = s->ncycle < max ? s->ncycle : max;
	for (int i = 0; i < n; i++) {
		actors[i] = s->cycle[i];
		res[i] = s->cycle_res[i];
	}
	return n;
}

/* ---- the wait-for graph --------------------------------------------------- */

/* The actors that hold what A waits for (or may make room), and one to name. */
static uint64_t
sync_unblockers(struct eng_sync *s, int a, bool *need_all, int *name)
{
	struct sync_slot *sl = &s->slot[a];
	struct sync_res *r = sl->wait_res >= 0 ? sync_res(s, sl->wait_res) : NULL;
	uint64_t live = 0, m = 0;

	for (int b = 0; b < s->nactors; b++)
		if (s->slot[b].phase != ENG_PH_DONE)
			live |= BIT(b);
	*need_all = false;
	*name = -1;
	switch (sl->wait) {
	case ENG_W_MUTEX:
		if (r->owner >= 0) {
			m = BIT(r->owner);
			*name = r->owner;
		}
		break;
	case ENG_W_READ:
	case ENG_W_WRITE:
		if (r->owner >= 0) {
			m = BIT(r->owner);
			*name = r->owner;
		} else {
			m = r->readers;
			*need_all = true;
			for (int b = 0; b < s->nactors; b++)
				if (m & BIT(b)) {
					*name = b;
					break;
				}
		}
		break;
	case ENG_W_SEM:
		for (int b = 0; b < s->nactors; b++)
			if (r->held[b] > 0)
				m |= BIT(b);
		m |= r->releasers;
		m &= live & ~BIT(a);
		break;
	case ENG_W_POP:
		m = r->pushers & live & ~BIT(a);
		break;
	case ENG_W_PUSH:
		m = r->poppers & live & ~BIT(a);
		break;
	case ENG_W_JOIN:
		m = BIT(sl->wait_target);
		*name = sl->wait_target;
		break;
	case ENG_W_NONE:
		break;
	}
	if (*name < 0)
		for (int b = 0; b < s->nactors; b++)
			if (m & BIT(b)) {
				*name = b;
				break;
			}
	return m;
}

/* Actors that can still make progress by themselves or be unblocked by one that can. */
static uint64_t
sync_free_set(struct eng_sync *s)
{
	uint64_t fr = 0;
	bool changed = true;

	for (int a = 0; a < s->nactors; a++) {
		struct sync_slot *sl = &s->slot[a];
		if (sl->phase == ENG_PH_BUSY || sl->phase == ENG_PH_READY ||
		    (sl->phase == ENG_PH_BLOCKED && sl->timed))
			fr |= BIT(a);
	}
	while (changed) {
		changed = false;
		for (int a = 0; a < s->nactors; a++) {
			struct sync_slot *sl = &s->slot[a];
			bool all, ok = false;
			int name;
			uint64_t m;
			if (fr & BIT(a))
				continue;
			if (sl->phase == ENG_PH_IDLE) {
				/* not started yet: the run or its parent starts it, or a spawner can */
				ok = !sl->idle || (s->spawners[a] & fr) != 0;
			} else if (sl->phase == ENG_PH_BLOCKED) {
				m = sync_unblockers(s, a, &all, &name);
				ok = all ? (m & ~fr) == 0 : (m & fr) != 0;
				if (sl->wait == ENG_W_MUTEX && m == 0)
					ok = true;  /* released, wake in flight */
			}
			if (ok) {
				fr |= BIT(a);
				changed = true;
			}
		}
	}
	return fr;
}

bool
eng_sync_detect(struct eng_sync *s)
{
	uint64_t fr, stuck = 0, live_free = 0;
	int next[ENG_SYNC_MAX_ACTORS];

	if (s->end != ENG_SYNC_RUNNING)
		return false;
	fr = sync_free_set(s);
	for (int a = 0; a < s->nactors; a++) {
		if (s->slot[a].phase == ENG_PH_BLOCKED && !(fr & BIT(a)))
			stuck |= BIT(a);
		if (s->slot[a].started && s->slot[a].phase != ENG_PH_DONE && (fr & BIT(a)) &&
		    s->slot[a].kind != PROG_LOOP)
			live_free |= BIT(a);
	}
	if (stuck == 0)
		return false;
	for (int a = 0; a < s->nactors; a++) {
		bool all;
		next[a] = -1;
		if (stuck & BIT(a))
			sync_unblockers(s, a, &all, &next[a]);
	}
	/* Follow "waits for" from each stuck actor; a revisit is a cycle. */
	for (int a = 0; a < s->nactors; a++) {
		int seen[ENG_SYNC_MAX_ACTORS], nseen = 0, b = a;
		if (!(stuck & BIT(a)))
			continue;
		while (b >= 0 && (stuck & BIT(b))) {
			int i;
			for (i = 0; i < nseen && seen[i] != b; i++)
				;
			if (i < nseen) {
				s->ncycle = 0;
				for (; i < nseen; i++) {
					int c = seen[i];
					s->cycle[s->ncycle] = c;
					s->cycle_res[s->ncycle++] = s->slot[c].wait == ENG_W_JOIN ? -1 : s->slot[c].wait_res;
				}
				for (i = 0; i < s->ncycle; i++) {
					int c = s->cycle[i];
					sync_emit(s, REC_DEADLOCK, c, s->cycle_res[i], next[c], s->slot[c].wait);
					eng_sync_state(s, c, REC_ST_DEADLOCKED, s->cycle_res[i], next[c]);
				}
				eng_sync_abort(s, ENG_SYNC_DEADLOCK);
				return true;
			}
			seen[nseen++] = b;
			b = next[b];
		}
	}
	if (live_free == 0) {
		eng_sync_abort(s, ENG_SYNC_STALLED);
		return true;
	}
	return false;
}

/* ---- slots, gates, grants ------------------------------------------------- */

void
eng_sync_started(struct eng_sync *s, int a)
{
	s->slot[a].phase = ENG_PH_BUSY;
	s->slot[a].started = 1;
	eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
}

/* Wakes A out of a blocked wait, naming BY as the one who let it go. */
static void
sync_wake(struct eng_sync *s, int a, int by)
{
	struct sync_slot *sl = &s->slot[a];
	if (sl->phase != ENG_PH_BLOCKED)
		return;
	sl->phase = ENG_PH_BUSY;
	sl->woken_by = by;
	if (by >= 0)
		sync_emit(s, REC_WAKE, by, sl->wait == ENG_W_JOIN ? -1 : sl->wait_res, a, 0);
	pthread_cond_signal(&sl->cond);
	sync_ring(s, a);
}

void
eng_sync_done(struct eng_sync *s, int a, enum rec_state st, int64_t status)
{
	struct sync_slot *sl = &s->slot[a];
	sl->phase = ENG_PH_DONE;
	sl->wait = ENG_W_NONE;
	eng_sync_state(s, a, st, -1, -1);
	sync_emit(s, REC_EXIT, a, -1, -1, status);
	for (int b = 0; b < s->nactors; b++)
		if (s->slot[b].phase == ENG_PH_BLOCKED && s->slot[b].wait == ENG_W_JOIN &&
		    s->slot[b].wait_target == a)
			sync_wake(s, b, a);
	eng_sync_detect(s);
	eng_sync_wake_supervisor(s);
}

void
eng_sync_crashed(struct eng_sync *s, int a, int sig)
{
	eng_sync_done(s, a, REC_ST_FAILED, sig);
}

enum eng_phase
eng_sync_phase(struct eng_sync *s, int a)
{
	return (enum eng_phase)s->slot[a].phase;
}

enum rec_state
eng_sync_last_state(struct eng_sync *s, int a)
{
	return (enum rec_state)s->slot[a].state;
}

bool
eng_sync_is_started(struct eng_sync *s, int a)
{
	return s->slot[a].started != 0;
}

int
eng_sync_gate(struct eng_sync *s, int a, int op)
{
	struct sync_slot *sl = &s->slot[a];
	sl->op = op;
	while (s->paused && !eng_sync_aborting(s))
		sync_wait(s, &sl->cond, 0);
	if (!s->step)
		return eng_sync_aborting(s) ? ENG_SYNC_ABORT : ENG_SYNC_OK;
	sl->phase = ENG_PH_READY;
	sync_state_op(s, a, REC_ST_READY, -1, -1, op);
	eng_sync_wake_supervisor(s);
	while (sl->grants == 0 && !eng_sync_aborting(s))
		sync_wait(s, &sl->cond, 0);
	if (eng_sync_aborting(s))
		return ENG_SYNC_ABORT;
	sl->grants--;
	sl->phase = ENG_PH_BUSY;
	sync_state_op(s, a, REC_ST_RUNNING, -1, -1, op);
	return ENG_SYNC_OK;
}

void
eng_sync_task_ready(struct eng_sync *s, int t)
{
	struct sync_slot *sl = &s->slot[t];
	if (sl->phase != ENG_PH_READY) {
		sl->phase = ENG_PH_READY;
		eng_sync_wake_supervisor(s);
	}
}

bool
eng_sync_task_take_grant(struct eng_sync *s, int t)
{
	struct sync_slot *sl = &s->slot[t];
	if (s->paused)
		return false;
	if (!s->step) {
		sl->phase = ENG_PH_BUSY;
		return true;
	}
	if (sl->grants == 0)
		return false;
	sl->grants--;
	sl->phase = ENG_PH_BUSY;
	return true;
}

bool
eng_sync_grant(struct eng_sync *s, int a)
{
	struct sync_slot *sl;
	if (a < 0 || a >= s->nactors)
		return false;
	sl = &s->slot[a];
	if (sl->phase != ENG_PH_READY || sl->grants > 0)
		return false;
	sl->grants = 1;
	pthread_cond_signal(&sl->cond);
	sync_ring(s, a);
	return true;
}

uint64_t
eng_sync_ready_mask(struct eng_sync *s)
{
	uint64_t m = 0;
	for (int a = 0; a < s->nactors; a++) {
		struct sync_slot *sl = &s->slot[a];
		if (sl->phase != ENG_PH_READY || sl->grants > 0)
			continue;
		/* A task whose loop thread is stuck inside another task cannot move. */
		if (sl->kind == PROG_TASK && sl->parent >= 0) {
			bool loop_busy = false;
			for (int b = 0; b < s->nactors; b++)
				if (b != a && s->slot[b].kind == PROG_TASK && s->slot[b].parent == sl->parent &&
				    s->slot[b].phase == ENG_PH_BLOCKED)
					loop_busy = true;
			if (loop_busy)
				continue;
		}
		m |= BIT(a);
	}
	return m;
}

bool
eng_sync_quiescent(struct eng_sync *s)
{
	for (int a = 0; a < s->nactors; a++) {
		struct sync_slot *sl = &s->slot[a];
		if (sl->kind == PROG_LOOP)
			continue;  /* a loop is its tasks */
		if (sl->phase == ENG_PH_BUSY || (sl->phase == ENG_PH_READY && sl->grants > 0) ||
		    (sl->phase == ENG_PH_BLOCKED && sl->timed))
			return false;
	}
	return true;
}

bool
eng_sync_all_done(struct eng_sync *s)
{
	uint64_t done = 0, live = 0;
	for (int a = 0; a < s->nactors; a++) {
		if (s->slot[a].phase == ENG_PH_DONE)
			done |= BIT(a);
		else if (s->slot[a].started)
			live |= BIT(a);
	}
	if (live)
		return false;
	/* Nothing runs: an idle actor can no longer be spawned. */
	return true;
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
	struct sync_slot *sl = &s->slot[a];
	bool all;
	int holder;
	enum rec_state st = w == ENG_W_JOIN ? REC_ST_JOINING : REC_ST_BLOCKED;
	int shown_res = w == ENG_W_JOIN ? -1 : res;

	sl->phase = ENG_PH_BLOCKED;
	sl->wait = w;
	sl->wait_res = res;
	sl->wait_target = target;
	sl->timed = deadline != 0;
	sl->woken_by = -1;
	sl->wait_seq = ++s->seq;
	sync_unblockers(s, a, &all, &holder);
	if (w != ENG_W_JOIN)
		sync_emit(s, REC_LOCK_WAIT, a, res, holder, 0);
	eng_sync_state(s, a, st, shown_res, w == ENG_W_JOIN ? target : holder);
	eng_sync_wake_supervisor(s);
	if (eng_sync_detect(s))
		return ENG_SYNC_ABORT;
	while (sl->phase == ENG_PH_BLOCKED && !eng_sync_aborting(s)) {
		if (deadline) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec >= deadline)
				break;
		}
		sync_wait(s, &sl->cond, deadline);
	}
	if (eng_sync_aborting(s))
		return ENG_SYNC_ABORT;  /* the wait stays on record for the outcome */
	sl->wait = ENG_W_NONE;
	sl->timed = 0;
	if (sl->phase == ENG_PH_BLOCKED) {  /* timed out */
		sl->phase = ENG_PH_BUSY;
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
	int best = -1;
	for (int b = 0; b < s->nactors; b++) {
		struct sync_slot *sl = &s->slot[b];
		if (sl->phase == ENG_PH_BLOCKED && sl->wait_res == res &&
		    (sl->wait == (int)w1 || sl->wait == (int)w2) &&
		    (best < 0 || sl->wait_seq < s->slot[best].wait_seq))
			best = b;
	}
	if (best >= 0)
		sync_wake(s, best, by);
}

static void
sync_wake_kind(struct eng_sync *s, int res, enum eng_wait w, int by)
{
	for (int b = 0; b < s->nactors; b++) {
		struct sync_slot *sl = &s->slot[b];
		if (sl->phase == ENG_PH_BLOCKED && sl->wait_res == res && sl->wait == (int)w)
			sync_wake(s, b, by);
	}
}

static bool
sync_writer_waiting(struct eng_sync *s, int res)
{
	for (int b = 0; b < s->nactors; b++)
		if (s->slot[b].phase == ENG_PH_BLOCKED && s->slot[b].wait_res == res &&
		    s->slot[b].wait == ENG_W_WRITE)
			return true;
	return false;
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

/* Takes RES for A if it can be taken now by a wait of kind W (V: the value a
 * push puts in or a pop takes out), recording how; false if A must wait. */
static bool
sync_try_take(struct eng_sync *s, int a, enum eng_wait w, int res, bool waited, prog_value *v)
{
	struct sync_res *r = sync_res(s, res);

	switch (w) {
	case ENG_W_MUTEX:
		if (r->owner >= 0)
			return false;
		r->owner = a;
		break;
	case ENG_W_SEM:
		if (r->count <= 0)
			return false;
		r->count--;
		r->held[a]++;
		break;
	case ENG_W_READ:
		if (r->owner >= 0 ||
		    (r->prefer == PROG_PREFER_WRITERS && sync_writer_waiting(s, res)))
			return false;
		r->readers |= BIT(a);
		break;
	case ENG_W_WRITE:
		if (r->owner >= 0 || r->readers != 0)
			return false;
		r->owner = a;
		break;
	case ENG_W_PUSH:
		if (r->len >= r->cap)
			return false;
		sync_items(s, r)[(r->head + r->len) % r->cap] = *v;
		r->len++;
		sync_queue_moved(s, a, res, waited, REC_PUSH, *v, ENG_W_POP);
		return true;
	case ENG_W_POP:
		if (r->len <= 0)
			return false;
		*v = sync_items(s, r)[r->head];
		r->head = (r->head + 1) % r->cap;
		r->len--;
		sync_queue_moved(s, a, res, waited, REC_POP, *v, ENG_W_PUSH);
		return true;
	case ENG_W_JOIN:
	case ENG_W_NONE:
		sync_fatal("sync_try_take", EINVAL);  /* not a resource: eng_sync_join waits itself */
		return false;
	}
	sync_acquired(s, a, res, waited);
	return true;
}

/* The wait every blocking primitive shares: under the big lock, takes RES for A
 * by a wait of kind W as soon as it can, blocking until DEADLINE (0: none)
 * between tries; with ONCE it does not block but times out at once. */
static int
sync_take(struct eng_sync *s, int a, enum eng_wait w, int res, uint64_t deadline, bool once,
    prog_value *v)
{
	bool waited = false;
	int rc = ENG_SYNC_OK;

	eng_sync_lock_big(s);
	for (;;) {
		if (eng_sync_aborting(s)) {
			rc = ENG_SYNC_ABORT;
			break;
		}
		if (sync_try_take(s, a, w, res, waited, v))
			break;
		if (once) {
			rc = ENG_SYNC_TIMEOUT;
			break;
		}
		waited = true;
		if ((rc = sync_block(s, a, w, res, -1, deadline)) != ENG_SYNC_OK)
			break;
	}
	if (rc == ENG_SYNC_TIMEOUT && waited)
		eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_lock(struct eng_sync *s, int a, int res)
{
	return sync_take(s, a, ENG_W_MUTEX, res, 0, false, NULL);
}

int
eng_sync_trylock(struct eng_sync *s, int a, int res, int64_t timeout_ns)
{
	struct timespec now;
	if (timeout_ns <= 0)
		return sync_take(s, a, ENG_W_MUTEX, res, 0, true, NULL);
	clock_gettime(CLOCK_MONOTONIC, &now);
	return sync_take(s, a, ENG_W_MUTEX, res,
	    (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec + (uint64_t)timeout_ns, false, NULL);
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
		sync_wake_one(s, res, ENG_W_MUTEX, ENG_W_MUTEX, a);
	} else if (r->kind == PROG_RWLOCK && r->owner == a) {
		r->owner = -1;
		r->last_release = a;
		sync_emit(s, REC_LOCK_RELEASE, a, res, -1, 0);
		if (r->prefer == PROG_PREFER_WRITERS && sync_writer_waiting(s, res))
			sync_wake_one(s, res, ENG_W_WRITE, ENG_W_WRITE, a);
		else {
			sync_wake_kind(s, res, ENG_W_READ, a);
			sync_wake_one(s, res, ENG_W_WRITE, ENG_W_WRITE, a);
		}
	} else if (r->kind == PROG_RWLOCK && (r->readers & BIT(a))) {
		r->readers &= ~BIT(a);
		r->last_release = a;
		sync_emit(s, REC_LOCK_RELEASE, a, res, -1, 0);
		if (r->readers == 0)
			sync_wake_one(s, res, ENG_W_WRITE, ENG_W_WRITE, a);
		if (r->prefer == PROG_PREFER_READERS)
			sync_wake_kind(s, res, ENG_W_READ, a);
	} else {
		rc = ENG_SYNC_NOTHELD;
	}
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_acquire(struct eng_sync *s, int a, int res)
{
	return sync_take(s, a, ENG_W_SEM, res, 0, false, NULL);
}

int
eng_sync_release(struct eng_sync *s, int a, int res)
{
	struct sync_res *r = sync_res(s, res);

	eng_sync_lock_big(s);
	/* A semaphore may be released by anyone: a signal, not an ownership. */
	if (r->held[a] > 0)
		r->held[a]--;
	r->count++;
	r->last_release = a;
	sync_emit(s, REC_LOCK_RELEASE, a, res, -1, r->count);
	sync_wake_one(s, res, ENG_W_SEM, ENG_W_SEM, a);
	eng_sync_unlock_big(s);
	return ENG_SYNC_OK;
}

int
eng_sync_read_lock(struct eng_sync *s, int a, int res)
{
	return sync_take(s, a, ENG_W_READ, res, 0, false, NULL);
}

int
eng_sync_write_lock(struct eng_sync *s, int a, int res)
{
	return sync_take(s, a, ENG_W_WRITE, res, 0, false, NULL);
}

int
eng_sync_push(struct eng_sync *s, int a, int res, prog_value v)
{
	return sync_take(s, a, ENG_W_PUSH, res, 0, false, &v);
}

int
eng_sync_pop(struct eng_sync *s, int a, int res, prog_value *v)
{
	return sync_take(s, a, ENG_W_POP, res, 0, false, v);
}

int64_t
eng_sync_qlen(struct eng_sync *s, int res)
{
	return sync_res(s, res)->len;
}

int
eng_sync_join(struct eng_sync *s, int a, int target)
{
	int rc = ENG_SYNC_OK;

	eng_sync_lock_big(s);
	while (s->slot[target].phase != ENG_PH_DONE) {
		if (eng_sync_aborting(s)) {
			rc = ENG_SYNC_ABORT;
			break;
		}
		if ((rc = sync_block(s, a, ENG_W_JOIN, -1, target, 0)) != ENG_SYNC_OK)
			break;
	}
	if (rc == ENG_SYNC_OK)
		eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	eng_sync_unlock_big(s);
	return rc;
}

int
eng_sync_sleep(struct eng_sync *s, int a, int64_t ns, enum rec_state st)
{
	struct sync_slot *sl = &s->slot[a];
	struct timespec now;
	uint64_t t, deadline;
	int rc = ENG_SYNC_OK;

	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec + (uint64_t)(ns > 0 ? ns : 0);
	eng_sync_lock_big(s);
	eng_sync_state(s, a, st, -1, -1);
	for (;;) {
		if (eng_sync_aborting(s)) {
			rc = ENG_SYNC_ABORT;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		t = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
		if (t >= deadline)
			break;
		sync_wait(s, &sl->cond, deadline);
	}
	eng_sync_state(s, a, REC_ST_RUNNING, -1, -1);
	eng_sync_unlock_big(s);
	return rc;
}

enum eng_wait
eng_sync_waiting(struct eng_sync *s, int a, int *res, int *holder)
{
	struct sync_slot *sl = &s->slot[a];
	bool all;
	*res = -1;
	*holder = -1;
	if (sl->phase != ENG_PH_BLOCKED)
		return ENG_W_NONE;
	*res = sl->wait_res;
	sync_unblockers(s, a, &all, holder);
	return (enum eng_wait)sl->wait;
}
