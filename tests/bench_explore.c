/* bench_explore.c: explore's figures for `make bench`, each beside its target:
 * states per second over the shipped race and deadlock lessons (the target
 * the issue set), a larger search for scale (menu: 400,000 states, bound by
 * memory more than by steps; no target), the time to prove the race's
 * locked variant, the bytes the search held per state stored, and the
 * latency of a challenge's hint (the TUI's `h`: the fewest steps from where
 * the learner is) for every shipped challenge, beside its 100 ms target. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "explore.h"
#include "prog.h"
#include "scn.h"

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Explores VARIANT of scenarios/NAME.ks often enough to time it; its states,
 * the best seconds per search and the bytes the search held per state. */
static int
bench(const char *name, const char *variant, size_t *states, double *best, double *per)
{
	const char *dir = getenv("KS_SRCDIR");
	char path[4096];
	struct diag *d = diag_new(stderr);
	struct prog *prog;
	const struct prog_variant *v;
	struct explore_opts o = { 0, false, 0 };

	snprintf(path, sizeof path, "%s/scenarios/%s.ks", dir ? dir : KS_ABS_SRCDIR, name);
	prog = scn_load(path, d);
	diag_free(d);
	if (prog == NULL || (v = prog_variant_find(prog, variant)) == NULL) {
		fprintf(stderr, "bench_explore: cannot load %s, variant %s\n", path, variant);
		return -1;
	}
	*best = 1e9;
	for (int i = 0; i < 5; i++) {
		struct explore_result r;
		double t0 = now_s(), t;
		if (explore_run(v, &o, &r) < 0) {
			fprintf(stderr, "bench_explore: %s %s cannot be explored\n", name, variant);
			prog_free(prog);
			return -1;
		}
		t = now_s() - t0;
		*states = r.states;
		*per = r.states ? (double)r.bytes / (double)r.states : 0;
		if (t < *best)
			*best = t;
		explore_result_free(&r);
	}
	prog_free(prog);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define HINT_SAMPLES 8  /* positions along the way to the goal at which a hint is asked */

/* The hint's latency for V's challenge: asked at the start and at evenly
 * spaced points along the fewest steps to the goal (as a learner following
 * the hints would be); the samples' p99 (with 8 samples: the slowest) and
 * median into *P99 and *MED.  -1 when the goal cannot be reached. */
static int
bench_hint(const struct prog_variant *v, double *p99, double *med, size_t *nsamples)
{
	struct explore_path way;
	double t[HINT_SAMPLES];
	size_t n = 0, left;

	if (explore_goal(v, 0, &way) != 0) {
		free(way.steps);
		return -1;
	}
	for (size_t i = 0; i < HINT_SAMPLES; i++) {
		size_t at = way.nsteps * i / HINT_SAMPLES;
		double t0 = now_s();
		(void)explore_hint(v, way.steps, at, &left);
		t[n++] = now_s() - t0;
	}
	free(way.steps);
	qsort(t, n, sizeof *t, cmp_double);
	*p99 = t[n - 1 - (n * 1) / 100];
	*med = t[n / 2];
	*nsamples = n;
	return 0;
}

/* Every shipped challenge's hint latency, beside the target. */
static int
bench_hints(void)
{
	const char *dir = getenv("KS_SRCDIR");
	char path[4096];
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nnames = 0;

	snprintf(path, sizeof path, "%s/scenarios", dir ? dir : KS_ABS_SRCDIR);
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "bench_explore: cannot open %s\n", path);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len > 3 && strcmp(de->d_name + len - 3, ".ks") == 0) {
			char **grown = realloc(names, (nnames + 1) * sizeof *names);
			if (grown == NULL) {
				closedir(d);
				return 1;
			}
			names = grown;
			names[nnames++] = strndup(de->d_name, len - 3);
		}
	}
	closedir(d);
	qsort(names, nnames, sizeof *names, cmp_name);
	printf("challenge hints (the TUI's h: fewest steps to the goal, asked at %d points along the way):\n",
	    HINT_SAMPLES);
	for (size_t i = 0; i < nnames; i++) {
		struct diag *dg = diag_new(stderr);
		struct prog *prog;
		snprintf(path, sizeof path, "%s/scenarios/%s.ks", dir ? dir : KS_ABS_SRCDIR, names[i]);
		prog = scn_load(path, dg);
		diag_free(dg);
		if (prog == NULL) {
			fprintf(stderr, "bench_explore: cannot load %s\n", path);
			return 1;
		}
		for (size_t k = 0; k < prog->nvariants; k++) {
			const struct prog_variant *v = &prog->variants[k];
			double p99, med;
			size_t ns;
			if (v->challenge == NULL || explore_unsupported(v) != NULL)
				continue;
			if (bench_hint(v, &p99, &med, &ns) < 0) {
				printf("  %-8s %-10s the goal cannot be reached\n", names[i], v->name);
				continue;
			}
			printf("  %-8s %-10s p99 %9.1f ms, median %9.1f ms  (target: p99 <= 100 ms)  %s\n", names[i],
			    v->name, p99 * 1e3, med * 1e3, p99 <= 0.1 ? "ok" : "MISSED");
		}
		prog_free(prog);
		free(names[i]);
	}
	free(names);
	return 0;
}

int
main(void)
{
	static const char *const cases[][2] = {
		{ "race", "unsafe" }, { "race", "slow" }, { "race", "locked" },
		{ "deadlock", "opposite" }, { "deadlock", "ordered" }, { "menu", "writers" },
	};
	size_t total = 0;
	double secs = 0, locked = 0;

	printf("explore (every interleaving; best of 5):\n");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n;
		double t, per;
		if (bench(cases[i][0], cases[i][1], &n, &t, &per) < 0)
			return 1;
		printf("  %-8s %-9s %9zu states in %8.2f ms: %6.2f M states/s, %7.0f bytes held per state stored\n",
		    cases[i][0], cases[i][1], n, t * 1e3, (double)n / t / 1e6, per);
		if (strcmp(cases[i][0], "menu") != 0) {
			total += n;
			secs += t;
		}
		if (strcmp(cases[i][1], "locked") == 0)
			locked = t;
	}
	printf("  race and deadlock together: %.2f M states/s  (target: >= 1 M states/s)  %s\n", (double)total / secs / 1e6,
	    (double)total / secs >= 1e6 ? "ok" : "MISSED");
	printf("  race, variant locked, proved in %.1f ms  (no target)\n", locked * 1e3);
	return bench_hints();
}
