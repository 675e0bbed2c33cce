/* eng-sync-int.h: the inside of the shared region, for eng-slot.c,
 * eng-detect.c and eng-sync.c only.
 *
 * Calls point one way: eng-sync.c (gates, grants, primitives) calls
 * eng-detect.c (the wait-for graph), which calls eng-slot.c (the region,
 * actor phases, events, wakes); none calls back up.
 *
 * Everything is sized from the variant when the run is made: the region holds
 * one slot per actor, one record per declaration, the rwlocks' reader sets,
 * the semaphores' per-actor holdings and the queues' items.  Who can push,
 * pop, release or spawn what is fixed by the program, so it lives in private
 * memory, computed once before any fork.  Waiters on one resource (or on one
 * actor, for join) form a list through their slots in the order they began
 * to wait, so a release wakes the oldest without scanning every actor.
 */
#ifndef KS_ENG_SYNC_INT_H
#define KS_ENG_SYNC_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "eng-sync.h"

struct sync_slot {
	pthread_cond_t cond;
	int phase;        /* enum eng_phase */
	int state;        /* the last recorded enum rec_state */
	int wait;         /* enum eng_wait */
	int wait_res;
	int wait_target;  /* join: the actor */
	int timed;        /* the wait has a deadline: not stuck */
	int woken_by;     /* who made it leave its last wait, or -1 */
	int grants;
	int bell;         /* eventfd of the loop that runs it, or -1 */
	int kind;         /* enum prog_actor_kind */
	int parent;
	int started;
	int idle;         /* starts only when spawned */
	int op;           /* the op it passed its gate for last (step mode) */
	int64_t step_end; /* step mode: the scenario time its granted step ends at */
	int64_t sleep_late_max;  /* live mode: how late its sleeps ended, at most */
	int64_t nsleep;
	int64_t wait_value;  /* a call: the request it waits to be answered */
	int wnext, wprev; /* its place in the list of waiters it is on, or -1 */
	int jhead, jtail; /* the actors joining this one, oldest first */
	int snext;        /* a task: the next start (or resume) request of its loop, or -1 */
	int resume;       /* a task: enum eng_task_request, why its loop is asked to run it */
	int async;        /* a task waiting for a reply without holding its loop */
	int64_t until;    /* step mode: the scenario time that async wait gives up at, or 0 */
	int selfstuck;    /* it waits for what it holds itself: stuck for ever, reported */
	int shead, stail; /* a loop: its tasks asked to start, oldest first */
	int nblocked;     /* a loop: its tasks blocked inside it (it cannot switch) */
	int holder;       /* a loop, step mode: the task between two ops of one turn, or -1 */
};

struct sync_res {
	int kind;          /* enum prog_decl_kind */
	int prefer;
	int owner;         /* mutex owner, rwlock writer, or -1 */
	int last_release;  /* the actor whose release or push/pop made room last */
	int64_t count;     /* semaphore count */
	int64_t nreaders;  /* rwlock readers */
	int64_t wwant;     /* rwlock: writers between asking and getting it (waiting, or
	                      woken and not yet back): with prefer writers, readers wait */
	int64_t cap, head, len;  /* queue */
	size_t items;      /* offset of the queue's items in the region */
	size_t readers;    /* offset of the rwlock's reader bitset */
	size_t held;       /* offset of the semaphore's int32 units per actor */
	int whead, wtail;  /* its waiters, oldest first */
};

/* Who can make room on each resource and who can start each actor: private. */
struct sync_static {
	size_t nwords;         /* words of one actor bitset */
	uint64_t *pushers;     /* [res * nwords]: actors with a push on res */
	uint64_t *poppers;
	uint64_t *releasers;
	uint64_t *repliers;
	int *spawn_off;        /* actor b's spawnees: ranges spawn_rng[spawn_off[b] .. spawn_off[b+1]) */
	int (*spawn_rng)[2];   /* first, count */
	int *spawner_off;      /* actor a's spawners: spawner_list[spawner_off[a] .. spawner_off[a+1]) */
	int *spawner_list;
};

struct eng_sync {
	pthread_mutex_t big;
	pthread_cond_t sup;
	int sup_signalled;
	int nactors, nres;
	int step, paused;
	atomic_int abort;
	int end;
	int ncycle;
	int cycle[64], cycle_res[64];
	/* counts kept by every phase change, so no question scans every actor */
	int nbusy;       /* BUSY actors that are not loops */
	int ngranted;    /* READY with a grant not yet taken */
	int ntimed;      /* BLOCKED with a deadline */
	int nuntil;      /* step mode: loop tasks' calls that give up on the scenario clock */
	int nlive;       /* started and not done */
	int nready;      /* READY */
	int nlaunching;  /* launches of actors that start with their parent under way: nothing
	                    is stalled while one of them has still to start */
	int64_t clock_ns;  /* step mode: scripted time of the steps granted so far */
	int64_t now_ns;    /* step mode: scenario time events are stamped with (atomic access) */
	eng_sync_emit_fn *emit;
	void *ctx;
	int (*pick)(void *ctx);  /* step mode: who is granted next (NULL: the supervisor picks) */
	void *pick_ctx;
	int64_t granted;   /* steps granted so far */
	const struct prog_variant *v;
	struct sync_static st;  /* private memory (copied by fork, never written after) */
	size_t size, slot_off, res_off, extra_off;
};

static inline struct sync_slot *
sync_slot(struct eng_sync *s, int a)
{
	return (struct sync_slot *)((char *)s + s->slot_off) + a;
}

static inline struct sync_res *
sync_res(struct eng_sync *s, int r)
{
	return (struct sync_res *)((char *)s + s->res_off) + r;
}

static inline uint64_t *
sync_bits_at(struct eng_sync *s, size_t off)
{
	return (uint64_t *)((char *)s + off);
}

static inline bool
sync_bit(const uint64_t *bits, int a)
{
	return (bits[(unsigned)a >> 6] >> ((unsigned)a & 63)) & 1;
}

static inline void
sync_bit_set(uint64_t *bits, int a, bool on)
{
	if (on)
		bits[(unsigned)a >> 6] |= UINT64_C(1) << ((unsigned)a & 63);
	else
		bits[(unsigned)a >> 6] &= ~(UINT64_C(1) << ((unsigned)a & 63));
}

/* eng-slot.c */
void sync_fatal(const char *what, int err);
/* Waits on COND until signalled or DEADLINE (ns, CLOCK_MONOTONIC; 0: none). */
void sync_wait(struct eng_sync *s, pthread_cond_t *cond, uint64_t deadline);
uint64_t sync_now(void);
void sync_emit(struct eng_sync *s, enum rec_kind kind, int actor, int res, int other, int64_t value);
/* Records A's state change, naming OP (the op it is about to run) or -1. */
void sync_state_op(struct eng_sync *s, int a, enum rec_state st, int res, int other, int op);
/* Moves A to phase PH, keeping the counts (big lock held). */
void sync_set_phase(struct eng_sync *s, int a, enum eng_phase ph);
void sync_set_grants(struct eng_sync *s, int a, int grants);
void sync_set_timed(struct eng_sync *s, int a, int timed);
void sync_ring(struct eng_sync *s, int a);
void sync_wake_all(struct eng_sync *s);
/* Appends A to the waiters of resource RES (or of actor TARGET's joiners when RES < 0). */
void sync_wait_push(struct eng_sync *s, int a, int res, int target);
/* Takes A off the list it waits on. */
void sync_wait_drop(struct eng_sync *s, int a);
/* Appends task T to its loop's requests: to start, or to RESUME after a reply. */
void sync_task_enqueue(struct eng_sync *s, int t, int resume);
/* The first waiter on resource RES, and the one after A, or -1. */
int sync_wait_first(struct eng_sync *s, int res);
int sync_wait_next(struct eng_sync *s, int a);
/* Semaphore units A holds of RES, and the rwlock reader set of RES. */
int32_t *sync_held(struct eng_sync *s, struct sync_res *r);
uint64_t *sync_readers(struct eng_sync *s, struct sync_res *r);
prog_value *sync_items(struct eng_sync *s, struct sync_res *r);

/* eng-detect.c */
/* One actor that could unblock A (a holder, or one who may make room), or -1. */
int sync_unblocker_name(struct eng_sync *s, int a);

#endif
