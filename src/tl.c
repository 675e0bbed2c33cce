/* tl.c: the timeline model: compact event log, per-actor state spans, CPU lanes, group rows. */
#include "config.h"

#include "tl.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tl-at.h"
#include "tl-crowd.h"
#include "tl-cvec.h"
#include "xalloc.h"

/* ---- stored forms ------------------------------------------------------ */

/* An event in 26 bytes: the time's high 32 bits live in the epoch table.  Packed
 * (no padding; fields are read unaligned, which costs nothing on x86 and arm64):
 * with crowds, two bytes an event is a twentieth of the memory budget. */
struct __attribute__((packed)) tl_ev {
	uint32_t t_lo;
	uint32_t v_lo, v_hi;
	int32_t op;
	int16_t actor, other, res;
	uint16_t cpu;
	uint8_t kind, state;
};
static_assert(sizeof(struct tl_ev) == 26, "a stored event is 26 bytes");

struct tl_epoch {
	size_t index;   /* first event of the epoch */
	uint32_t hi;
};

/* A span in 16 bytes; it ends where the next starts. */
struct tl_sp {
	uint64_t start;
	int16_t res, other;
	uint16_t cpu;
	uint8_t state, pad;
};
static_assert(sizeof(struct tl_sp) == 16, "a stored span is 16 bytes");

#define SP_SHIFT 8                /* 256 spans (a 4 KiB page) a chunk: a new chunk faults in one page */
#define BLK_SHIFT 6               /* 64 spans a block */
#define BLK_SPANS (1u << BLK_SHIFT)
#define BLKV_SHIFT 6              /* 64 block sums (6 KiB) a chunk */

/* Per block of spans: the start of its first span, and the time spent in each
 * state by every closed span before that (a running sum, modulo 2^64; only
 * differences are used).  Time per state in [x, y) is then cum(y) - cum(x),
 * where cum(t) starts from the sums of the block holding t (found in the small
 * block array) and reads at most half a block of spans, in order.  Since a
 * closed span always lasts some time, a state is present in [x, y) exactly when
 * its time there is > 0; the open last span is read directly. */
struct tl_blk {
	uint64_t start;
	uint64_t cum[REC_ST_COUNT];
};

struct tl_actor {
	struct tl_cvec sp;    /* struct tl_sp */
	struct tl_cvec blk;   /* struct tl_blk, one per BLK_SPANS spans */
	uint64_t tot[REC_ST_COUNT];  /* the same sums over every closed span so far */
};

/* A CPU lane: from t on, actor (or -1, idle) ran there. */
struct tl_lane_ent {
	uint64_t t;
	int16_t actor;
};

struct tl_lane {
	struct tl_cvec t;      /* uint64_t */
	struct tl_cvec actor;  /* int16_t */
};

#define TL_MAX_CPUS 1024
#define LANE_SHIFT 10
#define EV_SHIFT 14
static_assert(TL_CHUNK_EVENTS == 1 << EV_SHIFT, "event chunk size");

/* What the model knows of one thread of a loop's pool (see REC_MAX_POOL). */
struct tl_pool {
	int16_t job;      /* the task whose call it runs now, or -1 when idle */
	int16_t last;     /* the task of its latest call, or -1 */
	int16_t loop;     /* the parent of the task of its first call, or -1 */
	uint32_t calls;   /* calls it began */
	char *name;       /* "pool 1", translated */
};

/* The model.  (Its base snapshot and the ones tl_at_new makes follow tl-at.c's rules.) */
struct tl {
	const struct prog *prog;
	const struct prog_variant *var;
	size_t cap;
	size_t nactors, nres;
	size_t npool;                 /* pool threads seen: actors nactors .. nactors + npool - 1 */
	struct tl_pool *pool;         /* REC_MAX_POOL of them once the first appears, else NULL */

	struct tl_cvec ev;               /* struct tl_ev */
	struct tl_epoch *epochs;
	size_t nepochs, epochs_cap;

	struct tl_actor *actors;
	struct tl_lane *lanes;
	int nlanes;

	uint64_t t_begin, t_end, t_last;
	bool begun, any, ended;
	int64_t outcome;

	uint64_t dropped;
	uint64_t kept_from;
	struct tl_at *base;           /* the state before the first kept event */
	struct tl_at_marks *marks;    /* states every K events, for scrubbing (tl-at.h) */

	struct tl_crowd *crowd;       /* families: counts per state, metrics */
	size_t *says;                 /* absolute indices of the REC_SAY events, oldest first */
	size_t nsays, csays;
	size_t says_first;            /* says before it were dropped with their events */
	uint64_t t_first;             /* the first event's time: counts start there */
	bool step_clock;              /* REC_RUN_BEGIN said the run is in step mode */
	uint64_t *steps;              /* when each step began (tl_step_t), oldest first */
	size_t nsteps, csteps;
};

/* ---- the model ------------------------------------------------------------ */

struct tl *
tl_new(const struct prog *prog, const struct prog_variant *var, size_t cap)
{
	struct tl *tl = xcalloc(1, sizeof *tl);

	tl->prog = prog;
	tl->var = var;
	tl->cap = cap ? cap : TL_DEFAULT_CAP;
	if (tl->cap < 2 * TL_CHUNK_EVENTS)
		tl->cap = 2 * TL_CHUNK_EVENTS;
	tl->nactors = var ? var->nactors : 0;
	tl->nres = var ? var->ndecls : 0;
	tl_cvec_init(&tl->ev, sizeof(struct tl_ev), EV_SHIFT);
	tl->actors = xcalloc(tl->nactors ? tl->nactors : 1, sizeof *tl->actors);
	for (size_t a = 0; a < tl->nactors; a++) {
		tl_cvec_init(&tl->actors[a].sp, sizeof(struct tl_sp), SP_SHIFT);
		tl_cvec_init(&tl->actors[a].blk, sizeof(struct tl_blk), BLKV_SHIFT);
	}
	tl->base = tl_at_new_empty(var, tl->nres, tl->nactors);
	tl->marks = tl_at_marks_new();
	tl->crowd = tl_crowd_new(var);
	return tl;
}

void
tl_free(struct tl *tl)
{
	if (tl == NULL)
		return;
	tl_cvec_done(&tl->ev);
	free(tl->epochs);
	free(tl->says);
	free(tl->steps);
	for (size_t a = 0; a < tl->nactors + tl->npool; a++) {
		tl_cvec_done(&tl->actors[a].sp);
		tl_cvec_done(&tl->actors[a].blk);
	}
	free(tl->actors);
	for (size_t k = 0; k < tl->npool; k++)
		free(tl->pool[k].name);
	free(tl->pool);
	for (int c = 0; c < tl->nlanes; c++) {
		tl_cvec_done(&tl->lanes[c].t);
		tl_cvec_done(&tl->lanes[c].actor);
	}
	free(tl->lanes);
	tl_at_free(tl->base);
	tl_at_marks_free(tl->marks);
	tl_crowd_free(tl->crowd);
	free(tl);
}

const struct prog *tl_prog(const struct tl *tl) { return tl->prog; }
const struct prog_variant *tl_variant(const struct tl *tl) { return tl->var; }
size_t tl_nactors(const struct tl *tl) { return tl->nactors; }
size_t tl_npool(const struct tl *tl) { return tl->npool; }
uint64_t tl_t_begin(const struct tl *tl) { return tl->t_begin; }
uint64_t tl_t_end(const struct tl *tl) { return tl->t_end; }
size_t tl_first(const struct tl *tl) { return tl->ev.first; }
size_t tl_end(const struct tl *tl) { return tl->ev.n; }
uint64_t tl_dropped(const struct tl *tl) { return tl->dropped; }
uint64_t tl_kept_from(const struct tl *tl) { return tl->kept_from; }
int tl_ncpus(const struct tl *tl) { return tl->nlanes; }

bool
tl_ended(const struct tl *tl, int64_t *outcome)
{
	if (outcome)
		*outcome = tl->outcome;
	return tl->ended;
}

void
tl_advance(struct tl *tl, uint64_t now)
{
	if (now > tl->t_end)
		tl->t_end = now;
}

static uint32_t
tl_epoch_hi(const struct tl *tl, size_t i)
{
	size_t lo = 0, hi = tl->nepochs;

	/* the last epoch whose index <= i */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl->epochs[mid].index <= i)
			lo = mid;
		else
			hi = mid;
	}
	return tl->nepochs ? tl->epochs[lo].hi : 0;
}

static inline uint64_t
tl_ev_time(const struct tl *tl, size_t i)
{
	const struct tl_ev *e = tl_cvec_at(&tl->ev, i);
	return (uint64_t)tl_epoch_hi(tl, i) << 32 | e->t_lo;
}

static void
tl_ev_unpack(const struct tl *tl, size_t i, struct rec_event *ev)
{
	const struct tl_ev *e = tl_cvec_at(&tl->ev, i);

	memset(ev, 0, sizeof *ev);
	ev->t_ns = (uint64_t)tl_epoch_hi(tl, i) << 32 | e->t_lo;
	ev->value = (int64_t)((uint64_t)e->v_hi << 32 | e->v_lo);
	ev->op = e->op;
	ev->actor = e->actor;
	ev->other = e->other;
	ev->res = e->res;
	ev->kind = e->kind;
	ev->state = e->state;
	ev->cpu = e->cpu;
}

void
tl_event(const struct tl *tl, size_t i, struct rec_event *ev)
{
	assert(i >= tl->ev.first && i < tl->ev.n);
	tl_ev_unpack(tl, i, ev);
}

size_t
tl_find(const struct tl *tl, uint64_t t)
{
	size_t lo = tl->ev.first, hi = tl->ev.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl_ev_time(tl, mid) < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
tl_events(const struct tl *tl, uint64_t t0, uint64_t t1, struct rec_event *out, size_t max)
{
	size_t n = 0;

	for (size_t i = tl_find(tl, t0); i < tl->ev.n && n < max; i++) {
		tl_ev_unpack(tl, i, &out[n]);
		if (out[n].t_ns >= t1)
			break;
		n++;
	}
	return n;
}

/* ---- spans ------------------------------------------------------------------ */

static inline struct tl_sp *
tl_sp_at(const struct tl_actor *a, size_t i)
{
	return tl_cvec_at(&a->sp, i);
}

static inline struct tl_blk *
tl_blk_at(const struct tl_actor *a, size_t i)
{
	return tl_cvec_at(&a->blk, i >> BLK_SHIFT);
}

static bool
tl_sp_same(const struct tl_sp *s, uint8_t state, int16_t res, int16_t other, uint16_t cpu)
{
	return s->state == state && s->res == res && s->other == other && s->cpu == cpu;
}

/* The lane of CPU, made on first use; NULL for an unknown or absurd cpu. */
static struct tl_lane *
tl_lane(struct tl *tl, uint16_t cpu)
{
	if (cpu >= TL_MAX_CPUS)
		return NULL;
	if (cpu >= tl->nlanes) {
		tl->lanes = xrealloc(tl->lanes, (cpu + 1u) * sizeof *tl->lanes);
		for (int c = tl->nlanes; c <= cpu; c++) {
			tl_cvec_init(&tl->lanes[c].t, sizeof(uint64_t), LANE_SHIFT);
			tl_cvec_init(&tl->lanes[c].actor, sizeof(int16_t), LANE_SHIFT);
		}
		tl->nlanes = cpu + 1;
	}
	return &tl->lanes[cpu];
}

static int16_t
tl_lane_owner(const struct tl_lane *l)
{
	if (l->actor.n == l->actor.first)
		return -1;
	return *(int16_t *)tl_cvec_at(&l->actor, l->actor.n - 1);
}

static void
tl_lane_set(struct tl_lane *l, uint64_t t, int16_t actor)
{
	if (l->t.n > l->t.first) {
		uint64_t *lt = tl_cvec_at(&l->t, l->t.n - 1);
		int16_t *la = tl_cvec_at(&l->actor, l->actor.n - 1);
		if (*la == actor)
			return;
		if (*lt == t) {  /* a change at the same instant replaces the last */
			*la = actor;
			return;
		}
	}
	*(uint64_t *)tl_cvec_push(&l->t) = t;
	*(int16_t *)tl_cvec_push(&l->actor) = actor;
}

/* The actor's running on a CPU changes: keep the lanes in step. */
static void
tl_lanes_update(struct tl *tl, int16_t actor, const struct tl_sp *from, const struct tl_sp *to, uint64_t t)
{
	if (from && from->state == REC_ST_RUNNING) {
		struct tl_lane *l = tl_lane(tl, from->cpu);
		if (l && tl_lane_owner(l) == actor && !(to && to->state == REC_ST_RUNNING && to->cpu == from->cpu))
			tl_lane_set(l, t, -1);
	}
	if (to && to->state == REC_ST_RUNNING) {
		struct tl_lane *l = tl_lane(tl, to->cpu);
		if (l)
			tl_lane_set(l, t, actor);
	}
}

/* The state ACTOR is in after its last span (not started before any). */
static uint8_t
tl_actor_state(const struct tl_actor *a)
{
	return a->sp.n > a->sp.first ? tl_sp_at(a, a->sp.n - 1)->state : REC_ST_NEW;
}

/* Actor A enters STATE at T. */
static void
tl_span_add(struct tl *tl, int16_t actor, uint64_t t, uint8_t state, int16_t res, int16_t other, uint16_t cpu)
{
	struct tl_actor *a = &tl->actors[actor];
	struct tl_sp *cur = a->sp.n > a->sp.first ? tl_sp_at(a, a->sp.n - 1) : NULL;
	struct tl_sp nsp = { .start = t, .res = res, .other = other, .cpu = cpu, .state = state };
	struct tl_sp old;

	if (state != REC_ST_RUNNING)
		nsp.cpu = UINT16_MAX;
	if (cur && tl_sp_same(cur, state, res, other, nsp.cpu))
		return;  /* nothing changes: the span goes on */
	old = cur ? *cur : (struct tl_sp){ .state = REC_ST_COUNT };
	tl_lanes_update(tl, actor, cur ? &old : NULL, &nsp, t);
	if (cur && cur->start == t) {
		/* The current span lasted no time: the new state replaces it ... */
		size_t i = a->sp.n - 1;
		*cur = nsp;
		if (i > a->sp.first) {
			struct tl_sp *prev = tl_sp_at(a, i - 1);
			if (tl_sp_same(prev, state, res, other, nsp.cpu)) {
				/* ... and may continue the one before it: reopen that. */
				a->tot[prev->state] -= t - prev->start;
				a->sp.n--;
				if ((a->sp.n & (BLK_SPANS - 1)) == 0)
					a->blk.n--;  /* the replaced span began a block */
			}
		}
		return;
	}
	if (cur)
		a->tot[cur->state] += t - cur->start;
	if ((a->sp.n & (BLK_SPANS - 1)) == 0) {
		/* a new block: the blocks vector has one per BLK_SPANS spans */
		struct tl_blk *b = tl_cvec_push(&a->blk);
		memcpy(b->cum, a->tot, sizeof b->cum);
		b->start = t;
	}
	*(struct tl_sp *)tl_cvec_push(&a->sp) = nsp;
}

size_t
tl_nspans(const struct tl *tl, int actor)
{
	if (actor < 0 || (size_t)actor >= tl->nactors + tl->npool)
		return 0;
	return tl->actors[actor].sp.n - tl->actors[actor].sp.first;
}

static void
tl_span_fill(const struct tl_actor *a, size_t i, struct tl_span *out)
{
	const struct tl_sp *s = tl_sp_at(a, i);

	out->start = s->start;
	out->end = i + 1 < a->sp.n ? tl_sp_at(a, i + 1)->start : TL_TIME_MAX;
	out->state = s->state;
	out->res = s->res;
	out->other = s->other;
	out->cpu = s->cpu;
}

bool
tl_span(const struct tl *tl, int actor, size_t i, struct tl_span *out)
{
	const struct tl_actor *a;

	if (i >= tl_nspans(tl, actor))
		return false;
	a = &tl->actors[actor];
	tl_span_fill(a, a->sp.first + i, out);
	return true;
}

/* The last span index in [lo, n) whose start <= T, or lo - 1 when none (lo > first assumed ok). */
static size_t
tl_sp_last_le(const struct tl_actor *a, size_t lo, uint64_t t)
{
	size_t hi = a->sp.n;

	/* first index in [lo, n) with start > t */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl_sp_at(a, mid)->start <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;  /* may wrap below first: callers check */
}

bool
tl_span_at(const struct tl *tl, int actor, uint64_t t, struct tl_span *out)
{
	const struct tl_actor *a;
	size_t i;

	if (tl_nspans(tl, actor) == 0)
		return false;
	a = &tl->actors[actor];
	i = tl_sp_last_le(a, a->sp.first, t);
	if (i + 1 == a->sp.first || i == SIZE_MAX)
		return false;
	tl_span_fill(a, i, out);
	return true;
}

/* Ranks for the "most telling" tie-break and the alert states (see tl.h). */
static const uint8_t tl_rank[REC_ST_COUNT] = {
	[REC_ST_NEW] = 0, [REC_ST_DONE] = 1, [REC_ST_READY] = 2, [REC_ST_JOINING] = 3,
	[REC_ST_AWAITING] = 4, [REC_ST_SLEEPING] = 5, [REC_ST_IO] = 6, [REC_ST_RUNNING] = 7,
	[REC_ST_BLOCKED] = 8, [REC_ST_DEADLOCKED] = 9, [REC_ST_FAILED] = 10,
	[REC_ST_TIMEDOUT] = 1, [REC_ST_REFUSED] = 1,
};

static uint8_t
tl_pick(const uint64_t *dur, uint32_t mask)
{
	uint8_t best = TL_COL_NONE;

	if (mask & (1u << REC_ST_FAILED))
		return REC_ST_FAILED;
	if (mask & (1u << REC_ST_DEADLOCKED))
		return REC_ST_DEADLOCKED;
	if (mask & (1u << REC_ST_BLOCKED))
		return REC_ST_BLOCKED;
	for (uint8_t s = 0; s < REC_ST_COUNT; s++) {
		if (!(mask & (1u << s)))
			continue;
		if (best == TL_COL_NONE || dur[s] > dur[best] ||
		    (dur[s] == dur[best] && tl_rank[s] > tl_rank[best]))
			best = s;
	}
	return best;
}

/* The first span of the block holding T: the last block whose first span starts
 * at or before T (or the first block), searching forward from block start B. */
static size_t
tl_blk_seek(const struct tl_actor *a, size_t b, uint64_t t)
{
	while (b + BLK_SPANS < a->sp.n && tl_blk_at(a, b + BLK_SPANS)->start <= t)
		b += BLK_SPANS;
	return b;
}

/* CUM = the time per state of the closed spans before T, for T in the block
 * whose first span is B0; returns the span in force at T (B0 when T is before
 * it).  Reads at most half the block's spans, in order: forward from the
 * block's sums, or back from the next block's. */
static size_t
tl_sp_cum(const struct tl_actor *a, size_t b0, uint64_t t, uint64_t *cum)
{
	size_t n = a->sp.n, in = n - b0 < BLK_SPANS ? n - b0 : BLK_SPANS, k;
	/* a block lies within one chunk of spans (first is chunk-aligned) */
	const struct tl_sp *sp = tl_sp_at(a, b0);

	if (in == BLK_SPANS && b0 + BLK_SPANS < n && sp[BLK_SPANS / 2].start <= t) {
		/* every span of the block is closed, and T is in its second half */
		const struct tl_blk *nb = tl_blk_at(a, b0 + BLK_SPANS);
		uint64_t next = nb->start;
		memcpy(cum, nb->cum, REC_ST_COUNT * sizeof *cum);
		for (k = BLK_SPANS - 1; sp[k].start > t; k--) {
			cum[sp[k].state] -= next - sp[k].start;
			next = sp[k].start;
		}
		cum[sp[k].state] -= next - t;  /* start(k) <= t < next */
		return b0 + k;
	}
	memcpy(cum, tl_blk_at(a, b0)->cum, REC_ST_COUNT * sizeof *cum);
	for (k = 0; k + 1 < in && sp[k + 1].start <= t; k++)
		cum[sp[k].state] += sp[k + 1].start - sp[k].start;
	if (b0 + k + 1 < n && t > sp[k].start)
		cum[sp[k].state] += t - sp[k].start;  /* the closed span in force at T, up to T */
	return b0 + k;
}

/* A column edge moving forward: cum = time per state of the closed spans before t. */
struct tl_edge {
	uint64_t t;
	size_t b, j;    /* the block (its first span) and the span in force at t */
	bool valid;
	uint64_t cum[REC_ST_COUNT];
};

#define EDGE_WALK 8   /* spans an edge steps over one by one before it jumps */

/* Moves edge E forward to T (>= E->t once valid). */
static void
tl_edge_move(const struct tl_actor *a, struct tl_edge *e, uint64_t t)
{
	size_t n = a->sp.n;

	if (e->valid && (e->b + BLK_SPANS >= n || tl_blk_at(a, e->b + BLK_SPANS)->start > t)) {
		/* still in the same block, maybe near (zoomed in): add what lies between */
		uint64_t pos = e->t;
		size_t j = e->j;
		for (int step = 0; step < EDGE_WALK; step++) {
			const struct tl_sp *s = tl_sp_at(a, j);
			uint64_t from = pos > s->start ? pos : s->start, end;
			if (j + 1 >= n || t < (end = tl_sp_at(a, j + 1)->start)) {
				if (j + 1 < n && t > from)
					e->cum[s->state] += t - from;
				e->t = t;
				e->j = j;
				e->b = j & ~(size_t)(BLK_SPANS - 1);
				return;
			}
			if (end > from)
				e->cum[s->state] += end - from;
			pos = end;
			j++;
		}
	}
	/* far: from the block sums */
	e->b = tl_blk_seek(a, e->valid ? e->b : a->sp.first, t);
	e->j = tl_sp_cum(a, e->b, t, e->cum);
	e->t = t;
	e->valid = true;
}

#define PREFETCH_COLS 2  /* how many columns ahead the query asks for spans */

/* The start of column C of W over [T0, T0 + SPAN). */
static inline uint64_t
tl_col_edge(uint64_t t0, uint64_t span, int c, int w)
{
	if (span <= UINT64_MAX / (unsigned)w)
		return t0 + span * (unsigned)c / (unsigned)w;
	return t0 + (uint64_t)((unsigned __int128)span * (unsigned)c / (unsigned)w);
}

void
tl_columns(const struct tl *tl, int actor, uint64_t t0, uint64_t t1, int w, uint8_t *out)
{
	const struct tl_actor *a;
	const struct tl_sp *last;
	uint64_t span;
	struct tl_edge e0, e1;
	size_t jp;

	if (w <= 0)
		return;
	memset(out, TL_COL_NONE, (size_t)w);
	if (tl_nspans(tl, actor) == 0 || t1 <= t0)
		return;
	a = &tl->actors[actor];
	last = tl_sp_at(a, a->sp.n - 1);
	span = t1 - t0;
	e0.valid = e1.valid = false;
	jp = a->sp.first;
	for (int c = 0; c < w; c++) {
		uint64_t c0 = tl_col_edge(t0, span, c, w), c1 = tl_col_edge(t0, span, c + 1, w);
		uint64_t dur[REC_ST_COUNT];
		uint32_t mask = 0;

		if (c1 <= c0)
			c1 = c0 + 1;
		if (c + PREFETCH_COLS < w) {
			/* the spans are too many for the caches: ask early for the block
			 * an edge a few columns on will read, when it is a new one */
			uint64_t cp = tl_col_edge(t0, span, c + PREFETCH_COLS, w);
			size_t jn = tl_blk_seek(a, jp, cp);
			if (jn != jp || c == 0) {
				const char *p = (const char *)tl_sp_at(a, jn);
				size_t bytes = (a->sp.n - jn < BLK_SPANS ? a->sp.n - jn : BLK_SPANS) * sizeof(struct tl_sp);
				for (size_t off = 0; off < bytes; off += 64)
					__builtin_prefetch(p + off);
				jp = jn;
			}
		}
		/* each edge only moves forward; the usual column starts where the
		 * one before ended (not when columns are narrower than 1 ns) */
		if (e1.valid && c0 == e1.t)
			e0 = e1;
		else
			tl_edge_move(a, &e0, c0);
		tl_edge_move(a, &e1, c1);
		/* time per state in the column, and (a closed span always lasting
		 * some time) exactly the states present in it */
		for (int st = 0; st < REC_ST_COUNT; st++) {
			dur[st] = e1.cum[st] - e0.cum[st];
			if (dur[st])
				mask |= 1u << st;
		}
		if (last->start < c1) {
			/* the open span lasts until the last known time */
			uint64_t b0 = last->start > c0 ? last->start : c0;
			if (b0 <= tl->t_end) {
				uint64_t e = tl->t_end < c1 ? tl->t_end : c1;
				dur[last->state] += e > b0 ? e - b0 : 0;
				mask |= 1u << last->state;
			}
		}
		out[c] = mask ? tl_pick(dur, mask) : TL_COL_NONE;
	}
}

/* The last entry of lane L at or before T, or l->t.first when none is. */
static size_t
tl_lane_find(const struct tl_lane *l, uint64_t t)
{
	size_t lo = l->t.first, hi = l->t.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (*(uint64_t *)tl_cvec_at(&l->t, mid) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > l->t.first ? lo - 1 : l->t.first;
}

/* Whether lane L holds more than TL_LANE_EXACT entries a column from entry I to T1. */
static bool
tl_lane_dense(const struct tl_lane *l, size_t i, uint64_t t1, int w)
{
	size_t lim = i + (size_t)TL_LANE_EXACT * (size_t)w;
	return lim < l->t.n && *(uint64_t *)tl_cvec_at(&l->t, lim) < t1;
}

/* Who ran at the middle of each column (see TL_LANE_EXACT). */
static void
tl_cpu_columns_mid(const struct tl *tl, const struct tl_lane *l, uint64_t t0, uint64_t span, int w,
    int16_t *out)
{
	for (int c = 0; c < w; c++) {
		uint64_t c0 = tl_col_edge(t0, span, c, w), c1 = tl_col_edge(t0, span, c + 1, w);
		uint64_t mid = c0 + (c1 - c0) / 2;
		size_t k = tl_lane_find(l, mid);
		int16_t a = *(int16_t *)tl_cvec_at(&l->actor, k);
		out[c] = *(uint64_t *)tl_cvec_at(&l->t, k) <= mid && mid < tl->t_end &&
		    a >= 0 && (size_t)a < tl->nactors + tl->npool ? a : -1;
	}
}

void
tl_cpu_columns(const struct tl *tl, int cpu, uint64_t t0, uint64_t t1, int w, int16_t *out)
{
	const struct tl_lane *l;
	uint64_t span;
	uint64_t *acc;
	size_t i;

	for (int c = 0; c < w; c++)
		out[c] = -1;
	if (cpu < 0 || cpu >= tl->nlanes || t1 <= t0 || w <= 0)
		return;
	l = &tl->lanes[cpu];
	if (l->t.n == l->t.first)
		return;
	acc = xcalloc(tl->nactors + tl->npool + 1, sizeof *acc);
	span = t1 - t0;
	/* the last entry at or before t0 */
	i = tl_lane_find(l, t0);
	if (tl_lane_dense(l, i, t1, w)) {
		tl_cpu_columns_mid(tl, l, t0, span, w, out);
		free(acc);
		return;
	}
	for (int c = 0; c < w; c++) {
		uint64_t c0 = tl_col_edge(t0, span, c, w), c1 = tl_col_edge(t0, span, c + 1, w);
		int16_t best = -1;
		size_t k;

		if (c1 <= c0)
			c1 = c0 + 1;
		for (k = i; k < l->t.n; k++) {
			uint64_t s = *(uint64_t *)tl_cvec_at(&l->t, k);
			uint64_t e = k + 1 < l->t.n ? *(uint64_t *)tl_cvec_at(&l->t, k + 1) : tl->t_end;
			int16_t a = *(int16_t *)tl_cvec_at(&l->actor, k);
			if (s >= c1)
				break;
			if (s < c0)
				s = c0;
			if (e > c1)
				e = c1;
			if (a >= 0 && (size_t)a < tl->nactors + tl->npool && e > s) {
				acc[a] += e - s;
				if (best < 0 || acc[a] > acc[best] || (acc[a] == acc[best] && a < best))
					best = a;
			}
		}
		out[c] = best;
		/* reset what this column touched; continue from the last entry inside it */
		for (size_t j = i; j < k; j++) {
			int16_t a = *(int16_t *)tl_cvec_at(&l->actor, j);
			if (a >= 0 && (size_t)a < tl->nactors + tl->npool)
				acc[a] = 0;
		}
		if (k > i)
			i = k - 1;
	}
	free(acc);
}

/* ---- adding events ------------------------------------------------------- */

/* Forgets the narration before event CUT; the array is compacted once half
 * of it is stale, so it stops growing once the cap is reached. */
static void
tl_says_drop_before(struct tl *tl, size_t cut)
{
	while (tl->says_first < tl->nsays && tl->says[tl->says_first] < cut)
		tl->says_first++;
	if (tl->says_first > tl->nsays / 2) {
		memmove(tl->says, tl->says + tl->says_first, (tl->nsays - tl->says_first) * sizeof *tl->says);
		tl->nsays -= tl->says_first;
		tl->says_first = 0;
	}
}

/* Folds the oldest chunk of events into the base snapshot and forgets old detail. */
static void
tl_drop_oldest(struct tl *tl)
{
	size_t first = tl->ev.first;
	size_t cut = (first / TL_CHUNK_EVENTS + 1) * TL_CHUNK_EVENTS;
	struct rec_event ev;
	uint64_t cut_t;

	if (cut > tl->ev.n)
		cut = tl->ev.n;
	for (size_t i = first; i < cut; i++) {
		tl_ev_unpack(tl, i, &ev);
		tl_at_apply(tl->base, &ev);
	}
	cut_t = cut < tl->ev.n ? tl_ev_time(tl, cut) : tl->t_last;
	tl->dropped += cut - first;
	tl->kept_from = cut_t;
	tl->base->t = cut_t;
	tl_cvec_drop_before(&tl->ev, cut);
	tl_at_marks_drop(tl->marks, cut);
	tl_says_drop_before(tl, cut);
	tl_crowd_drop_before(tl->crowd, cut_t);
	while (tl->nepochs > 1 && tl->epochs[1].index <= cut) {
		memmove(tl->epochs, tl->epochs + 1, (tl->nepochs - 1) * sizeof *tl->epochs);
		tl->nepochs--;
	}
	/* spans and lane entries that ended before the cut go a chunk at a time */
	for (size_t a = 0; a < tl->nactors + tl->npool; a++) {
		struct tl_actor *ac = &tl->actors[a];
		size_t per = (size_t)1 << SP_SHIFT;
		size_t k = ac->sp.first;
		while (1) {
			size_t next = (k / per + 1) * per;
			if (next >= ac->sp.n || tl_sp_at(ac, next)->start > cut_t)
				break;
			k = next;
		}
		if (k > ac->sp.first) {
			tl_cvec_drop_before(&ac->sp, k);
			tl_cvec_drop_before(&ac->blk, k >> BLK_SHIFT);
		}
	}
	for (int c = 0; c < tl->nlanes; c++) {
		struct tl_lane *l = &tl->lanes[c];
		size_t per = (size_t)1 << LANE_SHIFT;
		size_t k = l->t.first;
		while (1) {
			size_t next = (k / per + 1) * per;
			if (next >= l->t.n || *(uint64_t *)tl_cvec_at(&l->t, next) > cut_t)
				break;
			k = next;
		}
		if (k > l->t.first) {
			tl_cvec_drop_before(&l->t, k);
			tl_cvec_drop_before(&l->actor, k);
		}
	}
}

/* Pool thread ACTOR (nactors <= ACTOR < nactors + REC_MAX_POOL) has appeared: it and the
 * ones numbered before it get their spans (they are numbered as they first run a call). */
static void
tl_pool_see(struct tl *tl, int actor)
{
	size_t n = (size_t)actor - tl->nactors + 1;

	if (n <= tl->npool)
		return;
	if (tl->pool == NULL)
		tl->pool = xcalloc(REC_MAX_POOL, sizeof *tl->pool);
	tl->actors = xrealloc(tl->actors, (tl->nactors + n) * sizeof *tl->actors);
	for (size_t k = tl->npool; k < n; k++) {
		struct tl_actor *a = &tl->actors[tl->nactors + k];
		memset(a, 0, sizeof *a);
		tl_cvec_init(&a->sp, sizeof(struct tl_sp), SP_SHIFT);
		tl_cvec_init(&a->blk, sizeof(struct tl_blk), BLKV_SHIFT);
		tl->pool[k] = (struct tl_pool){ .job = -1, .last = -1, .loop = -1,
			.name = xasprintf(_("pool %d"), (int)k + 1) };
	}
	tl->npool = n;
}

/* A pool thread's state event as its row shows it: a call's states all name the call's task
 * (a preemption's ready and running too), and the ready that ends a call is idle. */
static void
tl_pool_state(struct tl *tl, const struct rec_event *in, uint8_t *state, int16_t *other)
{
	struct tl_pool *p = &tl->pool[in->actor - (int)tl->nactors];

	if (*state == REC_ST_READY && in->value == 0) {
		p->job = -1;
		*state = TL_ST_IDLE;
		*other = -1;
		return;
	}
	if (*other >= 0 && *other != p->job) {
		/* a new call (without the idle between when that event was lost) */
		p->job = *other;
		p->last = *other;
		p->calls++;
		if (p->loop < 0 && tl->var && (size_t)*other < tl->nactors)
			p->loop = (int16_t)tl->var->actors[*other].parent;
	}
	*other = p->job;
}

/* A step of ACTOR begins with its op at T: it began when the actor was let run for it (the
 * start of its running span), so the step's column holds the whole grant. */
static void
tl_step_add(struct tl *tl, int actor, uint64_t t)
{
	const struct tl_actor *a = &tl->actors[actor];
	uint64_t start = t;

	if (a->sp.n > a->sp.first) {
		const struct tl_sp *cur = tl_sp_at(a, a->sp.n - 1);
		if (cur->state == REC_ST_RUNNING && cur->start < t)
			start = cur->start;
	}
	if (tl->nsteps > 0 && start <= tl->steps[tl->nsteps - 1])
		start = tl->steps[tl->nsteps - 1] + 1 <= t ? tl->steps[tl->nsteps - 1] + 1 : t;
	tl->steps = xgrow(tl->steps, &tl->csteps, tl->nsteps + 1, sizeof *tl->steps);
	tl->steps[tl->nsteps++] = start;
}

bool
tl_step_clock(const struct tl *tl)
{
	return tl->step_clock;
}

size_t
tl_nsteps(const struct tl *tl)
{
	return tl->nsteps;
}

uint64_t
tl_step_t(const struct tl *tl, size_t k)
{
	if (k < tl->nsteps)
		return tl->steps[k];
	return (tl->t_end > tl->t_last ? tl->t_end : tl->t_last) + 1;
}

size_t
tl_step_at(const struct tl *tl, uint64_t t)
{
	size_t lo = 0, hi = tl->nsteps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl->steps[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
tl_add_one(struct tl *tl, const struct rec_event *in)
{
	struct tl_ev *e;
	uint64_t t = in->t_ns;
	uint32_t hi;
	bool pool = in->actor >= 0 && (size_t)in->actor >= tl->nactors &&
	    (size_t)in->actor < tl->nactors + REC_MAX_POOL;
	bool a_ok = in->actor >= 0 && ((size_t)in->actor < tl->nactors || pool);
	uint8_t from, to;

	if (tl->any && t < tl->t_last)
		t = tl->t_last;  /* out of order: take it as happening now */
	if (!tl->any) {
		tl->any = true;
		tl->t_begin = t;
		tl->kept_from = t;
		tl->base->t = t;
		tl->t_first = t;
		tl_crowd_start(tl->crowd, t);
	}
	if (in->kind == REC_RUN_BEGIN && !tl->begun) {
		tl->begun = true;
		tl->t_begin = t;
		tl->step_clock = in->res == 1;
	}
	if (rec_event_is_step(in, tl->nactors))
		tl_step_add(tl, in->actor, t);
	if (in->kind == REC_RUN_END) {
		tl->ended = true;
		tl->outcome = in->value;
	}
	tl->t_last = t;
	if (t > tl->t_end)
		tl->t_end = t;

	if (tl->ev.n - tl->ev.first >= tl->cap)
		tl_drop_oldest(tl);
	hi = (uint32_t)(t >> 32);
	if (tl->nepochs == 0 || tl->epochs[tl->nepochs - 1].hi != hi) {
		tl->epochs = xgrow(tl->epochs, &tl->epochs_cap, tl->nepochs + 1, sizeof *tl->epochs);
		tl->epochs[tl->nepochs].index = tl->ev.n;
		tl->epochs[tl->nepochs].hi = hi;
		tl->nepochs++;
	}
	if (in->kind == REC_SAY) {
		tl->says = xgrow(tl->says, &tl->csays, tl->nsays + 1, sizeof *tl->says);
		tl->says[tl->nsays++] = tl->ev.n;
	}
	e = tl_cvec_push(&tl->ev);
	e->t_lo = (uint32_t)t;
	e->v_lo = (uint32_t)(uint64_t)in->value;
	e->v_hi = (uint32_t)((uint64_t)in->value >> 32);
	e->op = in->op;
	e->actor = in->actor;
	e->other = in->other;
	e->res = in->res;
	e->cpu = in->cpu;
	e->kind = in->kind;
	e->state = in->state;

	if ((in->kind >= REC_ARRIVE && in->kind <= REC_METRIC) || in->kind == REC_EXIT)
		tl_crowd_event(tl->crowd, in, t);
	if (!a_ok)
		return;
	if (pool)
		tl_pool_see(tl, in->actor);
	from = tl_actor_state(&tl->actors[in->actor]);
	if (in->kind == REC_STATE && in->state < REC_ST_COUNT) {
		uint8_t st = in->state;
		int16_t other = in->other;
		if (pool)
			tl_pool_state(tl, in, &st, &other);
		tl_span_add(tl, in->actor, t, st, in->res, other, in->cpu);
	} else if (in->kind == REC_MIGRATE) {
		struct tl_actor *a = &tl->actors[in->actor];
		if (a->sp.n > a->sp.first) {
			struct tl_sp cur = *tl_sp_at(a, a->sp.n - 1);
			if (cur.state == REC_ST_RUNNING)
				tl_span_add(tl, in->actor, t, cur.state, cur.res, cur.other, in->cpu);
		}
	} else if (in->kind == REC_DEADLOCK) {
		tl_span_add(tl, in->actor, t, REC_ST_DEADLOCKED, in->res, in->other, UINT16_MAX);
	} else if (in->kind == REC_ASSERT_FAIL) {
		tl_span_add(tl, in->actor, t, REC_ST_FAILED, -1, -1, UINT16_MAX);
	}
	to = tl_actor_state(&tl->actors[in->actor]);
	if (to != from)
		tl_crowd_state(tl->crowd, in->actor, t, from, to);
}

void
tl_add(struct tl *tl, const struct rec_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tl_add_one(tl, &ev[i]);
}

const struct tl_at *
tl_at_end(const struct tl *tl)
{
	tl_at_marks_extend(tl->marks, tl, tl->base);
	return tl_at_marks_now(tl->marks);
}

const struct tl_at_marks *
tl_marks(const struct tl *tl)
{
	return tl->marks;
}

size_t
tl_says(const struct tl *tl, size_t end, size_t *out, size_t max)
{
	size_t lo = tl->says_first, hi = tl->nsays, n = 0;
	/* the first say at or after END */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl->says[mid] < end)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > tl->says_first && n < max && tl->says[lo - 1] >= tl->ev.first)
		out[n++] = tl->says[--lo];
	return n;
}

const char *
tl_actor_name(const struct tl *tl, int actor)
{
	if (actor >= 0 && (size_t)actor < tl->nactors)
		return tl->var->actors[actor].name ? tl->var->actors[actor].name : "?";
	if (actor >= 0 && (size_t)actor - tl->nactors < tl->npool)
		return tl->pool[(size_t)actor - tl->nactors].name;
	return "?";
}

int
tl_pool_loop(const struct tl *tl, size_t k)
{
	return k < tl->npool ? tl->pool[k].loop : -1;
}

unsigned
tl_pool_calls(const struct tl *tl, size_t k, int *last)
{
	if (last)
		*last = k < tl->npool ? tl->pool[k].last : -1;
	return k < tl->npool ? tl->pool[k].calls : 0;
}

size_t
tl_bytes(const struct tl *tl)
{
	size_t b = sizeof *tl + tl_cvec_bytes(&tl->ev) + tl->epochs_cap * sizeof *tl->epochs +
	    tl->csays * sizeof *tl->says + tl_at_marks_bytes(tl->marks);

	b += (tl->nactors + tl->npool) * sizeof *tl->actors;
	for (size_t a = 0; a < tl->nactors + tl->npool; a++)
		b += tl_cvec_bytes(&tl->actors[a].sp) + tl_cvec_bytes(&tl->actors[a].blk);
	if (tl->pool) {
		b += REC_MAX_POOL * sizeof *tl->pool;
		for (size_t k = 0; k < tl->npool; k++)
			b += strlen(tl->pool[k].name) + 1;
	}
	for (int c = 0; c < tl->nlanes; c++)
		b += sizeof *tl->lanes + tl_cvec_bytes(&tl->lanes[c].t) + tl_cvec_bytes(&tl->lanes[c].actor);
	b += sizeof *tl->base + tl->base->nres * sizeof *tl->base->res +
	    tl->base->nactors * sizeof *tl->base->actors + tl_crowd_bytes(tl->crowd);
	for (size_t r = 0; r < tl->base->nres; r++)
		b += (tl->base->res[r].nholders + tl->base->res[r].nwaiters) * sizeof(int16_t) +
		    tl->base->res[r].nitems * sizeof(int64_t);
	return b;
}

/* ---- scrubbing ---------------------------------------------------------------- */

struct tl_at *
tl_at_new(const struct tl *tl, uint64_t t)
{
	size_t from = tl->ev.first;
	const struct tl_at *mark;

	/* the marks follow the model lazily: a headless run never asks */
	tl_at_marks_extend(tl->marks, tl, tl->base);
	mark = tl_at_marks_find(tl->marks, t, &from);
	struct tl_at *at = tl_at_copy(mark != NULL ? mark : tl->base);
	struct rec_event ev;

	/* from the latest mark at or before T: at most K events to replay */
	at->exact = tl->dropped == 0 || t >= tl->kept_from;
	for (size_t i = from; i < tl->ev.n; i++) {
		tl_ev_unpack(tl, i, &ev);
		if (ev.t_ns > t)
			break;
		tl_at_apply(at, &ev);
	}
	at->t = t;
	return at;
}

/* ---- crowds: group rows and metric rows ------------------------------------------ */

/* The edges of W columns of [T0, T1) as tl_columns makes them (each at least 1 ns). */
static void
tl_col_edges(uint64_t t0, uint64_t t1, int w, uint64_t *c0, uint64_t *c1)
{
	uint64_t span = t1 - t0;

	for (int c = 0; c < w; c++) {
		c0[c] = tl_col_edge(t0, span, c, w);
		c1[c] = tl_col_edge(t0, span, c + 1, w);
		if (c1[c] <= c0[c])
			c1[c] = c0[c] + 1;
	}
}

/* Adds the time ACTOR spent in each state in each column (see tl.h) to OUT. */
static void
tl_actor_durs(const struct tl *tl, int actor, const uint64_t *c0, const uint64_t *c1, int w,
    uint64_t (*out)[REC_ST_COUNT])
{
	const struct tl_actor *a = &tl->actors[actor];
	bool any = a->sp.n > a->sp.first;
	/* not started: from the first event to the first span, unless that was dropped */
	uint64_t new_end = !any ? TL_TIME_MAX : a->sp.first == 0 ? tl_sp_at(a, a->sp.first)->start : 0;
	const struct tl_sp *last = any ? tl_sp_at(a, a->sp.n - 1) : NULL;
	struct tl_edge e0, e1;

	if (new_end > tl->t_end)
		new_end = tl->t_end;
	e0.valid = e1.valid = false;
	for (int c = 0; c < w; c++) {
		uint64_t lo = c0[c] > tl->t_first ? c0[c] : tl->t_first;
		uint64_t hi = c1[c] < new_end ? c1[c] : new_end;
		if (hi > lo)
			out[c][REC_ST_NEW] += hi - lo;
		if (!any)
			continue;
		if (e1.valid && c0[c] == e1.t)
			e0 = e1;
		else if (!e0.valid || c0[c] >= e0.t)
			tl_edge_move(a, &e0, c0[c]);
		if (!e1.valid || e1.t < e0.t)
			e1 = e0;
		tl_edge_move(a, &e1, c1[c]);
		for (int st = 0; st < REC_ST_COUNT; st++)
			out[c][st] += e1.cum[st] - e0.cum[st];
		if (last->start < c1[c]) {
			/* the open span lasts until the last known time */
			uint64_t b0 = last->start > c0[c] ? last->start : c0[c];
			uint64_t e = tl->t_end < c1[c] ? tl->t_end : c1[c];
			if (e > b0)
				out[c][last->state] += e - b0;
		}
	}
}

/* Calls ONE for each actor of [FIRST, FIRST + COUNT) outside a family wholly inside it, and
 * FAM for each family wholly inside it. */
#define TL_GROUP_EACH(tl, first, count, a, f, ONE, FAM) do { \
	int a_ = (first) < 0 ? 0 : (first); \
	int end_ = (int)((size_t)(first) + (size_t)(count) > (tl)->nactors ? (tl)->nactors \
	    : (size_t)((first) + (count))); \
	while (a_ < end_) { \
		int f_ = tl_crowd_family((tl)->crowd, a_); \
		const struct prog_family *pf_ = f_ >= 0 ? &(tl)->var->families[f_] : NULL; \
		if (pf_ && pf_->first == a_ && a_ + pf_->count <= end_) { \
			f = f_; \
			FAM; \
			a_ += pf_->count; \
		} else { \
			a = a_; \
			ONE; \
			a_++; \
		} \
	} \
} while (0)

void
tl_group_columns(const struct tl *tl, int first, int count, uint64_t t0, uint64_t t1, int w,
    uint64_t (*out)[REC_ST_COUNT])
{
	uint64_t *c0, *c1;
	int a, f;

	if (w <= 0)
		return;
	memset(out, 0, (size_t)w * sizeof *out);
	if (t1 <= t0 || !tl->any || count <= 0)
		return;
	c0 = xmalloc((size_t)w * sizeof *c0);
	c1 = xmalloc((size_t)w * sizeof *c1);
	tl_col_edges(t0, t1, w, c0, c1);
	TL_GROUP_EACH(tl, first, count, a, f,
	    tl_actor_durs(tl, a, c0, c1, w, out),
	    tl_crowd_columns(tl->crowd, f, c0, c1, w, tl->t_end, out));
	free(c0);
	free(c1);
}

void
tl_group_at(const struct tl *tl, int first, int count, uint64_t t, uint32_t out[REC_ST_COUNT])
{
	int a, f;

	memset(out, 0, REC_ST_COUNT * sizeof *out);
	if (!tl->any || t < tl->t_first || count <= 0)
		return;
	TL_GROUP_EACH(tl, first, count, a, f, {
		struct tl_span sp;
		if (tl_span_at(tl, a, t, &sp))
			out[sp.state < REC_ST_COUNT ? sp.state : REC_ST_NEW]++;
		else if (tl->actors[a].sp.first == 0)
			out[REC_ST_NEW]++;
	}, tl_crowd_at(tl->crowd, f, t, out));
}

uint8_t
tl_group_pick(const uint64_t ns[REC_ST_COUNT])
{
	static const uint8_t active[] = {
		REC_ST_RUNNING, REC_ST_READY, REC_ST_BLOCKED, REC_ST_SLEEPING, REC_ST_IO,
		REC_ST_AWAITING, REC_ST_JOINING,
	};
	uint8_t best = TL_COL_NONE;

	if (ns[REC_ST_DEADLOCKED])
		return REC_ST_DEADLOCKED;
	for (size_t i = 0; i < sizeof active; i++) {
		uint8_t s = active[i];
		if (ns[s] && (best == TL_COL_NONE || ns[s] > ns[best] ||
		    (ns[s] == ns[best] && tl_rank[s] > tl_rank[best])))
			best = s;
	}
	if (best != TL_COL_NONE)
		return best;
	for (uint8_t s = 0; s < REC_ST_COUNT; s++)
		if (ns[s] && (best == TL_COL_NONE || ns[s] > ns[best] ||
		    (ns[s] == ns[best] && tl_rank[s] > tl_rank[best])))
			best = s;
	return best;
}

size_t tl_nfamilies(const struct tl *tl) { return tl_crowd_nfamilies(tl->crowd); }
int tl_family_of(const struct tl *tl, int actor) { return tl_crowd_family(tl->crowd, actor); }
uint64_t tl_group_known_from(const struct tl *tl, int f) { return tl_crowd_known_from(tl->crowd, f); }
size_t tl_family_nchanges(const struct tl *tl, int f) { return tl_crowd_nchanges(tl->crowd, f); }

void
tl_family_changes_base(const struct tl *tl, int f, uint32_t base[REC_ST_COUNT])
{
	tl_crowd_changes_base(tl->crowd, f, base);
}

void
tl_family_change(const struct tl *tl, int f, size_t i, uint64_t *t, uint8_t *from, uint8_t *to)
{
	assert(i < tl_family_nchanges(tl, f));
	tl_crowd_change(tl->crowd, f, i, t, from, to);
}

void
tl_family_stats(const struct tl *tl, int f, struct tl_family_stats *out)
{
	tl_crowd_stats(tl->crowd, f, out);
}

bool
tl_family_latency(const struct tl *tl, int f, double p, uint64_t *out)
{
	return tl_crowd_latency(tl->crowd, f, p, out);
}

size_t tl_family_nflight(const struct tl *tl, int f) { return tl_crowd_nflight(tl->crowd, f); }

void
tl_family_flight(const struct tl *tl, int f, size_t i, uint64_t *t, uint32_t *n)
{
	assert(i < tl_family_nflight(tl, f));
	tl_crowd_flight(tl->crowd, f, i, t, n);
}

bool
tl_metric_any(const struct tl *tl, int f, enum tl_metric m)
{
	return tl_crowd_metric_any(tl->crowd, f, (int)m);
}

void
tl_metric_columns(const struct tl *tl, int f, enum tl_metric m, uint64_t t0, uint64_t t1, int w,
    double *out)
{
	uint64_t *c0, *c1;

	if (w <= 0)
		return;
	if (t1 <= t0) {
		for (int c = 0; c < w; c++)
			out[c] = NAN;
		return;
	}
	c0 = xmalloc((size_t)w * sizeof *c0);
	c1 = xmalloc((size_t)w * sizeof *c1);
	tl_col_edges(t0, t1, w, c0, c1);
	tl_crowd_metric_columns(tl->crowd, f, (int)m, c0, c1, w, tl->t_end, out);
	free(c0);
	free(c1);
}
