/* run-out.h: a run's headless text: one line per event, and the outcome. */
#ifndef KS_RUN_OUT_H
#define KS_RUN_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "eng.h"
#include "prog.h"
#include "rec.h"
#include "tl.h"

/* One line for event EV; T0: the run's first timestamp. */
void run_out_event(FILE *out, struct eng *e, const struct prog_variant *v,
    const struct rec_event *ev, uint64_t t0);
/* The outcome: per-worker end state and stats, final values, expectations,
 * the deadlock cycle, drops.  TL: the run's timeline, whose op events give each
 * worker's steps (bookkeeping ops are not steps); NULL: the engine's op counts. */
void run_out_outcome(FILE *out, struct eng *e, const struct prog *prog,
    const struct prog_variant *v, const struct eng_outcome *o, const struct tl *tl);
/* The exit status the outcome calls for (KS_EXIT_OK or KS_EXIT_FAILED). */
int run_out_status(const struct prog_variant *v, const struct eng_outcome *o);
/* "name = value" of every var and shm, comma-separated (allocated). */
char *run_out_values(const struct prog_variant *v, const prog_value *vals);

#endif
