/* bench_tl.c: the timeline model's speed and memory (make bench; never part of make check).
 *
 * One full query = tl_columns for 64 actors x 200 columns over the whole run,
 * with 1,000,000 stored events.  Targets: at most 2 ms a query, at most 48
 * bytes of memory per stored event.  Each query runs 51 times; the best is
 * the figure set beside the target, the median shows how steady the machine was.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tl.h"
#include "xalloc.h"

#define NACTORS 64
#define NEVENTS 1000000
#define COLS 200

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* NEVENTS events of which one in STATE_EVERY is a state change; the rest are ops and values. */
static struct tl *
bench_fill(struct prog_variant *v, int state_every)
{
	struct tl *tl = tl_new(NULL, v, 0);
	struct rec_event *ev = xcalloc(4096, sizeof *ev);
	unsigned seed = 1;
	uint64_t t = 1000000000ull;
	size_t done = 0;

	while (done < NEVENTS) {
		size_t n = NEVENTS - done < 4096 ? NEVENTS - done : 4096;
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
		printf("  state at the end of the run (scrubbing, replays every event): %.3f ms\n", now_ms() - t0);
		tl_at_free(at);
	}
	free(out);
	tl_free(tl);
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
	free(v.actors);
	free(v.decls);
	return 0;
}
