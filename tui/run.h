/* run.h: one run the view shows: the engine driven live or step by step,
 * its recorder drained into a timeline model, and the grants made (for undo).
 *
 * run.c calls: eng (src/).  Called by: state.c, action-view.c, app.c.
 */
#ifndef KS_RUN_H
#define KS_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "prog.h"
#include "tl.h"

struct run;

/*
 * A run of variant VARIANT of PROG (borrowed), recorded into TL (borrowed),
 * started at once.  STEP: step mode, every op waits for a grant.  REPLAY:
 * grants (actor indices) the run makes by itself, in order, as soon as each
 * actor is ready: undo re-runs the schedule up to one step before.
 * NULL with *ERR set when the engine cannot start it.
 */
struct run *run_new(const struct prog *prog, int variant, struct tl *tl, bool step, double speed,
    const int *replay, size_t nreplay, char **err);
/* Stops the run (threads joined, processes reaped) and frees it. */
void run_free(struct run *r);
/* Moves what the recorder holds into the model, makes pending replay grants;
 * never blocks.  Returns true when the model changed. */
bool run_poll(struct run *r);
/* The run has ended and everything it recorded is in the model. */
bool run_ended(const struct run *r);
/* Still replaying grants for an undo. */
bool run_replaying(const struct run *r);
void run_pause(struct run *r);
void run_resume(struct run *r);
/* Live mode: durations still to come use SPEED; one under way keeps its length. */
void run_set_speed(struct run *r, double speed);
/* Step mode: grants ACTOR one op; false when it is not waiting for one. */
bool run_grant(struct run *r, int actor);
/* Step mode: the policy picks; the actor granted, or -1 when nobody is ready. */
int run_grant_auto(struct run *r);
/* Actors waiting for a grant (bit per actor). */
unsigned long long run_ready(const struct run *r);
/* The grants made so far, in order. */
const int *run_history(const struct run *r, size_t *n);
/* Expectation I's result once the run has ended: false when unknown. */
bool run_expect(const struct run *r, size_t i, bool *met, int64_t *actual);
/* Once the run has ended: whether the CPUs were busy in it (run_out_busy), and *LATE_NS how late. */
bool run_busy(const struct run *r, int64_t *late_ns);
/* The verdict's headline once the run has ended, or NULL. */
const char *run_outcome_text(const struct run *r);
/* Judges condition X (an expectation, a question's choice) against the ended
 * run as the engine judged its expectations; false when not met or not ended. */
bool run_judge(const struct run *r, const struct prog_expect *x, prog_value *actual);
/* The exit status the verdict gives the run, as a headless run's; 0 for a run
 * that has not ended. */
int run_exit_status(const struct run *r);

#endif
