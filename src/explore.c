/* explore.c: breadth-first search over a variant's states, each kept once.
 *
 * States are found in breadth-first order and stored in that order, so the
 * store is also the search's queue, the first state found of each outcome
 * lies at the end of a shortest schedule, and following the move that found
 * each state back to the start gives that schedule.  The moves between the
 * states found are kept, and the schedules reaching each outcome are counted
 * over them in topological order; a state on a cycle (the program can loop)
 * is reached by unboundedly many.
 */
#include "config.h"

#include "explore.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "explore-step.h"
#include "verdict.h"
#include "xalloc.h"

#define XP_NONE UINT32_MAX
#define XP_PROGRESS 0x80u  /* in EMOVE: the move ended its worker or entered a critical region */
/* Bytes per state the counting after the search takes (indeg, queue, count, done). */
#define XP_COUNT_BYTES (sizeof(uint32_t) * 2 + sizeof(double) + sizeof(bool))

/* A slot of the table: a state's index + 1 (0: empty) and the top of its
 * hash, so most mismatches are seen without reading the state. */
struct xp_slot {
	uint32_t idx1;
	uint32_t tag;
};

struct xp {
	const struct prog_variant *v;
	struct explore_step *x;
	size_t words;
	size_t max;
	prog_value *arena;        /* every state found, in the order found */
	size_t n, cap;
	uint32_t *parent;         /* per state: the state it was found from */
	int *via;                 /* per state: the move that found it */
	struct xp_slot *table;    /* open addressing over the states */
	size_t tsize;
	uint64_t *hash;           /* per state: its hash */
	uint32_t *estart;         /* per state (+ 1): its first move in EDGES, once expanded */
	uint32_t *edges;
	uint8_t *emove;           /* per move: the move, and XP_PROGRESS when it made progress */
	size_t nedges, ecap;
	size_t expanded;          /* states expanded */
	int *outcome_of;          /* per expanded state: its outcome, or -1 */
	struct explore_result *r;
	uint32_t *first;          /* per outcome: its first state (nearest the start) */
	size_t ocap;              /* room in R's outcomes and in FIRST */
	uint32_t *otable;         /* open addressing over the outcomes: index + 1 (0: empty) */
	size_t osize;
	struct explore_outcome scratch;  /* the outcome being judged, before it is known to be new */
	/* the memory bound: every array of the search is counted in USED, and
	 * nothing is asked of the allocator that would take USED past LIMIT
	 * (an array being grown is counted twice while it moves) */
	size_t used, peak, limit;
	bool over;                /* the memory bound stopped the search */
};

size_t
explore_default_bytes(void)
{
	size_t lim = (size_t)1 << 30;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	struct rlimit rl;
	if (pages > 0 && psize > 0 && (size_t)pages / 4 < lim / (size_t)psize)
		lim = (size_t)pages / 4 * (size_t)psize;
	/* under a limit on the address space, half of it: the program itself needs the rest */
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 2 < lim)
		lim = (size_t)(rl.rlim_cur / 2);
	return lim;
}

/* Whether an array of OLDB bytes may become NEWB bytes; counts it if so. */
static bool
xp_afford(struct xp *p, size_t oldb, size_t newb)
{
	if (newb > oldb && (p->used > p->limit || newb > p->limit - p->used)) {
		p->over = true;
		return false;
	}
	p->used = p->used - oldb + newb;
	if (p->used > p->peak)
		p->peak = p->used;
	return true;
}

/* Bytes per stored state: the state, PARENT, VIA, HASH, ESTART, OUTCOME_OF and the counting's share. */
static size_t
xp_state_bytes(const struct xp *p)
{
	return p->words * sizeof(prog_value) + sizeof(uint32_t) + sizeof(int) + sizeof(uint64_t) +
	    sizeof(uint32_t) + sizeof(int) + XP_COUNT_BYTES;
}

/* Room for more states, as much as the bounds allow up to twice as many; false when none. */
static bool
xp_grow_states(struct xp *p)
{
	size_t per = xp_state_bytes(p), want = p->cap ? p->cap * 2 : 1024, fit;
	if (want > p->max)
		want = p->max;
	/* the old arrays stay counted while the new ones are asked for */
	fit = p->used < p->limit ? (p->limit - p->used) / per : 0;
	if (fit < 2)
		fit = 0;
	else
		fit -= 1;  /* ESTART's extra entry */
	if (want > fit)
		want = fit;
	if (want <= p->cap || !xp_afford(p, (p->cap + (p->cap ? 1 : 0)) * per, (want + 1) * per)) {
		p->over = true;
		return false;
	}
	p->arena = xreallocarray(p->arena, want, p->words * sizeof *p->arena);
	p->parent = xreallocarray(p->parent, want, sizeof *p->parent);
	p->via = xreallocarray(p->via, want, sizeof *p->via);
	p->hash = xreallocarray(p->hash, want, sizeof *p->hash);
	p->estart = xreallocarray(p->estart, want + 1, sizeof *p->estart);
	p->outcome_of = xreallocarray(p->outcome_of, want, sizeof *p->outcome_of);
	p->cap = want;
	return true;
}

/* Four lanes, so the multiplications do not wait on one another. */
static uint64_t
xp_hash(const prog_value *st, size_t words)
{
	uint64_t h[4] = { 0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull, 0x27d4eb2f165667c5ull };
	size_t i = 0;
	for (; i + 4 <= words; i += 4)
		for (int l = 0; l < 4; l++)
			h[l] = (h[l] ^ (uint64_t)st[i + (size_t)l]) * 0xbf58476d1ce4e5b9ull;
	for (; i < words; i++)
		h[0] = (h[0] ^ (uint64_t)st[i]) * 0xbf58476d1ce4e5b9ull;
	h[0] ^= (h[1] << 17 | h[1] >> 47) ^ (h[2] << 31 | h[2] >> 33) ^ (h[3] << 47 | h[3] >> 17);
	h[0] ^= h[0] >> 29;
	h[0] *= 0x94d049bb133111ebull;
	return h[0] ^ (h[0] >> 32);
}

static prog_value *
xp_state(struct xp *p, size_t i)
{
	return &p->arena[i * p->words];
}

/* A table twice the size; false when the memory bound does not allow it. */
static bool
xp_rehash(struct xp *p)
{
	size_t size = p->tsize ? p->tsize * 2 : 1024;
	if (!xp_afford(p, p->tsize * sizeof *p->table, (p->tsize + size) * sizeof *p->table))
		return false;
	free(p->table);
	p->used -= p->tsize * sizeof *p->table;
	p->table = xcalloc(size, sizeof *p->table);
	p->tsize = size;
	for (size_t i = 0; i < p->n; i++) {
		size_t k = p->hash[i] & (size - 1);
		while (p->table[k].idx1 != 0)
			k = (k + 1) & (size - 1);
		p->table[k] = (struct xp_slot){ (uint32_t)i + 1, (uint32_t)(p->hash[i] >> 32) };
	}
	return true;
}

/* The slot of state ST (hash H): its own, or the empty one it would take. */
static size_t
xp_slot(struct xp *p, const prog_value *st, uint64_t h)
{
	size_t k = h & (p->tsize - 1);
	uint32_t tag = (uint32_t)(h >> 32);
	while (p->table[k].idx1 != 0) {
		if (p->table[k].tag == tag &&
		    memcmp(xp_state(p, p->table[k].idx1 - 1), st, p->words * sizeof *st) == 0)
			return k;
		k = (k + 1) & (p->tsize - 1);
	}
	return k;
}

/* The index of state ST, found now (from PARENT by MOVE) if new; XP_NONE
 * when it is new and the bound allows no more. */
static uint32_t
xp_add(struct xp *p, const prog_value *st, uint32_t parent, int move, bool *isnew)
{
	uint64_t h = xp_hash(st, p->words);
	size_t k;
	*isnew = false;
	if ((p->tsize == 0 || (p->n + 1) * 2 > p->tsize) && !xp_rehash(p) && (p->tsize == 0 || p->n + 1 >= p->tsize))
		return XP_NONE;  /* a fuller table still works, but a full one does not */
	k = xp_slot(p, st, h);
	if (p->table[k].idx1 != 0)
		return p->table[k].idx1 - 1;
	if (p->n >= p->max || p->over)
		return XP_NONE;
	if (p->n == p->cap && !xp_grow_states(p))
		return XP_NONE;
	memcpy(xp_state(p, p->n), st, p->words * sizeof *st);
	p->parent[p->n] = parent;
	p->via[p->n] = move;
	p->hash[p->n] = h;
	p->table[k] = (struct xp_slot){ (uint32_t)p->n + 1, (uint32_t)(h >> 32) };
	*isnew = true;
	return (uint32_t)p->n++;
}

/* Whether ST is already known. */
static bool
xp_known(struct xp *p, const prog_value *st)
{
	return p->table[xp_slot(p, st, xp_hash(st, p->words))].idx1 != 0;
}

#define XP_EDGE_BYTES (sizeof(uint32_t) + sizeof(uint8_t))

static bool
xp_edge(struct xp *p, uint32_t to, int move, bool progress)
{
	if (p->nedges == p->ecap) {
		size_t cap = p->ecap ? p->ecap * 2 : 4096;
		if (!xp_afford(p, p->ecap * XP_EDGE_BYTES, (p->ecap + cap) * XP_EDGE_BYTES))
			return false;
		p->used -= p->ecap * XP_EDGE_BYTES;
		p->edges = xreallocarray(p->edges, cap, sizeof *p->edges);
		p->emove = xreallocarray(p->emove, cap, sizeof *p->emove);
		p->ecap = cap;
	}
	p->emove[p->nedges] = (uint8_t)((unsigned)move | (progress ? XP_PROGRESS : 0));
	p->edges[p->nedges++] = to;
	return true;
}

/* ---- outcomes ----------------------------------------------------------------- */

static bool
xp_same(const struct prog_variant *v, const struct explore_outcome *a, const struct explore_outcome *b)
{
	if (a->end != b->end || a->lost != b->lost || a->bad != b->bad || a->lesson != b->lesson || a->failed != b->failed || a->actor != b->actor || a->other != b->other ||
	    a->op != b->op || a->region != b->region)
		return false;
	if (memcmp(a->values, b->values, v->ndecls * sizeof *a->values) != 0)
		return false;
	return memcmp(a->met, b->met, v->nexpects * sizeof *a->met) == 0;
}

/* The first invariant (`always EXPR`) of V that state ST breaks, or -1. */
static int
xp_broken(const struct prog_variant *v, struct explore_step *x, const prog_value *st)
{
	for (size_t i = 0; i < v->nexpects; i++)
		if (v->expects[i].mode == PROG_ALWAYS && v->expects[i].kind == PROG_EXPECT_TRUE &&
		    explore_step_eval(x, st, v->expects[i].expr) == 0)
			return (int)i;
	return -1;
}

/* An explored end as the verdict's facts (FINALS: the outcome's values). */
void
explore_facts(const struct explore_outcome *o, struct verdict_facts *f)
{
	verdict_facts_init(f);
	switch (o->end) {
	case EXPLORE_FINISHED: f->end = VERDICT_FINISHED; break;
	case EXPLORE_DEADLOCK: f->end = VERDICT_DEADLOCK; break;
	case EXPLORE_STALLED: f->end = VERDICT_STALLED; break;
	case EXPLORE_ASSERT:
	case EXPLORE_NOTHELD: f->end = VERDICT_FAILED, f->failure = VERDICT_FAIL_ASSERT; break;
	case EXPLORE_CRITICAL: f->end = VERDICT_FAILED, f->failure = VERDICT_FAIL_CRITICAL; break;
	case EXPLORE_INVARIANT:
		f->end = VERDICT_FAILED, f->failure = VERDICT_FAIL_INVARIANT, f->invariant = o->region;
		break;
	}
	f->lost_updates = o->lost ? 1 : 0;
	f->finals = o->values;
}

/* How ST ended (INV: the invariant it breaks, or -1), judged by the
 * verdict against V's expectations (O's arrays allocated by the caller). */
static void
xp_judge(const struct prog_variant *v, struct explore_step *x, const prog_value *st, int inv,
    struct explore_outcome *o)
{
	struct verdict_facts f;
	struct verdict vd;

	explore_step_outcome(x, st, o);
	if (inv >= 0) {
		o->end = EXPLORE_INVARIANT;
		o->actor = o->other = o->op = -1;
		o->region = inv;
	}
	for (size_t d = 0; d < v->ndecls; d++)
		o->values[d] = explore_step_value(x, st, (int)d);
	explore_facts(o, &f);
	verdict_judge(&vd, v, &f);
	for (size_t i = 0; i < v->nexpects; i++)
		o->met[i] = vd.marks[i] == VERDICT_MET || vd.marks[i] == VERDICT_SHOWN ? 1 :
		    vd.marks[i] == VERDICT_UNKNOWN ? -1 : 0;  /* time is not explored */
	o->bad = vd.wrong || vd.unmet > 0;
	o->lesson = vd.lesson && vd.shown;
	verdict_free(&vd);
}

static uint64_t
xp_outcome_hash(const struct prog_variant *v, const struct explore_outcome *o)
{
	prog_value head[8] = { o->end, o->lost, (prog_value)o->failed, o->actor, o->other, o->op, o->region, 0 };
	uint64_t h = xp_hash(head, 8);
	if (v->ndecls > 0)
		h ^= xp_hash(o->values, v->ndecls) * 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < v->nexpects; i++)
		h = (h ^ (uint64_t)(o->met[i] + 2)) * 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 31);
}

/* The bytes outcome storage takes per outcome (the table's share included). */
static size_t
xp_outcome_bytes(const struct prog_variant *v)
{
	return sizeof(struct explore_outcome) + (v->ndecls + 1) * sizeof(prog_value) + (v->nexpects + 1) * sizeof(int) +
	    sizeof(uint32_t) + 2 * sizeof(uint32_t);
}

/* The outcome table twice the size (or first made); false when the bound does not allow it. */
static bool
xp_outcome_grow(struct xp *p)
{
	const struct prog_variant *v = p->v;
	struct explore_result *r = p->r;
	size_t cap = p->ocap ? p->ocap * 2 : 16, per = xp_outcome_bytes(v);
	if (!xp_afford(p, p->ocap * per, (p->ocap + cap) * per))
		return false;
	p->used -= p->ocap * per;
	r->outcomes = xreallocarray(r->outcomes, cap, sizeof *r->outcomes);
	p->first = xreallocarray(p->first, cap, sizeof *p->first);
	free(p->otable);
	p->osize = cap * 2;
	p->otable = xcalloc(p->osize, sizeof *p->otable);
	for (size_t k = 0; k < r->noutcomes; k++) {
		size_t j = xp_outcome_hash(v, &r->outcomes[k]) & (p->osize - 1);
		while (p->otable[j] != 0)
			j = (j + 1) & (p->osize - 1);
		p->otable[j] = (uint32_t)k + 1;
	}
	p->ocap = cap;
	return true;
}

/* The outcome of terminal state I: a known one, or a new one (each found in
 * constant time); -1 when a new one does not fit in the memory bound. */
static int
xp_outcome(struct xp *p, uint32_t i)
{
	const struct prog_variant *v = p->v;
	struct explore_result *r = p->r;
	struct explore_outcome *o = &p->scratch, *n;
	prog_value *values;
	int *met;
	size_t j;

	if (p->ocap == 0 && !xp_outcome_grow(p))
		return -1;
	if (o->values == NULL) {  /* counted with the outcomes' share */
		o->values = xcalloc(v->ndecls + 1, sizeof *o->values);
		o->met = xcalloc(v->nexpects + 1, sizeof *o->met);
	}
	values = o->values;
	met = o->met;
	memset(o, 0, sizeof *o);
	o->values = values;
	o->met = met;
	xp_judge(v, p->x, xp_state(p, i), xp_broken(v, p->x, xp_state(p, i)), o);
	j = xp_outcome_hash(v, o) & (p->osize - 1);
	for (; p->otable[j] != 0; j = (j + 1) & (p->osize - 1))
		if (xp_same(v, &r->outcomes[p->otable[j] - 1], o))
			return (int)p->otable[j] - 1;
	if (r->noutcomes == p->ocap) {
		if (!xp_outcome_grow(p))
			return -1;
		j = xp_outcome_hash(v, o) & (p->osize - 1);
		while (p->otable[j] != 0)
			j = (j + 1) & (p->osize - 1);
	}
	n = &r->outcomes[r->noutcomes];
	*n = *o;
	n->values = xcalloc(v->ndecls + 1, sizeof *n->values);
	n->met = xcalloc(v->nexpects + 1, sizeof *n->met);
	memcpy(n->values, o->values, v->ndecls * sizeof *n->values);
	memcpy(n->met, o->met, v->nexpects * sizeof *n->met);
	p->first[r->noutcomes] = i;
	p->otable[j] = (uint32_t)r->noutcomes + 1;
	return (int)r->noutcomes++;
}

/* ---- the search ------------------------------------------------------------------ */

/* With REDUCE: a move of CUR that touches only its worker's locals and leads
 * somewhere new; it alone is followed (every other order of it reaches the
 * same states).  -1 when there is none. */
static int
xp_private_move(struct xp *p, const prog_value *cur, const int *moves, size_t nm, prog_value *nx)
{
	for (size_t k = 0; k < nm; k++) {
		if (!explore_step_private(p->x, cur, moves[k]))
			continue;
		memcpy(nx, cur, p->words * sizeof *nx);
		explore_step_apply(p->x, nx, moves[k]);
		/* not if it ended its worker (joiners wake) or leads back to a known
		 * state (the others must not be put off for ever round a loop) */
		if (explore_step_alive(p->x, nx, EXPLORE_MOVE_ACTOR(moves[k])) && !xp_known(p, nx))
			return moves[k];
	}
	return -1;
}

/* Expands state I; false when the bound was reached. */
static bool
xp_expand(struct xp *p, uint32_t i, prog_value *cur, prog_value *nx, int *moves, bool reduce)
{
	size_t nm;
	int only;
	bool isnew;

	memcpy(cur, xp_state(p, i), p->words * sizeof *cur);
	p->estart[i] = (uint32_t)p->nedges;
	p->outcome_of[i] = -1;
	nm = explore_step_moves(p->x, cur, moves);
	if (nm == 0 || xp_broken(p->v, p->x, cur) >= 0)  /* a broken invariant stops the run there */
		return (p->outcome_of[i] = xp_outcome(p, i)) >= 0;
	if (reduce && (only = xp_private_move(p, cur, moves, nm, nx)) >= 0) {
		moves[0] = only;
		nm = 1;
	}
	for (size_t k = 0; k < nm; k++) {
		uint32_t to;
		memcpy(nx, cur, p->words * sizeof *nx);
		explore_step_apply(p->x, nx, moves[k]);
		to = xp_add(p, nx, i, moves[k], &isnew);
		if (to == XP_NONE || !xp_edge(p, to, moves[k], explore_step_progressed(p->x)))
			return false;
	}
	return true;
}

static void
xp_search(struct xp *p, bool reduce)
{
	size_t na = p->v->nactors;
	prog_value *cur = xcalloc(p->words + 1, sizeof *cur), *nx = xcalloc(p->words + 1, sizeof *nx);
	int *moves = xcalloc(2 * na + 2, sizeof *moves);
	bool isnew;

	explore_step_init(p->x, cur);
	if (xp_add(p, cur, XP_NONE, -1, &isnew) == XP_NONE)
		p->r->cut = true;
	for (uint32_t i = 0; i < p->n && !p->r->cut; i++) {
		if (!xp_expand(p, i, cur, nx, moves, reduce)) {
			p->r->cut = true;
			break;
		}
		p->expanded = i + 1;
	}
	if (p->estart != NULL)
		p->estart[p->expanded] = (uint32_t)p->nedges;  /* moves of a state cut short are not kept */
	free(cur);
	free(nx);
	free(moves);
}

/* ---- counting schedules and the shortest ones -------------------------------------- */

/* (Its arrays were counted with each state's share of the memory bound.) */
static void
xp_count(struct xp *p)
{
	struct explore_result *r = p->r;
	uint32_t *indeg = xcalloc(p->n + 1, sizeof *indeg), *queue = xcalloc(p->n + 1, sizeof *queue);
	double *count = xcalloc(p->n + 1, sizeof *count);
	bool *done = xcalloc(p->n + 1, sizeof *done);
	size_t head = 0, tail = 0;

	if (p->n == 0) {
		free(indeg), free(queue), free(count), free(done);
		return;
	}
	for (size_t e = 0; e < p->estart[p->expanded]; e++)
		indeg[p->edges[e]]++;
	count[0] = 1;
	if (indeg[0] == 0)  /* else the start itself is on a loop */
		queue[tail++] = 0;
	while (head < tail) {
		uint32_t s = queue[head++];
		done[s] = true;
		if (s >= p->expanded)
			continue;
		for (uint32_t e = p->estart[s]; e < p->estart[s + 1]; e++) {
			uint32_t t = p->edges[e];
			count[t] += count[s];
			if (--indeg[t] == 0)
				queue[tail++] = t;
		}
	}
	r->loops = tail < p->n;
	r->schedules = 0;
	for (size_t s = 0; s < p->expanded; s++) {
		int k = p->outcome_of[s];
		double c = done[s] ? count[s] : INFINITY;
		if (k < 0)
			continue;
		r->outcomes[k].schedules += c;
		r->schedules += c;
	}
	free(indeg);
	free(queue);
	free(count);
	free(done);
}

/* The schedule from the start to state S (not reached when the memory bound does not allow it). */
static void
xp_path(struct xp *p, uint32_t s, struct explore_path *out)
{
	size_t n = 0;
	for (uint32_t t = s; p->parent[t] != XP_NONE; t = p->parent[t])
		n++;
	if (!xp_afford(p, 0, (n + 1) * sizeof *out->steps))
		return;
	out->reached = true;
	out->steps = xcalloc(n + 1, sizeof *out->steps);
	/* from the end back to the start; a timeout is not a grant */
	for (uint32_t t = s; p->parent[t] != XP_NONE; t = p->parent[t]) {
		int m = p->via[t];
		if (EXPLORE_MOVE_TIMEOUT(m)) {
			/* a wait for 0ms gives up at once on real threads too: a replay does that */
			if (explore_step_limit_ns(p->x, xp_state(p, p->parent[t]), EXPLORE_MOVE_ACTOR(m)) > 0)
				out->timeouts++;
		} else
			out->steps[n - 1 - out->nsteps++] = EXPLORE_MOVE_ACTOR(m);
	}
	memmove(out->steps, out->steps + (n - out->nsteps), out->nsteps * sizeof *out->steps);
}

/* ---- cycles that make no progress ---------------------------------------------------- */

/* A loop for ever is a cycle of moves in which no worker ends or enters a
 * critical region.  It is blamed on the program only when it is fair (weak
 * fairness): every worker either moves somewhere on it or cannot move
 * somewhere on it, so a scheduler that merely starves a ready worker is not
 * such a loop.  The strongly connected components of the moves that make no
 * progress are found (Tarjan's, with an explicit stack); a component holds a
 * fair cycle iff every worker moves inside it or is disabled in one of its
 * states, and that cycle is built by walking the component through a move
 * of each worker that moves in it and a state where each other one cannot. */

struct xp_scc {
	uint32_t *idx, *low, *comp, *stack, *call;  /* CALL: pairs (state, next move) */
	uint8_t *on;
	uint32_t stamp;           /* the walks' visit stamp */
};

/* Whether state S has a move back to itself that makes no progress. */
static bool
xp_self_loop(const struct xp *p, uint32_t s)
{
	for (uint32_t e = p->estart[s]; e < p->estart[s + 1]; e++)
		if (p->edges[e] == s && !(p->emove[e] & XP_PROGRESS))
			return true;
	return false;
}

/* Whether move E of state S stays inside component C without progress. */
static bool
xp_inside(const struct xp *p, const struct xp_scc *t, uint32_t e, uint32_t c)
{
	uint32_t to = p->edges[e];
	return !(p->emove[e] & XP_PROGRESS) && to < p->expanded && t->comp[to] == c;
}

/* The workers that can move in state S, a bit each. */
static uint64_t
xp_enabled(struct xp *p, uint32_t s, int *moves)
{
	uint64_t en = 0;
	size_t nm = explore_step_moves(p->x, xp_state(p, s), moves);
	for (size_t k = 0; k < nm; k++)
		en |= 1ull << EXPLORE_MOVE_ACTOR(moves[k]);
	return en;
}

/* Judges component C (its states MEMBERS[0..N)): whether it holds a fair cycle. */
static bool
xp_fair(struct xp *p, const struct xp_scc *t, const uint32_t *members, size_t n, uint32_t c, int *moves,
    uint64_t *moved)
{
	uint64_t all = p->v->nactors >= 64 ? ~0ull : (1ull << p->v->nactors) - 1, off = 0;
	*moved = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = members[i];
		for (uint32_t e = p->estart[s]; e < p->estart[s + 1]; e++)
			if (xp_inside(p, t, e, c))
				*moved |= 1ull << EXPLORE_MOVE_ACTOR((int)(p->emove[e] & 0x7f));
		off |= all & ~xp_enabled(p, s, moves);
	}
	return *moved != 0 && ((*moved | off) & all) == all;
}

/* Appends actor A to the loop being built. */
static bool
xp_loop_push(struct xp *p, struct explore_path *loop, size_t *cap, int a)
{
	if (loop->nsteps == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		if (!xp_afford(p, *cap * sizeof *loop->steps, (*cap + nc) * sizeof *loop->steps))
			return false;
		p->used -= *cap * sizeof *loop->steps;
		loop->steps = xreallocarray(loop->steps, nc, sizeof *loop->steps);
		*cap = nc;
	}
	loop->steps[loop->nsteps++] = a;
	return true;
}

/* Breadth first inside component C from *CUR to the nearest state where
 * worker A has a move inside C (KIND 0: that move is then taken), where A
 * cannot move (KIND 1), or that is GOAL (KIND 2, GOAL not *CUR); the grants
 * on the way appended to LOOP, *CUR moved there; false when there is none or
 * the memory bound does not allow it.  The component's scratch arrays serve. */
static bool
xp_walk(struct xp *p, struct xp_scc *t, uint32_t c, uint32_t *cur, int kind, int a, uint32_t goal,
    struct explore_path *loop, size_t *cap, int *moves)
{
	uint32_t *seen = t->idx, *via = t->low, *from = t->call, *queue = t->stack;
	uint32_t head = 0, tail = 0, found = XP_NONE, take = XP_NONE, mark = ++t->stamp;
	size_t first = loop->nsteps;

	seen[*cur] = mark;
	queue[tail++] = *cur;
	while (head < tail && found == XP_NONE) {
		uint32_t s = queue[head++];
		if ((kind == 2 && s == goal) || (kind == 1 && !(xp_enabled(p, s, moves) >> a & 1))) {
			found = s;
			break;
		}
		for (uint32_t e = p->estart[s]; e < p->estart[s + 1]; e++) {
			uint32_t to = p->edges[e];
			if (!xp_inside(p, t, e, c))
				continue;
			if (kind == 0 && EXPLORE_MOVE_ACTOR((int)(p->emove[e] & 0x7f)) == a) {
				found = s, take = e;
				break;
			}
			if (seen[to] != mark) {
				seen[to] = mark;
				via[to] = e;
				from[to] = s;
				queue[tail++] = to;
			}
		}
	}
	if (found == XP_NONE)
		return false;
	/* the grants from *CUR to FOUND, gathered back to front, then turned round */
	for (uint32_t s = found; s != *cur; s = from[s]) {
		int m = (int)(p->emove[via[s]] & 0x7f);
		if (EXPLORE_MOVE_TIMEOUT(m))
			loop->timeouts += explore_step_limit_ns(p->x, xp_state(p, from[s]), EXPLORE_MOVE_ACTOR(m)) > 0;
		else if (!xp_loop_push(p, loop, cap, EXPLORE_MOVE_ACTOR(m)))
			return false;
	}
	for (size_t i = first, j = loop->nsteps; i + 1 < j; i++, j--) {
		int tmp = loop->steps[i];
		loop->steps[i] = loop->steps[j - 1];
		loop->steps[j - 1] = tmp;
	}
	if (take != XP_NONE) {
		int m = (int)(p->emove[take] & 0x7f);
		if (EXPLORE_MOVE_TIMEOUT(m))
			loop->timeouts += explore_step_limit_ns(p->x, xp_state(p, found), EXPLORE_MOVE_ACTOR(m)) > 0;
		else if (!xp_loop_push(p, loop, cap, EXPLORE_MOVE_ACTOR(m)))
			return false;
		found = p->edges[take];
	}
	*cur = found;
	return true;
}

/* The fair loop through component C from its state S0 into R's spin loop. */
static void
xp_spin_loop(struct xp *p, struct xp_scc *t, uint32_t c, uint32_t s0, uint64_t moved, int *moves)
{
	struct explore_result *r = p->r;
	uint64_t off = 0;
	uint32_t cur = s0;
	size_t cap = 0;
	bool ok = true;

	/* who must be seen unable to move: those that never move inside C */
	for (size_t a = 0; a < p->v->nactors && a < 64; a++)
		if (!(moved >> a & 1))
			off |= 1ull << a;
	for (size_t a = 0; a < p->v->nactors && a < 64 && ok; a++) {
		if (moved >> a & 1)
			ok = xp_walk(p, t, c, &cur, 0, (int)a, 0, &r->spin_loop, &cap, moves);
		else if ((off >> a & 1) && (xp_enabled(p, cur, moves) >> a & 1))
			ok = xp_walk(p, t, c, &cur, 1, (int)a, 0, &r->spin_loop, &cap, moves);
	}
	if (ok && cur != s0)
		ok = xp_walk(p, t, c, &cur, 2, -1, s0, &r->spin_loop, &cap, moves);
	if (!ok || r->spin_loop.nsteps == 0) {
		p->used -= cap * sizeof *r->spin_loop.steps;
		free(r->spin_loop.steps);
		memset(&r->spin_loop, 0, sizeof r->spin_loop);
		return;
	}
	r->spin_loop.reached = true;
	r->spins = true;
	xp_path(p, s0, &r->spin_prefix);
}

/* Finds a fair cycle that makes no progress, if the states seen hold one:
 * R's spins, with the schedule into it and its loop. */
static void
xp_spin(struct xp *p)
{
	struct xp_scc t = { 0 };
	size_t n = p->expanded, sp = 0, cp = 0, per = 5 * sizeof(uint32_t) + 2 * sizeof(uint32_t) + 1;
	uint32_t counter = 0, ncomp = 0, best = XP_NONE, bestc = 0;
	uint64_t bestmoved = 0;
	int *moves;

	if (n == 0 || !xp_afford(p, 0, n * per)) {
		p->r->spin_unknown = n > 0;
		return;
	}
	t.idx = xcalloc(n, sizeof *t.idx);
	t.low = xcalloc(n, sizeof *t.low);
	t.comp = xcalloc(n, sizeof *t.comp);
	t.stack = xcalloc(n, sizeof *t.stack);
	t.call = xcalloc(2 * n, sizeof *t.call);
	t.on = xcalloc(n, sizeof *t.on);
	moves = xcalloc(2 * p->v->nactors + 2, sizeof *moves);
	for (uint32_t root = 0; root < n; root++) {
		if (t.idx[root] != 0)
			continue;
		t.idx[root] = t.low[root] = ++counter;
		t.stack[sp++] = root;
		t.on[root] = 1;
		t.call[cp++] = root;
		t.call[cp++] = p->estart[root];
		while (cp > 0) {
			uint32_t v = t.call[cp - 2], e = t.call[cp - 1];
			bool pushed = false;
			for (; e < p->estart[v + 1]; e++) {
				uint32_t w = p->edges[e];
				if ((p->emove[e] & XP_PROGRESS) || w >= n)
					continue;
				if (t.idx[w] == 0) {
					t.call[cp - 1] = e + 1;
					t.idx[w] = t.low[w] = ++counter;
					t.stack[sp++] = w;
					t.on[w] = 1;
					t.call[cp++] = w;
					t.call[cp++] = p->estart[w];
					pushed = true;
					break;
				}
				if (t.on[w] && t.idx[w] < t.low[v])
					t.low[v] = t.idx[w];
			}
			if (pushed)
				continue;
			cp -= 2;
			if (t.low[v] == t.idx[v]) {
				/* V roots a component: the stack above it */
				size_t base = sp, size;
				uint32_t c = ++ncomp, first = XP_NONE;
				uint64_t moved;
				do {
					base--;
					t.on[t.stack[base]] = 0;
					t.comp[t.stack[base]] = c;
					if (t.stack[base] < first)
						first = t.stack[base];
				} while (t.stack[base] != v);
				size = sp - base;
				if ((size > 1 || xp_self_loop(p, v)) && first < best &&
				    xp_fair(p, &t, &t.stack[base], size, c, moves, &moved)) {
					best = first;
					bestc = c;
					bestmoved = moved;
				}
				sp = base;
			}
			if (cp > 0) {
				uint32_t u = t.call[cp - 2];
				if (t.low[v] < t.low[u])
					t.low[u] = t.low[v];
			}
		}
	}
	if (best != XP_NONE) {
		/* the scratch for the walks: stamps start afresh */
		memset(t.idx, 0, n * sizeof *t.idx);
		xp_spin_loop(p, &t, bestc, best, bestmoved, moves);
	}
	free(t.idx);
	free(t.low);
	free(t.comp);
	free(t.stack);
	free(t.call);
	free(t.on);
	free(moves);
	p->used -= n * per;
}

static void
xp_paths(struct xp *p)
{
	struct explore_result *r = p->r;
	/* what the search alone needed makes room for the schedules */
	p->used -= p->ecap * XP_EDGE_BYTES;
	free(p->edges);
	free(p->emove);
	p->edges = NULL, p->emove = NULL;
	p->ecap = 0;
	for (size_t k = 0; k < r->noutcomes; k++)
		xp_path(p, p->first[k], &r->outcomes[k].path);
	/* states are stored nearest the start first: the first with a lost update is nearest */
	for (uint32_t s = 0; s < p->n; s++)
		if (explore_step_lost(p->x, xp_state(p, s))) {
			xp_path(p, s, &r->lost);
			break;
		}
}

/* What only the search needed (the table that finds states, their hashes,
 * the outcomes' table) is let go, making room for what comes after. */
static void
xp_after_search(struct xp *p)
{
	p->used -= p->tsize * sizeof *p->table + p->cap * sizeof *p->hash + (p->ocap ? p->ocap * 2 * sizeof *p->otable : 0);
	free(p->table);
	free(p->hash);
	free(p->otable);
	p->table = NULL, p->hash = NULL, p->otable = NULL;
	p->tsize = 0;
}

static void
xp_free(struct xp *p)
{
	free(p->arena);
	free(p->parent);
	free(p->via);
	free(p->table);
	free(p->hash);
	free(p->estart);
	free(p->edges);
	free(p->emove);
	free(p->outcome_of);
	free(p->first);
	free(p->otable);
	free(p->scratch.values);
	free(p->scratch.met);
	memset(p, 0, sizeof *p);
}

/* One search; false when cut short. */
static bool
explore_once(const struct prog_variant *v, struct explore_step *x, size_t max, size_t limit, bool reduce,
    struct explore_result *r)
{
	struct xp p = { 0 };
	memset(r, 0, sizeof *r);
	p.v = v;
	p.x = x;
	p.words = explore_step_words(x);
	p.max = max;
	p.limit = limit;
	p.r = r;
	xp_search(&p, reduce);
	xp_after_search(&p);
	xp_count(&p);
	r->moves = p.nedges;
	xp_spin(&p);
	xp_paths(&p);
	r->states = p.n;
	r->reduced = reduce;
	r->memory_cut = p.over;
	r->bytes = p.peak;
	xp_free(&p);
	return !r->cut;
}

static bool
explore_timed(const struct prog_variant *v)
{
	for (size_t a = 0; a < v->nactors; a++)
		for (size_t i = 0; i < v->actors[a].nops; i++) {
			const struct prog_op *op = &v->actors[a].ops[i];
			if ((op->flags & PROG_OPF_BOUNDED) || (op->code == PROG_OP_TRYLOCK && op->dur_ns > 0))
				return true;
		}
	return false;
}

int
explore_run(const struct prog_variant *v, const struct explore_opts *o, struct explore_result *r)
{
	const char *why;
	struct explore_step *x = explore_step_new(v, &why);
	size_t max = o->max_states ? o->max_states : EXPLORE_DEFAULT_STATES;
	size_t limit = o->max_bytes ? o->max_bytes : explore_default_bytes();

	memset(r, 0, sizeof *r);
	if (x == NULL)
		return -1;
	if (max > UINT32_MAX - 2)
		max = UINT32_MAX - 2;
	/* exact first (true counts, shortest schedules); private steps first
	 * only when that is what it takes to see every interleaving */
	if (!explore_once(v, x, max, limit, o->reduce, r) && !o->reduce) {
		explore_result_free(r);
		explore_once(v, x, max, limit, true, r);
	}
	r->timed = explore_timed(v);
	explore_step_free(x);
	return 0;
}

/* ---- a challenge's goal ------------------------------------------------------------ */

/* Whether state ST reaches goal C (NOMOVES: nobody can move in ST). */
static bool
xp_goal_at(struct explore_step *x, const prog_value *st, const struct prog_challenge *c, bool nomoves)
{
	struct explore_outcome o;
	bool ended = nomoves || explore_step_stopped(x, st);
	switch (c->goal) {
	case PROG_GOAL_TRUE:
		return explore_step_eval(x, st, c->expr) != 0;
	case PROG_GOAL_LOST:
		return explore_step_lost(x, st);
	default:
		break;
	}
	if (!ended)
		return false;
	memset(&o, 0, sizeof o);
	explore_step_outcome(x, st, &o);
	switch (c->goal) {
	case PROG_GOAL_FINAL: return o.end == EXPLORE_FINISHED && explore_step_eval(x, st, c->expr) != 0;
	case PROG_GOAL_DEADLOCK: return o.end == EXPLORE_DEADLOCK;
	case PROG_GOAL_ASSERT: return o.end == EXPLORE_ASSERT;
	case PROG_GOAL_CRITICAL: return o.end == EXPLORE_CRITICAL;
	default: return false;
	}
}

/* Breadth first from START to the nearest state that reaches C: 0 and its
 * index in *FOUND; 1 when the bound stopped the search; 2 when no state does. */
static int
xp_goal_search(struct xp *p, const prog_value *start, const struct prog_challenge *c, uint32_t *found)
{
	prog_value *cur = xcalloc(p->words + 1, sizeof *cur), *nx = xcalloc(p->words + 1, sizeof *nx);
	int *moves = xcalloc(2 * p->v->nactors + 2, sizeof *moves), rc = 2;
	bool isnew;

	xp_add(p, start, XP_NONE, -1, &isnew);
	for (uint32_t i = 0; i < p->n && rc == 2; i++) {
		size_t nm;
		memcpy(cur, xp_state(p, i), p->words * sizeof *cur);
		nm = explore_step_moves(p->x, cur, moves);
		if (xp_goal_at(p->x, cur, c, nm == 0)) {
			*found = i;
			rc = 0;
		}
		for (size_t k = 0; k < nm && rc == 2; k++) {
			memcpy(nx, cur, p->words * sizeof *nx);
			explore_step_apply(p->x, nx, moves[k]);
			if (xp_add(p, nx, i, moves[k], &isnew) == XP_NONE)
				rc = 1;
		}
	}
	free(cur);
	free(nx);
	free(moves);
	return rc;
}

/* The shortest way from START (after the steps taken) to V's goal, into PATH. */
static int
explore_goal_from(const struct prog_variant *v, struct explore_step *x, const prog_value *start, size_t max,
    struct explore_path *path)
{
	struct xp p = { 0 };
	uint32_t found;
	int rc;
	p.v = v;
	p.x = x;
	p.words = explore_step_words(x);
	p.max = max ? max : EXPLORE_DEFAULT_STATES;
	p.limit = explore_default_bytes();
	rc = xp_goal_search(&p, start, v->challenge, &found);
	if (rc == 0)
		xp_path(&p, found, path);
	xp_free(&p);
	return rc;
}

int
explore_goal(const struct prog_variant *v, size_t max_states, struct explore_path *path)
{
	const char *why;
	struct explore_step *x;
	prog_value *st;
	int rc;

	memset(path, 0, sizeof *path);
	if (v->challenge == NULL || (x = explore_step_new(v, &why)) == NULL)
		return -1;
	st = xcalloc(explore_step_words(x) + 1, sizeof *st);
	explore_step_init(x, st);
	rc = explore_goal_from(v, x, st, max_states, path);
	free(st);
	explore_step_free(x);
	return rc;
}

int
explore_hint(const struct prog_variant *v, const int *taken, size_t n, size_t *left)
{
	const char *why;
	struct explore_step *x;
	struct explore_path path = { 0 };
	prog_value *st;
	int *moves, next = -1;

	*left = 0;
	if (v->challenge == NULL || (x = explore_step_new(v, &why)) == NULL)
		return -1;
	st = xcalloc(explore_step_words(x) + 1, sizeof *st);
	moves = xcalloc(2 * v->nactors + 2, sizeof *moves);
	explore_step_init(x, st);
	for (size_t i = 0; i < n; i++) {  /* the steps taken; one that could not move is skipped, as the engine does */
		size_t nm = explore_step_moves(x, st, moves);
		for (size_t k = 0; k < nm; k++)
			if (moves[k] == EXPLORE_MOVE(taken[i], false)) {
				explore_step_apply(x, st, moves[k]);
				break;
			}
	}
	if (explore_goal_from(v, x, st, 0, &path) == 0 && path.nsteps > 0) {
		next = path.steps[0];
		*left = path.nsteps;
	}
	free(path.steps);
	free(moves);
	free(st);
	explore_step_free(x);
	return next;
}

/* The engine's policy (eng-policy.c) in SCHED's place: entry K if that
 * worker can move, else the next entry; after the list, round robin. */
static int
explore_pick(const int *moves, size_t nm, const int *sched, size_t n, size_t *pos, int *last, int na)
{
	while (*pos < n) {
		int want = sched[(*pos)++];
		for (size_t k = 0; k < nm; k++)
			if (!EXPLORE_MOVE_TIMEOUT(moves[k]) && EXPLORE_MOVE_ACTOR(moves[k]) == want)
				return *last = want, moves[k];
	}
	for (int i = 1; i <= na; i++) {
		int a = (*last + i + na) % na;
		for (size_t k = 0; k < nm; k++)
			if (!EXPLORE_MOVE_TIMEOUT(moves[k]) && EXPLORE_MOVE_ACTOR(moves[k]) == a)
				return *last = a, moves[k];
	}
	return nm > 0 ? moves[0] : -1;  /* only waits that can time out: the first one does */
}

int
explore_follow(const struct prog_variant *v, const int *sched, size_t n, size_t max_steps,
    struct explore_outcome *o)
{
	const char *why;
	struct explore_step *x = explore_step_new(v, &why);
	prog_value *st;
	int *moves, last = -1, rc = -1;
	size_t pos = 0;

	memset(o, 0, sizeof *o);
	if (x == NULL)
		return -1;
	st = xcalloc(explore_step_words(x) + 1, sizeof *st);
	moves = xcalloc(2 * v->nactors + 2, sizeof *moves);
	explore_step_init(x, st);
	for (size_t steps = 0; steps <= max_steps; steps++) {
		size_t nm = explore_step_moves(x, st, moves);
		int inv = xp_broken(v, x, st);
		if (nm == 0 || inv >= 0) {
			o->values = xcalloc(v->ndecls + 1, sizeof *o->values);
			o->met = xcalloc(v->nexpects + 1, sizeof *o->met);
			xp_judge(v, x, st, inv, o);
			rc = 0;
			break;
		}
		explore_step_apply(x, st, explore_pick(moves, nm, sched, n, &pos, &last, (int)v->nactors));
	}
	free(moves);
	free(st);
	explore_step_free(x);
	return rc;
}

void
explore_outcome_free(struct explore_outcome *o)
{
	free(o->values);
	free(o->met);
	free(o->path.steps);
	memset(o, 0, sizeof *o);
}

void
explore_result_free(struct explore_result *r)
{
	for (size_t k = 0; k < r->noutcomes; k++)
		explore_outcome_free(&r->outcomes[k]);
	free(r->lost.steps);
	free(r->spin_prefix.steps);
	free(r->spin_loop.steps);
	free(r->outcomes);
	memset(r, 0, sizeof *r);
}
