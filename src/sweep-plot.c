/* sweep-plot.c: a sweep's curves as lines of text: one chart of a figure
 * against the offered load, a mark per variant and rate, the deadline as a
 * row of dashes.  No curses: the headless sweep prints it. */
#include "config.h"

#include "sweep-plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

/* The marks, one per variant in turn; the ASCII ones also where a mark missed. */
static const char *const plot_marks[] = { "●", "▲", "■", "◆", "★", "✚" };
static const char plot_ascii[] = "oxs+*#";
#define PLOT_NMARK (sizeof plot_ascii - 1)
#define PLOT_LABEL 8   /* the y axis' labels and bar */

const char *
sweep_plot_mark(size_t variant, bool ascii)
{
	static char one[PLOT_NMARK][2];
	size_t k = variant % PLOT_NMARK;
	if (!ascii)
		return plot_marks[k];
	one[k][0] = plot_ascii[k];
	one[k][1] = '\0';
	return one[k];
}

/* Column of RATE on an axis of COLS columns from LO to HI (logarithmic when LOG). */
static int
plot_col(double rate, double lo, double hi, bool log_axis, int cols)
{
	double f;
	if (hi <= lo)
		return cols / 2;
	f = log_axis ? (log(rate) - log(lo)) / (log(hi) - log(lo)) : (rate - lo) / (hi - lo);
	return (int)lround(f * (cols - 1));
}

void
sweep_plot_print(FILE *out, const struct sweep_curve *c, size_t n, sweep_value_fn value,
    double line, int width, int height, bool ascii)
{
	int cols = width - PLOT_LABEL - 2, rows = height;
	double lo = 0, hi = 0, max = line > 0 ? line : 0;
	bool log_axis, any = false;
	const char **cell;

	if (cols < 10 || rows < 3)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].npoints; k++) {
			double r = c[i].points[k].rate, v = value(&c[i].points[k]);
			if (!any || r < lo)
				lo = r;
			if (!any || r > hi)
				hi = r;
			any = true;
			if (v > max)
				max = v;
		}
	if (!any)
		return;
	if (max <= 0)
		max = 1;
	log_axis = lo > 0 && hi / lo > 10;
	cell = xcalloc((size_t)rows * (size_t)cols, sizeof *cell);
	if (line > 0) {
		int r = rows - 1 - (int)lround(line / max * (rows - 1));
		for (int x = 0; x < cols; x++)
			cell[r * cols + x] = ascii ? "-" : "┄";
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].npoints; k++) {
			double v = value(&c[i].points[k]);
			int x, r;
			if (v < 0)
				continue;
			x = plot_col(c[i].points[k].rate, lo, hi, log_axis, cols);
			r = rows - 1 - (int)lround(v / max * (rows - 1));
			/* two variants in one cell: a mark that says so */
			if (cell[r * cols + x] != NULL && cell[r * cols + x] != sweep_plot_mark(i, ascii) &&
			    strcmp(cell[r * cols + x], ascii ? "-" : "┄") != 0)
				cell[r * cols + x] = ascii ? "@" : "✱";
			else
				cell[r * cols + x] = sweep_plot_mark(i, ascii);
		}
	for (int r = 0; r < rows; r++) {
		if (line > 0 && r == rows - 1 - (int)lround(line / max * (rows - 1)))
			fprintf(out, "%*.0f %s", PLOT_LABEL - 2, line, ascii ? "|" : "│");
		else if (r == 0 || r == rows - 1)
			fprintf(out, "%*.0f %s", PLOT_LABEL - 2, max * (rows - 1 - r) / (rows - 1), ascii ? "|" : "│");
		else
			fprintf(out, "%*s %s", PLOT_LABEL - 2, "", ascii ? "|" : "│");
		for (int x = 0; x < cols; x++)
			fputs(cell[r * cols + x] ? cell[r * cols + x] : " ", out);
		fputc('\n', out);
	}
	fprintf(out, "%*s %s", PLOT_LABEL - 2, "", ascii ? "+" : "└");
	for (int x = 0; x < cols; x++)
		fputs(ascii ? "-" : "─", out);
	fputc('\n', out);
	/* each rate swept under its column, where its label fits */
	{
		char *axis = xcalloc((size_t)cols + 64, 1);
		int used = 0;
		memset(axis, ' ', (size_t)cols + 63);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < c[i].npoints; k++) {
				char lab[32];
				int x = plot_col(c[i].points[k].rate, lo, hi, log_axis, cols);
				int len = snprintf(lab, sizeof lab, "%g", c[i].points[k].rate);
				int at = x - len / 2;
				if (at < 0)
					at = 0;
				if (at + len > cols + 2)
					at = cols + 2 - len;
				if (at < used || at < 0 || axis[at] != ' ')
					continue;
				memcpy(axis + at, lab, (size_t)len);
				used = at + len + 1;
			}
		axis[used > 0 ? used : 0] = '\0';
		fprintf(out, "%*s%s\n", PLOT_LABEL, "", axis);
		free(axis);
	}
	free(cell);
}
