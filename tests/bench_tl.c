/* bench_tl.c: the timeline model's speed and memory (make bench; never part of make check).
 *
 * One full query = tl_columns for 64 actors x 200 columns over the whole run,
 * with 1,000,000 stored events.  Targets: at most 2 ms a query, at most 48
 * bytes of memory per stored event.  Each query runs 51 times; the best is
 * the figure set beside the target, the median shows how steady the machine was.
 *
 * Crowds: 10,000 loop tasks (family "Request") and 2,000 threads (family
 * "Worker") recorded as synthetic events, over 5 M in all (arrivals, ops,
 * state changes, lock events, exits, metric samples every 10 ms).  Targets:
 * the group-row query of the 10,000-member family over the visible window
 * (200 columns) at most 2 ms; at most 48 bytes of memory per stored event.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tl-at.h"
#include "tl-text.h"
#include "tl.h"
#include "xalloc.h"

#define NACTORS 64
#define NEVENTS 1000000
#define COLS 200

/* This thread's CPU time: a query's own cost, without the time other programs took the CPU. */
static double
cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* NEV events of which one in STATE_EVERY is a state change; the rest are ops and values. */
static struct tl *
bench_fill_n(struct prog_variant *v, int state_every, size_t nev)
{
	struct tl *tl = tl_new(NULL, v, nev > TL_DEFAULT_CAP ? nev : 0);
	struct rec_event *ev = xcalloc(4096, sizeof *ev);
	unsigned seed = 1;
	uint64_t t = 1000000000ull;
	size_t done = 0;

	while (done < nev) {
		size_t n = nev - done < 4096 ? nev - done : 4096;
		for (size_t i = 0; i < n; i++) {
			struct rec_event *e = &ev[i];
			seed = seed * 1103515245u + 12345u;
			t += 200 + (seed >> 16) % 2000;
			memset(e, 0, sizeof *e);
			e->t_ns = t;
			e->actor = (int16_t)((seed >> 8) % NACTORS);
			e->other = -1;
			e->res = (int16_t)((seed >> 4) % 4);
			e->op = (int32_t)(seed % 17);
			e->cpu = (uint16_t)((seed >> 12) % 8);
			if ((done + i) % (size_t)state_every == 0) {
				e->kind = REC_STATE;
				e->state = (uint8_t)(1 + (seed >> 20) % 6);
			} else {
				static const uint8_t kinds[] = { REC_OP, REC_LOAD, REC_STORE, REC_OP };
				e->kind = kinds[(seed >> 24) % 4];
				e->value = (int64_t)(seed % 1000);
			}
		}
		tl_add(tl, ev, n);
		done += n;
	}
	free(ev);
	return tl;
}

static struct tl *
bench_fill(struct prog_variant *v, int state_every)
{
	return bench_fill_n(v, state_every, NEVENTS);
}

/* The state at an instant (scrubbing) over NEV events: tl_at_new at 201
 * times spread over the run (CPU time: on a busy machine the wall clock
 * also counts other programs' turns), against a replay of every event from
 * the start (how it was made before the marks), and the marks' memory. */
static void
bench_scrub(struct prog_variant *v, size_t nev, double target_ms)
{
	struct tl *tl = bench_fill_n(v, 4, nev);
	const struct tl_at_marks *m = tl_marks(tl);
	uint64_t t0 = tl_t_begin(tl), span = tl_t_end(tl) - t0;
	enum { N = 201 };
	double ms[N], full, start, catch_up;
	size_t marks, all;
	struct tl_at *at;
	struct rec_event e;

	/* the marks follow the model when a state is asked for: the terminal
	 * interface asks at every frame; here they catch up at once */
	start = cpu_ms();
	(void)tl_at_end(tl);
	catch_up = cpu_ms() - start;
	marks = tl_at_marks_bytes(m);
	all = tl_bytes(tl);
	for (int q = 0; q < N; q++) {
		uint64_t t = t0 + span / (N - 1) * (uint64_t)((q * 37) % N);
		int k = q;
		double dt;
		start = cpu_ms();
		at = tl_at_new(tl, t);
		dt = cpu_ms() - start;
		tl_at_free(at);
		while (k > 0 && ms[k - 1] > dt) {
			ms[k] = ms[k - 1];
			k--;
		}
		ms[k] = dt;
	}
	start = now_ms();
	at = tl_at_new(tl, 0);
	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		tl_event(tl, i, &e);
		tl_at_apply(at, &e);
	}
	full = now_ms() - start;
	tl_at_free(at);
	printf("  %5.1f M events: state at an instant (CPU time) p50 %.3f ms, p99 %.3f ms, max %.3f ms  (target: p99 <= %.0f ms)  %s;"
	    " replaying from the start: %.1f ms\n",
	    (double)nev / 1e6, ms[N / 2], ms[N * 99 / 100], ms[N - 1], target_ms,
	    ms[N * 99 / 100] <= target_ms ? "ok" : "MISSED", full);
	printf("      marks every %zu events: %.1f MB, %.1f%% of the events' %.0f MB  (target: <= 10%%)  %s;"
	    " made in %.1f ms, once\n",
	    tl_at_marks_every(m), (double)marks / 1e6, 100.0 * (double)marks / (double)(all - marks),
	    (double)(all - marks) / 1e6, marks * 10 <= all - marks ? "ok" : "MISSED", catch_up);
	tl_free(tl);
}

/* One query of every actor over [T0, T1) in W columns; its time in ms. */
static double
bench_query(const struct tl *tl, uint64_t t0, uint64_t t1, int w, uint8_t *out)
{
	double start = now_ms();
	for (int a = 0; a < NACTORS; a++)
		tl_columns(tl, a, t0, t1, w, out);
	return now_ms() - start;
}

/* The best and the median of REPS runs of a query: the best is the figure
 * compared with the target (other programs on the machine only ever add
 * time), the median says how steady it was. */
static void
bench_repeat(const struct tl *tl, uint64_t t0, uint64_t t1, int w, uint8_t *out,
    double *best, double *median)
{
	enum { REPS = 51 };
	double ms[REPS];

	for (int r = 0; r < REPS; r++) {
		double dt = bench_query(tl, t0, t1, w, out);
		int k = r;
		while (k > 0 && ms[k - 1] > dt) {  /* insertion: ms stays sorted */
			ms[k] = ms[k - 1];
			k--;
		}
		ms[k] = dt;
	}
	*best = ms[0];
	*median = ms[REPS / 2];
}

static void
bench_run(struct prog_variant *v, int state_every, const char *what)
{
	struct tl *tl = bench_fill(v, state_every);
	uint8_t *out = xmalloc(COLS);
	double best, median;
	size_t bytes = tl_bytes(tl);
	size_t nev = tl_end(tl) - tl_first(tl);
	uint64_t span = tl_t_end(tl) - tl_t_begin(tl);

	printf("timeline, %s:\n", what);
	bench_repeat(tl, tl_t_begin(tl), tl_t_end(tl) + 1, COLS, out, &best, &median);
	printf("  query 64 actors x 200 columns over %zu events: best %.3f ms, median %.3f ms   (target <= 2 ms)\n",
	    nev, best, median);
	printf("  memory per stored event: %.2f bytes (%zu bytes in all)                 (target <= 48 bytes)\n",
	    (double)bytes / (double)nev, bytes);
	/* a zoomed-in query: the last 1% of the run */
	bench_repeat(tl, tl_t_end(tl) - span / 100, tl_t_end(tl), COLS, out, &best, &median);
	printf("  zoomed query (1%% of the run): best %.3f ms, median %.3f ms\n", best, median);
	/* zoomed out: the whole run in 4 columns, each holding thousands of spans */
	bench_repeat(tl, tl_t_begin(tl), tl_t_end(tl) + 1, 4, out, &best, &median);
	printf("  whole run in 4 columns: best %.3f ms, median %.3f ms\n", best, median);
	{
		double t0 = now_ms();
		struct tl_at *at = tl_at_new(tl, tl_t_end(tl));
		printf("  state at the end of the run (scrubbing, from the nearest mark): %.3f ms\n", now_ms() - t0);
		tl_at_free(at);
	}
	free(out);
	tl_free(tl);
}

/* ---- crowds -------------------------------------------------------------------- */

#define CROWD_TASKS 10000
#define CROWD_THREADS 2000
#define CROWD_ACTORS (1 + CROWD_TASKS + CROWD_THREADS)
#define CROWD_PER_MEMBER 440    /* events a member: 12,000 x 440 = 5.28 M */

static uint32_t crowd_seed = 12345;

static uint32_t
crowd_rand(uint32_t n)
{
	crowd_seed = crowd_seed * 1103515245u + 12345u;
	return (crowd_seed >> 8) % n;
}

/* Actor 0 is the loop; then the tasks, then the threads. */
static void
crowd_variant(struct prog_variant *v)
{
	memset(v, 0, sizeof *v);
	v->nactors = CROWD_ACTORS;
	v->actors = xcalloc(CROWD_ACTORS, sizeof *v->actors);
	v->actors[0].kind = PROG_LOOP;
	v->actors[0].parent = -1;
	v->actors[0].family = -1;
	for (int a = 1; a < CROWD_ACTORS; a++) {
		bool task = a <= CROWD_TASKS;
		v->actors[a].kind = task ? PROG_TASK : PROG_THREAD;
		v->actors[a].parent = task ? 0 : -1;
		v->actors[a].family = task ? 0 : 1;
		v->actors[a].member = task ? a : a - CROWD_TASKS;
	}
	v->nfamilies = 2;
	v->families = xcalloc(2, sizeof *v->families);
	v->families[0] = (struct prog_family){ .name = (char *)"Request", .kind = PROG_TASK,
		.first = 1, .count = CROWD_TASKS, .parent = 0, .deadline_ns = 50000000 };
	v->families[1] = (struct prog_family){ .name = (char *)"Worker", .kind = PROG_THREAD,
		.first = 1 + CROWD_TASKS, .count = CROWD_THREADS, .parent = -1 };
	v->ndecls = 4;
	v->decls = xcalloc(4, sizeof *v->decls);
}

/* The next event of member A, its K-th (0: arrival; the last: exit). */
static void
crowd_member_event(struct rec_event *e, int a, int k, uint64_t t)
{
	bool task = a <= CROWD_TASKS;
	int last = CROWD_PER_MEMBER - 1;

	memset(e, 0, sizeof *e);
	e->t_ns = t;
	e->actor = (int16_t)a;
	e->other = -1;
	e->res = -1;
	e->op = k % 7;
	e->cpu = task ? 0 : (uint16_t)(a % 8);
	if (k == 0) {
		e->kind = REC_ARRIVE;
		e->value = task ? 0 : 1;
	} else if (k == last) {
		e->kind = REC_EXIT;
	} else if (k == last - 1) {
		e->kind = REC_STATE;
		e->state = crowd_rand(20) == 0 ? REC_ST_TIMEDOUT : REC_ST_DONE;
	} else if (k % 2 == 1) {
		/* every other event a state change: running, then a wait */
		static const uint8_t waits[] = { REC_ST_AWAITING, REC_ST_READY, REC_ST_BLOCKED,
			REC_ST_SLEEPING, REC_ST_IO };
		e->kind = REC_STATE;
		e->state = k % 4 == 1 ? REC_ST_RUNNING
		    : task ? (k % 8 == 3 ? REC_ST_READY : REC_ST_AWAITING) : waits[crowd_rand(5)];
		if (e->state == REC_ST_BLOCKED) {
			e->res = 1;
			e->other = (int16_t)(1 + CROWD_TASKS + crowd_rand(CROWD_THREADS));
		}
	} else {
		static const uint8_t kinds[] = { REC_OP, REC_OP, REC_LOAD, REC_LOCK_ACQUIRE, REC_LOCK_RELEASE };
		e->kind = kinds[crowd_rand(5)];
		e->res = e->kind == REC_OP ? -1 : 1;
		e->value = (int64_t)crowd_rand(1000);
	}
}

/* Every member's events, in time order, with members arriving through the first half. */
static struct tl *
crowd_fill(struct prog_variant *v)
{
	struct tl *tl = tl_new(NULL, v, (size_t)8 << 20);
	struct rec_event *ev = xcalloc(4096, sizeof *ev);
	int *active = xcalloc(CROWD_ACTORS, sizeof *active), *next = xcalloc(CROWD_ACTORS, sizeof *next);
	size_t nact = 0, n = 0, step = 0;
	int arrived = 0;
	uint64_t t = 1000000000ull, next_metric = t;
	const size_t every = (size_t)CROWD_PER_MEMBER * (CROWD_ACTORS - 1) / 2 / (CROWD_ACTORS - 1);

	while (arrived < CROWD_ACTORS - 1 || nact > 0) {
		if (n + 3 > 4096) {
			tl_add(tl, ev, n);
			n = 0;
		}
		t += 50 + crowd_rand(1500);
		if (t >= next_metric) {
			memset(&ev[n], 0, sizeof ev[n]);
			ev[n].t_ns = t;
			ev[n].actor = -1;
			ev[n].other = -1;
			ev[n].kind = REC_METRIC;
			ev[n].res = REC_METRIC_THREADS;
			ev[n].value = 1 + (int64_t)nact / 6;
			ev[n + 1] = ev[n];
			ev[n + 1].res = REC_METRIC_RSS_KB;
			ev[n + 1].value = 20000 + 9 * (int64_t)nact;
			n += 2;
			next_metric += 10000000ull;
		}
		if (arrived < CROWD_ACTORS - 1 && (step++ % every == 0 || nact == 0)) {
			int a = ++arrived;
			active[nact++] = a;
			next[a] = 0;
		}
		{
			size_t i = crowd_rand((uint32_t)nact);
			int a = active[i];
			crowd_member_event(&ev[n++], a, next[a]++, t);
			if (next[a] == CROWD_PER_MEMBER)
				active[i] = active[--nact];
		}
	}
	tl_add(tl, ev, n);
	free(ev);
	free(active);
	free(next);
	return tl;
}

static double
crowd_query(const struct tl *tl, int first, int count, uint64_t t0, uint64_t t1,
    uint64_t (*out)[REC_ST_COUNT])
{
	double start = now_ms();
	tl_group_columns(tl, first, count, t0, t1, COLS, out);
	return now_ms() - start;
}

static void
crowd_repeat(const struct tl *tl, int first, int count, uint64_t t0, uint64_t t1,
    uint64_t (*out)[REC_ST_COUNT], double *best, double *median)
{
	enum { REPS = 51 };
	double ms[REPS];

	for (int r = 0; r < REPS; r++) {
		double dt = crowd_query(tl, first, count, t0, t1, out);
		int k = r;
		while (k > 0 && ms[k - 1] > dt) {
			ms[k] = ms[k - 1];
			k--;
		}
		ms[k] = dt;
	}
	*best = ms[0];
	*median = ms[REPS / 2];
}

static void
bench_crowd(void)
{
	struct prog_variant v;
	struct tl *tl;
	uint64_t (*out)[REC_ST_COUNT] = xcalloc(COLS, sizeof *out);
	double *vals = xcalloc(COLS, sizeof *vals);
	double best, median, t_add = now_ms();
	size_t nev, bytes;
	uint64_t tb, te, span;
	uint32_t at[REC_ST_COUNT];

	crowd_variant(&v);
	tl = crowd_fill(&v);
	t_add = now_ms() - t_add;
	nev = tl_end(tl) - tl_first(tl);
	bytes = tl_bytes(tl);
	tb = tl_t_begin(tl);
	te = tl_t_end(tl);
	span = te - tb;
	printf("crowds, %d loop tasks + %d threads, %zu events (%.0f ms to add, %.0f ns an event):\n",
	    CROWD_TASKS, CROWD_THREADS, nev, t_add, t_add * 1e6 / (double)nev);
	crowd_repeat(tl, 1, CROWD_TASKS, tb, te + 1, out, &best, &median);
	printf("  group row, 10,000 members x 200 columns, whole run: best %.3f ms, median %.3f ms   (target <= 2 ms)\n",
	    best, median);
	crowd_repeat(tl, 1 + CROWD_TASKS, CROWD_THREADS, tb, te + 1, out, &best, &median);
	printf("  group row, 2,000 members x 200 columns, whole run: best %.3f ms, median %.3f ms\n", best, median);
	crowd_repeat(tl, 1, CROWD_TASKS, te - span / 100, te, out, &best, &median);
	printf("  group row, 10,000 members, zoomed (1%% of the run): best %.3f ms, median %.3f ms\n", best, median);
	crowd_repeat(tl, 1, CROWD_TASKS - 1, tb, te + 1, out, &best, &median);
	printf("  (not a whole family, member by member: 9,999 members x 200 columns: best %.3f ms)\n", best);
	printf("  memory per stored event: %.2f bytes (%zu bytes in all)                      (target <= 48 bytes)\n",
	    (double)bytes / (double)nev, bytes);
	{
		double t0 = now_ms();
		tl_group_at(tl, 1, CROWD_TASKS, tb + span / 2, at);
		printf("  counts at an instant (the cursor), 10,000 members: %.3f ms\n", now_ms() - t0);
	}
	{
		double t0 = now_ms();
		for (int m = 0; m < TL_METRIC_COUNT; m++)
			tl_metric_columns(tl, 0, (enum tl_metric)m, tb, te + 1, COLS, vals);
		printf("  all %d metric rows x 200 columns: %.3f ms\n", TL_METRIC_COUNT, now_ms() - t0);
	}
	{
		FILE *null = fopen(getenv("BENCH_TEXT") ? "/dev/stdout" : "/dev/null", "w");
		struct tl_text_opts o = { .width = 100 };
		double t0 = now_ms();
		if (null) {
			tl_text_print(null, tl, &o);
			fclose(null);
			printf("  headless text timeline (group rows, metric rows), width 100: %.1f ms\n",
			    now_ms() - t0);
		}
	}
	tl_free(tl);
	free(out);
	free(vals);
	free(v.actors);
	free(v.families);
	free(v.decls);
}

int
main(void)
{
	struct prog_variant v;

	memset(&v, 0, sizeof v);
	v.nactors = NACTORS;
	v.actors = xcalloc(NACTORS, sizeof *v.actors);
	v.ndecls = 4;
	v.decls = xcalloc(4, sizeof *v.decls);
	bench_run(&v, 4, "a typical mix (one event in 4 a state change)");
	bench_run(&v, 1, "worst case (every event a state change)");
	bench_crowd();
	printf("scrubbing (the state at an instant: values, holders, waiters), 64 actors:\n");
	bench_scrub(&v, 1000000, 1);
	bench_scrub(&v, 10000000, 1);
	free(v.actors);
	free(v.decls);
	return 0;
}
