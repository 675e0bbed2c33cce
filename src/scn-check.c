/* scn-check.c: name resolution, kind checks, limits and code generation. */
#include "config.h"

#include "scn-check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

struct ck_loop {
	int top;             /* continue target, or -1 until known (repeat) */
	int *breaks, *conts; /* jumps to patch */
	size_t nbreaks, abreaks, nconts, aconts;
	size_t nopen;        /* open regions and marks when the loop began */
};

struct ck_open {
	bool critical;
	int index;           /* region or text */
};

struct ck_actor {
	const struct scn_actor *a;
	char *name;          /* the compiled actor's name ("Waiter 3"); moved into it */
	int parent;
	int family;          /* the family it is a member of, or -1 */
	int member;          /* 1..N in a family; 0 outside one */
	bool spawned;        /* something spawns it (a family: it or any member) */
};

/* An actor's or a family's name in the variant's table of names. */
struct ck_name {
	const char *name;    /* NULL: a free slot */
	int actor;           /* the actor it names, or -1 */
	int family;          /* the family it names, or -1 */
};

struct ck {
	struct scn_file *f;
	struct diag *d;
	/* After syntax errors: D is a quiet diagnostics sink, and only unknown names
	 * that no skipped statement can have declared go to LOUD.  NULL otherwise. */
	struct diag *loud;
	struct prog *prog;
	struct prog_variant *v;
	const struct scn_decl **decls;   /* the variant's, by index */
	size_t adecls, aactors, aexprs, aregions;
	struct ck_actor *actors;
	size_t nactors;
	size_t afamilies;
	struct ck_name *names;           /* open addressing; a power of two slots */
	size_t nnames, anames;
	int nthreads, nprocesses;
	bool expects_deadlock;
	bool too_many_actors, too_many_threads, too_many_processes;
	/* the actor being compiled */
	int self;
	struct prog_actor *pa;
	size_t aops, alocals;
	int temp;            /* the "$t0" slot, or -1 */
	int nrepeat;
	struct ck_loop *loops;
	size_t nloops, aloops;
	struct ck_open *open;
	size_t nopen, aopen;
	size_t *lock_off;    /* per declaration: where this actor first locks it, or SIZE_MAX */
	bool *unlocked;
	/* transactions: the variant's hidden `transaction` mutex (-1: none), and
	 * while one is compiled, the loops open at its start */
	int tx_res;
	bool in_tx;
	size_t tx_loops;
	struct scn_decl tx_decl;
};

static struct prog_loc
ck_loc(const struct ck *c, size_t off)
{
	struct prog_loc l;
	diag_locate(c->d, off, &l.line, &l.col);
	return l;
}

static const char *
ck_kind_word(enum prog_decl_kind k)
{
	return prog_decl_kind_name(k);
}

/* ---- names ---- */

static int
ck_find_decl(const struct ck *c, const char *name)
{
	for (size_t i = 0; i < c->v->ndecls; i++)
		if (strcmp(c->v->decls[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
ck_find_local(const struct ck *c, const char *name)
{
	if (c->pa == NULL)
		return -1;
	for (size_t i = 0; i < c->pa->nlocals; i++)
		if (strcmp(c->pa->locals[i], name) == 0)
			return (int)i;
	return -1;
}

static unsigned long ck_probes;  /* scn_check_name_probes() */

unsigned long
scn_check_name_probes(void)
{
	return ck_probes;
}

static size_t
ck_name_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The actor or family named NAME, or NULL.  A family's members are actors
 * named "NAME 1" ... "NAME N"; every name is in one table, so a file of
 * 10000 members is checked in linear time. */
static const struct ck_name *
ck_name_find(const struct ck *c, const char *name)
{
	if (c->anames == 0)
		return NULL;
	for (size_t i = ck_name_hash(name) & (c->anames - 1); c->names[i].name;
	    i = (i + 1) & (c->anames - 1)) {
		ck_probes++;
		if (strcmp(c->names[i].name, name) == 0)
			return &c->names[i];
	}
	return NULL;
}

/* Adds NAME (not in the table yet) for ACTOR or FAMILY. */
static void
ck_name_add(struct ck *c, const char *name, int actor, int family)
{
	size_t i;

	if ((c->nnames + 1) * 2 > c->anames) {
		struct ck_name *old = c->names;
		size_t aold = c->anames;
		c->anames = c->anames ? c->anames * 2 : 64;
		c->names = xcalloc(c->anames, sizeof *c->names);
		c->nnames = 0;
		for (i = 0; i < aold; i++)
			if (old[i].name)
				ck_name_add(c, old[i].name, old[i].actor, old[i].family);
		free(old);
	}
	for (i = ck_name_hash(name) & (c->anames - 1); c->names[i].name; i = (i + 1) & (c->anames - 1))
		ck_probes++;
	c->names[i].name = name;
	c->names[i].actor = actor;
	c->names[i].family = family;
	c->nnames++;
}

/* True when a limit left actors out of the variant (reported once). */
static bool
ck_past_limit(const struct ck *c)
{
	return c->too_many_actors || c->too_many_threads || c->too_many_processes;
}

/* Where the actor or family N was declared: its name in the source. */
static const struct scn_name *
ck_name_decl(const struct ck *c, const struct ck_name *n)
{
	if (n->family >= 0)
		return &c->actors[c->v->families[n->family].first].a->name;
	return &c->actors[n->actor].a->name;
}

static int
ck_add_local(struct ck *c, const char *name)
{
	struct prog_actor *pa = c->pa;
	pa->locals = xgrow(pa->locals, &c->alocals, pa->nlocals + 1, sizeof *pa->locals);
	pa->locals[pa->nlocals] = xstrdup(name);
	return (int)pa->nlocals++;
}

/* True when NAME is a word on the line of a syntax error: a statement the
 * parser skipped there may have declared it. */
static bool
ck_word_char(char ch)
{
	return ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z') || (unsigned char)ch >= 0x80;
}

static bool
ck_near_bad(const struct ck *c, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < c->f->nbad; i++) {
		size_t b = c->f->bad[i], e = b;
		while (b > 0 && c->f->buf[b - 1] != '\n')
			b--;
		while (e < c->f->len && c->f->buf[e] != '\n')
			e++;
		for (size_t j = b; j + n <= e; j++)
			if (memcmp(c->f->buf + j, name, n) == 0 &&
			    (j == b || !ck_word_char(c->f->buf[j - 1])) &&
			    (j + n == e || !ck_word_char(c->f->buf[j + n])))
				return true;
	}
	return false;
}

/* Starts the report of unknown name NAME: returns the sink its lines go to,
 * which the caller gives back with ck_unknown_done. */
static struct diag *
ck_unknown_begin(struct ck *c, const char *name)
{
	struct diag *quiet = c->d;
	if (c->loud != NULL && !ck_near_bad(c, name))
		c->d = c->loud;
	return quiet;
}

static void
ck_unknown_done(struct ck *c, struct diag *quiet)
{
	c->d = quiet;
}

/* Suggests the closest declared name (and local, with LOCALS) after an error. */
static void
ck_suggest(struct ck *c, const char *name, bool locals, bool actors)
{
	size_t n = 0, cap = 0;
	const char **words = NULL;
	const char *near;

	for (size_t i = 0; i < c->v->ndecls; i++) {
		words = xgrow(words, &cap, n + 1, sizeof *words);
		words[n++] = c->v->decls[i].name;
	}
	if (locals && c->pa)
		for (size_t i = 0; i < c->pa->nlocals; i++)
			if (c->pa->locals[i][0] != '$') {
				words = xgrow(words, &cap, n + 1, sizeof *words);
				words[n++] = c->pa->locals[i];
			}
	if (actors)
		for (size_t i = 0; i < c->nactors; i++) {
			if (c->actors[i].member > 1)
				continue;  /* a family once, by its name */
			words = xgrow(words, &cap, n + 1, sizeof *words);
			words[n++] = c->actors[i].a->name.str;
		}
	near = scn_parse_closest(name, strlen(name), words, n);
	if (near)
		diag_hint(c->d, _("did you mean '%s'?"), near);
	free(words);
}

static void
ck_use(struct ck *c, int decl)
{
	((struct scn_decl *)c->decls[decl])->used = true;
}

/* A declaration of one of the kinds in MASK (1 << kind) named by NAME for OPWORD. */
static int
ck_res(struct ck *c, const struct scn_name *name, unsigned mask, const char *opword)
{
	int i = ck_find_decl(c, name->str);
	enum prog_decl_kind k;

	if (i < 0) {
		if (ck_find_local(c, name->str) >= 0)
			diag_error(c->d, name->off, name->len,
			    _("'%s' is a local value; '%s' needs a declared %s"), name->str, opword,
			    prog_decl_kind_name((enum prog_decl_kind)__builtin_ctz(mask)));
		else {
			struct diag *quiet = ck_unknown_begin(c, name->str);
			diag_error(c->d, name->off, name->len, _("unknown name '%s'"), name->str);
			ck_suggest(c, name->str, false, false);
			ck_unknown_done(c, quiet);
		}
		return -1;
	}
	ck_use(c, i);
	k = c->v->decls[i].kind;
	if (!(mask & (1u << k))) {
		diag_error(c->d, name->off, name->len, _("'%s' is a %s; '%s' needs a %s"),
		    name->str, ck_kind_word(k), opword,
		    prog_decl_kind_name((enum prog_decl_kind)__builtin_ctz(mask)));
		if (k == PROG_SEMAPHORE)
			diag_hint(c->d, "%s", _("a semaphore is taken with acquire and given back with release"));
		else if (k == PROG_RWLOCK)
			diag_hint(c->d, "%s", _("an rwlock is taken with read_lock or write_lock and given back with unlock"));
		else if (k == PROG_MUTEX)
			diag_hint(c->d, "%s", _("a mutex is taken with lock (or trylock) and given back with unlock"));
		else if (k == PROG_QUEUE)
			diag_hint(c->d, "%s", _("a queue is used with push and pop, or call and reply; len(q) is its length"));
		return -1;
	}
	return i;
}

/* ---- expressions ---- */

static int
ck_expr_add(struct ck *c, struct prog_expr e)
{
	struct prog_variant *v = c->v;
	v->exprs = xgrow(v->exprs, &c->aexprs, v->nexprs + 1, sizeof *v->exprs);
	v->exprs[v->nexprs] = e;
	return (int)v->nexprs++;
}

static int
ck_expr_const(struct ck *c, prog_value value)
{
	struct prog_expr e = { .kind = PROG_EX_CONST, .index = -1, .lhs = -1, .rhs = -1, .value = value };
	return ck_expr_add(c, e);
}

static int
ck_expr_local(struct ck *c, int slot)
{
	struct prog_expr e = { .kind = PROG_EX_LOCAL, .index = slot, .lhs = -1, .rhs = -1 };
	return ck_expr_add(c, e);
}

static int
ck_expr_bin(struct ck *c, int op, int lhs, int rhs)
{
	struct prog_expr e = { .kind = PROG_EX_BINARY, .op = op, .index = -1, .lhs = lhs, .rhs = rhs };
	if (lhs < 0 || rhs < 0)
		return -1;
	return ck_expr_add(c, e);
}

/* Compiles E; -1 after an error (reported). */
static int
ck_expr(struct ck *c, const struct scn_expr *e)
{
	struct prog_expr pe = { .index = -1, .lhs = -1, .rhs = -1 };
	int i, l, r;

	switch (e->kind) {
	case SCN_E_NUM:
		return ck_expr_const(c, e->value);
	case SCN_E_NAME:
		i = ck_find_local(c, e->name.str);
		if (i >= 0)
			return ck_expr_local(c, i);
		i = ck_find_decl(c, e->name.str);
		if (i < 0) {
			struct diag *quiet = ck_unknown_begin(c, e->name.str);
			diag_error(c->d, e->off, e->len, _("unknown name '%s'"), e->name.str);
			ck_suggest(c, e->name.str, true, false);
			if (c->pa == NULL)
				diag_hint(c->d, "%s", _("an expectation sees only var and shm values"));
			ck_unknown_done(c, quiet);
			return -1;
		}
		ck_use(c, i);
		if (c->v->decls[i].kind == PROG_QUEUE) {
			diag_error(c->d, e->off, e->len, _("'%s' is a queue, not a value"), e->name.str);
			diag_hint(c->d, _("its length is len(%s)"), e->name.str);
			return -1;
		}
		if (c->v->decls[i].kind != PROG_VAR && c->v->decls[i].kind != PROG_SHM) {
			diag_error(c->d, e->off, e->len, _("'%s' is a %s, not a value"), e->name.str,
			    ck_kind_word(c->v->decls[i].kind));
			return -1;
		}
		pe.kind = PROG_EX_SHARED;
		pe.index = i;
		return ck_expr_add(c, pe);
	case SCN_E_ME:
		if (c->pa == NULL || c->actors[c->self].family < 0) {
			diag_error(c->d, e->off, e->len, "%s", _("'me' is only for the members of a family"));
			if (c->pa)
				diag_hint(c->d, "%s", _("make the actor a family, as in thread \"Waiter\" * 8 { ... }: me is then 1 to 8"));
			else
				diag_hint(c->d, "%s", _("an expectation sees only var and shm values"));
			return -1;
		}
		pe.kind = PROG_EX_ME;
		return ck_expr_add(c, pe);
	case SCN_E_LEN:
		i = ck_res(c, &e->name, 1u << PROG_QUEUE, "len");
		if (i < 0)
			return -1;
		pe.kind = PROG_EX_QLEN;
		pe.index = i;
		return ck_expr_add(c, pe);
	case SCN_E_UNARY:
		l = ck_expr(c, e->lhs);
		if (l < 0)
			return -1;
		pe.kind = PROG_EX_UNARY;
		pe.op = e->op;
		pe.lhs = l;
		return ck_expr_add(c, pe);
	case SCN_E_BINARY:
		l = ck_expr(c, e->lhs);
		r = ck_expr(c, e->rhs);
		if (l < 0 || r < 0)
			return -1;
		if ((e->op == PROG_DIV || e->op == PROG_MOD) && e->rhs->kind == SCN_E_NUM
		    && e->rhs->value == 0) {
			diag_error(c->d, e->rhs->off, e->rhs->len, "%s", _("division by zero"));
			return -1;
		}
		return ck_expr_bin(c, e->op, l, r);
	}
	return -1;
}

/* ---- ops ---- */

static int
ck_emit(struct ck *c, enum prog_opcode code, unsigned flags, size_t off)
{
	struct prog_actor *pa = c->pa;
	struct prog_op *op;

	pa->ops = xgrow(pa->ops, &c->aops, pa->nops + 1, sizeof *pa->ops);
	op = &pa->ops[pa->nops];
	memset(op, 0, sizeof *op);
	op->code = code;
	op->flags = flags;
	op->res = op->dst = op->expr = op->target = op->actor = op->region = op->text = -1;
	op->family = -1;
	op->loc = ck_loc(c, off);
	return (int)pa->nops++;
}

static int
ck_here(const struct ck *c)
{
	return (int)c->pa->nops;
}

static void
ck_patch(struct ck *c, int op, int target)
{
	c->pa->ops[op].target = target;
}

static int
ck_temp(struct ck *c)
{
	if (c->temp < 0)
		c->temp = ck_add_local(c, "$t0");
	return c->temp;
}

static int
ck_region(struct ck *c, const char *name)
{
	struct prog_variant *v = c->v;
	for (size_t i = 0; i < v->nregions; i++)
		if (strcmp(v->regions[i], name) == 0)
			return (int)i;
	v->regions = xgrow(v->regions, &c->aregions, v->nregions + 1, sizeof *v->regions);
	v->regions[v->nregions] = xstrdup(name);
	return (int)v->nregions++;
}

static void ck_block(struct ck *c, const struct scn_block *b);

static void
ck_open_push(struct ck *c, bool critical, int index)
{
	c->open = xgrow(c->open, &c->aopen, c->nopen + 1, sizeof *c->open);
	c->open[c->nopen].critical = critical;
	c->open[c->nopen].index = index;
	c->nopen++;
}

static void
ck_loop_push(struct ck *c, int top)
{
	struct ck_loop *l;
	c->loops = xgrow(c->loops, &c->aloops, c->nloops + 1, sizeof *c->loops);
	l = &c->loops[c->nloops++];
	memset(l, 0, sizeof *l);
	l->top = top;
	l->nopen = c->nopen;
}

/* Ends the innermost loop: breaks jump to END, continues to CONT. */
static void
ck_loop_pop(struct ck *c, int cont, int end)
{
	struct ck_loop *l = &c->loops[--c->nloops];
	for (size_t i = 0; i < l->nbreaks; i++)
		ck_patch(c, l->breaks[i], end);
	for (size_t i = 0; i < l->nconts; i++)
		ck_patch(c, l->conts[i], cont);
	free(l->breaks);
	free(l->conts);
}

static void
ck_lock_seen(struct ck *c, int res, size_t off, bool unlock)
{
	if (res < 0)
		return;
	if (unlock)
		c->unlocked[res] = true;
	else if (c->lock_off[res] == SIZE_MAX)
		c->lock_off[res] = off;
}

/* Ends the wait at OP: with `for D else {...}` (S->bounded) it is bounded by D
 * and times out into the else block, which the normal path jumps over. */
static void
ck_bound(struct ck *c, const struct scn_stmt *s, int op)
{
	int jump;

	if (!s->bounded)
		return;
	c->pa->ops[op].flags |= PROG_OPF_BOUNDED;
	c->pa->ops[op].dur_ns = s->dur_ns;
	jump = ck_emit(c, PROG_OP_JUMP, PROG_OPF_INTERNAL, s->off);
	ck_patch(c, op, ck_here(c));
	ck_block(c, &s->els);
	ck_patch(c, jump, ck_here(c));
}

/* The target of an assignment: a shared var/shm (>= 0 in *DECL) or a local (*LOCAL). */
static bool
ck_target(struct ck *c, const struct scn_name *name, int *decl, int *local)
{
	*decl = ck_find_decl(c, name->str);
	*local = -1;
	if (*decl >= 0) {
		enum prog_decl_kind k = c->v->decls[*decl].kind;
		ck_use(c, *decl);
		if (k != PROG_VAR && k != PROG_SHM) {
			diag_error(c->d, name->off, name->len,
			    _("'%s' is a %s; only var and shm hold values"), name->str, ck_kind_word(k));
			return false;
		}
		return true;
	}
	*local = ck_find_local(c, name->str);
	if (*local < 0) {
		struct diag *quiet = ck_unknown_begin(c, name->str);
		diag_error(c->d, name->off, name->len, _("unknown name '%s'"), name->str);
		ck_suggest(c, name->str, true, false);
		diag_hint(c->d, _("declare it with 'var %s', or make a local with 'let %s = ...'"),
		    name->str, name->str);
		ck_unknown_done(c, quiet);
		return false;
	}
	return true;
}

/* `local = shared` compiles to a load of the shared value into local DST (the
 * read of a "read, think, write back", which the engine records); true when E
 * is such a plain read and the load was emitted.  Longer expressions stay one
 * set that reads whatever shared values they name at that step. */
static bool
ck_load_into(struct ck *c, int e, int dst, size_t off)
{
	struct prog_variant *v = c->v;
	int decl, op;

	if (v->exprs[e].kind != PROG_EX_SHARED)
		return false;
	decl = v->exprs[e].index;
	if ((size_t)e == v->nexprs - 1)
		v->nexprs--;  /* the load names the declaration itself */
	op = ck_emit(c, PROG_OP_LOAD, 0, off);
	c->pa->ops[op].res = decl;
	c->pa->ops[op].dst = dst;
	return true;
}

static const char *
ck_actor_kind_word(enum prog_actor_kind k)
{
	return prog_actor_kind_name(k);
}

/* spawn or join of an actor, of a whole family, or of one member. */
static void
ck_spawn_join(struct ck *c, const struct scn_stmt *s)
{
	const struct ck_name *n = ck_name_find(c, s->name.str);
	bool spawn = s->kind == SCN_S_SPAWN;
	int own = c->actors[c->self].family, fam, a = -1, op;
	const struct scn_actor *sa;

	if (n == NULL && ck_past_limit(c))
		return;  /* perhaps one left out at the limit, which is reported */
	if (n == NULL) {
		diag_error(c->d, s->name.off, s->name.len, _("no actor is named '%s'"), s->name.str);
		ck_suggest(c, s->name.str, false, true);
		return;
	}
	if (n->family >= 0) {
		fam = n->family;
		sa = c->actors[c->v->families[fam].first].a;
	} else {
		a = n->actor;
		fam = c->actors[a].family;
		sa = c->actors[a].a;
	}
	if (fam >= 0 && fam == own) {
		diag_error(c->d, s->name.off, s->name.len,
		    spawn ? _("the members of a family cannot spawn their own family's members")
		    : _("the members of a family cannot join their own family's members"));
		diag_hint(c->d, "%s", _("every member runs the same statements; start and wait for them from another actor"));
		return;
	}
	if (a == c->self) {
		diag_error(c->d, s->name.off, s->name.len,
		    spawn ? _("an actor cannot spawn itself") : _("an actor cannot join itself"));
		return;
	}
	if (spawn && !sa->idle) {
		if (fam >= 0) {
			diag_error(c->d, s->name.off, s->name.len,
			    _("%s family '%s' is not idle: its members start by themselves"),
			    ck_actor_kind_word(sa->kind), sa->name.str);
			diag_hint(c->d, _("declare it 'idle %s \"%s\" * %d' to start its members with spawn"),
			    ck_actor_kind_word(sa->kind), sa->name.str, sa->count);
		} else {
			diag_error(c->d, s->name.off, s->name.len,
			    _("%s '%s' is not idle: it starts by itself"),
			    ck_actor_kind_word(sa->kind), s->name.str);
			diag_hint(c->d, _("declare it 'idle %s \"%s\"' to start it with spawn"),
			    ck_actor_kind_word(sa->kind), s->name.str);
		}
		return;
	}
	if (spawn)
		c->actors[fam >= 0 ? c->v->families[fam].first : a].spawned = true;
	op = ck_emit(c, spawn ? PROG_OP_SPAWN : PROG_OP_JOIN, 0, s->off);
	c->pa->ops[op].actor = a;
	c->pa->ops[op].family = a < 0 ? fam : -1;
	ck_bound(c, s, op);
}

/* Whether statement S may stand inside a transaction: reads, writes,
 * computation, narration and time, but nothing that waits for another
 * actor or outlives the block (see prog.h, PROG_OP_TX_BEGIN). */
static bool
ck_tx_allows(const struct scn_stmt *s)
{
	switch (s->kind) {
	case SCN_S_DUR:
		return s->code == PROG_OP_WORK || s->code == PROG_OP_SLEEP || s->code == PROG_OP_IO;
	case SCN_S_LET: case SCN_S_ASSIGN: case SCN_S_ADD: case SCN_S_ATOMIC:
	case SCN_S_SAY: case SCN_S_MARK: case SCN_S_REPEAT: case SCN_S_IF: case SCN_S_WHILE:
	case SCN_S_BREAK: case SCN_S_CONTINUE: case SCN_S_ASSERT: case SCN_S_FAIL:
		return true;
	default:
		return false;
	}
}

/* transaction { ... }: TX_BEGIN, the block, TX_COMMIT, on the variant's mutex. */
static void
ck_transaction(struct ck *c, const struct scn_stmt *s)
{
	size_t loops = c->tx_loops;
	int op;

	op = ck_emit(c, PROG_OP_TX_BEGIN, 0, s->off);
	c->pa->ops[op].res = c->tx_res;
	c->in_tx = true;
	c->tx_loops = c->nloops;
	ck_block(c, &s->body);
	c->in_tx = false;
	c->tx_loops = loops;
	op = ck_emit(c, PROG_OP_TX_COMMIT, 0, s->off);
	c->pa->ops[op].res = c->tx_res;
}

static void
ck_stmt(struct ck *c, const struct scn_stmt *s)
{
	enum prog_actor_kind kind = c->pa->kind;
	int op, op2, e, res, dst, top;

	if (c->in_tx && !ck_tx_allows(s)) {
		diag_error(c->d, s->off, s->len, _("'%.*s' cannot be inside a transaction"),
		    (int)s->len, c->f->buf + s->off);
		diag_hint(c->d, "%s", _("a transaction holds reads, writes, computation and time: its writes are applied together at its end, and nothing in it waits for another actor"));
		/* what it names is used, so no "never used" warning follows the error */
		if (s->name.str != NULL && (e = ck_find_decl(c, s->name.str)) >= 0)
			ck_use(c, e);
		return;
	}
	switch (s->kind) {
	case SCN_S_TRANSACTION:
		ck_transaction(c, s);
		return;
	case SCN_S_FAIL:
		op = ck_emit(c, PROG_OP_FAIL, 0, s->off);
		c->pa->ops[op].text = s->text;
		c->pa->ops[op].res = c->in_tx ? c->tx_res : -1;
		return;
	case SCN_S_ACTOR:
		return;  /* collected as an actor of its own */
	case SCN_S_DUR:
		if ((s->code == PROG_OP_AWAIT || s->code == PROG_OP_OFFLOAD_WORK
		    || s->code == PROG_OP_OFFLOAD_SLEEP) && kind != PROG_TASK) {
			diag_error(c->d, s->off, s->len, _("'%.*s' is only for loop tasks"),
			    (int)s->len, c->f->buf + s->off);
			if (s->code == PROG_OP_AWAIT)
				diag_hint(c->d, "%s", _("await suspends a loop task; in a thread use sleep"));
			else
				diag_hint(c->d, "%s", _("offload hands work to an event loop's thread pool; a thread or process can just work or sleep"));
			return;
		}
		op = ck_emit(c, s->code, 0, s->off);
		c->pa->ops[op].dur_ns = s->dur_ns;
		return;
	case SCN_S_RES: {
		unsigned mask;
		const char *word;
		switch (s->code) {
		case PROG_OP_LOCK: mask = 1u << PROG_MUTEX; word = "lock"; break;
		case PROG_OP_UNLOCK: mask = (1u << PROG_MUTEX) | (1u << PROG_RWLOCK); word = "unlock"; break;
		case PROG_OP_ACQUIRE: mask = 1u << PROG_SEMAPHORE; word = "acquire"; break;
		case PROG_OP_RELEASE: mask = 1u << PROG_SEMAPHORE; word = "release"; break;
		case PROG_OP_READ_LOCK: mask = 1u << PROG_RWLOCK; word = "read_lock"; break;
		default: mask = 1u << PROG_RWLOCK; word = "write_lock"; break;
		}
		res = ck_res(c, &s->name, mask, word);
		if (res < 0)
			return;
		op = ck_emit(c, s->code, 0, s->off);
		c->pa->ops[op].res = res;
		if (s->code == PROG_OP_LOCK || s->code == PROG_OP_READ_LOCK
		    || s->code == PROG_OP_WRITE_LOCK)
			ck_lock_seen(c, res, s->off, false);
		else if (s->code == PROG_OP_UNLOCK)
			ck_lock_seen(c, res, s->off, true);
		ck_bound(c, s, op);
		return;
	}
	case SCN_S_TRYLOCK:
		res = ck_res(c, &s->name, 1u << PROG_MUTEX, "trylock");
		if (res < 0)
			return;
		ck_lock_seen(c, res, s->off, false);
		op = ck_emit(c, PROG_OP_TRYLOCK, 0, s->off);
		c->pa->ops[op].res = res;
		c->pa->ops[op].dur_ns = s->dur_ns;
		op2 = ck_emit(c, PROG_OP_JUMP, PROG_OPF_INTERNAL, s->off);
		ck_patch(c, op, ck_here(c));
		ck_block(c, &s->els);
		ck_patch(c, op2, ck_here(c));
		return;
	case SCN_S_PUSH:
	case SCN_S_CALL:
	case SCN_S_REPLY: {
		enum prog_opcode code = s->kind == SCN_S_PUSH ? PROG_OP_PUSH
		    : s->kind == SCN_S_CALL ? PROG_OP_CALL : PROG_OP_REPLY;
		res = ck_res(c, &s->name, 1u << PROG_QUEUE, prog_opcode_name(code));
		e = ck_expr(c, s->expr);
		if (res < 0 || e < 0)
			return;
		op = ck_emit(c, code, 0, s->off);
		c->pa->ops[op].res = res;
		c->pa->ops[op].expr = e;
		ck_bound(c, s, op);
		return;
	}
	case SCN_S_POP: {
		int decl = -1;
		res = ck_res(c, &s->name, 1u << PROG_QUEUE, "pop");
		if (res < 0)
			return;
		if (s->into.str == NULL) {
			dst = ck_temp(c);
		} else if ((decl = ck_find_decl(c, s->into.str)) >= 0) {
			int l;
			if (!ck_target(c, &s->into, &decl, &l))
				return;
			dst = ck_temp(c);
		} else {
			dst = ck_find_local(c, s->into.str);
			if (dst < 0)
				dst = ck_add_local(c, s->into.str);
		}
		op = ck_emit(c, PROG_OP_POP, 0, s->off);
		c->pa->ops[op].res = res;
		c->pa->ops[op].dst = dst;
		if (decl >= 0) {
			op2 = ck_emit(c, PROG_OP_STORE, 0, s->off);
			c->pa->ops[op2].res = decl;
			c->pa->ops[op2].expr = ck_expr_local(c, dst);
		}
		ck_bound(c, s, op);  /* a timeout skips the store too */
		return;
	}
	case SCN_S_LET:
		e = ck_expr(c, s->expr);
		res = ck_find_decl(c, s->name.str);
		if (res >= 0) {
			diag_error(c->d, s->name.off, s->name.len,
			    _("'%s' is already declared as a %s; a local needs a name of its own"),
			    s->name.str, ck_kind_word(c->v->decls[res].kind));
			diag_hint(c->d, _("to change the shared value, write '%s = ...'"), s->name.str);
			return;
		}
		if (e < 0)
			return;
		dst = ck_find_local(c, s->name.str);
		if (dst < 0)
			dst = ck_add_local(c, s->name.str);
		if (ck_load_into(c, e, dst, s->off))
			return;
		op = ck_emit(c, PROG_OP_SET, 0, s->off);
		c->pa->ops[op].dst = dst;
		c->pa->ops[op].expr = e;
		return;
	case SCN_S_ASSIGN:
	case SCN_S_ADD: {
		int decl, local;
		if (!ck_target(c, &s->name, &decl, &local)) {
			(void)ck_expr(c, s->expr);
			return;
		}
		e = ck_expr(c, s->expr);
		if (e < 0)
			return;
		if (s->kind == SCN_S_ADD && decl >= 0) {
			/* load, then store: two steps, so another actor can run between them */
			int t = ck_temp(c);
			op = ck_emit(c, PROG_OP_LOAD, 0, s->off);
			c->pa->ops[op].res = decl;
			c->pa->ops[op].dst = t;
			e = ck_expr_bin(c, s->neg ? PROG_SUB : PROG_ADD, ck_expr_local(c, t), e);
		} else if (s->kind == SCN_S_ADD) {
			e = ck_expr_bin(c, s->neg ? PROG_SUB : PROG_ADD, ck_expr_local(c, local), e);
		} else if (decl < 0 && ck_load_into(c, e, local, s->off)) {
			return;
		}
		op = ck_emit(c, decl >= 0 ? PROG_OP_STORE : PROG_OP_SET, 0, s->off);
		c->pa->ops[op].res = decl;
		c->pa->ops[op].dst = local;
		c->pa->ops[op].expr = e;
		return;
	}
	case SCN_S_ATOMIC:
		res = ck_find_decl(c, s->name.str);
		e = ck_expr(c, s->expr);
		if (res < 0 && ck_find_local(c, s->name.str) >= 0) {
			diag_error(c->d, s->name.off, s->name.len,
			    _("'%s' is local to this actor; atomic is for shared values"), s->name.str);
			return;
		}
		res = ck_res(c, &s->name, (1u << PROG_VAR) | (1u << PROG_SHM), "atomic");
		if (res < 0 || e < 0)
			return;
		if (s->neg) {
			struct prog_expr ne = { .kind = PROG_EX_UNARY, .op = '-', .index = -1, .lhs = e, .rhs = -1 };
			e = ck_expr_add(c, ne);
		}
		op = ck_emit(c, PROG_OP_ATOMIC_ADD, 0, s->off);
		c->pa->ops[op].res = res;
		c->pa->ops[op].expr = e;
		return;
	case SCN_S_SPAWN:
	case SCN_S_JOIN:
		ck_spawn_join(c, s);
		return;
	case SCN_S_SAY:
		op = ck_emit(c, PROG_OP_SAY, 0, s->off);
		c->pa->ops[op].text = s->text;
		return;
	case SCN_S_MARK:
		op = ck_emit(c, PROG_OP_MARK_BEGIN, 0, s->off);
		c->pa->ops[op].text = s->text;
		ck_open_push(c, false, s->text);
		ck_block(c, &s->body);
		c->nopen--;
		op = ck_emit(c, PROG_OP_MARK_END, 0, s->off);
		c->pa->ops[op].text = s->text;
		return;
	case SCN_S_CRITICAL: {
		int r = ck_region(c, s->name.str);
		op = ck_emit(c, PROG_OP_ENTER, 0, s->off);
		c->pa->ops[op].region = r;
		ck_open_push(c, true, r);
		ck_block(c, &s->body);
		c->nopen--;
		op = ck_emit(c, PROG_OP_LEAVE, 0, s->off);
		c->pa->ops[op].region = r;
		return;
	}
	case SCN_S_ASSERT:
		e = ck_expr(c, s->expr);
		if (e < 0)
			return;
		op = ck_emit(c, PROG_OP_ASSERT, 0, s->off);
		c->pa->ops[op].expr = e;
		c->pa->ops[op].text = s->text;
		return;
	case SCN_S_IF:
		e = ck_expr(c, s->expr);
		op = ck_emit(c, PROG_OP_BRANCH, 0, s->off);
		c->pa->ops[op].expr = e;
		ck_block(c, &s->body);
		if (s->els.first) {
			op2 = ck_emit(c, PROG_OP_JUMP, PROG_OPF_INTERNAL, s->off);
			ck_patch(c, op, ck_here(c));
			ck_block(c, &s->els);
			ck_patch(c, op2, ck_here(c));
		} else {
			ck_patch(c, op, ck_here(c));
		}
		return;
	case SCN_S_WHILE:
		top = ck_here(c);
		e = ck_expr(c, s->expr);
		op = ck_emit(c, PROG_OP_BRANCH, 0, s->off);
		c->pa->ops[op].expr = e;
		ck_loop_push(c, top);
		ck_block(c, &s->body);
		op2 = ck_emit(c, PROG_OP_JUMP, PROG_OPF_INTERNAL, s->off);
		ck_patch(c, op2, top);
		ck_patch(c, op, ck_here(c));
		ck_loop_pop(c, top, ck_here(c));
		return;
	case SCN_S_REPEAT: {
		char slotname[32];
		int slot, cont;
		e = ck_expr(c, s->expr);
		if (s->expr->kind == SCN_E_NUM && s->expr->value > PROG_MAX_EXEC_OPS)
			diag_warning(c->d, s->expr->off, s->expr->len,
			    _("repeat %lld runs past the engine's limit of %d steps per actor"),
			    (long long)s->expr->value, PROG_MAX_EXEC_OPS);
		snprintf(slotname, sizeof slotname, "$r%d", c->nrepeat++);
		slot = ck_add_local(c, slotname);
		op = ck_emit(c, PROG_OP_SET, PROG_OPF_INTERNAL, s->off);
		c->pa->ops[op].dst = slot;
		c->pa->ops[op].expr = e;
		top = ck_here(c);
		op = ck_emit(c, PROG_OP_BRANCH, PROG_OPF_INTERNAL, s->off);
		c->pa->ops[op].expr = ck_expr_bin(c, PROG_GT, ck_expr_local(c, slot), ck_expr_const(c, 0));
		ck_loop_push(c, -1);
		ck_block(c, &s->body);
		cont = ck_here(c);
		op2 = ck_emit(c, PROG_OP_SET, PROG_OPF_INTERNAL, s->off);
		c->pa->ops[op2].dst = slot;
		c->pa->ops[op2].expr = ck_expr_bin(c, PROG_SUB, ck_expr_local(c, slot), ck_expr_const(c, 1));
		op2 = ck_emit(c, PROG_OP_JUMP, PROG_OPF_INTERNAL, s->off);
		ck_patch(c, op2, top);
		ck_patch(c, op, ck_here(c));
		ck_loop_pop(c, cont, ck_here(c));
		return;
	}
	case SCN_S_BREAK:
	case SCN_S_CONTINUE: {
		struct ck_loop *l;
		if (c->nloops == 0) {
			diag_error(c->d, s->off, s->len, _("'%.*s' outside while or repeat"),
			    (int)s->len, c->f->buf + s->off);
			return;
		}
		if (c->in_tx && c->nloops <= c->tx_loops) {
			diag_error(c->d, s->off, s->len, _("'%.*s' would leave the transaction before its end"),
			    (int)s->len, c->f->buf + s->off);
			diag_hint(c->d, "%s", _("put the loop inside the transaction, or the transaction inside the loop"));
			return;
		}
		l = &c->loops[c->nloops - 1];
		/* leave the regions and marks opened inside the loop */
		for (size_t i = c->nopen; i > l->nopen; i--) {
			op = ck_emit(c, c->open[i - 1].critical ? PROG_OP_LEAVE : PROG_OP_MARK_END, 0, s->off);
			if (c->open[i - 1].critical)
				c->pa->ops[op].region = c->open[i - 1].index;
			else
				c->pa->ops[op].text = c->open[i - 1].index;
		}
		op = ck_emit(c, PROG_OP_JUMP, PROG_OPF_INTERNAL, s->off);
		if (s->kind == SCN_S_BREAK) {
			l->breaks = xgrow(l->breaks, &l->abreaks, l->nbreaks + 1, sizeof *l->breaks);
			l->breaks[l->nbreaks++] = op;
		} else if (l->top >= 0) {
			ck_patch(c, op, l->top);
		} else {
			l->conts = xgrow(l->conts, &l->aconts, l->nconts + 1, sizeof *l->conts);
			l->conts[l->nconts++] = op;
		}
		return;
	}
	}
}

static void
ck_block(struct ck *c, const struct scn_block *b)
{
	for (const struct scn_stmt *s = b->first; s; s = s->next)
		ck_stmt(c, s);
}

static void
ck_actor(struct ck *c, int idx)
{
	struct ck_actor *ca = &c->actors[idx];
	const struct scn_actor *a = ca->a;
	struct prog_actor *pa = &c->v->actors[idx];

	pa->kind = a->kind;
	pa->name = ca->name;
	ca->name = NULL;
	pa->parent = ca->parent;
	pa->idle = a->idle;
	pa->family = ca->family;
	pa->member = ca->member;
	pa->loc = ck_loc(c, a->off);
	if (ca->member > 1) {
		/* the family's first member, compiled just before, owns the ops */
		const struct prog_actor *first = &c->v->actors[idx - ca->member + 1];
		pa->ops = first->ops;
		pa->nops = first->nops;
		pa->locals = first->locals;
		pa->nlocals = first->nlocals;
		pa->shared = true;
		return;
	}
	c->self = idx;
	c->pa = pa;
	c->aops = c->alocals = 0;
	c->temp = -1;
	c->nrepeat = 0;
	c->nloops = c->nopen = 0;
	c->in_tx = false;
	c->tx_loops = 0;
	for (size_t i = 0; i < c->v->ndecls; i++) {
		c->lock_off[i] = SIZE_MAX;
		c->unlocked[i] = false;
	}
	if (a->kind != PROG_LOOP)
		ck_block(c, &a->body);
	ck_emit(c, PROG_OP_END, 0, a->body.last ? a->body.last->off : a->off);
	if (!c->expects_deadlock)
		for (size_t i = 0; i < c->v->ndecls; i++)
			if (c->lock_off[i] != SIZE_MAX && !c->unlocked[i]) {
				diag_warning(c->d, c->lock_off[i], 1,
				    _("'%s' is locked by '%s' but never unlocked by it"),
				    c->v->decls[i].name, a->name.str);
				diag_hint(c->d, _("add 'unlock %s'; if the lesson is a deadlock, say 'expect deadlock'"),
				    c->v->decls[i].name);
			}
	c->pa = NULL;
}

/* ---- variants ---- */

static void
ck_decls(struct ck *c, const struct scn_scope *sc)
{
	struct prog_variant *v = c->v;

	for (const struct scn_decl *dc = sc->decls; dc; dc = dc->next) {
		int prev = ck_find_decl(c, dc->name.str);
		struct prog_decl *pd;
		if (prev >= 0) {
			diag_error(c->d, dc->name.off, dc->name.len, _("'%s' is already declared"),
			    dc->name.str);
			diag_note(c->d, c->decls[prev]->name.off, c->decls[prev]->name.len,
			    "%s", _("the first declaration is here"));
			continue;
		}
		v->decls = xgrow(v->decls, &c->adecls, v->ndecls + 1, sizeof *v->decls);
		c->decls = xrealloc(c->decls, c->adecls * sizeof *c->decls);
		c->decls[v->ndecls] = dc;
		pd = &v->decls[v->ndecls++];
		pd->kind = dc->kind;
		pd->name = xstrdup(dc->name.str);
		pd->init = dc->init;
		pd->capacity = dc->kind == PROG_QUEUE ? dc->capacity : 0;
		pd->prefer = dc->prefer;
		pd->fair = (dc->kind == PROG_MUTEX || dc->kind == PROG_RWLOCK) &&
		    dc->capacity == 1;  /* see parse_decl */
		pd->loc = ck_loc(c, dc->off);
	}
}

/* Reports NAME (of the actor or family A) when it is taken; true when it is. */
static bool
ck_name_taken(struct ck *c, const struct scn_actor *a, const char *name)
{
	const struct ck_name *n = ck_name_find(c, name);
	const struct scn_name *first;

	if (n == NULL)
		return false;
	first = ck_name_decl(c, n);
	if (strcmp(name, a->name.str) != 0)
		diag_error(c->d, a->name.off, a->name.len,
		    _("family '%s' would have a member named '%s', but there is already an actor of that name"),
		    a->name.str, name);
	else if (n->actor >= 0 && c->actors[n->actor].member > 0)
		diag_error(c->d, a->name.off, a->name.len,
		    _("'%s' is already the name of a member of family '%s'"), name, first->str);
	else
		diag_error(c->d, a->name.off, a->name.len, _("there is already an actor named '%s'"),
		    name);
	diag_note(c->d, first->off, first->len, "%s", _("the first one is here"));
	return true;
}

/* Checks the limits for N more actors of A's kind; false (reported) when one is passed. */
static bool
ck_limits(struct ck *c, const struct scn_actor *a, int n)
{
	if (c->nactors + (size_t)n > PROG_MAX_ACTORS) {
		if (!c->too_many_actors) {
			diag_error(c->d, a->off, a->len, _("more than %d actors"), PROG_MAX_ACTORS);
			if (a->count)
				diag_hint(c->d, _("each member of a family is an actor: this family brings the count to %zu"),
				    c->nactors + (size_t)n);
		}
		c->too_many_actors = true;
		return false;
	}
	if ((a->kind == PROG_THREAD || a->kind == PROG_LOOP)
	    && c->nthreads + n > PROG_MAX_THREADS) {
		if (!c->too_many_threads) {
			diag_error(c->d, a->off, a->len, _("more than %d threads"), PROG_MAX_THREADS);
			diag_hint(c->d, _("each thread, family member and loop is a thread of the system; this brings the count to %d"),
			    c->nthreads + n);
		}
		c->too_many_threads = true;
		return false;
	}
	if (a->kind == PROG_PROCESS && c->nprocesses + n > PROG_MAX_PROCESSES) {
		if (!c->too_many_processes) {
			diag_error(c->d, a->off, a->len, _("more than %d processes"), PROG_MAX_PROCESSES);
			if (a->count)
				diag_hint(c->d, _("each member of a family is a process: this family brings the count to %d"),
				    c->nprocesses + n);
		}
		c->too_many_processes = true;
		return false;
	}
	if (a->kind == PROG_THREAD || a->kind == PROG_LOOP)
		c->nthreads += n;
	else if (a->kind == PROG_PROCESS)
		c->nprocesses += n;
	return true;
}

/* Where a family's arrivals and deadline are allowed. */
static void
ck_family_clauses(struct ck *c, const struct scn_actor *a, int parent)
{
	if (a->count == 0 && a->kind == PROG_LOOP && (a->every_len || a->deadline_len)) {
		diag_error(c->d, a->every_len ? a->every_off : a->deadline_off,
		    a->every_len ? a->every_len : a->deadline_len, "%s",
		    _("a loop is not a family and takes no 'every' or 'deadline'"));
		diag_hint(c->d, "%s", _("make its tasks a family: loop L { task \"Request\" * 100 every 10ms { ... } }"));
		return;
	}
	if (a->count == 0) {
		if (a->every_len) {
			diag_error(c->d, a->every_off, a->every_len, "%s", _("'every' is for a family of actors"));
			diag_hint(c->d, _("give a count after the name, as in %s \"%s\" * 10 every ..."),
			    ck_actor_kind_word(a->kind), a->name.str);
		}
		if (a->deadline_len) {
			diag_error(c->d, a->deadline_off, a->deadline_len, "%s", _("'deadline' is for a family of actors"));
			diag_hint(c->d, _("give a count after the name, as in %s \"%s\" * 10 deadline ..."),
			    ck_actor_kind_word(a->kind), a->name.str);
		}
		return;
	}
	if (a->every_len && a->idle) {
		diag_error(c->d, a->every_off, a->every_len, "%s", _("an idle family takes no 'every': its members arrive when they are spawned"));
		diag_hint(c->d, "%s", _("drop 'idle' to have them arrive by themselves, or 'every' to start them with spawn"));
	} else if (a->every_len && a->kind == PROG_THREAD && parent >= 0) {
		diag_error(c->d, a->every_off, a->every_len, "%s", _("threads inside a process start with it and take no 'every'"));
		diag_hint(c->d, "%s", _("'every' is for top-level thread and process families and for task families"));
	}
	if (a->kind == PROG_PROCESS)
		for (const struct scn_stmt *s = a->body.first; s; s = s->next)
			if (s->kind == SCN_S_ACTOR) {
				diag_error(c->d, s->off, s->len, "%s", _("the members of a process family cannot hold threads or loops"));
				diag_hint(c->d, "%s", _("declare a single process around them, or make the process's own statements the work"));
				return;
			}
}

/* Adds actor A (and its children) to the variant: a family adds its members,
 * contiguous, named "NAME 1" ... "NAME N". */
static void
ck_collect(struct ck *c, const struct scn_actor *a, int parent)
{
	struct prog_variant *v = c->v;
	int n, fam = -1;
	char **names;

	if (a == NULL)
		return;
	n = a->count ? a->count : 1;
	ck_family_clauses(c, a, parent);
	if (!ck_limits(c, a, n))
		return;
	if (ck_name_taken(c, a, a->name.str))
		return;
	names = xcalloc((size_t)n, sizeof *names);
	for (int k = 0; k < n; k++) {
		names[k] = a->count ? xasprintf("%s %d", a->name.str, k + 1) : xstrdup(a->name.str);
		if (a->count && ck_name_taken(c, a, names[k])) {
			for (int j = 0; j <= k; j++)
				free(names[j]);
			free(names);
			return;
		}
	}
	if (a->count) {
		struct prog_family *pf;
		v->families = xgrow(v->families, &c->afamilies, v->nfamilies + 1, sizeof *v->families);
		fam = (int)v->nfamilies++;
		pf = &v->families[fam];
		memset(pf, 0, sizeof *pf);
		pf->name = xstrdup(a->name.str);
		pf->kind = a->kind;
		pf->first = (int)c->nactors;
		pf->count = n;
		pf->parent = parent;
		pf->idle = a->idle;
		pf->every_ns = a->every_ns;
		pf->every_random = a->every_random;
		pf->deadline_ns = a->deadline_ns;
		pf->loc = ck_loc(c, a->off);
		ck_name_add(c, pf->name, -1, fam);
	}
	c->actors = xgrow(c->actors, &c->aactors, c->nactors + (size_t)n, sizeof *c->actors);
	for (int k = 0; k < n; k++) {
		struct ck_actor *ca = &c->actors[c->nactors];
		ca->a = a;
		ca->name = names[k];
		ca->parent = parent;
		ca->family = fam;
		ca->member = a->count ? k + 1 : 0;
		ca->spawned = false;
		ck_name_add(c, ca->name, (int)c->nactors, -1);
		c->nactors++;
	}
	free(names);
	if (a->kind == PROG_LOOP && a->body.first == NULL)
		diag_warning(c->d, a->off, a->len, _("loop '%s' has no tasks"), a->name.str);
	if (a->count && a->kind == PROG_PROCESS)
		return;  /* reported: a process family holds no actors */
	parent = (int)c->nactors - 1;
	for (const struct scn_stmt *s = a->body.first; s; s = s->next)
		if (s->kind == SCN_S_ACTOR)
			ck_collect(c, s->actor, parent);
}

/* Compiles condition X (an expect, or a choice's `when`) into PE; false
 * after an error (reported). */
static bool
ck_cond(struct ck *c, const struct scn_expect *x, struct prog_expect *pe)
{
	const struct ck_name *n;

	memset(pe, 0, sizeof *pe);
	pe->kind = x->kind;
	pe->mode = x->mode;
	pe->expr = -1;
	pe->actor = -1;
	pe->dur_ns = x->dur_ns;
	pe->loc = ck_loc(c, x->off);
	switch (x->kind) {
	case PROG_EXPECT_TRUE:
		/* no expression: a syntax error, reported, left it out */
		return x->expr != NULL && (pe->expr = ck_expr(c, x->expr)) >= 0;
	case PROG_EXPECT_FIRST:
		if (x->actor.str == NULL)
			return false;
		n = ck_name_find(c, x->actor.str);
		if (n == NULL && ck_past_limit(c))
			return false;
		if (n == NULL) {
			diag_error(c->d, x->actor.off, x->actor.len, _("no actor is named '%s'"), x->actor.str);
			ck_suggest(c, x->actor.str, false, true);
			return false;
		}
		if (n->actor < 0) {
			diag_error(c->d, x->actor.off, x->actor.len,
			    _("'%s' is a family: name one of its members"), x->actor.str);
			diag_hint(c->d, _("as in first \"%s 1\""), x->actor.str);
			return false;
		}
		pe->actor = n->actor;
		return true;
	default:
		return true;
	}
}

static void
ck_expects(struct ck *c, const struct scn_scope *sc)
{
	struct prog_variant *v = c->v;

	for (const struct scn_expect *x = sc->expects; x; x = x->next) {
		struct prog_expect pe;
		if (!ck_cond(c, x, &pe))
			continue;
		v->expects = xrealloc(v->expects, (v->nexpects + 1) * sizeof *v->expects);
		v->expects[v->nexpects++] = pe;
	}
}

/* Whether any actor of the variant has an op CODE. */
static bool
ck_has_op(const struct prog_variant *v, enum prog_opcode code)
{
	for (size_t i = 0; i < v->nactors; i++)
		for (size_t j = 0; j < v->actors[i].nops; j++)
			if (v->actors[i].ops[j].code == code)
				return true;
	return false;
}

/* The goal of CH must be reachable in principle: a critical region or an
 * assert to break.  False after an error (reported). */
static bool
ck_goal(struct ck *c, const struct scn_challenge *ch, struct prog_challenge *pc)
{
	struct prog_variant *v = c->v;

	pc->goal = ch->goal;
	pc->expr = -1;
	switch (ch->goal) {
	case PROG_GOAL_TRUE:
	case PROG_GOAL_FINAL:
		return ch->expr != NULL && (pc->expr = ck_expr(c, ch->expr)) >= 0;
	case PROG_GOAL_CRITICAL:
		if (v->nregions > 0)
			return true;
		diag_error(c->d, ch->goal_off, ch->goal_len, "%s",
		    _("the goal is two workers inside one critical region, but the variant has no critical region"));
		diag_hint(c->d, "%s", _("wrap the code that must not overlap in critical NAME { ... }"));
		return false;
	case PROG_GOAL_ASSERT:
		if (ck_has_op(v, PROG_OP_ASSERT))
			return true;
		diag_error(c->d, ch->goal_off, ch->goal_len, "%s",
		    _("the goal is a failed assert, but the variant has no assert"));
		return false;
	default:
		return true;
	}
}

/* The variant's challenge, from the file's top level or the variant's own
 * (one at most in all); texts are copied: a top-level one serves every variant. */
static void
ck_challenge(struct ck *c, const struct scn_scope *sc, const struct scn_challenge **first)
{
	struct prog_variant *v = c->v;

	for (const struct scn_challenge *ch = sc->challenges; ch; ch = ch->next) {
		struct prog_challenge pc = { .expr = -1 };
		if (*first != NULL) {
			diag_error(c->d, ch->off, ch->len, "%s", _("a variant has at most one challenge"));
			diag_note(c->d, (*first)->off, (*first)->len, "%s", _("the first one is here"));
			continue;
		}
		*first = ch;
		if (!ch->has_goal || !ck_goal(c, ch, &pc))
			continue;
		prog_text_copy(&pc.title, &ch->title);
		prog_text_copy(&pc.hint, &ch->hint);
		prog_text_copy(&pc.explain, &ch->explain);
		pc.loc = ck_loc(c, ch->off);
		v->challenge = xmalloc(sizeof *v->challenge);
		*v->challenge = pc;
	}
}

/* The variant's challenge (NULL when it has none). */
static const struct scn_challenge *
ck_challenges(struct ck *c, const struct scn_scope *top, const struct scn_scope *own)
{
	const struct scn_challenge *first = NULL;

	ck_challenge(c, top, &first);
	if (own)
		ck_challenge(c, own, &first);
	return first;
}

/* A question needs two choices or more, or one answer: false when it has neither (reported). */
static bool
ck_question_shape(struct ck *c, const struct scn_question *q)
{
	if (q->answer != NULL && q->choices != NULL) {
		diag_error(c->d, q->answer_off, q->answer_len, "%s",
		    _("a question has choices or an answer, not both"));
		return false;
	}
	if (q->answer == NULL && q->nchoices < 2) {
		diag_error(c->d, q->off, q->len, "%s", q->nchoices ? _("a question needs at least two choices")
		    : _("the question has neither choices nor an answer"));
		diag_hint(c->d, "%s", _("add choice \"...\" when CONDITION lines, or answer EXPR for a number to guess"));
		return false;
	}
	return true;
}

/* One rule for predictions and challenges: a question is a prediction about
 * a run the learner does not steer, and a challenge's run is steered by the
 * learner, so a variant with a challenge asks no question (CH, when not NULL).
 * False after the error (reported). */
static bool
ck_question_steered(struct ck *c, const struct scn_question *q, const struct scn_challenge *ch)
{
	if (ch == NULL)
		return true;
	diag_error(c->d, q->off, q->len, _("variant '%s' has a challenge, so it asks no question: "
	    "the learner steers a challenge's run, and a prediction is judged on a run nobody steers"),
	    c->v->name);
	diag_note(c->d, ch->off, ch->len, "%s", _("the challenge is here"));
	diag_hint(c->d, "%s", _("ask the question in a variant the learner watches"));
	return false;
}

static void
ck_questions(struct ck *c, const struct scn_scope *sc, const struct scn_challenge *chall)
{
	struct prog_variant *v = c->v;

	for (const struct scn_question *q = sc->questions; q; q = q->next) {
		struct prog_question pq = { .expr = -1 };
		if (!ck_question_steered(c, q, chall))
			continue;
		bool good = ck_question_shape(c, q);
		size_t i = 0;
		if (q->answer != NULL && (pq.expr = ck_expr(c, q->answer)) < 0)
			good = false;
		pq.kind = q->answer ? PROG_QUESTION_NUMBER : PROG_QUESTION_CHOICE;
		pq.choices = q->nchoices ? xcalloc(q->nchoices, sizeof *pq.choices) : NULL;
		for (const struct scn_choice *ch = q->choices; ch; ch = ch->next, i++)
			if (!ck_cond(c, &ch->when, &pq.choices[i].when))
				good = false;
		if (!good) {
			free(pq.choices);
			continue;
		}
		pq.nchoices = q->nchoices;
		i = 0;
		for (const struct scn_choice *ch = q->choices; ch; ch = ch->next, i++)
			prog_text_copy(&pq.choices[i].text, &ch->text);
		prog_text_copy(&pq.text, &q->text);
		prog_text_copy(&pq.explain, &q->explain);
		pq.loc = ck_loc(c, q->off);
		v->questions = xrealloc(v->questions, (v->nquestions + 1) * sizeof *v->questions);
		v->questions[v->nquestions++] = pq;
	}
}

static void
ck_schedule(struct ck *c, const struct scn_scope *sc)
{
	struct prog_variant *v = c->v;
	size_t cap = 0;

	for (const struct scn_sched *e = sc->sched; e; e = e->next) {
		const struct ck_name *n = ck_name_find(c, e->name.str);
		int a;
		if (n == NULL && ck_past_limit(c))
			continue;
		if (n == NULL) {
			diag_error(c->d, e->name.off, e->name.len, _("no actor is named '%s'"), e->name.str);
			ck_suggest(c, e->name.str, false, true);
			continue;
		}
		/* a family: any ready member moves */
		a = n->family >= 0 ? PROG_SCHED_FAMILY(n->family) : n->actor;
		if (n->actor >= 0 && c->actors[a].a->kind == PROG_LOOP) {
			diag_error(c->d, e->name.off, e->name.len,
			    _("loop '%s' takes no steps of its own; name its tasks"), e->name.str);
			continue;
		}
		if (v->nschedule + (size_t)e->times > 100000) {
			diag_error(c->d, e->name.off, e->name.len, "%s", _("a schedule can be at most 100000 steps long"));
			return;
		}
		v->schedule = xgrow(v->schedule, &cap, v->nschedule + (size_t)e->times, sizeof *v->schedule);
		for (int i = 0; i < e->times; i++)
			v->schedule[v->nschedule++] = a;
	}
}

static bool
ck_scope_expects_deadlock(const struct scn_scope *sc)
{
	for (const struct scn_expect *x = sc->expects; x; x = x->next)
		if (x->kind == PROG_EXPECT_DEADLOCK)
			return true;
	return false;
}

/* Where the first transaction statement in B (or an actor inside it) is, + 1; 0: none. */
static size_t
ck_block_tx(const struct scn_block *b)
{
	for (const struct scn_stmt *s = b->first; s; s = s->next) {
		size_t at = 0;
		if (s->kind == SCN_S_TRANSACTION)
			return s->off + 1;
		if (s->kind == SCN_S_ACTOR && s->actor)
			at = ck_block_tx(&s->actor->body);
		if (at == 0)
			at = ck_block_tx(&s->body);
		if (at == 0)
			at = ck_block_tx(&s->els);
		if (at)
			return at;
	}
	return 0;
}

static size_t
ck_scope_tx(const struct scn_scope *sc)
{
	size_t at = 0;
	for (const struct scn_actor *a = sc ? sc->actors : NULL; a && at == 0; a = a->next)
		at = ck_block_tx(&a->body);
	return at;
}

/* A variant with transactions gets a fair mutex named `transaction` (a
 * keyword, so no declaration can take the name): one transaction at a time,
 * in arrival order, as a database's write lock.  Returns its index, or -1. */
static int
ck_tx_decl(struct ck *c, const struct scn_scope *top, const struct scn_scope *own)
{
	struct prog_variant *v = c->v;
	struct prog_decl *pd;
	size_t at = ck_scope_tx(top);

	if (at == 0)
		at = ck_scope_tx(own);
	if (at-- == 0)
		return -1;
	memset(&c->tx_decl, 0, sizeof c->tx_decl);
	c->tx_decl.kind = PROG_MUTEX;
	c->tx_decl.name.str = "transaction";
	c->tx_decl.name.off = c->tx_decl.off = at;
	c->tx_decl.name.len = c->tx_decl.len = strlen("transaction");
	c->tx_decl.used = true;
	v->decls = xgrow(v->decls, &c->adecls, v->ndecls + 1, sizeof *v->decls);
	c->decls = xrealloc(c->decls, c->adecls * sizeof *c->decls);
	c->decls[v->ndecls] = &c->tx_decl;
	pd = &v->decls[v->ndecls++];
	memset(pd, 0, sizeof *pd);
	pd->kind = PROG_MUTEX;
	pd->name = xstrdup("transaction");
	pd->fair = true;
	pd->loc = ck_loc(c, at);
	return (int)v->ndecls - 1;
}

static void
ck_variant(struct ck *c, const struct scn_variant *sv)
{
	struct prog_variant *v = c->v;
	const struct scn_scope *top = &c->f->top, *own = sv ? &sv->scope : NULL;

	if (sv) {
		v->name = xstrdup(sv->name.str);
		v->title = sv->title;
		memset((void *)&sv->title, 0, sizeof sv->title);
		v->loc = ck_loc(c, sv->off);
	} else {
		v->name = xstrdup("main");
		v->loc = ck_loc(c, 0);
	}
	ck_decls(c, top);
	if (own)
		ck_decls(c, own);
	c->tx_res = ck_tx_decl(c, top, own);
	c->lock_off = xcalloc(v->ndecls + 1, sizeof *c->lock_off);
	c->unlocked = xcalloc(v->ndecls + 1, sizeof *c->unlocked);
	c->nactors = 0;
	c->nthreads = c->nprocesses = 0;
	c->too_many_actors = c->too_many_threads = c->too_many_processes = false;
	c->afamilies = 0;
	c->nnames = c->anames = 0;
	c->names = NULL;
	for (const struct scn_actor *a = top->actors; a; a = a->next)
		ck_collect(c, a, -1);
	if (own)
		for (const struct scn_actor *a = own->actors; a; a = a->next)
			ck_collect(c, a, -1);
	c->expects_deadlock = ck_scope_expects_deadlock(top) || (own && ck_scope_expects_deadlock(own));
	v->actors = xcalloc(c->nactors + 1, sizeof *v->actors);
	v->nactors = c->nactors;
	for (size_t i = 0; i < c->nactors; i++)
		ck_actor(c, (int)i);
	if (c->nactors == 0)
		diag_error(c->d, sv ? sv->off : 0, sv ? sv->len : 1, "%s",
		    sv ? _("the variant has no actors") : _("the scenario has no actors"));
	for (size_t i = 0; i < c->nactors; i++)
		if (c->actors[i].a->idle && !c->actors[i].spawned && c->actors[i].member <= 1) {
			const struct scn_actor *a = c->actors[i].a;
			diag_warning(c->d, a->name.off, a->name.len,
			    _("%s '%s' is idle and nothing spawns it: it can never run"),
			    ck_actor_kind_word(a->kind), a->name.str);
		}
	ck_expects(c, top);
	if (own)
		ck_expects(c, own);
	const struct scn_challenge *ch = ck_challenges(c, top, own);
	ck_questions(c, top, ch);
	if (own)
		ck_questions(c, own, ch);
	ck_schedule(c, own && own->sched ? own : top);
	/* each option the variant sets replaces the top level's */
	if (own && own->has_gil) {
		v->options.gil = own->options.gil;
		v->options.gil_switch_ns = own->options.gil_switch_ns;
	} else if (top->has_gil) {
		v->options.gil = top->options.gil;
		v->options.gil_switch_ns = top->options.gil_switch_ns;
	}
	v->options.cpus = own && own->has_cpus ? own->options.cpus
	    : top->has_cpus ? top->options.cpus : 0;
	v->options.max_threads = own && own->has_max_threads ? own->options.max_threads
	    : top->has_max_threads ? top->options.max_threads : 0;
	v->options.stack_bytes = own && own->has_stack ? own->options.stack_bytes
	    : top->has_stack ? top->options.stack_bytes : 0;
	v->options.stack_touched = own && own->has_stack ? own->options.stack_touched
	    : top->has_stack && top->options.stack_touched;
	free(c->names);
	c->names = NULL;
	c->nnames = c->anames = 0;
	free(c->lock_off);
	free(c->unlocked);
	c->lock_off = NULL;
	c->unlocked = NULL;
}

static void
ck_unused(struct ck *c, const struct scn_scope *sc)
{
	for (const struct scn_decl *dc = sc->decls; dc; dc = dc->next)
		if (!dc->used)
			diag_warning(c->d, dc->name.off, dc->name.len,
			    _("%s '%s' is declared but never used"), prog_decl_kind_name(dc->kind),
			    dc->name.str);
}

/* The file's name without its directory and .ks. */
static char *
ck_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".ks") == 0)
		n -= 3;
	return xstrndup(base, n);
}

struct prog *
scn_check(struct scn_file *f, const char *path, struct diag *d)
{
	struct prog *prog = xcalloc(1, sizeof *prog);
	struct ck c = { .f = f, .d = d, .prog = prog };
	size_t nv = f->nvariants ? f->nvariants : 1;
	const struct scn_variant *sv = f->variants;
	FILE *devnull = NULL;

	if (diag_errors(d) > 0) {
		/* After syntax errors only unknown names are reported (ck_unknown_begin):
		 * anything else may follow from a statement the parser skipped. */
		devnull = fopen("/dev/null", "w");
		if (devnull == NULL)
			return prog;
		c.loud = d;
		c.d = d = diag_new(devnull);
		diag_set_source(d, path, f->buf, f->len);
	}
	if (f->title.text == NULL) {
		diag_warning(d, 0, 1, "%s", _("the scenario has no title"));
		diag_hint(d, "%s", _("'kitchensync list' shows a blank title; add a line such as: title \"Two cooks, one order count\""));
	}
	prog->path = xstrdup(path);
	prog->name = f->name.str ? xstrdup(f->name.str) : ck_stem(path);
	prog->title = f->title;
	prog->summary = f->summary;
	prog->tutorial = f->tutorial;
	prog->texts = f->texts;
	prog->ntexts = f->ntexts;
	memset(&f->title, 0, sizeof f->title);
	memset(&f->summary, 0, sizeof f->summary);
	f->tutorial = NULL;
	f->texts = NULL;
	f->ntexts = f->atexts = 0;
	prog->variants = xcalloc(nv, sizeof *prog->variants);
	for (size_t i = 0; i < nv; i++) {
		if (sv) {
			for (size_t j = 0; j < i; j++)
				if (strcmp(prog->variants[j].name, sv->name.str) == 0) {
					diag_error(d, sv->name.off, sv->name.len,
					    _("there is already a variant named '%s'"), sv->name.str);
					break;
				}
		}
		c.v = &prog->variants[i];
		c.adecls = c.aactors = c.aexprs = c.aregions = 0;
		c.decls = NULL;
		c.actors = NULL;
		ck_variant(&c, sv);
		prog->nvariants++;
		free(c.decls);
		free(c.actors);
		if (sv)
			sv = sv->next;
	}
	free(c.loops);
	free(c.open);
	ck_unused(&c, &f->top);
	for (sv = f->variants; sv; sv = sv->next)
		ck_unused(&c, &sv->scope);
	if (devnull != NULL) {
		diag_free(d);
		fclose(devnull);
	}
	return prog;
}
