/* tl-axis.c: time and step axes (tl-axis.h). */
#include "config.h"

#include "tl-axis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
tl_axis_time(struct tl_axis *ax, uint64_t t0, uint64_t t1, int w)
{
	memset(ax, 0, sizeof *ax);
	ax->w = w > 0 ? w : 0;
	ax->edge = xcalloc((size_t)ax->w + 1, sizeof *ax->edge);
	if (t1 <= t0)
		t1 = t0 + 1;
	for (int c = 0; c <= ax->w; c++)
		ax->edge[c] = t0 + (uint64_t)((double)(t1 - t0) * c / (ax->w ? ax->w : 1));
	ax->used = ax->w;
}

void
tl_axis_steps(struct tl_axis *ax, const struct tl *tl, size_t first, size_t n, int w, int max_sw)
{
	size_t nsteps = tl_nsteps(tl);

	memset(ax, 0, sizeof *ax);
	ax->w = w > 0 ? w : 0;
	ax->steps = true;
	ax->edge = xcalloc((size_t)ax->w + 1, sizeof *ax->edge);
	if (first > nsteps)
		first = nsteps;
	if (n > nsteps - first)
		n = nsteps - first;
	ax->first = first;
	ax->n = n;
	if (n == 0 || ax->w == 0) {
		for (int c = 0; c <= ax->w; c++)
			ax->edge[c] = tl_step_t(tl, first);
		return;
	}
	if (n <= (size_t)ax->w) {
		int sw = ax->w / (int)n;
		if (max_sw > 0 && sw > max_sw)
			sw = max_sw;
		ax->used = sw * (int)n;
		for (int c = 0; c <= ax->w; c++) {
			size_t k = first + (size_t)(c < ax->used ? c / sw : (int)n);
			uint64_t s0 = tl_step_t(tl, k), s1 = tl_step_t(tl, k + 1);
			int j = c < ax->used ? c % sw : 0;
			ax->edge[c] = s0 + (s1 > s0 ? (s1 - s0) * (uint64_t)j / (uint64_t)sw : 0);
		}
	} else {
		size_t per = (n + (size_t)ax->w - 1) / (size_t)ax->w;
		ax->used = (int)((n + per - 1) / per);
		for (int c = 0; c <= ax->w; c++) {
			size_t k = first + (c < ax->used ? (size_t)c * per : n);
			ax->edge[c] = tl_step_t(tl, k > first + n ? first + n : k);
		}
	}
}

void
tl_axis_done(struct tl_axis *ax)
{
	free(ax->edge);
	ax->edge = NULL;
	ax->w = 0;
}

int
tl_axis_col(const struct tl_axis *ax, uint64_t t)
{
	int lo = 0, hi = ax->used;

	if (hi <= 0 || t < ax->edge[0] || t >= ax->edge[hi])
		return -1;
	/* the last column whose start is at or before T */
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (ax->edge[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	while (lo > 0 && ax->edge[lo - 1] == ax->edge[lo])
		lo--;  /* a step shorter than its columns: its first column */
	return lo;
}

size_t
tl_axis_step(const struct tl_axis *ax, int c)
{
	if (!ax->steps || c < 0 || c >= ax->used || ax->n == 0)
		return SIZE_MAX;
	if (ax->n <= (size_t)ax->w)
		return ax->first + (size_t)c / (size_t)(ax->used / (int)ax->n);
	return ax->first + (size_t)c * ((ax->n + (size_t)ax->w - 1) / (size_t)ax->w);
}

bool
tl_axis_step_starts(const struct tl_axis *ax, int c)
{
	return tl_axis_step(ax, c) != SIZE_MAX && (c == 0 || tl_axis_step(ax, c - 1) != tl_axis_step(ax, c));
}

bool
tl_axis_step_label(const struct tl_axis *ax, int c, char *buf, size_t size)
{
	size_t s;
	int len, sw;

	if (!tl_axis_step_starts(ax, c))
		return false;
	s = tl_axis_step(ax, c) + 1;
	sw = ax->n && ax->n <= (size_t)ax->w ? ax->used / (int)ax->n : 1;
	len = snprintf(buf, size, "%zu", s);
	return sw > len || s == 1 || s % 5 == 0;
}

/* Column C's time on a step axis, [*A, *B): at least a nanosecond, as a step shorter than its
 * columns (steps that script no time take a nanosecond or two) is stretched over them; false
 * for a column past the steps. */
static bool
tl_axis_cell(const struct tl_axis *ax, int c, uint64_t *a, uint64_t *b)
{
	if (c >= ax->used)
		return false;
	*a = ax->edge[c];
	*b = ax->edge[c + 1] > *a ? ax->edge[c + 1] : *a + 1;
	return true;
}

/* Whether AX's columns are W equal parts of its window (the tl.h queries can take it whole). */
static bool
tl_axis_even(const struct tl_axis *ax)
{
	return !ax->steps;
}

void
tl_axis_columns(const struct tl *tl, int actor, const struct tl_axis *ax, uint8_t *out)
{
	if (tl_axis_even(ax)) {
		tl_columns(tl, actor, ax->edge[0], ax->edge[ax->w], ax->w, out);
		return;
	}
	for (int c = 0; c < ax->w; c++) {
		uint64_t a, b;
		out[c] = TL_COL_NONE;
		if (tl_axis_cell(ax, c, &a, &b))
			tl_columns(tl, actor, a, b, 1, &out[c]);
	}
}

void
tl_axis_cpu_columns(const struct tl *tl, int cpu, const struct tl_axis *ax, int16_t *out)
{
	if (tl_axis_even(ax)) {
		tl_cpu_columns(tl, cpu, ax->edge[0], ax->edge[ax->w], ax->w, out);
		return;
	}
	for (int c = 0; c < ax->w; c++) {
		uint64_t a, b;
		out[c] = -1;
		if (tl_axis_cell(ax, c, &a, &b))
			tl_cpu_columns(tl, cpu, a, b, 1, &out[c]);
	}
}

void
tl_axis_group_columns(const struct tl *tl, int first, int count, const struct tl_axis *ax,
    uint64_t (*out)[REC_ST_COUNT])
{
	if (tl_axis_even(ax)) {
		tl_group_columns(tl, first, count, ax->edge[0], ax->edge[ax->w], ax->w, out);
		return;
	}
	for (int c = 0; c < ax->w; c++) {
		uint64_t a, b;
		memset(out[c], 0, sizeof out[c]);
		if (tl_axis_cell(ax, c, &a, &b))
			tl_group_columns(tl, first, count, a, b, 1, &out[c]);
	}
}

void
tl_axis_metric_columns(const struct tl *tl, int f, enum tl_metric m, const struct tl_axis *ax, double *out)
{
	if (tl_axis_even(ax)) {
		tl_metric_columns(tl, f, m, ax->edge[0], ax->edge[ax->w], ax->w, out);
		return;
	}
	for (int c = 0; c < ax->w; c++) {
		uint64_t a, b;
		out[c] = NAN;
		if (tl_axis_cell(ax, c, &a, &b))
			tl_metric_columns(tl, f, m, a, b, 1, &out[c]);
	}
}
