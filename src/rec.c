/* rec.c: the recorder: per-writer SPSC rings in one shared mapping, merged by time.
 *
 * Layout of the mapping (created before any fork, so every process sees it at
 * the same address):
 *
 *   struct rec_shared   the claim counter and the sizes
 *   struct rec_writer   x max_writers: one ring's indices, producer and
 *                       consumer halves on separate cache lines
 *   struct rec_event    x max_writers * ring_events: the slots
 *
 * A writer publishes event number H in three steps: it stores seq = 2H + 1
 * ("busy"), reads the clock and fills slot H, then release-stores
 * seq = 2H + 2.  The consumer therefore knows which rings are between a clock
 * read and a publication; such a ring can still produce an event as old as
 * its last published one, so the merge does not pass that time.  Rings that
 * are not busy can only produce events stamped after the consumer's own
 * clock read; REC_HOLD_NS covers the moment the busy store takes to travel.
 * A writer that may still stamp an event in the past (rec_emit_at: a thread
 * learns it was preempted only when it runs again) publishes a hold, the
 * oldest time it may still use, and the merge does not pass it either.
 *
 * The consumer's own bookkeeping (its copies of the indices, the merge heap)
 * lives in ordinary memory owned by the process that created the recorder.
 */
#include "config.h"

#include "rec.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "i18n.h"
#include "xalloc.h"

#define REC_LINE 64

_Static_assert(sizeof(struct rec_event) == 32, "an event is 32 bytes");
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2,
	       "64-bit atomics must be lock-free to work across processes");
_Static_assert(REC_MAX_WRITERS <= UINT16_MAX, "the writer index fits an event");

/* The start of the mapping. */
struct rec_shared {
	_Alignas(REC_LINE) atomic_ullong claimed;   /* rings handed out (may exceed max) */
	unsigned max_writers;
	size_t ring_events;
};

/* One ring.  The producer half is written only by its owner. */
struct rec_writer {
	_Alignas(REC_LINE) atomic_ullong seq;  /* 2 * published + 1 while writing one */
	atomic_ullong drops;                   /* events refused because the ring was full */
	atomic_ullong hold;                    /* events as old as this may still come; 0: none */
	unsigned long long head;               /* published count: the owner's copy */
	unsigned long long tail_cache;         /* the consumer's tail as last seen */
	unsigned long long mask;
	struct rec_event *slots;
	uint16_t index;
	/* The consumer half: how far the consumer has read. */
	_Alignas(REC_LINE) atomic_ullong tail;
};

/* The consumer's private view of one ring. */
struct rec_cursor {
	struct rec_event *slots;       /* copies of the ring's constants, so the */
	unsigned long long mask;       /* merge stays off the producer's line */
	unsigned long long tail;       /* next event to read */
	unsigned long long head;       /* published count seen by this drain */
	uint64_t last_t;               /* time of the last event read from this ring */
	unsigned long long busy_seq;   /* the busy seq last seen, for REC_STUCK_NS */
	uint64_t busy_since;
	uint64_t hold_seen;            /* the hold last seen, for REC_STUCK_NS */
	uint64_t hold_since;
};

struct rec {
	struct rec_shared *shared;
	struct rec_writer *rings;
	size_t map_size;
	unsigned max_writers;
	struct rec_cursor *cursors;
	unsigned *heap;                /* ring indices, ordered by their next event */
	uint64_t last_out;             /* time of the last event returned */
	uint64_t late;
};

static size_t
rec_round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

struct rec *
rec_new(unsigned max_writers, size_t ring_events)
{
	size_t head_size, rings_size, slots_size, total;
	struct rec *rec;
	char *base;

	if (max_writers == 0 || max_writers > REC_MAX_WRITERS ||
	    ring_events == 0 || ring_events > REC_MAX_RING_EVENTS ||
	    (ring_events & (ring_events - 1)) != 0) {
		errno = EINVAL;
		return NULL;
	}
	head_size = rec_round_up(sizeof(struct rec_shared), REC_LINE);
	rings_size = rec_round_up(sizeof(struct rec_writer) * max_writers, REC_LINE);
	/* at most 4096 * 2^24 * 32 bytes: 2^41, fine in a 64-bit size_t */
	if (ring_events > SIZE_MAX / sizeof(struct rec_event) / max_writers) {
		errno = ENOMEM;
		return NULL;
	}
	slots_size = sizeof(struct rec_event) * ring_events * max_writers;
	if (slots_size > SIZE_MAX - head_size - rings_size) {
		errno = ENOMEM;
		return NULL;
	}
	total = head_size + rings_size + slots_size;

	base = mmap(NULL, total, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;   /* errno from mmap */

	rec = xcalloc(1, sizeof *rec);
	rec->shared = (struct rec_shared *)(void *)base;
	rec->rings = (struct rec_writer *)(void *)(base + head_size);
	rec->map_size = total;
	rec->max_writers = max_writers;
	rec->cursors = xcalloc(max_writers, sizeof *rec->cursors);
	rec->heap = xcalloc(max_writers, sizeof *rec->heap);

	/* A fresh anonymous mapping is zeroed: counters and indices start at 0. */
	atomic_init(&rec->shared->claimed, 0);
	rec->shared->max_writers = max_writers;
	rec->shared->ring_events = ring_events;
	for (unsigned i = 0; i < max_writers; i++) {
		struct rec_writer *w = &rec->rings[i];
		atomic_init(&w->seq, 0);
		atomic_init(&w->drops, 0);
		atomic_init(&w->hold, 0);
		atomic_init(&w->tail, 0);
		w->mask = ring_events - 1;
		w->slots = (struct rec_event *)(void *)(base + head_size + rings_size) +
			   (size_t)i * ring_events;
		w->index = (uint16_t)i;
		rec->cursors[i].slots = w->slots;
		rec->cursors[i].mask = w->mask;
	}
	return rec;
}

void
rec_free(struct rec *rec)
{
	if (rec == NULL)
		return;
	if (munmap(rec->shared, rec->map_size) != 0) {
		perror("kitchensync: rec_free: munmap");
		abort();
	}
	free(rec->cursors);
	free(rec->heap);
	free(rec);
}

struct rec_writer *
rec_writer_claim(struct rec *rec)
{
	unsigned long long i = atomic_fetch_add_explicit(&rec->shared->claimed, 1,
							 memory_order_acq_rel);
	if (i >= rec->max_writers)
		return NULL;
	return &rec->rings[i];
}

uint64_t
rec_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		/* cannot happen on Linux; a recorder without a clock is useless */
		perror("kitchensync: rec_now: clock_gettime(CLOCK_MONOTONIC)");
		abort();
	}
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Pushes EV onto W: stamped with the clock when STAMP, else with T. */
static inline __attribute__((always_inline)) void
rec_push(struct rec_writer *w, struct rec_event *ev, bool stamp, uint64_t t)
{
	unsigned long long h = w->head;
	struct rec_event *slot;
	uint16_t cpu;
	int c;

	if (h - w->tail_cache > w->mask) {
		/* looks full: see how far the consumer has got */
		w->tail_cache = atomic_load_explicit(&w->tail, memory_order_acquire);
		if (h - w->tail_cache > w->mask) {
			/* only this writer stores drops: no read-modify-write needed */
			atomic_store_explicit(&w->drops,
				atomic_load_explicit(&w->drops, memory_order_relaxed) + 1,
				memory_order_relaxed);
			return;
		}
	}
	/* busy first, so a consumer that misses this event also sees it coming */
	atomic_store_explicit(&w->seq, 2 * h + 1, memory_order_relaxed);
	atomic_signal_fence(memory_order_seq_cst);
	if (stamp)
		t = rec_now();
	c = sched_getcpu();
	cpu = c < 0 || c >= UINT16_MAX ? UINT16_MAX : (uint16_t)c;
	/*
	 * Copy first, stamp after: stamping EV and then copying it would load
	 * across fresh narrow stores, which the CPU cannot forward (~10 ns).
	 */
	slot = &w->slots[h & w->mask];
	*slot = *ev;
	slot->t_ns = t;
	slot->cpu = cpu;
	slot->writer = w->index;
	ev->t_ns = t;
	ev->cpu = cpu;
	ev->writer = w->index;
	w->head = h + 1;
	atomic_store_explicit(&w->seq, 2 * h + 2, memory_order_release);
}

void
rec_emit(struct rec_writer *w, struct rec_event *ev)
{
	rec_push(w, ev, true, 0);
}

void
rec_emit_at(struct rec_writer *w, struct rec_event *ev, uint64_t t_ns)
{
	rec_push(w, ev, false, t_ns);
}

void
rec_hold(struct rec_writer *w, uint64_t t_ns)
{
	atomic_store_explicit(&w->hold, t_ns, memory_order_release);
}

/* The time of ring R's next event to read (its cursor has one). */
static uint64_t
rec_next_t(const struct rec *rec, unsigned r)
{
	const struct rec_cursor *c = &rec->cursors[r];
	return c->slots[c->tail & c->mask].t_ns;
}

/* Whether ring A's next event comes before ring B's (time, then ring). */
static bool
rec_before(const struct rec *rec, unsigned a, unsigned b)
{
	uint64_t ta = rec_next_t(rec, a), tb = rec_next_t(rec, b);
	return ta < tb || (ta == tb && a < b);
}

/* Restores the heap order below slot I of a heap of N rings. */
static void
rec_heap_down(struct rec *rec, size_t n, size_t i)
{
	unsigned *h = rec->heap;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		unsigned tmp;

		if (l < n && rec_before(rec, h[l], h[m]))
			m = l;
		if (r < n && rec_before(rec, h[r], h[m]))
			m = r;
		if (m == i)
			return;
		tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		i = m;
	}
}

size_t
rec_drain(struct rec *rec, struct rec_event *out, size_t max, bool final)
{
	uint64_t now = rec_now(), horizon;
	unsigned long long claimed;
	unsigned nrings;
	size_t n = 0, nheap = 0;

	/* the clock read above comes before every ring is looked at */
	atomic_thread_fence(memory_order_seq_cst);
	claimed = atomic_load_explicit(&rec->shared->claimed, memory_order_acquire);
	nrings = claimed < rec->max_writers ? (unsigned)claimed : rec->max_writers;
	horizon = final ? UINT64_MAX : now > REC_HOLD_NS ? now - REC_HOLD_NS : 0;

	for (unsigned r = 0; r < nrings; r++) {
		struct rec_writer *w = &rec->rings[r];
		struct rec_cursor *c = &rec->cursors[r];
		unsigned long long seq = atomic_load_explicit(&w->seq, memory_order_acquire);

		c->head = seq >> 1;
		if ((seq & 1) != 0 && !final) {
			/* mid-emit: its event may be as old as its last published one */
			if (seq != c->busy_seq) {
				c->busy_seq = seq;
				c->busy_since = now;
			}
			if (now - c->busy_since < REC_STUCK_NS) {
				uint64_t bound = c->head > c->tail
					? c->slots[(c->head - 1) & c->mask].t_ns
					: c->last_t;
				if (bound < horizon)
					horizon = bound;
			}
		}
		if (!final) {
			/* a writer that may still stamp an event as old as its hold */
			uint64_t hold = atomic_load_explicit(&w->hold, memory_order_acquire);
			if (hold != 0) {
				if (hold != c->hold_seen) {
					c->hold_seen = hold;
					c->hold_since = now;
				}
				if (now - c->hold_since < REC_STUCK_NS && hold < horizon)
					horizon = hold;
			}
		}
		if (c->tail < c->head)
			rec->heap[nheap++] = r;
	}
	for (size_t i = nheap / 2; i-- > 0;)
		rec_heap_down(rec, nheap, i);

	while (n < max && nheap > 0) {
		unsigned r = rec->heap[0];
		struct rec_cursor *c = &rec->cursors[r];
		struct rec_event *ev = &out[n];

		*ev = c->slots[c->tail & c->mask];
		if (ev->t_ns > horizon)
			break;
		c->last_t = ev->t_ns;
		c->tail++;
		if (ev->t_ns < rec->last_out) {
			/* a stuck writer came back: keep the order, say so */
			ev->t_ns = rec->last_out;
			rec->late++;
		}
		rec->last_out = ev->t_ns;
		n++;
		if (c->tail == c->head)
			rec->heap[0] = rec->heap[--nheap];
		rec_heap_down(rec, nheap, 0);
	}

	/* hand the read slots back to their writers, once per ring per drain */
	for (unsigned r = 0; r < nrings; r++) {
		struct rec_writer *w = &rec->rings[r];
		if (atomic_load_explicit(&w->tail, memory_order_relaxed) != rec->cursors[r].tail)
			atomic_store_explicit(&w->tail, rec->cursors[r].tail,
					      memory_order_release);
	}
	return n;
}

uint64_t
rec_dropped(const struct rec *rec)
{
	uint64_t sum = 0;

	for (unsigned r = 0; r < rec->max_writers; r++)
		sum += atomic_load_explicit(&rec->rings[r].drops, memory_order_relaxed);
	return sum;
}

uint64_t
rec_late(const struct rec *rec)
{
	return rec->late;
}

static const char *const rec_kind_names[REC_KIND_COUNT] = {
	[REC_RUN_BEGIN] = "run-begin",
	[REC_RUN_END] = "run-end",
	[REC_STATE] = "state",
	[REC_OP] = "op",
	[REC_LOCK_WAIT] = "lock-wait",
	[REC_LOCK_ACQUIRE] = "lock-acquire",
	[REC_LOCK_RELEASE] = "lock-release",
	[REC_LOAD] = "load",
	[REC_STORE] = "store",
	[REC_LOST_UPDATE] = "lost-update",
	[REC_PUSH] = "push",
	[REC_POP] = "pop",
	[REC_SAY] = "say",
	[REC_MARK_BEGIN] = "mark-begin",
	[REC_MARK_END] = "mark-end",
	[REC_SPAWN] = "spawn",
	[REC_WAKE] = "wake",
	[REC_EXIT] = "exit",
	[REC_MIGRATE] = "migrate",
	[REC_DEADLOCK] = "deadlock",
	[REC_ASSERT_FAIL] = "assert-fail",
	[REC_CRITICAL] = "critical",
	[REC_EXPECT] = "expect",
	[REC_VALUE_FINAL] = "value-final",
	[REC_ARRIVE] = "arrive",
	[REC_TIMEOUT] = "timeout",
	[REC_REFUSED] = "refused",
	[REC_METRIC] = "metric",
};

static const char *const rec_state_names[REC_ST_COUNT] = {
	[REC_ST_NEW] = "new",
	[REC_ST_RUNNING] = "running",
	[REC_ST_READY] = "ready",
	[REC_ST_BLOCKED] = "blocked",
	[REC_ST_SLEEPING] = "sleeping",
	[REC_ST_IO] = "io",
	[REC_ST_AWAITING] = "awaiting",
	[REC_ST_JOINING] = "joining",
	[REC_ST_DONE] = "done",
	[REC_ST_DEADLOCKED] = "deadlocked",
	[REC_ST_FAILED] = "failed",
	[REC_ST_TIMEDOUT] = "timed-out",
	[REC_ST_REFUSED] = "refused",
};

/* What a learner reads on an actor's row; translated where shown. */
static const char *const rec_state_labels[REC_ST_COUNT] = {
	[REC_ST_NEW] = N_("not started"),
	[REC_ST_RUNNING] = N_("running"),
	[REC_ST_READY] = N_("ready"),
	[REC_ST_BLOCKED] = N_("blocked"),
	[REC_ST_SLEEPING] = N_("sleeping"),
	[REC_ST_IO] = N_("waiting on I/O"),
	[REC_ST_AWAITING] = N_("awaiting"),
	[REC_ST_JOINING] = N_("joining"),
	[REC_ST_DONE] = N_("done"),
	[REC_ST_DEADLOCKED] = N_("deadlocked"),
	[REC_ST_FAILED] = N_("failed"),
	[REC_ST_TIMEDOUT] = N_("timed out"),
	[REC_ST_REFUSED] = N_("refused"),
};

const char *
rec_kind_name(enum rec_kind kind)
{
	if ((unsigned)kind >= REC_KIND_COUNT || rec_kind_names[kind] == NULL)
		return "unknown";
	return rec_kind_names[kind];
}

const char *
rec_state_name(enum rec_state state)
{
	if ((unsigned)state >= REC_ST_COUNT || rec_state_names[state] == NULL)
		return "unknown";
	return rec_state_names[state];
}

const char *
rec_state_label(enum rec_state state)
{
	if ((unsigned)state >= REC_ST_COUNT || rec_state_labels[state] == NULL)
		return _("unknown");
	return _(rec_state_labels[state]);
}
