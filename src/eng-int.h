/* eng-int.h: the engine's insides, shared by eng.c, eng-run.c and eng-loop.c. */
#ifndef KS_ENG_INT_H
#define KS_ENG_INT_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <uv.h>

#include "eng-sync.h"
#include "eng.h"

#define ENG_MAX_POOL 16  /* thread-pool threads given rows of their own */

/* A shared value: a var (one copy per process) or a shm (one for all). */
struct eng_val {
	prog_value v;
	uint64_t version;
	int last_actor;
	int last_op;
};

/* Where a local's value came from: a load of res at version, by op. */
struct eng_taint {
	int res;
	uint64_t version;
	int op;
};

/* Per-actor results every process can write: lives in shared memory. */
struct eng_stat {
	pid_t pid, forker;
	int crashed, status;
	int64_t t_start, t_end;
	int64_t cpu_ns, ops;
	long vcsw, ivcsw, migrations;
};

/* The engine's part of the shared region. */
struct eng_shared {
	atomic_int npool;        /* pool threads given an actor id */
	atomic_int limit_hit;
	atomic_int asserts_failed, critical, lost_updates, crashes;
	atomic_ullong dropped;   /* events with no ring to go to */
	atomic_ullong speed;     /* the speed factor's bits (a double), for every process; 0: e->speed */
	atomic_int start_req[ENG_SYNC_MAX_ACTORS];  /* a task to be started by its loop */
	struct eng_stat stat[ENG_SYNC_MAX_ACTORS];
	/* then: struct eng_val shm[ndecls]; int inside[nregions], who[nregions];
	 *       prog_value proc_final[nactors * ndecls] */
};

/* The global interpreter lock of one OS process. */
struct eng_gil {
	pthread_mutex_t m;
	pthread_cond_t c;
	uint64_t next, serving;
};

struct eng_loop;

/* One actor's interpreter (private memory: a process has its own copies). */
struct eng_act {
	struct eng *e;
	int id;
	const struct prog_actor *pa;
	prog_value *locals;
	struct eng_taint *taint;
	int pc;
	int64_t nops;
	int last_cpu;
	int marks;
	bool failed;
	/* loop tasks */
	struct eng_loop *loop;
	bool runnable, suspended, queued;
	uv_timer_t timer;
	uv_work_t work;
	int64_t off_ns;
	bool off_sleep;
	int off_pool;      /* the pool thread that ran the last offload */
	int64_t cpu0;
	long vcsw0, ivcsw0;
};

struct eng {
	struct eng_config cfg;
	const struct prog *prog;
	const struct prog_variant *v;
	int nactors;
	struct rec *rec;
	struct eng_sync *sync;
	struct eng_shared *sh;
	struct eng_val *shm;
	int *inside, *inside_who;
	prog_value *proc_final;
	unsigned gen;            /* tells this engine's thread-local writers from another's */
	pid_t main_pid;
	double speed;            /* the speed at the start (sh->speed holds the current one) */
	int64_t gil_switch_ns;   /* the GIL's switch interval, unscaled */
	int64_t op_limit;
	/* private to each OS process (copied by fork) */
	struct eng_val *vars;
	struct eng_act *acts;
	struct eng_gil gil;
	pthread_mutex_t thr_lock;
	pthread_t *threads;
	size_t nthreads, cthreads;
	struct eng_loop **loops;  /* by actor index, for loop actors */
	int *bells;               /* eventfd per loop actor, -1 for others */
	/* the caller's side */
	pthread_t sup;
	bool started, sup_running;
	pthread_mutex_t end_lock;
	pthread_cond_t end_cond;
	bool ended;
	struct eng_outcome out;
	uint64_t t_begin, t_end;
	size_t sched_pos;
	uint64_t rng;
	int rr_last;
	char **pool_names;
	cpu_set_t pin;
	bool pinned;
};

/* eng.c */
void eng_emit(struct eng *e, struct rec_event *ev);
/* As eng_emit, stamped T_NS (see rec_emit_at: not older than this thread's last event or hold). */
void eng_emit_at(struct eng *e, struct rec_event *ev, uint64_t t_ns);
/* This thread may still stamp events as old as T_NS (rec_hold); 0 releases. */
void eng_hold(struct eng *e, uint64_t t_ns);
void eng_emit_simple(struct eng *e, enum rec_kind kind, int actor, int op, int res, int other, int64_t value);
/* As eng_emit_simple; returns the event's timestamp (0 when it had no ring). */
uint64_t eng_emit_simple_t(struct eng *e, enum rec_kind kind, int actor, int op, int res, int other, int64_t value);
void eng_track_thread(struct eng *e, pthread_t t);
void eng_pin(struct eng *e);
int64_t eng_scale(struct eng *e, int64_t ns);
/* The calling thread's recorder ring is no longer valid (after fork). */
void eng_forget_writer(void);

/* eng-run.c */
enum eng_step_result {
	ENG_STEP_NEXT,     /* go on with the next op */
	ENG_STEP_SUSPEND,  /* a loop task suspended (await, offload) */
	ENG_STEP_END,      /* the actor finished */
	ENG_STEP_STOP,     /* the run is being stopped */
};
/* Evaluates expression EX as actor A sees it (A NULL: over the final values). */
prog_value eng_eval(struct eng *e, struct eng_act *a, int ex);
void eng_act_init(struct eng *e, struct eng_act *a, int id);
void eng_act_done(struct eng_act *a);
/* Executes the op at a->pc; internal ops are run here too. */
enum eng_step_result eng_run_op(struct eng_act *a);
/* Runs a thread or process actor's ops to the end, with its gates. */
void eng_run_actor(struct eng_act *a);
/* Finishes actor A: stats, done in the shared state. */
void eng_finish(struct eng_act *a, enum rec_state st, int64_t status);
/* Starts actor ID from the calling OS thread (spawn or start of the run). */
int eng_start_actor(struct eng *e, int spawner, int id);
void eng_stat_begin(struct eng *e, int id);
void eng_stat_end(struct eng *e, int id);
void eng_gil_init(struct eng_gil *g);
/*
 * Spins a CPU until this thread has used NS of CPU time, as actor ID at op OP
 * (-1: none), with the GIL if any.  Spans in which the OS let another thread
 * run instead (longer than ENG_PREEMPT_NS) are recorded as READY (value 2).
 */
#define ENG_PREEMPT_NS 200000
int eng_work(struct eng *e, int id, int op, int64_t ns, int *last_cpu);
/* As eng_work, watching for preemption from T0 (this thread's last event) and CPU clock CPU0 on. */
int eng_work_since(struct eng *e, int id, int op, int64_t ns, int *last_cpu, uint64_t t0, int64_t cpu0);
/* Records a CPU migration of actor ID if any; returns the event's time, or 0. */
uint64_t eng_note_cpu(struct eng *e, int id, int *last_cpu);

/* eng-loop.c */
void *eng_loop_main(void *arg);
/* Starts a task: its loop picks it up (from any thread or process). */
void eng_loop_request(struct eng *e, int task);
/* Suspends task A for NS on a uv timer. */
void eng_loop_await(struct eng_act *a, int64_t ns);
/* Suspends task A while the thread pool works (or sleeps) for NS. */
void eng_loop_offload(struct eng_act *a, int64_t ns, bool sleep);

#endif
