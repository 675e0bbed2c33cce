/* cmd-sweep.c: `kitchensync sweep`: each variant at rising arrival rates,
 * one live run per rate, printed as a table (or --csv) row by row. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "export-svg.h"
#include "run-out.h"
#include "trace.h"
#include "eng.h"
#include "i18n.h"
#include "prog.h"
#include "sweep.h"
#include "sweep-plot.h"
#include "tl-text.h"
#include "xalloc.h"


/* The table's columns: heads and widths, which the rows' formats follow. */
static const struct {
	const char *head;
	int width;
} sweep_cols[] = {
	{ N_("offered/s"), 9 }, { N_("served/s"), 9 }, { N_("p50 ms"), 9 }, { N_("p99 ms"), 9 },
	{ N_("timed out"), 9 }, { N_("refused"), 8 }, { N_("threads"), 8 }, { N_("MiB"), 9 },
	{ N_("CPU ms"), 9 }, { N_("switches"), 9 },
};

/* S right-aligned in WIDTH columns after a space, by display width (a CJK character is 2). */
static void
sweep_pad(const char *s, int width)
{
	int w = tl_text_width(s);
	fputs(" ", stdout);
	for (int i = w; i < width; i++)
		fputs(" ", stdout);
	fputs(s, stdout);
}

/* The table's head for variant V of PROG, its family F. */
static void
sweep_head(const struct prog *prog, const struct prog_variant *v, int f)
{
	const struct prog_family *pf = &v->families[f];

	printf(_("Sweep of %s, variant %s (%s): %d arrivals of %s a run"), prog->name, v->name,
	    prog_text_get(&v->title, prog_lang()), pf->count, pf->name);
	if (pf->deadline_ns > 0)
		printf(_(", deadline %.0f ms"), (double)pf->deadline_ns / 1e6);
	fputs("\n", stdout);
	fputs(" ", stdout);
	for (size_t i = 0; i < sizeof sweep_cols / sizeof sweep_cols[0]; i++)
		sweep_pad(_(sweep_cols[i].head), sweep_cols[i].width);
	fputs("\n", stdout);
}

/* A latency in ms, or "-". */
static void
sweep_ms(FILE *out, int width, int64_t ns)
{
	if (ns < 0)
		fprintf(out, " %*s", width, "-");
	else
		fprintf(out, " %*.1f", width, (double)ns / 1e6);
}

static void
sweep_row(const struct sweep_point *p)
{
	printf("  %9.0f %9.1f", p->rate, p->throughput);
	sweep_ms(stdout, 9, p->lat_p50);
	sweep_ms(stdout, 9, p->lat_p99);
	printf(" %9d %8d %8d %9.1f %9.1f %9ld", p->timed_out, p->refused, p->peak_threads,
	    (double)p->peak_rss_kb / 1024.0, (double)p->cpu_ns / 1e6, p->csw);
	if (sweep_point_failed(p))
		fputs(_("  missed"), stdout);
	if (run_out_late_is_busy(p->late_ns))
		printf(_("  (the CPUs were busy: up to %.1f ms late)"), (double)p->late_ns / 1e6);
	if (!p->ended)
		fputs(_("  (the run did not end by itself)"), stdout);
	fputs("\n", stdout);
	if (p->refused > 0)
		printf(_("            refused because: %s\n"), strerror(p->refused_errno));
}

static void
sweep_no_family(const struct prog *prog, const struct prog_variant *v)
{
	fprintf(stderr, _("kitchensync: %s, variant %s: no family arrives over time (`every D`), so there is no rate to sweep\n"),
	    prog->name, v->name);
}

/* The curves of the sweep as text charts under the table: p99 (the deadline
 * dashed) and throughput against the offered load, a mark per variant. */
static void
sweep_charts(const struct cli *cli, const struct sweep_curve *c, size_t n)
{
	bool ascii = cli->ascii || !tl_text_utf8_locale();
	int width = tl_text_default_width(STDOUT_FILENO);
	double deadline = 0;
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		total += c[i].npoints;
		if (c[i].npoints > 0 && c[i].points[0].deadline_ns > 0)
			deadline = (double)c[i].points[0].deadline_ns / 1e6;
	}
	if (total < 2)
		return;
	if (width > 100)
		width = 100;
	if (width < 40)
		width = 40;
	fputs("\n", stdout);
	fputs(_("p99 latency (ms) against offered load (arrivals per second):\n"), stdout);
	sweep_plot_print(stdout, c, n, sweep_value_p99_ms, deadline, width, 8, ascii);
	fputs(_("served per second against offered load:\n"), stdout);
	sweep_plot_print(stdout, c, n, sweep_value_served, 0, width, 8, ascii);
	for (size_t i = 0; i < n; i++)
		printf("  %s %s", sweep_plot_mark(i, ascii), c[i].variant);
	printf(_("  %s several"), ascii ? "@" : "✱");
	if (deadline > 0)
		printf(_("  %s deadline"), ascii ? "---" : "┄┄┄");
	fputs("\n", stdout);
}

/* Sweeps variant V of PROG over RATES (NULL: its defaults); false when a run
 * could not be made or a signal stopped it (*SIG: which). */
static bool
sweep_variant(const struct cli *cli, const struct prog *prog, const struct prog_variant *v,
    const double *rates, int nrates, int *sig, struct sweep_curve *curve)
{
	int f = sweep_family(v);
	double defaults[SWEEP_NDEFAULT];
	struct prog_family *fams;
	bool ok = true;

	if (f < 0) {
		sweep_no_family(prog, v);
		return false;
	}
	if (rates == NULL) {
		sweep_rates_default(v, f, defaults);
		rates = defaults;
		nrates = SWEEP_NDEFAULT;
	}
	if (!cli->csv)
		sweep_head(prog, v, f);
	fams = xcalloc(v->nfamilies + 1, sizeof *fams);
	curve->variant = xstrdup(v->name);
	curve->points = xcalloc((size_t)nrates + 1, sizeof *curve->points);
	curve->npoints = 0;
	for (int i = 0; i < nrates && ok; i++) {
		struct prog_variant at;
		struct eng_config c;
		struct sweep_point p;
		struct eng *e;

		sweep_variant_at(v, f, rates[i], &at, fams);
		memset(&c, 0, sizeof c);
		c.prog = prog;
		c.variant = &at;
		c.mode = ENG_LIVE;
		c.speed = 1.0;
		e = cmd_run_bare(&c, sig);
		if (e == NULL) {
			ok = false;
			break;
		}
		sweep_point_make(&p, rates[i], &at, f, eng_outcome(e));
		eng_free(e);
		if (*sig != 0) {
			ok = false;
			break;
		}
		curve->points[curve->npoints++] = p;
		if (cli->csv)
			sweep_csv_row(stdout, v->name, &p);
		else
			sweep_row(&p);
		fflush(stdout);
	}
	free(fams);
	return ok;
}

int
cmd_sweep(const struct cli *cli)
{
	double rates[SWEEP_MAX_RATES];
	int nrates = 0, sig = 0, status = KS_EXIT_OK, swept = 0;
	struct sweep_curve *curves;
	size_t ncurves = 0;
	const struct prog_variant *v;
	struct prog *prog;

	if (cli->rates != NULL) {
		char *err;
		nrates = sweep_rates_parse(cli->rates, rates, &err);
		if (nrates < 0) {
			fprintf(stderr, "kitchensync: %s\n", err);
			free(err);
			return KS_EXIT_USAGE;
		}
	}
	/* Every variant is checked before the first run, so a typo costs no minute of runs. */
	for (int i = 0; i < cli->nvariants; i++) {
		prog = cmd_load_variant(cli->args[0], cli->variants[i], &v);
		if (prog == NULL)
			return KS_EXIT_USAGE;
		if (sweep_family(v) < 0) {
			sweep_no_family(prog, v);
			prog_free(prog);
			return KS_EXIT_USAGE;
		}
		prog_free(prog);
	}
	prog = cmd_load_variant(cli->args[0], NULL, &v);
	if (prog == NULL)
		return KS_EXIT_USAGE;
	if (cli->csv)
		sweep_csv_head(stdout);
	curves = xcalloc(prog->nvariants + (size_t)cli->nvariants + 1, sizeof *curves);
	if (cli->nvariants == 0) {
		/* every variant whose members arrive over time */
		for (size_t i = 0; i < prog->nvariants && sig == 0; i++) {
			v = &prog->variants[i];
			if (sweep_family(v) < 0)
				continue;
			if (swept++ > 0 && !cli->csv)
				fputs("\n", stdout);
			if (!sweep_variant(cli, prog, v, nrates ? rates : NULL, nrates, &sig, &curves[ncurves++]))
				status = KS_EXIT_FAILED;
		}
	}
	for (int i = 0; i < cli->nvariants && sig == 0; i++) {
		v = prog_variant_find(prog, cli->variants[i]);
		if (i > 0 && !cli->csv)
			fputs("\n", stdout);
		if (!sweep_variant(cli, prog, v, nrates ? rates : NULL, nrates, &sig, &curves[ncurves++]))
			status = KS_EXIT_FAILED;
	}
	if (!cli->csv && sig == 0)
		sweep_charts(cli, curves, ncurves);
	sweep_curves_free(curves, ncurves);
	if (cli->nvariants == 0 && swept == 0) {
		fprintf(stderr, _("kitchensync: no variant of %s has a family arriving over time (`every D`): nothing to sweep\n"),
		    prog->name);
		status = KS_EXIT_USAGE;
	}
	prog_free(prog);
	if (sig != 0)
		return 128 + sig;
	return status;
}

/* Whether PATH reads as a recorded trace. */
static bool
sweep_is_trace(const char *path)
{
	struct trace *tr;
	char *err;
	if (trace_read(path, &tr, &err) < 0) {
		free(err);
		return false;
	}
	trace_free(tr);
	return true;
}

int
cmd_sweep_svg(const struct cli *cli)
{
	const char *path = cli->args[0];
	struct sweep_curve *c;
	struct trace_out o = { 0 };
	FILE *in = fopen(path, "r"), *out;
	char *err = NULL;
	int n, status = KS_EXIT_OK;

	if (in == NULL) {
		fprintf(stderr, _("kitchensync: %s: cannot open: %s\n"), path, strerror(errno));
		return KS_EXIT_USAGE;
	}
	n = sweep_csv_read(in, path, &c, &err);
	if (fclose(in) != 0 && n >= 0) {
		fprintf(stderr, _("kitchensync: %s: cannot read: %s\n"), path, strerror(errno));
		sweep_curves_free(c, (size_t)n);
		return KS_EXIT_USAGE;
	}
	if (n < 0) {
		/* a trace is not drawn yet: say so rather than call it a bad CSV */
		if (strstr(err, ":1:1:") != NULL && sweep_is_trace(path))
			fprintf(stderr, _("kitchensync: %s: export --svg draws a sweep's CSV (kitchensync sweep --csv); a recorded trace cannot be drawn as SVG yet (use --chrome)\n"),
			    path);
		else
			fprintf(stderr, "%s\n", err);
		free(err);
		return KS_EXIT_USAGE;
	}
	/* a file appears under its name only when complete: a killed export leaves none */
	out = strcmp(cli->svg, "-") == 0 ? stdout : trace_out_open(&o, cli->svg, false, &err);
	if (out == NULL) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		sweep_curves_free(c, (size_t)n);
		return KS_EXIT_FAILED;
	}
	if (export_svg_sweep(out, c, (size_t)n) < 0) {
		fprintf(stderr, _("kitchensync: %s: cannot write: %s\n"), cli->svg, strerror(errno));
		if (out != stdout)
			trace_out_discard(&o);
		status = KS_EXIT_FAILED;
	} else if (out != stdout && trace_out_commit(&o, &err) < 0) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		status = KS_EXIT_FAILED;
	}
	sweep_curves_free(c, (size_t)n);
	return status;
}
