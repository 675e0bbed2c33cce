/* run-out.c: the headless text of a run: events and the outcome. */
#include "config.h"

#include "run-out.h"
#include "tl-text.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "xalloc.h"

static const char *
out_res(const struct prog_variant *v, int res)
{
	if (res < 0 || (size_t)res >= v->ndecls)
		return "-";
	return v->decls[res].name;
}

static const char *
out_actor(struct eng *e, int a)
{
	return a < 0 ? "-" : eng_actor_name(e, a);
}

void
run_out_event(FILE *out, struct eng *e, const struct prog_variant *v,
    const struct rec_event *ev, uint64_t t0)
{
	double ms = (double)(ev->t_ns >= t0 ? ev->t_ns - t0 : 0) / 1e6;
	const char *who = ev->actor < 0 ? "run" : eng_actor_name(e, ev->actor);

	fprintf(out, "%10.3f %-14s %-13s", ms, who, rec_kind_name((enum rec_kind)ev->kind));
	switch ((enum rec_kind)ev->kind) {
	case REC_STATE:
		fprintf(out, " %s", rec_state_name((enum rec_state)ev->state));
		if (ev->res >= 0)
			fprintf(out, " on %s", out_res(v, ev->res));
		if (ev->other >= 0)
			fprintf(out, " (%s)", out_actor(e, ev->other));
		break;
	case REC_OP:
		fprintf(out, " #%d %s", ev->op, prog_opcode_name((enum prog_opcode)ev->value));
		if (ev->res >= 0)
			fprintf(out, " %s", out_res(v, ev->res));
		break;
	case REC_LOCK_WAIT:
	case REC_LOCK_ACQUIRE:
	case REC_LOCK_RELEASE:
		fprintf(out, " %s", out_res(v, ev->res));
		if (ev->other >= 0)
			fprintf(out, " %s %s", ev->kind == REC_LOCK_WAIT ? _("held by") : _("let in by"),
			    out_actor(e, ev->other));
		break;
	case REC_LOAD:
	case REC_STORE:
	case REC_PUSH:
	case REC_POP:
	case REC_VALUE_FINAL:
		fprintf(out, " %s = %lld", out_res(v, ev->res), (long long)ev->value);
		break;
	case REC_LOST_UPDATE:
		fprintf(out, _(" %s: overwrote %s's store (loaded at op #%lld)"), out_res(v, ev->res),
		    out_actor(e, ev->other), (long long)ev->value);
		break;
	case REC_SPAWN:
	case REC_WAKE:
		fprintf(out, " %s", out_actor(e, ev->other));
		break;
	case REC_EXIT:
	case REC_RUN_BEGIN:
	case REC_RUN_END:
	case REC_SAY:
	case REC_MARK_BEGIN:
	case REC_ASSERT_FAIL:
	case REC_EXPECT:
		fprintf(out, " %lld", (long long)ev->value);
		break;
	case REC_MIGRATE:
		fprintf(out, " cpu %lld -> %u", (long long)ev->value, (unsigned)ev->cpu);
		break;
	case REC_DEADLOCK:
		fprintf(out, _(" waits for %s held by %s"), out_res(v, ev->res), out_actor(e, ev->other));
		break;
	case REC_CRITICAL:
		fprintf(out, _(" region %s shared with %s"),
		    ev->res >= 0 && (size_t)ev->res < v->nregions ? v->regions[ev->res] : "-",
		    out_actor(e, ev->other));
		break;
	case REC_ARRIVE:
	case REC_TIMEOUT:
		break;
	case REC_REFUSED:
		fprintf(out, " %s", strerror((int)ev->value));
		break;
	case REC_METRIC:
		fprintf(out, " %s = %lld", ev->res == REC_METRIC_THREADS ? "threads" : "rss_kib",
		    (long long)ev->value);
		break;
	case REC_MARK_END:
	case REC_KIND_COUNT:
		break;
	}
	if (ev->cpu != UINT16_MAX)
		fprintf(out, " [cpu %u]", (unsigned)ev->cpu);
	fputc('\n', out);
}

char *
run_out_values(const struct prog_variant *v, const prog_value *vals)
{
	char *s = xstrdup("");
	for (size_t d = 0; d < v->ndecls; d++) {
		char *n;
		if (v->decls[d].kind != PROG_VAR && v->decls[d].kind != PROG_SHM)
			continue;
		n = xasprintf("%s%s%s = %lld", s, *s ? ", " : "", v->decls[d].name, (long long)vals[d]);
		free(s);
		s = n;
	}
	return s;
}

/* Marks the declarations expression EX reads. */
static void
out_expr_decls(const struct prog_variant *v, int ex, bool *used)
{
	const struct prog_expr *x;
	if (ex < 0 || (size_t)ex >= v->nexprs)
		return;
	x = &v->exprs[ex];
	if (x->kind == PROG_EX_SHARED || x->kind == PROG_EX_QLEN) {
		if (x->index >= 0 && (size_t)x->index < v->ndecls)
			used[x->index] = true;
	} else if (x->kind == PROG_EX_UNARY) {
		out_expr_decls(v, x->lhs, used);
	} else if (x->kind == PROG_EX_BINARY) {
		out_expr_decls(v, x->lhs, used);
		out_expr_decls(v, x->rhs, used);
	}
}

/* Writes S and pads it with spaces to WIDTH display columns (CJK counts two). */
static void
out_padded(FILE *out, const char *s, int width)
{
	int w = tl_text_width(s);

	fputs(s, out);
	do
		fputc(' ', out);
	while (++w < width);
}

static void
out_ms(FILE *out, int64_t ns)
{
	fprintf(out, "%.1f ms", (double)ns / 1e6);
}

/* Families of more than a few members are told as one line, not member by member. */
#define OUT_FOLD_OVER 4

static bool
out_folded(const struct prog_variant *v, size_t a)
{
	int f = v->actors[a].family;
	return f >= 0 && (size_t)f < v->nfamilies && v->families[f].count > OUT_FOLD_OVER;
}

/* "Request 1..2000  task  2000 members: 1990 done, 10 timed out" */
static void
out_family_line(FILE *out, const struct prog_variant *v, const struct eng_outcome *o, int f)
{
	const struct prog_family *pf = &v->families[f];
	int count[REC_ST_COUNT] = { 0 };
	char *name = xasprintf("%s 1..%d", pf->name, pf->count);
	bool first = true;

	for (int a = pf->first; a < pf->first + pf->count && (size_t)a < o->nactors; a++) {
		int st = o->actors[a].started || o->actors[a].state == REC_ST_REFUSED ? o->actors[a].state
		    : REC_ST_NEW;
		if (st >= 0 && st < REC_ST_COUNT)
			count[st]++;
	}
	fputs("  ", out);
	out_padded(out, name, 14);
	out_padded(out, prog_actor_kind_name(pf->kind), 8);
	fprintf(out, P_("%d member:", "%d members:", pf->count), pf->count);
	for (int st = 0; st < REC_ST_COUNT; st++)
		if (count[st] > 0) {
			fprintf(out, "%s %d %s", first ? "" : ",", count[st], rec_state_label((enum rec_state)st));
			first = false;
		}
	fputc('\n', out);
	free(name);
}

/* A latency, or "-" when there is none. */
static void
out_lat(FILE *out, const char *label, int64_t ns)
{
	fprintf(out, "%s ", label);
	if (ns < 0)
		fputs("-", out);
	else
		out_ms(out, ns);
}

/* Each family's figures, and the run's own: what the crowds lessons compare. */
static void
out_families(FILE *out, const struct prog_variant *v, const struct eng_outcome *o)
{
	if (o->nfamilies == 0)
		return;
	fputs(o->step_clock ? _("Families (times on the step clock: the scripted time of the steps granted):\n")
	    : _("Families (latency: from a member's arrival to its finish):\n"), out);
	for (size_t f = 0; f < o->nfamilies && f < v->nfamilies; f++) {
		const struct eng_family_result *r = &o->families[f];
		fprintf(out, _("  %s: %d arrived: %d finished in time, %d timed out, %d refused, %d unfinished\n"),
		    v->families[f].name, r->arrived, r->finished, r->timed_out, r->refused, r->unfinished);
		fputs("      ", out);
		out_lat(out, _("latency p50"), r->lat_p50);
		out_lat(out, ", p95", r->lat_p95);
		out_lat(out, ", p99", r->lat_p99);
		out_lat(out, _(", max"), r->lat_max);
		fputc('\n', out);
		fprintf(out, _("      %d started; throughput %.1f per second; at most %d in flight at once\n"),
		    r->started, r->throughput, r->peak_concurrent);
		if (r->refused > 0)
			fprintf(out, _("      refused because: %s\n"), strerror(r->refused_errno));
	}
	fprintf(out, _("Run: at most %d threads and %d processes at once, at most %.1f MiB of memory added, %.1f ms of CPU time, %ld context switches\n"),
	    o->figures.peak_threads, o->figures.peak_processes, (double)o->figures.peak_rss_kb / 1024.0,
	    (double)o->figures.cpu_ns / 1e6, o->figures.csw);
}

/* The first failed assert: who, at which line, and its own words. */
static void
out_first_failure(FILE *out, struct eng *e, const struct prog *prog, const struct prog_variant *v,
    const struct eng_outcome *o)
{
	const struct prog_actor *pa;
	int line;
	if (o->fail_actor < 0 || (size_t)o->fail_actor >= v->nactors)
		return;
	pa = &v->actors[o->fail_actor];
	line = o->fail_op >= 0 && (size_t)o->fail_op < pa->nops ? pa->ops[o->fail_op].loc.line : 0;
	if (o->fail_text >= 0 && (size_t)o->fail_text < prog->ntexts)
		fprintf(out, _("  %s, line %d: assert failed: %s\n"), eng_actor_name(e, o->fail_actor), line,
		    prog_text_get(&prog->texts[o->fail_text], prog_lang()));
	else if (o->fail_res >= 0 && (size_t)o->fail_res < v->ndecls)
		fprintf(out, _("  %s, line %d: unlocks %s, which it does not hold\n"),
		    eng_actor_name(e, o->fail_actor), line, v->decls[o->fail_res].name);
}

/* Where and why an actor's `fail` stopped it (FAIL_OP: its op, or -1). */
static void
out_fail(FILE *out, const struct prog *prog, const struct prog_actor *pa, int fail_op)
{
	const struct prog_op *op;
	if (fail_op < 0 || (size_t)fail_op >= pa->nops)
		return;
	op = &pa->ops[fail_op];
	fprintf(out, _(" at line %d: %s"), op->loc.line,
	    op->text >= 0 && (size_t)op->text < prog->ntexts
	    ? prog_text_get(&prog->texts[op->text], prog_lang()) : "");
}

/* Each actor's steps, counted from TL's op events (the ops step mode grants;
 * bookkeeping is none), or the engine's op counts when there is no TL. */
static int64_t *
out_steps(const struct tl *tl, const struct eng_outcome *o)
{
	int64_t *steps = xcalloc(o->nactors + 1, sizeof *steps);
	struct rec_event ev;

	if (tl == NULL) {
		for (size_t a = 0; a < o->nactors; a++)
			steps[a] = o->actors[a].ops;
		return steps;
	}
	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		tl_event(tl, i, &ev);
		if (ev.kind == REC_OP && ev.actor >= 0 && (size_t)ev.actor < o->nactors)
			steps[ev.actor]++;
	}
	return steps;
}

/* Durations a busy machine stretched (more than 1 ms): said, so that the
 * figures above are not taken for the scenario's own. */
#define OUT_LATE_NS 1000000
static void
out_late(FILE *out, const struct eng_actor_result *r)
{
	if (r->nwork > 0 && r->work_late_max > OUT_LATE_NS)
		fprintf(out, _("      the CPUs were busy: its work ended up to %.1f ms late (other threads had its CPU)\n"),
		    (double)r->work_late_max / 1e6);
	if (r->nsleep > 0 && r->sleep_late_max > OUT_LATE_NS)
		fprintf(out, _("      the CPUs were busy: its sleeps ended up to %.1f ms late (it waited for a CPU)\n"),
		    (double)r->sleep_late_max / 1e6);
}

bool
run_out_busy(const struct eng_outcome *o, int64_t *late_ns)
{
	int64_t late = 0;

	for (size_t a = 0; o != NULL && a < o->nactors; a++) {
		const struct eng_actor_result *r = &o->actors[a];
		if (r->nwork > 0 && r->work_late_max > late)
			late = r->work_late_max;
		if (r->nsleep > 0 && r->sleep_late_max > late)
			late = r->sleep_late_max;
	}
	if (late_ns)
		*late_ns = late;
	return run_out_late_is_busy(late);
}

bool
run_out_late_is_busy(int64_t late_ns)
{
	return late_ns > OUT_LATE_NS;
}

const char *
run_out_busy_text(int64_t late_ns, char *buf, size_t size)
{
	snprintf(buf, size, _("the CPUs were busy: durations ended up to %.1f ms late, so times are longer than the scenario's"),
	    (double)late_ns / 1e6);
	return buf;
}

void
run_out_outcome(FILE *out, struct eng *e, const struct prog *prog,
    const struct prog_variant *v, const struct eng_outcome *o, const struct tl *tl)
{
	char *vals;
	int64_t *steps = out_steps(tl, o);
	struct verdict vd;

	run_out_verdict(&vd, v, o);
	fprintf(out, _("Run of %s (variant %s): %s after "), prog->name, v->name,
	    o->signal ? _("stopped by a signal") : verdict_end_text(eng_end_verdict(o->end), vd.failure));
	out_ms(out, o->elapsed_ns);
	if (o->step_clock)
		fputs(_(" of scenario time"), out);
	fputc('\n', out);

	fputs(_("Workers:\n"), out);
	for (size_t a = 0; a < o->nactors; a++) {
		const struct eng_actor_result *r = &o->actors[a];
		const char *kind = a < v->nactors ? prog_actor_kind_name(v->actors[a].kind) : _("pool thread");
		if (a < v->nactors && out_folded(v, a)) {
			if (v->actors[a].member == 1) {
				const struct prog_family *pf = &v->families[v->actors[a].family];
				struct eng_actor_result most = { 0 };
				out_family_line(out, v, o, v->actors[a].family);
				for (int m = pf->first; m < pf->first + pf->count && (size_t)m < o->nactors; m++) {
					const struct eng_actor_result *mr = &o->actors[m];
					most.nwork += mr->nwork;
					most.nsleep += mr->nsleep;
					if (mr->work_late_max > most.work_late_max)
						most.work_late_max = mr->work_late_max;
					if (mr->sleep_late_max > most.sleep_late_max)
						most.sleep_late_max = mr->sleep_late_max;
				}
				out_late(out, &most);
			}
			continue;
		}
		if (a < v->nactors && !r->started) {
			fputs("  ", out);
			out_padded(out, eng_actor_name(e, (int)a), 14);
			out_padded(out, kind, 8);
			fputs(_("never started\n"), out);
			continue;
		}
		if (a >= v->nactors) {
			/* a thread of a loop's pool: the offloaded calls it ran, as the model counted them */
			int jobs = 0, last = -1;
			fputs("  ", out);
			out_padded(out, eng_actor_name(e, (int)a), 14);
			out_padded(out, kind, 8);
			if (tl != NULL)
				jobs = (int)tl_pool_calls(tl, a - v->nactors, &last);
			if (jobs == 1 && last >= 0)
				fprintf(out, _("ran 1 offloaded call, for %s"), eng_actor_name(e, last));
			else if (jobs > 0)
				fprintf(out, P_("ran %d offloaded call", "ran %d offloaded calls", jobs), jobs);
			fputc('\n', out);
			continue;
		}
		fputs("  ", out);
		out_padded(out, eng_actor_name(e, (int)a), 14);
		out_padded(out, kind, 8);
		fputs(r->crashed ? _("crashed") : rec_state_label(r->state), out);
		if (r->crashed)
			fprintf(out, _(" (signal %d)"), r->status);
		out_fail(out, prog, &v->actors[a], r->fail_op);
		if (r->wait_res >= 0 && r->wait_holder >= 0)
			fprintf(out, _(", waiting for %s held by %s"), out_res(v, r->wait_res),
			    eng_actor_name(e, r->wait_holder));
		else if (r->wait_res >= 0 || r->wait_holder >= 0)
			fprintf(out, _(", waiting for %s"), out_res(v, r->wait_res));
		fputc('\n', out);
		/* Two short lines rather than one long one: handouts are 80 columns. */
		fprintf(out, _("      %lld steps; %.1f ms on a CPU in %.1f ms of wall time\n"),
		    (long long)steps[a], (double)r->cpu_ns / 1e6, (double)r->wall_ns / 1e6);
		fprintf(out, _("      context switches: %ld voluntary, %ld involuntary; CPU migrations: %ld\n"),
		    r->vcsw, r->ivcsw, r->migrations);
		out_late(out, r);
	}

	vals = run_out_values(v, o->finals);
	if (*vals)
		fprintf(out, _("Final values: %s\n"), vals);
	free(vals);
	for (size_t a = 0; a < v->nactors; a++) {
		if (v->actors[a].kind != PROG_PROCESS || !o->actors[a].started ||
		    o->actors[a].state != REC_ST_DONE)
			continue;
		vals = run_out_values(v, o->proc_finals + a * o->ndecls);
		if (*vals)
			fprintf(out, _("  as process %s saw them: %s\n"), v->actors[a].name, vals);
		free(vals);
	}

	if (o->ncycle > 0) {
		fputs(_("Deadlock cycle:\n"), out);
		for (int i = 0; i < o->ncycle; i++) {
			int a = o->cycle[i], next = o->cycle[(i + 1) % o->ncycle];
			if (o->cycle_res[i] >= 0)
				fprintf(out, _("  %s waits for %s, held by %s\n"), eng_actor_name(e, a),
				    out_res(v, o->cycle_res[i]), eng_actor_name(e, next));
			else
				fprintf(out, _("  %s waits for %s to finish\n"), eng_actor_name(e, a),
				    eng_actor_name(e, next));
		}
	}
	if (o->lost_updates > 0)
		fprintf(out, P_("Lost updates: %d\n", "Lost updates: %d\n", o->lost_updates), o->lost_updates);
	if (o->asserts_failed > 0)
		fprintf(out, _("Failed assertions: %d\n"), o->asserts_failed);
	out_first_failure(out, e, prog, v, o);
	if (o->critical_violations > 0)
		fprintf(out, _("Critical region violations: %d\n"), o->critical_violations);
	if (o->crit_region >= 0 && (size_t)o->crit_region < v->nregions)
		fprintf(out, _("  %s entered critical region %s while %s was inside\n"),
		    eng_actor_name(e, o->crit_actor), v->regions[o->crit_region], eng_actor_name(e, o->crit_other));

	if (o->invariant >= 0 && (size_t)o->invariant < v->nexpects && o->inv_actor >= 0
	    && (size_t)o->inv_actor < v->nactors) {
		const struct prog_actor *pa = &v->actors[o->inv_actor];
		fprintf(out, _("  %s, line %d: its store broke the invariant at line %d\n"),
		    eng_actor_name(e, o->inv_actor),
		    o->inv_op >= 0 && (size_t)o->inv_op < pa->nops ? pa->ops[o->inv_op].loc.line : 0,
		    v->expects[o->invariant].loc.line);
	}
	if (o->nexpects > 0)
		fputs(_("Expectations:\n"), out);
	for (size_t i = 0; i < o->nexpects; i++) {
		const struct prog_expect *x = &v->expects[i];
		const struct eng_expect_result *r = &o->expects[i];
		char *src = prog_source_line(prog, x->loc.line);
		out_padded(out, "", 2);
		out_padded(out, verdict_mark_text(vd.marks[i], x->mode), 7);
		fputs(src ? src : "expect", out);
		free(src);
		if (x->kind == PROG_EXPECT_TRUE) {
			bool *used = xcalloc(v->ndecls + 1, sizeof *used);
			bool first = true;
			out_expr_decls(v, x->expr, used);
			for (size_t d = 0; d < v->ndecls; d++)
				if (used[d]) {
					fprintf(out, v->decls[d].kind == PROG_QUEUE ? "%slen(%s) = %lld" : "%s%s = %lld",
					    first ? "   (" : ", ", v->decls[d].name, (long long)o->finals[d]);
					first = false;
				}
			if (!first)
				fputc(')', out);
			free(used);
		} else if (x->kind == PROG_EXPECT_ELAPSED_LT || x->kind == PROG_EXPECT_ELAPSED_GT) {
			int64_t late;
			fputs(_("   (took "), out);
			out_ms(out, r->actual);
			fputc(')', out);
			/* a time not met on a busy machine: say why, not only that */
			if (!r->met && run_out_busy(o, &late)) {
				char note[200];
				fprintf(out, "\n         %s", run_out_busy_text(late, note, sizeof note));
			}
		}
		fputc('\n', out);
	}
	out_families(out, v, o);
	if (o->dropped > 0)
		fprintf(out, _("Events dropped: %llu (the display missed some steps)\n"),
		    (unsigned long long)o->dropped);
	else
		fputs(_("Events dropped: 0\n"), out);
	fprintf(out, _("Verdict: %s\n"), vd.headline);
	verdict_free(&vd);
	free(steps);
}

void
run_out_verdict(struct verdict *vd, const struct prog_variant *v, const struct eng_outcome *o)
{
	struct verdict_facts f;
	signed char *measured = xcalloc(o->nexpects + 1, sizeof *measured);

	verdict_facts_init(&f);
	f.end = o->signal ? VERDICT_SIGNAL : eng_end_verdict(o->end);
	f.signal = o->signal;
	f.failure = eng_outcome_failure(o);
	f.invariant = o->invariant;
	f.lost_updates = o->lost_updates;
	f.finals = o->finals;
	for (size_t i = 0; i < o->nexpects; i++)
		measured[i] = o->expects[i].met;
	f.measured = measured;
	verdict_judge(vd, v, &f);
	free(measured);
}
