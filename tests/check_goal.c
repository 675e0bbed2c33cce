/* check_goal.c: a challenge's goal judged from a run's events: by hand-made
 * event lists (each goal kind, the step count, only once), and on real
 * step-mode runs with fixed schedules, read back from their timeline. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "goal.h"
#include "ks-check.h"
#include "prog.h"
#include "rec.h"
#include "tl.h"

#include "ktr.h"

/* ---- by hand -------------------------------------------------------------- */

static struct prog *
compile_goal(const char *goal)
{
	char *src;
	struct prog *p;

	if (asprintf(&src, "title \"G\"\nvar x = 0\nqueue q\n"
	    "thread A { critical r { x += 1 }; assert x < 9 \"small\"; push q 1 }\n"
	    "thread B { x += 1 }\nchallenge \"c\" { goal %s }\n", goal) < 0)
		ck_abort_msg("out of memory");
	p = ktr_compile(src);
	free(src);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(p->variants[0].challenge);
	return p;
}

static struct rec_event
ev(enum rec_kind kind, int actor, int res, int64_t value)
{
	static uint64_t t;
	struct rec_event e = { .t_ns = ++t, .kind = (uint8_t)kind, .actor = (int16_t)actor,
	    .res = (int16_t)res, .other = -1, .op = -1, .value = value };
	return e;
}

/* Feeds EVS (N of them) for GOAL; returns the result. */
static struct goal_result
feed(const char *goal, const struct rec_event *evs, size_t n)
{
	struct prog *p = compile_goal(goal);
	struct goal *g = goal_new(&p->variants[0]);
	struct goal_result r;
	int reached = 0;

	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < n; i++)
		reached += goal_feed(g, &evs[i]);
	goal_get(g, &r);
	ck_assert_int_eq(reached, r.reached ? 1 : 0);  /* said once, when it happened */
	goal_free(g);
	prog_free(p);
	return r;
}

START_TEST(test_goal__event_kinds)
{
	/* x is declaration 0, q 1; A is actor 0, B 1 */
	struct rec_event evs[] = {
		ev(REC_RUN_BEGIN, -1, -1, 2),
		ev(REC_OP, 0, 0, 0), ev(REC_LOAD, 0, 0, 0),
		ev(REC_OP, 1, 0, 0), ev(REC_LOAD, 1, 0, 0),
		ev(REC_OP, 0, 0, 0), ev(REC_STORE, 0, 0, 1),
		ev(REC_OP, 1, 0, 0), ev(REC_LOST_UPDATE, 1, 0, 0), ev(REC_STORE, 1, 0, 1),
		ev(REC_OP, 0, -1, 0), ev(REC_CRITICAL, 0, 0, 1),
		ev(REC_OP, 0, -1, 0), ev(REC_ASSERT_FAIL, 0, -1, 0),
		ev(REC_OP, 0, 1, 0), ev(REC_PUSH, 0, 1, 1),
		ev(REC_OP, 1, 1, 0), ev(REC_DEADLOCK, 1, 1, 0),
		ev(REC_VALUE_FINAL, -1, 0, 5),
		ev(REC_RUN_END, -1, -1, ENG_END_DONE),
	};
	size_t n = sizeof evs / sizeof evs[0];
	struct goal_result r;

	r = feed("lost", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 4);
	ck_assert_uint_eq(r.events, 9);
	ck_assert_int_eq(r.actor, 1);
	r = feed("critical", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 5);
	ck_assert_int_eq(r.actor, 0);
	r = feed("assert", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 6);
	r = feed("deadlock", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 8);
	ck_assert_int_eq(r.actor, -1);
	/* a condition: after the store that makes it true */
	r = feed("x == 1", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 3);
	ck_assert_int_eq(r.actor, 0);
	r = feed("len(q) > 0", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 7);
	/* a condition that holds before anything moves: zero steps */
	r = feed("x == 0", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 0);
	/* never true on the way; the final value does not count for it */
	r = feed("x == 5", evs, n);
	ck_assert(!r.reached);
	ck_assert_uint_eq(r.steps, 8);
	/* final: at the end, over the final values, the run done */
	r = feed("final x == 5", evs, n);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 8);
	ck_assert_uint_eq(r.events, n);
	r = feed("final x == 1", evs, n);
	ck_assert(!r.reached);
}
END_TEST

/* A final goal needs the run to end with every worker done; a deadlocked end
 * is a deadlock goal even without the cycle's own event. */
START_TEST(test_goal__run_end)
{
	struct rec_event dl[] = {
		ev(REC_RUN_BEGIN, -1, -1, 2), ev(REC_OP, 0, -1, 0),
		ev(REC_VALUE_FINAL, -1, 0, 0), ev(REC_RUN_END, -1, -1, ENG_END_DEADLOCK),
	};
	struct goal_result r;

	r = feed("final x == 0", dl, 4);
	ck_assert(!r.reached);
	r = feed("deadlock", dl, 4);
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 1);
	ck_assert_uint_eq(r.events, 4);
}
END_TEST

START_TEST(test_goal__no_challenge)
{
	struct prog *p = ktr_compile("title \"N\"\nthread A { work 1ms }\n");
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct goal_result r;

	ck_assert_ptr_null(goal_new(&p->variants[0]));
	ck_assert(!goal_check(tl, &r));
	ck_assert(!r.reached);
	ck_assert_int_eq(r.actor, -1);
	goal_free(NULL);
	tl_free(tl);
	prog_free(p);
	ck_assert_str_eq(goal_kind_text(PROG_GOAL_LOST), "an update is lost");
}
END_TEST

/* ---- real runs ------------------------------------------------------------ */

/* Runs SRC's VARIANT in step mode by SCHED and judges its goal from the timeline. */
static struct goal_result
run(const char *src, const char *variant, const char *sched)
{
	struct ktr t;
	struct tl *tl;
	struct goal_result r;

	ktr_start(&t, src, variant, ENG_STEP, sched, 0);
	ktr_finish(&t);
	tl = tl_new(t.prog, t.v, 0);
	tl_add(tl, t.ev, t.n);
	ck_assert(goal_check(tl, &r));
	tl_free(tl);
	ktr_free(&t);
	return r;
}

static const char race_src[] =
    "title \"R\"\nvar x = 0\n"
    "variant unsafe {\n"
    "  thread \"A\" { x += 1 }\n"
    "  thread \"B\" { x += 1 }\n"
    "  challenge \"lose one\" { goal lost }\n"
    "}\n"
    "variant low {\n"
    "  thread \"A\" { x += 1 }\n"
    "  thread \"B\" { x += 1 }\n"
    "  challenge \"end low\" { goal final x < 2 }\n"
    "}\n";

START_TEST(test_goal__race_on_real_threads)
{
	struct goal_result r;

	/* load A, load B, store A, store B: B's store loses A's */
	r = run(race_src, "unsafe", "A,B,A,B");
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 4);
	ck_assert_int_eq(r.actor, 1);
	r = run(race_src, "unsafe", "A,A,B,B");
	ck_assert(!r.reached);
	r = run(race_src, "low", "A,B,A,B");
	ck_assert(r.reached);
	ck_assert_int_eq(r.actor, -1);
	r = run(race_src, "low", "A,A,B,B");
	ck_assert(!r.reached);
}
END_TEST

static const char deadlock_src[] =
    "title \"D\"\nmutex m\nmutex n\n"
    "thread \"A\" { lock m; lock n; unlock n; unlock m }\n"
    "thread \"B\" { lock n; lock m; unlock m; unlock n }\n"
    "challenge \"stick\" { goal deadlock }\n";

static const char crit_src[] =
    "title \"C\"\nvar busy = 0\n"
    "thread \"A\" { if busy == 0 { busy = 1; critical oven { work 1ms }; busy = 0 } }\n"
    "thread \"B\" { if busy == 0 { busy = 1; critical oven { work 1ms }; busy = 0 } }\n"
    "challenge \"share\" { goal critical }\n";

START_TEST(test_goal__deadlock_and_critical_on_real_threads)
{
	struct goal_result r;

	/* A locks m, B locks n, then (the schedule over) each tries the other's: 4 steps */
	r = run(deadlock_src, NULL, "A,B");
	ck_assert(r.reached);
	ck_assert_uint_eq(r.steps, 4);
	r = run(deadlock_src, NULL, "A,A,A,A,B,B,B,B");
	ck_assert(!r.reached);
	/* both check busy (A, B), both set it, A enters, B enters */
	r = run(crit_src, NULL, "A,B,A,B,A,B");
	ck_assert(r.reached);
	ck_assert_int_eq(r.actor, 1);
	ck_assert_uint_eq(r.steps, 6);
}
END_TEST

static Suite *
goal_suite(void)
{
	Suite *s = suite_create("goal");
	TCase *tc = tcase_create("events");

	tcase_add_test(tc, test_goal__event_kinds);
	tcase_add_test(tc, test_goal__run_end);
	tcase_add_test(tc, test_goal__no_challenge);
	suite_add_tcase(s, tc);
	tc = tcase_create("runs");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_goal__race_on_real_threads);
	tcase_add_test(tc, test_goal__deadlock_and_critical_on_real_threads);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(goal_suite(), NULL);
}
