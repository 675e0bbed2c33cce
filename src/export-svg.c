/* export-svg.c: a sweep's load curves as an SVG picture: two charts over
 * one offered-load axis (p99 latency above, throughput below), a line and
 * dots per variant, the deadline dashed, a legend. */
#include "config.h"

#include "export-svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "i18n.h"

#define SVG_W 880
#define SVG_H 630
#define SVG_LEFT 80     /* the plots' left edge */
#define SVG_RIGHT 620   /* their right edge; the legend goes beyond */
#define SVG_PLOT_H 200

/* Line colours, one per variant in turn (told apart by dash pattern too). */
static const char *const svg_colours[] = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf" };
static const char *const svg_dashes[] = { "none", "8 4", "2 3", "12 3 2 3", "4 4", "1 6" };
#define SVG_NSTYLE (sizeof svg_colours / sizeof svg_colours[0])

/* S as XML character data or attribute text. */
static void
svg_text(FILE *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

/* The offered-load axis: logarithmic when the rates span more than 10 times. */
struct svg_x {
	double lo, hi;
	bool log;
};

static double
svg_xpos(const struct svg_x *x, double rate)
{
	double f;
	if (x->hi <= x->lo)
		return (SVG_LEFT + SVG_RIGHT) / 2.0;
	f = x->log ? (log(rate) - log(x->lo)) / (log(x->hi) - log(x->lo)) : (rate - x->lo) / (x->hi - x->lo);
	return SVG_LEFT + f * (SVG_RIGHT - SVG_LEFT);
}

/* A round step giving about 4 ticks up to MAX. */
static double
svg_step(double max)
{
	double raw = max / 4, mag = pow(10, floor(log10(raw))), r = raw / mag;
	return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

/* One chart whose top is at TOP: frame, ticks, title, the lines; DEADLINE_MS > 0: dashed. */
static void
svg_chart(FILE *out, const struct sweep_curve *c, size_t n, const struct svg_x *x, int top,
    const char *title, sweep_value_fn value, double deadline_ms)
{
	double max = deadline_ms > 0 ? deadline_ms : 0, step;
	int bottom = top + SVG_PLOT_H;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].npoints; k++)
			if (value(&c[i].points[k]) > max)
				max = value(&c[i].points[k]);
	if (max <= 0)
		max = 1;
	step = svg_step(max * 1.05);
	max = ceil(max * 1.05 / step) * step;
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">", SVG_LEFT, top - 10);
	svg_text(out, title);
	fputs("</text>\n", out);
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
	    SVG_LEFT, top, SVG_RIGHT - SVG_LEFT, SVG_PLOT_H);
	for (double v = 0; v <= max + step / 2; v += step) {
		double y = bottom - v / max * SVG_PLOT_H;
		fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
		    "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%g</text>\n",
		    SVG_LEFT, y, SVG_RIGHT, y, SVG_LEFT - 6, y + 4, v);
	}
	if (deadline_ms > 0) {
		double y = bottom - deadline_ms / max * SVG_PLOT_H;
		fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"6 3\"/>"
		    "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">",
		    SVG_LEFT, y, SVG_RIGHT, y, SVG_RIGHT - 4, y - 4);
		char buf[128];
		snprintf(buf, sizeof buf, _("deadline %g ms"), deadline_ms);
		svg_text(out, buf);
		fputs("</text>\n", out);
	}
	for (size_t i = 0; i < n; i++) {
		const char *colour = svg_colours[i % SVG_NSTYLE];
		bool pen = false;
		fprintf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\" d=\"",
		    colour, svg_dashes[i % SVG_NSTYLE]);
		for (size_t k = 0; k < c[i].npoints; k++) {
			double v = value(&c[i].points[k]);
			if (v < 0) {
				pen = false;
				continue;
			}
			fprintf(out, "%s%.1f %.1f ", pen ? "L" : "M", svg_xpos(x, c[i].points[k].rate),
			    bottom - v / max * SVG_PLOT_H);
			pen = true;
		}
		fputs("\"/>\n", out);
		for (size_t k = 0; k < c[i].npoints; k++) {
			double v = value(&c[i].points[k]);
			/* an open dot: the point missed (timed out, refused, unfinished, p99 late) */
			if (v >= 0)
				fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>\n",
				    svg_xpos(x, c[i].points[k].rate), bottom - v / max * SVG_PLOT_H,
				    sweep_point_failed(&c[i].points[k]) ? "#fff" : colour, colour);
		}
	}
}

/* The offered-load ticks under the chart at BOTTOM: each rate swept, once. */
static void
svg_xticks(FILE *out, const struct sweep_curve *c, size_t n, const struct svg_x *x, int bottom)
{
	double done[64];
	size_t ndone = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].npoints; k++) {
			double r = c[i].points[k].rate, px = svg_xpos(x, r);
			size_t j;
			for (j = 0; j < ndone && fabs(done[j] - px) > 24; j++)
				;
			if (j < ndone || ndone == sizeof done / sizeof done[0])
				continue;
			done[ndone++] = px;
			fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>"
			    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%g</text>\n",
			    px, bottom, px, bottom + 5, px, bottom + 18, r);
		}
}

int
export_svg_sweep(FILE *out, const struct sweep_curve *c, size_t n)
{
	struct svg_x x = { 0, 0, false };
	int64_t deadline = 0;
	const int top1 = 70, top2 = top1 + SVG_PLOT_H + 90;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].npoints; k++) {
			double r = c[i].points[k].rate;
			if (x.hi == 0 || r < x.lo)
				x.lo = r;
			if (r > x.hi)
				x.hi = r;
			if (c[i].points[k].deadline_ns > deadline)
				deadline = c[i].points[k].deadline_ns;
		}
	x.log = x.lo > 0 && x.hi / x.lo > 10;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"sans-serif\">\n", SVG_W, SVG_H, SVG_W, SVG_H);
	fputs("<title>", out);
	svg_text(out, _("Load curves"));
	fputs("</title>\n", out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", SVG_W, SVG_H);
	fprintf(out, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">", SVG_LEFT);
	svg_text(out, _("Load curves: latency and throughput as the load grows"));
	fputs("</text>\n", out);
	svg_chart(out, c, n, &x, top1, _("p99 latency (ms)"), sweep_value_p99_ms, (double)deadline / 1e6);
	svg_xticks(out, c, n, &x, top1 + SVG_PLOT_H);
	svg_chart(out, c, n, &x, top2, _("served per second"), sweep_value_served, 0);
	svg_xticks(out, c, n, &x, top2 + SVG_PLOT_H);
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
	    (SVG_LEFT + SVG_RIGHT) / 2, top2 + SVG_PLOT_H + 38);
	svg_text(out, x.log ? _("offered load: arrivals per second (logarithmic)") : _("offered load: arrivals per second"));
	fputs("</text>\n", out);
	for (size_t i = 0; i < n; i++) {
		int y = top1 + 10 + (int)i * 22;
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"13\">", SVG_RIGHT + 20, y, SVG_RIGHT + 50, y,
		    svg_colours[i % SVG_NSTYLE], svg_dashes[i % SVG_NSTYLE], SVG_RIGHT + 56, y + 4);
		svg_text(out, c[i].variant);
		fputs("</text>\n", out);
	}
	{
		int y = top1 + 10 + (int)n * 22 + 10;
		fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#fff\" stroke=\"#444\" stroke-width=\"2\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"12\">", SVG_RIGHT + 35, y, SVG_RIGHT + 56, y + 4);
		svg_text(out, _("missed: some timed out"));
		fprintf(out, "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">", SVG_RIGHT + 56, y + 20);
		svg_text(out, _("or were refused"));
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}
