/* explore-step.h: one step of a variant on a state held in a flat array of
 * words, as the engine's step mode would take it (used by explore.c only).
 *
 * A state holds, per worker, its phase, its next op, its locals and where
 * each local's value was read from; per declaration, its value(s) or its
 * holders and waiters in arrival order; who is inside each critical region;
 * and how the run ended, if it did.  Two states with the same words are the
 * same state, which is what lets explore.c keep each one once.
 *
 * A move is a worker's granted step (EXPLORE_MOVE(a, false)), or the time
 * limit of its bounded wait running out (EXPLORE_MOVE(a, true)).
 */
#ifndef KS_EXPLORE_STEP_H
#define KS_EXPLORE_STEP_H

#include <stdbool.h>
#include <stddef.h>

#include "explore.h"
#include "prog.h"

#define EXPLORE_MOVE(a, timeout)   ((a) * 2 + ((timeout) ? 1 : 0))
#define EXPLORE_MOVE_ACTOR(m)      ((m) / 2)
#define EXPLORE_MOVE_TIMEOUT(m)    ((m) & 1)

struct explore_step;

/* The layout of V's states; NULL when V cannot be modelled (*WHY says why). */
struct explore_step *explore_step_new(const struct prog_variant *v, const char **why);
void explore_step_free(struct explore_step *x);
size_t explore_step_words(const struct explore_step *x);

/* The state before anyone moves. */
void explore_step_init(const struct explore_step *x, prog_value *st);
/* The moves ST allows, into MOVES (room for 2 per worker); their number. */
size_t explore_step_moves(const struct explore_step *x, const prog_value *st, int *moves);
/* Takes move M on ST. */
void explore_step_apply(const struct explore_step *x, prog_value *st, int m);
/* Whether the last explore_step_apply on X made progress: its worker ended,
 * or entered a critical region (a loop that runs for ever makes progress
 * only there: see explore.c's fair cycles). */
bool explore_step_progressed(const struct explore_step *x);
/* Whether M touches nothing but its worker's own locals, its bookkeeping
 * included (it commutes with every other move, unless it ends the worker:
 * see explore_step_alive on the state after it). */
bool explore_step_private(const struct explore_step *x, const prog_value *st, int m);
/* The time limit of A's wait in ST, in ns (0: it gives up at once, as a replay does too). */
long long explore_step_limit_ns(const struct explore_step *x, const prog_value *st, int a);
/* Whether worker A is still running in ST, and the run too. */
bool explore_step_alive(const struct explore_step *x, const prog_value *st, int a);

/* How ST ended, when it has no moves or a step stopped the run; fills O's
 * end, actor, other, op, region and lost. */
void explore_step_outcome(const struct explore_step *x, const prog_value *st, struct explore_outcome *o);
/* Whether a step stopped the run in ST (a deadlock closed, an assert failed...). */
bool explore_step_stopped(const struct explore_step *x, const prog_value *st);
/* Whether an update was lost on the way to ST. */
bool explore_step_lost(const struct explore_step *x, const prog_value *st);
/* Declaration D's final value in ST, as the main process sees it (0 for a lock). */
prog_value explore_step_value(const struct explore_step *x, const prog_value *st, int d);
/* Expression EX over ST's final values (an expectation). */
prog_value explore_step_eval(const struct explore_step *x, const prog_value *st, int ex);

#endif
