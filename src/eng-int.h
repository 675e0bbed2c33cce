/* eng-int.h: the engine's insides.
 *
 * Who calls whom; every arrow points down, none back up:
 *
 *   eng.c          the public API: make a run, start, grant, pause, abort, wait
 *     -> eng-sup.c      the supervisor thread: arrivals, deadlines, samples,
 *                       step-mode grants, joining threads, reaping, the end
 *          -> eng-outcome.c  the outcome: expectations, per-family figures
 *          -> eng-policy.c   step-mode picks (schedule, seeded random, round robin)
 *          -> eng-launch.c   starting actors: pthreads, fork(), a task's start
 *                            request; refusals (max_threads, the OS saying no)
 *               -> eng-loop.c    a loop thread running its tasks on libuv
 *                    -> eng-op.c      one actor's op interpreter
 *                         -> eng-work.c    CPU work and the GIL
 *                              -> eng-emit.c    recorder writers, speed, the run's clock, pinning
 *                                   -> eng-sync.c -> eng-detect.c -> eng-slot.c
 *
 * (eng-sync.c records its events through the callback eng_emit_cb it is
 * given when the run is made, so it does not call up into eng-emit.c.)
 * tests/layers.sh checks from the objects' symbols that no file calls back
 * up, directly or around a circle.
 *
 * An op that starts another actor (spawn) needs the launcher, which sits
 * above the interpreter: the interpreter calls it through the hook e->launch,
 * which eng-launch.c sets when the run is made (as a libuv callback is called
 * by the loop without the loop knowing its caller).  A loop task's await and
 * offload are not done by the interpreter but returned to the loop.
 *
 * Memory is sized from the compiled variant when the run is made: nothing is
 * bounded by a compile-time count of actors.
 */
#ifndef KS_ENG_INT_H
#define KS_ENG_INT_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <uv.h>

#include "eng-sync.h"
#include "eng.h"

#define ENG_MAX_POOL REC_MAX_POOL  /* thread-pool threads given rows of their own */

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
	/* family members, on the run's clock (eng_clock) */
	int arrived, finished, timed_out, refused;  /* refused: the errno, 0 if not */
	int timeout_noted;        /* REC_TIMEOUT recorded */
	int fail_op;              /* a `fail`: the op it stopped at + 1; 0: none */
	int64_t arrive_ns, finish_ns;
	/* live mode: how late its work ended (wall time beyond the CPU time it
	 * scripts, scaled: the CPU went to other threads meanwhile) */
	int64_t work_late_max, work_late_sum;
	int64_t nwork;
};

/* A family's shared state. */
struct eng_fam {
	atomic_int next_spawn;    /* spawn: members started by spawn so far */
	int next_arrival;         /* the supervisor's: members arrived so far */
	int deadline_cursor;      /* members before it have finished or timed out */
};

/* The engine's part of the shared region: a header, then arrays (see eng_new). */
struct eng_shared {
	atomic_int npool;        /* pool threads given an actor id */
	atomic_int limit_hit;
	atomic_int asserts_failed, critical, lost_updates, crashes;
	atomic_int live_threads, peak_threads;  /* scenario threads, every process */
	atomic_int live_procs, peak_procs;      /* scenario processes alive */
	atomic_ullong dropped;   /* events with no ring to go to */
	atomic_ullong speed;     /* the speed factor's bits (a double), for every process; 0: e->speed */
	atomic_llong t_begin;    /* the run's start, for the run's clock in every process */
	/* the first failure, for the outcome (big lock held to write) */
	int fail_actor, fail_op, fail_text, fail_res;
	int invariant;            /* the first `always` a store broke (its expects index), or -1 */
	int inv_actor, inv_op;    /* ... by whose store, at which op */
	int crit_region, crit_actor, crit_other;
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
	/* a transaction under way: its writes, buffered until the commit */
	bool in_tx;
	int tx_res;
	struct eng_tx_write { int res; prog_value v; } *txw;
	size_t ntxw, atxw;
	/* loop tasks */
	struct eng_loop *loop;
	bool queued;
	int qprev, qnext;  /* its place in the loop's run queue */
	uv_timer_t timer;
	uv_work_t work;
	int64_t wait_ns;   /* an await, offload or call the interpreter handed back */
	int call_else;     /* where a bounded call that timed out goes on */
	bool call_timer;   /* its timer bounds a call, which gives up at call_deadline */
	uint64_t call_deadline;
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
	struct eng_stat *stat;   /* [nactors], shared */
	struct eng_fam *fam;     /* [nfamilies], shared */
	struct eng_val *shm;
	int *inside, *inside_who;
	prog_value *proc_final;
	unsigned gen;            /* tells this engine's thread-local writers from another's */
	pid_t main_pid;
	double speed;            /* the speed at the start (sh->speed holds the current one) */
	int64_t gil_switch_ns;   /* the GIL's switch interval, unscaled */
	int64_t op_limit;
	_Atomic int abort_sig;    /* the signal eng_abort_signal stopped the run for, or 0 */
	int (*launch)(struct eng *e, int spawner, int id);  /* set by eng-launch.c */
	/* private to each OS process (copied by fork) */
	struct eng_val *vars;
	struct eng_act *acts;
	struct eng_gil gil;
	pthread_attr_t thr_attr;
	pthread_mutex_t thr_lock;
	pthread_t *tids;          /* by actor: its thread, while tid_live */
	char *tid_live;
	int *exited;              /* threads that have finished, to be joined */
	size_t nexited, cexited;
	int *bells;               /* eventfd per loop actor, -1 for others */
	int64_t *arrivals;        /* [nactors]: a member's scripted arrival, ns after the start */
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
	int64_t peak_rss_kb, last_rss_kb, mem0_kb;
	int last_threads;
	int64_t cpu0_ns;
	long csw0;
};

/* eng-emit.c */
/* Step mode: scenario time 0 as a timestamp (see eng_emit). */
#define ENG_STEP_ORIGIN_NS 1000000000ull
void eng_emit(struct eng *e, struct rec_event *ev);
/* As eng_emit, stamped T_NS (see rec_emit_at: not older than this thread's last event or hold). */
void eng_emit_at(struct eng *e, struct rec_event *ev, uint64_t t_ns);
/* This thread may still stamp events as old as T_NS (rec_hold); 0 releases. */
void eng_hold(struct eng *e, uint64_t t_ns);
void eng_emit_simple(struct eng *e, enum rec_kind kind, int actor, int op, int res, int other, int64_t value);
/* As eng_emit_simple; returns the event's timestamp (0 when it had no ring). */
uint64_t eng_emit_simple_t(struct eng *e, enum rec_kind kind, int actor, int op, int res, int other, int64_t value);
/* The emit callback eng-sync.c records through. */
void eng_emit_cb(void *ctx, struct rec_event *ev);
void eng_pin(struct eng *e);
int64_t eng_scale(struct eng *e, int64_t ns);
/* The run's clock: live, ns since the start; step mode, the scripted time granted
 * so far (read it with the big lock held). */
int64_t eng_clock(struct eng *e);
/* A new engine generation (see eng->gen). */
unsigned eng_next_generation(void);
/* The calling thread's recorder ring is no longer valid (after fork). */
void eng_forget_writer(void);
int64_t eng_thread_cpu_ns(void);

/* eng-work.c */
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
/* A blocking sleep of NS on a pool thread, abandoned when the run stops. */
void eng_pool_sleep(struct eng *e, int64_t ns);

/* eng-op.c */
enum eng_step_result {
	ENG_STEP_NEXT,     /* go on with the next op */
	ENG_STEP_AWAIT,    /* a loop task awaits a->wait_ns: the loop suspends it */
	ENG_STEP_OFFLOAD,  /* a loop task offloads a->wait_ns (a->off_sleep): the loop hands it to the pool */
	ENG_STEP_REPLY,    /* a loop task's call waits for its reply (at most a->wait_ns if >= 0;
	                      then it goes on at a->call_else): the loop runs others meanwhile */
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
/* Finishes actor A: stats, its family figures, done in the shared state. */
void eng_finish(struct eng_act *a, enum rec_state st, int64_t status);
void eng_stat_begin(struct eng *e, int id);
void eng_stat_end(struct eng *e, int id);
/* A scripted duration on the run's clock: scaled by the speed live, as written in step mode. */
int64_t eng_run_ns(struct eng *e, int64_t ns);
/* Member ID arrives now (its latency counts from here): recorded once. */
void eng_arrive(struct eng *e, int id);
/* Member ID could not be started: ERR says why. */
void eng_refuse(struct eng *e, int id, int err);

/* eng-loop.c */
/* A loop actor's thread. */
void *eng_loop_main(void *arg);

/* eng-launch.c */
/* Makes the launcher's part of a run (the hook, thread attributes); -1 with *ERR. */
int eng_launch_init(struct eng *e, char **err);
void eng_launch_done(struct eng *e);
/* Joins the threads that have finished (not for the ones still running). */
void eng_launch_join_exited(struct eng *e);
/* Joins every thread of this process, running or not (the run has been stopped). */
void eng_launch_join_all(struct eng *e);

/* eng-policy.c */
/* Picks the next actor to grant among the ready ones (big lock held); -1 when none. */
int eng_policy_pick(struct eng *e, bool use_policy);

/* eng-outcome.c */
/* Fills e->out once the run has stopped and every thread and process is gone. */
void eng_outcome_make(struct eng *e);
void eng_outcome_free(struct eng_outcome *o);

/* eng-sup.c */
void *eng_sup_main(void *arg);

#endif
