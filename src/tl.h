/* tl.h: the timeline model between the recorder and every view.
 *
 * A struct tl takes the recorder's merged events in batches (live during a
 * run, or all at once from a trace) and keeps
 *   - the event log, compactly (26 bytes an event: the low 32 bits of the
 *     time, the high bits kept once per 4.29 s "epoch"), in fixed chunks;
 *   - per actor, its state spans (state, resource, other actor, cpu, start;
 *     a span ends where the next one starts), 16 bytes each, with a summary
 *     per block of 64 spans (running time per state) so a column query costs
 *     the same however many spans it holds: it reads at most half a block of
 *     spans at each column edge;
 *   - per CPU, a lane of which actor ran on it from when;
 *   - per family of actors, counts per state and the crowd's metrics
 *     (tl-crowd.h), for group rows and metric rows (below): 8 bytes per
 *     state change of a member, plus a 144-byte summary per 256 changes;
 *     arrivals, exits and metric samples 16 bytes each.
 * Chunks start small and double up to their full size, so the 12,000 actors
 * of a crowd cost a few hundred bytes each, not a page.  bench_tl measures
 * the whole: about 44 bytes per stored event for 10,000 tasks and 2,000
 * threads with 5.3 M events (one event in two a state change).
 *
 * Memory is bounded: at most `cap` events are kept (TL_DEFAULT_CAP when 0 is
 * given).  Past the cap the oldest chunk of events is folded into a base
 * snapshot (values, lock holders and waiters, queue contents, current op and
 * state of every actor at the cut) and dropped, with the spans and CPU-lane
 * entries that ended before the cut; tl_dropped() and tl_kept_from() say so,
 * and a view must show it.  Queries before tl_kept_from() answer from the
 * snapshot ("no detail").
 *
 * "The most telling state" of a column (tl_columns):
 *   1. failed, then deadlocked, then blocked: if the actor was in one of
 *      these for any time at all within the column (even an instant), the
 *      highest of them wins, so a 1 ms lock wait inside a 50 ms column shows;
 *   2. otherwise the state the actor spent the most time in within the column;
 *      ties go to the higher rank: running > io > sleeping > awaiting >
 *      joining > ready > done > new.
 * Columns where nothing is known (before the actor's first state, or before
 * the kept detail) are TL_COL_NONE.
 */
#ifndef KS_TL_H
#define KS_TL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "rec.h"

#define TL_DEFAULT_CAP ((size_t)1 << 22)  /* 4,194,304 events, about 200 MB at most */
#define TL_CHUNK_EVENTS 16384             /* events are kept and dropped a chunk at a time */
#define TL_COL_NONE 0xff                  /* a column with nothing known */
#define TL_TIME_MAX UINT64_MAX

struct tl;

/* A model for VAR of PROG (both borrowed: they must outlive it); keeps at most CAP events. */
struct tl *tl_new(const struct prog *prog, const struct prog_variant *var, size_t cap);
void tl_free(struct tl *tl);
/* Adds N events in nondecreasing time order (an older one is taken as happening at the last time). */
void tl_add(struct tl *tl, const struct rec_event *ev, size_t n);

const struct prog *tl_prog(const struct tl *tl);
const struct prog_variant *tl_variant(const struct tl *tl);
/* The variant's actors: 0 .. tl_nactors()-1. */
size_t tl_nactors(const struct tl *tl);

/*
 * A loop's thread pool (rec.h, REC_MAX_POOL): pool thread K (0 <= K <
 * tl_npool(), counting up as they first run a call) is actor tl_nactors() + K
 * for every span, column and CPU-lane query, and is kept only once it appears
 * (a variant without one costs nothing).  Its spans: running or sleeping (or,
 * preempted, ready) with other = the task whose call it runs, all through the
 * call; TL_ST_IDLE between calls (drawn blank, as before it first ran one).
 * Snapshots (tl_at) and group rows leave pool threads out.
 */
#define TL_ST_IDLE REC_ST_NEW
/* Pool threads seen so far. */
size_t tl_npool(const struct tl *tl);
/* ACTOR's name: the variant's, "pool 1".. (translated) for a pool thread, else "?". */
const char *tl_actor_name(const struct tl *tl, int actor);
/* The actor whose task pool thread K ran its first call for: that task's loop; -1 when none yet. */
int tl_pool_loop(const struct tl *tl, size_t k);
/* How many calls pool thread K began, and (LAST, may be NULL) the task of its latest, or -1. */
unsigned tl_pool_calls(const struct tl *tl, size_t k, int *last);

/* Tells a live model that time NOW has come with no event (spans last until the last known time). */
void tl_advance(struct tl *tl, uint64_t now);
/* The run's first and last times (REC_RUN_BEGIN or the first event; the latest event). */
uint64_t tl_t_begin(const struct tl *tl);
uint64_t tl_t_end(const struct tl *tl);
/* Whether REC_RUN_END arrived, and its value. */
bool tl_ended(const struct tl *tl, int64_t *outcome);

/* The retained events have absolute indices [tl_first(), tl_end()). */
size_t tl_first(const struct tl *tl);
size_t tl_end(const struct tl *tl);
/* Event I (tl_first() <= I < tl_end()); the writer field is 0. */
void tl_event(const struct tl *tl, size_t i, struct rec_event *ev);
/* The narration: up to MAX indices of REC_SAY events before index END, newest
 * first, into OUT; returns how many (a view need not search the log for them). */
size_t tl_says(const struct tl *tl, size_t end, size_t *out, size_t max);
/* The index of the first retained event at or after T (tl_end() if none). */
size_t tl_find(const struct tl *tl, uint64_t t);
/* Copies up to MAX events with T0 <= t < T1 into OUT; returns how many were copied. */
size_t tl_events(const struct tl *tl, uint64_t t0, uint64_t t1, struct rec_event *out, size_t max);

/* Events dropped because of the cap (0 when none), and the time detail starts from. */
uint64_t tl_dropped(const struct tl *tl);
uint64_t tl_kept_from(const struct tl *tl);
/* Memory the model holds, in bytes (for the benchmark and the view's status). */
size_t tl_bytes(const struct tl *tl);

/*
 * Steps (rec_event_is_step: each op a worker begins).  A step begins when its
 * worker was let run for it (the start of its running span before the op).
 * tl_step_clock() says REC_RUN_BEGIN marked the run as step mode: its times are
 * scenario time, in which steps that script no time take a nanosecond or two,
 * so a view draws it on a step axis (tl-axis.h), one column per step.
 */
bool tl_step_clock(const struct tl *tl);
size_t tl_nsteps(const struct tl *tl);
/* When step K (0-based) began; K == tl_nsteps(): just after the last known time. */
uint64_t tl_step_t(const struct tl *tl, size_t k);
/* How many steps had begun at T (the step T lies in is the result - 1; 0: before the first). */
size_t tl_step_at(const struct tl *tl, uint64_t t);

/* One state span of an actor; end is TL_TIME_MAX while it lasts. */
struct tl_span {
	uint64_t start, end;
	uint8_t state;  /* enum rec_state */
	int16_t res;    /* what it waits on, or -1 */
	int16_t other;  /* who holds it, or -1 */
	uint16_t cpu;   /* for running: the cpu, else UINT16_MAX */
};
size_t tl_nspans(const struct tl *tl, int actor);
/* Span I of ACTOR (0 = the oldest retained); false when out of range. */
bool tl_span(const struct tl *tl, int actor, size_t i, struct tl_span *out);
/* The span of ACTOR covering T, false when none. */
bool tl_span_at(const struct tl *tl, int actor, uint64_t t, struct tl_span *out);

/* The most telling state of ACTOR in each of W equal columns of [T0, T1) into OUT[W]. */
void tl_columns(const struct tl *tl, int actor, uint64_t t0, uint64_t t1, int w, uint8_t *out);

/* CPU lanes: CPUs 0 .. tl_ncpus()-1 that anyone ran on. */
int tl_ncpus(const struct tl *tl);
/* The actor that ran longest on CPU in each of W columns of [T0, T1), -1 for idle.
 * When the window holds more than TL_LANE_EXACT entries a column (a crowd
 * switching thousands of times a column), each column shows who ran at its
 * middle instead: a column that narrow cannot tell them apart anyway, and
 * the frame stays the same cost however many switches there were. */
#define TL_LANE_EXACT 16
void tl_cpu_columns(const struct tl *tl, int cpu, uint64_t t0, uint64_t t1, int w, int16_t *out);

/* Everything a view shows when the time cursor is at T (scrubbing). */
struct tl_res_at {
	int64_t value;        /* var / shm: the latest value stored or loaded (init before) */
	int16_t *holders;     /* mutex / semaphore / rwlock: who holds it, in order of acquiring */
	size_t nholders;
	int16_t *waiters;     /* who waits for it, in order of starting to wait */
	size_t nwaiters;
	int64_t *items;       /* queue: its contents, oldest first */
	size_t nitems;
};
struct tl_actor_at {
	uint8_t state;        /* enum rec_state */
	int16_t res, other;   /* of the current state */
	uint16_t cpu;
	int32_t op;           /* the op it is at: from the last REC_OP, or from a later state
	                         event whose op is >= 0 (the op it runs or waits to run), or -1 */
	bool op_sure;         /* op came from a state event: it is the op the actor runs or will
	                         run next; false: the op it last began (what comes next is a guess) */
	uint16_t nwaits;      /* the waiter lists it is on (so most events need not search them) */
};
struct tl_at {
	uint64_t t;
	bool exact;                /* false when T lies before the kept detail */
	size_t nres, nactors;
	struct tl_res_at *res;     /* by declaration index */
	struct tl_actor_at *actors;
	int say_text;              /* the latest narration at or before T: text index, or -1 */
	int16_t say_actor;
	uint64_t say_t;
};
/* The state of everything at time T (events at T included); free with tl_at_free. */
struct tl_at *tl_at_new(const struct tl *tl, uint64_t t);
/* A deep copy of AT (made by tl_at_new or tl_at_copy); free with tl_at_free. */
struct tl_at *tl_at_copy(const struct tl_at *at);
/* Moves AT (made by tl_at_new or tl_at_copy: its lists' room follows their rule) on by EV,
 * the next event in time order, by the rules tl_at_new applies; sets at->t to EV's time. */
void tl_at_apply(struct tl_at *at, const struct rec_event *ev);
void tl_at_free(struct tl_at *at);

/* ---- crowds: group rows and metric rows ----------------------------------
 *
 * A group is a contiguous range of actors [FIRST, FIRST + COUNT): usually a
 * family (struct prog_family), whose counts come from aggregates kept as
 * events are added (see tl-crowd.h), so a query costs the same for 10 or
 * 10,000 members; any other range is answered member by member.
 *
 * What a group column holds: for each state, the MEMBER-TIME spent in it
 * within the column, in member-nanoseconds: the sum over members of how long
 * each was in that state there.  Divided by the column's duration it is the
 * average number of members in that state over the column, so a brief state
 * is neither lost between samples nor blown up to a whole column.  A member
 * is "not started" (REC_ST_NEW) from the model's first event until its first
 * state; after its last change it stays in its last state until tl_t_end().
 * Time before the first event, after tl_t_end(), or before the kept detail
 * (the cap; for a family, before tl_group_known_from()) counts nowhere: the
 * sum over states is COUNT x the column's known part.  Columns are as in
 * tl_columns: W equal parts of [T0, T1), each at least 1 ns.
 */
#define TL_FAMILY_NONE (-1)

/* Member-ns per state of actors [FIRST, FIRST + COUNT) in each of W columns of [T0, T1) into OUT[W]. */
void tl_group_columns(const struct tl *tl, int first, int count, uint64_t t0, uint64_t t1, int w,
    uint64_t (*out)[REC_ST_COUNT]);
/* How many of actors [FIRST, FIRST + COUNT) are in each state at T (events at T included) into
 * OUT; a member counts nowhere before the first event (or the kept detail). */
void tl_group_at(const struct tl *tl, int first, int count, uint64_t t, uint32_t out[REC_ST_COUNT]);
/*
 * The state a one-character group row shows for a column's member-time NS:
 *   1. deadlocked, if any member was deadlocked there at all;
 *   2. else, when any member was active (running, ready, blocked, sleeping,
 *      I/O, awaiting, joining), the active state with the most member-time;
 *   3. else the state with the most member-time (done, timed out, refused,
 *      failed, not started);
 * ties go to the higher rank of tl_columns.  TL_COL_NONE when NS is all 0.
 */
uint8_t tl_group_pick(const uint64_t ns[REC_ST_COUNT]);

/* Families of the variant (prog_variant.families), and the family ACTOR is in (or TL_FAMILY_NONE). */
size_t tl_nfamilies(const struct tl *tl);
int tl_family_of(const struct tl *tl, int actor);
/* The time from which family F's counts are known: the first event, or after the cap dropped
 * old detail the first kept change. */
uint64_t tl_group_known_from(const struct tl *tl, int f);

/* Family F's changes of members' states, oldest first (for exports): the counts before the first
 * kept change into BASE, and change I (0 <= I < tl_family_nchanges) into *T, *FROM, *TO. */
size_t tl_family_nchanges(const struct tl *tl, int f);
void tl_family_changes_base(const struct tl *tl, int f, uint32_t base[REC_ST_COUNT]);
void tl_family_change(const struct tl *tl, int f, size_t i, uint64_t *t, uint8_t *from, uint8_t *to);

/* What the crowd events of family F (TL_FAMILY_NONE: of every family together) said so far. */
struct tl_family_stats {
	uint32_t arrived;    /* REC_ARRIVE: members that arrived */
	uint32_t finished;   /* REC_EXIT: members that finished (late ones too) */
	uint32_t timeouts;   /* REC_TIMEOUT: members that passed their deadline unfinished */
	uint32_t refused;    /* REC_REFUSED: members that could not be started */
	uint32_t inflight;   /* arrived and neither finished nor refused, at the last event */
};
void tl_family_stats(const struct tl *tl, int f, struct tl_family_stats *out);
/* The P-th percentile (0 < P <= 100, nearest rank) of the latencies (arrival to exit, ns) of
 * every member of F that finished after arriving; false when none did. */
bool tl_family_latency(const struct tl *tl, int f, double p, uint64_t *out);

/*
 * Metric rows, one value per column (NAN where nothing is known: a column
 * after tl_t_end() or before the first event, or as said below):
 */
enum tl_metric {
	TL_METRIC_INFLIGHT,     /* members of F arrived and not finished: the most at once in the column */
	TL_METRIC_COMPLETIONS,  /* members of F that finished (REC_EXIT) in the column, per second */
	TL_METRIC_LATENCY_P50,  /* of the members of F that finished in the column, arrival to exit, ns, */
	TL_METRIC_LATENCY_P99,  /*   nearest rank; NAN when none finished there */
	TL_METRIC_THREADS,      /* REC_METRIC_THREADS: the highest sample in the column, else the latest */
	TL_METRIC_RSS_KB,       /*   before it (a value holds until the next sample); NAN before the first */
	TL_METRIC_COUNT,
};
/* Family F's members in flight as a step function (exact; for exports): step I (0 <= I <
 * tl_family_nflight) says from *T on, *N were in flight (TL_FAMILY_NONE: every family). */
size_t tl_family_nflight(const struct tl *tl, int f);
void tl_family_flight(const struct tl *tl, int f, size_t i, uint64_t *t, uint32_t *n);
/* Whether metric M has any data for family F (F is ignored for threads and RSS). */
bool tl_metric_any(const struct tl *tl, int f, enum tl_metric m);
/* Metric M of family F (TL_FAMILY_NONE: every family together) in W columns of [T0, T1) into OUT[W]. */
void tl_metric_columns(const struct tl *tl, int f, enum tl_metric m, uint64_t t0, uint64_t t1, int w,
    double *out);

#endif
