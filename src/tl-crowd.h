/* tl-crowd.h: the timeline model's aggregates for crowds (families of actors).
 *
 * The timeline model (tl.c) feeds it every member's state changes and the
 * crowd events (arrive, exit, refused, timeout, metric samples); tl.h's
 * tl_group_* and tl_metric_* calls answer from it.  Per family it keeps
 *   - the step function of how many members are in each state: one 8-byte
 *     record per member state change (time since the model's first event,
 *     in the high 56 bits; the state left and the state entered, 4 bits
 *     each), in chunks of 4,096, with a summary per block of 256 records
 *     (the counts per state before its first record, and the integral of
 *     each count over time since the first event: member-nanoseconds), so the
 *     member-time per state between two instants costs one block lookup and
 *     at most 255 records per instant, however many members and changes;
 *   - arrivals and completions (a step function of members in flight, and
 *     per completion its time and latency) for the metric rows.
 * Run-wide REC_METRIC samples are kept per metric.  Only the state records
 * are dropped under the model's cap; the rest is bounded by the number of
 * actors and the length of the run.
 */
#ifndef KS_TL_CROWD_H
#define KS_TL_CROWD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "rec.h"

struct tl_crowd;

/* The aggregates for VAR's families (VAR borrowed; NULL: no families). */
struct tl_crowd *tl_crowd_new(const struct prog_variant *var);
void tl_crowd_free(struct tl_crowd *c);
/* Time T of the model's first event: the origin of every count. */
void tl_crowd_start(struct tl_crowd *c, uint64_t t);
/* ACTOR changed from state FROM to state TO at T (T never decreases). */
void tl_crowd_state(struct tl_crowd *c, int actor, uint64_t t, uint8_t from, uint8_t to);
/* A crowd event (REC_ARRIVE, REC_EXIT, REC_REFUSED, REC_TIMEOUT, REC_METRIC) at T; others are ignored. */
void tl_crowd_event(struct tl_crowd *c, const struct rec_event *ev, uint64_t t);
/* Forgets state records before T, whole chunks at a time (the model's cap). */
void tl_crowd_drop_before(struct tl_crowd *c, uint64_t t);
size_t tl_crowd_bytes(const struct tl_crowd *c);

size_t tl_crowd_nfamilies(const struct tl_crowd *c);
/* The family of ACTOR, or -1. */
int tl_crowd_family(const struct tl_crowd *c, int actor);
/* The time from which family F's counts are known (the first event, or the first kept record). */
uint64_t tl_crowd_known_from(const struct tl_crowd *c, int f);
/* Adds to OUT[c][s] family F's member-nanoseconds in state s over [C0[c], C1[c]) cut to
 * [known_from, T_END], for W columns whose edges never go back. */
void tl_crowd_columns(const struct tl_crowd *c, int f, const uint64_t *c0, const uint64_t *c1,
    int w, uint64_t t_end, uint64_t (*out)[REC_ST_COUNT]);
/* Adds to OUT[s] family F's members in state s at T (changes at T included); false (nothing
 * added) when T is before known_from. */
bool tl_crowd_at(const struct tl_crowd *c, int f, uint64_t t, uint32_t *out);
/* Family F's kept state changes: the counts before the first, then change I (0-based). */
size_t tl_crowd_nchanges(const struct tl_crowd *c, int f);
void tl_crowd_changes_base(const struct tl_crowd *c, int f, uint32_t *out);
void tl_crowd_change(const struct tl_crowd *c, int f, size_t i, uint64_t *t, uint8_t *from, uint8_t *to);

/* See tl.h: struct tl_family_stats, enum tl_metric. */
struct tl_family_stats;
void tl_crowd_stats(const struct tl_crowd *c, int f, struct tl_family_stats *out);
bool tl_crowd_latency(const struct tl_crowd *c, int f, double p, uint64_t *out);
size_t tl_crowd_nflight(const struct tl_crowd *c, int f);
void tl_crowd_flight(const struct tl_crowd *c, int f, size_t i, uint64_t *t, uint32_t *n);
bool tl_crowd_metric_any(const struct tl_crowd *c, int f, int m);
void tl_crowd_metric_columns(const struct tl_crowd *c, int f, int m, const uint64_t *c0,
    const uint64_t *c1, int w, uint64_t t_end, double *out);

#endif
