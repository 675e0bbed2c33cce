/* eng-launch.c: starting actors for real: a pthread for a thread or a loop,
 * fork() for a process, a start request for a task.  When the OS says no
 * (EAGAIN, no memory) or the scenario's `option max_threads` is reached, the
 * actor is recorded as refused and the run goes on: the "threads explode"
 * lesson happens, it is not drawn.
 *
 * Calls eng-loop.c (a loop's thread), eng-op.c (a thread's interpreter),
 * eng-sync.c and eng-emit.c.  It is called by the supervisor, and by the
 * interpreter's spawn through the hook e->launch it sets here.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "eng-int.h"
#include "i18n.h"
#include "xalloc.h"

static void
launch_peak(atomic_int *peak_at, int live)
{
	int peak = atomic_load(peak_at);
	while (live > peak && !atomic_compare_exchange_weak(peak_at, &peak, live))
		;
}

/* A thread ends: it is one thread fewer, and the supervisor may join it. */
static void
launch_thread_exit(struct eng *e, int id)
{
	atomic_fetch_sub(&e->sh->live_threads, 1);
	pthread_mutex_lock(&e->thr_lock);
	e->exited = xgrow(e->exited, &e->cexited, e->nexited + 1, sizeof *e->exited);
	e->exited[e->nexited++] = id;
	pthread_mutex_unlock(&e->thr_lock);
}

/*
 * `option stack SIZE touched`: the thread writes one byte on every page of
 * its stack below the frame it runs in, as a deep call chain would, so the
 * kernel must give it the pages: the stack becomes resident memory and each
 * new page a fault.  A stack the C library reuses from a thread that ended
 * is already resident and costs no faults, as in a real server.  When the
 * stack's bounds cannot be learnt, nothing is touched.
 */
static __attribute__((noinline)) void
launch_touch_stack(void)
{
	pthread_attr_t at;
	void *lo;
	size_t size;
	long page = sysconf(_SC_PAGESIZE);
	volatile char here = 0;
	uintptr_t bottom, top;

	if (page <= 0 || pthread_getattr_np(pthread_self(), &at) != 0)
		return;
	if (pthread_attr_getstack(&at, &lo, &size) != 0) {
		(void)pthread_attr_destroy(&at);
		return;
	}
	(void)pthread_attr_destroy(&at);
	bottom = (uintptr_t)lo + (uintptr_t)page;           /* a page spare above the guard */
	top = ((uintptr_t)&here & ~((uintptr_t)page - 1)) - 2 * (uintptr_t)page;
	for (uintptr_t p = top; p >= bottom && p < (uintptr_t)lo + size; p -= (uintptr_t)page)
		*(volatile char *)p = here;
}

static void *
launch_thread_main(void *arg)
{
	struct eng_act *a = arg;
	struct eng *e = a->e;

	if (e->v->options.stack_touched)
		launch_touch_stack();
	eng_pin(e);
	eng_stat_begin(e, a->id);
	eng_run_actor(a);
	eng_stat_end(e, a->id);
	if (!eng_sync_aborting(e->sync))
		eng_finish(a, a->failed ? REC_ST_FAILED : REC_ST_DONE, a->failed ? 1 : 0);
	launch_thread_exit(e, a->id);
	return NULL;
}

static void *
launch_loop_main(void *arg)
{
	struct eng_act *a = arg;
	eng_loop_main(a);
	launch_thread_exit(a->e, a->id);
	return NULL;
}

/* Starts an OS thread for actor ID, or records it refused. */
static void
launch_thread(struct eng *e, int id)
{
	const struct prog_actor *pa = &e->v->actors[id];
	int max = e->v->options.max_threads, live, err;

	live = atomic_fetch_add(&e->sh->live_threads, 1) + 1;
	if (max > 0 && live > max) {
		atomic_fetch_sub(&e->sh->live_threads, 1);
		eng_refuse(e, id, EAGAIN);
		return;
	}
	pthread_mutex_lock(&e->thr_lock);
	err = pthread_create(&e->tids[id], &e->thr_attr,
	    pa->kind == PROG_LOOP ? launch_loop_main : launch_thread_main, &e->acts[id]);
	if (err == 0)
		e->tid_live[id] = 1;
	pthread_mutex_unlock(&e->thr_lock);
	if (err != 0) {
		atomic_fetch_sub(&e->sh->live_threads, 1);
		eng_refuse(e, id, err);
		return;
	}
	launch_peak(&e->sh->peak_threads, live);
}

/* The tasks of loop L that start with it: not idle, not arriving later. */
static void
launch_loop_tasks(struct eng *e, int l)
{
	for (int t = 0; t < e->nactors; t++) {
		const struct prog_actor *pt = &e->v->actors[t];
		if (pt->kind != PROG_TASK || pt->parent != l || pt->idle ||
		    (pt->family >= 0 && e->v->families[pt->family].every_ns > 0))
			continue;
		e->launch(e, l, t);
	}
}

/* Copies a process's own view of every value into the shared record. */
static void
launch_child_values(struct eng *e, int id)
{
	for (size_t d = 0; d < e->v->ndecls; d++) {
		enum prog_decl_kind k = e->v->decls[d].kind;
		prog_value v;
		if (k != PROG_VAR && k != PROG_SHM)
			continue;
		eng_sync_lock_big(e->sync);
		v = k == PROG_SHM ? e->shm[d].v : e->vars[d].v;
		eng_sync_unlock_big(e->sync);
		e->proc_final[(size_t)id * e->v->ndecls + d] = v;
		eng_emit_simple(e, REC_VALUE_FINAL, id, -1, (int)d, -1, v);
	}
}

/* A forked child dies with its parent, whatever kills the parent. */
static void
launch_child_orphan_proof(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		perror("kitchensync: engine: prctl(PR_SET_PDEATHSIG)");
	if (getppid() != parent)
		_exit(1);  /* the parent died before the line above */
}

/* Waits for the threads and processes child ID started itself. */
static void
launch_child_wait(struct eng *e, int id)
{
	pid_t me = getpid();
	for (int b = 0; b < e->nactors && !eng_sync_aborting(e->sync); b++) {
		bool ours;
		eng_sync_lock_big(e->sync);
		ours = e->v->actors[b].parent == id && eng_sync_is_started(e->sync, b);
		eng_sync_unlock_big(e->sync);
		if (ours && eng_sync_join(e->sync, id, b, -1) != ENG_SYNC_OK)
			break;
	}
	eng_launch_join_all(e);
	for (int b = 0; b < e->nactors; b++)
		if (e->stat[b].forker == me && e->stat[b].pid > 0) {
			if (eng_sync_aborting(e->sync))
				kill(e->stat[b].pid, SIGKILL);
			while (waitpid(e->stat[b].pid, NULL, 0) < 0 && errno == EINTR)
				;
			atomic_fetch_sub(&e->sh->live_procs, 1);
		}
}

/* The forked child of process actor ID: runs it, waits for its own threads, exits. */
static void __attribute__((noreturn))
launch_child_main(struct eng *e, int id, pid_t parent)
{
	struct eng_act *a = &e->acts[id];

	launch_child_orphan_proof(parent);
	eng_forget_writer();
	eng_gil_init(&e->gil);
	pthread_mutex_init(&e->thr_lock, NULL);
	memset(e->tid_live, 0, (size_t)e->nactors);
	e->nexited = 0;
	eng_pin(e);
	__atomic_store_n(&e->stat[id].pid, getpid(), __ATOMIC_RELAXED);
	eng_stat_begin(e, id);
	eng_sync_lock_big(e->sync);
	eng_sync_launch_begin(e->sync);
	eng_sync_unlock_big(e->sync);
	for (int b = 0; b < e->nactors; b++)
		if (e->v->actors[b].parent == id && !e->v->actors[b].idle &&
		    e->v->actors[b].kind != PROG_TASK)
			e->launch(e, id, b);
	eng_sync_lock_big(e->sync);
	eng_sync_launch_end(e->sync);
	eng_sync_unlock_big(e->sync);
	eng_run_actor(a);
	launch_child_wait(e, id);
	eng_stat_end(e, id);
	if (!eng_sync_aborting(e->sync)) {
		launch_child_values(e, id);
		eng_finish(a, a->failed ? REC_ST_FAILED : REC_ST_DONE, a->failed ? 1 : 0);
	}
	_exit(0);
}

static void
launch_process(struct eng *e, int id)
{
	pid_t parent = getpid(), pid = fork();
	if (pid < 0) {
		eng_refuse(e, id, errno);
		return;
	}
	if (pid == 0)
		launch_child_main(e, id, parent);
	e->stat[id].forker = parent;
	__atomic_store_n(&e->stat[id].pid, pid, __ATOMIC_RELAXED);  /* eng_actor_pid reads it from another thread */
	launch_peak(&e->sh->peak_procs, atomic_fetch_add(&e->sh->live_procs, 1) + 1);
	eng_sync_lock_big(e->sync);
	eng_sync_wake_supervisor(e->sync);
	eng_sync_unlock_big(e->sync);
}

/* Starts actor ID for SPAWNER (-1: the run or its parent); 0, or -1 when the run must stop. */
static int
launch_actor(struct eng *e, int spawner, int id)
{
	const struct prog_actor *pa = &e->v->actors[id];

	eng_sync_lock_big(e->sync);
	if (eng_sync_is_started(e->sync, id) || eng_sync_aborting(e->sync)) {
		eng_sync_unlock_big(e->sync);
		return 0;
	}
	eng_sync_unlock_big(e->sync);
	eng_arrive(e, id);
	eng_sync_lock_big(e->sync);
	eng_sync_started(e->sync, id);
	if (spawner >= 0)
		eng_emit_simple(e, REC_SPAWN, spawner, -1, -1, id, 0);
	if (pa->kind == PROG_TASK)
		eng_sync_task_request(e->sync, id);
	eng_sync_unlock_big(e->sync);

	switch (pa->kind) {
	case PROG_LOOP:
		launch_loop_tasks(e, id);
		launch_thread(e, id);
		break;
	case PROG_THREAD:
		launch_thread(e, id);
		break;
	case PROG_PROCESS:
		launch_process(e, id);
		break;
	case PROG_TASK:
		break;
	}
	return 0;
}

int
eng_launch_init(struct eng *e, char **err)
{
	int rc;
	e->launch = launch_actor;
	e->tids = xcalloc((size_t)e->nactors + 1, sizeof *e->tids);
	e->tid_live = xcalloc((size_t)e->nactors + 1, 1);
	if ((rc = pthread_attr_init(&e->thr_attr)) != 0) {
		*err = xasprintf(_("cannot make thread attributes: %s"), strerror(rc));
		return -1;
	}
	if (e->v->options.stack_bytes > 0 &&
	    (rc = pthread_attr_setstacksize(&e->thr_attr, (size_t)e->v->options.stack_bytes)) != 0) {
		*err = xasprintf(_("option stack: a stack of %lld bytes: %s"),
		    (long long)e->v->options.stack_bytes, strerror(rc));
		return -1;
	}
	return 0;
}

void
eng_launch_done(struct eng *e)
{
	if (e->tids != NULL)
		pthread_attr_destroy(&e->thr_attr);
	free(e->tids);
	free(e->tid_live);
	free(e->exited);
	e->tids = NULL;
	e->tid_live = NULL;
	e->exited = NULL;
}

void
eng_launch_join_exited(struct eng *e)
{
	for (;;) {
		int id;
		pthread_mutex_lock(&e->thr_lock);
		if (e->nexited == 0) {
			pthread_mutex_unlock(&e->thr_lock);
			return;
		}
		id = e->exited[--e->nexited];
		pthread_mutex_unlock(&e->thr_lock);
		if (e->tid_live[id]) {
			int rc = pthread_join(e->tids[id], NULL);
			if (rc != 0)
				fprintf(stderr, _("kitchensync: engine: joining a thread: %s\n"), strerror(rc));
			e->tid_live[id] = 0;
		}
	}
}

void
eng_launch_join_all(struct eng *e)
{
	/* A thread may still start another while we join: go round until none is left. */
	for (bool any = true; any;) {
		any = false;
		for (int id = 0; id < e->nactors; id++) {
			pthread_t t;
			pthread_mutex_lock(&e->thr_lock);
			if (!e->tid_live[id]) {
				pthread_mutex_unlock(&e->thr_lock);
				continue;
			}
			t = e->tids[id];
			e->tid_live[id] = 0;
			pthread_mutex_unlock(&e->thr_lock);
			pthread_join(t, NULL);
			any = true;
		}
	}
	pthread_mutex_lock(&e->thr_lock);
	e->nexited = 0;
	pthread_mutex_unlock(&e->thr_lock);
}
