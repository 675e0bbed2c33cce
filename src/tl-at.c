/* tl-at.c: snapshots of a run at one instant (struct tl_at, declared in tl.h): made
 * empty, copied, moved on by one event, freed.  The model (tl.c) keeps one as
 * the base before its kept detail and builds the others from it. */
#include "config.h"

#include "tl-at.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Room for one more element in an array of N whose capacity follows n's power of two. */
static void *
at_grow(void *p, size_t n, size_t esize)
{
	if (n == 0)
		return xrealloc(p, 4 * esize);
	if (n >= 4 && (n & (n - 1)) == 0)
		return xrealloc(p, 2 * n * esize);
	return p;
}

static size_t
at_cap(size_t n)
{
	size_t c = 4;
	while (c < n)
		c *= 2;
	return c;
}

static void
at_list_add(int16_t **list, size_t *n, int16_t a)
{
	*list = at_grow(*list, *n, sizeof **list);
	(*list)[(*n)++] = a;
}

static bool
at_list_remove(int16_t *list, size_t *n, int16_t a)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == a) {
			memmove(list + i, list + i + 1, (*n - i - 1) * sizeof *list);
			(*n)--;
			return true;
		}
	return false;
}

struct tl_at *
tl_at_new_empty(const struct prog_variant *var, size_t nres, size_t nactors)
{
	struct tl_at *at = xcalloc(1, sizeof *at);

	at->nres = nres;
	at->nactors = nactors;
	at->res = xcalloc(nres ? nres : 1, sizeof *at->res);
	at->actors = xcalloc(nactors ? nactors : 1, sizeof *at->actors);
	for (size_t i = 0; i < nres; i++)
		at->res[i].value = var ? var->decls[i].init : 0;
	for (size_t i = 0; i < nactors; i++) {
		at->actors[i].state = REC_ST_NEW;
		at->actors[i].res = -1;
		at->actors[i].other = -1;
		at->actors[i].cpu = UINT16_MAX;
		at->actors[i].op = -1;
	}
	at->say_text = -1;
	at->say_actor = -1;
	at->exact = true;
	return at;
}

static void *
at_dup_array(const void *p, size_t n, size_t esize)
{
	void *q;
	if (n == 0)
		return NULL;
	q = xmalloc(at_cap(n) * esize);
	memcpy(q, p, n * esize);
	return q;
}

struct tl_at *
tl_at_copy(const struct tl_at *src)
{
	struct tl_at *at = xmalloc(sizeof *at);

	*at = *src;
	at->res = xmalloc((src->nres ? src->nres : 1) * sizeof *at->res);
	at->actors = xmalloc((src->nactors ? src->nactors : 1) * sizeof *at->actors);
	memcpy(at->actors, src->actors, src->nactors * sizeof *at->actors);
	for (size_t i = 0; i < src->nres; i++) {
		const struct tl_res_at *r = &src->res[i];
		struct tl_res_at *d = &at->res[i];
		*d = *r;
		d->holders = at_dup_array(r->holders, r->nholders, sizeof *r->holders);
		d->waiters = at_dup_array(r->waiters, r->nwaiters, sizeof *r->waiters);
		d->items = at_dup_array(r->items, r->nitems, sizeof *r->items);
	}
	return at;
}

void
tl_at_free(struct tl_at *at)
{
	if (at == NULL)
		return;
	for (size_t i = 0; i < at->nres; i++) {
		free(at->res[i].holders);
		free(at->res[i].waiters);
		free(at->res[i].items);
	}
	free(at->res);
	free(at->actors);
	free(at);
}

void
tl_at_apply(struct tl_at *at, const struct rec_event *ev)
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
		/* A state event naming an op (a step-mode READY, a queued loop task): the op it runs
		 * next; a CPU preemption's pair (value 2): the work op in progress. */
		if (ev->op >= 0) {
			at->actors[ev->actor].op = ev->op;
			at->actors[ev->actor].op_sure = true;
		}
		/* Whoever stops waiting (a timed-out trylock too) leaves every waiter list. */
		if (ev->state != REC_ST_BLOCKED && ev->state != REC_ST_DEADLOCKED)
			for (size_t i = 0; i < at->nres; i++)
				at_list_remove(at->res[i].waiters, &at->res[i].nwaiters, ev->actor);
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
			at_list_remove(r->waiters, &r->nwaiters, ev->actor);
			at_list_add(&r->waiters, &r->nwaiters, ev->actor);
		}
		break;
	case REC_LOCK_ACQUIRE:
		if (r && a_ok) {
			at_list_remove(r->waiters, &r->nwaiters, ev->actor);
			at_list_add(&r->holders, &r->nholders, ev->actor);
		}
		break;
	case REC_LOCK_RELEASE:
		if (r && a_ok)
			at_list_remove(r->holders, &r->nholders, ev->actor);
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
			r->items = at_grow(r->items, r->nitems, sizeof *r->items);
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
				at_list_remove(at->res[i].waiters, &at->res[i].nwaiters, ev->actor);
		break;
	default:
		break;
	}
}
