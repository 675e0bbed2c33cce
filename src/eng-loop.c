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
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	eng_emit_simple(L->e, REC_STATE, a->id, a->pc, -1, L->id, REC_ST_READY);
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
	L->pending++;
	eng_emit_simple(a->e, REC_STATE, a->id, -1, -1, -1, REC_ST_AWAITING);
	/* step mode spends no scripted time: the timer fires at the loop's next turn */
	if (uv_timer_start(&a->timer, loop_timer_cb,
	    a->e->cfg.mode == ENG_STEP ? 0 : loop_timeout_ms(L, a->wait_ns), 0) != 0) {
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
	if (a->wait_ns < 0)
		return;
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
		r = eng_run_op(a);
		if (r != ENG_STEP_NEXT)
			break;
	}
	e->stat[a->id].cpu_ns += eng_thread_cpu_ns() - cpu0;
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
		bool resume;
		int t;
		eng_sync_lock_big(e->sync);
		t = eng_sync_task_next_request(e->sync, L->id, &resume);
		eng_sync_unlock_big(e->sync);
		if (t < 0)
			return;
		if (resume) {
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

	if ((err = uv_loop_init(&L->loop)) != 0 ||
	    (err = uv_poll_init(&L->loop, &L->bell, e->bells[L->id])) != 0 ||
	    (L->bell.data = L, err = uv_poll_start(&L->bell, UV_READABLE, loop_bell_cb)) != 0) {
		fprintf(stderr, _("kitchensync: engine: cannot start loop '%s': %s\n"),
		    self->pa->name, uv_strerror(err));
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
