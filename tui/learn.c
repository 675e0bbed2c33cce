/* learn.c: questions before a run and their reveal after it; a challenge's
 * goal, hint and fewest steps. */
#include "config.h"

#include "learn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"
#include "goal.h"
#include "xalloc.h"

/* Bound on explore's search for the fewest steps and the hint: the screen
 * must not freeze on a large variant (a cut search answers "unknown"). */
#define LEARN_MAX_STATES 0  /* explore's default bound, as the challenges are written for */

void
learn_init(struct learn *l, const struct prog_variant *var)
{
	memset(l, 0, sizeof *l);
	l->var = var;
	l->fewest = -2;
	l->hint_actor = -1;
	if (var->nquestions > 0) {
		l->ask = LEARN_ASKING;
		l->answers = xcalloc(var->nquestions, sizeof *l->answers);
		for (size_t q = 0; q < var->nquestions; q++)
			l->answers[q].right = -1;
	}
}

void
learn_done(struct learn *l)
{
	free(l->answers);
	memset(l, 0, sizeof *l);
}

bool
learn_asking(const struct learn *l)
{
	return l->ask == LEARN_ASKING && l->q < l->var->nquestions;
}

bool
learn_has_challenge(const struct learn *l)
{
	return l->var != NULL && l->var->challenge != NULL;
}

/* ---- asking ------------------------------------------------------------------ */

bool
learn_ask_type(struct learn *l, int wc)
{
	const struct prog_question *q;
	size_t len = strlen(l->input);

	if (!learn_asking(l))
		return false;
	q = &l->var->questions[l->q];
	if (q->kind == PROG_QUESTION_CHOICE) {
		int k = wc >= '1' && wc <= '9' ? wc - '1' : wc >= 'a' && wc <= 'z' ? wc - 'a' :
		    wc >= 'A' && wc <= 'Z' ? wc - 'A' : -1;
		if (k < 0 || (size_t)k >= q->nchoices)
			return false;
		l->sel = k;
		return true;
	}
	if (!((wc >= '0' && wc <= '9') || (wc == '-' && len == 0)) || len + 1 >= sizeof l->input)
		return false;
	l->input[len] = (char)wc;
	l->input[len + 1] = '\0';
	return true;
}

void
learn_ask_move(struct learn *l, int delta)
{
	size_t n;

	if (!learn_asking(l) || (n = l->var->questions[l->q].nchoices) == 0)
		return;
	l->sel = (l->sel + delta % (int)n + (int)n) % (int)n;  /* round the ends */
}

void
learn_ask_erase(struct learn *l)
{
	size_t len = strlen(l->input);

	if (len > 0)
		l->input[len - 1] = '\0';
}

/* The next question, or the run when none is left. */
static void
learn_ask_next(struct learn *l)
{
	l->q++;
	l->sel = 0;
	l->input[0] = '\0';
	if (l->q >= l->var->nquestions)
		l->ask = LEARN_ASKED;
}

bool
learn_ask_answer(struct learn *l)
{
	const struct prog_question *q;
	struct learn_answer *a;

	if (!learn_asking(l))
		return false;
	q = &l->var->questions[l->q];
	a = &l->answers[l->q];
	if (q->kind == PROG_QUESTION_CHOICE) {
		a->choice = l->sel;
	} else {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(l->input, &end, 10);
		if (l->input[0] == '\0' || *end != '\0' || errno != 0)
			return false;
		a->number = (prog_value)v;
	}
	a->given = true;
	learn_ask_next(l);
	return true;
}

void
learn_ask_skip(struct learn *l)
{
	while (learn_asking(l))
		learn_ask_next(l);
}

/* ---- the reveal -------------------------------------------------------------- */

void
learn_reveal(struct learn *l, learn_judge_fn *judge, void *ctx)
{
	if (l->ask == LEARN_NONE || l->ask == LEARN_ASKING)
		return;
	for (size_t i = 0; i < l->var->nquestions; i++) {
		const struct prog_question *q = &l->var->questions[i];
		struct learn_answer *a = &l->answers[i];
		a->held = 0;
		a->right = -1;
		if (q->kind == PROG_QUESTION_NUMBER) {
			/* The number is the value of its expression over the final values. */
			struct prog_expect x = { .kind = PROG_EXPECT_TRUE, .expr = q->expr, .actor = -1 };
			a->real = 0;
			judge(ctx, &x, &a->real);  /* false only says the value is 0 */
			a->right = a->given ? a->number == a->real : -1;
			continue;
		}
		for (size_t c = 0; c < q->nchoices && c < 64; c++)
			if (judge(ctx, &q->choices[c].when, NULL))
				a->held |= (uint64_t)1 << c;
		/* More than one choice may hold: the one picked is right when it held. */
		if (a->given && a->choice >= 0 && (size_t)a->choice < 64)
			a->right = (a->held >> a->choice) & 1;
	}
	l->ask = LEARN_REVEALED;
	l->box = true;
}

/* ---- the challenge ------------------------------------------------------------- */

bool
learn_watch(struct learn *l, const struct tl *tl)
{
	struct goal_result r;

	if (!learn_has_challenge(l) || l->solved)
		return false;
	if (!goal_check(tl, &r) || !r.reached)
		return false;
	l->solved = true;
	l->steps = (unsigned)r.steps;
	l->box = true;
	l->hint = false;
	return true;
}

int
learn_fewest(struct learn *l)
{
	struct explore_path path;

	if (l->fewest != -2)
		return l->fewest;
	l->fewest = -1;
	if (learn_has_challenge(l) && explore_goal(l->var, LEARN_MAX_STATES, &path) == 0)
		l->fewest = (int)path.nsteps;
	free(path.steps);
	return l->fewest;
}

void
learn_hint(struct learn *l, const int *taken, size_t n)
{
	l->hint = true;
	l->hint_left = 0;
	l->hint_actor = learn_has_challenge(l) ? explore_hint(l->var, taken, n, &l->hint_left) : -1;
}
