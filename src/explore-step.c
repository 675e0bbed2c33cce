/* explore-step.c: one step of a variant on a flat state, as step mode takes it.
 *
 * What a step does mirrors the engine (eng-op.c over eng-sync.c) in step
 * mode: a grant runs one op; a wait that cannot be satisfied blocks, and the
 * waiter, once woken, retries the same op on a grant of its own; bookkeeping
 * ops and the end run without a grant; a failed assert, two workers in one
 * critical region, an unlock of what one does not hold and a cycle of waits
 * closing stop the run; a worker that relocks its own mutex is stuck and
 * the others go on.  Expressions go through prog_eval, as in the engine.
 * Time is not modelled: a bounded wait may time out whenever it waits.
 */
#include "config.h"

#include "explore-step.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "prog-eval.h"
#include "xalloc.h"

#define XS_MAX_ACTORS 64     /* who holds a rwlock for reading is one word of bits */
#define XS_QUEUE_ROOM 64     /* an unbounded queue is explored up to this many items */

enum { PH_IDLE, PH_READY, PH_BLOCKED, PH_DONE, PH_STUCK };
enum { A_PHASE, A_PC, A_FLAGS, A_PEND, A_LOCALS };  /* a worker's words; then locals, then taints */
#define F_WAITED 1           /* woken from a wait: the retry of the same op has waited */
#define F_TARGET_SHIFT 8     /* a blocked join: its target + 1, above the flags */
enum { G_END, G_ACTOR, G_OTHER, G_OP, G_REGION, G_LOST, G_FAILED, G_WORDS };
/* A worker with a transaction in its program has, after its taints: whether
 * it is in one, then per declaration whether it wrote it there and what. */

struct explore_step {
	const struct prog_variant *v;
	int na, nd;
	size_t words;
	size_t *a_off;           /* per worker: its words */
	size_t *tx_off;          /* per worker: its transaction's words, or 0: it has none */
	int *space;              /* per worker: whose copy of the vars it sees (a process has its own) */
	int nspace;
	size_t *d_off;           /* per declaration: its words */
	int *room;               /* per declaration: a queue's capacity */
	size_t r_off, g_off;     /* critical regions (inside, who); how the run ended */
	uint64_t *pushers, *poppers, *releasers;  /* per declaration: whose programs do it */
	bool *quiet_books;       /* per worker: its bookkeeping reads nothing shared */
	bool *progressed;        /* the last move ended its worker or entered a critical region */
};

/* ---- layout ----------------------------------------------------------------- */

static size_t
xs_decl_words(const struct explore_step *x, const struct prog_decl *d, int room)
{
	size_t na = (size_t)x->na;
	switch (d->kind) {
	case PROG_VAR: return 2 * (size_t)x->nspace;   /* per space: value, last writer */
	case PROG_SHM: return 2;
	case PROG_MUTEX: return 1 + na;                 /* owner, waiters */
	case PROG_SEMAPHORE: return 1 + 2 * na;         /* count, held per worker, waiters */
	case PROG_RWLOCK: return 3 + na;                /* writer, writers wanting, readers, waiters */
	case PROG_QUEUE: return 1 + (size_t)room + na;  /* length, items, waiters */
	}
	return 0;
}

/* Why an op cannot be explored, or NULL. */
static const char *
xs_op_unsupported(const struct prog_op *op)
{
	switch (op->code) {
	case PROG_OP_CALL:
	case PROG_OP_REPLY:
		return _("call and reply are not explored yet");
	default:
		return NULL;
	}
}

static const char *
xs_unsupported(const struct prog_variant *v)
{
	if (v->nactors > XS_MAX_ACTORS)
		return _("explore handles up to 64 workers");
	for (size_t f = 0; f < v->nfamilies; f++)
		if (v->families[f].every_ns > 0)
			return _("arrivals over time (every) are not explored: explore ignores time");
	for (size_t a = 0; a < v->nactors; a++) {
		const struct prog_actor *pa = &v->actors[a];
		if (pa->kind == PROG_LOOP || pa->kind == PROG_TASK)
			return _("event loops and their tasks are not explored yet");
		for (size_t i = 0; i < pa->nops; i++)
			if (xs_op_unsupported(&pa->ops[i]))
				return xs_op_unsupported(&pa->ops[i]);
	}
	return NULL;
}

static void
xs_spaces(struct explore_step *x)
{
	const struct prog_variant *v = x->v;
	x->space = xcalloc((size_t)x->na + 1, sizeof *x->space);
	x->nspace = 1;
	for (int a = 0; a < x->na; a++)
		if (v->actors[a].kind == PROG_PROCESS)
			x->space[a] = x->nspace++;
	for (int a = 0; a < x->na; a++) {
		int p = v->actors[a].parent;
		if (v->actors[a].kind != PROG_PROCESS && p >= 0 && p < x->na && v->actors[p].kind == PROG_PROCESS)
			x->space[a] = x->space[p];
	}
}

/* Who may push, pop or release what: the engine names one of them as the
 * one a stuck waiter waits for, and so must we. */
static void
xs_doers(struct explore_step *x)
{
	const struct prog_variant *v = x->v;
	x->pushers = xcalloc((size_t)x->nd + 1, sizeof *x->pushers);
	x->poppers = xcalloc((size_t)x->nd + 1, sizeof *x->poppers);
	x->releasers = xcalloc((size_t)x->nd + 1, sizeof *x->releasers);
	for (int a = 0; a < x->na; a++) {
		const struct prog_actor *pa = &v->actors[a];
		for (size_t i = 0; i < pa->nops; i++) {
			const struct prog_op *op = &pa->ops[i];
			if (op->res < 0 || op->res >= x->nd)
				continue;
			if (op->code == PROG_OP_PUSH)
				x->pushers[op->res] |= 1ull << a;
			else if (op->code == PROG_OP_POP)
				x->poppers[op->res] |= 1ull << a;
			else if (op->code == PROG_OP_RELEASE)
				x->releasers[op->res] |= 1ull << a;
		}
	}
}

/* Whether expression EX reads nothing shared. */
static bool
xs_expr_private(const struct prog_variant *v, int ex)
{
	const struct prog_expr *e;
	if (ex < 0 || (size_t)ex >= v->nexprs)
		return true;
	e = &v->exprs[ex];
	switch (e->kind) {
	case PROG_EX_SHARED:
	case PROG_EX_QLEN:
		return false;
	case PROG_EX_UNARY:
		return xs_expr_private(v, e->lhs);
	case PROG_EX_BINARY:
		return xs_expr_private(v, e->lhs) && xs_expr_private(v, e->rhs);
	default:
		return true;
	}
}

struct explore_step *
explore_step_new(const struct prog_variant *v, const char **why)
{
	struct explore_step *x;
	size_t w = 0;

	if ((*why = xs_unsupported(v)) != NULL)
		return NULL;
	x = xcalloc(1, sizeof *x);
	x->v = v;
	x->progressed = xcalloc(1, sizeof *x->progressed);
	x->na = (int)v->nactors;
	x->nd = (int)v->ndecls;
	xs_spaces(x);
	xs_doers(x);
	x->quiet_books = xcalloc((size_t)x->na + 1, sizeof *x->quiet_books);
	for (int a = 0; a < x->na; a++) {
		const struct prog_actor *pa = &v->actors[a];
		x->quiet_books[a] = true;
		for (size_t i = 0; i < pa->nops; i++)
			if (!prog_op_is_step(&pa->ops[i]) && !xs_expr_private(v, pa->ops[i].expr))
				x->quiet_books[a] = false;
	}
	x->a_off = xcalloc((size_t)x->na + 1, sizeof *x->a_off);
	x->tx_off = xcalloc((size_t)x->na + 1, sizeof *x->tx_off);
	for (int a = 0; a < x->na; a++) {
		x->a_off[a] = w;
		w += A_LOCALS + 2 * v->actors[a].nlocals;
		for (size_t i = 0; i < v->actors[a].nops; i++)
			if (v->actors[a].ops[i].code == PROG_OP_TX_BEGIN && x->tx_off[a] == 0) {
				x->tx_off[a] = w;
				w += 1 + 2 * v->ndecls;
			}
	}
	x->d_off = xcalloc((size_t)x->nd + 1, sizeof *x->d_off);
	x->room = xcalloc((size_t)x->nd + 1, sizeof *x->room);
	for (int d = 0; d < x->nd; d++) {
		const struct prog_decl *pd = &v->decls[d];
		x->room[d] = pd->capacity > 0 && pd->capacity < XS_QUEUE_ROOM ? pd->capacity : XS_QUEUE_ROOM;
		x->d_off[d] = w;
		w += xs_decl_words(x, pd, x->room[d]);
	}
	x->r_off = w;
	w += 2 * v->nregions;
	x->g_off = w;
	w += G_WORDS;
	x->words = w;
	return x;
}

void
explore_step_free(struct explore_step *x)
{
	if (x == NULL)
		return;
	free(x->a_off);
	free(x->progressed);
	free(x->tx_off);
	free(x->space);
	free(x->d_off);
	free(x->room);
	free(x->pushers);
	free(x->poppers);
	free(x->releasers);
	free(x->quiet_books);
	free(x);
}

size_t
explore_step_words(const struct explore_step *x)
{
	return x->words;
}

/* ---- words of a state ----------------------------------------------------- */

#define ACT(st, a, k)     ((st)[x->a_off[a] + (k)])
#define LOCALS(st, a)     (&(st)[x->a_off[a] + A_LOCALS])
#define TAINTS(st, a)     (&(st)[x->a_off[a] + A_LOCALS + x->v->actors[a].nlocals])
#define G(st, k)          ((st)[x->g_off + (k)])

static void xs_advance(const struct explore_step *x, prog_value *st, int a);

static const struct prog_op *
xs_op(const struct explore_step *x, const prog_value *st, int a)
{
	const struct prog_actor *pa = &x->v->actors[a];
	prog_value pc = ACT(st, a, A_PC);
	return pc >= 0 && (size_t)pc < pa->nops ? &pa->ops[pc] : NULL;
}

/* Where declaration D's value (and, next to it, its last writer) is for worker A. */
static prog_value *
xs_val(const struct explore_step *x, prog_value *st, int a, int d)
{
	size_t off = x->d_off[d];
	if (x->v->decls[d].kind == PROG_VAR && a >= 0)
		off += 2 * (size_t)x->space[a];
	return &st[off];
}

/* Worker A's write of D inside its transaction ([0]: written, [1]: the value), or NULL. */
static prog_value *
xs_tx_slot(const struct explore_step *x, prog_value *st, int a, int d)
{
	if (a < 0 || x->tx_off[a] == 0 || st[x->tx_off[a]] == 0)
		return NULL;
	return &st[x->tx_off[a] + 1 + 2 * (size_t)d];
}

/* D's value as worker A reads it: inside a transaction, its own writes first. */
static prog_value
xs_read(const struct explore_step *x, prog_value *st, int a, int d)
{
	prog_value *t = xs_tx_slot(x, st, a, d);
	return t != NULL && t[0] ? t[1] : *xs_val(x, st, a, d);
}

/* The waiters of declaration D, oldest first, -1 after the last. */
static prog_value *
xs_waitq(const struct explore_step *x, prog_value *st, int d)
{
	size_t off = x->d_off[d], na = (size_t)x->na;
	switch (x->v->decls[d].kind) {
	case PROG_MUTEX: return &st[off + 1];
	case PROG_SEMAPHORE: return &st[off + 1 + na];
	case PROG_RWLOCK: return &st[off + 3];
	case PROG_QUEUE: return &st[off + 1 + (size_t)x->room[d]];
	default: return NULL;
	}
}

static void
xs_waitq_push(const struct explore_step *x, prog_value *st, int d, int a)
{
	prog_value *q = xs_waitq(x, st, d);
	for (int i = 0; i < x->na; i++)
		if (q[i] < 0) {
			q[i] = a;
			return;
		}
}

static void
xs_waitq_drop(const struct explore_step *x, prog_value *st, int d, int a)
{
	prog_value *q = xs_waitq(x, st, d);
	int i = 0;
	if (q == NULL)
		return;
	while (i < x->na && q[i] != a && q[i] >= 0)
		i++;
	if (i == x->na || q[i] != a)
		return;
	for (; i + 1 < x->na; i++)
		q[i] = q[i + 1];
	q[x->na - 1] = -1;
}

void
explore_step_init(const struct explore_step *x, prog_value *st)
{
	const struct prog_variant *v = x->v;
	memset(st, 0, x->words * sizeof *st);
	for (int d = 0; d < x->nd; d++) {
		const struct prog_decl *pd = &v->decls[d];
		prog_value *w = &st[x->d_off[d]];
		prog_value *q = xs_waitq(x, st, d);
		if (pd->kind == PROG_VAR || pd->kind == PROG_SHM) {
			for (int s = 0; s < (pd->kind == PROG_VAR ? x->nspace : 1); s++) {
				w[2 * s] = pd->init;
				w[2 * s + 1] = -1;
			}
		} else if (pd->kind == PROG_SEMAPHORE) {
			w[0] = pd->init;
		} else if (pd->kind == PROG_MUTEX || pd->kind == PROG_RWLOCK) {
			w[0] = -1;
		}
		for (int i = 0; q && i < x->na; i++)
			q[i] = -1;
	}
	for (size_t r = 0; r < v->nregions; r++)
		st[x->r_off + 2 * r + 1] = -1;
	G(st, G_ACTOR) = G(st, G_OTHER) = G(st, G_OP) = G(st, G_REGION) = -1;
	for (int a = 0; a < x->na; a++) {
		prog_value *t = TAINTS(st, a);
		for (size_t i = 0; i < v->actors[a].nlocals; i++)
			t[i] = -1;
	}
	for (int a = 0; a < x->na; a++)
		if (!v->actors[a].idle)
			ACT(st, a, A_PHASE) = PH_READY;
	/* each then runs its bookkeeping up to its first step (after all are set up) */
	for (int a = 0; a < x->na; a++)
		if (ACT(st, a, A_PHASE) == PH_READY)
			xs_advance(x, st, a);
}

/* ---- expressions ------------------------------------------------------------ */

struct xs_env {
	const struct explore_step *x;
	prog_value *st;
	int a;
	int taint;               /* the first local read that came from a load, or -1 */
};

static prog_value
xs_env_shared(void *ctx, int res)
{
	struct xs_env *e = ctx;
	if (res < 0 || res >= e->x->nd)
		return 0;
	return xs_read(e->x, e->st, e->a, res);
}

static prog_value
xs_env_qlen(void *ctx, int res)
{
	struct xs_env *e = ctx;
	if (res < 0 || res >= e->x->nd || e->x->v->decls[res].kind != PROG_QUEUE)
		return 0;
	return e->st[e->x->d_off[res]];
}

static void
xs_env_local(void *ctx, int slot)
{
	struct xs_env *e = ctx;
	const struct explore_step *x = e->x;
	if (e->taint < 0 && TAINTS(e->st, e->a)[slot] >= 0)
		e->taint = (int)TAINTS(e->st, e->a)[slot];
}

/* Evaluates EX for worker A (-1: over the final values); *TAINT: where it came from. */
static prog_value
xs_eval(const struct explore_step *x, prog_value *st, int a, int ex, int *taint)
{
	struct xs_env e = { x, st, a, -1 };
	struct prog_eval_env env = {
		a >= 0 ? LOCALS(st, a) : NULL, a >= 0 ? x->v->actors[a].nlocals : 0,
		a >= 0 ? x->v->actors[a].member : 0, &e, xs_env_shared, xs_env_qlen, xs_env_local,
	};
	prog_value r = prog_eval(x->v, ex, &env);
	if (taint)
		*taint = e.taint;
	return r;
}

prog_value
explore_step_eval(const struct explore_step *x, const prog_value *st, int ex)
{
	return xs_eval(x, (prog_value *)st, -1, ex, NULL);
}

prog_value
explore_step_value(const struct explore_step *x, const prog_value *st, int d)
{
	enum prog_decl_kind k = x->v->decls[d].kind;
	/* a queue: its length, as a run's final values give it */
	return k == PROG_VAR || k == PROG_SHM || k == PROG_QUEUE ? st[x->d_off[d]] : 0;
}

static void
xs_set_local(const struct explore_step *x, prog_value *st, int a, int slot, prog_value val, int taint)
{
	if (slot < 0 || (size_t)slot >= x->v->actors[a].nlocals)
		return;
	LOCALS(st, a)[slot] = val;
	TAINTS(st, a)[slot] = taint;
}

/* ---- ending --------------------------------------------------------------------- */

static void
xs_stop(const struct explore_step *x, prog_value *st, enum explore_end end, int a, int other, int op, int region)
{
	if (G(st, G_END) != 0)
		return;
	G(st, G_END) = 1 + (prog_value)end;
	G(st, G_ACTOR) = a;
	G(st, G_OTHER) = other;
	G(st, G_OP) = op;
	G(st, G_REGION) = region;
}

bool
explore_step_lost(const struct explore_step *x, const prog_value *st)
{
	return G(st, G_LOST) != 0;
}

bool
explore_step_stopped(const struct explore_step *x, const prog_value *st)
{
	return G(st, G_END) != 0;
}

/* The join target of blocked worker A, or -1. */
static int
xs_join_target(const struct explore_step *x, const prog_value *st, int a)
{
	return (int)(ACT(st, a, A_FLAGS) >> F_TARGET_SHIFT) - 1;
}

/* Wakes blocked worker A: it retries its op on its next grant. */
static void
xs_wake(const struct explore_step *x, prog_value *st, int a, int d)
{
	if (ACT(st, a, A_PHASE) != PH_BLOCKED)
		return;
	if (d >= 0)
		xs_waitq_drop(x, st, d, a);
	ACT(st, a, A_PHASE) = PH_READY;
	ACT(st, a, A_FLAGS) = F_WAITED;
}

static void
xs_finish(const struct explore_step *x, prog_value *st, int a)
{
	*x->progressed = true;
	ACT(st, a, A_PHASE) = PH_DONE;
	ACT(st, a, A_FLAGS) = 0;
	for (int b = 0; b < x->na; b++)
		if (ACT(st, b, A_PHASE) == PH_BLOCKED && xs_join_target(x, st, b) == a)
			xs_wake(x, st, b, -1);
}

/* ---- resources (eng-sync.c's sync_try_take and its wakes) -------------------- */

enum xs_wait { W_MUTEX, W_SEM, W_READ, W_WRITE, W_PUSH, W_POP, W_JOIN, W_NONE };

static enum xs_wait
xs_wait_of(const struct prog_op *op)
{
	if (op == NULL)
		return W_NONE;
	switch (op->code) {
	case PROG_OP_LOCK:
	case PROG_OP_TRYLOCK: return W_MUTEX;
	case PROG_OP_ACQUIRE: return W_SEM;
	case PROG_OP_READ_LOCK: return W_READ;
	case PROG_OP_WRITE_LOCK: return W_WRITE;
	case PROG_OP_PUSH: return W_PUSH;
	case PROG_OP_POP: return W_POP;
	case PROG_OP_JOIN: return W_JOIN;
	default: return W_NONE;
	}
}

/* Wakes the oldest waiter on D whose op waits as W. */
static void
xs_wake_one(const struct explore_step *x, prog_value *st, int d, enum xs_wait w)
{
	prog_value *q = xs_waitq(x, st, d);
	for (int i = 0; i < x->na && q[i] >= 0; i++) {
		int b = (int)q[i];
		if (xs_wait_of(xs_op(x, st, b)) == w) {
			xs_wake(x, st, b, d);
			return;
		}
	}
}

static void
xs_wake_all(const struct explore_step *x, prog_value *st, int d, enum xs_wait w)
{
	prog_value *q = xs_waitq(x, st, d);
	for (int i = 0; i < x->na && q[i] >= 0;) {
		int b = (int)q[i];
		if (xs_wait_of(xs_op(x, st, b)) == w)
			xs_wake(x, st, b, d);  /* drops it: the next one moves to i */
		else
			i++;
	}
}

static bool
xs_queue_move(const struct explore_step *x, prog_value *st, int a, int d, enum xs_wait w, prog_value *v)
{
	prog_value *q = &st[x->d_off[d]], *items = q + 1;
	if (w == W_PUSH) {
		if (q[0] >= x->room[d])
			return false;
		items[q[0]++] = *v;
		xs_wake_one(x, st, d, W_POP);
	} else {
		if (q[0] <= 0)
			return false;
		*v = items[0];
		memmove(items, items + 1, (size_t)(q[0] - 1) * sizeof *items);
		items[--q[0]] = 0;
		xs_wake_one(x, st, d, W_PUSH);
	}
	(void)a;
	return true;
}

/* Takes D for A by a wait of kind W if it can now (V: a push's or pop's value). */
static bool
xs_try_take(const struct explore_step *x, prog_value *st, int a, int d, enum xs_wait w, prog_value *v)
{
	prog_value *r = &st[x->d_off[d]];
	bool waited = ACT(st, a, A_FLAGS) & F_WAITED;
	const struct prog_decl *pd = &x->v->decls[d];

	switch (w) {
	case W_MUTEX:
		if (waited && r[0] == a)
			return true;  /* a fair mutex was handed to A at its unlock */
		if (r[0] >= 0)
			return false;
		r[0] = a;
		return true;
	case W_SEM:
		if (r[0] <= 0)
			return false;
		r[0]--;
		r[1 + a]++;
		return true;
	case W_READ:
		if (waited && pd->fair && (r[2] >> a & 1))
			return true;  /* a fair rwlock let A in at a release */
		if (r[0] >= 0 || (pd->prefer == PROG_PREFER_WRITERS && r[1] > 0) ||
		    (pd->fair && xs_waitq(x, st, d)[0] >= 0))
			return false;
		r[2] |= (prog_value)(1ull << a);
		return true;
	case W_WRITE:
		if (waited && pd->fair && r[0] == a)
			return true;  /* a fair rwlock was handed to A at a release */
		if (r[0] >= 0 || r[2] != 0 || (pd->fair && xs_waitq(x, st, d)[0] >= 0))
			return false;
		r[0] = a;
		return true;
	case W_PUSH:
	case W_POP:
		return xs_queue_move(x, st, a, d, w, v);
	default:
		return false;
	}
}

static bool
xs_bounded(const struct prog_op *op)
{
	return op != NULL && ((op->flags & PROG_OPF_BOUNDED) || (op->code == PROG_OP_TRYLOCK && op->dur_ns > 0));
}

/* Who A's wait waits for (eng-detect.c's sync_unblocker_name), or -1. */
static int
xs_unblocker(const struct explore_step *x, const prog_value *st, int a)
{
	const struct prog_op *op = xs_op(x, st, a);
	enum xs_wait w = op ? xs_wait_of(op) : W_NONE;
	const prog_value *r;
	uint64_t live = 0, m = 0;

	if (w == W_JOIN)
		return xs_join_target(x, st, a);
	if (w == W_NONE || op->res < 0)
		return -1;
	r = &st[x->d_off[op->res]];
	for (int b = 0; b < x->na; b++)
		if (ACT(st, b, A_PHASE) != PH_DONE)
			live |= 1ull << b;
	switch (w) {
	case W_MUTEX:
		return (int)r[0];
	case W_READ:
	case W_WRITE:
		if (r[0] >= 0)
			return (int)r[0];
		m = (uint64_t)r[2];
		break;
	case W_SEM:
		for (int b = 0; b < x->na; b++)
			if (b != a && r[1 + b] > 0 && (live >> b & 1))
				return b;
		m = x->releasers[op->res] & ~(1ull << a);
		break;
	case W_POP:
		m = x->pushers[op->res] & ~(1ull << a);
		break;
	case W_PUSH:
		m = x->poppers[op->res] & ~(1ull << a);
		break;
	default:
		break;
	}
	m &= live;
	return m ? __builtin_ctzll(m) : -1;
}

/* Whether blocked B waits for exactly one worker (a holder, or a join). */
static bool
xs_single(const struct explore_step *x, const prog_value *st, int b)
{
	const struct prog_op *op = xs_op(x, st, b);
	enum xs_wait w;
	if (ACT(st, b, A_PHASE) != PH_BLOCKED || op == NULL || xs_bounded(op))
		return false;
	w = xs_wait_of(op);
	if (w == W_JOIN)
		return true;
	if (w == W_MUTEX || w == W_READ || w == W_WRITE)
		return st[x->d_off[op->res]] >= 0;
	return false;
}

/* The length of the cycle of single waits A's wait closes, or 0. */
static int
xs_cycle_len(const struct explore_step *x, const prog_value *st, int a)
{
	int b = a, n = 0;
	while (xs_single(x, st, b) && n <= x->na) {
		b = xs_unblocker(x, st, b);
		n++;
		if (b == a)
			return n;
		if (b < 0)
			return 0;
	}
	return 0;
}

/* A cannot go on with its op now: it waits (a bounded wait may time out). */
static void
xs_block(const struct explore_step *x, prog_value *st, int a, int d, int target)
{
	int n;
	if (d >= 0)
		xs_waitq_push(x, st, d, a);
	ACT(st, a, A_PHASE) = PH_BLOCKED;
	ACT(st, a, A_FLAGS) = (prog_value)(target + 1) << F_TARGET_SHIFT;
	n = xs_cycle_len(x, st, a);
	if (n == 1)
		ACT(st, a, A_PHASE) = PH_STUCK;  /* waits for itself: stuck, the others go on */
	else if (n > 1)
		xs_stop(x, st, EXPLORE_DEADLOCK, a, -1, -1, -1);
}

/* A's wait of kind W on D: taken (true), or A now waits. */
static bool
xs_take(const struct explore_step *x, prog_value *st, int a, int d, enum xs_wait w, prog_value *v)
{
	prog_value *r = &st[x->d_off[d]];
	bool waited = ACT(st, a, A_FLAGS) & F_WAITED;
	bool want = w == W_WRITE && !x->v->decls[d].fair;  /* a fair rwlock keeps its line instead */
	if (want && !waited)
		r[1]++;  /* a writer wants it from its first try until it gets it or gives up */
	if (xs_try_take(x, st, a, d, w, v)) {
		if (want)
			r[1]--;
		ACT(st, a, A_FLAGS) = 0;
		return true;
	}
	xs_block(x, st, a, d, -1);
	return false;
}

/* A fair rwlock D: lets in the waiters at the head of its line that may
 * enter now (eng-sync.c's sync_rw_fair_admit): a writer when nobody is
 * inside, else every reader up to the first writer. */
static void
xs_rw_fair_admit(const struct explore_step *x, prog_value *st, int d)
{
	prog_value *r = &st[x->d_off[d]], *q = xs_waitq(x, st, d);
	while (q[0] >= 0 && r[0] < 0) {
		int b = (int)q[0];
		enum xs_wait w = xs_wait_of(xs_op(x, st, b));
		if (w == W_WRITE) {
			if (r[2] != 0)
				return;
			r[0] = b;
		} else if (w == W_READ) {
			r[2] |= (prog_value)(1ull << b);
		}
		xs_wake(x, st, b, d);  /* drops it: the next one is at the head */
	}
}

static void
xs_rw_release(const struct explore_step *x, prog_value *st, int a, int d)
{
	prog_value *r = &st[x->d_off[d]];
	const struct prog_decl *pd = &x->v->decls[d];
	if (pd->fair) {
		if (r[0] == a)
			r[0] = -1;
		else
			r[2] &= ~(prog_value)(1ull << a);
		xs_rw_fair_admit(x, st, d);
		return;
	}
	if (r[0] == a) {
		r[0] = -1;
		if (pd->prefer == PROG_PREFER_WRITERS && r[1] > 0) {
			xs_wake_one(x, st, d, W_WRITE);
		} else {
			xs_wake_all(x, st, d, W_READ);
			xs_wake_one(x, st, d, W_WRITE);
		}
		return;
	}
	r[2] &= ~(prog_value)(1ull << a);
	if (r[2] == 0)
		xs_wake_one(x, st, d, W_WRITE);
	if (pd->prefer == PROG_PREFER_READERS)
		xs_wake_all(x, st, d, W_READ);
}

/* unlock: false when A holds nothing of D. */
static bool
xs_unlock(const struct explore_step *x, prog_value *st, int a, int d)
{
	prog_value *r = &st[x->d_off[d]];
	const struct prog_decl *pd = &x->v->decls[d];
	if (pd->kind == PROG_MUTEX && r[0] == a) {
		r[0] = -1;
		if (pd->fair) {
			prog_value *q = xs_waitq(x, st, d);
			if (q[0] >= 0) {
				r[0] = q[0];  /* handed to the oldest waiter before it even runs */
				xs_wake(x, st, (int)q[0], d);
			}
		} else {
			xs_wake_one(x, st, d, W_MUTEX);
		}
		return true;
	}
	if (pd->kind == PROG_RWLOCK && (r[0] == a || (r[0] < 0 && (r[2] >> a & 1)))) {
		xs_rw_release(x, st, a, d);
		return true;
	}
	return false;
}

static void
xs_release(const struct explore_step *x, prog_value *st, int a, int d)
{
	prog_value *r = &st[x->d_off[d]];
	if (r[1 + a] > 0)
		r[1 + a]--;
	r[0]++;
	xs_wake_one(x, st, d, W_SEM);
}

/* ---- values ------------------------------------------------------------------ */

/* Every local of the workers who see D's value in A's copy, read from D
 * before this store, now holds a stale value (the engine's version check). */
static void
xs_stale(const struct explore_step *x, prog_value *st, int a, int d)
{
	bool shm = x->v->decls[d].kind == PROG_SHM;
	for (int b = 0; b < x->na; b++) {
		prog_value *t = TAINTS(st, b);
		if (!shm && x->space[b] != x->space[a])
			continue;
		for (size_t i = 0; i < x->v->actors[b].nlocals; i++)
			if (t[i] >= 0 && (t[i] >> 1) == d)
				t[i] |= 1;
	}
}

static void
xs_store(const struct explore_step *x, prog_value *st, int a, const struct prog_op *op, bool add)
{
	prog_value *w = xs_val(x, st, a, op->res), *t = xs_tx_slot(x, st, a, op->res);
	int taint;
	prog_value v = xs_eval(x, st, a, op->expr, &taint);
	if (t != NULL) {  /* buffered: applied at the commit */
		t[1] = add ? prog_eval_binop(PROG_ADD, xs_read(x, st, a, op->res), v) : v;
		t[0] = 1;
		return;
	}
	if (add)
		v = prog_eval_binop(PROG_ADD, w[0], v);
	else if (taint >= 0 && (taint >> 1) == op->res && (taint & 1) && w[1] >= 0 && w[1] != a)
		G(st, G_LOST) = 1;  /* computed from a read another worker's store has since overwritten */
	w[0] = v;
	w[1] = a;
	xs_stale(x, st, a, op->res);
}

/* ---- transactions and failing ----------------------------------------------------- */

/* A's transaction ends: its buffer dropped, the transaction mutex TX handed on. */
static void
xs_tx_end(const struct explore_step *x, prog_value *st, int a, int tx)
{
	memset(&st[x->tx_off[a]], 0, (1 + 2 * (size_t)x->nd) * sizeof *st);
	if (tx >= 0)
		xs_unlock(x, st, a, tx);
}

/* The commit: every buffered write at once, as stores (no lost update can
 * hide in one: nobody wrote between its reads and its writes). */
static void
xs_tx_commit(const struct explore_step *x, prog_value *st, int a, int tx)
{
	for (int d = 0; d < x->nd; d++) {
		prog_value *t = xs_tx_slot(x, st, a, d), *w;
		if (t == NULL || !t[0])
			continue;
		w = xs_val(x, st, a, d);
		w[0] = t[1];
		w[1] = a;
		xs_stale(x, st, a, d);
	}
	xs_tx_end(x, st, a, tx);
}

/* The transaction mutex A holds, or -1. */
static int
xs_tx_held(const struct explore_step *x, const prog_value *st, int a)
{
	if (x->tx_off[a] == 0 || st[x->tx_off[a]] == 0)
		return -1;
	for (size_t i = 0; i < x->v->actors[a].nops; i++) {
		const struct prog_op *op = &x->v->actors[a].ops[i];
		if (op->code == PROG_OP_TX_BEGIN && op->res >= 0 && st[x->d_off[op->res]] == a)
			return op->res;
	}
	return -1;
}

/* `fail`: A stops as if it crashed (a transaction it is in rolled back
 * first); the others go on; what it holds stays held. */
static void
xs_fail(const struct explore_step *x, prog_value *st, int a)
{
	if (x->tx_off[a] != 0 && st[x->tx_off[a]] != 0)
		xs_tx_end(x, st, a, xs_tx_held(x, st, a));
	G(st, G_FAILED) |= (prog_value)(1ull << a);
	xs_finish(x, st, a);
}

/* ---- spawn and join ------------------------------------------------------------ */

static void
xs_start(const struct explore_step *x, prog_value *st, int by, int b)
{
	const struct prog_variant *v = x->v;
	if (b < 0 || b >= x->na || ACT(st, b, A_PHASE) != PH_IDLE)
		return;
	if (v->actors[b].kind == PROG_PROCESS) {  /* a forked process: a copy of its parent's vars */
		for (int d = 0; d < x->nd; d++) {
			prog_value *to, *from;
			if (v->decls[d].kind != PROG_VAR)
				continue;
			to = &st[x->d_off[d] + 2 * (size_t)x->space[b]];
			from = &st[x->d_off[d] + 2 * (size_t)x->space[by]];
			to[0] = from[0];
			to[1] = -1;
		}
	}
	ACT(st, b, A_PHASE) = PH_READY;
	xs_advance(x, st, b);
}

static void
xs_spawn(const struct explore_step *x, prog_value *st, int a, const struct prog_op *op)
{
	const struct prog_family *f;
	if (op->family < 0) {
		xs_start(x, st, a, op->actor);
		return;
	}
	if ((size_t)op->family >= x->v->nfamilies)
		return;
	f = &x->v->families[op->family];
	for (int b = f->first; b < f->first + f->count; b++)
		if (ACT(st, b, A_PHASE) == PH_IDLE) {
			xs_start(x, st, a, b);
			return;
		}
}

/* The first worker A's join still waits for, or -1 when it may go on. */
static int
xs_join_next(const struct explore_step *x, const prog_value *st, int a, const struct prog_op *op)
{
	int first = op->actor, count = op->actor >= 0 ? 1 : 0;
	if (op->family >= 0 && (size_t)op->family < x->v->nfamilies) {
		first = x->v->families[op->family].first;
		count = x->v->families[op->family].count;
	}
	for (int b = first; b < first + count; b++) {
		if (b == a || b < 0 || b >= x->na)
			continue;
		if (op->family >= 0 && ACT(st, b, A_PHASE) == PH_IDLE && x->v->actors[b].idle)
			continue;  /* a member never spawned is not waited for */
		if (ACT(st, b, A_PHASE) != PH_DONE)
			return b;
	}
	return -1;
}

/* ---- one op ------------------------------------------------------------------ */

/* Runs A's op; false when A must wait (or the run stopped). */
static bool
xs_op_run(const struct explore_step *x, prog_value *st, int a, const struct prog_op *op)
{
	prog_value v = 0;
	int taint, b;

	switch (op->code) {
	case PROG_OP_LOCK: return xs_take(x, st, a, op->res, W_MUTEX, NULL);
	case PROG_OP_ACQUIRE: return xs_take(x, st, a, op->res, W_SEM, NULL);
	case PROG_OP_READ_LOCK: return xs_take(x, st, a, op->res, W_READ, NULL);
	case PROG_OP_WRITE_LOCK: return xs_take(x, st, a, op->res, W_WRITE, NULL);
	case PROG_OP_TRYLOCK:
		if (op->dur_ns > 0)
			return xs_take(x, st, a, op->res, W_MUTEX, NULL);
		if (!xs_try_take(x, st, a, op->res, W_MUTEX, NULL))
			ACT(st, a, A_PC) = op->target - 1;  /* taken: its else */
		return true;
	case PROG_OP_UNLOCK:
		if (!xs_unlock(x, st, a, op->res))
			xs_stop(x, st, EXPLORE_NOTHELD, a, -1, (int)ACT(st, a, A_PC), op->res);
		return true;
	case PROG_OP_RELEASE:
		xs_release(x, st, a, op->res);
		return true;
	case PROG_OP_PUSH:
		if (!(ACT(st, a, A_FLAGS) & F_WAITED))
			ACT(st, a, A_PEND) = xs_eval(x, st, a, op->expr, NULL);  /* evaluated once, as the engine does */
		v = ACT(st, a, A_PEND);
		if (!xs_take(x, st, a, op->res, W_PUSH, &v))
			return false;
		ACT(st, a, A_PEND) = 0;
		return true;
	case PROG_OP_POP:
		if (!xs_take(x, st, a, op->res, W_POP, &v))
			return false;
		xs_set_local(x, st, a, op->dst, v, -1);
		return true;
	case PROG_OP_JOIN:
		if ((b = xs_join_next(x, st, a, op)) < 0) {
			ACT(st, a, A_FLAGS) = 0;
			return true;
		}
		xs_block(x, st, a, -1, b);
		return false;
	case PROG_OP_LOAD:
		v = xs_read(x, st, a, op->res);
		/* inside a transaction nobody can overwrite it unseen: nothing to follow */
		xs_set_local(x, st, a, op->dst, v, xs_tx_slot(x, st, a, op->res) ? -1 : op->res << 1);
		return true;
	case PROG_OP_STORE:
	case PROG_OP_ATOMIC_ADD:
		xs_store(x, st, a, op, op->code == PROG_OP_ATOMIC_ADD);
		return true;
	case PROG_OP_SET:
		v = xs_eval(x, st, a, op->expr, &taint);
		xs_set_local(x, st, a, op->dst, v, taint);
		return true;
	case PROG_OP_BRANCH:
		if (!xs_eval(x, st, a, op->expr, NULL))
			ACT(st, a, A_PC) = op->target - 1;
		return true;
	case PROG_OP_JUMP:
		ACT(st, a, A_PC) = op->target - 1;
		return true;
	case PROG_OP_SPAWN:
		xs_spawn(x, st, a, op);
		return true;
	case PROG_OP_ASSERT:
		if (!xs_eval(x, st, a, op->expr, NULL))
			xs_stop(x, st, EXPLORE_ASSERT, a, -1, (int)ACT(st, a, A_PC), -1);
		return true;
	case PROG_OP_FAIL:
		xs_fail(x, st, a);
		return false;
	case PROG_OP_TX_BEGIN:
		if (!xs_take(x, st, a, op->res, W_MUTEX, NULL))
			return false;
		st[x->tx_off[a]] = 1;  /* from here its writes are its own until the commit */
		return true;
	case PROG_OP_TX_COMMIT:
		xs_tx_commit(x, st, a, op->res);
		return true;
	case PROG_OP_ENTER: {
		prog_value *in = &st[x->r_off + 2 * (size_t)op->region];
		if (op->region < 0 || (size_t)op->region >= x->v->nregions)
			return true;
		if (in[0] > 0 && in[1] != a)
			xs_stop(x, st, EXPLORE_CRITICAL, a, (int)in[1], (int)ACT(st, a, A_PC), op->region);
		*x->progressed = true;
		in[0]++;
		in[1] = a;
		return true;
	}
	case PROG_OP_LEAVE:
		if (op->region >= 0 && (size_t)op->region < x->v->nregions && st[x->r_off + 2 * (size_t)op->region] > 0)
			st[x->r_off + 2 * (size_t)op->region]--;
		return true;
	default:
		return true;  /* work, sleep, io, await, offload, say, marks: nothing to share */
	}
}

/* A runs its bookkeeping ops and its end, which take no grant, up to its next step. */
static void
xs_advance(const struct explore_step *x, prog_value *st, int a)
{
	const struct prog_actor *pa = &x->v->actors[a];
	while (G(st, G_END) == 0) {
		const struct prog_op *op = xs_op(x, st, a);
		if (op == NULL || op->code == PROG_OP_END) {
			xs_finish(x, st, a);
			return;
		}
		if (prog_op_is_step(op))
			return;
		xs_op_run(x, st, a, op);
		ACT(st, a, A_PC)++;
		if ((size_t)ACT(st, a, A_PC) > pa->nops)
			ACT(st, a, A_PC) = (prog_value)pa->nops;
	}
}

/* ---- moves -------------------------------------------------------------------- */

size_t
explore_step_moves(const struct explore_step *x, const prog_value *st, int *moves)
{
	size_t n = 0;
	if (G(st, G_END) != 0)
		return 0;
	for (int a = 0; a < x->na; a++) {
		prog_value ph = ACT(st, a, A_PHASE);
		if (ph == PH_READY)
			moves[n++] = EXPLORE_MOVE(a, false);
		else if (ph == PH_BLOCKED && xs_bounded(xs_op(x, st, a)))
			moves[n++] = EXPLORE_MOVE(a, true);
	}
	return n;
}

bool
explore_step_progressed(const struct explore_step *x)
{
	return *x->progressed;
}

long long
explore_step_limit_ns(const struct explore_step *x, const prog_value *st, int a)
{
	const struct prog_op *op = xs_op(x, st, a);
	return op != NULL ? (long long)op->dur_ns : 0;
}

/* A's bounded wait runs out: it gives up and goes to the op's else. */
static void
xs_timeout(const struct explore_step *x, prog_value *st, int a)
{
	const struct prog_op *op = xs_op(x, st, a);
	enum xs_wait w = xs_wait_of(op);
	if (op == NULL)
		return;
	if (w != W_JOIN && op->res >= 0)
		xs_waitq_drop(x, st, op->res, a);
	if (w == W_WRITE && !x->v->decls[op->res].fair) {
		prog_value *r = &st[x->d_off[op->res]];
		if (--r[1] == 0 && r[0] < 0)
			xs_wake_all(x, st, op->res, W_READ);  /* the readers it held back */
	}
	if ((w == W_READ || w == W_WRITE) && x->v->decls[op->res].fair)
		xs_rw_fair_admit(x, st, op->res);  /* it left the line: who was behind may enter */
	ACT(st, a, A_PHASE) = PH_READY;
	ACT(st, a, A_FLAGS) = 0;
	ACT(st, a, A_PC) = op->target;
	xs_advance(x, st, a);
}

void
explore_step_apply(const struct explore_step *x, prog_value *st, int m)
{
	int a = EXPLORE_MOVE_ACTOR(m);
	const struct prog_op *op = xs_op(x, st, a);

	*x->progressed = false;
	if (EXPLORE_MOVE_TIMEOUT(m)) {
		xs_timeout(x, st, a);
		return;
	}
	if (op == NULL) {
		xs_finish(x, st, a);
		return;
	}
	if (!xs_op_run(x, st, a, op) || G(st, G_END) != 0)
		return;
	ACT(st, a, A_PC)++;
	xs_advance(x, st, a);
}

bool
explore_step_private(const struct explore_step *x, const prog_value *st, int m)
{
	int a = EXPLORE_MOVE_ACTOR(m);
	const struct prog_op *op = xs_op(x, st, a);
	if (EXPLORE_MOVE_TIMEOUT(m) || op == NULL || !x->quiet_books[a])
		return false;
	switch (op->code) {
	case PROG_OP_WORK: case PROG_OP_SLEEP: case PROG_OP_IO: case PROG_OP_AWAIT:
	case PROG_OP_OFFLOAD_WORK: case PROG_OP_OFFLOAD_SLEEP:
	case PROG_OP_SAY: case PROG_OP_MARK_BEGIN: case PROG_OP_MARK_END: case PROG_OP_JUMP:
		return true;
	case PROG_OP_SET: case PROG_OP_BRANCH: case PROG_OP_ASSERT:
		return xs_expr_private(x->v, op->expr);
	default:
		return false;
	}
}

bool
explore_step_alive(const struct explore_step *x, const prog_value *st, int a)
{
	return ACT(st, a, A_PHASE) != PH_DONE && G(st, G_END) == 0;
}

/* ---- how it ended ---------------------------------------------------------------- */

/* A cycle among the waiting workers, from the first one found; -1 when none. */
static int
xs_find_cycle(const struct explore_step *x, const prog_value *st)
{
	for (int a = 0; a < x->na; a++) {
		int b = a, n = 0;
		prog_value ph = ACT(st, a, A_PHASE);
		if (ph != PH_BLOCKED && ph != PH_STUCK)
			continue;
		while (b >= 0 && n++ <= x->na) {
			prog_value pb = ACT(st, b, A_PHASE);
			if (pb != PH_BLOCKED && pb != PH_STUCK)
				break;
			b = xs_unblocker(x, st, b);
			if (b == a)
				return a;
		}
	}
	return -1;
}

void
explore_step_outcome(const struct explore_step *x, const prog_value *st, struct explore_outcome *o)
{
	bool all_done = true;
	o->lost = G(st, G_LOST) != 0;
	o->failed = (uint64_t)G(st, G_FAILED);
	o->actor = o->other = o->op = o->region = -1;
	if (G(st, G_END) != 0) {
		o->end = (enum explore_end)(G(st, G_END) - 1);
		o->actor = (int)G(st, G_ACTOR);
		o->other = (int)G(st, G_OTHER);
		o->op = (int)G(st, G_OP);
		o->region = (int)G(st, G_REGION);
		if (o->end == EXPLORE_DEADLOCK)
			o->actor = xs_find_cycle(x, st);  /* one cycle, named the same whoever closed it */
		return;
	}
	for (int a = 0; a < x->na; a++)
		if (ACT(st, a, A_PHASE) != PH_DONE && ACT(st, a, A_PHASE) != PH_IDLE)
			all_done = false;
	if (all_done) {
		o->end = EXPLORE_FINISHED;
		return;
	}
	o->actor = xs_find_cycle(x, st);
	o->end = o->actor >= 0 ? EXPLORE_DEADLOCK : EXPLORE_STALLED;
}

const char *
explore_unsupported(const struct prog_variant *v)
{
	return xs_unsupported(v);
}
