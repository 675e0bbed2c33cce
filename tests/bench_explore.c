/* bench_explore.c: explore's figures for `make bench`, each beside its target:
 * states per second over the shipped race and deadlock lessons (the target
 * the issue set), a larger search for scale (menu: 400,000 states, bound by
 * memory more than by steps; no target), and the time to prove the race's
 * locked variant. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "explore.h"
#include "prog.h"
#include "scn.h"

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Explores VARIANT of scenarios/NAME.ks often enough to time it; its states
 * and the best seconds per search. */
static int
bench(const char *name, const char *variant, size_t *states, double *best)
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
		if (t < *best)
			*best = t;
		explore_result_free(&r);
	}
	prog_free(prog);
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
		double t;
		if (bench(cases[i][0], cases[i][1], &n, &t) < 0)
			return 1;
		printf("  %-8s %-9s %9zu states in %8.2f ms: %6.2f M states/s\n", cases[i][0], cases[i][1], n,
		    t * 1e3, (double)n / t / 1e6);
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
	return 0;
}
