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

/* Takes actor A off every waiter list it is on (none: nothing to search). */
static void
at_leave_lists(struct tl_at *at, int16_t a)
{
	if (at->actors[a].nwaits == 0)
		return;
	for (size_t i = 0; i < at->nres; i++)
		at_list_remove(at->res[i].waiters, &at->res[i].nwaiters, a);
	at->actors[a].nwaits = 0;
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
			at_leave_lists(at, ev->actor);
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
			struct tl_actor_at *w = &at->actors[ev->actor];
			if (w->nwaits == 0 || !at_list_remove(r->waiters, &r->nwaiters, ev->actor))
				w->nwaits++;
			at_list_add(&r->waiters, &r->nwaiters, ev->actor);
		}
		break;
	case REC_LOCK_ACQUIRE:
		if (r && a_ok) {
			struct tl_actor_at *w = &at->actors[ev->actor];
			if (w->nwaits > 0 && at_list_remove(r->waiters, &r->nwaiters, ev->actor))
				w->nwaits--;
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
			at_leave_lists(at, ev->actor);
		break;
	default:
		break;
	}
}

/* ---- scrubbing marks ------------------------------------------------------- */

struct tl_at_mark {
	size_t next;       /* the events before this index are applied */
	uint64_t last_t;   /* the time of the last one */
	struct tl_at *at;
};

struct tl_at_marks {
	struct tl_at *run;       /* the state after the events before run_next */
	size_t run_next;
	uint64_t run_t;
	size_t since;            /* events applied since the last mark */
	size_t every;            /* K: 0 until the first event sets it */
	struct tl_at_mark *m;    /* by increasing next */
	size_t n, cap;
	size_t bytes;            /* held by the marks */
};

/* Bytes one snapshot holds. */
static size_t
at_bytes(const struct tl_at *at)
{
	size_t b = sizeof *at + at->nres * sizeof *at->res + at->nactors * sizeof *at->actors;
	for (size_t i = 0; i < at->nres; i++)
		b += at_cap(at->res[i].nholders) * sizeof(int16_t) + at_cap(at->res[i].nwaiters) * sizeof(int16_t) +
		    at_cap(at->res[i].nitems) * sizeof(int64_t);
	return b;
}

struct tl_at_marks *
tl_at_marks_new(void)
{
	return xcalloc(1, sizeof(struct tl_at_marks));
}

static void
marks_clear(struct tl_at_marks *m)
{
	for (size_t i = 0; i < m->n; i++)
		tl_at_free(m->m[i].at);
	m->n = 0;
	m->bytes = 0;
	tl_at_free(m->run);
	m->run = NULL;
	m->since = 0;
}

void
tl_at_marks_free(struct tl_at_marks *m)
{
	if (m == NULL)
		return;
	marks_clear(m);
	free(m->m);
	free(m);
}

/* An event costs at least this much of the model's memory (tl.c packs one into more). */
#define TL_AT_EVENT_BYTES 16

void
tl_at_marks_extend(struct tl_at_marks *m, const struct tl *tl, const struct tl_at *base)
{
	size_t end = tl_end(tl);
	struct rec_event ev;

	if (m->run == NULL || m->run_next < tl_first(tl)) {
		/* new, or events dropped before the marks caught up: from the base */
		marks_clear(m);
		m->run = tl_at_copy(base);
		m->run_next = tl_first(tl);
		m->run_t = 0;
	}
	if (m->every == 0) {
		/* a tenth of the events' memory at most: K events cost K * 16 bytes or more */
		size_t k = 10 * at_bytes(m->run) / TL_AT_EVENT_BYTES;
		m->every = k > TL_AT_EVERY ? k : TL_AT_EVERY;
	}
	for (; m->run_next < end; m->run_next++) {
		tl_event(tl, m->run_next, &ev);
		tl_at_apply(m->run, &ev);
		m->run_t = ev.t_ns;
		if (++m->since < m->every)
			continue;
		m->m = xgrow(m->m, &m->cap, m->n + 1, sizeof *m->m);
		m->m[m->n].at = tl_at_copy(m->run);
		m->m[m->n].next = m->run_next + 1;
		m->m[m->n].last_t = ev.t_ns;
		m->bytes += at_bytes(m->m[m->n].at);
		m->n++;
		m->since = 0;
	}
}

void
tl_at_marks_drop(struct tl_at_marks *m, size_t first)
{
	size_t k = 0;
	if (m->run != NULL && m->run_next < first) {
		marks_clear(m);  /* behind the model: tl_at_marks_extend starts again */
		return;
	}
	while (k < m->n && m->m[k].next < first)
		k++;  /* replaying from it would need events that are gone */
	for (size_t i = 0; i < k; i++) {
		m->bytes -= at_bytes(m->m[i].at);
		tl_at_free(m->m[i].at);
	}
	if (k > 0)  /* none may mean no array at all yet */
		memmove(m->m, m->m + k, (m->n - k) * sizeof *m->m);
	m->n -= k;
}

const struct tl_at *
tl_at_marks_find(const struct tl_at_marks *m, uint64_t t, size_t *next)
{
	size_t lo = 0, hi = m->n;

	if (m->run != NULL && m->run_t <= t && m->run_next > 0) {
		*next = m->run_next;  /* at or after the newest event: the running state itself */
		return m->run;
	}
	/* the last mark whose events are all at or before T */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->m[mid].last_t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	*next = m->m[lo - 1].next;
	return m->m[lo - 1].at;
}

size_t
tl_at_marks_bytes(const struct tl_at_marks *m)
{
	return m->bytes + m->cap * sizeof *m->m + (m->run ? at_bytes(m->run) : 0);
}

const struct tl_at *
tl_at_marks_now(const struct tl_at_marks *m)
{
	return m->run;
}

size_t
tl_at_marks_every(const struct tl_at_marks *m)
{
	return m->every;
}
