/* snap.h: "everything at time T" from the timeline model, kept incrementally.
 *
 * snap.c calls: tl (src/).  Called by: view.c (one per view), view-model.c
 * (the frame's snapshot).
 *
 * A frame asks for the state at the cursor every tick.  A snap keeps the
 * last answer and moves it forward by the events since; a step back, or
 * forward by more than SNAP_EVERY events, asks tl_at_new(), which starts
 * from the model's nearest mark (tl-at.h) and replays at most its K events.
 * The answers match tl_at_new(): both apply events with tl_at_apply().
 */
#ifndef KS_SNAP_H
#define KS_SNAP_H

#include <stdint.h>

#include "tl.h"

#define SNAP_EVERY 16384

struct snap;

struct snap *snap_new(const struct tl *tl);
void snap_free(struct snap *s);
/* The state at T (events at T included); valid until the next call. */
const struct tl_at *snap_at(struct snap *s, uint64_t t);

#endif
