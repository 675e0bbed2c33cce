/* snap.c: incremental tl_at snapshots with checkpoints. */
#include "config.h"

#include "snap.h"

#include <stdlib.h>

#include "xalloc.h"

struct snap_point {
	size_t next;       /* events before this index are applied */
	uint64_t last_t;   /* time of the last applied event (0: none) */
	struct tl_at *at;
};

struct snap {
	const struct tl *tl;
	struct snap_point cur;
	struct snap_point *pts;  /* checkpoints, by increasing next */
	size_t npts, apts;
	size_t applied;          /* events applied since the last checkpoint */
};

static void
snap_reset(struct snap *s)
{
	tl_at_free(s->cur.at);
	s->cur.at = tl_at_new(s->tl, 0);  /* no event is at time 0: the base alone */
	s->cur.next = tl_first(s->tl);
	s->cur.last_t = 0;
	for (size_t i = 0; i < s->npts; i++)
		tl_at_free(s->pts[i].at);
	s->npts = 0;
	s->applied = 0;
}

struct snap *
snap_new(const struct tl *tl)
{
	struct snap *s = xcalloc(1, sizeof *s);

	s->tl = tl;
	snap_reset(s);
	return s;
}

void
snap_free(struct snap *s)
{
	if (s == NULL)
		return;
	tl_at_free(s->cur.at);
	for (size_t i = 0; i < s->npts; i++)
		tl_at_free(s->pts[i].at);
	free(s->pts);
	free(s);
}

const struct tl_at *
snap_at(struct snap *s, uint64_t t)
{
	size_t end = tl_end(s->tl);
	struct rec_event ev;

	/* Events were dropped from under us: start again from the new base. */
	if (s->cur.next < tl_first(s->tl) || (s->npts && s->pts[0].next < tl_first(s->tl)))
		snap_reset(s);
	/* Backwards: from the latest checkpoint at or before T, or the base. */
	if (s->cur.last_t > t) {
		size_t k = s->npts;
		while (k > 0 && s->pts[k - 1].last_t > t)
			k--;
		tl_at_free(s->cur.at);
		if (k > 0) {
			s->cur.at = tl_at_copy(s->pts[k - 1].at);
			s->cur.next = s->pts[k - 1].next;
			s->cur.last_t = s->pts[k - 1].last_t;
		} else {
			s->cur.at = tl_at_new(s->tl, 0);
			s->cur.next = tl_first(s->tl);
			s->cur.last_t = 0;
		}
		s->applied = 0;
	}
	for (; s->cur.next < end; s->cur.next++) {
		tl_event(s->tl, s->cur.next, &ev);
		if (ev.t_ns > t)
			break;
		tl_at_apply(s->cur.at, &ev);
		s->cur.last_t = ev.t_ns;
		/* Checkpoints only ever extend the list at its end, in order. */
		if (++s->applied >= SNAP_EVERY &&
		    (s->npts == 0 || s->pts[s->npts - 1].next < s->cur.next + 1)) {
			s->pts = xgrow(s->pts, &s->apts, s->npts + 1, sizeof *s->pts);
			s->pts[s->npts].at = tl_at_copy(s->cur.at);
			s->pts[s->npts].next = s->cur.next + 1;
			s->pts[s->npts].last_t = ev.t_ns;
			s->npts++;
			s->applied = 0;
		}
	}
	s->cur.at->t = t;
	s->cur.at->exact = tl_dropped(s->tl) == 0 || t >= tl_kept_from(s->tl);
	return s->cur.at;
}
