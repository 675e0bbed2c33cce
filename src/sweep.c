/* sweep.c: load curves: the arrival family, the rates, a variant re-timed
 * to a rate, and the figures of one run picked out of the engine's outcome. */
#include "config.h"

#include "sweep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

/* The family's rate times these: below, at and above what the lesson chose. */
static const double sweep_factors[SWEEP_NDEFAULT] = { 0.2, 0.5, 1, 2, 4, 8 };

int
sweep_family(const struct prog_variant *v)
{
	for (size_t f = 0; f < v->nfamilies; f++)
		if (!v->families[f].idle && v->families[f].every_ns > 0)
			return (int)f;
	return -1;
}

double
sweep_base_rate(const struct prog_variant *v, int f)
{
	return 1e9 / (double)v->families[f].every_ns;
}

void
sweep_rates_default(const struct prog_variant *v, int f, double *rates)
{
	double base = sweep_base_rate(v, f);
	for (size_t i = 0; i < SWEEP_NDEFAULT; i++)
		rates[i] = base * sweep_factors[i];
}

int
sweep_rates_parse(const char *list, double *rates, char **err)
{
	const char *s = list;
	int n = 0;

	for (;;) {
		char *end;
		double r;
		errno = 0;
		r = strtod(s, &end);
		if (end == s || errno != 0 || !(r > 0 && r <= 1e6) || (*end != ',' && *end != '\0')) {
			*err = xasprintf(_("--rates takes arrivals per second above 0 and at most 1000000, comma-separated, not '%s'"),
			    list);
			return -1;
		}
		if (n == SWEEP_MAX_RATES) {
			*err = xasprintf(_("--rates takes at most %d rates"), SWEEP_MAX_RATES);
			return -1;
		}
		rates[n++] = r;
		if (*end == '\0')
			return n;
		s = end + 1;
	}
}

void
sweep_variant_at(const struct prog_variant *v, int f, double rate,
    struct prog_variant *out, struct prog_family *fams)
{
	*out = *v;
	memcpy(fams, v->families, v->nfamilies * sizeof *fams);
	fams[f].every_ns = (int64_t)(1e9 / rate + 0.5);
	if (fams[f].every_ns < 1)
		fams[f].every_ns = 1;
	out->families = fams;
}

void
sweep_point_make(struct sweep_point *p, double rate, const struct prog_variant *v, int f,
    const struct eng_outcome *o)
{
	const struct eng_family_result *r = &o->families[f];

	memset(p, 0, sizeof *p);
	p->rate = rate;
	p->arrived = r->arrived;
	p->finished = r->finished;
	p->timed_out = r->timed_out;
	p->refused = r->refused;
	p->unfinished = r->unfinished;
	p->refused_errno = r->refused_errno;
	p->lat_p50 = r->lat_p50;
	p->lat_p99 = r->lat_p99;
	p->deadline_ns = v->families[f].deadline_ns;
	p->throughput = r->throughput;
	p->peak_threads = o->figures.peak_threads;
	p->peak_processes = o->figures.peak_processes;
	p->peak_rss_kb = o->figures.peak_rss_kb;
	p->cpu_ns = o->figures.cpu_ns;
	p->csw = o->figures.csw;
	p->elapsed_ns = o->elapsed_ns;
	p->ended = o->end == ENG_END_DONE;
	for (size_t a = 0; a < o->nactors; a++) {
		const struct eng_actor_result *ar = &o->actors[a];
		if (ar->nwork > 0 && ar->work_late_max > p->late_ns)
			p->late_ns = ar->work_late_max;
		if (ar->nsleep > 0 && ar->sleep_late_max > p->late_ns)
			p->late_ns = ar->sleep_late_max;
	}
}

bool
sweep_point_failed(const struct sweep_point *p)
{
	return p->timed_out > 0 || p->refused > 0 || p->unfinished > 0 ||
	    (p->deadline_ns > 0 && p->lat_p99 > p->deadline_ns);
}
