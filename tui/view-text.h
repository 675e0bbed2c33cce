/* view-text.h: ops, expressions, durations, states and events as the learner reads them.
 *
 * view-text.c calls: prog (texts), i18n.  Called by: the drawers (view-*.c)
 * and action.c (actor names in messages).
 */
#ifndef KS_VIEW_TEXT_H
#define KS_VIEW_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "rec.h"

/* An op as the learner reads it: "load orders -> $t", "store orders <- $t + 1". */
const char *view_op_text(const struct prog *prog, const struct prog_variant *var, int actor, int op,
    char *buf, size_t size);
const char *view_expr_text(const struct prog_variant *var, int actor, int expr, char *buf, size_t size);
/* The op ACTOR will most likely do after op LAST (-1: before its first), following
 * jumps; a check in the way is taken as true, so the guess can be wrong at a loop's end. */
int view_next_op(const struct prog_variant *var, int actor, int last);
/* A duration: "20ms", "1.5s", "300us". */
const char *view_dur_text(uint64_t ns, char *buf, size_t size);
/* The translated name of a state ("running", "blocked", ...). */
const char *view_state_name(enum rec_state st);
/* An event of a run of VAR (of PROG) as one log line (without its time). */
const char *view_event_text(const struct prog *prog, const struct prog_variant *var, const struct rec_event *ev,
    char *buf, size_t size);
/* An actor's name, or "?" for an index out of range. */
const char *view_actor_name(const struct prog_variant *var, int a);
/* A declaration's name, or "?". */
const char *view_decl_name(const struct prog_variant *var, int d);

#endif
