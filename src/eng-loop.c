/* eng-loop.c: a loop actor: a libuv loop on its own thread running its tasks.
 *
 * Each task is a resumable interpreter (eng-op.c).  `await` parks it on a uv
 * timer and the loop runs the others; `offload` hands work to libuv's thread
 * pool (uv_queue_work); anything else a task does, a blocking sleep, a lock,
 * a long `work`, really blocks the loop thread and so every other task.
 *
 * Tasks come to the loop as start requests (eng_sync_task_request, from the
 * launcher) and wait in a run queue threaded through their eng_act, so a
 * loop of 10,000 tasks costs O(1) per switch.  Calls eng-op.c, eng-work.c,
 * eng-sync.c and eng-emit.c.
 *
 * A task whose await or offloaded call has ended is READY, waiting for the
 * loop, even while the loop runs another task and cannot see the timer or
 * the pool's answer: that READY is recorded when the wait really ends, by a
 * watcher thread for awaits (it sleeps until the next one is due) and by the
 * pool thread for offloads, whichever comes before the loop itself.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eng-int.h"
#include "i18n.h"
#include "xalloc.h"

struct eng_loop {
	struct eng *e;
	int id;
	uv_loop_t loop;
	uv_poll_t bell;
	int *tasks;
	int ntasks;
	int qhead, qtail;       /* the run queue, oldest first: actor indices */
	int nrun;
	int nlive;              /* tasks started and not finished */
	int unstarted;          /* tasks not asked to start yet */
	int pending;            /* timers and pool jobs outstanding */
	int shown;              /* the loop's state last recorded */
	/* when each task's await or offload ends (see loop_noted_*): under wlock */
	pthread_mutex_t wlock;
	pthread_cond_t wcond;
	unsigned char *noted;   /* by actor: LOOP_WAITING, LOOP_NOTED, or 0 */
	unsigned *armed;        /* by actor: its waits so far, telling a due await from an old one */
	struct loop_due { uint64_t t; int task; unsigned n; } *heap;  /* awaits, earliest first */
	size_t nheap, aheap;
	pthread_t watcher;
	bool watching, wstop;
};

enum {
	LOOP_WAITING = 1,  /* in an await or offload: its READY not recorded yet */
	LOOP_NOTED = 2,    /* its READY recorded when the wait ended, before the loop saw it */
};

static __thread int loop_pool_id = -1;
static __thread unsigned loop_pool_gen;

static void
loop_show(struct eng_loop *L, enum rec_state st)
{
	if (L->shown != (int)st) {
		L->shown = (int)st;
		eng_emit_simple(L->e, REC_STATE, L->id, -1, -1, -1, st);
	}
}

/* ---- READY when a wait ends, not when the loop sees it ------------------ */

/* Records that task T (of L) waits for the loop from now on: op, what it runs next. */
static void
loop_ready_event(struct eng_loop *L, int t, int op)
{
	eng_emit_simple(L->e, REC_STATE, t, op, -1, L->id, REC_ST_READY);
}

/* Task A starts an await or offload: its end is to be recorded once. */
static void
loop_noted_arm(struct eng_loop *L, struct eng_act *a)
{
	pthread_mutex_lock(&L->wlock);
	L->noted[a->id] = LOOP_WAITING;
	L->armed[a->id]++;
	pthread_mutex_unlock(&L->wlock);
}

/* A's wait ended (called by the watcher or a pool thread): READY now, unless the loop was first. */
static void
loop_noted_end(struct eng_loop *L, struct eng_act *a)
{
	pthread_mutex_lock(&L->wlock);
	if (L->noted[a->id] == LOOP_WAITING) {
		loop_ready_event(L, a->id, a->pc);
		L->noted[a->id] = LOOP_NOTED;
	}
	pthread_mutex_unlock(&L->wlock);
}

/* The loop takes A back: true when its READY was recorded already. */
static bool
loop_noted_take(struct eng_loop *L, struct eng_act *a)
{
	bool noted;
	pthread_mutex_lock(&L->wlock);
	noted = L->noted[a->id] == LOOP_NOTED;
	L->noted[a->id] = 0;
	pthread_mutex_unlock(&L->wlock);
	return noted;
}

static bool
loop_due_before(const struct loop_due *x, const struct loop_due *y)
{
	return x->t < y->t;
}

/* The watcher: sleeps until the next await is due, then records its task
 * READY (if the loop has not taken it back yet), until the loop closes. */
static void *
loop_watch_main(void *arg)
{
	struct eng_loop *L = arg;
	pthread_mutex_lock(&L->wlock);
	while (!L->wstop) {
		uint64_t now = rec_now();
		struct loop_due d;
		if (L->nheap == 0) {
			pthread_cond_wait(&L->wcond, &L->wlock);
			continue;
		}
		if (L->heap[0].t > now) {
			struct timespec ts = { (time_t)(L->heap[0].t / 1000000000u),
			    (long)(L->heap[0].t % 1000000000u) };
			pthread_cond_timedwait(&L->wcond, &L->wlock, &ts);
			continue;
		}
		d = L->heap[0];
		L->heap[0] = L->heap[--L->nheap];
		for (size_t i = 0;;) {
			size_t l = 2 * i + 1, m = i;
			if (l < L->nheap && loop_due_before(&L->heap[l], &L->heap[m]))
				m = l;
			if (l + 1 < L->nheap && loop_due_before(&L->heap[l + 1], &L->heap[m]))
				m = l + 1;
			if (m == i)
				break;
			struct loop_due tmp = L->heap[i];
			L->heap[i] = L->heap[m];
			L->heap[m] = tmp;
			i = m;
		}
		if (L->noted[d.task] == LOOP_WAITING && L->armed[d.task] == d.n) {
			loop_ready_event(L, d.task, L->e->acts[d.task].pc);
			L->noted[d.task] = LOOP_NOTED;
		}
	}
	pthread_mutex_unlock(&L->wlock);
	return NULL;
}

/* Task A awaits until T (rec_now's clock): armed, and the watcher told. */
static void
loop_watch_await(struct eng_loop *L, struct eng_act *a, uint64_t t)
{
	size_t i;
	int err;

	if (!L->watching) {
		if ((err = pthread_create(&L->watcher, NULL, loop_watch_main, L)) != 0) {
			/* without it the loop still records READY, only late */
			fprintf(stderr, _("kitchensync: engine: loop '%s': cannot start its timer watcher: %s\n"),
			    L->e->v->actors[L->id].name, strerror(err));
			return;
		}
		L->watching = true;
	}
	pthread_mutex_lock(&L->wlock);
	L->noted[a->id] = LOOP_WAITING;
	L->heap = xgrow(L->heap, &L->aheap, L->nheap + 1, sizeof *L->heap);
	i = L->nheap++;
	L->heap[i] = (struct loop_due){ t, a->id, ++L->armed[a->id] };
	while (i > 0 && loop_due_before(&L->heap[i], &L->heap[(i - 1) / 2])) {
		struct loop_due tmp = L->heap[i];
		L->heap[i] = L->heap[(i - 1) / 2];
		L->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
	if (i == 0)
		pthread_cond_signal(&L->wcond);  /* a new earliest: the watcher sleeps less */
	pthread_mutex_unlock(&L->wlock);
}

/* ---- the run queue -------------------------------------------------------- */

static void
loop_push(struct eng_loop *L, struct eng_act *a)
{
	struct eng_act *acts = L->e->acts;
	if (a->queued)
		return;
	a->queued = true;
	a->qnext = -1;
	a->qprev = L->qtail;
	if (L->qtail >= 0)
		acts[L->qtail].qnext = a->id;
	else
		L->qhead = a->id;
	L->qtail = a->id;
	L->nrun++;
	/* op: the one it runs next, for the program pane */
	if (!loop_noted_take(L, a))
		loop_ready_event(L, a->id, a->pc);
}

static void
loop_remove(struct eng_loop *L, struct eng_act *a)
{
	struct eng_act *acts = L->e->acts;
	if (!a->queued)
		return;
	if (a->qprev >= 0)
		acts[a->qprev].qnext = a->qnext;
	else
		L->qhead = a->qnext;
	if (a->qnext >= 0)
		acts[a->qnext].qprev = a->qprev;
	else
		L->qtail = a->qprev;
	a->qprev = a->qnext = -1;
	a->queued = false;
	L->nrun--;
}

static void
loop_bell_cb(uv_poll_t *h, int status, int events)
{
	struct eng_loop *L = h->data;
	uint64_t n;
	(void)status;
	(void)events;
	if (read(L->e->bells[L->id], &n, sizeof n) < 0 && errno != EAGAIN)
		perror("kitchensync: engine: loop doorbell");
}

/* Pushes A from inside a libuv callback.  uv_run(UV_RUN_ONCE) runs the timers
 * already due before it polls, and would then block with nothing to wake it:
 * uv_stop makes this turn's poll return at once, so the loop sees A. */
static void
loop_push_from_cb(struct eng_loop *L, struct eng_act *a)
{
	loop_push(L, a);
	uv_stop(&L->loop);
}

static void
loop_timer_cb(uv_timer_t *t)
{
	struct eng_act *a = t->data;
	a->loop->pending--;
	if (a->e->cfg.mode == ENG_STEP) {
		/* the await took its scripted time, the loop waiting meanwhile */
		loop_show(a->loop, REC_ST_IO);
		eng_sync_step_spent(a->e->sync, a->id);
	}
	loop_push_from_cb(a->loop, a);
}

/* The timeout for an await of NS, on L's clock of whole milliseconds.  That
 * clock is read at the loop's last turn, maybe long ago if a task ran since;
 * read afresh, the timer fires NS from now (within a millisecond when the
 * loop wakes for something else meanwhile and recounts in whole ones). */
static uint64_t
loop_timeout_ms(struct eng_loop *L, int64_t ns)
{
	uv_update_time(&L->loop);
	return (uint64_t)((ns + 999999) / 1000000);
}

static void
loop_await(struct eng_loop *L, struct eng_act *a)
{
	uint64_t t, timeout;
	L->pending++;
	t = eng_emit_simple_t(a->e, REC_STATE, a->id, -1, -1, -1, REC_ST_AWAITING);
	if (a->e->cfg.mode == ENG_STEP) {
		/* scenario time: no wall clock to watch; the timer fires at the
		 * loop's next turn, where the await's time passes (loop_timer_cb) */
		timeout = 0;
	} else {
		loop_watch_await(L, a, (t ? t : rec_now()) + (uint64_t)(a->wait_ns > 0 ? a->wait_ns : 0));
		timeout = loop_timeout_ms(L, a->wait_ns);
	}
	if (uv_timer_start(&a->timer, loop_timer_cb, timeout, 0) != 0) {
		L->pending--;
		loop_push(L, a);
	}
}

/* The pool thread's own actor id: a row of its own. */
static int
loop_pool_actor(struct eng *e)
{
	if (loop_pool_id < 0 || loop_pool_gen != e->gen) {
		int k = atomic_fetch_add(&e->sh->npool, 1);
		if (k >= ENG_MAX_POOL)
			k = ENG_MAX_POOL - 1;
		loop_pool_id = e->nactors + k;
		loop_pool_gen = e->gen;
	}
	return loop_pool_id;
}

static void
loop_work_cb(uv_work_t *w)
{
	struct eng_act *a = w->data;
	struct eng *e = a->e;
	int me = loop_pool_actor(e);
	int cpu = -1;

	a->off_pool = me;
	if (e->cfg.cpus > 0)
		eng_pin(e);
	eng_emit_simple(e, REC_STATE, me, -1, -1, a->id, a->off_sleep ? REC_ST_SLEEPING : REC_ST_RUNNING);
	if (a->off_sleep)
		eng_pool_sleep(e, a->wait_ns);
	else
		eng_work(e, me, -1, a->wait_ns, &cpu);
	eng_sync_step_spent(e->sync, a->id);  /* step mode: the call took its scripted time */
	eng_emit_simple(e, REC_STATE, me, -1, -1, -1, REC_ST_READY);
	loop_noted_end(a->loop, a);  /* the task waits for its loop from now on */
}

static void
loop_after_cb(uv_work_t *w, int status)
{
	struct eng_act *a = w->data;
	(void)status;
	a->loop->pending--;
	eng_emit_simple(a->e, REC_WAKE, a->off_pool, -1, -1, a->id, 0);
	loop_push_from_cb(a->loop, a);
}

static void
loop_offload(struct eng_loop *L, struct eng_act *a)
{
	a->work.data = a;
	L->pending++;
	eng_emit_simple(a->e, REC_STATE, a->id, -1, -1, -1, REC_ST_AWAITING);
	loop_noted_arm(L, a);
	if (uv_queue_work(&L->loop, &a->work, loop_work_cb, loop_after_cb) != 0) {
		L->pending--;
		loop_push(L, a);
	}
}

static void
loop_call_timeout_cb(uv_timer_t *t)
{
	struct eng_act *a = t->data;
	struct eng *e = a->e;
	bool gave_up;

	if (rec_now() < a->call_deadline) {
		/* libuv counts whole milliseconds: never give up before the time */
		uint64_t left = a->call_deadline - rec_now();
		if (uv_timer_start(&a->timer, loop_call_timeout_cb, (left + 999999) / 1000000, 0) == 0)
			return;
	}
	a->loop->pending--;
	a->call_timer = false;
	eng_sync_lock_big(e->sync);
	gave_up = eng_sync_call_cancel(e->sync, a->id);
	eng_sync_unlock_big(e->sync);
	if (gave_up) {
		a->pc = a->call_else;
		loop_push_from_cb(a->loop, a);
	}
	/* else the reply came first: its resume request is on the way */
}

/* Task A waits for the reply to its call; the loop runs the others. */
static void
loop_call_wait(struct eng_loop *L, struct eng_act *a)
{
	const struct prog_op *op = &a->pa->ops[a->pc > 0 ? a->pc - 1 : 0];
	eng_emit_simple(a->e, REC_STATE, a->id, -1, op->res, -1, REC_ST_AWAITING);
	if (a->wait_ns < 0 || a->e->cfg.mode == ENG_STEP)
		return;  /* step mode: it gives up on the scenario clock (eng_sync_calls_expire) */
	L->pending++;
	a->call_timer = true;
	a->call_deadline = rec_now() + (uint64_t)a->wait_ns;
	if (uv_timer_start(&a->timer, loop_call_timeout_cb, loop_timeout_ms(L, a->wait_ns), 0) != 0) {
		L->pending--;
		a->call_timer = false;
	}
}

/* Task A's reply came: it runs again (its call's timer, if any, is not needed). */
static void
loop_call_answered(struct eng_loop *L, struct eng_act *a)
{
	if (a->call_timer) {
		uv_timer_stop(&a->timer);
		a->call_timer = false;
		L->pending--;
	}
	loop_push(L, a);
}

/* Runs the internal ops before A's next step; ENG_STEP_NEXT when one is due. */
static enum eng_step_result
loop_internal(struct eng_act *a)
{
	while ((size_t)a->pc < a->pa->nops) {
		const struct prog_op *op = &a->pa->ops[a->pc];
		enum eng_step_result r;
		if (!(op->flags & PROG_OPF_INTERNAL) && op->code != PROG_OP_END)
			return ENG_STEP_NEXT;
		r = eng_run_op(a);
		if (r != ENG_STEP_NEXT)
			return r;
	}
	return ENG_STEP_END;
}

static void
loop_task_end(struct eng_loop *L, struct eng_act *a)
{
	loop_remove(L, a);
	L->nlive--;
	L->e->stat[a->id].t_end = (int64_t)rec_now();
	eng_finish(a, a->failed ? REC_ST_FAILED : REC_ST_DONE, a->failed ? 1 : 0);
}

/* The state the loop's own thread is in while task A runs its next op: a
 * blocking sleep or I/O holds the thread itself (the lesson of noodle's
 * blocked variant), anything else keeps it running. */
static enum rec_state
loop_op_state(const struct eng_act *a)
{
	if (a->pc < 0 || (size_t)a->pc >= a->pa->nops)
		return REC_ST_RUNNING;
	switch (a->pa->ops[a->pc].code) {
	case PROG_OP_SLEEP: return REC_ST_SLEEPING;
	case PROG_OP_IO: return REC_ST_IO;
	default: return REC_ST_RUNNING;
	}
}

/* Runs task A's next op, the loop's row showing what its thread does meanwhile. */
static enum eng_step_result
loop_run_op(struct eng_loop *L, struct eng_act *a)
{
	enum rec_state st = loop_op_state(a);
	enum eng_step_result r;

	loop_show(L, st);
	r = eng_run_op(a);
	if (st != REC_ST_RUNNING)
		loop_show(L, REC_ST_RUNNING);
	return r;
}

/* Runs task A: in live mode until it suspends or ends; in step mode one op. */
static enum eng_step_result
loop_run_task(struct eng_loop *L, struct eng_act *a, bool step)
{
	struct eng *e = L->e;
	enum eng_step_result r = ENG_STEP_NEXT;
	int64_t cpu0 = eng_thread_cpu_ns();

	loop_show(L, REC_ST_RUNNING);
	eng_emit_simple(e, REC_STATE, a->id, -1, -1, -1, REC_ST_RUNNING);
	loop_remove(L, a);
	for (bool first = true;; first = false) {
		r = loop_internal(a);
		if (r != ENG_STEP_NEXT)
			break;
		if (step && !first)
			break;
		r = loop_run_op(L, a);
		if (r != ENG_STEP_NEXT)
			break;
	}
	e->stat[a->id].cpu_ns += eng_thread_cpu_ns() - cpu0;
	if (step) {
		/* a task that neither awaited, offloaded nor ended keeps the loop:
		 * its next op comes before any other task's (scenario(5)) */
		eng_sync_lock_big(e->sync);
		eng_sync_loop_hold(e->sync, L->id, r == ENG_STEP_NEXT ? a->id : -1);
		eng_sync_unlock_big(e->sync);
	}
	switch (r) {
	case ENG_STEP_END: loop_task_end(L, a); break;
	case ENG_STEP_NEXT: loop_push(L, a); break;
	case ENG_STEP_AWAIT: loop_await(L, a); break;
	case ENG_STEP_OFFLOAD: loop_offload(L, a); break;
	case ENG_STEP_REPLY: loop_call_wait(L, a); break;
	case ENG_STEP_STOP: break;
	}
	return r;
}

/* True while some task of L runs, waits, or may still be started. */
static bool
loop_has_work(struct eng_loop *L)
{
	struct eng *e = L->e;
	bool more = false;

	if (L->nrun > 0 || L->nlive > 0 || L->pending > 0)
		return true;
	if (L->unstarted == 0)
		return false;
	eng_sync_lock_big(e->sync);
	for (int i = 0; i < L->ntasks && !more; i++) {
		int t = L->tasks[i];
		if (eng_sync_phase(e->sync, t) != ENG_PH_IDLE)
			continue;
		/* one that arrives later, or an idle one that someone alive may spawn */
		more = !e->v->actors[t].idle || eng_sync_may_start(e->sync, t);
	}
	eng_sync_unlock_big(e->sync);
	return more;
}

/* Takes the start and resume requests that came in; the tasks join the run queue. */
static void
loop_take_requests(struct eng_loop *L)
{
	struct eng *e = L->e;
	for (;;) {
		enum eng_task_request why;
		int t;
		eng_sync_lock_big(e->sync);
		t = eng_sync_task_next_request(e->sync, L->id, &why);
		eng_sync_unlock_big(e->sync);
		if (t < 0)
			return;
		if (why == ENG_TASK_GAVE_UP)
			e->acts[t].pc = e->acts[t].call_else;  /* step mode: its time ran out */
		if (why != ENG_TASK_START) {
			loop_call_answered(L, &e->acts[t]);
			continue;
		}
		L->unstarted--;
		L->nlive++;
		e->stat[t].t_start = (int64_t)rec_now();
		loop_push(L, &e->acts[t]);
	}
}

/* The queued task that may run now (step mode: the one granted), or NULL. */
static struct eng_act *
loop_pick(struct eng_loop *L)
{
	struct eng *e = L->e;
	struct eng_act *pick = NULL;
	eng_sync_lock_big(e->sync);
	for (int t = L->qhead; t >= 0 && !pick; t = e->acts[t].qnext) {
		struct eng_act *a = &e->acts[t];
		eng_sync_task_ready(e->sync, a->id, a->pc);
		if (eng_sync_task_take_grant(e->sync, a->id))
			pick = a;
		if (e->cfg.mode != ENG_STEP)
			break;  /* live: first come, first served */
	}
	eng_sync_unlock_big(e->sync);
	return pick;
}

/* The watcher's lock, clock and table; -1 (said) when they cannot be made. */
static int
loop_watch_init(struct eng_loop *L)
{
	pthread_condattr_t ca;
	int err;

	if ((err = pthread_mutex_init(&L->wlock, NULL)) != 0)
		goto fail;
	if ((err = pthread_condattr_init(&ca)) != 0) {
		pthread_mutex_destroy(&L->wlock);
		goto fail;
	}
	if ((err = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC)) != 0 ||
	    (err = pthread_cond_init(&L->wcond, &ca)) != 0) {
		pthread_condattr_destroy(&ca);
		pthread_mutex_destroy(&L->wlock);
		goto fail;
	}
	pthread_condattr_destroy(&ca);
	L->noted = xcalloc((size_t)L->e->nactors, sizeof *L->noted);
	L->armed = xcalloc((size_t)L->e->nactors, sizeof *L->armed);
	return 0;
fail:
	fprintf(stderr, _("kitchensync: engine: cannot start loop '%s': %s\n"),
	    L->e->v->actors[L->id].name, strerror(err));
	return -1;
}

/* Stops and joins the watcher; frees what loop_watch_init made. */
static void
loop_watch_done(struct eng_loop *L)
{
	if (L->watching) {
		pthread_mutex_lock(&L->wlock);
		L->wstop = true;
		pthread_cond_signal(&L->wcond);
		pthread_mutex_unlock(&L->wlock);
		pthread_join(L->watcher, NULL);
		L->watching = false;
	}
	pthread_cond_destroy(&L->wcond);
	pthread_mutex_destroy(&L->wlock);
	free(L->noted);
	free(L->armed);
	free(L->heap);
	L->noted = NULL;
	L->armed = NULL;
	L->heap = NULL;
}

static void
loop_close_cb(uv_handle_t *h)
{
	(void)h;
}

/* Sets up L's libuv loop, its doorbell and its tasks' timers; -1 when it cannot. */
static int
loop_open(struct eng_loop *L, struct eng_act *self)
{
	struct eng *e = L->e;
	int err;

	if (loop_watch_init(L) != 0)
		return -1;
	if ((err = uv_loop_init(&L->loop)) != 0 ||
	    (err = uv_poll_init(&L->loop, &L->bell, e->bells[L->id])) != 0 ||
	    (L->bell.data = L, err = uv_poll_start(&L->bell, UV_READABLE, loop_bell_cb)) != 0) {
		fprintf(stderr, _("kitchensync: engine: cannot start loop '%s': %s\n"),
		    self->pa->name, uv_strerror(err));
		loop_watch_done(L);
		return -1;
	}
	for (int t = 0; t < e->nactors; t++) {
		struct eng_act *a = &e->acts[t];
		if (e->v->actors[t].kind != PROG_TASK || e->v->actors[t].parent != L->id)
			continue;
		L->tasks[L->ntasks++] = t;
		a->loop = L;
		if ((err = uv_timer_init(&L->loop, &a->timer)) != 0) {
			fprintf(stderr, _("kitchensync: engine: cannot start loop '%s': %s\n"),
			    self->pa->name, uv_strerror(err));
			abort();  /* a handle already in the loop cannot be left behind */
		}
		a->timer.data = a;
	}
	L->unstarted = L->ntasks;
	return 0;
}

/* Closes every handle and lets pool jobs come back, so the loop closes cleanly. */
static void
loop_close(struct eng_loop *L, struct eng_act *self)
{
	struct eng *e = L->e;
	int err;
	for (int i = 0; i < L->ntasks; i++)
		uv_close((uv_handle_t *)&e->acts[L->tasks[i]].timer, loop_close_cb);
	uv_close((uv_handle_t *)&L->bell, loop_close_cb);
	while (uv_run(&L->loop, UV_RUN_DEFAULT) != 0)
		;
	if ((err = uv_loop_close(&L->loop)) != 0)
		fprintf(stderr, _("kitchensync: engine: closing loop '%s': %s\n"),
		    self->pa->name, uv_strerror(err));
	for (int i = 0; i < L->ntasks; i++)
		e->acts[L->tasks[i]].loop = NULL;
	loop_watch_done(L);
}

void *
eng_loop_main(void *arg)
{
	struct eng_act *self = arg;
	struct eng *e = self->e;
	struct eng_loop L;
	bool step = e->cfg.mode == ENG_STEP;

	memset(&L, 0, sizeof L);
	L.e = e;
	L.id = self->id;
	L.shown = -1;
	L.qhead = L.qtail = -1;
	L.tasks = xcalloc((size_t)e->nactors, sizeof *L.tasks);
	eng_pin(e);
	eng_stat_begin(e, L.id);
	if (loop_open(&L, self) < 0) {
		eng_finish(self, REC_ST_FAILED, 1);
		free(L.tasks);
		return NULL;
	}
	while (!eng_sync_aborting(e->sync)) {
		struct eng_act *pick;
		loop_take_requests(&L);
		if (!loop_has_work(&L))
			break;
		pick = L.nrun > 0 ? loop_pick(&L) : NULL;
		if (pick) {
			if (loop_run_task(&L, pick, step) == ENG_STEP_STOP)
				break;
			uv_run(&L.loop, UV_RUN_NOWAIT);
		} else {
			loop_show(&L, REC_ST_IO);
			uv_run(&L.loop, UV_RUN_ONCE);
		}
	}
	loop_close(&L, self);
	eng_stat_end(e, L.id);
	if (!eng_sync_aborting(e->sync))
		eng_finish(self, REC_ST_DONE, 0);
	free(L.tasks);
	return NULL;
}
