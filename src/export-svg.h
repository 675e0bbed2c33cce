/* export-svg.h: pictures for slides and handouts, as SVG. */
#ifndef KS_EXPORT_SVG_H
#define KS_EXPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "sweep.h"

/* A sweep's load curves: p99 latency and throughput against the offered
 * load, a line per variant, with axes, ticks, the deadline and a legend
 * (titles in the locale's language).  Returns 0, or -1 when writing failed. */
int export_svg_sweep(FILE *out, const struct sweep_curve *c, size_t n);

#endif
