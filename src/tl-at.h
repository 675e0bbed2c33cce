/* tl-at.h: snapshots of a run at one instant, apart from the model that makes them.
 *
 * struct tl_at and tl_at_copy, tl_at_apply and tl_at_free are declared in
 * tl.h, for every view; this adds what only the model needs.
 */
#ifndef KS_TL_AT_H
#define KS_TL_AT_H

#include <stddef.h>

#include "tl.h"

/* A snapshot before anything happened: every value at its init (VAR's declarations; NULL: 0),
 * no holders, waiters or items, every actor not started. */
struct tl_at *tl_at_new_empty(const struct prog_variant *var, size_t nres, size_t nactors);

/*
 * Scrubbing marks: the state after every K events, so the state at any time
 * costs a copy and at most K events replayed (O(K)), not a replay from the
 * start.  The marks follow the model when a state is asked for (tl_at_new,
 * tl_at_end): each event is applied to them once, and a run nobody scrubs
 * (headless) never pays for them.  The terminal interface asks for the
 * state at the end every frame, so its marks are always current.  K is TL_AT_EVERY, or more where one snapshot
 * is large (many actors), so the marks take at most a tenth of the memory of
 * the events they cover.
 */
#define TL_AT_EVERY 8192
struct tl_at_marks;

struct tl_at_marks *tl_at_marks_new(void);
void tl_at_marks_free(struct tl_at_marks *m);
/* Moves the marks on to TL's newest event (BASE: the state before its first kept event). */
void tl_at_marks_extend(struct tl_at_marks *m, const struct tl *tl, const struct tl_at *base);
/* Forgets the marks before event FIRST (the model dropped older events). */
void tl_at_marks_drop(struct tl_at_marks *m, size_t first);
/* The latest state kept at or before T (its events all at or before T) and the
 * index of the event after it; NULL when none is (start from the base). */
const struct tl_at *tl_at_marks_find(const struct tl_at_marks *m, uint64_t t, size_t *next);
/* Memory the marks hold, in bytes, and how many events one mark covers. */
size_t tl_at_marks_bytes(const struct tl_at_marks *m);
size_t tl_at_marks_every(const struct tl_at_marks *m);
/* TL's marks (for figures). */
const struct tl_at_marks *tl_marks(const struct tl *tl);
/* The state after the marks' newest event. */
const struct tl_at *tl_at_marks_now(const struct tl_at_marks *m);
/* The state after TL's newest event (the marks moved on to it first); valid
 * until the model changes.  Its t is that event's time. */
const struct tl_at *tl_at_end(const struct tl *tl);

#endif
