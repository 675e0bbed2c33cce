/* sweep-plot.h: a sweep's curves drawn as text, for the headless sweep. */
#ifndef KS_SWEEP_PLOT_H
#define KS_SWEEP_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sweep.h"

/* The mark of the VARIANT-th curve (a UTF-8 shape, or an ASCII letter). */
const char *sweep_plot_mark(size_t variant, bool ascii);
/* A chart WIDTH columns wide with HEIGHT rows of plot: VALUE of each point of
 * the N curves against its rate (a logarithmic axis when the rates span more
 * than ten times), LINE (> 0) as a row of dashes, the axes labelled. */
void sweep_plot_print(FILE *out, const struct sweep_curve *c, size_t n, sweep_value_fn value,
    double line, int width, int height, bool ascii);

#endif
