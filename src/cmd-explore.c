/* cmd-explore.c: `kitchensync explore`: every interleaving of a variant, and what each leads to. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "explore.h"
#include "i18n.h"
#include "prog.h"
#include "run-out.h"
#include "verdict.h"
#include "xalloc.h"

#define EXPLORE_SHOWN 12  /* outcomes printed in full by default; the rest in a line */

/* WORD as the shell reads it back: bare when it is plain, else in single quotes. */
static char *
ex_quote(const char *word)
{
	char *q, *t;
	if (*word != '\0' && strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+:=@%,-") ==
	    strlen(word))
		return xstrdup(word);
	q = xstrdup("'");
	for (const char *c = word; *c; c++) {
		t = *c == '\'' ? xasprintf("%s'\\''", q) : xasprintf("%s%c", q, *c);
		free(q);
		q = t;
	}
	t = xasprintf("%s'", q);
	free(q);
	return t;
}

static const char *
ex_name(const struct prog_variant *v, int a)
{
	return a >= 0 && (size_t)a < v->nactors ? v->actors[a].name : "?";
}

/* A count of schedules: exact while a double holds it exactly. */
static void
ex_count(FILE *out, double n)
{
	if (isinf(n))
		fputs(_("unboundedly many"), out);
	else if (n < 1e15)
		fprintf(out, "%.0f", n);
	else
		fprintf(out, "%.3g", n);
}

/* PATH as a --schedule list: "Cook A*2,Cook B". */
static char *
ex_schedule(const struct prog_variant *v, const struct explore_path *pa)
{
	const int *path = pa->steps;
	size_t n = pa->nsteps;
	char *s = xstrdup("");
	for (size_t i = 0; i < n;) {
		size_t j = i;
		char *t;
		while (j < n && path[j] == path[i])
			j++;
		if (j - i > 1)
			t = xasprintf("%s%s%s*%zu", s, *s ? "," : "", ex_name(v, path[i]), j - i);
		else
			t = xasprintf("%s%s%s", s, *s ? "," : "", ex_name(v, path[i]));
		free(s);
		s = t;
		i = j;
	}
	return s;
}

/* What outcome O is, in a phrase. */
static void
ex_what(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_outcome *o)
{
	const struct prog_op *op = o->actor >= 0 && o->op >= 0 && (size_t)o->actor < v->nactors &&
	    (size_t)o->op < v->actors[o->actor].nops ? &v->actors[o->actor].ops[o->op] : NULL;

	switch (o->end) {
	case EXPLORE_FINISHED:
		fputs(_("finished"), out);
		break;
	case EXPLORE_DEADLOCK:
		fprintf(out, _("deadlocked (a cycle of waits through %s)"), ex_name(v, o->actor));
		break;
	case EXPLORE_STALLED:
		fputs(_("stalled (everyone left waits for something nobody will do)"), out);
		break;
	case EXPLORE_ASSERT:
		fprintf(out, _("assert failed in %s, line %d: %s"), ex_name(v, o->actor), op ? op->loc.line : 0,
		    op && op->text >= 0 && (size_t)op->text < prog->ntexts ?
		    prog_text_get(&prog->texts[op->text], prog_lang()) : "?");
		break;
	case EXPLORE_CRITICAL:
		fprintf(out, _("%s entered critical region %s while %s was inside"), ex_name(v, o->actor),
		    o->region >= 0 && (size_t)o->region < v->nregions ? v->regions[o->region] : "?",
		    ex_name(v, o->other));
		break;
	case EXPLORE_NOTHELD:
		fprintf(out, _("%s, line %d, let go of %s without holding it"), ex_name(v, o->actor),
		    op ? op->loc.line : 0, o->region >= 0 && (size_t)o->region < v->ndecls ?
		    v->decls[o->region].name : "?");
		break;
	case EXPLORE_INVARIANT: {
		char *src = o->region >= 0 && (size_t)o->region < v->nexpects ?
		    prog_source_line(prog, v->expects[o->region].loc.line) : NULL;
		fprintf(out, _("stopped: an invariant was broken (%s)"), src ? src : "always");
		free(src);
		break;
	}
	}
}

static void
ex_outcome(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_outcome *o,
    size_t k)
{
	char *vals = run_out_values(v, o->values), *sched;

	fprintf(out, "  %zu. %s", k + 1, o->bad ? "✗ " : "");
	if (!o->bad && verdict_has_lesson(v))
		fputs(o->lesson ? _("the lesson: ") : _("lucky: "), out);
	ex_what(out, prog, v, o);
	if (*vals)
		fprintf(out, ": %s", vals);
	if (o->lost)
		fputs(_(" (an update was lost: a store wrote over a value it had not read)"), out);
	for (size_t a = 0; a < v->nactors && a < 64; a++)
		if (o->failed >> a & 1)
			fprintf(out, _(" (%s failed on the way)"), ex_name(v, (int)a));
	fputs("\n     ", out);
	fputs(_("reached by "), out);
	ex_count(out, o->schedules);
	fprintf(out, _(" schedule(s); the shortest takes %zu step(s)\n"), o->path.nsteps);
	for (size_t i = 0; i < v->nexpects; i++)
		if (o->met[i] == 0 && v->expects[i].mode != PROG_CAN) {
			char *src = prog_source_line(prog, v->expects[i].loc.line);
			fprintf(out, "     %s %s\n", _("expectation not met:"), src ? src : "expect");
			free(src);
		}
	sched = ex_schedule(v, &o->path);
	fprintf(out, "     %s %s\n", _("schedule:"), *sched ? sched : _("(none: it is where the run begins)"));
	if (o->path.timeouts > 0)
		fprintf(out, "     %s\n", _("(a bounded wait times out on the way: a replay cannot force that)"));
	free(sched);
	free(vals);
}

/* Bad outcomes first, then those that show the lesson, then the lucky
 * ones; each in the order found (nearest the start first). */
static size_t *
ex_order(const struct explore_result *r)
{
	size_t *ord = xcalloc(r->noutcomes + 1, sizeof *ord), n = 0;
	for (int tier = 0; tier < 3; tier++)
		for (size_t k = 0; k < r->noutcomes; k++) {
			const struct explore_outcome *o = &r->outcomes[k];
			if ((o->bad ? 0 : o->lesson ? 1 : 2) == tier)
				ord[n++] = k;
		}
	return ord;
}

static bool
ex_timed_expects(const struct prog_variant *v)
{
	for (size_t i = 0; i < v->nexpects; i++)
		if (v->expects[i].kind == PROG_EXPECT_ELAPSED_LT || v->expects[i].kind == PROG_EXPECT_ELAPSED_GT)
			return true;
	return false;
}

/* The scenario as the user named it (a file path stays a path), for the commands printed. */
static const char *ex_source;

/* PATH as a command that replays it, runnable as printed. */
static void
ex_watch(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_path *path)
{
	char *sched = ex_schedule(v, path), *qs = ex_quote(sched), *qv = ex_quote(v->name),
	     *qf = ex_quote(ex_source ? ex_source : prog->name);
	if (path->nsteps > 0) {
		fprintf(out, "  %s\n", _("watch it on real threads (after the schedule, the others take turns):"));
		fprintf(out, "  kitchensync run --headless --variant %s --schedule %s %s\n", qv, qs, qf);
	}
	free(sched);
	free(qs);
	free(qv);
	free(qf);
}

#define EX_SPIN_ROUNDS 3  /* rounds of a loop for ever written out for a replay */

/* A fair cycle without progress: the schedule into it and its loop
 * ("A*2,B, then (A,B) for ever"), and a command that replays a few rounds. */
static void
ex_spin(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_result *r)
{
	char *pre = ex_schedule(v, &r->spin_prefix), *loop = ex_schedule(v, &r->spin_loop), *sched = xstrdup(pre);
	char *qs, *qv = ex_quote(v->name), *qf = ex_quote(ex_source ? ex_source : prog->name);

	for (int i = 0; i < EX_SPIN_ROUNDS; i++) {
		char *t = xasprintf("%s%s%s", sched, *sched ? "," : "", loop);
		free(sched);
		sched = t;
	}
	qs = ex_quote(sched);
	fprintf(out, _("It can spin for ever: after %zu step(s), a loop of %zu step(s) can repeat for ever in which "
	    "every worker that can move does move, and none finishes or enters a critical region:\n"),
	    r->spin_prefix.nsteps, r->spin_loop.nsteps);
	fprintf(out, "     %s %s\n", _("schedule:"), *pre ? pre : _("(none: it is where the run begins)"));
	fprintf(out, "     %s %s\n", _("then for ever:"), loop);
	fprintf(out, "  %s\n", _("watch three rounds on real threads (after the schedule the others take turns, and "
	    "the loop may go on to the op limit):"));
	fprintf(out, "  kitchensync run --headless --variant %s --schedule %s %s\n", qv, qs, qf);
	if (r->spin_prefix.timeouts + r->spin_loop.timeouts > 0)
		fprintf(out, "  %s\n", _("(a bounded wait times out on the way: a replay cannot force that)"));
	free(pre);
	free(loop);
	free(sched);
	free(qs);
	free(qv);
	free(qf);
}

/* A challenge's goal: the fewest steps to it. */
static void
ex_challenge(FILE *out, const struct prog *prog, const struct prog_variant *v)
{
	struct explore_path path;
	const char *title = prog_text_get(&v->challenge->title, prog_lang());
	int rc = explore_goal(v, 0, &path);

	fprintf(out, _("\nChallenge: %s\n"), title ? title : "");
	if (rc == 0) {
		fprintf(out, _("  reachable: the fewest steps it takes are %zu:\n"), path.nsteps);
		ex_watch(out, prog, v, &path);
	} else if (rc == 1) {
		fputs(_("  not found within --max-states: the search was cut short\n"), out);
	} else {
		fputs(_("  no interleaving reaches it\n"), out);
	}
	free(path.steps);
}

/* The verdict on a loop for ever without progress (explore's livelock): into VD. */
static void
ex_spin_verdict(const struct prog_variant *v, struct verdict *vd)
{
	struct verdict_facts f;
	verdict_facts_init(&f);
	f.end = VERDICT_LIVELOCK;
	verdict_judge(vd, v, &f);
}

/* Demonstration I (`expect can ...`): how many schedules show it, and the
 * shortest way, into *SCHEDULES and *BEST (NULL: no end shows it).  A loop
 * for ever shows `can livelock`. */
static void
ex_shown(const struct explore_result *r, size_t i, const struct verdict *spin, double *schedules,
    const struct explore_outcome **best)
{
	*schedules = 0;
	*best = NULL;
	for (size_t k = 0; k < r->noutcomes; k++) {
		const struct explore_outcome *o = &r->outcomes[k];
		if (o->met[i] != 1)
			continue;
		*schedules += o->schedules;
		if (*best == NULL || o->path.nsteps < (*best)->path.nsteps)
			*best = o;
	}
	if (r->spins && spin->marks[i] == VERDICT_SHOWN)
		*schedules = INFINITY;
}

/* The lesson: each demonstration, shown or not; whether all are. */
static bool
ex_lesson(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_result *r,
    const struct verdict *spin)
{
	bool all = true;
	for (size_t i = 0; i < v->nexpects; i++) {
		const struct prog_expect *x = &v->expects[i];
		char *src;
		double n;
		const struct explore_outcome *best;
		if (x->mode != PROG_CAN)
			continue;
		src = prog_source_line(prog, x->loc.line);
		ex_shown(r, i, spin, &n, &best);
		if (n > 0) {
			fprintf(out, _("The lesson holds: this can happen (%s): "), src ? src : "expect can");
			ex_count(out, n);
			fputs(_(" of "), out);
			ex_count(out, r->schedules);
			fputs(_(" schedules that end"), out);
			if (best != NULL) {
				fprintf(out, _("; the shortest takes %zu step(s):\n"), best->path.nsteps);
				ex_watch(out, prog, v, &best->path);
			} else {
				fputs(_(": the loop for ever above shows it.\n"), out);
			}
		} else {
			all = false;
			fprintf(out, r->cut ? _("The lesson is not shown in the states seen (%s).\n") :
			    _("The lesson does not hold: no interleaving shows it (%s).\n"), src ? src : "expect can");
		}
		free(src);
	}
	return all;
}

/* The closing lines; the exit status. */
static int
ex_verdict(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_result *r,
    const size_t *ord)
{
	size_t bad = 0;
	bool lesson = verdict_has_lesson(v), checks = false, shown = false;
	struct verdict spin;
	int status = KS_EXIT_OK;

	for (size_t k = 0; k < r->noutcomes; k++)
		bad += r->outcomes[k].bad;
	/* something to prove: an expectation that must hold, an invariant, an
	 * assert, or a critical region (two workers inside is always wrong) */
	for (size_t i = 0; i < v->nexpects; i++)
		checks |= v->expects[i].mode != PROG_CAN;
	checks |= v->nregions > 0;
	for (size_t a = 0; a < v->nactors && !checks; a++)
		for (size_t i = 0; i < v->actors[a].nops; i++)
			checks |= v->actors[a].ops[i].code == PROG_OP_ASSERT;
	ex_spin_verdict(v, &spin);
	fputc('\n', out);
	if (r->timed)
		fprintf(out, "%s\n", _("Bounded waits (for D, trylock for D) were explored as able to time out at any "
			"moment; real timing allows fewer orders."));
	if (ex_timed_expects(v))
		fprintf(out, "%s\n", _("Expectations about elapsed time are not judged: explore ignores durations."));
	if (r->lost.reached) {
		fprintf(out, _("An update can be lost: the shortest schedule to the first lost update takes %zu "
			"step(s):\n"), r->lost.nsteps);
		ex_watch(out, prog, v, &r->lost);
	}
	if (r->spins)
		ex_spin(out, prog, v, r);
	if (lesson)
		shown = ex_lesson(out, prog, v, r, &spin);
	if (bad > 0) {
		fprintf(out, P_("Not proved: %zu outcome goes wrong or breaks an expectation.\n",
		    "Not proved: %zu outcomes go wrong or break an expectation.\n", bad), bad);
		fprintf(out, _("The first of them takes %zu step(s):\n"), r->outcomes[ord[0]].path.nsteps);
		ex_watch(out, prog, v, &r->outcomes[ord[0]].path);
		status = KS_EXIT_FAILED;
	} else if (r->spins && spin.wrong) {
		fprintf(out, "%s\n", _("Not proved: the program can spin for ever without progress."));
		status = KS_EXIT_FAILED;
	} else if (lesson) {
		/* a demonstration found is one, cut short or not; none found is a failed lesson */
		status = shown ? KS_EXIT_OK : KS_EXIT_FAILED;
		if (shown && r->noutcomes > 0)
			fprintf(out, "%s\n", _("The other outcomes are the lucky ones: the lesson does not happen there."));
		if (r->cut)
			fprintf(out, "%s\n", r->memory_cut ?
			    _("The search was cut short, so the other expectations are not proved (raise --max-memory).") :
			    _("The search was cut short, so the other expectations are not proved (raise --max-states)."));
		else if (checks && !r->spin_unknown)
			fprintf(out, "%s\n", _("Every other expectation holds in every interleaving."));
	} else if (r->cut && r->lost.reached) {
		fprintf(out, "%s\n", r->memory_cut ?
		    _("The search was cut short, so nothing is proved (raise --max-memory).") :
		    _("The search was cut short, so nothing is proved (raise --max-states)."));
		status = KS_EXIT_FAILED;
	} else if (r->cut) {
		fprintf(out, "%s\n", r->memory_cut ?
		    _("Nothing went wrong in the states seen, but the search was cut short, so nothing is proved "
		      "(raise --max-memory).") :
		    _("Nothing went wrong in the states seen, but the search was cut short, so "
		      "nothing is proved (raise --max-states)."));
		status = KS_EXIT_FAILED;
	} else if (r->spin_unknown) {
		fprintf(out, "%s\n", _("Not proved: the memory bound left no room to look for loops that spin for ever "
		    "(raise --max-memory)."));
		status = KS_EXIT_FAILED;
	} else if (!checks) {
		fprintf(out, "%s\n", _("Nothing to check: the variant states no expectation, asserts nothing and has no "
		    "critical region, so nothing is proved (every interleaving was explored)."));
	} else {
		fprintf(out, "%s\n", _("Proved: in every interleaving every expectation holds and nothing goes wrong."));
	}
	verdict_free(&spin);
	return status;
}

static void
ex_report(FILE *out, const struct prog *prog, const struct prog_variant *v, const struct explore_result *r,
    size_t limit)
{
	fprintf(out, _("Exploring %s, variant %s: %zu worker(s), every order of their steps (durations ignored, "
		"as in step mode).\n"), prog->name, v->name, v->nactors);
	fprintf(out, _("%zu states, %zu moves: "), r->states, r->moves);
	if (r->memory_cut)
		fprintf(out, _("cut short by the memory bound (%.0f MiB; raise it with --max-memory): not every "
		    "interleaving was seen.\n"), (double)limit / 1048576.0);
	else if (r->cut)
		fputs(_("cut short by --max-states: not every interleaving was seen.\n"), out);
	else
		fputs(_("every interleaving explored.\n"), out);
	if (r->reduced)
		fprintf(out, "%s\n", _("(Steps that touch only a worker's own locals were taken first: counts are of "
			"schedules that differ in shared steps, and a shortest schedule may be a few steps longer.)"));
	if (r->loops)
		fprintf(out, "%s\n", _("Some schedules go round a loop for ever: their count is unbounded."));
	fputs(_("Schedules that end: "), out);
	ex_count(out, r->schedules);
	fprintf(out, P_(", in %zu outcome:\n", ", in %zu outcomes:\n", r->noutcomes), r->noutcomes);
}

static bool
ex_parse_max(const char *s, size_t *out)
{
	char *end;
	unsigned long long n;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || n < 1 || n > 1000000000ull) {
		fprintf(stderr, _("kitchensync: --max-states needs a whole number from 1 to 1000000000, not '%s'\n"), s);
		return false;
	}
	*out = (size_t)n;
	return true;
}

/* SIZE: bytes, or with K, M, G or T (binary units, an optional "iB" or "B"); at least 1M. */
static bool
ex_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long n, mul = 1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno == 0 && end != s && s[0] != '-') {
		switch (*end) {
		case 'k': case 'K': mul = 1ull << 10; end++; break;
		case 'm': case 'M': mul = 1ull << 20; end++; break;
		case 'g': case 'G': mul = 1ull << 30; end++; break;
		case 't': case 'T': mul = 1ull << 40; end++; break;
		default: break;
		}
		if (mul > 1 && end[0] == 'i' && end[1] == 'B')
			end += 2;
		else if (end[0] == 'B')
			end++;
		if (*end == '\0' && n <= SIZE_MAX / mul && n * mul >= (1ull << 20)) {
			*out = (size_t)(n * mul);
			return true;
		}
	}
	fprintf(stderr, _("kitchensync: --max-memory needs a size of at least 1M, such as 512M or 2G, not '%s'\n"), s);
	return false;
}

/* N or all: how many outcomes to list in full. */
static bool
ex_parse_shown(const char *s, size_t *out)
{
	char *end;
	unsigned long long n;
	if (strcmp(s, "all") == 0) {
		*out = SIZE_MAX;
		return true;
	}
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || n > 1000000000ull) {
		fprintf(stderr, _("kitchensync: --outcomes needs a whole number or 'all', not '%s'\n"), s);
		return false;
	}
	*out = (size_t)n;
	return true;
}

int
cmd_explore(const struct cli *cli)
{
	const struct prog_variant *v;
	struct prog *prog = cmd_load_variant(cli->args[0], cli->variant, &v);
	struct explore_opts o = { 0, cli->reduce, 0 };
	struct explore_result r;
	size_t *ord, shown = EXPLORE_SHOWN;
	int status;

	if (prog == NULL)
		return KS_EXIT_USAGE;
	if ((cli->max_states && !ex_parse_max(cli->max_states, &o.max_states)) ||
	    (cli->max_memory && !ex_parse_size(cli->max_memory, &o.max_bytes)) ||
	    (cli->outcomes && !ex_parse_shown(cli->outcomes, &shown))) {
		prog_free(prog);
		return KS_EXIT_USAGE;
	}
	if (o.max_bytes == 0)
		o.max_bytes = explore_default_bytes();
	ex_source = cli->args[0];
	if (explore_run(v, &o, &r) < 0) {
		fprintf(stderr, _("kitchensync: explore: %s, variant %s: %s\n"), prog->name, v->name,
		    explore_unsupported(v));
		prog_free(prog);
		return KS_EXIT_USAGE;
	}
	ex_report(stdout, prog, v, &r, o.max_bytes);
	ord = ex_order(&r);
	for (size_t i = 0; i < r.noutcomes && i < shown; i++)
		ex_outcome(stdout, prog, v, &r.outcomes[ord[i]], i);
	if (r.noutcomes > shown)
		printf(P_("  ... and %zu more outcome, left out (shown first: the ones that go wrong; --outcomes all "
		    "lists every one).\n", "  ... and %zu more outcomes, left out (shown first: the ones that go wrong; "
		    "--outcomes all lists every one).\n", r.noutcomes - shown), r.noutcomes - shown);
	if (v->challenge)
		ex_challenge(stdout, prog, v);
	status = ex_verdict(stdout, prog, v, &r, ord);
	free(ord);
	explore_result_free(&r);
	prog_free(prog);
	return status;
}
