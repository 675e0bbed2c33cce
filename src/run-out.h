/* run-out.h: a run's headless text: one line per event, and the outcome. */
#ifndef KS_RUN_OUT_H
#define KS_RUN_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "eng.h"
#include "prog.h"
#include "rec.h"
#include "tl.h"
#include "verdict.h"

/* One line for event EV; T0: the run's first timestamp. */
void run_out_event(FILE *out, struct eng *e, const struct prog_variant *v,
    const struct rec_event *ev, uint64_t t0);
/* The outcome: per-worker end state and stats, final values, expectations,
 * the deadlock cycle, drops.  TL: the run's timeline, whose op events give each
 * worker's steps (bookkeeping ops are not steps); NULL: the engine's op counts. */
void run_out_outcome(FILE *out, struct eng *e, const struct prog *prog,
    const struct prog_variant *v, const struct eng_outcome *o, const struct tl *tl);
/* The verdict on outcome O of a run of V (free with verdict_free): the
 * recorded facts handed to verdict_judge, as a replay of its trace hands them. */
void run_out_verdict(struct verdict *vd, const struct prog_variant *v, const struct eng_outcome *o);
/* "name = value" of every var and shm, comma-separated (allocated). */
char *run_out_values(const struct prog_variant *v, const prog_value *vals);

#endif
