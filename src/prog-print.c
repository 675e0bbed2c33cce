/* prog-print.c: prints a compiled program, one op a line. */
#include "config.h"

#include "prog-print.h"

#include <inttypes.h>
#include <string.h>

#include "i18n.h"

const char *
prog_print_dur(char *buf, size_t size, int64_t ns)
{
	static const struct { const char *unit; int64_t ns; } units[] = {
		{ "min", 60000000000LL }, { "s", 1000000000LL }, { "ms", 1000000LL }, { "us", 1000LL },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		int64_t u = units[i].ns;
		if (ns >= u || i == 3) {
			if (ns % u == 0)
				snprintf(buf, size, "%" PRId64 "%s", ns / u, units[i].unit);
			else if (i < 3 && ns % (u / 1000) == 0 && ns < 1000 * u)
				snprintf(buf, size, "%" PRId64 "%s", ns / (u / 1000),
				    units[i + 1].unit);
			else
				snprintf(buf, size, "%.6g%s", (double)ns / (double)u, units[i].unit);
			return buf;
		}
	}
	snprintf(buf, size, "0ms");
	return buf;
}

static int
prog_print_prec(const struct prog_expr *e)
{
	if (e->kind == PROG_EX_UNARY)
		return 6;
	if (e->kind != PROG_EX_BINARY)
		return 7;
	switch (e->op) {
	case PROG_OR: return 0;
	case PROG_AND: return 1;
	case PROG_EQ: case PROG_NE: return 2;
	case PROG_LT: case PROG_GT: case PROG_LE: case PROG_GE: return 3;
	case PROG_ADD: case PROG_SUB: return 4;
	default: return 5;
	}
}

static const char *
prog_print_binop(int op)
{
	switch (op) {
	case PROG_ADD: return "+";
	case PROG_SUB: return "-";
	case PROG_MUL: return "*";
	case PROG_DIV: return "/";
	case PROG_MOD: return "%";
	case PROG_LT: return "<";
	case PROG_GT: return ">";
	case PROG_LE: return "<=";
	case PROG_GE: return ">=";
	case PROG_EQ: return "==";
	case PROG_NE: return "!=";
	case PROG_AND: return "&&";
	case PROG_OR: return "||";
	}
	return "?";
}

static void
prog_print_sub(FILE *out, const struct prog_variant *v, const struct prog_actor *a, int i, int min)
{
	const struct prog_expr *e;
	int prec;

	if (i < 0 || (size_t)i >= v->nexprs) {
		fputs("?", out);
		return;
	}
	e = &v->exprs[i];
	prec = prog_print_prec(e);
	if (prec < min)
		fputc('(', out);
	switch (e->kind) {
	case PROG_EX_CONST:
		fprintf(out, "%" PRId64, e->value);
		break;
	case PROG_EX_LOCAL:
		fputs(a && e->index >= 0 && (size_t)e->index < a->nlocals ? a->locals[e->index] : "?", out);
		break;
	case PROG_EX_SHARED:
		fputs(e->index >= 0 && (size_t)e->index < v->ndecls ? v->decls[e->index].name : "?", out);
		break;
	case PROG_EX_QLEN:
		fprintf(out, "len(%s)", e->index >= 0 && (size_t)e->index < v->ndecls
		    ? v->decls[e->index].name : "?");
		break;
	case PROG_EX_ME:
		fputs("me", out);
		break;
	case PROG_EX_UNARY:
		fputc(e->op, out);
		prog_print_sub(out, v, a, e->lhs, 6);
		break;
	case PROG_EX_BINARY:
		prog_print_sub(out, v, a, e->lhs, prec);
		fprintf(out, " %s ", prog_print_binop(e->op));
		prog_print_sub(out, v, a, e->rhs, prec + 1);
		break;
	}
	if (prec < min)
		fputc(')', out);
}

void
prog_print_expr(FILE *out, const struct prog_variant *v, const struct prog_actor *actor, int expr)
{
	prog_print_sub(out, v, actor, expr, 0);
}

static const char *
prog_print_res(const struct prog_variant *v, int res)
{
	return res >= 0 && (size_t)res < v->ndecls ? v->decls[res].name : "?";
}

static const char *
prog_print_local(const struct prog_actor *a, int slot)
{
	return slot >= 0 && (size_t)slot < a->nlocals ? a->locals[slot] : "?";
}

static void
prog_print_text(FILE *out, const struct prog *prog, int text, const char *lang)
{
	const char *s = text >= 0 && (size_t)text < prog->ntexts
	    ? prog_text_get(&prog->texts[text], lang) : NULL;
	fprintf(out, " \"%s\"", s ? s : "");
}

const char *
prog_print_size(char *buf, size_t size, int64_t bytes)
{
	static const struct { const char *unit; int64_t bytes; } units[] = {
		{ "GiB", 1LL << 30 }, { "MiB", 1LL << 20 }, { "KiB", 1LL << 10 },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (bytes > 0 && bytes % units[i].bytes == 0) {
			snprintf(buf, size, "%" PRId64 "%s", bytes / units[i].bytes, units[i].unit);
			return buf;
		}
	snprintf(buf, size, "%" PRId64, bytes);
	return buf;
}

/* The actor or family a spawn or join names, e.g. "\"Cook\"" or "next of \"Handler\"". */
static void
prog_print_who(FILE *out, const struct prog_variant *v, const struct prog_op *op)
{
	if (op->family >= 0)
		fprintf(out, " %s \"%s\"", op->code == PROG_OP_SPAWN ? "next of" : "all of",
		    (size_t)op->family < v->nfamilies ? v->families[op->family].name : "?");
	else
		fprintf(out, " \"%s\"", op->actor >= 0 && (size_t)op->actor < v->nactors
		    ? v->actors[op->actor].name : "?");
}

void
prog_print_op(FILE *out, const struct prog *prog, const struct prog_variant *v,
    const struct prog_actor *a, const struct prog_op *op, const char *lang)
{
	char dur[32];

	fputs(prog_opcode_name(op->code), out);
	switch (op->code) {
	case PROG_OP_WORK: case PROG_OP_SLEEP: case PROG_OP_IO: case PROG_OP_AWAIT:
	case PROG_OP_OFFLOAD_WORK: case PROG_OP_OFFLOAD_SLEEP:
		fprintf(out, " %s", prog_print_dur(dur, sizeof dur, op->dur_ns));
		break;
	case PROG_OP_LOCK: case PROG_OP_UNLOCK: case PROG_OP_ACQUIRE: case PROG_OP_RELEASE:
	case PROG_OP_READ_LOCK: case PROG_OP_WRITE_LOCK: case PROG_OP_TX_BEGIN: case PROG_OP_TX_COMMIT:
		fprintf(out, " %s", prog_print_res(v, op->res));
		break;
	case PROG_OP_TRYLOCK:
		fprintf(out, " %s", prog_print_res(v, op->res));
		if (op->dur_ns > 0)
			fprintf(out, " for %s", prog_print_dur(dur, sizeof dur, op->dur_ns));
		fprintf(out, " else -> %d", op->target);
		break;
	case PROG_OP_PUSH: case PROG_OP_CALL: case PROG_OP_REPLY:
		fprintf(out, " %s ", prog_print_res(v, op->res));
		prog_print_expr(out, v, a, op->expr);
		break;
	case PROG_OP_POP:
		fprintf(out, " %s -> %s", prog_print_res(v, op->res), prog_print_local(a, op->dst));
		break;
	case PROG_OP_LOAD:
		fprintf(out, " %s -> %s", prog_print_res(v, op->res), prog_print_local(a, op->dst));
		break;
	case PROG_OP_STORE:
		fprintf(out, " %s = ", prog_print_res(v, op->res));
		prog_print_expr(out, v, a, op->expr);
		break;
	case PROG_OP_ATOMIC_ADD:
		fprintf(out, " %s += ", prog_print_res(v, op->res));
		prog_print_expr(out, v, a, op->expr);
		break;
	case PROG_OP_SET:
		fprintf(out, " %s = ", prog_print_local(a, op->dst));
		prog_print_expr(out, v, a, op->expr);
		break;
	case PROG_OP_BRANCH:
		fputc(' ', out);
		prog_print_expr(out, v, a, op->expr);
		fprintf(out, " else -> %d", op->target);
		break;
	case PROG_OP_JUMP:
		fprintf(out, " -> %d", op->target);
		break;
	case PROG_OP_SPAWN: case PROG_OP_JOIN:
		prog_print_who(out, v, op);
		break;
	case PROG_OP_SAY: case PROG_OP_MARK_BEGIN: case PROG_OP_MARK_END: case PROG_OP_FAIL:
		prog_print_text(out, prog, op->text, lang);
		break;
	case PROG_OP_ASSERT:
		fputc(' ', out);
		prog_print_expr(out, v, a, op->expr);
		prog_print_text(out, prog, op->text, lang);
		break;
	case PROG_OP_ENTER: case PROG_OP_LEAVE:
		fprintf(out, " \"%s\"", op->region >= 0 && (size_t)op->region < v->nregions
		    ? v->regions[op->region] : "?");
		break;
	case PROG_OP_END: case PROG_OP_COUNT:
		break;
	}
	if (op->flags & PROG_OPF_BOUNDED)
		fprintf(out, " for %s else -> %d", prog_print_dur(dur, sizeof dur, op->dur_ns), op->target);
}

/* The line of the first op of A that sets local SLOT, or 0. */
static int
prog_print_slot_line(const struct prog_actor *a, int slot)
{
	for (size_t i = 0; i < a->nops; i++)
		if (a->ops[i].code == PROG_OP_SET && a->ops[i].dst == slot)
			return a->ops[i].loc.line;
	return 0;
}

/* One line for each hidden local ("$t0", "$r0") of A: what the compiler made it for. */
static void
prog_print_hidden(FILE *out, const struct prog_actor *a)
{
	for (size_t i = 0; i < a->nlocals; i++) {
		const char *name = a->locals[i];
		if (name[0] != '$')
			continue;
		fprintf(out, _("      hidden %s: "), name);
		if (name[1] == 'r')
			fprintf(out, _("the counter of the repeat on line %d"),
			    prog_print_slot_line(a, (int)i));
		else if (name[1] == 't')
			fputs(_("a value held between two steps (a load or pop, then a store)"), out);
		else
			fputs(_("made by the compiler"), out);
		fputc('\n', out);
	}
}

void
prog_print_cond(FILE *out, const struct prog_variant *v, const struct prog_expect *x)
{
	char dur[32];

	switch (x->kind) {
	case PROG_EXPECT_TRUE:
		prog_print_expr(out, v, NULL, x->expr);
		break;
	case PROG_EXPECT_DEADLOCK:
		fputs("deadlock", out);
		break;
	case PROG_EXPECT_NO_DEADLOCK:
		fputs("no deadlock", out);
		break;
	case PROG_EXPECT_STALL:
		fputs("stall", out);
		break;
	case PROG_EXPECT_LIVELOCK:
		fputs("livelock", out);
		break;
	case PROG_EXPECT_LOSE:
		fputs("lose", out);
		break;
	case PROG_EXPECT_FAIL:
		fputs("fail", out);
		break;
	case PROG_EXPECT_ELAPSED_LT:
	case PROG_EXPECT_ELAPSED_GT:
		fprintf(out, "elapsed %c %s", x->kind == PROG_EXPECT_ELAPSED_LT ? '<' : '>',
		    prog_print_dur(dur, sizeof dur, x->dur_ns));
		break;
	case PROG_EXPECT_FIRST:
		fprintf(out, "first \"%s\"", x->actor >= 0 && (size_t)x->actor < v->nactors ?
		    v->actors[x->actor].name : "?");
		break;
	case PROG_EXPECT_COUNT:
		break;
	}
}

/* KEY "TEXT" on a line of its own, indented, when TEXT is given. */
static void
prog_print_text_line(FILE *out, const char *key, const struct prog_text *t, const char *lang)
{
	const char *s = prog_text_get(t, lang);
	if (s)
		fprintf(out, "  %s \"%s\"\n", key, s);
}

static void
prog_print_challenge(FILE *out, const struct prog_variant *v, const char *lang)
{
	static const char *const goals[] = {
		[PROG_GOAL_TRUE] = "", [PROG_GOAL_FINAL] = "final ", [PROG_GOAL_DEADLOCK] = "deadlock",
		[PROG_GOAL_ASSERT] = "assert", [PROG_GOAL_CRITICAL] = "critical", [PROG_GOAL_LOST] = "lost",
	};
	const struct prog_challenge *ch = v->challenge;

	if (ch == NULL)
		return;
	fprintf(out, "\nchallenge \"%s\"\n  goal %s", prog_text_get(&ch->title, lang), goals[ch->goal]);
	if (ch->expr >= 0)
		prog_print_expr(out, v, NULL, ch->expr);
	fputc('\n', out);
	prog_print_text_line(out, "hint", &ch->hint, lang);
	prog_print_text_line(out, "explain", &ch->explain, lang);
}

static void
prog_print_question(FILE *out, const struct prog_variant *v, const struct prog_question *q,
    const char *lang)
{
	fprintf(out, "\nquestion \"%s\"\n", prog_text_get(&q->text, lang));
	for (size_t i = 0; i < q->nchoices; i++) {
		fprintf(out, "  choice %c \"%s\" when ", (int)('a' + i % 26),
		    prog_text_get(&q->choices[i].text, lang));
		prog_print_cond(out, v, &q->choices[i].when);
		fputc('\n', out);
	}
	if (q->kind == PROG_QUESTION_NUMBER) {
		fputs("  answer ", out);
		prog_print_expr(out, v, NULL, q->expr);
		fputc('\n', out);
	}
	prog_print_text_line(out, "explain", &q->explain, lang);
}

void
prog_print_variant(FILE *out, const struct prog *prog, const struct prog_variant *v,
    const char *lang)
{
	const char *title = prog_text_get(&prog->title, lang);
	const char *vtitle = prog_text_get(&v->title, lang);
	char dur[32];

	fprintf(out, _("scenario %s"), prog->name);
	if (title)
		fprintf(out, ": %s", title);
	fputc('\n', out);
	fprintf(out, _("variant %s"), v->name);
	if (vtitle)
		fprintf(out, ": %s", vtitle);
	fputc('\n', out);
	if (v->options.gil)
		fprintf(out, _("option gil switch %s\n"), prog_print_dur(dur, sizeof dur, v->options.gil_switch_ns));
	if (v->options.cpus > 0)
		fprintf(out, _("option cpus %d\n"), v->options.cpus);
	if (v->options.max_threads > 0)
		fprintf(out, "option max_threads %d\n", v->options.max_threads);
	if (v->options.stack_bytes > 0)
		fprintf(out, "option stack %s%s\n", prog_print_size(dur, sizeof dur, v->options.stack_bytes),
		    v->options.stack_touched ? " touched" : "");
	for (size_t i = 0; i < v->ndecls; i++) {
		const struct prog_decl *dc = &v->decls[i];
		fprintf(out, "%s %s", prog_decl_kind_name(dc->kind), dc->name);
		if (dc->kind == PROG_VAR || dc->kind == PROG_SHM || dc->kind == PROG_SEMAPHORE)
			fprintf(out, " = %" PRId64, dc->init);
		if (dc->kind == PROG_QUEUE && dc->capacity > 0)
			fprintf(out, " capacity %d", dc->capacity);
		if (dc->kind == PROG_RWLOCK && dc->prefer == PROG_PREFER_WRITERS)
			fputs(" prefer writers", out);
		if ((dc->kind == PROG_MUTEX || dc->kind == PROG_RWLOCK) && dc->fair)
			fputs(" fair", out);
		fputc('\n', out);
	}
	fputs(_("(ops marked * are bookkeeping, not steps; locals named $... are hidden ones the compiler made)\n"), out);
	for (size_t i = 0; i < v->nactors; i++) {
		const struct prog_actor *a = &v->actors[i];
		const struct prog_family *fam = a->family >= 0 && (size_t)a->family < v->nfamilies
		    ? &v->families[a->family] : NULL;
		if (fam && a->member > 1)
			continue;  /* the family's ops are printed once, with its first member */
		fprintf(out, "\n%s%s \"%s\"", a->idle ? "idle " : "", prog_actor_kind_name(a->kind),
		    fam ? fam->name : a->name);
		if (fam) {
			fprintf(out, " * %d", fam->count);
			if (fam->every_ns > 0)
				fprintf(out, " every %s%s", fam->every_random ? "~" : "",
				    prog_print_dur(dur, sizeof dur, fam->every_ns));
			if (fam->deadline_ns > 0)
				fprintf(out, " deadline %s", prog_print_dur(dur, sizeof dur, fam->deadline_ns));
		}
		if (a->parent >= 0)
			fprintf(out, _(" in %s \"%s\""), prog_actor_kind_name(v->actors[a->parent].kind),
			    v->actors[a->parent].name);
		fprintf(out, _("  (line %d)\n"), a->loc.line);
		if (fam && fam->count > 1)
			fprintf(out, _("      members \"%s\" to \"%s\" run these ops; 'me' is 1 to %d\n"),
			    a->name, v->actors[fam->first + fam->count - 1].name, fam->count);
		else if (fam)
			fprintf(out, _("      member \"%s\" runs these ops; 'me' is 1\n"), a->name);
		prog_print_hidden(out, a);
		for (size_t j = 0; j < a->nops; j++) {
			const struct prog_op *op = &a->ops[j];
			fprintf(out, "%5zu  L%-4d %c ", j, op->loc.line,
			    (op->flags & PROG_OPF_INTERNAL) ? '*' : ' ');
			prog_print_op(out, prog, v, a, op, lang);
			fputc('\n', out);
		}
	}
	if (v->nexpects)
		fputc('\n', out);
	for (size_t i = 0; i < v->nexpects; i++) {
		fputs(v->expects[i].mode == PROG_ALWAYS ? "always " : v->expects[i].mode == PROG_CAN
		    ? "expect can " : "expect ", out);
		prog_print_cond(out, v, &v->expects[i]);
		fputc('\n', out);
	}
	prog_print_challenge(out, v, lang);
	for (size_t i = 0; i < v->nquestions; i++)
		prog_print_question(out, v, &v->questions[i], lang);
	if (v->nschedule) {
		fputs("schedule ", out);
		for (size_t i = 0; i < v->nschedule; i++) {
			int x = v->schedule[i];
			if (PROG_SCHED_IS_FAMILY(x))
				fprintf(out, _("%sany of \"%s\""), i ? ", " : "",
				    v->families[PROG_SCHED_FAMILY_OF(x)].name);
			else
				fprintf(out, "%s\"%s\"", i ? ", " : "", v->actors[x].name);
		}
		fputc('\n', out);
	}
}
