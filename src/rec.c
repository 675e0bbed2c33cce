/* rec.c: the recorder: per-writer chains of chunks from one shared pool, merged by time.
 *
 * Layout of the mapping (created before any fork, so every process sees it at
 * the same address):
 *
 *   struct rec_shared   the claim counter, the pool's free-list head and
 *                       bump counter (each on its own cache line), sizes
 *   atomic_uint         x nchunks: each chunk's link (see below)
 *   struct rec_writer   x max_writers: producer and consumer halves on
 *                       separate cache lines
 *   struct rec_event    x nchunks * REC_CHUNK_EVENTS: the chunks, page aligned
 *
 * Chunks are named by index, never by pointer, wherever another thread or
 * process reads the name.  A chunk's link means one of two things in turn:
 * while a writer's chain holds it, the next chunk of that chain (written by
 * the writer before it publishes the first event there); while it is free,
 * the next free chunk.  The free list's head packs a tag and an index into
 * 64 bits; every push and pop bumps the tag, so a pop that read a stale link
 * cannot succeed (ABA).  Writers pop, the consumer pushes (one CAS per drain
 * for all the chunks it freed), and pages never used yet come from a bump
 * counter, so a fresh pool costs no memory.
 *
 * A writer's event number H lives in slot H % REC_CHUNK_EVENTS of the
 * (H / REC_CHUNK_EVENTS)-th chunk of its chain.  When H is at a chunk
 * boundary the writer needs a new chunk: if the consumer has read every event
 * (its published tail is H) the writer starts the full chunk over and says
 * so (restart = H), so a writer the consumer keeps up with never touches the
 * pool; otherwise it pops one and links it after the full one.  The consumer
 * moves along a chain when it is about to read the first event of the next
 * chunk (only then is the way known): it stays if restart is that event
 * (restart cannot move on before the consumer does, as it needs tail == H),
 * else follows the link and frees the chunk it leaves.  A link is written
 * once per chunk per chain, as the writer leaves it for good; a "link to
 * itself" would not do, as the writer may overwrite it a lap later, before
 * the consumer has read it.
 *
 * A writer publishes event number H in three steps: it stores seq = 2H + 1
 * ("busy"), reads the clock and fills slot H, then release-stores
 * seq = 2H + 2.  The consumer therefore knows which writers are between a
 * clock read and a publication; such a writer can still produce an event as
 * old as its last published one (last_t), so the merge does not pass that
 * time.  Writers that are not busy can only produce events stamped after the
 * consumer's own clock read; REC_HOLD_NS covers the moment the busy store
 * takes to travel.  A writer that may still stamp an event in the past
 * (rec_emit_at: a thread learns it was preempted only when it runs again)
 * publishes a hold, the oldest time it may still use, and the merge does not
 * pass it either.
 *
 * The consumer's own bookkeeping (cursors, the merge heap) lives in ordinary
 * memory owned by the process that created the recorder.  A drain pass reads
 * one cache line per claimed writer (seq and hold) and skips those with
 * nothing new; the merge costs O(log writers with events) per event.
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
#include <unistd.h>

#include "i18n.h"
#include "xalloc.h"

#define REC_LINE 64
#define REC_PAGE 4096
#define REC_NONE UINT32_MAX            /* no chunk */
#define REC_CHUNK_MASK ((unsigned long long)REC_CHUNK_EVENTS - 1)

_Static_assert(sizeof(struct rec_event) == 32, "an event is 32 bytes");
_Static_assert(sizeof(struct rec_event) * REC_CHUNK_EVENTS == REC_PAGE, "a chunk is a page");
_Static_assert((REC_CHUNK_EVENTS & (REC_CHUNK_EVENTS - 1)) == 0, "a chunk is a power of two");
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2,
	       "64-bit atomics must be lock-free to work across processes");
_Static_assert(ATOMIC_INT_LOCK_FREE == 2,
	       "32-bit atomics must be lock-free to work across processes");
_Static_assert(REC_MAX_WRITERS <= UINT16_MAX, "the writer index fits an event");
_Static_assert(REC_MAX_POOL_EVENTS / REC_CHUNK_EVENTS < REC_NONE, "a chunk index fits 32 bits");

/* The start of the mapping. */
struct rec_shared {
	_Alignas(REC_LINE) atomic_ullong claimed;   /* writers handed out (may exceed max) */
	unsigned max_writers;
	uint32_t nchunks;
	atomic_uint *links;                         /* nchunks: see the top of the file */
	struct rec_event *chunks;                   /* nchunks * REC_CHUNK_EVENTS */
	_Alignas(REC_LINE) atomic_ullong free_head; /* tag << 32 | first free chunk (REC_NONE: empty) */
	_Alignas(REC_LINE) atomic_ullong bump;      /* chunks never used start here (may exceed nchunks) */
};

/* One writer.  The producer half is written only by its owner. */
struct rec_writer {
	_Alignas(REC_LINE) atomic_ullong seq;  /* 2 * published + 1 while writing one */
	atomic_ullong last_t;                  /* time of the last published event */
	atomic_ullong hold;                    /* events as old as this may still come; 0: none */
	atomic_ullong restart;                 /* the last event that started the chunk over */
	atomic_uint first;                     /* the chain's first chunk, set before event 0 */
	uint32_t cur;                          /* the owner's: current chunk */
	unsigned long long head;               /* the owner's: published count */
	struct rec_event *slots;               /* the owner's: current chunk's events */
	uint16_t index;
	/* The consumer half: how far the consumer has read. */
	_Alignas(REC_LINE) atomic_ullong tail;
	struct rec_shared *sh;                 /* the owner's, for the rare path */
	atomic_ullong drops;                   /* events refused because the pool was empty
						  (the owner's, but rare: kept off its hot line) */
};

_Static_assert(sizeof(struct rec_writer) == 2 * REC_LINE, "a writer is two cache lines");

/* The consumer's private view of one writer. */
struct rec_cursor {
	const struct rec_event *slots; /* the chunk holding event tail (when tail < head); */
	uint32_t chunk;                /* its index; both unset (NULL) before the first */
	unsigned long long base;       /* the number of the event in its first slot */
	bool dirty;                    /* tail moved in this drain */
	unsigned long long tail;       /* next event to read */
	unsigned long long head;       /* published count seen by this drain */
	uint64_t last_t;               /* time of the last event read from this writer */
	unsigned long long busy_seq;   /* the busy seq last seen, for REC_STUCK_NS */
	uint64_t busy_since;
	uint64_t hold_seen;            /* the hold last seen, for REC_STUCK_NS */
	uint64_t hold_since;
};

/* A merge heap entry: a writer and the time of its next event, kept here so
 * comparisons stay in the consumer's memory. */
struct rec_heap_ent {
	uint64_t t;
	unsigned r;
};

struct rec {
	struct rec_shared *shared;
	struct rec_writer *writers;
	atomic_uint *links;
	struct rec_event *chunks;
	size_t map_size;
	size_t fixed_size;             /* header and links: bytes before the writers */
	size_t priv_size;              /* the consumer's arrays */
	unsigned max_writers;
	uint32_t nchunks;
	struct rec_cursor *cursors;
	struct rec_heap_ent *heap;
	unsigned *touched;             /* writers whose tail moved in this drain */
	uint32_t free_first, free_last;/* chunks freed in this drain, linked */
	uint64_t last_out;             /* time of the last event returned */
	uint64_t late;
};

static size_t
rec_round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static unsigned long long
rec_pack(unsigned long long tag, uint32_t chunk)
{
	return tag << 32 | chunk;
}

struct rec *
rec_new(unsigned max_writers, size_t pool_events)
{
	size_t head_size, links_size, writers_size, chunks_size, total;
	uint32_t nchunks;
	struct rec *rec;
	char *base;

	if (max_writers == 0 || max_writers > REC_MAX_WRITERS ||
	    pool_events == 0 || pool_events > REC_MAX_POOL_EVENTS) {
		errno = EINVAL;
		return NULL;
	}
	/* at most 2^19 chunks of 4 KiB: 2 GiB, fine in a 64-bit size_t */
	nchunks = (uint32_t)((pool_events + REC_CHUNK_EVENTS - 1) / REC_CHUNK_EVENTS);
	head_size = rec_round_up(sizeof(struct rec_shared), REC_LINE);
	links_size = rec_round_up(sizeof(atomic_uint) * nchunks, REC_LINE);
	writers_size = rec_round_up(head_size + links_size +
				    sizeof(struct rec_writer) * max_writers, REC_PAGE) -
		       head_size - links_size;
	chunks_size = (size_t)nchunks * REC_PAGE;
	total = head_size + links_size + writers_size + chunks_size;

	/* NORESERVE: the pool is address space; only touched pages cost memory */
	base = mmap(NULL, total, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;   /* errno from mmap */

	rec = xcalloc(1, sizeof *rec);
	rec->shared = (struct rec_shared *)(void *)base;
	rec->links = (atomic_uint *)(void *)(base + head_size);
	rec->writers = (struct rec_writer *)(void *)(base + head_size + links_size);
	rec->chunks = (struct rec_event *)(void *)(base + head_size + links_size + writers_size);
	rec->map_size = total;
	rec->fixed_size = head_size + links_size;
	rec->max_writers = max_writers;
	rec->nchunks = nchunks;
	/* large and zeroed: calloc maps them, pages of unused writers stay untouched */
	rec->cursors = xcalloc(max_writers, sizeof *rec->cursors);
	rec->heap = xcalloc(max_writers, sizeof *rec->heap);
	rec->touched = xcalloc(max_writers, sizeof *rec->touched);
	rec->priv_size = sizeof *rec + (size_t)max_writers *
		(sizeof *rec->cursors + sizeof *rec->heap + sizeof *rec->touched);
	rec->free_first = rec->free_last = REC_NONE;

	/*
	 * A fresh anonymous mapping is zeroed: counters, writers and links start
	 * at 0.  Cursors start before any chunk; they are only read for claimed
	 * writers, and are set up then (rec_drain).
	 */
	atomic_init(&rec->shared->claimed, 0);
	rec->shared->max_writers = max_writers;
	rec->shared->nchunks = nchunks;
	rec->shared->links = rec->links;
	rec->shared->chunks = rec->chunks;
	atomic_init(&rec->shared->free_head, rec_pack(0, REC_NONE));
	atomic_init(&rec->shared->bump, 0);
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
	free(rec->touched);
	free(rec);
}

struct rec_writer *
rec_writer_claim(struct rec *rec)
{
	unsigned long long i = atomic_fetch_add_explicit(&rec->shared->claimed, 1,
							 memory_order_acq_rel);
	struct rec_writer *w;

	if (i >= rec->max_writers)
		return NULL;
	/* zeroed by the mapping; the consumer reads none of these fields */
	w = &rec->writers[i];
	w->sh = rec->shared;
	w->index = (uint16_t)i;
	w->cur = REC_NONE;
	w->slots = NULL;
	w->head = 0;
	return w;
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

/* Takes a chunk from SH's pool: a free one, else one never used; REC_NONE if none. */
static uint32_t
rec_pool_take(struct rec_shared *sh)
{
	unsigned long long head = atomic_load_explicit(&sh->free_head, memory_order_acquire);
	unsigned long long b;

	while ((uint32_t)head != REC_NONE) {
		uint32_t c = (uint32_t)head;
		/* stale if C was taken meanwhile; then the tag moved and the CAS fails */
		uint32_t next = atomic_load_explicit(&sh->links[c], memory_order_relaxed);
		if (atomic_compare_exchange_weak_explicit(&sh->free_head, &head,
							  rec_pack((head >> 32) + 1, next),
							  memory_order_acquire, memory_order_acquire))
			return c;
	}
	if (atomic_load_explicit(&sh->bump, memory_order_relaxed) >= sh->nchunks)
		return REC_NONE;
	b = atomic_fetch_add_explicit(&sh->bump, 1, memory_order_relaxed);
	return b < sh->nchunks ? (uint32_t)b : REC_NONE;
}

/*
 * W's event H starts a chunk: makes W's current chunk one with room (the
 * full one again if the consumer has read it all).  False when the pool is
 * empty.  The rare path of rec_push.
 */
static __attribute__((noinline)) bool
rec_writer_advance(struct rec_writer *w, unsigned long long h)
{
	struct rec_shared *sh = w->sh;
	uint32_t c;

	/* published with the event's seq, before which the consumer reads none of these */
	if (w->cur != REC_NONE &&
	    atomic_load_explicit(&w->tail, memory_order_acquire) == h) {
		/* all read: start the same chunk over */
		atomic_store_explicit(&w->restart, h, memory_order_relaxed);
		return true;
	}
	c = rec_pool_take(sh);
	if (c == REC_NONE)
		return false;
	if (w->cur == REC_NONE)
		atomic_store_explicit(&w->first, c, memory_order_relaxed);
	else
		atomic_store_explicit(&sh->links[w->cur], c, memory_order_relaxed);
	w->cur = c;
	w->slots = sh->chunks + (size_t)c * REC_CHUNK_EVENTS;
	return true;
}

/* Pushes EV onto W: stamped with the clock when STAMP, else with T. */
static inline __attribute__((always_inline)) void
rec_push(struct rec_writer *w, struct rec_event *ev, bool stamp, uint64_t t)
{
	unsigned long long h = w->head;
	struct rec_event *slot;
	uint16_t cpu;
	int c;

	if (__builtin_expect((h & REC_CHUNK_MASK) == 0, 0) && !rec_writer_advance(w, h)) {
		/* only this writer stores drops: no read-modify-write needed */
		atomic_store_explicit(&w->drops,
			atomic_load_explicit(&w->drops, memory_order_relaxed) + 1,
			memory_order_relaxed);
		return;
	}
	/* busy first, so a consumer that misses this event also sees it coming */
	atomic_store_explicit(&w->seq, 2 * h + 1, memory_order_release);
	atomic_signal_fence(memory_order_seq_cst);
	if (stamp)
		t = rec_now();
	c = sched_getcpu();
	cpu = c < 0 || c >= UINT16_MAX ? UINT16_MAX : (uint16_t)c;
	/*
	 * Copy first, stamp after: stamping EV and then copying it would load
	 * across fresh narrow stores, which the CPU cannot forward (~10 ns).
	 */
	slot = &w->slots[h & REC_CHUNK_MASK];
	*slot = *ev;
	slot->t_ns = t;
	slot->cpu = cpu;
	slot->writer = w->index;
	ev->t_ns = t;
	ev->cpu = cpu;
	ev->writer = w->index;
	w->head = h + 1;
	atomic_store_explicit(&w->last_t, t, memory_order_relaxed);
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

/*
 * Points cursor R at the chunk holding its event tail, which is published:
 * at a chunk boundary it follows the writer's link and frees the chunk left.
 */
static void
rec_cursor_settle(struct rec *rec, unsigned r)
{
	struct rec_cursor *c = &rec->cursors[r];
	uint32_t next;

	if (c->slots != NULL && c->tail - c->base < REC_CHUNK_EVENTS)
		return;
	if (c->slots == NULL) {
		next = atomic_load_explicit(&rec->writers[r].first, memory_order_relaxed);
	} else {
		c->base += REC_CHUNK_EVENTS;
		if (atomic_load_explicit(&rec->writers[r].restart, memory_order_relaxed) == c->tail)
			return;   /* the writer started the same chunk over */
		next = atomic_load_explicit(&rec->links[c->chunk], memory_order_relaxed);
		/* the writer left this chunk for good, and now so do we: free it */
		atomic_store_explicit(&rec->links[c->chunk], rec->free_first, memory_order_relaxed);
		if (rec->free_first == REC_NONE)
			rec->free_last = c->chunk;
		rec->free_first = c->chunk;
	}
	c->chunk = next;
	c->slots = rec->chunks + (size_t)next * REC_CHUNK_EVENTS;
}

/* Hands the chunks freed in this drain back to the pool, with one CAS. */
static void
rec_pool_give(struct rec *rec)
{
	struct rec_shared *sh = rec->shared;
	unsigned long long head;

	if (rec->free_first == REC_NONE)
		return;
	head = atomic_load_explicit(&sh->free_head, memory_order_relaxed);
	do
		atomic_store_explicit(&rec->links[rec->free_last], (uint32_t)head,
				      memory_order_relaxed);
	while (!atomic_compare_exchange_weak_explicit(&sh->free_head, &head,
						      rec_pack((head >> 32) + 1, rec->free_first),
						      memory_order_release, memory_order_relaxed));
	rec->free_first = rec->free_last = REC_NONE;
}

/* Whether heap entry A comes before B (time, then writer). */
static inline bool
rec_before(const struct rec_heap_ent *a, const struct rec_heap_ent *b)
{
	return a->t < b->t || (a->t == b->t && a->r < b->r);
}

/* Restores the heap order below slot I of a heap of N writers. */
static void
rec_heap_down(struct rec *rec, size_t n, size_t i)
{
	struct rec_heap_ent *h = rec->heap, tmp = h[i];

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = l;

		if (l >= n)
			break;
		if (r < n && rec_before(&h[r], &h[l]))
			m = r;
		if (!rec_before(&h[m], &tmp))
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = tmp;
}

size_t
rec_drain(struct rec *rec, struct rec_event *out, size_t max, bool final)
{
	uint64_t now = rec_now(), horizon;
	unsigned long long claimed;
	unsigned nwriters, ntouched = 0;
	size_t n = 0, nheap = 0;

	/* the clock read above comes before every writer is looked at */
	atomic_thread_fence(memory_order_seq_cst);
	claimed = atomic_load_explicit(&rec->shared->claimed, memory_order_acquire);
	nwriters = claimed < rec->max_writers ? (unsigned)claimed : rec->max_writers;
	horizon = final ? UINT64_MAX : now > REC_HOLD_NS ? now - REC_HOLD_NS : 0;

	for (unsigned r = 0; r < nwriters; r++) {
		struct rec_writer *w = &rec->writers[r];
		struct rec_cursor *c = &rec->cursors[r];
		unsigned long long seq = atomic_load_explicit(&w->seq, memory_order_acquire);
		uint64_t hold = atomic_load_explicit(&w->hold, memory_order_acquire);

		if (seq == 2 * c->tail && hold == 0)
			continue;   /* nothing new, not busy, no hold: the common case */
		c->head = seq >> 1;
		if (!final) {
			if ((seq & 1) != 0) {
				/* mid-emit: its event may be as old as its last published one */
				if (seq != c->busy_seq) {
					c->busy_seq = seq;
					c->busy_since = now;
				}
				if (now - c->busy_since < REC_STUCK_NS) {
					uint64_t bound = c->head > 0
						? atomic_load_explicit(&w->last_t, memory_order_relaxed)
						: c->last_t;
					if (bound < horizon)
						horizon = bound;
				}
			}
			/* a writer that may still stamp an event as old as its hold */
			if (hold != 0) {
				if (hold != c->hold_seen) {
					c->hold_seen = hold;
					c->hold_since = now;
				}
				if (now - c->hold_since < REC_STUCK_NS && hold < horizon)
					horizon = hold;
			}
		}
		if (c->tail < c->head) {
			rec_cursor_settle(rec, r);
			rec->heap[nheap++] = (struct rec_heap_ent){
				c->slots[c->tail & REC_CHUNK_MASK].t_ns, r};
		}
	}
	for (size_t i = nheap / 2; i-- > 0;)
		rec_heap_down(rec, nheap, i);

	while (n < max && nheap > 0) {
		unsigned r = rec->heap[0].r;
		struct rec_cursor *c = &rec->cursors[r];
		struct rec_event *ev = &out[n];

		if (rec->heap[0].t > horizon)
			break;
		*ev = c->slots[c->tail & REC_CHUNK_MASK];
		c->last_t = ev->t_ns;
		c->tail++;
		if (!c->dirty) {
			c->dirty = true;
			rec->touched[ntouched++] = r;
		}
		if (ev->t_ns < rec->last_out) {
			/* a stuck writer came back: keep the order, say so */
			ev->t_ns = rec->last_out;
			rec->late++;
		}
		rec->last_out = ev->t_ns;
		n++;
		if (c->tail == c->head) {
			rec->heap[0] = rec->heap[--nheap];
		} else {
			rec_cursor_settle(rec, r);
			rec->heap[0].t = c->slots[c->tail & REC_CHUNK_MASK].t_ns;
		}
		if (nheap > 0)
			rec_heap_down(rec, nheap, 0);
	}

	/* hand the read slots back to their writers, once per writer per drain */
	for (unsigned i = 0; i < ntouched; i++) {
		unsigned r = rec->touched[i];
		rec->cursors[r].dirty = false;
		atomic_store_explicit(&rec->writers[r].tail, rec->cursors[r].tail,
				      memory_order_release);
	}
	rec_pool_give(rec);
	return n;
}

/* Writers claimed so far (at most max_writers). */
static unsigned
rec_claimed(const struct rec *rec)
{
	unsigned long long claimed =
		atomic_load_explicit(&rec->shared->claimed, memory_order_acquire);
	return claimed < rec->max_writers ? (unsigned)claimed : rec->max_writers;
}

uint64_t
rec_dropped(const struct rec *rec)
{
	uint64_t sum = 0;
	unsigned nwriters = rec_claimed(rec);

	/* claimed ones only: reading the others would touch their pages */
	for (unsigned r = 0; r < nwriters; r++)
		sum += atomic_load_explicit(&rec->writers[r].drops, memory_order_relaxed);
	return sum;
}

uint64_t
rec_late(const struct rec *rec)
{
	return rec->late;
}

size_t
rec_capacity(const struct rec *rec)
{
	return (size_t)rec->nchunks * REC_CHUNK_EVENTS;
}

size_t
rec_memory(const struct rec *rec)
{
	unsigned long long used = atomic_load_explicit(&rec->shared->bump, memory_order_relaxed);
	/* header, links and claimed writers as whole pages (an upper bound) */
	size_t fixed = rec_round_up(rec->fixed_size +
				    sizeof(struct rec_writer) * rec_claimed(rec), REC_PAGE);

	if (used > rec->nchunks)
		used = rec->nchunks;
	return fixed + (size_t)used * REC_PAGE + rec->priv_size;
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
