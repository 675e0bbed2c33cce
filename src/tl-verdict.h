/* tl-verdict.h: the verdict on a recorded run, from its timeline's events.
 *
 * A trace holds the facts the verdict needs (how the run ended and for what
 * signal, the first failure, lost updates, the final values, what the run
 * measured of time and order), so a replay judges as the run did. */
#ifndef KS_TL_VERDICT_H
#define KS_TL_VERDICT_H

#include "tl.h"
#include "verdict.h"

/* Judges the run TL holds into VD (free with verdict_free). */
void tl_verdict(const struct tl *tl, struct verdict *vd);

#endif
