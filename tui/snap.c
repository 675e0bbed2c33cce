/* snap.c: the state at the cursor for each frame: at the end of the run it
 * is the model's own (tl_at_end, copied only when new events came); a small
 * step forward applies the new events; a step back or a long jump asks
 * tl_at_new, whose marks answer in O(K) events (tl-at.h). */
#include "config.h"

#include "snap.h"

#include <stdlib.h>

#include "tl-at.h"
#include "xalloc.h"

struct snap {
	const struct tl *tl;
	size_t next;       /* events before this index are applied */
	uint64_t last_t;   /* the time the state is at (0: the base) */
	struct tl_at *at;
};

/* The state at T from the model's marks; the next event to apply after it. */
static void
snap_jump(struct snap *s, uint64_t t)
{
	tl_at_free(s->at);
	s->at = tl_at_new(s->tl, t);
	s->next = t == UINT64_MAX ? tl_end(s->tl) : tl_find(s->tl, t + 1);
	s->last_t = t;
}

struct snap *
snap_new(const struct tl *tl)
{
	struct snap *s = xcalloc(1, sizeof *s);

	s->tl = tl;
	snap_jump(s, 0);  /* no event is at time 0: the base alone */
	return s;
}

void
snap_free(struct snap *s)
{
	if (s == NULL)
		return;
	tl_at_free(s->at);
	free(s);
}

const struct tl_at *
snap_at(struct snap *s, uint64_t t)
{
	size_t end = tl_end(s->tl), to;
	struct rec_event ev;

	to = t == UINT64_MAX ? end : tl_find(s->tl, t + 1);
	if (to == end && end > tl_first(s->tl)) {
		/* at or after the newest event: the model's state there, which
		 * keeps its marks current for a later step back */
		const struct tl_at *e = tl_at_end(s->tl);
		if (s->next != end || s->last_t > t || s->next < tl_first(s->tl)) {
			tl_at_free(s->at);
			s->at = tl_at_copy(e);
			s->next = end;
		}
		s->last_t = t;
	} else if (s->last_t > t || s->next < tl_first(s->tl) || to > s->next + SNAP_EVERY) {
		/* back in time, events dropped from under us, or far ahead */
		snap_jump(s, t);
	} else {
		for (; s->next < to; s->next++) {
			tl_event(s->tl, s->next, &ev);
			tl_at_apply(s->at, &ev);
		}
		s->last_t = t;
	}
	s->at->t = t;
	s->at->exact = tl_dropped(s->tl) == 0 || t >= tl_kept_from(s->tl);
	return s->at;
}
