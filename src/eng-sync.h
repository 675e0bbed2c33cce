/* eng-sync.h: the engine's shared state and its blocking primitives
 * (eng-sync.c, over eng-detect.c and eng-slot.c; see eng-sync-int.h).
 *
 * One MAP_SHARED region, made before any fork, holds a slot per actor (its
 * phase, what it waits for, its step grants, its condition variable) and the
 * state of every mutex, semaphore, rwlock and queue of a variant, all guarded
 * by one robust, process-shared mutex.  Threads and forked processes use the
 * same code.  Because every wait goes through here, the module always knows
 * who holds what and who waits for whom: it keeps the wait-for graph, finds
 * deadlocks when an edge appears, and wakes every waiter on abort.
 *
 * Functions taking an actor A are called by that actor's own OS thread.
 */
#ifndef KS_ENG_SYNC_H
#define KS_ENG_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "prog.h"
#include "rec.h"

/* Where an actor is, as the scheduler sees it. */
enum eng_phase {
	ENG_PH_IDLE,     /* not started */
	ENG_PH_BUSY,     /* executing (running, sleeping, awaiting: it will come back by itself) */
	ENG_PH_READY,    /* at an op boundary, waiting for a step grant */
	ENG_PH_BLOCKED,  /* waiting for another actor */
	ENG_PH_DONE,
};

/* What a blocked actor waits for. */
enum eng_wait {
	ENG_W_NONE,
	ENG_W_MUTEX,
	ENG_W_SEM,
	ENG_W_READ,
	ENG_W_WRITE,
	ENG_W_PUSH,     /* queue full */
	ENG_W_POP,      /* queue empty */
	ENG_W_JOIN,
	ENG_W_REPLY,    /* a call waits for its reply */
};

/* How the run ended, as far as this module decides. */
enum eng_sync_end {
	ENG_SYNC_RUNNING,
	ENG_SYNC_DEADLOCK,
	ENG_SYNC_STALLED,
	ENG_SYNC_ABORTED,
	ENG_SYNC_FINISHED,  /* every actor done */
	ENG_SYNC_FAILED,    /* an assert failed, or two actors shared a critical region */
};

enum {
	ENG_SYNC_OK = 0,
	ENG_SYNC_ABORT = -1,    /* the run is being stopped */
	ENG_SYNC_TIMEOUT = 1,   /* trylock gave up */
	ENG_SYNC_NOTHELD = 2,   /* unlock / release of something the actor does not hold */
};

struct eng_sync;

/* Called with the shared lock held, from the acting OS thread, for each event. */
typedef void eng_sync_emit_fn(void *ctx, struct rec_event *ev);

/* A region for the variant V's actors and declarations; STEP: grants gate every op. */
struct eng_sync *eng_sync_new(const struct prog_variant *v, bool step,
    size_t extra_bytes, eng_sync_emit_fn *emit, void *ctx);
/* Unmaps the region (never destroys objects a killed process may have been waiting on). */
void eng_sync_free(struct eng_sync *s);

void eng_sync_lock_big(struct eng_sync *s);
void eng_sync_unlock_big(struct eng_sync *s);

/* Marks actor A started (busy) and records its state. */
void eng_sync_started(struct eng_sync *s, int a);
/* Around the launch of the actors that start with the run (or with a process):
 * no stall is declared while one has still to start (an actor that blocks at
 * once is not stuck: the others are coming).  The end looks for a stall. */
void eng_sync_launch_begin(struct eng_sync *s);
void eng_sync_launch_end(struct eng_sync *s);
/* Marks A finished: wakes its joiners, looks for a stall. */
void eng_sync_done(struct eng_sync *s, int a, enum rec_state state, int64_t status);
/* The supervisor's view after process A died of SIG: done, failed, its exit 128 + SIG. */
void eng_sync_crashed(struct eng_sync *s, int a, int sig);
enum eng_phase eng_sync_phase(struct eng_sync *s, int a);
/* The state last recorded for A. */
enum rec_state eng_sync_last_state(struct eng_sync *s, int a);
bool eng_sync_is_started(struct eng_sync *s, int a);

/* Records A's state change (RES, OTHER: what it waits on and who holds it). */
void eng_sync_state(struct eng_sync *s, int a, enum rec_state st, int res, int other);

/*
 * Step gate before op OP (its index, or -1): waits for a grant (step mode) or
 * for resume (paused).  The READY and RUNNING events it records carry OP, so
 * a viewer shows the op the actor will run next.
 */
int eng_sync_gate(struct eng_sync *s, int a, int op);
/* The gate of a loop task, which must not block: marks T ready before OP, then polls. */
void eng_sync_task_ready(struct eng_sync *s, int t, int op);
bool eng_sync_task_take_grant(struct eng_sync *s, int t);
/*
 * Step mode: task T (-1: none) holds LOOP between two of its ops, as a real
 * loop runs one task until it awaits, offloads or ends: meanwhile no other
 * task of LOOP is ready for a grant.  Big lock held.
 */
void eng_sync_loop_hold(struct eng_sync *s, int loop, int t);
/*
 * Step mode with a policy: an actor that comes to its gate when nobody else
 * is executing grants the next step itself, PICK(CTX) telling whom (big lock
 * held), instead of waking the supervisor to do it: a step costs one thread
 * switch instead of two, none when the same actor goes on.  Only for runs of
 * one process (the pick's state is the caller's private memory).
 */
void eng_sync_set_picker(struct eng_sync *s, int (*pick)(void *ctx), void *ctx);
/* Grants actor A one step; false when A is not waiting for one. */
bool eng_sync_grant(struct eng_sync *s, int a);
/* Whether A waits for a grant and can take it (a task whose loop is stuck,
 * or held by another task, cannot). */
bool eng_sync_ready(struct eng_sync *s, int a);
/* Step mode: the scripted time of the steps granted so far (each adds its op's duration). */
int64_t eng_sync_clock(struct eng_sync *s);
/* Step mode: nothing can move until T (an arrival): the clock jumps there. */
void eng_sync_clock_advance(struct eng_sync *s, int64_t t);
/*
 * Step mode: scenario time, what events are stamped with (any thread, no
 * lock).  A grant moves it to the start of the granted step; the step's
 * scripted duration is added when the step has done it (eng_sync_step_spent)
 * or, at the latest, at the next grant.  Steps run one at a time, so it only
 * moves forward and events are stamped in the order they happen.
 */
int64_t eng_sync_now(struct eng_sync *s);
/* As eng_sync_now, then a nanosecond on: an actor's event, stamped apart
 * from the one before it (the recorder orders equal stamps by writer). */
int64_t eng_sync_now_tick(struct eng_sync *s);
/* Step mode: actor A has done its granted step's scripted duration (without
 * spending it on the wall clock): scenario time moves to the step's end. */
void eng_sync_step_spent(struct eng_sync *s, int a);
/* True when no started actor is executing: every one is ready, blocked or done. */
bool eng_sync_quiescent(struct eng_sync *s);
/* True when every started actor is done. */
bool eng_sync_all_done(struct eng_sync *s);
/* True when nothing is executing, granted, ready or in a timed wait. */
bool eng_sync_still(struct eng_sync *s);
/* Whether A's wait closes a cycle of single-holder waits (mutex, rwlock writer, join). */
bool eng_sync_closes_cycle(struct eng_sync *s, int a);
void eng_sync_pause(struct eng_sync *s, bool paused);
bool eng_sync_paused(struct eng_sync *s);
/* A loop actor's doorbell (an eventfd) rung on grants, spawns and abort; -1: none. */
void eng_sync_set_bell(struct eng_sync *s, int a, int fd);
/* Asks task T's loop to start it (big lock held); the loop takes requests in order. */
void eng_sync_task_request(struct eng_sync *s, int t);
/* Why a loop is asked to run a task: to start it, or to resume it after its
 * call (eng_sync_call_async) was answered or, in step mode, gave up. */
enum eng_task_request { ENG_TASK_START, ENG_TASK_ANSWERED, ENG_TASK_GAVE_UP };
/* The oldest task LOOP was asked to run, and *WHY; -1 when none (big lock held). */
int eng_sync_task_next_request(struct eng_sync *s, int loop, enum eng_task_request *why);
/*
 * Step mode: gives up every loop task's call whose scenario time ran out by
 * NOW (its loop is asked to run its else branch); returns the earliest time
 * one still waiting gives up at, or -1.  Big lock held.
 */
int64_t eng_sync_calls_expire(struct eng_sync *s, int64_t now);
/* Step mode: nothing can move until scenario time passes (only timed waits left). */
bool eng_sync_waits_for_time(struct eng_sync *s);
/* Whether idle actor A can still be started: one of its spawners may still run. */
bool eng_sync_may_start(struct eng_sync *s, int a);

/*
 * Primitives: each returns ENG_SYNC_OK, ENG_SYNC_ABORT, or as noted.  Those
 * that wait take TIMEOUT_NS: < 0 waits as long as it takes, 0 tries once,
 * > 0 waits at most that long; ENG_SYNC_TIMEOUT when it gave up.
 */
int eng_sync_lock(struct eng_sync *s, int a, int res, int64_t timeout_ns);
/* Unlocks a mutex, or a rwlock A holds for reading or writing. */
int eng_sync_unlock(struct eng_sync *s, int a, int res);
int eng_sync_acquire(struct eng_sync *s, int a, int res, int64_t timeout_ns);
int eng_sync_release(struct eng_sync *s, int a, int res);
int eng_sync_read_lock(struct eng_sync *s, int a, int res, int64_t timeout_ns);
int eng_sync_write_lock(struct eng_sync *s, int a, int res, int64_t timeout_ns);
int eng_sync_push(struct eng_sync *s, int a, int res, prog_value v, int64_t timeout_ns);
int eng_sync_pop(struct eng_sync *s, int a, int res, prog_value *v, int64_t timeout_ns);
int64_t eng_sync_qlen(struct eng_sync *s, int res);
/* A request: pushes V onto queue RES, then waits until someone replies to V. */
int eng_sync_call(struct eng_sync *s, int a, int res, prog_value v, int64_t timeout_ns);
/* A loop task's call: pushes V (blocking the loop while RES is full, at most
 * TIMEOUT_NS), then waits for the reply without holding the loop: the reply
 * asks the loop to resume it (see eng_sync_task_next_request). */
int eng_sync_call_async(struct eng_sync *s, int t, int res, prog_value v, int64_t timeout_ns);
/* Task T's call gave up: true when it was still waiting (its reply, if any, is lost). */
bool eng_sync_call_cancel(struct eng_sync *s, int t);
/* Answers the oldest caller waiting on RES for V; nobody waiting: the reply is lost. */
int eng_sync_reply(struct eng_sync *s, int a, int res, prog_value v);
/* Waits for TARGET to finish, at most TIMEOUT_NS (< 0: no limit; 0: not at all).
 * In step mode a wait that must wait runs out at once, on the scenario clock. */
int eng_sync_join(struct eng_sync *s, int a, int target, int64_t timeout_ns);
/* A timed, abortable wait of NS nanoseconds in state ST (sleeping, io). */
int eng_sync_sleep(struct eng_sync *s, int a, int64_t ns, enum rec_state st);
/* How late A's sleeps woke, at most (ns past their deadline), and how many it slept. */
int64_t eng_sync_sleep_late(struct eng_sync *s, int a, int64_t *nsleep);

/* Wakes the supervisor (the thread in eng_sync_supervise_wait).  Big lock held. */
void eng_sync_wake_supervisor(struct eng_sync *s);
/* The supervisor's wait: until signalled or TIMEOUT_NS.  Big lock held. */
void eng_sync_supervise_wait(struct eng_sync *s, int64_t timeout_ns);

/* Stops the run: END_KIND recorded (the first one wins), every waiter woken. */
void eng_sync_abort(struct eng_sync *s, enum eng_sync_end end_kind);
bool eng_sync_aborting(const struct eng_sync *s);
enum eng_sync_end eng_sync_end(struct eng_sync *s);
/* The deadlock cycle found (actor indices in wait order) and each one's resource. */
int eng_sync_cycle(struct eng_sync *s, int *actors, int *res, int max);
/* Who A waits for when blocked: kind, resource and a holder (or -1). */
enum eng_wait eng_sync_waiting(struct eng_sync *s, int a, int *res, int *holder);

/* The EXTRA_BYTES of zeroed shared memory asked for at _new, for the engine's own use. */
void *eng_sync_extra(struct eng_sync *s);
/* Runs the deadlock / stall detector now (big lock held); true when it ended the run. */
bool eng_sync_detect(struct eng_sync *s);

#endif
