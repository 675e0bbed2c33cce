/* sweep.h: load curves: one variant run at increasing arrival rates.
 *
 * A variant's arrival family (the first family whose members arrive `every`
 * D) keeps its number of arrivals; only the gap between arrivals changes.
 * Each run's figures are the engine's own (eng_outcome: the family's
 * latency percentiles, throughput, timeouts and refusals; the run's peak
 * threads, memory, CPU time and context switches): nothing is recomputed
 * here, only picked out and kept per rate.
 */
#ifndef KS_SWEEP_H
#define KS_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "eng.h"
#include "prog.h"

/* The default rates: the family's own rate times these. */
#define SWEEP_NDEFAULT 6
/* At most this many rates in one sweep. */
#define SWEEP_MAX_RATES 64

/* One run of the sweep: what was offered and what came of it. */
struct sweep_point {
	double rate;              /* offered load: arrivals per second */
	int arrived, finished, timed_out, refused, unfinished;
	int refused_errno;        /* why the first refusal happened; 0: none */
	int64_t lat_p50, lat_p99; /* ns, -1 when nobody finished */
	int64_t deadline_ns;      /* the family's deadline, 0: none */
	double throughput;        /* finished per second */
	int peak_threads, peak_processes;
	int64_t peak_rss_kb;
	int64_t cpu_ns;
	long csw;
	int64_t elapsed_ns;
	int64_t late_ns;          /* the most a work or sleep ended late: other work held the CPUs */
	bool ended;               /* every member arrived and the run ended by itself */
};

/* The family whose members arrive over time (the first), or -1 when none does. */
int sweep_family(const struct prog_variant *v);
/* The family's own rate, in arrivals per second. */
double sweep_base_rate(const struct prog_variant *v, int f);
/* The default rates for family F of V: SWEEP_NDEFAULT of them, rising. */
void sweep_rates_default(const struct prog_variant *v, int f, double *rates);
/* Parses "A,B,C" (arrivals per second, each above 0 and at most 1e6, rising or not)
 * into up to SWEEP_MAX_RATES rates; returns how many, or -1 with *ERR set. */
int sweep_rates_parse(const char *list, double *rates, char **err);
/* OUT: V with family F arriving RATE a second; FAMS: room for V's families,
 * which OUT points to.  OUT shares everything else with V. */
void sweep_variant_at(const struct prog_variant *v, int f, double rate,
    struct prog_variant *out, struct prog_family *fams);
/* P: the figures of family F in outcome O of a run at RATE. */
void sweep_point_make(struct sweep_point *p, double rate, const struct prog_variant *v, int f,
    const struct eng_outcome *o);
/* Whether the point missed its deadline: some members timed out or were refused,
 * or its p99 is past the family's deadline. */
bool sweep_point_failed(const struct sweep_point *p);

/* Which figure of a point a chart shows; < 0: none (no member finished). */
typedef double (*sweep_value_fn)(const struct sweep_point *p);
/* The p99 latency in ms; what was served a second. */
double sweep_value_p99_ms(const struct sweep_point *p);
double sweep_value_served(const struct sweep_point *p);

/* A variant's points, as read back from a sweep's CSV. */
struct sweep_curve {
	char *variant;
	struct sweep_point *points;
	size_t npoints;
};

/* The CSV: a header line, then one line per variant and rate. */
void sweep_csv_head(FILE *out);
void sweep_csv_row(FILE *out, const char *variant, const struct sweep_point *p);
/* Whether LINE is the CSV's header line (with or without its newline). */
bool sweep_csv_is_head(const char *line);
/* Reads a sweep's CSV from IN (named PATH in errors) into curves, one per
 * variant in the order first seen; returns how many, or -1 with *ERR set to
 * "PATH:LINE:COL: error: ..." text. */
int sweep_csv_read(FILE *in, const char *path, struct sweep_curve **curves, char **err);
void sweep_curves_free(struct sweep_curve *c, size_t n);

#endif
