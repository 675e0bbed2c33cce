/* sweep.c: load curves: the arrival family, the rates, a variant re-timed
 * to a rate, and the figures of one run picked out of the engine's outcome. */
#include "config.h"

#include "sweep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "run-out.h"
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
	run_out_busy(o, &p->late_ns);
}

bool
sweep_point_failed(const struct sweep_point *p)
{
	return p->timed_out > 0 || p->refused > 0 || p->unfinished > 0 ||
	    (p->deadline_ns > 0 && p->lat_p99 > p->deadline_ns);
}

double
sweep_value_p99_ms(const struct sweep_point *p)
{
	return p->lat_p99 < 0 ? -1 : (double)p->lat_p99 / 1e6;
}

double
sweep_value_served(const struct sweep_point *p)
{
	return p->throughput;
}

/* The CSV's columns, in order: the header is made from them. */
#define SWEEP_CSV_HEAD "variant,offered_per_s,arrived,finished,timed_out,refused,unfinished," \
	"throughput_per_s,p50_ms,p99_ms,peak_threads,peak_processes,peak_mib,cpu_ms," \
	"context_switches,elapsed_ms,late_ms,deadline_ms"
#define SWEEP_CSV_COLS 18

void
sweep_csv_head(FILE *out)
{
	fputs(SWEEP_CSV_HEAD "\n", out);
}

/* A variant name is a scenario word: no comma, quote or newline to escape. */
void
sweep_csv_row(FILE *out, const char *variant, const struct sweep_point *p)
{
	fprintf(out, "%s,%.3f,%d,%d,%d,%d,%d,%.3f,", variant, p->rate, p->arrived, p->finished,
	    p->timed_out, p->refused, p->unfinished, p->throughput);
	if (p->lat_p50 >= 0)
		fprintf(out, "%.3f", (double)p->lat_p50 / 1e6);
	fputc(',', out);
	if (p->lat_p99 >= 0)
		fprintf(out, "%.3f", (double)p->lat_p99 / 1e6);
	fprintf(out, ",%d,%d,%.3f,%.3f,%ld,%.3f,%.3f,%.3f\n", p->peak_threads, p->peak_processes,
	    (double)p->peak_rss_kb / 1024.0, (double)p->cpu_ns / 1e6, p->csw,
	    (double)p->elapsed_ns / 1e6, (double)p->late_ns / 1e6, (double)p->deadline_ns / 1e6);
}

bool
sweep_csv_is_head(const char *line)
{
	size_t n = strlen(SWEEP_CSV_HEAD);
	return strncmp(line, SWEEP_CSV_HEAD, n) == 0 &&
	    (line[n] == '\0' || line[n] == '\n' || (line[n] == '\r' && line[n + 1] == '\n'));
}

/* One field of a CSV line as a number; an empty field is -1 (no latency). */
static bool
sweep_csv_num(const char *s, size_t len, double *out)
{
	char buf[64], *end;
	if (len == 0) {
		*out = -1;
		return true;
	}
	if (len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	return errno == 0 && *end == '\0' && *out >= 0 && *out < 1e15;
}

/* Parses one data line into *NAME and P; -1 with *COL: where it went wrong. */
static int
sweep_csv_line(const char *line, char **name, struct sweep_point *p, int *col)
{
	double f[SWEEP_CSV_COLS];
	const char *s = line, *comma;
	size_t len;

	comma = strchr(s, ',');
	if (comma == NULL || comma == s) {
		*col = 1;
		return -1;
	}
	*name = xstrndup(s, (size_t)(comma - s));
	s = comma + 1;
	for (int i = 1; i < SWEEP_CSV_COLS; i++) {
		comma = strchr(s, ',');
		len = comma ? (size_t)(comma - s) : strcspn(s, "\r\n");
		if ((comma == NULL) != (i == SWEEP_CSV_COLS - 1) || !sweep_csv_num(s, len, &f[i]) ||
		    (f[i] < 0 && i != 8 && i != 9)) {
			*col = (int)(s - line) + 1;
			free(*name);
			*name = NULL;
			return -1;
		}
		s += len + (comma != NULL);
	}
	memset(p, 0, sizeof *p);
	p->rate = f[1];
	p->arrived = (int)f[2];
	p->finished = (int)f[3];
	p->timed_out = (int)f[4];
	p->refused = (int)f[5];
	p->unfinished = (int)f[6];
	p->throughput = f[7];
	p->lat_p50 = f[8] < 0 ? -1 : (int64_t)(f[8] * 1e6);
	p->lat_p99 = f[9] < 0 ? -1 : (int64_t)(f[9] * 1e6);
	p->peak_threads = (int)f[10];
	p->peak_processes = (int)f[11];
	p->peak_rss_kb = (int64_t)(f[12] * 1024.0);
	p->cpu_ns = (int64_t)(f[13] * 1e6);
	p->csw = (long)f[14];
	p->elapsed_ns = (int64_t)(f[15] * 1e6);
	p->late_ns = (int64_t)(f[16] * 1e6);
	p->deadline_ns = (int64_t)(f[17] * 1e6);
	p->ended = true;
	return 0;
}

void
sweep_curves_free(struct sweep_curve *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].variant);
		free(c[i].points);
	}
	free(c);
}

int
sweep_csv_read(FILE *in, const char *path, struct sweep_curve **curves, char **err)
{
	char line[1024];
	struct sweep_curve *c = NULL;
	size_t n = 0, cap = 0;
	int lineno = 0;

	*err = NULL;
	while (fgets(line, sizeof line, in) != NULL) {
		struct sweep_point p;
		char *name;
		int col;
		size_t k;
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(in)) {
			*err = xasprintf(_("%s:%d:%d: error: line too long for a sweep's CSV"), path, lineno, 1);
			break;
		}
		if (lineno == 1) {
			if (!sweep_csv_is_head(line)) {
				*err = xasprintf(_("%s:1:1: error: not a sweep's CSV (kitchensync sweep --csv): its first line is not the header"),
				    path);
				break;
			}
			continue;
		}
		if (line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))
			continue;
		if (sweep_csv_line(line, &name, &p, &col) < 0) {
			*err = xasprintf(_("%s:%d:%d: error: not a line of a sweep's CSV (%d comma-separated numbers after the variant's name)"),
			    path, lineno, col, SWEEP_CSV_COLS - 1);
			break;
		}
		for (k = 0; k < n && strcmp(c[k].variant, name) != 0; k++)
			;
		if (k == n) {
			c = xgrow(c, &cap, n + 1, sizeof *c);
			c[n].variant = name;
			c[n].points = NULL;
			c[n++].npoints = 0;
		} else {
			free(name);
		}
		c[k].points = xrealloc(c[k].points, (c[k].npoints + 1) * sizeof *c[k].points);
		c[k].points[c[k].npoints++] = p;
	}
	if (*err == NULL && ferror(in))
		*err = xasprintf(_("%s: cannot read: %s"), path, strerror(errno));
	if (*err == NULL && lineno == 0)
		*err = xasprintf(_("%s:1:1: error: not a sweep's CSV (kitchensync sweep --csv): the file is empty"), path);
	if (*err == NULL && n == 0)
		*err = xasprintf(_("%s:%d:1: error: a sweep's CSV with no points"), path, lineno + 1);
	if (*err != NULL) {
		sweep_curves_free(c, n);
		return -1;
	}
	*curves = c;
	return (int)n;
}
