/* tl-axis.h: the axis a timeline is drawn on, for the terminal UI and the
 * headless timeline alike: W columns, column C covering the times
 * [edge[C], edge[C + 1]).
 *
 * A time axis cuts a window [T0, T1) into W equal columns: a live run, or a
 * replay of one, on the wall clock.  A step axis (a run in step mode:
 * tl_step_clock) gives each granted step columns of its own, the same number
 * for every step, whatever scenario time the step took: a load takes a
 * nanosecond of scenario time and a `work 400ms` 400 ms, and both are one
 * step the learner granted.  Within a step its columns cut its time in equal
 * parts.  When there are more steps than columns, a column holds several
 * whole steps.
 */
#ifndef KS_TL_AXIS_H
#define KS_TL_AXIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl.h"

/* Columns a step takes when every step of a run is shown and there is room: the terminal
 * UI's first picture of a step-mode run and the headless timeline's, alike. */
#define TL_AXIS_STEP_COLS 4

struct tl_axis {
	int w;              /* columns */
	uint64_t *edge;     /* w + 1 times; column c covers [edge[c], edge[c + 1]) */
	bool steps;         /* a step axis */
	size_t first, n;    /* step axis: the steps shown, [first, first + n) (0-based) */
	int used;           /* step axis: the columns the steps take (the rest are empty) */
};

/* W equal columns of [T0, T1). */
void tl_axis_time(struct tl_axis *ax, uint64_t t0, uint64_t t1, int w);
/* Steps [FIRST, FIRST + N) of TL in W columns: W / N columns a step when N <= W (at most
 * MAX_SW; 0: no limit), else a column for every ceil(N / W) steps. */
void tl_axis_steps(struct tl_axis *ax, const struct tl *tl, size_t first, size_t n, int w, int max_sw);
void tl_axis_done(struct tl_axis *ax);

/* The column T lies in, or -1. */
int tl_axis_col(const struct tl_axis *ax, uint64_t t);
/* Step axis: the first step (0-based) column C shows, or SIZE_MAX for none; on a time axis SIZE_MAX. */
size_t tl_axis_step(const struct tl_axis *ax, int c);
/* Whether column C starts a step (a step axis), where a ruler puts its tick. */
bool tl_axis_step_starts(const struct tl_axis *ax, int c);

/* Whether a ruler labels column C with its step's number (1-based, into BUF): at each step's
 * start when the number fits before the next step, else at the first and every fifth step. */
bool tl_axis_step_label(const struct tl_axis *ax, int c, char *buf, size_t size);

/* The tl.h queries, one value per column of AX (a column with no time is TL_COL_NONE, -1 or NAN). */
void tl_axis_columns(const struct tl *tl, int actor, const struct tl_axis *ax, uint8_t *out);
void tl_axis_cpu_columns(const struct tl *tl, int cpu, const struct tl_axis *ax, int16_t *out);
void tl_axis_group_columns(const struct tl *tl, int first, int count, const struct tl_axis *ax,
    uint64_t (*out)[REC_ST_COUNT]);
void tl_axis_metric_columns(const struct tl *tl, int f, enum tl_metric m, const struct tl_axis *ax,
    double *out);

#endif
