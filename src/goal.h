/* goal.h: whether a run reached its variant's challenge goal, and in how many steps.
 *
 * Read from the run's events (the recorder's, as the timeline keeps them),
 * so the headless run and the TUI judge a challenge the same way:
 *   lost      the first REC_LOST_UPDATE;
 *   deadlock  the first REC_DEADLOCK, or a run that ended deadlocked;
 *   assert    the first REC_ASSERT_FAIL;
 *   critical  the first REC_CRITICAL (two workers inside one region);
 *   EXPR      the condition over the shared values, checked before the first
 *             step and after every event that changes a value;
 *   final     the condition over the final values (REC_VALUE_FINAL), at the
 *             run's end, when every worker finished (the run ended done).
 * A step is a REC_OP event of one of the variant's actors: one grant in step
 * mode (bookkeeping ops emit none).  The steps counted are those up to and
 * including the event that reached the goal.  Nothing here knows about
 * threads or the screen.
 */
#ifndef KS_GOAL_H
#define KS_GOAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "rec.h"
#include "tl.h"

struct goal_result {
	bool reached;
	size_t steps;       /* steps taken when it was reached (so far, when not reached) */
	size_t events;      /* events seen up to and including the one that reached it */
	uint64_t t_ns;      /* that event's time */
	int actor;          /* who made it happen (lost, assert, critical, the store of EXPR),
	                       or -1 (deadlock, final) */
};

/* Follows one run, event by event: for a TUI that watches a live run. */
struct goal;

/* A watcher for VAR's challenge (VAR is borrowed); NULL when VAR has none. */
struct goal *goal_new(const struct prog_variant *var);
void goal_free(struct goal *g);
/* Takes the next event of the run, in time order; true when it reached the
 * goal (only once: later events change nothing). */
bool goal_feed(struct goal *g, const struct rec_event *ev);
/* What the events so far say. */
void goal_get(const struct goal *g, struct goal_result *out);

/* The whole of TL's retained events at once; false (and OUT all zero but
 * actor -1) when TL's variant has no challenge.  A model that dropped events
 * (tl_dropped) undercounts the steps before its kept detail. */
bool goal_check(const struct tl *tl, struct goal_result *out);

/* The goal in words, e.g. "an update is lost" (translated; EXPR goals say
 * "the condition holds"): for a line beside the challenge's own title. */
const char *goal_kind_text(enum prog_goal_kind kind);

#endif
