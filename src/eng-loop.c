/* eng-loop.c: a loop actor: a libuv loop on its own thread running its tasks.
 *
 * Each task is a resumable interpreter.  `await` parks it on a uv timer and
 * the loop runs the others; `offload` hands work to libuv's thread pool
 * (uv_queue_work); anything else a task does, a blocking sleep, a lock, a
 * long `work`, really blocks the loop thread and so every other task.
 */
#include "config.h"

#include <errno.h>
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
	struct eng_act **runq;  /* tasks ready to run, oldest first */
	int nrun;
	int pending;            /* timers and pool jobs outstanding */
	int shown;              /* the loop's state last recorded */
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

static void
loop_push(struct eng_loop *L, struct eng_act *a)
{
	if (a->queued)
		return;
	a->queued = true;
	a->suspended = false;
	L->runq[L->nrun++] = a;
	/* op: the one it runs next, for the program pane */
	eng_emit_simple(L->e, REC_STATE, a->id, a->pc, -1, L->id, REC_ST_READY);
}

static void
loop_remove(struct eng_loop *L, struct eng_act *a)
{
	for (int i = 0; i < L->nrun; i++)
		if (L->runq[i] == a) {
			memmove(&L->runq[i], &L->runq[i + 1], sizeof L->runq[0] * (size_t)(L->nrun - i - 1));
			L->nrun--;
			break;
		}
	a->queued = false;
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

void
eng_loop_await(struct eng_act *a, int64_t ns)
{
	a->suspended = true;
	a->loop->pending++;
	eng_emit_simple(a->e, REC_STATE, a->id, -1, -1, -1, REC_ST_AWAITING);
	if (uv_timer_start(&a->timer, loop_timer_cb, loop_timeout_ms(a->loop, ns), 0) != 0) {
		a->loop->pending--;
		loop_push(a->loop, a);
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
	if (a->off_sleep) {
		uint64_t end = rec_now() + (uint64_t)a->off_ns;
		for (;;) {
			uint64_t now = rec_now();
			int64_t left;
			struct timespec ts;
			if (now >= end || eng_sync_aborting(e->sync))
				break;
			left = (int64_t)(end - now);
			if (left > 5000000)
				left = 5000000;
			ts.tv_sec = 0;
			ts.tv_nsec = left;
			nanosleep(&ts, NULL);
		}
	} else {
		eng_work(e, me, -1, a->off_ns, &cpu);
	}
	eng_emit_simple(e, REC_STATE, me, -1, -1, -1, REC_ST_READY);
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

void
eng_loop_offload(struct eng_act *a, int64_t ns, bool sleep)
{
	a->suspended = true;
	a->off_ns = ns;
	a->off_sleep = sleep;
	a->work.data = a;
	a->loop->pending++;
	eng_emit_simple(a->e, REC_STATE, a->id, -1, -1, -1, REC_ST_AWAITING);
	if (uv_queue_work(&a->loop->loop, &a->work, loop_work_cb, loop_after_cb) != 0) {
		a->loop->pending--;
		loop_push(a->loop, a);
	}
}

void
eng_loop_request(struct eng *e, int task)
{
	int loop = e->v->actors[task].parent;
	atomic_store(&e->sh->start_req[task], 1);
	if (loop >= 0) {
		eng_sync_lock_big(e->sync);
		eng_sync_ring(e->sync, loop);
		eng_sync_unlock_big(e->sync);
	}
}

/* Runs the internal ops before A's next step; false when A finished. */
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
	struct eng_stat *st = &L->e->sh->stat[a->id];
	loop_remove(L, a);
	st->t_end = (int64_t)rec_now();
	eng_finish(a, a->failed ? REC_ST_FAILED : REC_ST_DONE, a->failed ? 1 : 0);
}

/* Runs task A: in live mode until it suspends or ends; in step mode one op. */
static enum eng_step_result
loop_run_task(struct eng_loop *L, struct eng_act *a, bool step)
{
	struct eng *e = L->e;
	enum eng_step_result r = ENG_STEP_NEXT;
	struct timespec ts;
	int64_t cpu0 = 0;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
		cpu0 = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	loop_show(L, REC_ST_RUNNING);
	eng_emit_simple(e, REC_STATE, a->id, -1, -1, -1, REC_ST_RUNNING);
	loop_remove(L, a);
	for (bool first = true;; first = false) {
		r = loop_internal(a);
		if (r != ENG_STEP_NEXT)
			break;
		if (step && !first)
			break;
		r = eng_run_op(a);
		if (r != ENG_STEP_NEXT)
			break;
	}
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
		e->sh->stat[a->id].cpu_ns += (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - cpu0;
	if (r == ENG_STEP_END)
		loop_task_end(L, a);
	else if (r == ENG_STEP_NEXT)
		loop_push(L, a);
	return r;
}

/* True while some task of L runs or may still be started. */
static bool
loop_has_work(struct eng_loop *L)
{
	struct eng *e = L->e;
	bool busy = false;

	eng_sync_lock_big(e->sync);
	for (int i = 0; i < L->ntasks && !busy; i++) {
		int t = L->tasks[i];
		enum eng_phase ph = eng_sync_phase(e->sync, t);
		if (eng_sync_is_started(e->sync, t) && ph != ENG_PH_DONE)
			busy = true;
		else if (ph == ENG_PH_IDLE) {
			/* an idle task stays possible while one who can spawn it is alive */
			for (int b = 0; b < e->nactors && !busy; b++) {
				enum eng_phase pb = eng_sync_phase(e->sync, b);
				if (pb == ENG_PH_DONE || (pb == ENG_PH_IDLE && b != t))
					continue;
				for (size_t k = 0; k < e->v->actors[b].nops; k++)
					if (e->v->actors[b].ops[k].code == PROG_OP_SPAWN &&
					    e->v->actors[b].ops[k].actor == t && b != t)
						busy = true;
			}
		}
	}
	eng_sync_unlock_big(e->sync);
	return busy || L->pending > 0;
}

static void
loop_close_cb(uv_handle_t *h)
{
	(void)h;
}

void *
eng_loop_main(void *arg)
{
	struct eng_act *self = arg;
	struct eng *e = self->e;
	struct eng_loop L;
	bool step = e->cfg.mode == ENG_STEP;
	int err;

	memset(&L, 0, sizeof L);
	L.e = e;
	L.id = self->id;
	L.shown = -1;
	L.tasks = xcalloc((size_t)e->nactors, sizeof *L.tasks);
	L.runq = xcalloc((size_t)e->nactors + 1, sizeof *L.runq);
	eng_pin(e);
	eng_stat_begin(e, L.id);
	if ((err = uv_loop_init(&L.loop)) != 0 ||
	    (err = uv_poll_init(&L.loop, &L.bell, e->bells[L.id])) != 0) {
		fprintf(stderr, _("kitchensync: engine: cannot start loop '%s': %s\n"),
		    self->pa->name, uv_strerror(err));
		eng_finish(self, REC_ST_FAILED, 1);
		free(L.tasks);
		free(L.runq);
		return NULL;
	}
	L.bell.data = &L;
	uv_poll_start(&L.bell, UV_READABLE, loop_bell_cb);
	for (int t = 0; t < e->nactors; t++) {
		struct eng_act *a = &e->acts[t];
		if (e->v->actors[t].kind != PROG_TASK || e->v->actors[t].parent != L.id)
			continue;
		L.tasks[L.ntasks++] = t;
		a->loop = &L;
		uv_timer_init(&L.loop, &a->timer);
		a->timer.data = a;
		if (!e->v->actors[t].idle)
			eng_start_actor(e, L.id, t);
	}

	while (!eng_sync_aborting(e->sync)) {
		struct eng_act *pick = NULL;
		for (int i = 0; i < L.ntasks; i++) {
			int t = L.tasks[i];
			if (atomic_exchange(&e->sh->start_req[t], 0)) {
				e->sh->stat[t].t_start = (int64_t)rec_now();
				loop_push(&L, &e->acts[t]);
			}
		}
		if (L.nrun == 0 && !loop_has_work(&L))
			break;
		if (L.nrun > 0) {
			eng_sync_lock_big(e->sync);
			for (int i = 0; i < L.nrun && !pick; i++) {
				struct eng_act *a = L.runq[i];
				eng_sync_task_ready(e->sync, a->id);
				if (eng_sync_task_take_grant(e->sync, a->id))
					pick = a;
			}
			eng_sync_unlock_big(e->sync);
		}
		if (pick) {
			if (loop_run_task(&L, pick, step) == ENG_STEP_STOP)
				break;
			uv_run(&L.loop, UV_RUN_NOWAIT);
		} else {
			loop_show(&L, REC_ST_IO);
			uv_run(&L.loop, UV_RUN_ONCE);
		}
	}

	/* Close every handle and let pool jobs come back, so the loop closes cleanly. */
	for (int i = 0; i < L.ntasks; i++)
		uv_close((uv_handle_t *)&e->acts[L.tasks[i]].timer, loop_close_cb);
	uv_close((uv_handle_t *)&L.bell, loop_close_cb);
	while (uv_run(&L.loop, UV_RUN_DEFAULT) != 0)
		;
	if ((err = uv_loop_close(&L.loop)) != 0)
		fprintf(stderr, _("kitchensync: engine: closing loop '%s': %s\n"),
		    self->pa->name, uv_strerror(err));
	for (int i = 0; i < L.ntasks; i++)
		e->acts[L.tasks[i]].loop = NULL;
	eng_stat_end(e, L.id);
	if (!eng_sync_aborting(e->sync))
		eng_finish(self, REC_ST_DONE, 0);
	free(L.tasks);
	free(L.runq);
	return NULL;
}
