/* ktr.c: a run under test, for the engine's Check suites (see ktr.h). */
#include "config.h"

#include "ktr.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "diag.h"
#include "scn.h"

struct prog *
ktr_compile(const char *src)
{
	struct diag *d = diag_new(stderr);
	struct prog *p = scn_parse_buffer("test.ks", src, strlen(src), d);
	diag_free(d);
	ck_assert_msg(p != NULL, "the test scenario does not compile");
	return p;
}

void
ktr_drain(struct ktr *t, bool final)
{
	struct rec_event buf[1024];
	size_t k;
	while ((k = rec_drain(eng_rec(t->e), buf, 1024, final)) > 0) {
		if (t->n + k > t->cap) {
			t->cap = (t->n + k) * 2;
			t->ev = realloc(t->ev, t->cap * sizeof *t->ev);
			ck_assert_ptr_nonnull(t->ev);
		}
		memcpy(t->ev + t->n, buf, k * sizeof *buf);
		t->n += k;
	}
}

/* Compiles SRC into T and fills C for its VARIANT in MODE; SCHED: a --schedule
 * list or NULL (*SCHED_OUT holds it, free after ktr_launch); SEED: random policy
 * when nonzero.  The caller may adjust C before ktr_launch. */
void
ktr_config(struct ktr *t, const char *src, const char *variant, enum eng_mode mode,
    const char *sched, uint64_t seed, struct eng_config *c, int **sched_out)
{
	size_t ns = 0;
	char *err = NULL;

	memset(t, 0, sizeof *t);
	t->prog = ktr_compile(src);
	t->v = prog_variant_find(t->prog, variant);
	ck_assert_ptr_nonnull(t->v);
	memset(c, 0, sizeof *c);
	c->prog = t->prog;
	c->variant = t->v;
	c->mode = mode;
	c->speed = 1;
	*sched_out = NULL;
	if (sched) {
		ck_assert_int_eq(eng_schedule_parse(t->v, sched, sched_out, &ns, &err), 0);
		c->policy = ENG_POLICY_SCHEDULE;
		c->schedule = *sched_out;
		c->nschedule = ns;
	} else if (seed) {
		c->policy = ENG_POLICY_RANDOM;
		c->seed = seed;
	} else if (mode == ENG_STEP) {
		c->policy = ENG_POLICY_MANUAL;
	}
}

/* Makes T's engine from C and starts it. */
void
ktr_launch(struct ktr *t, const struct eng_config *c)
{
	char *err = NULL;

	t->e = eng_new(c, &err);
	ck_assert_msg(t->e != NULL, "eng_new: %s", err ? err : "?");
	ck_assert_int_eq(eng_start(t->e, &err), 0);
}

/* Starts SRC's VARIANT in MODE; SCHED: a --schedule list or NULL; SEED: random policy when nonzero. */
void
ktr_start(struct ktr *t, const char *src, const char *variant, enum eng_mode mode,
    const char *sched, uint64_t seed)
{
	struct eng_config c;
	int *s;

	ktr_config(t, src, variant, mode, sched, seed, &c, &s);
	ktr_launch(t, &c);
	free(s);
}

/* Waits (draining) for the run to end: at most 20 s, or the test fails. */
const struct eng_outcome *
ktr_finish(struct ktr *t)
{
	for (int i = 0; i < 1000 && !t->ended; i++) {
		t->ended = eng_wait(t->e, 20);
		ktr_drain(t, t->ended);
	}
	if (!t->ended) {
		/* what it was doing, for the log */
		fprintf(stderr, "# not ended; ready mask %#llx; last events:\n",
		    (unsigned long long)eng_ready_mask(t->e));
		for (size_t i = t->n > 40 ? t->n - 40 : 0; i < t->n; i++)
			fprintf(stderr, "#   %s actor %d state %s op %d other %d\n",
			    rec_kind_name((enum rec_kind)t->ev[i].kind), t->ev[i].actor,
			    rec_state_name((enum rec_state)t->ev[i].state), t->ev[i].op, t->ev[i].other);
	}
	ck_assert_msg(t->ended, "the run did not end");
	return eng_outcome(t->e);
}

void
ktr_free(struct ktr *t)
{
	eng_free(t->e);
	prog_free(t->prog);
	free(t->ev);
}

int
ktr_actor(struct ktr *t, const char *name)
{
	for (size_t a = 0; a < t->v->nactors; a++)
		if (strcmp(t->v->actors[a].name, name) == 0)
			return (int)a;
	ck_abort_msg("no actor %s", name);
	return -1;
}

int
ktr_decl(struct ktr *t, const char *name)
{
	for (size_t d = 0; d < t->v->ndecls; d++)
		if (strcmp(t->v->decls[d].name, name) == 0)
			return (int)d;
	ck_abort_msg("no declaration %s", name);
	return -1;
}

/* Index of the first event from I on matching kind/actor (state: for REC_STATE, -1 any); -1 if none. */
long
ktr_find(struct ktr *t, size_t from, enum rec_kind kind, int actor, int state)
{
	for (size_t i = from; i < t->n; i++)
		if (t->ev[i].kind == kind && (actor < 0 || t->ev[i].actor == actor) &&
		    (state < 0 || t->ev[i].state == state))
			return (long)i;
	return -1;
}

size_t
ktr_count(struct ktr *t, enum rec_kind kind, int actor)
{
	size_t c = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->ev[i].kind == kind && (actor < 0 || t->ev[i].actor == actor))
			c++;
	return c;
}

/* Drains until an event like ktr_find's, on RES (-1: any), shows up (at most 10 s). */
long
ktr_await(struct ktr *t, enum rec_kind kind, int actor, int state, int res)
{
	long i = -1;
	for (int k = 0; k < 1000 && i < 0; k++) {
		struct timespec ts = { 0, 10000000 };
		size_t from = 0;
		ktr_drain(t, false);
		while ((i = ktr_find(t, from, kind, actor, state)) >= 0 && res >= 0 && t->ev[i].res != res)
			from = (size_t)i + 1;
		if (i < 0)
			nanosleep(&ts, NULL);
	}
	ck_assert_msg(i >= 0, "the awaited event never came");
	return i;
}

void
assert_no_children(void)
{
	errno = 0;
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}
