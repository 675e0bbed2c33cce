/* bench_eng.c: engine figures for `make bench`, each beside its target:
 * overhead per op in live mode, how late `await 10ms` and `work 100ms` (CPU time) end,
 * how long an abort takes to stop everything, and crowds: 10,000 tasks on one
 * loop, and 2,000 real threads against raw pthread_create + join. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "eng.h"
#include "prog.h"
#include "rec.h"
#include "scn.h"

struct run {
	struct prog *prog;
	struct eng *e;
	struct rec_event *ev;
	size_t n, cap;
};

static void
run_drain(struct run *r, bool final, bool keep)
{
	static struct rec_event buf[4096];
	size_t k;
	while ((k = rec_drain(eng_rec(r->e), buf, 4096, final)) > 0) {
		if (!keep)
			continue;
		if (r->n + k > r->cap) {
			r->cap = (r->n + k) * 2;
			r->ev = realloc(r->ev, r->cap * sizeof *r->ev);
			if (r->ev == NULL)
				exit(1);
		}
		memcpy(r->ev + r->n, buf, k * sizeof *buf);
		r->n += k;
	}
}

static int
run_start(struct run *r, const char *src)
{
	struct diag *d = diag_new(stderr);
	struct eng_config c;
	char *err;

	memset(r, 0, sizeof *r);
	r->prog = scn_parse_buffer("bench.ks", src, strlen(src), d);
	diag_free(d);
	if (r->prog == NULL)
		return -1;
	memset(&c, 0, sizeof c);
	c.prog = r->prog;
	c.variant = prog_variant_find(r->prog, NULL);
	c.mode = ENG_LIVE;
	c.speed = 1;
	r->e = eng_new(&c, &err);
	if (r->e == NULL || eng_start(r->e, &err) < 0) {
		fprintf(stderr, "bench_eng: %s\n", err);
		return -1;
	}
	return 0;
}

static const struct eng_outcome *
run_finish(struct run *r, bool keep)
{
	bool ended = false;
	while (!ended) {
		ended = eng_wait(r->e, 20);
		run_drain(r, ended, keep);
	}
	return eng_outcome(r->e);
}

static void
run_free(struct run *r)
{
	eng_free(r->e);
	prog_free(r->prog);
	free(r->ev);
}

/* From each event of KIND/STATE by ACTOR to that actor's next event: the lateness over NS. */
static void
lateness(struct run *r, int actor, int kind, int state, int64_t ns, double *mean, double *max)
{
	double sum = 0;
	int count = 0;
	*max = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct rec_event *a = &r->ev[i];
		if (a->actor != actor || a->kind != kind || (state >= 0 && a->state != state))
			continue;
		for (size_t j = i + 1; j < r->n; j++) {
			const struct rec_event *b = &r->ev[j];
			double late;
			if (b->actor != actor || b->kind != REC_STATE)
				continue;
			late = (double)((int64_t)(b->t_ns - a->t_ns) - ns) / 1e6;
			sum += late;
			count++;
			if (late > *max)
				*max = late;
			break;
		}
	}
	*mean = count ? sum / count : 0;
}

static void *
bench_nothing(void *arg)
{
	return arg;
}

/* Raw cost of starting and joining N threads, all alive at once (as a family is). */
static double
bench_raw_threads(int n)
{
	pthread_t *t = calloc((size_t)n, sizeof *t);
	uint64_t t0 = rec_now();
	int made = 0;
	if (t == NULL)
		return 0;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, bench_nothing, NULL) == 0)
			made++;
		else
			break;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	free(t);
	return (double)(rec_now() - t0) / 1e6;
}

/* A whole run of SRC (no events kept): its wall time in ms, -1 when it did not run. */
static double
bench_run_ms(const char *src, const struct eng_outcome **out, struct run *r)
{
	uint64_t t0 = rec_now();
	if (run_start(r, src) < 0)
		return -1;
	*out = run_finish(r, false);
	return (double)(rec_now() - t0) / 1e6;
}

static void
bench_crowds(void)
{
	struct run r;
	const struct eng_outcome *o;
	double ms, raw, best = 1e9, rawbest = 1e9;

	/* 10,000 tasks each awaiting 20 ms at once: their scripted time is 20 ms */
	for (int k = 0; k < 3; k++) {
		ms = bench_run_ms("title \"Bench\"\nloop \"L\" { task \"T\" * 10000 { await 20ms } }\n", &o, &r);
		if (ms < 0)
			return;
		if (o->families[0].finished != 10000)
			printf("  (only %d of 10000 tasks finished)\n", o->families[0].finished);
		if (ms < best)
			best = ms;
		run_free(&r);
	}
	printf("  10,000 tasks on one loop: %7.1f ms, %.1f ms beyond their 20 ms  (target: <= 50 ms beyond)  %s\n",
	    best, best - 20, best - 20 <= 50 ? "ok" : "MISSED");

	best = 1e9;
	for (int k = 0; k < 3; k++) {
		ms = bench_run_ms("title \"Bench\"\nthread \"T\" * 2000 { say \"hi\" }\n", &o, &r);
		if (ms < 0)
			return;
		if (o->families[0].finished != 2000)
			printf("  (only %d of 2000 threads finished; %d refused)\n", o->families[0].finished,
			    o->families[0].refused);
		if (ms < best)
			best = ms;
		run_free(&r);
		raw = bench_raw_threads(2000);
		if (raw < rawbest)
			rawbest = raw;
	}
	printf("  2,000 threads, started and finished: %7.1f ms; raw pthread_create + join: %.1f ms"
	    "  (target: <= 2x)  %.2fx %s\n", best, rawbest, best / rawbest, best <= 2 * rawbest ? "ok" : "MISSED");
}

int
main(void)
{
	struct run r;
	const struct eng_outcome *o;
	double mean, max;
	uint64_t t0;

	printf("engine (live mode):\n");
	bench_crowds();

	if (run_start(&r, "scenario b\ntitle \"Bench\"\nvar x = 0\nthread \"T\" { repeat 200000 { x = x + 1 } }\n") < 0)
		return 1;
	o = run_finish(&r, false);
	printf("  overhead per op:        %8.1f ns  (%lld ops, op + store event each; no target)\n",
	    (double)o->actors[0].wall_ns / (double)o->actors[0].ops, (long long)o->actors[0].ops);
	run_free(&r);

	if (run_start(&r, "scenario b\ntitle \"Bench\"\nloop \"L\" { task \"T\" { repeat 20 { await 10ms } } }\n") < 0)
		return 1;
	run_finish(&r, true);
	lateness(&r, 1, REC_STATE, REC_ST_AWAITING, 10000000, &mean, &max);
	printf("  await 10ms ends late by %8.3f ms mean, %.3f ms max  (target: within 1 ms)  %s\n",
	    mean, max, max <= 1.0 ? "ok" : "MISSED");
	run_free(&r);

	if (run_start(&r, "scenario b\ntitle \"Bench\"\nthread \"T\" { repeat 5 { work 100ms; say \"w\" } }\n") < 0)
		return 1;
	run_finish(&r, true);
	{
		/* from the work op to the next op (the say): the op's own length in wall time;
		 * work counts CPU time, so on an idle CPU the two should agree */
		double sum = 0, mx = 0;
		int count = 0;
		for (size_t i = 0; i < r.n; i++) {
			if (r.ev[i].kind != REC_OP || r.ev[i].value != PROG_OP_WORK)
				continue;
			for (size_t j = i + 1; j < r.n; j++)
				if (r.ev[j].kind == REC_OP && r.ev[j].actor == r.ev[i].actor) {
					double late = (double)((int64_t)(r.ev[j].t_ns - r.ev[i].t_ns) - 100000000) / 1e6;
					sum += late;
					count++;
					if (late > mx)
						mx = late;
					break;
				}
		}
		mean = count ? sum / count : 0;
		printf("  work 100ms (CPU time) ends late, in wall time, by %8.3f ms mean, %.3f ms max  (target: within 1 ms)  %s\n",
		    mean, mx, mx <= 1.0 ? "ok" : "MISSED");
	}
	run_free(&r);

	if (run_start(&r,
	    "scenario b\ntitle \"Bench\"\nmutex m\nsemaphore go = 0\n"
	    "thread \"H\" { lock m; release go; sleep 60s; unlock m }\n"
	    "thread \"W\" { acquire go; lock m; unlock m }\n"
	    "process \"P\" { sleep 60s }\n"
	    "process \"Q\" { work 60s }\n"
	    "loop \"L\" { task \"A\" { await 60s }; task \"B\" { offload sleep 60s } }\n") < 0)
		return 1;
	{
		struct timespec ts = { 0, 100000000 };
		nanosleep(&ts, NULL);
	}
	run_drain(&r, false, false);
	t0 = rec_now();
	eng_abort(r.e);
	eng_wait(r.e, -1);
	{
		double ms = (double)(rec_now() - t0) / 1e6;
		printf("  abort, everything reaped: %6.1f ms  (target: within 200 ms)  %s\n",
		    ms, ms <= 200 ? "ok" : "MISSED");
	}
	run_finish(&r, false);
	run_free(&r);
	return 0;
}
