/* export-chrome.c: Chrome Trace Event Format JSON from the timeline model. */
#include "config.h"

#include "export-chrome.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define EXPORT_CPU_PID 100000
#define EXPORT_EXACT_CHANGES 20000  /* a family with more state changes is exported in columns */
#define EXPORT_COLUMNS 500          /* ... of the run, as are the metrics of families */

static const char *const export_state_names[REC_ST_COUNT] = {
	"not started", "running", "ready", "blocked", "sleeping", "I/O",
	"awaiting", "joining", "done", "deadlocked", "failed", "timed out", "refused",
};

struct export {
	FILE *out;
	const struct tl *tl;
	const struct prog *prog;
	const struct prog_variant *var;
	uint64_t t0;
	bool first;
	uint64_t flow_id;
};

/* Writes S as a JSON string: quotes, escapes, bad UTF-8 as U+FFFD. */
static void
export_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', out);
	while (*p) {
		unsigned char c = *p;
		int len = 0;
		if (c == '"' || c == '\\') {
			fputc('\\', out);
			fputc(c, out);
			p++;
			continue;
		}
		if (c < 0x20) {
			fprintf(out, "\\u%04x", c);
			p++;
			continue;
		}
		if (c < 0x80) {
			fputc(c, out);
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				len = 0;
		if (len == 3) {
			unsigned cp = (c & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
			if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
				len = 0;
		} else if (len == 4) {
			unsigned cp = (c & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu);
			if (cp < 0x10000 || cp > 0x10ffff)
				len = 0;
		}
		if (len == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		fwrite(p, 1, (size_t)len, out);
		p += len;
	}
	fputc('"', out);
}

static void
export_ts(struct export *x, const char *key, uint64_t t)
{
	uint64_t d = t > x->t0 ? t - x->t0 : 0;
	fprintf(x->out, ",\"%s\":%" PRIu64 ".%03u", key, d / 1000, (unsigned)(d % 1000));
}

static void
export_dur(struct export *x, uint64_t d)
{
	fprintf(x->out, ",\"dur\":%" PRIu64 ".%03u", d / 1000, (unsigned)(d % 1000));
}

/* Starts one event object with its name, phase, pid and tid. */
static void
export_begin(struct export *x, const char *name, const char *ph, const char *cat, int pid, int tid)
{
	fputs(x->first ? "\n" : ",\n", x->out);
	x->first = false;
	fputs("{\"name\":", x->out);
	export_str(x->out, name);
	if (cat)
		fprintf(x->out, ",\"cat\":\"%s\"", cat);
	fprintf(x->out, ",\"ph\":\"%s\",\"pid\":%d,\"tid\":%d", ph, pid, tid);
}

/* The variant's actors, then a loop's pool threads (tl.h): a track each. */
static size_t
export_nactors(const struct export *x)
{
	return x->var ? x->var->nactors + tl_npool(x->tl) : 0;
}

static bool
export_actor_ok(const struct export *x, int a)
{
	return a >= 0 && (size_t)a < export_nactors(x);
}

static const char *
export_actor_name(const struct export *x, int a)
{
	return export_actor_ok(x, a) ? tl_actor_name(x->tl, a) : "?";
}

static const char *
export_res_name(const struct export *x, int r)
{
	return x->var && r >= 0 && (size_t)r < x->var->ndecls && x->var->decls[r].name
	    ? x->var->decls[r].name : "?";
}

/* The pid of an actor: its process ancestor's index + 2, or 1 for the main process
 * (a pool thread: its loop's). */
static int
export_pid(const struct export *x, int a)
{
	if (export_actor_ok(x, a) && (size_t)a >= x->var->nactors)
		a = tl_pool_loop(x->tl, (size_t)a - x->var->nactors);
	for (int depth = 0; export_actor_ok(x, a) && (size_t)a < x->var->nactors && depth < 16; depth++) {
		if (x->var->actors[a].kind == PROG_PROCESS)
			return a + 2;
		a = x->var->actors[a].parent;
	}
	return 1;
}

/* Whether actor A is LOOP or one of its descendants. */
static bool
export_under(const struct export *x, int a, int loop)
{
	for (int depth = 0; a >= 0 && (size_t)a < x->var->nactors && depth < 16; depth++) {
		if (a == loop)
			return true;
		a = x->var->actors[a].parent;
	}
	return false;
}

/* The variant actor pool thread K's track sorts just before: the one after the last of its
 * loop's actors (nactors when its loop is unknown or last). */
static size_t
export_pool_after(const struct export *x, size_t k)
{
	size_t n = x->var->nactors, after = n;
	int loop = tl_pool_loop(x->tl, k);

	if (loop >= 0 && (size_t)loop < n) {
		after = (size_t)loop + 1;
		while (after < n && export_under(x, (int)after, loop))
			after++;
	}
	return after;
}

/* Where actor A's track sorts: declaration order, each pool thread right after the last
 * actor of its loop (as the timeline draws them), those of no known loop last. */
static size_t
export_sort_index(const struct export *x, int a)
{
	size_t n = x->var->nactors, np = tl_npool(x->tl), idx, mine;

	if ((size_t)a < n) {
		idx = (size_t)a;
		for (size_t k = 0; k < np; k++)
			if (export_pool_after(x, k) <= (size_t)a)
				idx++;
		return idx;
	}
	mine = export_pool_after(x, (size_t)a - n);
	idx = mine;
	for (size_t k = 0; k < np; k++) {
		size_t after = export_pool_after(x, k);
		if (after < mine || (after == mine && k < (size_t)a - n))
			idx++;
	}
	return idx;
}

static void
export_meta(struct export *x)
{
	size_t n = export_nactors(x);
	char *main_name = xasprintf("%s%s%s", x->prog && x->prog->name ? x->prog->name : "kitchensync",
	    x->var && x->var->name ? " / " : "", x->var && x->var->name ? x->var->name : "");

	export_begin(x, "process_name", "M", NULL, 1, 0);
	fputs(",\"args\":{\"name\":", x->out);
	export_str(x->out, main_name);
	fputs("}}", x->out);
	free(main_name);
	for (size_t a = 0; a < n; a++) {
		int pid = export_pid(x, (int)a);
		if (a < x->var->nactors && x->var->actors[a].kind == PROG_PROCESS) {
			char *pn = xasprintf("process %s", export_actor_name(x, (int)a));
			export_begin(x, "process_name", "M", NULL, pid, 0);
			fputs(",\"args\":{\"name\":", x->out);
			export_str(x->out, pn);
			fputs("}}", x->out);
			free(pn);
		}
		export_begin(x, "thread_name", "M", NULL, pid, (int)a + 1);
		fputs(",\"args\":{\"name\":", x->out);
		export_str(x->out, export_actor_name(x, (int)a));
		fputs("}}", x->out);
		export_begin(x, "thread_sort_index", "M", NULL, pid, (int)a + 1);
		fprintf(x->out, ",\"args\":{\"sort_index\":%zu}}", export_sort_index(x, (int)a));
	}
	if (tl_ncpus(x->tl) > 0) {
		export_begin(x, "process_name", "M", NULL, EXPORT_CPU_PID, 0);
		fputs(",\"args\":{\"name\":\"CPUs\"}}", x->out);
		for (int c = 0; c < tl_ncpus(x->tl); c++) {
			char tn[32];
			snprintf(tn, sizeof tn, "cpu %d", c);
			export_begin(x, "thread_name", "M", NULL, EXPORT_CPU_PID, c + 1);
			fputs(",\"args\":{\"name\":", x->out);
			export_str(x->out, tn);
			fputs("}}", x->out);
		}
	}
}

static void
export_spans(struct export *x)
{
	size_t n = export_nactors(x);
	uint64_t t_end = tl_t_end(x->tl);

	for (size_t a = 0; a < n; a++) {
		int pid = export_pid(x, (int)a);
		size_t ns = tl_nspans(x->tl, (int)a);
		for (size_t i = 0; i < ns; i++) {
			struct tl_span sp;
			uint64_t end;
			if (!tl_span(x->tl, (int)a, i, &sp) || sp.state >= REC_ST_COUNT ||
			    sp.state == REC_ST_NEW || sp.state == REC_ST_DONE)
				continue;
			end = sp.end == TL_TIME_MAX ? (t_end > sp.start ? t_end : sp.start) : sp.end;
			export_begin(x, export_state_names[sp.state], "X", "state", pid, (int)a + 1);
			export_ts(x, "ts", sp.start);
			export_dur(x, end - sp.start);
			fputs(",\"args\":{", x->out);
			if (sp.state == REC_ST_RUNNING && sp.cpu != UINT16_MAX)
				fprintf(x->out, "\"cpu\":%u", sp.cpu);
			if (sp.res >= 0) {
				fputs(sp.state == REC_ST_RUNNING && sp.cpu != UINT16_MAX ? ",\"waits_for\":" : "\"waits_for\":", x->out);
				export_str(x->out, export_res_name(x, sp.res));
			}
			if (sp.other >= 0) {
				/* a pool thread's other: the task whose call it runs */
				const char *key = a < x->var->nactors ? "\"held_by\":" : "\"for\":";
				if ((sp.state == REC_ST_RUNNING && sp.cpu != UINT16_MAX) || sp.res >= 0)
					fputc(',', x->out);
				fputs(key, x->out);
				export_str(x->out, export_actor_name(x, sp.other));
			}
			fputs("}}", x->out);
			if (sp.state == REC_ST_RUNNING && sp.cpu != UINT16_MAX && (int)sp.cpu < tl_ncpus(x->tl)) {
				export_begin(x, export_actor_name(x, (int)a), "X", "cpu", EXPORT_CPU_PID, sp.cpu + 1);
				export_ts(x, "ts", sp.start);
				export_dur(x, end - sp.start);
				fputs("}", x->out);
			}
		}
	}
}

static const char *
export_text(const struct export *x, int64_t i)
{
	const char *s = NULL;
	if (x->prog && i >= 0 && (size_t)i < x->prog->ntexts)
		s = prog_text_get(&x->prog->texts[i], NULL);
	return s ? s : "";
}

/* One flow arrow from (FROM actor, T0) to (TO actor, T1). */
static void
export_flow(struct export *x, int from, uint64_t t0, int to, uint64_t t1)
{
	uint64_t id = ++x->flow_id;

	export_begin(x, "unblock", "s", "unblock", export_pid(x, from), from + 1);
	export_ts(x, "ts", t0);
	fprintf(x->out, ",\"id\":%" PRIu64 "}", id);
	export_begin(x, "unblock", "f", "unblock", export_pid(x, to), to + 1);
	export_ts(x, "ts", t1);
	fprintf(x->out, ",\"id\":%" PRIu64 ",\"bp\":\"e\"}", id);
}

static void
export_instants(struct export *x)
{
	size_t nact = export_nactors(x), nres = x->var ? x->var->ndecls : 0;
	/* the time of each actor's last release of each resource, for the arrows */
	uint64_t *rel = xcalloc(nact * nres + 1, sizeof *rel);
	bool *has = xcalloc(nact * nres + 1, sizeof *has);
	struct rec_event ev;

	for (size_t i = tl_first(x->tl); i < tl_end(x->tl); i++) {
		const char *cat = NULL, *verb = NULL;
		char *name = NULL;
		bool aok, rok;

		tl_event(x->tl, i, &ev);
		aok = export_actor_ok(x, ev.actor);
		rok = ev.res >= 0 && (size_t)ev.res < nres;
		switch ((enum rec_kind)ev.kind) {
		case REC_LOCK_WAIT: cat = "lock"; verb = "wait"; break;
		case REC_LOCK_ACQUIRE: cat = "lock"; verb = "acquire"; break;
		case REC_LOCK_RELEASE: cat = "lock"; verb = "release"; break;
		case REC_LOAD: cat = "value"; verb = "load"; break;
		case REC_STORE: cat = "value"; verb = "store"; break;
		case REC_PUSH: cat = "queue"; verb = "push"; break;
		case REC_POP: cat = "queue"; verb = "pop"; break;
		case REC_LOST_UPDATE: cat = "problem"; verb = "lost update"; break;
		case REC_DEADLOCK: cat = "problem"; verb = "deadlock"; break;
		case REC_CRITICAL: cat = "problem"; verb = "critical region violated"; break;
		case REC_ASSERT_FAIL: cat = "problem"; name = xasprintf("assertion failed: %s", export_text(x, ev.value)); break;
		case REC_SAY: cat = "say"; name = xstrdup(export_text(x, ev.value)); break;
		case REC_MARK_BEGIN: cat = "mark"; name = xasprintf("begin %s", export_text(x, ev.value)); break;
		case REC_MARK_END: cat = "mark"; name = xstrdup("end mark"); break;
		case REC_SPAWN: cat = "actor"; name = xasprintf("spawn %s", export_actor_name(x, ev.other)); break;
		case REC_EXIT: cat = "actor"; name = xasprintf("exit %" PRId64, ev.value); break;
		case REC_MIGRATE: cat = "cpu"; name = xasprintf("migrate from cpu %" PRId64 " to cpu %u", ev.value, ev.cpu); break;
		case REC_WAKE: cat = "lock"; name = xasprintf("wake %s", export_actor_name(x, ev.other)); break;
		default: break;
		}
		if (verb != NULL) {
			if (ev.kind == REC_LOAD || ev.kind == REC_STORE || ev.kind == REC_PUSH || ev.kind == REC_POP)
				name = xasprintf("%s %s = %" PRId64, verb, export_res_name(x, ev.res), ev.value);
			else
				name = xasprintf("%s %s", verb, export_res_name(x, ev.res));
		}
		if (name != NULL && aok) {
			export_begin(x, name, "i", cat, export_pid(x, ev.actor), ev.actor + 1);
			export_ts(x, "ts", ev.t_ns);
			fputs(",\"s\":\"t\",\"args\":{", x->out);
			fprintf(x->out, "\"value\":%" PRId64, ev.value);
			if (ev.op >= 0)
				fprintf(x->out, ",\"op\":%" PRId32, ev.op);
			if (ev.other >= 0) {
				fputs(",\"other\":", x->out);
				export_str(x->out, export_actor_name(x, ev.other));
			}
			fputs("}}", x->out);
		} else if (ev.kind == REC_METRIC && ev.res >= 0 && ev.res < REC_METRIC_COUNT) {
			const char *mn = ev.res == REC_METRIC_THREADS ? "threads" : "memory (RSS, KiB)";
			export_begin(x, mn, "C", "metric", 1, 0);
			export_ts(x, "ts", ev.t_ns);
			fputs(",\"args\":{", x->out);
			export_str(x->out, ev.res == REC_METRIC_THREADS ? "threads" : "KiB");
			fprintf(x->out, ":%" PRId64 "}}", ev.value);
		} else if (ev.kind == REC_RUN_END || ev.kind == REC_EXPECT) {
			char *g = ev.kind == REC_RUN_END ? xasprintf("run end (%" PRId64 ")", ev.value)
			    : xasprintf("expectation %d %s", ev.res, ev.value ? "met" : "not met");
			export_begin(x, g, "i", "run", 1, 0);
			export_ts(x, "ts", ev.t_ns);
			fputs(",\"s\":\"g\"}", x->out);
			free(g);
		}
		free(name);

		if (ev.kind == REC_LOCK_RELEASE && aok && rok) {
			rel[(size_t)ev.res * nact + (size_t)ev.actor] = ev.t_ns;
			has[(size_t)ev.res * nact + (size_t)ev.actor] = true;
		} else if (ev.kind == REC_LOCK_ACQUIRE && aok && rok && export_actor_ok(x, ev.other) &&
		    has[(size_t)ev.res * nact + (size_t)ev.other]) {
			export_flow(x, ev.other, rel[(size_t)ev.res * nact + (size_t)ev.other], ev.actor, ev.t_ns);
		} else if (ev.kind == REC_WAKE && aok && export_actor_ok(x, ev.other)) {
			export_flow(x, ev.actor, ev.t_ns, ev.other, ev.t_ns);
		}
	}
	free(rel);
	free(has);
}

/* One counter event: NAME at T with the series NAMES[i] = VALS[i] for the i in MASK. */
static void
export_counter(struct export *x, const char *name, int pid, uint64_t t, const char *const *names,
    const double *vals, uint32_t mask, bool whole)
{
	bool first = true;

	export_begin(x, name, "C", "crowd", pid, 0);
	export_ts(x, "ts", t);
	fputs(",\"args\":{", x->out);
	for (int i = 0; i < 32; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!first)
			fputc(',', x->out);
		first = false;
		export_str(x->out, names[i]);
		if (whole)
			fprintf(x->out, ":%.0f", vals[i]);
		else
			fprintf(x->out, ":%.3f", vals[i]);
	}
	fputs("}}", x->out);
}

/* Family F's members per state: exact at every change, or averaged over columns when many. */
static void
export_family_states(struct export *x, int f)
{
	const struct prog_family *pf = &x->var->families[f];
	char *name = xasprintf("%s states", pf->name ? pf->name : "?");
	int pid = export_pid(x, pf->first);
	size_t n = tl_family_nchanges(x->tl, f);
	uint32_t cnt[REC_ST_COUNT], mask = 0;
	double v[REC_ST_COUNT];

	tl_family_changes_base(x->tl, f, cnt);
	for (int s = 0; s < REC_ST_COUNT; s++)
		if (cnt[s])
			mask |= 1u << s;
	for (size_t i = 0; i < n; i++) {
		uint64_t t;
		uint8_t from, to;
		tl_family_change(x->tl, f, i, &t, &from, &to);
		mask |= 1u << to;
	}
	if (n <= EXPORT_EXACT_CHANGES) {
		/* the counts in force from each change time on (all changes at that time applied) */
		uint64_t t = tl_group_known_from(x->tl, f), tn;
		uint8_t from, to;
		size_t i = 0;
		for (;;) {
			for (; i < n; i++) {
				tl_family_change(x->tl, f, i, &tn, &from, &to);
				if (tn != t)
					break;
				cnt[from]--;
				cnt[to]++;
			}
			for (int s = 0; s < REC_ST_COUNT; s++)
				v[s] = cnt[s];
			export_counter(x, name, pid, t, export_state_names, v, mask, true);
			if (i >= n)
				break;
			t = tn;
		}
	} else {
		uint64_t t0 = tl_group_known_from(x->tl, f), t1 = tl_t_end(x->tl) + 1;
		uint64_t (*ns)[REC_ST_COUNT] = xcalloc(EXPORT_COLUMNS, sizeof *ns);
		tl_group_columns(x->tl, pf->first, pf->count, t0, t1, EXPORT_COLUMNS, ns);
		for (int c = 0; c < EXPORT_COLUMNS; c++) {
			uint64_t c0 = t0 + (uint64_t)((unsigned __int128)(t1 - t0) * (unsigned)c / EXPORT_COLUMNS);
			uint64_t c1 = t0 + (uint64_t)((unsigned __int128)(t1 - t0) * (unsigned)(c + 1) / EXPORT_COLUMNS);
			if (c1 <= c0)
				c1 = c0 + 1;
			for (int s = 0; s < REC_ST_COUNT; s++)
				v[s] = (double)ns[c][s] / (double)(c1 - c0);
			export_counter(x, name, pid, c0, export_state_names, v, mask, false);
		}
		free(ns);
	}
	free(name);
}

/* Family F's metric rows (tl_metric_columns over the run), a counter event where a value changes. */
static void
export_family_metrics(struct export *x, int f)
{
	static const char *const series[TL_METRIC_COUNT] = {
		"in flight", "done/s", "p50 ms", "p99 ms", "threads", "KiB",
	};
	const struct prog_family *pf = &x->var->families[f];
	int pid = export_pid(x, pf->first);
	uint64_t t0 = tl_t_begin(x->tl), t1 = tl_t_end(x->tl) + 1;
	double *v[TL_METRIC_COUNT];

	if (!tl_metric_any(x->tl, f, TL_METRIC_INFLIGHT) && !tl_metric_any(x->tl, f, TL_METRIC_COMPLETIONS))
		return;
	for (int m = TL_METRIC_INFLIGHT; m <= TL_METRIC_LATENCY_P99; m++) {
		v[m] = xmalloc(EXPORT_COLUMNS * sizeof *v[m]);
		tl_metric_columns(x->tl, f, (enum tl_metric)m, t0, t1, EXPORT_COLUMNS, v[m]);
	}
	{
		/* in flight: exact, at every change */
		char *name = xasprintf("%s in flight", pf->name ? pf->name : "?");
		size_t n = tl_family_nflight(x->tl, f);
		for (size_t i = 0; i < n; i++) {
			uint64_t t;
			uint32_t k;
			double val[TL_METRIC_COUNT];
			tl_family_flight(x->tl, f, i, &t, &k);
			val[TL_METRIC_INFLIGHT] = k;
			export_counter(x, name, pid, t, series, val, 1u << TL_METRIC_INFLIGHT, true);
		}
		free(name);
	}
	for (int m = TL_METRIC_COMPLETIONS; m <= TL_METRIC_LATENCY_P50; m++) {
		char *name = xasprintf("%s %s", pf->name ? pf->name : "?",
		    m == TL_METRIC_COMPLETIONS ? "done/s" : "latency");
		double prev[2] = { NAN, NAN };
		for (int c = 0; c < EXPORT_COLUMNS; c++) {
			uint64_t c0 = t0 + (uint64_t)((unsigned __int128)(t1 - t0) * (unsigned)c / EXPORT_COLUMNS);
			double val[TL_METRIC_COUNT];
			uint32_t mask;
			if (m == TL_METRIC_LATENCY_P50) {
				/* both percentiles in one counter, in ms; columns where none finished are left out */
				if (isnan(v[TL_METRIC_LATENCY_P50][c]))
					continue;
				val[TL_METRIC_LATENCY_P50] = v[TL_METRIC_LATENCY_P50][c] / 1e6;
				val[TL_METRIC_LATENCY_P99] = v[TL_METRIC_LATENCY_P99][c] / 1e6;
				mask = 1u << TL_METRIC_LATENCY_P50 | 1u << TL_METRIC_LATENCY_P99;
				if (val[TL_METRIC_LATENCY_P50] == prev[0] && val[TL_METRIC_LATENCY_P99] == prev[1])
					continue;
				prev[0] = val[TL_METRIC_LATENCY_P50];
				prev[1] = val[TL_METRIC_LATENCY_P99];
			} else {
				if (isnan(v[m][c]) || v[m][c] == prev[0])
					continue;
				val[m] = prev[0] = v[m][c];
				mask = 1u << m;
			}
			export_counter(x, name, pid, c0, series, val, mask, false);
		}
		free(name);
	}
	for (int m = TL_METRIC_INFLIGHT; m <= TL_METRIC_LATENCY_P99; m++)
		free(v[m]);
}

static void
export_crowds(struct export *x)
{
	for (size_t f = 0; x->var && f < tl_nfamilies(x->tl); f++) {
		export_family_states(x, (int)f);
		export_family_metrics(x, (int)f);
	}
}

int
export_chrome(FILE *out, const struct tl *tl)
{
	struct export x;

	memset(&x, 0, sizeof x);
	x.out = out;
	x.tl = tl;
	x.prog = tl_prog(tl);
	x.var = tl_variant(tl);
	x.t0 = tl_t_begin(tl);
	x.first = true;

	fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tool\":\"kitchensync\",\"scenario\":", out);
	export_str(out, x.prog && x.prog->name ? x.prog->name : "");
	fputs(",\"variant\":", out);
	export_str(out, x.var && x.var->name ? x.var->name : "");
	fprintf(out, ",\"dropped_events\":%" PRIu64 "},\"traceEvents\":[", tl_dropped(tl));
	export_meta(&x);
	export_spans(&x);
	export_instants(&x);
	export_crowds(&x);
	fputs("\n]}\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
