/* check_explore.c: explore over programs whose interleavings can be counted
 * by hand; the shipped race's shortest lost update replayed on real threads;
 * the fixed variants proved; the bound; loops; what is not modelled. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"
#include "ks-check.h"
#include "ktr.h"
#include "prog.h"
#include "scn.h"
#include "diag.h"
#include "xalloc.h"

/* A search of SRC's VARIANT (NULL: the first) with at most MAX states (0: the default). */
struct xt {
	struct prog *prog;
	const struct prog_variant *v;
	struct explore_result r;
	int rc;
};

/* As xt_run, in at most BYTES of memory (0: the default bound). */
static void
xt_run_bytes(struct xt *t, const char *src, const char *variant, size_t max, bool reduce, size_t bytes)
{
	struct explore_opts o = { max, reduce, bytes };
	memset(t, 0, sizeof *t);
	/* a title keeps the missing-title warning out of the log */
	char *titled = strstr(src, "\ntitle ") ? xstrdup(src) : xasprintf("title \"T\"\n%s", src);
	t->prog = ktr_compile(titled);
	free(titled);
	ck_assert_ptr_nonnull(t->prog);
	t->v = prog_variant_find(t->prog, variant);
	ck_assert_ptr_nonnull(t->v);
	t->rc = explore_run(t->v, &o, &t->r);
}

static void
xt_run(struct xt *t, const char *src, const char *variant, size_t max, bool reduce)
{
	xt_run_bytes(t, src, variant, max, reduce, 0);
}

static void
xt_free(struct xt *t)
{
	explore_result_free(&t->r);
	prog_free(t->prog);
}

static int
xt_decl(const struct xt *t, const char *name)
{
	for (size_t d = 0; d < t->v->ndecls; d++)
		if (strcmp(t->v->decls[d].name, name) == 0)
			return (int)d;
	ck_abort_msg("no declaration %s", name);
	return -1;
}

/* The outcome that ENDs with NAME = VALUE (NAME NULL: any values), or NULL. */
static const struct explore_outcome *
xt_find(const struct xt *t, enum explore_end end, const char *name, prog_value value)
{
	for (size_t k = 0; k < t->r.noutcomes; k++) {
		const struct explore_outcome *o = &t->r.outcomes[k];
		if (o->end == end && (name == NULL || o->values[xt_decl(t, name)] == value))
			return o;
	}
	return NULL;
}

/* PATH as worker names joined by commas. */
static char *
xt_path(const struct xt *t, const struct explore_path *p)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < p->nsteps; i++) {
		char *n = xasprintf("%s%s%s", s, i ? "," : "", t->v->actors[p->steps[i]].name);
		free(s);
		s = n;
	}
	return s;
}

static char *read_file(const char *sub, const char *name);

static char *
read_scenario(const char *name)
{
	return read_file("scenarios", name);
}

/* SUB/NAME.ks under the source tree. */
static char *
read_file(const char *sub, const char *name)
{
	const char *dir = getenv("KS_SRCDIR");
	char *path = xasprintf("%s/%s/%s.ks", dir ? dir : ".", sub, name), *buf;
	FILE *f = fopen(path, "r");
	long n;
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = xcalloc((size_t)n + 1, 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	free(path);
	return buf;
}

/* Two workers with two private steps each: 3 x 3 states, C(4,2) = 6 schedules. */
START_TEST(test_explore__independent_steps_counted)
{
	struct xt t;
	xt_run(&t, "thread \"A\" { say \"1\"\n say \"2\" }\nthread \"B\" { say \"1\"\n say \"2\" }\n", NULL, 0, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert_uint_eq(t.r.states, 9);
	ck_assert_uint_eq(t.r.moves, 12);   /* two from each state but the last row and column */
	ck_assert(!t.r.cut && !t.r.loops);
	ck_assert_uint_eq(t.r.noutcomes, 1);
	ck_assert(t.r.schedules == 6.0);
	ck_assert_int_eq(t.r.outcomes[0].end, EXPLORE_FINISHED);
	ck_assert_uint_eq(t.r.outcomes[0].path.nsteps, 4);
	ck_assert(!t.r.outcomes[0].bad);
	xt_free(&t);
}
END_TEST

/* x += 1 twice: load and store each.  Of the C(4,2) = 6 orders, the two
 * where one worker finishes before the other loads count 2; the other four
 * lose an update; the first loss is at the fourth step. */
START_TEST(test_explore__lost_update_counted)
{
	struct xt t;
	const struct explore_outcome *two, *one;
	char *p;
	xt_run(&t, "var x = 0\nthread \"A\" { x += 1 }\nthread \"B\" { x += 1 }\nexpect x == 2\n", NULL, 0, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert_uint_eq(t.r.noutcomes, 2);
	two = xt_find(&t, EXPLORE_FINISHED, "x", 2);
	one = xt_find(&t, EXPLORE_FINISHED, "x", 1);
	ck_assert_ptr_nonnull(two);
	ck_assert_ptr_nonnull(one);
	ck_assert(two->schedules == 2.0 && !two->lost && !two->bad);
	ck_assert(one->schedules == 4.0 && one->lost && one->bad);
	ck_assert_int_eq(one->met[0], 0);
	ck_assert(t.r.lost.reached);
	ck_assert_uint_eq(t.r.lost.nsteps, 4);
	p = xt_path(&t, &t.r.lost);
	ck_assert_str_eq(p, "A,B,A,B");  /* both read 0; both write 1 */
	free(p);
	xt_free(&t);
}
END_TEST

/* Opposite lock orders: 3 outcomes; a deadlock after A,B,A,B... */
START_TEST(test_explore__deadlock_shortest)
{
	static const char src[] =
	    "mutex k\nmutex b\n"
	    "thread \"A\" { lock k\n lock b\n unlock b\n unlock k }\n"
	    "thread \"B\" { lock b\n lock k\n unlock k\n unlock b }\n"
	    "expect no deadlock\n";
	struct xt t;
	const struct explore_outcome *d, *f;
	char *p;
	xt_run(&t, src, NULL, 0, false);
	ck_assert_int_eq(t.rc, 0);
	d = xt_find(&t, EXPLORE_DEADLOCK, NULL, 0);
	f = xt_find(&t, EXPLORE_FINISHED, NULL, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(f);
	ck_assert(d->bad && !f->bad);
	/* each takes its first lock, then asks for the other's: the cycle closes at step 4 */
	ck_assert_uint_eq(d->path.nsteps, 4);
	p = xt_path(&t, &d->path);
	ck_assert(strcmp(p, "A,B,A,B") == 0 || strcmp(p, "A,B,B,A") == 0);
	free(p);
	xt_free(&t);
}
END_TEST

/* Two workers inside one critical region without a lock: found, shortest at 2 steps. */
START_TEST(test_explore__critical_region)
{
	struct xt t;
	const struct explore_outcome *c;
	xt_run(&t, "thread \"A\" { critical \"pot\" { work 1ms } }\nthread \"B\" { critical \"pot\" { work 1ms } }\n",
	    NULL, 0, false);
	ck_assert_int_eq(t.rc, 0);
	c = xt_find(&t, EXPLORE_CRITICAL, NULL, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert(c->bad);
	ck_assert_uint_eq(c->path.nsteps, 2);
	ck_assert_int_ne(c->actor, c->other);
	xt_free(&t);
}
END_TEST

/* A failed assert stops the run where it fails. */
START_TEST(test_explore__assert)
{
	struct xt t;
	const struct explore_outcome *a;
	xt_run(&t, "var n = 0\nthread \"A\" { n = 1 }\nthread \"B\" { assert n == 0 \"too late\" }\n", NULL, 0, false);
	ck_assert_int_eq(t.rc, 0);
	a = xt_find(&t, EXPLORE_ASSERT, NULL, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->bad);
	ck_assert_uint_eq(a->path.nsteps, 2);
	ck_assert_int_eq(a->actor, 1);
	ck_assert(a->schedules == 1.0);  /* only A then B */
	xt_free(&t);
}
END_TEST

/* A busy wait loops: finitely many states, unboundedly many schedules. */
START_TEST(test_explore__busy_wait_loops)
{
	struct xt t;
	xt_run(&t, "var flag = 0\nthread \"A\" { while flag == 0 { } }\nthread \"B\" { flag = 1 }\n", NULL, 0, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(!t.r.cut);
	ck_assert(t.r.loops);
	ck_assert_uint_eq(t.r.noutcomes, 1);
	ck_assert(isinf(t.r.outcomes[0].schedules));
	ck_assert_uint_lt(t.r.states, 20);
	xt_free(&t);
}
END_TEST

/* More states than the bound: cut short, and said. */
START_TEST(test_explore__bound_cuts)
{
	struct xt t;
	char *src = read_scenario("race");
	xt_run(&t, src, "locked", 100, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(t.r.cut);
	ck_assert_uint_le(t.r.states, 100);
	xt_free(&t);
	free(src);
}
END_TEST

/* 64 workers round 64 locks, each taking its own and its neighbour's (a
 * state takes tens of KiB): the memory bound, not the allocator, stops
 * the search, and the search held no more than the bound. */
START_TEST(test_explore__memory_bound_cuts)
{
	struct xt t;
	char *src = xstrdup(""), *s;
	size_t bound = (size_t)32 << 20;
	for (int i = 0; i < 64; i++) {
		s = xasprintf("%smutex m%d\n", src, i);
		free(src);
		src = s;
	}
	s = xasprintf("%svariant all \"all\" {\n", src);
	free(src);
	src = s;
	for (int i = 0; i < 64; i++) {
		s = xasprintf("%s  thread \"W%d\" { lock m%d; lock m%d; unlock m%d; unlock m%d }\n", src, i, i, (i + 1) % 64,
		    (i + 1) % 64, i);
		free(src);
		src = s;
	}
	s = xasprintf("%s}\n", src);
	free(src);
	src = s;
	xt_run_bytes(&t, src, "all", 0, false, bound);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(t.r.cut);
	ck_assert(t.r.memory_cut);
	ck_assert_uint_gt(t.r.states, 0);
	ck_assert_uint_lt(t.r.states, EXPLORE_DEFAULT_STATES);
	ck_assert_uint_le(t.r.bytes, bound);
	ck_assert_uint_gt(t.r.bytes, bound / 4);  /* it did use what it was given */
	xt_free(&t);
	free(src);
}
END_TEST

/* Under a generous bound nothing changes: the race's counts are as before,
 * and the bytes held are counted. */
START_TEST(test_explore__memory_bound_counts)
{
	struct xt t;
	char *src = read_scenario("race");
	xt_run_bytes(&t, src, "unsafe", 0, false, (size_t)64 << 20);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(!t.r.cut);
	ck_assert(!t.r.memory_cut);
	ck_assert_uint_gt(t.r.bytes, t.r.states * sizeof(prog_value));
	ck_assert_uint_le(t.r.bytes, (size_t)64 << 20);
	xt_free(&t);
	/* a bound too small for the first states: cut, with nothing found, and no crash */
	xt_run_bytes(&t, src, "unsafe", 0, false, 4096);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(t.r.memory_cut);
	ck_assert_uint_le(t.r.bytes, 4096);
	xt_free(&t);
	free(src);
}
END_TEST

/* Loops for ever that make no progress, under weak fairness: Dekker's
 * entry without its turn and a busy-wait countdown spin for ever, with a
 * schedule into the loop and the loop; deadlock's backoff variant too;
 * Peterson's and Dekker's algorithms, looping for ever, make progress on
 * every fair cycle. */
START_TEST(test_explore__fair_spin)
{
	static const char *const spin[][3] = {
		{ "tests/data/explore", "dekker-spin", "spin" },
		{ "tests/data/explore", "countdown", "busy" },
		{ "scenarios", "deadlock", "backoff" },
	};
	static const char *const fine[][3] = {
		{ "tests/data/explore", "peterson", "loop" },
		{ "tests/data/explore", "dekker", "loop" },
		{ "scenarios", "deadlock", "ordered" },
		{ "scenarios", "race", "locked" },
	};
	for (size_t i = 0; i < sizeof spin / sizeof spin[0]; i++) {
		struct xt t;
		char *src = read_file(spin[i][0], spin[i][1]);
		xt_run(&t, src, spin[i][2], 0, false);
		ck_assert_int_eq(t.rc, 0);
		ck_assert_msg(!t.r.cut, "%s cut short", spin[i][1]);
		ck_assert_msg(t.r.spins, "%s %s: no fair cycle without progress found", spin[i][1], spin[i][2]);
		ck_assert(t.r.spin_loop.reached);
		ck_assert_uint_gt(t.r.spin_loop.nsteps, 0);
		xt_free(&t);
		free(src);
	}
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		struct xt t;
		char *src = read_file(fine[i][0], fine[i][1]);
		xt_run(&t, src, fine[i][2], 0, false);
		ck_assert_int_eq(t.rc, 0);
		ck_assert_msg(!t.r.cut, "%s cut short", fine[i][1]);
		ck_assert_msg(!t.r.spins, "%s %s: a fair cycle without progress reported", fine[i][1], fine[i][2]);
		xt_free(&t);
		free(src);
	}
}
END_TEST

/* Weak fairness: a waiter that spins only while the one who would release
 * it is never granted is a scheduler's starvation, not the program's loop;
 * the loop is fair once the releaser cannot move either. */
START_TEST(test_explore__spin_needs_fairness)
{
	struct xt t;
	/* Setter can always move until it sets the flag: the waiter's spin is unfair */
	xt_run(&t, "var flag = 0\nvariant v \"V\" {\n"
	    "  thread \"Waiter\" { while flag == 0 { } }\n"
	    "  thread \"Setter\" { flag = 1 }\n}\n", "v", 0, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(t.r.loops);   /* the waiter can go round, unboundedly many schedules */
	ck_assert(!t.r.spins);  /* but not fairly */
	xt_free(&t);
	/* Setter blocked for ever on a lock the waiter holds: now it spins fairly */
	xt_run(&t, "var flag = 0\nmutex m\nvariant v \"V\" {\n"
	    "  thread \"Waiter\" { lock m; while flag == 0 { }; unlock m }\n"
	    "  thread \"Setter\" { lock m; flag = 1; unlock m }\n}\n", "v", 0, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(t.r.spins);
	/* its loop is the waiter's alone, after the waiter took the lock */
	for (size_t i = 0; i < t.r.spin_loop.nsteps; i++)
		ck_assert_int_eq(t.r.spin_loop.steps[i], 0);
	ck_assert_uint_ge(t.r.spin_prefix.nsteps, 1);
	ck_assert_int_eq(t.r.spin_prefix.steps[0], 0);
	xt_free(&t);
}
END_TEST

/* Each outcome is judged by the verdict: a demonstration (`expect can`)
 * marks the outcomes that show it and leaves the others lucky, not wrong; a
 * broken invariant (`always`) stops the run where it broke; a deadlock the
 * variant says can happen is not wrong. */
START_TEST(test_explore__verdicts)
{
	struct xt t;
	char *src = read_file("tests/data/explore", "lessons");
	const struct explore_outcome *two, *one;
	size_t inv = 0;

	xt_run(&t, src, "can", 0, false);
	ck_assert_int_eq(t.rc, 0);
	two = xt_find(&t, EXPLORE_FINISHED, "served", 2);
	one = xt_find(&t, EXPLORE_FINISHED, "served", 1);
	ck_assert_ptr_nonnull(two);
	ck_assert_ptr_nonnull(one);
	ck_assert(two->lesson && !two->bad);
	ck_assert(!one->lesson && !one->bad);  /* lucky, not wrong */
	xt_free(&t);

	xt_run(&t, src, "none", 0, false);
	for (size_t k = 0; k < t.r.noutcomes; k++)
		ck_assert(!t.r.outcomes[k].bad && !t.r.outcomes[k].lesson);  /* lost updates alone are not wrong */
	xt_free(&t);

	xt_run(&t, src, "inv", 0, false);
	for (size_t k = 0; k < t.r.noutcomes; k++)
		if (t.r.outcomes[k].end == EXPLORE_INVARIANT) {
			inv++;
			ck_assert(t.r.outcomes[k].bad);
			ck_assert_int_eq(t.r.outcomes[k].values[xt_decl(&t, "portions")], -1);
			ck_assert_int_eq(t.r.outcomes[k].region, 0);
		}
	ck_assert_uint_eq(inv, 2);  /* stopped before or after the other's serving */
	xt_free(&t);
	free(src);

	xt_run(&t, "mutex a\nmutex b\nvariant v \"V\" {\n"
	    "  thread \"A\" { lock a; lock b; unlock b; unlock a }\n"
	    "  thread \"B\" { lock b; lock a; unlock a; unlock b }\n"
	    "  expect can deadlock\n}\n", "v", 0, false);
	two = xt_find(&t, EXPLORE_DEADLOCK, NULL, 0);
	one = xt_find(&t, EXPLORE_FINISHED, NULL, 0);
	ck_assert_ptr_nonnull(two);
	ck_assert_ptr_nonnull(one);
	ck_assert(two->lesson && !two->bad);
	ck_assert(!one->lesson && !one->bad);
	xt_free(&t);
}
END_TEST

/* The shipped fixes are proved: one outcome each, every expectation held. */
START_TEST(test_explore__fixed_variants_proved)
{
	static const char *const cases[][3] = {
		{ "race", "locked", "orders" }, { "race", "atomic", "orders" }, { "deadlock", "ordered", "chopped" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct xt t;
		char *src = read_scenario(cases[i][0]);
		xt_run(&t, src, cases[i][1], 0, false);
		ck_assert_int_eq(t.rc, 0);
		ck_assert_msg(!t.r.cut, "%s %s cut short", cases[i][0], cases[i][1]);
		ck_assert_uint_eq(t.r.noutcomes, 1);
		ck_assert_int_eq(t.r.outcomes[0].end, EXPLORE_FINISHED);
		ck_assert_msg(!t.r.outcomes[0].bad, "%s %s", cases[i][0], cases[i][1]);
		ck_assert(!t.r.lost.reached);
		ck_assert_int_eq(t.r.outcomes[0].values[xt_decl(&t, cases[i][2])], i < 2 ? 10 : 2);
		xt_free(&t);
		free(src);
	}
}
END_TEST

/* Starts SRC's VARIANT on real threads, granted in the order SCHED; durations sped up. */
static void
xt_replay(struct ktr *k, const char *src, const char *variant, const char *sched)
{
	struct eng_config c;
	int *list;
	memset(k, 0, sizeof *k);
	ktr_config(k, src, variant, ENG_STEP, sched, 0, &c, &list);
	c.speed = 1000;
	ktr_launch(k, &c);
	free(list);
}

/* The shortest lost update of the shipped race, granted on real threads,
 * loses the update there too. */
START_TEST(test_explore__lost_update_replays)
{
	struct xt t;
	struct ktr k;
	const struct eng_outcome *o;
	char *src = read_scenario("race"), *sched;
	int orders;

	xt_run(&t, src, "unsafe", 0, false);
	ck_assert(t.r.lost.reached);
	ck_assert_uint_eq(t.r.lost.nsteps, 5);  /* A speaks, A reads, B reads, then both write */
	sched = xt_path(&t, &t.r.lost);
	xt_replay(&k, src, "unsafe", sched);
	o = ktr_finish(&k);
	orders = ktr_decl(&k, "orders");
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_lt(o->finals[orders], 10);
	ck_assert_uint_ge(ktr_count(&k, REC_LOST_UPDATE, -1), 1);
	ktr_free(&k);
	free(sched);
	xt_free(&t);
	free(src);
}
END_TEST

/* Explore and the engine agree: each outcome's shortest schedule of some
 * shipped variants, granted on real threads, ends the same way with the
 * same final values (the fair mutex's handover and the wakes included). */
START_TEST(test_explore__outcomes_replay)
{
	static const char *const cases[][2] = {
		{ "deadlock", "opposite" }, { "race", "unsafe" }, { "diners", "unfair" }, { "diners", "fair" },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct xt t;
		char *src = read_scenario(cases[c][0]);
		xt_run(&t, src, cases[c][1], 0, false);
		ck_assert_uint_ge(t.r.noutcomes, 2);
		for (size_t i = 0; i < t.r.noutcomes; i++) {
			const struct explore_outcome *x = &t.r.outcomes[i];
			char *sched = xt_path(&t, &x->path);
			struct ktr k;
			const struct eng_outcome *o;
			xt_replay(&k, src, cases[c][1], sched);
			o = ktr_finish(&k);
			ck_assert_msg(o->end == (x->end == EXPLORE_DEADLOCK ? ENG_END_DEADLOCK : ENG_END_DONE),
			    "%s %s, schedule %s: explore says %d, the engine ended %d", cases[c][0], cases[c][1],
			    sched, x->end, o->end);
			for (size_t d = 0; d < t.v->ndecls; d++)
				if (t.v->decls[d].kind == PROG_VAR)
					ck_assert_msg(o->finals[d] == x->values[d], "%s %s, schedule %s: %s = %lld, explore said %lld",
					    cases[c][0], cases[c][1], sched, t.v->decls[d].name, (long long)o->finals[d],
					    (long long)x->values[d]);
			ktr_free(&k);
			free(sched);
		}
		xt_free(&t);
		free(src);
	}
}
END_TEST

/* The grants of a finished step-mode run, in order, from its events: each
 * step begins with its op event, and a woken waiter's retry of the same op
 * is a grant of its own (the running state after its wait, naming the op;
 * a preempted `work` also shows ready and running, but never after a wait). */
static int *
xt_grants(struct ktr *k, size_t *n)
{
	int *g = xcalloc(k->n + 1, sizeof *g);
	bool *waited = xcalloc(k->v->nactors + 1, sizeof *waited);
	*n = 0;
	for (size_t i = 0; i < k->n; i++) {
		const struct rec_event *ev = &k->ev[i];
		if (ev->actor < 0 || (size_t)ev->actor >= k->v->nactors)
			continue;
		if (ev->kind == REC_OP) {
			g[(*n)++] = ev->actor;
		} else if (ev->kind == REC_STATE && (ev->state == REC_ST_BLOCKED || ev->state == REC_ST_JOINING)) {
			waited[ev->actor] = true;
		} else if (ev->kind == REC_STATE && ev->state == REC_ST_RUNNING && ev->op >= 0 && waited[ev->actor]) {
			waited[ev->actor] = false;
			g[(*n)++] = ev->actor;
		}
	}
	free(waited);
	return g;
}

/* Explore and the engine agree on schedules the engine chose itself: runs
 * picked at random on real threads, followed grant by grant in explore,
 * end the same way with the same values. */
START_TEST(test_explore__random_runs_agree)
{
	static const char *const cases[][2] = {
		{ "race", "unsafe" }, { "race", "locked" }, { "deadlock", "opposite" }, { "diners", "unfair" },
		{ "diners", "fair" }, { "menu", "writers" }, { "menu", "readers" }, { "stoves", "one" },
		{ "menu", "fair" }, { "bank", "plain" }, { "bank", "crash" }, { "bank", "transaction" },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char *src = read_scenario(cases[c][0]);
		for (uint64_t seed = 1; seed <= 6; seed++) {
			struct ktr k;
			struct eng_config cf;
			int *list, *g;
			size_t n;
			const struct eng_outcome *o;
			struct explore_outcome x;
			memset(&k, 0, sizeof k);
			ktr_config(&k, src, cases[c][1], ENG_STEP, NULL, seed, &cf, &list);
			cf.speed = 1000;
			ktr_launch(&k, &cf);
			o = ktr_finish(&k);
			g = xt_grants(&k, &n);
			ck_assert_int_eq(explore_follow(k.v, g, n, 100000, &x), 0);
			ck_assert_msg(o->end == (x.end == EXPLORE_DEADLOCK ? ENG_END_DEADLOCK : ENG_END_DONE),
			    "%s %s seed %d: explore %d, engine %d", cases[c][0], cases[c][1], (int)seed, x.end, o->end);
			for (size_t d = 0; d < k.v->ndecls; d++)
				if (k.v->decls[d].kind == PROG_VAR)
					ck_assert_msg(o->finals[d] == x.values[d], "%s %s seed %d: %s = %lld, explore %lld",
					    cases[c][0], cases[c][1], (int)seed, k.v->decls[d].name,
					    (long long)o->finals[d], (long long)x.values[d]);
			ck_assert_int_eq(x.lost, o->lost_updates > 0);
			explore_outcome_free(&x);
			free(g);
			ktr_free(&k);
		}
		free(src);
	}
}
END_TEST

/* Private steps first: fewer or as many states, the same outcomes. */
START_TEST(test_explore__reduce_keeps_outcomes)
{
	struct xt full, red;
	char *src = read_scenario("race");
	xt_run(&full, src, "slow", 0, false);
	xt_run(&red, src, "slow", 0, true);
	ck_assert(red.r.reduced && !full.r.reduced);
	ck_assert_uint_lt(red.r.states, full.r.states);
	ck_assert_uint_eq(red.r.noutcomes, full.r.noutcomes);
	for (size_t k = 0; k < full.r.noutcomes; k++)
		ck_assert_ptr_nonnull(xt_find(&red, EXPLORE_FINISHED, "orders",
		    full.r.outcomes[k].values[xt_decl(&full, "orders")]));
	xt_free(&full);
	xt_free(&red);
	free(src);
}
END_TEST

/* Gives T's variant a challenge with goal G (an expression goal: over the
 * expression of its first expectation). */
static void
xt_challenge(struct xt *t, enum prog_goal_kind g)
{
	struct prog_variant *v = (struct prog_variant *)t->v;
	if (v->challenge == NULL)  /* a shipped variant may have one: its goal is replaced */
		v->challenge = xcalloc(1, sizeof *v->challenge);
	v->challenge->goal = g;
	v->challenge->expr = v->nexpects > 0 ? v->expects[0].expr : -1;
}

/* The fewest steps to a lost update, and the hints along the way. */
START_TEST(test_explore__goal_lost_and_hints)
{
	struct xt t;
	struct explore_path p;
	char *src = read_scenario("race");
	size_t left;
	int taken[8], next;

	xt_run(&t, src, "unsafe", 0, false);
	xt_challenge(&t, PROG_GOAL_LOST);
	ck_assert_int_eq(explore_goal(t.v, 0, &p), 0);
	ck_assert_uint_eq(p.nsteps, t.r.lost.nsteps);
	ck_assert_uint_eq(p.nsteps, 5);
	free(p.steps);
	/* follow the hints from the start: each names a worker, and the way left shrinks by one */
	for (size_t n = 0; n < 5; n++) {
		next = explore_hint(t.v, taken, n, &left);
		ck_assert_int_ge(next, 0);
		ck_assert_uint_eq(left, 5 - n);
		taken[n] = next;
	}
	/* reached: nothing left to do */
	ck_assert_int_eq(explore_hint(t.v, taken, 5, &left), -1);
	/* a detour: Cook B runs to its end first; the goal is still reachable, further away */
	for (size_t n = 0; n < 8; n++)
		taken[n] = 1;
	next = explore_hint(t.v, taken, 8, &left);
	ck_assert_int_ge(next, 0);
	ck_assert_uint_gt(8 + left, 5);
	xt_free(&t);
	free(src);
}
END_TEST

/* Deadlock as a goal: as near as explore's own deadlock outcome. */
START_TEST(test_explore__goal_deadlock)
{
	struct xt t;
	struct explore_path p;
	const struct explore_outcome *d;
	char *src = read_scenario("deadlock");
	xt_run(&t, src, "opposite", 0, false);
	d = xt_find(&t, EXPLORE_DEADLOCK, NULL, 0);
	ck_assert_ptr_nonnull(d);
	xt_challenge(&t, PROG_GOAL_DEADLOCK);
	ck_assert_int_eq(explore_goal(t.v, 0, &p), 0);
	ck_assert_uint_le(p.nsteps, d->path.nsteps);
	ck_assert_uint_gt(p.nsteps, 0);
	free(p.steps);
	xt_free(&t);
	free(src);
}
END_TEST

/* Expression goals: reachable or not, and the bound. */
START_TEST(test_explore__goal_expressions)
{
	static const char src[] =
	    "var x = 0\nmutex m\n"
	    "variant seven { thread \"A\" { lock m\n x += 3\n unlock m }\n thread \"B\" { lock m\n x += 4\n unlock m }\n"
	    " expect x == 7 }\n"
	    "variant three { thread \"A\" { lock m\n x += 3\n unlock m }\n thread \"B\" { lock m\n x += 4\n unlock m }\n"
	    " expect x == 3 }\n"
	    "variant never { thread \"A\" { lock m\n x += 3\n unlock m }\n thread \"B\" { lock m\n x += 4\n unlock m }\n"
	    " expect x == 5 }\n";
	struct xt t;
	struct explore_path p;

	xt_run(&t, src, "seven", 0, false);
	xt_challenge(&t, PROG_GOAL_FINAL);
	ck_assert_int_eq(explore_goal(t.v, 0, &p), 0);
	ck_assert_uint_eq(p.nsteps, 8);  /* every step of both: lock, load, store, unlock each */
	free(p.steps);
	ck_assert_int_eq(explore_goal(t.v, 3, &p), 1);  /* three states are not enough */
	xt_free(&t);

	xt_run(&t, src, "three", 0, false);
	xt_challenge(&t, PROG_GOAL_TRUE);
	ck_assert_int_eq(explore_goal(t.v, 0, &p), 0);
	ck_assert_uint_eq(p.nsteps, 3);  /* A locks, loads, stores */
	free(p.steps);
	xt_free(&t);

	xt_run(&t, src, "never", 0, false);
	xt_challenge(&t, PROG_GOAL_TRUE);
	ck_assert_int_eq(explore_goal(t.v, 0, &p), 2);
	xt_free(&t);
}
END_TEST

/* Sync + transaction: the audit sees the books whole in every order with
 * transactions (a failed transfer rolled back), and not without. */
START_TEST(test_explore__transactions_proved)
{
	struct xt t;
	char *src = read_scenario("bank");
	bool torn = false;

	xt_run(&t, src, "transaction", 0, false);
	ck_assert_int_eq(t.rc, 0);
	ck_assert(!t.r.cut);
	for (size_t k = 0; k < t.r.noutcomes; k++) {
		ck_assert(!t.r.outcomes[k].bad);
		ck_assert_int_eq(t.r.outcomes[k].values[xt_decl(&t, "audited")], 200);
		ck_assert_uint_ne(t.r.outcomes[k].failed, 0);  /* one transfer fails inside, every time */
	}
	xt_free(&t);
	xt_run(&t, src, "plain", 0, false);
	for (size_t k = 0; k < t.r.noutcomes; k++)
		torn |= t.r.outcomes[k].values[xt_decl(&t, "audited")] != 200;
	ck_assert_msg(torn, "without a transaction some order must show the money half moved");
	xt_free(&t);
	free(src);
}
END_TEST

/* What explore does not model is refused with a reason. */
START_TEST(test_explore__loops_refused)
{
	struct xt t;
	xt_run(&t, "loop \"L\" { task \"T\" { await 1ms } }\n", NULL, 0, false);
	ck_assert_int_eq(t.rc, -1);
	ck_assert_ptr_nonnull(explore_unsupported(t.v));
	xt_free(&t);
}
END_TEST

static Suite *
explore_suite(void)
{
	Suite *s = suite_create("explore");
	TCase *tc = tcase_create("explore");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_explore__independent_steps_counted);
	tcase_add_test(tc, test_explore__lost_update_counted);
	tcase_add_test(tc, test_explore__deadlock_shortest);
	tcase_add_test(tc, test_explore__critical_region);
	tcase_add_test(tc, test_explore__assert);
	tcase_add_test(tc, test_explore__busy_wait_loops);
	tcase_add_test(tc, test_explore__bound_cuts);
	tcase_add_test(tc, test_explore__memory_bound_cuts);
	tcase_add_test(tc, test_explore__memory_bound_counts);
	tcase_add_test(tc, test_explore__fair_spin);
	tcase_add_test(tc, test_explore__verdicts);
	tcase_add_test(tc, test_explore__spin_needs_fairness);
	tcase_add_test(tc, test_explore__fixed_variants_proved);
	tcase_add_test(tc, test_explore__lost_update_replays);
	tcase_add_test(tc, test_explore__outcomes_replay);
	tcase_add_test(tc, test_explore__random_runs_agree);
	tcase_add_test(tc, test_explore__reduce_keeps_outcomes);
	tcase_add_test(tc, test_explore__loops_refused);
	tcase_add_test(tc, test_explore__transactions_proved);
	tcase_add_test(tc, test_explore__goal_lost_and_hints);
	tcase_add_test(tc, test_explore__goal_deadlock);
	tcase_add_test(tc, test_explore__goal_expressions);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(explore_suite(), NULL);
}
