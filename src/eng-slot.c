/* eng-slot.c: the shared region: its layout, the big lock, actor phases and
 * their counts, events, wakes, and the lists of waiters.  The bottom of the
 * sync module: it calls nothing of the engine but the emit callback. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "eng-sync-int.h"
#include "i18n.h"
#include "xalloc.h"

#define UNBOUNDED_QUEUE 4096  /* what "no capacity" holds before a push blocks */

void
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

uint64_t
sync_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
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

/* ---- what the program says: who can push, pop, release, spawn ------------ */

/* Calls FN for every actor an op spawns: one actor, or a family's members. */
static void
sync_op_targets(const struct prog_variant *v, const struct prog_op *op, int *first, int *count)
{
	*first = op->actor;
	*count = op->actor >= 0 ? 1 : 0;
	if (op->family >= 0 && (size_t)op->family < v->nfamilies) {
		*first = v->families[op->family].first;
		*count = v->families[op->family].count;
	}
}

static void
sync_static_make(struct sync_static *st, const struct prog_variant *v)
{
	size_t n = v->nactors, nr = v->ndecls, nrng = 0, arng = 0, nsp = 0;
	int *cnt;

	st->nwords = (n + 63) / 64;
	st->pushers = xcalloc(nr * st->nwords + 1, sizeof *st->pushers);
	st->poppers = xcalloc(nr * st->nwords + 1, sizeof *st->poppers);
	st->releasers = xcalloc(nr * st->nwords + 1, sizeof *st->releasers);
	st->repliers = xcalloc(nr * st->nwords + 1, sizeof *st->repliers);
	st->spawn_off = xcalloc(n + 1, sizeof *st->spawn_off);
	st->spawn_rng = NULL;
	for (size_t b = 0; b < n; b++) {
		const struct prog_actor *pa = &v->actors[b];
		st->spawn_off[b] = (int)nrng;
		for (size_t i = 0; i < pa->nops; i++) {
			const struct prog_op *op = &pa->ops[i];
			uint64_t *m = op->code == PROG_OP_PUSH || op->code == PROG_OP_CALL ? st->pushers :
			    op->code == PROG_OP_REPLY ? st->repliers :
			    op->code == PROG_OP_POP ? st->poppers :
			    op->code == PROG_OP_RELEASE ? st->releasers : NULL;
			if (m && op->res >= 0 && (size_t)op->res < nr)
				sync_bit_set(m + (size_t)op->res * st->nwords, (int)b, true);
			if (op->code == PROG_OP_SPAWN) {
				int first, count;
				sync_op_targets(v, op, &first, &count);
				if (count <= 0)
					continue;
				st->spawn_rng = xgrow(st->spawn_rng, &arng, nrng + 1, sizeof *st->spawn_rng);
				st->spawn_rng[nrng][0] = first;
				st->spawn_rng[nrng][1] = count;
				nrng++;
				nsp += (size_t)count;
			}
		}
	}
	st->spawn_off[n] = (int)nrng;
	/* the reverse: each actor's spawners */
	cnt = xcalloc(n + 1, sizeof *cnt);
	st->spawner_off = xcalloc(n + 1, sizeof *st->spawner_off);
	st->spawner_list = xcalloc(nsp + 1, sizeof *st->spawner_list);
	for (size_t b = 0; b < n; b++)
		for (int k = st->spawn_off[b]; k < st->spawn_off[b + 1]; k++)
			for (int a = st->spawn_rng[k][0]; a < st->spawn_rng[k][0] + st->spawn_rng[k][1]; a++)
				cnt[a]++;
	for (size_t a = 0; a < n; a++)
		st->spawner_off[a + 1] = st->spawner_off[a] + cnt[a];
	memset(cnt, 0, (n + 1) * sizeof *cnt);
	for (size_t b = 0; b < n; b++)
		for (int k = st->spawn_off[b]; k < st->spawn_off[b + 1]; k++)
			for (int a = st->spawn_rng[k][0]; a < st->spawn_rng[k][0] + st->spawn_rng[k][1]; a++)
				st->spawner_list[st->spawner_off[a] + cnt[a]++] = (int)b;
	free(cnt);
}

static void
sync_static_free(struct sync_static *st)
{
	free(st->pushers);
	free(st->poppers);
	free(st->releasers);
	free(st->repliers);
	free(st->spawn_off);
	free(st->spawn_rng);
	free(st->spawner_off);
	free(st->spawner_list);
}

/* ---- the region ------------------------------------------------------------ */

/* Offsets of the parts of the region for V; returns its size. */
static size_t
sync_layout(const struct prog_variant *v, size_t extra_bytes, size_t *slot_off, size_t *res_off,
    size_t *data_off, size_t *extra_off)
{
	size_t nw = (v->nactors + 63) / 64, size;

	*slot_off = sync_align(sizeof(struct eng_sync));
	*res_off = sync_align(*slot_off + v->nactors * sizeof(struct sync_slot));
	*data_off = sync_align(*res_off + v->ndecls * sizeof(struct sync_res));
	size = *data_off;
	for (size_t r = 0; r < v->ndecls; r++) {
		const struct prog_decl *d = &v->decls[r];
		if (d->kind == PROG_QUEUE)
			size += sizeof(prog_value) * (size_t)(d->capacity > 0 ? d->capacity : UNBOUNDED_QUEUE);
		else if (d->kind == PROG_RWLOCK)
			size += nw * sizeof(uint64_t);
		else if (d->kind == PROG_SEMAPHORE)
			size += v->nactors * sizeof(int32_t);
		size = (size + 7) & ~(size_t)7;
	}
	*extra_off = sync_align(size);
	return sync_align(*extra_off + extra_bytes);
}

static void
sync_res_init(struct eng_sync *s, const struct prog_variant *v, size_t data_off)
{
	size_t nw = s->st.nwords;

	for (int r = 0; r < s->nres; r++) {
		struct sync_res *re = sync_res(s, r);
		const struct prog_decl *d = &v->decls[r];
		re->kind = d->kind;
		re->prefer = d->prefer;
		re->owner = -1;
		re->last_release = -1;
		re->whead = re->wtail = -1;
		re->count = d->kind == PROG_SEMAPHORE ? d->init : 0;
		if (d->kind == PROG_QUEUE) {
			re->cap = d->capacity > 0 ? d->capacity : UNBOUNDED_QUEUE;
			re->items = data_off;
			data_off += sizeof(prog_value) * (size_t)re->cap;
		} else if (d->kind == PROG_RWLOCK) {
			re->readers = data_off;
			data_off += nw * sizeof(uint64_t);
		} else if (d->kind == PROG_SEMAPHORE) {
			re->held = data_off;
			data_off += (size_t)s->nactors * sizeof(int32_t);
		}
		data_off = (data_off + 7) & ~(size_t)7;
	}
}

struct eng_sync *
eng_sync_new(const struct prog_variant *v, bool step, size_t extra_bytes,
    eng_sync_emit_fn *emit, void *ctx)
{
	pthread_mutexattr_t ma;
	struct eng_sync *s;
	size_t size, slot_off, res_off, data_off, extra_off;
	int err;

	if (v->nactors > PROG_MAX_ACTORS + 64)
		return NULL;
	size = sync_layout(v, extra_bytes, &slot_off, &res_off, &data_off, &extra_off);
	s = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return NULL;
	s->size = size;
	s->slot_off = slot_off;
	s->res_off = res_off;
	s->extra_off = extra_off;
	s->nactors = (int)v->nactors;
	s->nres = (int)v->ndecls;
	s->step = step;
	s->emit = emit;
	s->ctx = ctx;
	s->v = v;
	atomic_init(&s->abort, 0);
	sync_static_make(&s->st, v);

	if ((err = pthread_mutexattr_init(&ma)) != 0 ||
	    (err = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (err = pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST)) != 0 ||
	    (err = pthread_mutex_init(&s->big, &ma)) != 0)
		sync_fatal("pthread_mutex_init", err);
	pthread_mutexattr_destroy(&ma);
	sync_cond_init(&s->sup);

	for (int a = 0; a < s->nactors; a++) {
		struct sync_slot *sl = sync_slot(s, a);
		sync_cond_init(&sl->cond);
		sl->phase = ENG_PH_IDLE;
		sl->state = REC_ST_NEW;
		sl->wait_res = sl->wait_target = sl->woken_by = -1;
		sl->bell = -1;
		sl->kind = v->actors[a].kind;
		sl->parent = v->actors[a].parent;
		sl->idle = v->actors[a].idle;
		sl->wnext = sl->wprev = sl->jhead = sl->jtail = -1;
		sl->snext = sl->shead = sl->stail = -1;
		sl->holder = -1;
	}
	sync_res_init(s, v, data_off);
	return s;
}

void
eng_sync_free(struct eng_sync *s)
{
	if (s == NULL)
		return;
	sync_static_free(&s->st);
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

int32_t *
sync_held(struct eng_sync *s, struct sync_res *r)
{
	return (int32_t *)((char *)s + r->held);
}

uint64_t *
sync_readers(struct eng_sync *s, struct sync_res *r)
{
	return sync_bits_at(s, r->readers);
}

prog_value *
sync_items(struct eng_sync *s, struct sync_res *r)
{
	return (prog_value *)((char *)s + r->items);
}

/* ---- the big lock ---------------------------------------------------------- */

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

void
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

/* ---- events and phases ----------------------------------------------------- */

void
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

void
sync_state_op(struct eng_sync *s, int a, enum rec_state st, int res, int other, int op)
{
	struct rec_event ev;
	if (a < 0 || a >= s->nactors)
		return;
	sync_slot(s, a)->state = st;
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

/* Adds D to the counts A's phase PH (and its grants, its deadline) take part in. */
static void
sync_count(struct eng_sync *s, struct sync_slot *sl, int d)
{
	if (sl->phase == ENG_PH_BUSY && sl->kind != PROG_LOOP)
		s->nbusy += d;
	if (sl->phase == ENG_PH_READY) {
		s->nready += d;
		if (sl->grants > 0)
			s->ngranted += d;
	}
	if (sl->phase == ENG_PH_BLOCKED) {
		/* a loop task's call in step mode gives up on the scenario clock,
		 * when the supervisor moves it: it holds up no grant meanwhile */
		if (sl->timed && !(s->step && sl->async))
			s->ntimed += d;
		if (sl->kind == PROG_TASK && !sl->async && sl->parent >= 0 && sl->parent < s->nactors)
			sync_slot(s, sl->parent)->nblocked += d;
	}
	if (sl->started && sl->phase != ENG_PH_DONE)
		s->nlive += d;
}

void
sync_set_phase(struct eng_sync *s, int a, enum eng_phase ph)
{
	struct sync_slot *sl = sync_slot(s, a);
	sync_count(s, sl, -1);
	sl->phase = ph;
	if (ph != ENG_PH_IDLE)
		sl->started = 1;
	sync_count(s, sl, +1);
}

void
sync_set_grants(struct eng_sync *s, int a, int grants)
{
	struct sync_slot *sl = sync_slot(s, a);
	sync_count(s, sl, -1);
	sl->grants = grants;
	sync_count(s, sl, +1);
}

void
sync_set_timed(struct eng_sync *s, int a, int timed)
{
	struct sync_slot *sl = sync_slot(s, a);
	sync_count(s, sl, -1);
	sl->timed = timed;
	sync_count(s, sl, +1);
}

/* ---- wakes ----------------------------------------------------------------- */

void
sync_ring(struct eng_sync *s, int a)
{
	int fd = sync_slot(s, a)->bell;
	uint64_t one = 1;
	if (fd >= 0 && write(fd, &one, sizeof one) < 0 && errno != EAGAIN)
		perror("kitchensync: engine: ringing a loop");
}

void
eng_sync_set_bell(struct eng_sync *s, int a, int fd)
{
	sync_slot(s, a)->bell = fd;
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
	if (!s->sup_signalled && timeout_ns > 0)
		sync_wait(s, &s->sup, sync_now() + (uint64_t)timeout_ns);
	s->sup_signalled = 0;
}

void
sync_wake_all(struct eng_sync *s)
{
	int last_bell = -1;
	for (int a = 0; a < s->nactors; a++) {
		struct sync_slot *sl = sync_slot(s, a);
		pthread_cond_broadcast(&sl->cond);
		if (sl->bell >= 0 && sl->bell != last_bell) {
			sync_ring(s, a);  /* one ring per loop is enough */
			last_bell = sl->bell;
		}
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

/* ---- lists of waiters ------------------------------------------------------ */

void
sync_wait_push(struct eng_sync *s, int a, int res, int target)
{
	struct sync_slot *sl = sync_slot(s, a);
	int *head, *tail;
	if (res >= 0) {
		head = &sync_res(s, res)->whead;
		tail = &sync_res(s, res)->wtail;
	} else {
		head = &sync_slot(s, target)->jhead;
		tail = &sync_slot(s, target)->jtail;
	}
	sl->wnext = -1;
	sl->wprev = *tail;
	if (*tail >= 0)
		sync_slot(s, *tail)->wnext = a;
	else
		*head = a;
	*tail = a;
}

void
sync_wait_drop(struct eng_sync *s, int a)
{
	struct sync_slot *sl = sync_slot(s, a);
	int *head, *tail;
	if (sl->wait == ENG_W_NONE)
		return;
	if (sl->wait != ENG_W_JOIN) {
		head = &sync_res(s, sl->wait_res)->whead;
		tail = &sync_res(s, sl->wait_res)->wtail;
	} else {
		head = &sync_slot(s, sl->wait_target)->jhead;
		tail = &sync_slot(s, sl->wait_target)->jtail;
	}
	if (sl->wprev >= 0)
		sync_slot(s, sl->wprev)->wnext = sl->wnext;
	else if (*head == a)
		*head = sl->wnext;
	if (sl->wnext >= 0)
		sync_slot(s, sl->wnext)->wprev = sl->wprev;
	else if (*tail == a)
		*tail = sl->wprev;
	sl->wnext = sl->wprev = -1;
}

int
sync_wait_first(struct eng_sync *s, int res)
{
	return sync_res(s, res)->whead;
}

int
sync_wait_next(struct eng_sync *s, int a)
{
	return sync_slot(s, a)->wnext;
}

/* ---- questions about one actor ---------------------------------------------- */

enum eng_phase
eng_sync_phase(struct eng_sync *s, int a)
{
	return (enum eng_phase)sync_slot(s, a)->phase;
}

enum rec_state
eng_sync_last_state(struct eng_sync *s, int a)
{
	return (enum rec_state)sync_slot(s, a)->state;
}

bool
eng_sync_is_started(struct eng_sync *s, int a)
{
	return sync_slot(s, a)->started != 0;
}

bool
eng_sync_may_start(struct eng_sync *s, int a)
{
	const struct sync_static *st = &s->st;
	for (int k = st->spawner_off[a]; k < st->spawner_off[a + 1]; k++) {
		int b = st->spawner_list[k];
		struct sync_slot *sb = sync_slot(s, b);
		if (b != a && sb->phase != ENG_PH_DONE && (sb->phase != ENG_PH_IDLE || !sb->idle))
			return true;
	}
	return false;
}

/* ---- a loop's start and resume requests ------------------------------------ */

/* Appends T to its loop's requests: to start, or to RESUME after a reply. */
void
sync_task_enqueue(struct eng_sync *s, int t, int resume)
{
	struct sync_slot *sl = sync_slot(s, t);
	int loop = sl->parent;
	struct sync_slot *ls;
	if (loop < 0 || loop >= s->nactors)
		return;
	ls = sync_slot(s, loop);
	sl->snext = -1;
	sl->resume = resume;
	if (ls->stail >= 0)
		sync_slot(s, ls->stail)->snext = t;
	else
		ls->shead = t;
	ls->stail = t;
	sync_ring(s, loop);
}

void
eng_sync_task_request(struct eng_sync *s, int t)
{
	sync_task_enqueue(s, t, ENG_TASK_START);
}

int
eng_sync_task_next_request(struct eng_sync *s, int loop, enum eng_task_request *why)
{
	struct sync_slot *ls = sync_slot(s, loop);
	int t = ls->shead;
	*why = ENG_TASK_START;
	if (t >= 0) {
		ls->shead = sync_slot(s, t)->snext;
		if (ls->shead < 0)
			ls->stail = -1;
		*why = (enum eng_task_request)sync_slot(s, t)->resume;
	}
	return t;
}
