/* eng.h: the engine: runs one variant of a compiled scenario as real threads,
 * forked processes and libuv loop tasks, recording every state change.
 *
 * Live mode leaves scheduling to the OS (durations scaled by speed); step mode
 * makes every actor wait for a grant before each op, granted by the caller
 * (eng_grant), a fixed schedule, or a seeded random policy, and runs on
 * scenario time: events are stamped with the scripted time of the steps
 * granted so far, and no scripted duration is spent on the wall clock.  Every call is
 * thread-safe and returns quickly; nobody is woken per event: the caller
 * drains the recorder (eng_rec) itself.
 */
#ifndef KS_ENG_H
#define KS_ENG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "prog.h"
#include "verdict.h"
#include "rec.h"

enum eng_mode {
	ENG_LIVE,
	ENG_STEP,
};

enum eng_policy {
	ENG_POLICY_MANUAL,    /* step: only eng_grant / eng_grant_auto move actors */
	ENG_POLICY_SCHEDULE,  /* step: the schedule, then the lowest ready actor after the last */
	ENG_POLICY_RANDOM,    /* step: a seeded random pick among the ready actors */
};

struct eng_config {
	const struct prog *prog;
	const struct prog_variant *variant;
	enum eng_mode mode;
	enum eng_policy policy;
	double speed;             /* durations are divided by it; 0 means 1 */
	const int *schedule;      /* actor indices, for ENG_POLICY_SCHEDULE */
	size_t nschedule;
	uint64_t seed;            /* for ENG_POLICY_RANDOM */
	int cpus;                 /* pin every actor to the first N CPUs; 0: the variant's
	                             option cpus, or all when it has none */
	int64_t op_limit;         /* executed ops per actor before the run is stopped; 0: 1,000,000 */
	int64_t sample_ns;        /* how often the run's threads and memory are sampled; 0: 25 ms */
	size_t ring_events;       /* the recorder's pool: events undrained at once; 0: REC_POOL_EVENTS */
};

/* How a run ended. */
enum eng_end {
	ENG_END_NONE,       /* still running */
	ENG_END_DONE,       /* every actor finished */
	ENG_END_DEADLOCK,   /* a cycle in the wait-for graph */
	ENG_END_STALLED,    /* everyone blocked, no cycle, nothing pending */
	ENG_END_ABORTED,    /* eng_abort */
	ENG_END_LIMIT,      /* an actor hit the op limit */
	ENG_END_FAILED,     /* stopped at the first failed assert or shared critical region */
};

struct eng_actor_result {
	enum rec_state state;     /* at the end */
	bool started;
	bool crashed;             /* a process killed by a signal */
	int status;               /* exit status, or the signal when crashed */
	int fail_op;              /* the op of the `fail` it stopped at, or -1 */
	int wait_res, wait_holder;  /* when still blocked at the end; else -1 */
	int64_t ops;              /* ops executed */
	int64_t wall_ns, cpu_ns;
	long vcsw, ivcsw;         /* voluntary and involuntary context switches */
	long migrations;          /* CPU changes seen */
	/* live mode: how late its work and sleeps ended, at most (ns beyond their
	 * scaled duration; a busy machine's doing, not the scenario's) */
	int64_t work_late_max, sleep_late_max;
	int64_t nwork, nsleep;
};

/* A family's figures: every member that arrived is finished, timed out,
 * refused or (when the run was stopped early) unfinished. */
struct eng_family_result {
	int arrived, started, finished, timed_out, refused, unfinished;
	int refused_errno;        /* why the first refusal happened (EAGAIN: option max_threads) */
	int peak_concurrent;      /* members arrived and not yet finished, at most at once */
	int64_t lat_p50, lat_p95, lat_p99, lat_max;  /* ns from arrival to finish (finished and
	                                                timed out members); -1 when none */
	double throughput;        /* members finished per second of the run's clock */
	int64_t span_ns;          /* first arrival to last finish, on the run's clock */
};

/* The whole run, read from the OS while it ran. */
struct eng_run_figures {
	int peak_threads;         /* scenario threads alive at once (every process) */
	int peak_processes;       /* scenario processes alive at once */
	int64_t peak_rss_kb;      /* memory the run added, sampled: the proportional set sizes
	                             (a page shared by N processes counts 1/N in each) of this
	                             process and the run's, above what they held at its start */
	int64_t cpu_ns;           /* CPU time of the run (this process and its children) */
	long csw;                 /* context switches, voluntary and involuntary */
};

struct eng_expect_result {
	bool met;
	prog_value actual;        /* expr value, or elapsed ns, or 1/0 for deadlock */
};

struct eng_outcome {
	enum eng_end end;
	bool failed;              /* an assert failed, a critical region was shared, a process crashed */
	int asserts_failed, critical_violations, lost_updates;
	bool expectations_met;
	int64_t elapsed_ns;       /* wall time of the run */
	uint64_t dropped;         /* recorder events dropped */
	size_t nactors;           /* the variant's actors, then the thread-pool threads seen */
	struct eng_actor_result *actors;
	size_t ndecls;
	prog_value *finals;       /* each declaration's final value in the main copy (var, shm;
	                             a queue: how many items it held at the end) */
	prog_value *proc_finals;  /* [actor * ndecls + decl]: a process's own final view */
	size_t nexpects;
	struct eng_expect_result *expects;
	int fail_actor, fail_op, fail_text;  /* the first failed assert: who, where, why (a text
	                             index; -1 with fail_res: an unlock of what it did not hold) */
	int fail_res;
	int crit_region, crit_actor, crit_other;  /* the first shared critical region: who came in
	                                             while whom was inside; -1 when none */
	int ncycle;               /* the deadlock cycle: actor waits for res held by the next */
	int cycle[64], cycle_res[64];
	size_t nfamilies;
	struct eng_family_result *families;  /* by family index */
	struct eng_run_figures figures;
	bool step_clock;          /* latencies are on the step-mode clock (scripted time) */
	int signal;               /* the signal the run was stopped for (eng_abort_signal), or 0 */
	int invariant;            /* the `always` (expects index) a store broke, stopping the run; or -1 */
	int inv_actor, inv_op;    /* whose store broke it, at which op */
};

struct eng;

/* A run of CFG's variant (not started); NULL with *ERR set when it cannot run. */
struct eng *eng_new(const struct eng_config *cfg, char **err);
/* Stops the run if needed (as eng_abort), then releases everything. */
void eng_free(struct eng *e);
/* Starts the actors; returns 0, or -1 with *ERR set. */
int eng_start(struct eng *e, char **err);
/* The recorder the run writes to, for the caller to drain. */
struct rec *eng_rec(struct eng *e);

/* Step mode: lets actor A take one op; false when A is not waiting for a grant. */
bool eng_grant(struct eng *e, int actor);
/* Step mode: lets the policy pick; returns the actor granted, or -1 when none is ready. */
int eng_grant_auto(struct eng *e);
/* Step mode: the first 64 actors waiting for a grant (bit i: actor i). */
uint64_t eng_ready_mask(struct eng *e);
/* Live mode: actors stop at their next op boundary until resumed.  Step: auto grants stop. */
void eng_pause(struct eng *e);
void eng_resume(struct eng *e);
/*
 * Live mode: durations from now on are divided by SPEED (> 0; other values
 * are ignored), in every thread and process of the run.  A sleep, await or
 * work already under way keeps the length it started with.  Expectations on
 * elapsed time are judged at the speed in force at the end.  Step mode spends
 * no scripted duration on the clock (each step takes its scripted time of
 * scenario time at once), so the speed changes nothing there.
 */
void eng_set_speed(struct eng *e, double speed);
/* Stops the run now: every waiter woken, threads joined, processes killed and reaped. */
void eng_abort(struct eng *e);
/* eng_abort, because the program got signal SIG: the outcome and the trace say so. */
void eng_abort_signal(struct eng *e, int sig);
/* Waits up to TIMEOUT_MS (-1: forever) for the run to end; true when it has. */
bool eng_wait(struct eng *e, int timeout_ms);
/* The outcome, once eng_wait has returned true; else NULL. */
const struct eng_outcome *eng_outcome(struct eng *e);
/* Judges condition X (an expectation, or a question's choice) against the
 * ended run as its expectations were judged; *ACTUAL (may be NULL) gets what
 * it was measured by (an expression's value, elapsed ns, 1/0 for deadlock,
 * the worker that finished first).  False before the run ended. */
bool eng_outcome_judge(struct eng *e, const struct prog_expect *x, prog_value *actual);

/* Actors: the variant's, then thread-pool threads ("pool 1", ...) as they appear. */
size_t eng_actor_count(struct eng *e);
const char *eng_actor_name(struct eng *e, int actor);
/* A process actor's pid while it runs, else -1. */
pid_t eng_actor_pid(struct eng *e, int actor);

/* Parses "A,B,2,..." (names or 1-based numbers; a family's name: any of its
 * members, PROG_SCHED_FAMILY; NAME*N: N times) into schedule entries. */
int eng_schedule_parse(const struct prog_variant *v, const char *list, int **out, size_t *n, char **err);
const char *eng_end_name(enum eng_end end);
/* END as the verdict names it (NONE and ABORTED: stopped before its end). */
enum verdict_end eng_end_verdict(enum eng_end end);
/* The first thing that went wrong in O, as the verdict names it. */
enum verdict_failure eng_outcome_failure(const struct eng_outcome *o);

#endif
