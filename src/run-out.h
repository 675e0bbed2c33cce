/* run-out.h: a run's headless text: one line per event, and the outcome. */
#ifndef KS_RUN_OUT_H
#define KS_RUN_OUT_H

#include <stdbool.h>
#include <stddef.h>
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
/* Whether the CPUs were busy in the run of O: some worker's work or sleep
 * (a family member's, a loop task's, a pool thread's too) ended more than
 * 1 ms late; *LATE_NS: the most late.  The one rule the headless report,
 * the terminal UI's state pane, end box and comparison all go by. */
bool run_out_busy(const struct eng_outcome *o, int64_t *late_ns);
/* The note said when run_out_busy holds, in BUF (SIZE bytes): "the CPUs were
 * busy: ...", so that longer times are not taken for the scenario's own. */
/* Whether durations that ended up to LATE_NS late say the CPUs were busy (the rule run_out_busy applies). */
bool run_out_late_is_busy(int64_t late_ns);
const char *run_out_busy_text(int64_t late_ns, char *buf, size_t size);
/* "name = value" of every var and shm, comma-separated (allocated). */
char *run_out_values(const struct prog_variant *v, const prog_value *vals);

#endif
