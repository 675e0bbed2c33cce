/* snap.c: incremental tl_at snapshots with checkpoints. */
#include "config.h"

#include "snap.h"

#include <stdlib.h>
#include <string.h>

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

static int16_t *
snap_list_copy(const int16_t *l, size_t n)
{
	int16_t *c = xmalloc((n ? n : 1) * sizeof *c);
	if (n)
		memcpy(c, l, n * sizeof *c);
	return c;
}

/* A deep copy in our own allocation. */
static struct tl_at *
snap_copy(const struct tl_at *a)
{
	struct tl_at *c = xcalloc(1, sizeof *c);

	*c = *a;
	c->res = xcalloc(a->nres + 1, sizeof *c->res);
	c->actors = xcalloc(a->nactors + 1, sizeof *c->actors);
	if (a->nactors)
		memcpy(c->actors, a->actors, a->nactors * sizeof *c->actors);
	for (size_t i = 0; i < a->nres; i++) {
		const struct tl_res_at *r = &a->res[i];
		c->res[i].value = r->value;
		c->res[i].holders = snap_list_copy(r->holders, r->nholders);
		c->res[i].nholders = r->nholders;
		c->res[i].waiters = snap_list_copy(r->waiters, r->nwaiters);
		c->res[i].nwaiters = r->nwaiters;
		c->res[i].items = xmalloc((r->nitems ? r->nitems : 1) * sizeof *c->res[i].items);
		if (r->nitems)
			memcpy(c->res[i].items, r->items, r->nitems * sizeof *r->items);
		c->res[i].nitems = r->nitems;
	}
	return c;
}

static void
snap_at_free(struct tl_at *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->nres; i++) {
		free(a->res[i].holders);
		free(a->res[i].waiters);
		free(a->res[i].items);
	}
	free(a->res);
	free(a->actors);
	free(a);
}

static void
snap_list_remove(int16_t *l, size_t *n, int16_t who)
{
	for (size_t i = 0; i < *n; i++)
		if (l[i] == who) {
			memmove(l + i, l + i + 1, (*n - i - 1) * sizeof *l);
			(*n)--;
			return;
		}
}

static void
snap_list_add(int16_t **l, size_t *n, int16_t who)
{
	*l = xrealloc(*l, (*n + 1) * sizeof **l);
	(*l)[(*n)++] = who;
}

/* One event, by the rules of tl.c's snapshot. */
static void
snap_apply(struct tl_at *at, const struct rec_event *ev)
{
	bool a_ok = ev->actor >= 0 && (size_t)ev->actor < at->nactors;
	bool r_ok = ev->res >= 0 && (size_t)ev->res < at->nres;
	struct tl_res_at *r = r_ok ? &at->res[ev->res] : NULL;

	at->t = ev->t_ns;
	switch ((enum rec_kind)ev->kind) {
	case REC_STATE:
		if (!a_ok)
			break;
		at->actors[ev->actor].state = ev->state;
		at->actors[ev->actor].res = ev->res;
		at->actors[ev->actor].other = ev->other;
		at->actors[ev->actor].cpu = ev->state == REC_ST_RUNNING ? ev->cpu : UINT16_MAX;
		if (ev->op >= 0) {
			at->actors[ev->actor].op = ev->op;
			at->actors[ev->actor].op_sure = true;
		}
		if (ev->state != REC_ST_BLOCKED && ev->state != REC_ST_DEADLOCKED)
			for (size_t i = 0; i < at->nres; i++)
				snap_list_remove(at->res[i].waiters, &at->res[i].nwaiters, ev->actor);
		break;
	case REC_OP:
		if (a_ok) {
			at->actors[ev->actor].op = ev->op;
			at->actors[ev->actor].op_sure = false;
		}
		break;
	case REC_MIGRATE:
		if (a_ok && at->actors[ev->actor].state == REC_ST_RUNNING)
			at->actors[ev->actor].cpu = ev->cpu;
		break;
	case REC_LOCK_WAIT:
		if (r && a_ok) {
			snap_list_remove(r->waiters, &r->nwaiters, ev->actor);
			snap_list_add(&r->waiters, &r->nwaiters, ev->actor);
		}
		break;
	case REC_LOCK_ACQUIRE:
		if (r && a_ok) {
			snap_list_remove(r->waiters, &r->nwaiters, ev->actor);
			snap_list_add(&r->holders, &r->nholders, ev->actor);
		}
		break;
	case REC_LOCK_RELEASE:
		if (r && a_ok)
			snap_list_remove(r->holders, &r->nholders, ev->actor);
		break;
	case REC_LOAD:
	case REC_STORE:
		if (r)
			r->value = ev->value;
		break;
	case REC_VALUE_FINAL:
		if (r && ev->actor < 0)
			r->value = ev->value;
		break;
	case REC_PUSH:
		if (r) {
			r->items = xrealloc(r->items, (r->nitems + 1) * sizeof *r->items);
			r->items[r->nitems++] = ev->value;
		}
		break;
	case REC_POP:
		if (r && r->nitems > 0) {
			memmove(r->items, r->items + 1, (r->nitems - 1) * sizeof *r->items);
			r->nitems--;
		}
		break;
	case REC_SAY:
		at->say_text = ev->value >= 0 && ev->value <= INT32_MAX ? (int)ev->value : -1;
		at->say_actor = ev->actor;
		at->say_t = ev->t_ns;
		break;
	case REC_EXIT:
		if (a_ok)
			for (size_t i = 0; i < at->nres; i++)
				snap_list_remove(at->res[i].waiters, &at->res[i].nwaiters, ev->actor);
		break;
	default:
		break;
	}
}

static void
snap_reset(struct snap *s)
{
	struct tl_at *base = tl_at_new(s->tl, 0);  /* no event is at time 0: the base alone */

	snap_at_free(s->cur.at);
	s->cur.at = snap_copy(base);
	tl_at_free(base);
	s->cur.next = tl_first(s->tl);
	s->cur.last_t = 0;
	for (size_t i = 0; i < s->npts; i++)
		snap_at_free(s->pts[i].at);
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
	snap_at_free(s->cur.at);
	for (size_t i = 0; i < s->npts; i++)
		snap_at_free(s->pts[i].at);
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
		snap_at_free(s->cur.at);
		if (k > 0) {
			s->cur.at = snap_copy(s->pts[k - 1].at);
			s->cur.next = s->pts[k - 1].next;
			s->cur.last_t = s->pts[k - 1].last_t;
		} else {
			struct tl_at *base = tl_at_new(s->tl, 0);
			s->cur.at = snap_copy(base);
			tl_at_free(base);
			s->cur.next = tl_first(s->tl);
			s->cur.last_t = 0;
		}
		s->applied = 0;
	}
	for (; s->cur.next < end; s->cur.next++) {
		tl_event(s->tl, s->cur.next, &ev);
		if (ev.t_ns > t)
			break;
		snap_apply(s->cur.at, &ev);
		s->cur.last_t = ev.t_ns;
		/* Checkpoints only ever extend the list at its end, in order. */
		if (++s->applied >= SNAP_EVERY &&
		    (s->npts == 0 || s->pts[s->npts - 1].next < s->cur.next + 1)) {
			s->pts = xgrow(s->pts, &s->apts, s->npts + 1, sizeof *s->pts);
			s->pts[s->npts].at = snap_copy(s->cur.at);
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
