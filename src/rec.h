/* rec.h: the recorder: every state change of a run, as fixed-size events.
 *
 * One MAP_SHARED region, created before any fork, holds a small descriptor
 * per writing OS thread or process (claimed with an atomic counter, so forked
 * children claim theirs too) and one pool of fixed-size chunks shared by all
 * writers (REC_CHUNK_EVENTS events: one 4 KiB page).  A writer fills its
 * current chunk; when it is full the writer reuses it if the consumer has
 * read all of it, else takes another from the pool (a lock-free pop from a
 * free list with a tagged 64-bit head, or a bump allocator over pages never
 * used yet) and links it after the full one.  The one consumer reads each
 * writer's chain in order and gives chunks back to the free list once it has
 * moved past them.  So memory follows the events in flight (undrained), not
 * the number of writers: a writer that never writes costs two cache lines,
 * one that writes holds at most two chunks more than its undrained events
 * need, and pages of the pool are touched only when first handed out (they
 * stay, for reuse, until rec_free).
 *
 * Writing an event costs one clock read and a few stores: no lock, no
 * allocation, no syscall (one CAS every REC_CHUNK_EVENTS events).  When the
 * pool is empty the event is dropped and counted; the count is reported,
 * never silent.  The consumer drains in batches and merges the writers in
 * timestamp order; a pass skips writers with nothing new with one load each.
 * Events the merge holds back stay in the pool: with many more runnable
 * threads than CPUs, one preempted inside rec_emit holds the merge until it
 * runs again (at most REC_STUCK_NS), and the pool absorbs what comes meanwhile.
 */
#ifndef KS_REC_H
#define KS_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an event says.  res / other / value / op meanings per kind are noted. */
enum rec_kind {
	REC_RUN_BEGIN,      /* value: number of actors; res: 1 when the run is on the step clock (step mode), else -1 */
	REC_RUN_END,        /* value: enum outcome as the engine defines it */
	REC_STATE,          /* actor's state changed: state, res (resource waited on or -1), other (holder or -1);
	                       value: 0, or 1 about the GIL, or 2 about a CPU (ready: preempted by the OS) */
	REC_OP,             /* actor begins op (op index) */
	REC_LOCK_WAIT,      /* actor waits for res (mutex, semaphore, rwlock, queue); other: a holder */
	REC_LOCK_ACQUIRE,   /* actor got res; other: the actor whose release let it in, or -1 */
	REC_LOCK_RELEASE,   /* actor released res */
	REC_LOAD,           /* actor read shared res: value */
	REC_STORE,          /* actor wrote shared res: value */
	REC_LOST_UPDATE,    /* actor's store to res overwrote other's store made after actor's load; value: op of that load */
	REC_PUSH,           /* actor pushed value onto queue res */
	REC_POP,            /* actor popped value from queue res */
	REC_SAY,            /* value: text index */
	REC_MARK_BEGIN,     /* value: text index */
	REC_MARK_END,
	REC_SPAWN,          /* actor started other */
	REC_WAKE,           /* actor woke other (unblock arrow) */
	REC_EXIT,           /* actor finished; value: exit status, or 128 + the signal it crashed of */
	REC_MIGRATE,        /* actor moved to cpu (from value) */
	REC_DEADLOCK,       /* actor is in a wait-for cycle, waiting for res held by other */
	REC_ASSERT_FAIL,    /* actor's assert at op failed; value: text index */
	REC_CRITICAL,       /* actor entered region res while other was inside: a violation */
	REC_EXPECT,         /* expectation res: value 1 met, 0 not met */
	REC_VALUE_FINAL,    /* actor (a process, or -1 for the main copy) ended with res = value */
	/* crowds: family members and the run's own figures */
	REC_ARRIVE,         /* family member actor arrived (its latency counts from here); value: family */
	REC_TIMEOUT,        /* member actor passed its deadline unfinished (its client gave up; it runs on) */
	REC_REFUSED,        /* member actor could not be started: the OS or option max_threads refused;
	                       value: the errno (EAGAIN for max_threads) */
	REC_METRIC,         /* a sample of the run: res = enum rec_metric, value */
	REC_KIND_COUNT,
};

/* The states an actor row shows. */
enum rec_state {
	REC_ST_NEW,
	REC_ST_RUNNING,    /* on cpu */
	REC_ST_READY,      /* waiting for a grant, the GIL or its loop */
	REC_ST_BLOCKED,    /* on res (lock, semaphore, rwlock, queue) */
	REC_ST_SLEEPING,
	REC_ST_IO,
	REC_ST_AWAITING,   /* a loop task suspended */
	REC_ST_JOINING,
	REC_ST_DONE,
	REC_ST_DEADLOCKED,
	REC_ST_FAILED,     /* crashed or failed an assertion */
	REC_ST_TIMEDOUT,   /* a family member that finished after its deadline: its client had gone */
	REC_ST_REFUSED,    /* a family member never started: its thread or process was refused */
	REC_ST_COUNT,
};

/* What a REC_METRIC event samples (res). */
enum rec_metric {
	REC_METRIC_THREADS,  /* OS threads the run's scenario actors hold now */
	REC_METRIC_RSS_KB,   /* memory the run added, KiB: the sum of its processes' proportional
	                        set sizes (Pss; resident sizes where there is none) above the
	                        program's own at the run's start */
	REC_METRIC_COUNT,
};

/*
 * A loop's thread pool (libuv's): each of its threads that runs an offloaded
 * call is an actor of its own, numbered after the variant's actors, in the
 * order they first run one: ids nactors .. nactors + REC_MAX_POOL - 1 (any
 * further thread shares the last id).  Its REC_STATE events: running or
 * sleeping with other = the task it runs the call for (a preemption's ready
 * and running in between name no task), then ready with value 0 when the call
 * is done; a REC_WAKE (other: the task) when the task may go on.
 */
#define REC_MAX_POOL 16

/* 32 bytes, so two fit a cache line. */
struct rec_event {
	uint64_t t_ns;    /* CLOCK_MONOTONIC */
	int64_t value;
	int32_t op;       /* op index, or -1 */
	int16_t actor;    /* actor index; -1 for the run itself */
	int16_t other;    /* another actor, or -1 */
	int16_t res;      /* declaration index, or -1 */
	uint8_t kind;     /* enum rec_kind */
	uint8_t state;    /* enum rec_state, for REC_STATE */
	uint16_t cpu;     /* the CPU the writer ran on, or UINT16_MAX when unknown */
	uint16_t writer;  /* the writer that carried it (set by the recorder) */
};

/* Whether EV begins a step of one of a variant's NACTORS workers: each op a worker
 * begins is one step (in step mode, one grant), as "solved in N steps" counts them
 * and the step axis of a step-mode timeline draws them. */
static inline bool
rec_event_is_step(const struct rec_event *ev, size_t nactors)
{
	return ev->kind == REC_OP && ev->actor >= 0 && (size_t)ev->actor < nactors;
}

struct rec;          /* the shared region: writers and the chunk pool */
struct rec_writer;   /* one writer's producer side */

/*
 * rec_drain's hold-back window: while a run is live, events younger than this
 * stay in the pool.  Order does not rest on it alone (a writer that is
 * between its clock read and its publication also holds the merge back to
 * its last published time); the window covers the short time a
 * writer's "busy" mark takes to reach the consumer's CPU.
 */
#define REC_HOLD_NS 2000000ull
/*
 * A writer that stays "busy" this long (its thread was killed inside
 * rec_emit) no longer holds the merge back.  Should its event still appear, it is
 * stamped with the last time already returned and counted by rec_late().
 */
#define REC_STUCK_NS 1000000000ull

/*
 * A region for up to MAX_WRITERS writers (1..REC_MAX_WRITERS) sharing a pool
 * of POOL_EVENTS events (1..REC_MAX_POOL_EVENTS, rounded up to whole chunks;
 * rec_capacity tells the result).  The pool is address space reserved up
 * front, touched only as chunks are first used: size it for the events that
 * may be undrained at once, plus two chunks per writer that writes (the one
 * it fills, and the one the consumer has read to its end but can leave only
 * once the writer links the next).
 * REC_POOL_EVENTS (4 Mi events, 128 MiB of address space) holds ~100 ms of
 * one writer emitting as fast as it can, so a consumer draining every ~30 ms
 * keeps up with a few such writers.  Returns NULL with errno set (EINVAL for
 * bad sizes, ENOMEM when the mapping fails).
 */
#define REC_MAX_WRITERS 8192u
#define REC_CHUNK_EVENTS 128u
#define REC_MAX_POOL_EVENTS ((size_t)1 << 26)
#define REC_POOL_EVENTS ((size_t)1 << 22)
struct rec *rec_new(unsigned max_writers, size_t pool_events);
void rec_free(struct rec *rec);
/*
 * Claims a writer for the calling thread or process; NULL when all are
 * taken.  It costs two cache lines until it first writes.  The writer lives
 * in the shared region, so it works in a child forked after the claim too --
 * but a writer has one thread: a forked child claims its own instead of
 * writing to its parent's.  Any thread may call this.
 */
struct rec_writer *rec_writer_claim(struct rec *rec);
/*
 * Stamps EV with the time, cpu (sched_getcpu, a vDSO call of ~3 ns) and
 * writer, and pushes it.  When W's chunk is full and the pool has none left
 * the NEW event is dropped and counted (the oldest undrained events are
 * kept; W tries again at its next event).  Only the thread that
 * owns W may call it: no lock, allocation or syscall.
 */
void rec_emit(struct rec_writer *w, struct rec_event *ev);
/*
 * Like rec_emit, but stamps EV with T_NS instead of reading the clock: for a
 * span the writer learns of only after it began (a preempted thread sees the
 * gap when it runs again).  T_NS must not be older than W's last event nor
 * than the hold W has published (rec_hold): the merge relies on both.  Only
 * the thread that owns W may call it.
 */
void rec_emit_at(struct rec_writer *w, struct rec_event *ev, uint64_t t_ns);
/*
 * Publishes W's hold: W may still emit events (rec_emit_at) stamped as early
 * as T_NS, so rec_drain does not merge past T_NS until W moves the hold
 * forward or releases it (T_NS 0).  Holds only move forward.  A hold left
 * unchanged for REC_STUCK_NS is ignored (its writer is taken for stopped).
 * Only the thread that owns W may call it; it costs one store.
 */
void rec_hold(struct rec_writer *w, uint64_t t_ns);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t rec_now(void);
/*
 * Moves up to MAX drained events into OUT in nondecreasing timestamp order
 * across calls.  Events younger than REC_HOLD_NS stay until a later call, so
 * a slow writer cannot be overtaken; FINAL drains everything (call it once
 * every writer has stopped).  One consumer: calls must not overlap.
 */
size_t rec_drain(struct rec *rec, struct rec_event *out, size_t max, bool final);
/* Events dropped so far because the pool was empty, over every writer. */
uint64_t rec_dropped(const struct rec *rec);
/* Events the pool holds: POOL_EVENTS rounded up to whole chunks. */
size_t rec_capacity(const struct rec *rec);
/*
 * Bytes of memory the recorder has touched: the shared pages used so far
 * (header, chunk links, descriptors of claimed writers, every chunk ever
 * handed out) plus the consumer's own arrays.  Never more than what is
 * mapped; pages once touched stay counted until rec_free.
 */
size_t rec_memory(const struct rec *rec);
/* Events that arrived after younger ones were returned (see REC_STUCK_NS). */
uint64_t rec_late(const struct rec *rec);
/* Stable ASCII identifiers ("lock-acquire", "blocked"), for --events and traces. */
const char *rec_kind_name(enum rec_kind kind);
const char *rec_state_name(enum rec_state state);
/* The state as a user reads it, translated. */
const char *rec_state_label(enum rec_state state);

#endif
