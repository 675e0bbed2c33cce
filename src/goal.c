/* goal.c: a challenge's goal judged from a run's events (see goal.h). */
#include "config.h"

#include "goal.h"

#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "i18n.h"
#include "prog-eval.h"
#include "xalloc.h"

struct goal {
	const struct prog_variant *v;
	const struct prog_challenge *ch;
	prog_value *values;   /* var / shm: the latest value seen; queue: its length */
	struct goal_result r;
	bool begun;           /* the values were checked before the first step */
};

struct goal *
goal_new(const struct prog_variant *var)
{
	struct goal *g;

	if (var == NULL || var->challenge == NULL)
		return NULL;
	g = xcalloc(1, sizeof *g);
	g->v = var;
	g->ch = var->challenge;
	g->values = xcalloc(var->ndecls + 1, sizeof *g->values);
	for (size_t d = 0; d < var->ndecls; d++)
		if (var->decls[d].kind == PROG_VAR || var->decls[d].kind == PROG_SHM)
			g->values[d] = var->decls[d].init;
	g->r.actor = -1;
	return g;
}

void
goal_free(struct goal *g)
{
	if (g == NULL)
		return;
	free(g->values);
	free(g);
}

static prog_value
goal_shared(void *ctx, int res)
{
	const struct goal *g = ctx;
	return res >= 0 && (size_t)res < g->v->ndecls ? g->values[res] : 0;
}

/* The goal's condition over the values seen so far. */
static bool
goal_holds(struct goal *g)
{
	struct prog_eval_env env = { .ctx = g, .shared = goal_shared, .qlen = goal_shared };
	return prog_eval(g->v, g->ch->expr, &env) != 0;
}

/* Applies EV to the values; true when one changed. */
static bool
goal_apply(struct goal *g, const struct rec_event *ev)
{
	bool ok = ev->res >= 0 && (size_t)ev->res < g->v->ndecls;
	prog_value *x = ok ? &g->values[ev->res] : NULL;
	prog_value old = x ? *x : 0;

	if (x == NULL)
		return false;
	switch (ev->kind) {
	case REC_STORE:
	case REC_LOAD:
		*x = ev->value;
		break;
	case REC_VALUE_FINAL:
		if (ev->actor >= 0)
			return false;  /* a process's own copy; the main copy is the answer */
		*x = ev->value;
		break;
	case REC_PUSH:
		(*x)++;
		break;
	case REC_POP:
		if (*x > 0)
			(*x)--;
		break;
	default:
		return false;
	}
	return *x != old;
}

/* Whether EV itself reaches the goal. */
static bool
goal_event(struct goal *g, const struct rec_event *ev, bool changed)
{
	switch (g->ch->goal) {
	case PROG_GOAL_LOST:
		return ev->kind == REC_LOST_UPDATE;
	case PROG_GOAL_ASSERT:
		return ev->kind == REC_ASSERT_FAIL;
	case PROG_GOAL_CRITICAL:
		return ev->kind == REC_CRITICAL;
	case PROG_GOAL_DEADLOCK:
		return ev->kind == REC_DEADLOCK
		    || (ev->kind == REC_RUN_END && ev->value == ENG_END_DEADLOCK);
	case PROG_GOAL_TRUE:
		/* the values before anything moved count too: a goal the run starts in */
		if (!g->begun && (ev->kind == REC_OP || ev->kind == REC_RUN_BEGIN)) {
			g->begun = true;
			if (goal_holds(g))
				return true;
		}
		return changed && ev->kind != REC_VALUE_FINAL && goal_holds(g);
	case PROG_GOAL_FINAL:
		return ev->kind == REC_RUN_END && ev->value == ENG_END_DONE && goal_holds(g);
	}
	return false;
}

bool
goal_feed(struct goal *g, const struct rec_event *ev)
{
	bool changed;

	if (g == NULL || g->r.reached)
		return false;
	g->r.events++;
	if (rec_event_is_step(ev, g->v->nactors))
		g->r.steps++;
	changed = goal_apply(g, ev);
	if (!goal_event(g, ev, changed))
		return false;
	g->r.reached = true;
	g->r.t_ns = ev->t_ns;
	g->r.actor = ev->kind == REC_RUN_END || ev->kind == REC_DEADLOCK
	    || ev->kind == REC_RUN_BEGIN ? -1 : ev->actor;
	return true;
}

void
goal_get(const struct goal *g, struct goal_result *out)
{
	if (g == NULL) {
		memset(out, 0, sizeof *out);
		out->actor = -1;
		return;
	}
	*out = g->r;
}

bool
goal_check(const struct tl *tl, struct goal_result *out)
{
	struct goal *g = goal_new(tl_variant(tl));
	struct rec_event ev;

	goal_get(g, out);
	if (g == NULL)
		return false;
	for (size_t i = tl_first(tl); i < tl_end(tl) && !g->r.reached; i++) {
		tl_event(tl, i, &ev);
		goal_feed(g, &ev);
	}
	goal_get(g, out);
	goal_free(g);
	return true;
}

const char *
goal_kind_text(enum prog_goal_kind kind)
{
	switch (kind) {
	case PROG_GOAL_TRUE:
		return _("the condition holds");
	case PROG_GOAL_FINAL:
		return _("every worker finishes with the condition holding");
	case PROG_GOAL_DEADLOCK:
		return _("the run deadlocks");
	case PROG_GOAL_ASSERT:
		return _("an assert fails");
	case PROG_GOAL_CRITICAL:
		return _("two workers are inside one critical region");
	case PROG_GOAL_LOST:
		return _("an update is lost");
	}
	return "?";
}
