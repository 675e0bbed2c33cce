/* view-text.c: ops, expressions, durations, states and events as the learner reads them. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "prog-print.h"
#include "view-text.h"

const char *
view_actor_name(const struct prog_variant *var, int a)
{
	static char pool[64][32];  /* the loop's pool threads come after the actors: "pool 1"... */

	if (var != NULL && a >= 0 && (size_t)a >= var->nactors && (size_t)a - var->nactors < 64) {
		size_t k = (size_t)a - var->nactors;
		snprintf(pool[k], sizeof pool[k], _("pool %d"), (int)k + 1);
		return pool[k];
	}
	if (var == NULL || a < 0 || (size_t)a >= var->nactors || var->actors[a].name == NULL)
		return "?";
	return var->actors[a].name;
}

const char *
view_decl_name(const struct prog_variant *var, int d)
{
	if (var == NULL || d < 0 || (size_t)d >= var->ndecls || var->decls[d].name == NULL)
		return "?";
	return var->decls[d].name;
}

const char *
view_dur_text(uint64_t ns, char *buf, size_t size)
{
	if (ns >= 1000000000ull && ns % 1000000000ull == 0)
		snprintf(buf, size, "%llus", (unsigned long long)(ns / 1000000000ull));
	else if (ns >= 1000000000ull)
		snprintf(buf, size, "%.2fs", (double)ns / 1e9);
	else if (ns >= 1000000ull && ns % 1000000ull == 0)
		snprintf(buf, size, "%llums", (unsigned long long)(ns / 1000000ull));
	else if (ns >= 1000000ull)
		snprintf(buf, size, "%.1fms", (double)ns / 1e6);
	else if (ns >= 1000ull)
		snprintf(buf, size, "%lluus", (unsigned long long)(ns / 1000ull));
	else
		snprintf(buf, size, "%lluns", (unsigned long long)ns);
	return buf;
}

static const char *const view_state_names[REC_ST_COUNT] = {
	[REC_ST_NEW] = N_("new"),
	[REC_ST_RUNNING] = N_("running"),
	[REC_ST_READY] = N_("ready"),
	[REC_ST_BLOCKED] = N_("blocked"),
	[REC_ST_SLEEPING] = N_("sleeping"),
	[REC_ST_IO] = N_("I/O"),
	[REC_ST_AWAITING] = N_("awaiting"),
	[REC_ST_JOINING] = N_("joining"),
	[REC_ST_DONE] = N_("done"),
	[REC_ST_DEADLOCKED] = N_("deadlock"),
	[REC_ST_FAILED] = N_("failed"),
	[REC_ST_TIMEDOUT] = N_("timed out"),
	[REC_ST_REFUSED] = N_("refused"),
};

const char *
view_state_name(enum rec_state st)
{
	if ((int)st < 0 || st >= REC_ST_COUNT)
		return "?";
	return _(view_state_names[st]);
}

/* What WRITE printed into BUF (SIZE bytes, cut to fit), as the program's own printer
 * (prog-print.h) writes it: `show` and the screen say an op the same way. */
static const char *
view_print(char *buf, size_t size, void (*write)(FILE *, const void *), const void *arg)
{
	FILE *f;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	f = fmemopen(buf, size, "w");
	if (f == NULL) {
		snprintf(buf, size, "?");
		return buf;
	}
	write(f, arg);
	if (fclose(f) != 0)
		buf[size - 1] = '\0';
	return buf;
}

struct view_print_op {
	const struct prog *prog;
	const struct prog_variant *var;
	int actor, op, expr;
};

static void
view_print_op_cb(FILE *out, const void *arg)
{
	const struct view_print_op *p = arg;
	const struct prog_actor *a = &p->var->actors[p->actor];

	prog_print_op(out, p->prog, p->var, a, &a->ops[p->op], prog_lang());
}

static void
view_print_expr_cb(FILE *out, const void *arg)
{
	const struct view_print_op *p = arg;

	prog_print_expr(out, p->var, p->actor >= 0 ? &p->var->actors[p->actor] : NULL, p->expr);
}

const char *
view_expr_text(const struct prog_variant *var, int actor, int expr, char *buf, size_t size)
{
	struct view_print_op p = { NULL, var, actor >= 0 && (size_t)actor < var->nactors ? actor : -1, -1, expr };

	return view_print(buf, size, view_print_expr_cb, &p);
}

const char *
view_op_text(const struct prog *prog, const struct prog_variant *var, int actor, int opi, char *buf,
    size_t size)
{
	struct view_print_op p = { prog, var, actor, opi, -1 };

	if (actor < 0 || (size_t)actor >= var->nactors || opi < 0 ||
	    (size_t)opi >= var->actors[actor].nops || prog == NULL) {
		snprintf(buf, size, "?");
		return buf;
	}
	return view_print(buf, size, view_print_op_cb, &p);
}

/* The text of a say / mark / assert, in the user's language. */
static const char *
view_text(const struct prog *prog, int64_t i)
{
	if (prog == NULL || i < 0 || (size_t)i >= prog->ntexts)
		return "?";
	return prog_text_get(&prog->texts[i], prog_lang());
}

const char *
view_event_text(const struct prog *prog, const struct prog_variant *var, const struct rec_event *ev,
    char *buf, size_t size)
{
	const char *a = view_actor_name(var, ev->actor);
	const char *o = view_actor_name(var, ev->other);
	const char *r = view_decl_name(var, ev->res);
	char op[96];

	switch ((enum rec_kind)ev->kind) {
	case REC_RUN_BEGIN: snprintf(buf, size, _("run begins")); break;
	case REC_RUN_END: snprintf(buf, size, _("run ends")); break;
	case REC_STATE:
		if (ev->res >= 0 && ev->other >= 0)
			snprintf(buf, size, _("%s: %s on %s (held by %s)"), a,
			    view_state_name(ev->state), r, o);
		else if (ev->res >= 0)
			snprintf(buf, size, _("%s: %s on %s"), a, view_state_name(ev->state), r);
		else
			snprintf(buf, size, "%s: %s", a, view_state_name(ev->state));
		break;
	case REC_OP:
		snprintf(buf, size, "%s: %s", a, view_op_text(prog, var, ev->actor, ev->op, op, sizeof op));
		break;
	case REC_LOCK_WAIT: snprintf(buf, size, _("%s waits for %s"), a, r); break;
	case REC_LOCK_ACQUIRE: snprintf(buf, size, _("%s gets %s"), a, r); break;
	case REC_LOCK_RELEASE: snprintf(buf, size, _("%s releases %s"), a, r); break;
	case REC_LOAD: snprintf(buf, size, _("%s reads %s = %" PRId64), a, r, ev->value); break;
	case REC_STORE: snprintf(buf, size, _("%s writes %s = %" PRId64), a, r, ev->value); break;
	case REC_LOST_UPDATE:
		snprintf(buf, size, _("LOST UPDATE: %s overwrote %s's write to %s"), a, o, r);
		break;
	case REC_PUSH: snprintf(buf, size, _("%s pushes %" PRId64 " onto %s"), a, ev->value, r); break;
	case REC_POP: snprintf(buf, size, _("%s pops %" PRId64 " from %s"), a, ev->value, r); break;
	case REC_SAY: snprintf(buf, size, "%s: \"%s\"", a, view_text(prog, ev->value)); break;
	case REC_MARK_BEGIN: snprintf(buf, size, _("%s: mark \"%s\""), a, view_text(prog, ev->value)); break;
	case REC_MARK_END: snprintf(buf, size, _("%s: end of mark"), a); break;
	case REC_SPAWN: snprintf(buf, size, _("%s starts %s"), a, o); break;
	case REC_WAKE: snprintf(buf, size, _("%s wakes %s"), a, o); break;
	case REC_EXIT:
		if (ev->value > 128)
			snprintf(buf, size, _("%s crashed (signal %" PRId64 ")"), a, ev->value - 128);
		else
			snprintf(buf, size, _("%s finished (%" PRId64 ")"), a, ev->value);
		break;
	case REC_MIGRATE: snprintf(buf, size, _("%s moves to cpu %u"), a, (unsigned)ev->cpu); break;
	case REC_DEADLOCK: snprintf(buf, size, _("DEADLOCK: %s waits for %s held by %s"), a, r, o); break;
	case REC_ASSERT_FAIL:
		if (ev->value < 0)  /* an unlock of what it did not hold */
			snprintf(buf, size, _("%s unlocks %s, which it does not hold"), a, r);
		else
			snprintf(buf, size, _("%s: assertion failed: %s"), a, view_text(prog, ev->value));
		break;
	case REC_CRITICAL: snprintf(buf, size, _("%s entered a critical region while %s was inside"), a, o); break;
	case REC_EXPECT:
		snprintf(buf, size, ev->value ? _("expectation %d met") : _("expectation %d NOT met"), ev->res + 1);
		break;
	case REC_VALUE_FINAL: snprintf(buf, size, _("final %s = %" PRId64), r, ev->value); break;
	case REC_ARRIVE: snprintf(buf, size, _("%s arrives"), a); break;
	case REC_TIMEOUT: snprintf(buf, size, _("%s timed out: its client gave up"), a); break;
	case REC_REFUSED: snprintf(buf, size, _("%s refused: %s"), a, strerror((int)ev->value)); break;
	case REC_METRIC:
		snprintf(buf, size, ev->res == REC_METRIC_THREADS ? _("threads: %" PRId64) : _("memory: %" PRId64 " KiB"),
		    ev->value);
		break;
	case REC_KIND_COUNT: default: snprintf(buf, size, "?"); break;
	}
	return buf;
}

int
view_next_op(const struct prog_variant *var, int actor, int last)
{
	const struct prog_actor *pa;
	int pc;

	if (actor < 0 || (size_t)actor >= var->nactors)
		return -1;
	pa = &var->actors[actor];
	pc = last < 0 ? 0 : last + 1;
	for (int guard = 0; guard < 256; guard++) {
		const struct prog_op *op;
		if (pc < 0 || (size_t)pc >= pa->nops)
			return -1;
		op = &pa->ops[pc];
		if (!(op->flags & PROG_OPF_INTERNAL))
			return pc;
		if (op->code == PROG_OP_JUMP)
			pc = op->target;
		else
			pc++;  /* a check is taken as true: loops go round once more */
	}
	return -1;
}
