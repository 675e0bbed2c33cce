/* check_crowd.c: the engine with crowds: families and `me`, arrivals,
 * deadlines, bounded waits, call and reply, refusals, thousands of threads
 * and tasks.  Timing facts are decided in step mode (the step clock) or
 * from recorded events, never from how fast the machine is. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "ks-check.h"
#include "prog.h"
#include "rec.h"
#include "ktr.h"

static int
family_of(struct ktr *t, const char *name)
{
	for (size_t f = 0; f < t->v->nfamilies; f++)
		if (strcmp(t->v->families[f].name, name) == 0)
			return (int)f;
	ck_abort_msg("no family %s", name);
	return -1;
}

/* Every member that arrived is accounted for exactly once. */
static void
assert_accounted(const struct eng_family_result *r)
{
	ck_assert_int_eq(r->arrived, r->finished + r->timed_out + r->refused + r->unfinished);
	ck_assert_int_eq(r->started, r->arrived - r->refused);
}

START_TEST(test_crowd__family_names_and_me)
{
	static const char src[] =
	    "var sum = 0\n"
	    "thread \"Waiter\" * 5 { atomic sum += me }\n"
	    "expect sum == 15\n";
	struct ktr t;
	const struct eng_outcome *o;
	int f;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "sum")], 15);
	ck_assert(o->expectations_met);
	ck_assert_str_eq(eng_actor_name(t.e, ktr_actor(&t, "Waiter 1")), "Waiter 1");
	ck_assert_str_eq(eng_actor_name(t.e, ktr_actor(&t, "Waiter 5")), "Waiter 5");
	f = family_of(&t, "Waiter");
	ck_assert_int_eq(o->families[f].arrived, 5);
	ck_assert_int_eq(o->families[f].finished, 5);
	assert_accounted(&o->families[f]);
	ktr_free(&t);
}
END_TEST

/* Step mode: members arrive in order, each on the step clock at k * every. */
START_TEST(test_crowd__arrivals_in_order_step_mode)
{
	static const char src[] =
	    "thread \"Client\" * 4 every 10ms { sleep 10ms }\n";
	struct ktr t;
	const struct eng_outcome *o;
	int last = -1;

	ktr_start(&t, src, NULL, ENG_STEP, NULL, 7);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(ktr_count(&t, REC_ARRIVE, -1), 4);
	for (size_t i = 0; i < t.n; i++)
		if (t.ev[i].kind == REC_ARRIVE) {
			ck_assert_int_gt(t.ev[i].actor, last);  /* member order */
			last = t.ev[i].actor;
		}
	/* each runs its 10 ms sleep; nothing waits: every latency is 10 ms of step time */
	ck_assert_int_eq(o->families[0].lat_p50, 10000000);
	ck_assert_int_eq(o->families[0].lat_max, 10000000);
	ck_assert(o->step_clock);
	ktr_free(&t);
}
END_TEST

/* Live: arrivals are spread over time, in member order, never early (each
 * member k no sooner than k x 5 ms after the run began; late is allowed:
 * a busy machine may be late, never early). */
START_TEST(test_crowd__arrivals_live_monotone)
{
	static const char src[] =
	    "thread \"Client\" * 6 every 5ms { say \"hi\" }\n";
	struct ktr t;
	const struct eng_outcome *o;
	uint64_t begin = 0, prev = 0;
	int k = 0;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	for (size_t i = 0; i < t.n; i++) {
		if (t.ev[i].kind == REC_RUN_BEGIN)
			begin = t.ev[i].t_ns;
		if (t.ev[i].kind != REC_ARRIVE)
			continue;
		ck_assert_int_eq(t.ev[i].actor, ktr_actor(&t, "Client 1") + k);
		ck_assert_uint_ge(t.ev[i].t_ns, prev);
		/* the run's clock starts just before its begin event was stamped */
		ck_assert_uint_ge(t.ev[i].t_ns + 1000000, begin + (uint64_t)k * 5000000);
		prev = t.ev[i].t_ns;
		k++;
	}
	ck_assert_int_eq(k, 6);
	ktr_free(&t);
}
END_TEST

/* Step mode: member k sleeps k times 10 ms; one after another, deadline 25 ms:
 * member 1 ends at 10 ms (in time), 2 at 30 ms and 3 at 60 ms (timed out). */
START_TEST(test_crowd__deadlines_in_step_mode)
{
	static const char src[] =
	    "thread \"W\" * 3 deadline 25ms {\n"
	    "  let i = 0\n"
	    "  while i < me { sleep 10ms; i = i + 1 }\n"
	    "}\n";
	struct ktr t;
	const struct eng_outcome *o;
	const struct eng_family_result *r;

	ktr_start(&t, src, NULL, ENG_STEP, "W 1*100,W 2*100,W 3*100", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	r = &o->families[0];
	ck_assert_int_eq(r->finished, 1);
	ck_assert_int_eq(r->timed_out, 2);
	assert_accounted(r);
	ck_assert_int_eq(o->actors[ktr_actor(&t, "W 1")].state, REC_ST_DONE);
	ck_assert_int_eq(o->actors[ktr_actor(&t, "W 2")].state, REC_ST_TIMEDOUT);
	ck_assert_int_eq(o->actors[ktr_actor(&t, "W 3")].state, REC_ST_TIMEDOUT);
	/* the deadline passing was recorded for the one still running then */
	ck_assert_int_ge(ktr_count(&t, REC_TIMEOUT, ktr_actor(&t, "W 3")), 1);
	ck_assert_int_eq(ktr_count(&t, REC_TIMEOUT, ktr_actor(&t, "W 1")), 0);
	ktr_free(&t);
}
END_TEST

START_TEST(test_crowd__bounded_waits_take_their_else)
{
	static const char src[] =
	    "semaphore none = 0\n"
	    "queue empty\n"
	    "var gave_up = 0\n"
	    "thread \"Sleeper\" { sleep 2s }\n"
	    "thread \"Impatient\" {\n"
	    "  acquire none for 20ms else { atomic gave_up += 1 }\n"
	    "  pop empty into x for 20ms else { atomic gave_up += 10 }\n"
	    "  join Sleeper for 20ms else { atomic gave_up += 100 }\n"
	    "}\n";
	struct ktr t;
	const struct eng_outcome *o;
	int imp;
	long done;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	imp = ktr_actor(&t, "Impatient");
	done = ktr_await(&t, REC_EXIT, imp, -1, -1);
	ck_assert_int_ge(done, 0);
	eng_abort(t.e);  /* the sleeper need not finish */
	o = ktr_finish(&t);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "gave_up")], 111);
	ktr_free(&t);
}
END_TEST

/* A request waits for the reply to its own value; a call nobody answers gives up. */
START_TEST(test_crowd__call_and_reply)
{
	static const char src[] =
	    "queue jobs\n"
	    "queue nobody\n"
	    "var answered = 0\n"
	    "var gave_up = 0\n"
	    "thread \"Client\" * 4 {\n"
	    "  call jobs me\n"
	    "  atomic answered += me\n"
	    "}\n"
	    "thread \"Worker\" {\n"
	    "  repeat 4 { pop jobs into j; reply jobs j }\n"
	    "}\n"
	    "thread \"Lonely\" { call nobody 1 for 20ms else { atomic gave_up += 1 } }\n";
	struct ktr t;
	const struct eng_outcome *o;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "answered")], 10);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "gave_up")], 1);
	ktr_free(&t);
}
END_TEST

/* In a loop task a call awaits its reply: the loop runs the other tasks
 * meanwhile, so fifty clients need one thread, and a bounded call gives up. */
START_TEST(test_crowd__call_in_a_task_awaits)
{
	static const char src[] =
	    "queue jobs\n"
	    "queue nobody\n"
	    "var answered = 0\n"
	    "var gave_up = 0\n"
	    "loop \"Clients\" {\n"
	    "  task \"C\" * 50 { call jobs me; atomic answered += 1 }\n"
	    "  task \"Lonely\" { call nobody 7 for 30ms else { atomic gave_up += 1 } }\n"
	    "}\n"
	    /* it answers only once all fifty requests are out: were a task's call to
	     * hold the loop, the second would never come and the run would not end */
	    "thread \"Worker\" { while len(jobs) < 50 { sleep 1ms }\n"
	    "  repeat 50 { pop jobs into j; reply jobs j } }\n";
	struct ktr t;
	const struct eng_outcome *o;
	long first_reply, last_call;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "answered")], 50);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "gave_up")], 1);
	ck_assert_int_eq(o->figures.peak_threads, 2);  /* the loop and the worker */
	/* so every client's request went out before the first answer came back */
	first_reply = ktr_find(&t, 0, REC_WAKE, ktr_actor(&t, "Worker"), -1);
	last_call = ktr_find(&t, 0, REC_PUSH, ktr_actor(&t, "C 50"), -1);
	ck_assert_int_ge(first_reply, 0);
	ck_assert_int_ge(last_call, 0);
	ck_assert_int_lt(last_call, first_reply);
	ktr_free(&t);
}
END_TEST

/* A worker that pops and replies at once must find its caller waiting: the
 * push and the wait for the reply are one step.  (They were two, and a
 * reply that fell between them was lost: the caller then waited for ever.)
 * Many short runs, threads and loop tasks, with no pause between pop and reply. */
START_TEST(test_crowd__reply_right_after_the_push_is_not_lost)
{
	static const char src[] =
	    "queue jobs\n"
	    "var answered = 0\n"
	    "thread \"Client\" * 6 { call jobs me; atomic answered += 1 }\n"
	    "loop \"L\" { task \"Task\" * 6 { call jobs 100 + me; atomic answered += 1 } }\n"
	    "thread \"Worker\" * 2 { repeat 6 { pop jobs into j; reply jobs j } }\n";

	for (int k = 0; k < 150; k++) {
		struct ktr t;
		const struct eng_outcome *o;
		ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
		o = ktr_finish(&t);
		ck_assert_msg(o->end == ENG_END_DONE, "run %d ended %s", k, eng_end_name(o->end));
		ck_assert_int_eq(o->finals[ktr_decl(&t, "answered")], 12);
		ktr_free(&t);
	}
}
END_TEST

/* A call that can never be answered (no one replies on that queue) is a stall, found. */
START_TEST(test_crowd__unanswerable_call_stalls)
{
	static const char src[] =
	    "queue jobs\n"
	    "thread \"Client\" { call jobs 1 }\n"
	    "thread \"Worker\" { pop jobs into j }\n";
	struct ktr t;
	const struct eng_outcome *o;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_STALLED);
	ktr_free(&t);
}
END_TEST

/* Thread per request: spawn of an idle family starts its next member each time. */
START_TEST(test_crowd__spawn_and_join_a_family)
{
	static const char src[] =
	    "var served = 0\n"
	    "thread \"Acceptor\" { repeat 30 { spawn Handler }; join Handler }\n"
	    "idle thread \"Handler\" * 40 { atomic served += 1 }\n"
	    "expect served == 30\n";
	struct ktr t;
	const struct eng_outcome *o;
	const struct eng_family_result *r;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert(o->expectations_met);
	r = &o->families[family_of(&t, "Handler")];
	ck_assert_int_eq(r->arrived, 30);
	ck_assert_int_eq(r->finished, 30);
	ck_assert(!o->actors[ktr_actor(&t, "Handler 31")].started);
	/* join came after every spawned member finished */
	ck_assert_int_gt(ktr_find(&t, 0, REC_EXIT, ktr_actor(&t, "Acceptor"), -1),
	    ktr_find(&t, 0, REC_EXIT, ktr_actor(&t, "Handler 30"), -1));
	ktr_free(&t);
}
END_TEST

/* option max_threads: in step mode every member is created before any moves,
 * so exactly the excess is refused, and the run goes on. */
START_TEST(test_crowd__max_threads_refuses_the_excess)
{
	static const char src[] =
	    "option max_threads 10\n"
	    "var served = 0\n"
	    "thread \"Request\" * 30 { atomic served += 1 }\n";
	struct ktr t;
	const struct eng_outcome *o;
	const struct eng_family_result *r;

	ktr_start(&t, src, NULL, ENG_STEP, NULL, 3);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	r = &o->families[0];
	ck_assert_int_eq(r->refused, 20);
	ck_assert_int_eq(r->refused_errno, EAGAIN);
	ck_assert_int_eq(r->finished, 10);
	assert_accounted(r);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "served")], 10);
	ck_assert_int_eq(ktr_count(&t, REC_REFUSED, -1), 20);
	ck_assert_int_eq(o->actors[ktr_actor(&t, "Request 11")].state, REC_ST_REFUSED);
	ck_assert_int_le(o->figures.peak_threads, 10);
	ktr_free(&t);
}
END_TEST

START_TEST(test_crowd__two_thousand_threads)
{
	static const char src[] =
	    "var served = 0\n"
	    "thread \"Request\" * 2000 { sleep 5ms; atomic served += 1 }\n";
	struct ktr t;
	const struct eng_outcome *o;
	const struct eng_family_result *r;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	r = &o->families[0];
	ck_assert_int_eq(r->arrived, 2000);
	ck_assert_int_eq(r->finished + r->refused, 2000);  /* the OS may refuse some: counted */
	assert_accounted(r);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "served")], r->finished);
	ck_assert_int_eq(o->dropped, 0);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

START_TEST(test_crowd__ten_thousand_tasks)
{
	static const char src[] =
	    "var served = 0\n"
	    "loop \"Server\" { task \"Request\" * 10000 { await 2ms; atomic served += 1 } }\n"
	    "expect served == 10000\n";
	struct ktr t;
	const struct eng_outcome *o;
	const struct eng_family_result *r;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert(o->expectations_met);
	r = &o->families[0];
	ck_assert_int_eq(r->arrived, 10000);
	ck_assert_int_eq(r->finished, 10000);
	assert_accounted(r);
	ck_assert_int_eq(o->figures.peak_threads, 1);  /* one loop thread served them all */
	ck_assert_int_eq(o->dropped, 0);
	ktr_free(&t);
}
END_TEST

/* Step mode still sees a deadlock among family members, with its cycle. */
START_TEST(test_crowd__deadlock_among_members)
{
	static const char src[] =
	    "mutex a\nmutex b\n"
	    "thread \"P\" * 2 {\n"
	    "  if me == 1 { lock a; lock b; unlock b; unlock a }\n"
	    "  else { lock b; lock a; unlock a; unlock b }\n"
	    "}\n"
	    "expect deadlock\n";
	struct ktr t;
	const struct eng_outcome *o;

	/* P 1 takes a, P 2 takes b, then each asks for the other's */
	ktr_start(&t, src, NULL, ENG_STEP, "P 1,P 1,P 2,P 2,P 1,P 2", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DEADLOCK);
	ck_assert_int_eq(o->ncycle, 2);
	ktr_free(&t);
}
END_TEST

/* A schedule may name a family: any ready member moves. */
START_TEST(test_crowd__schedule_names_a_family)
{
	static const char src[] =
	    "var x = 0\n"
	    "thread \"Cook\" * 3 { atomic x += me }\n"
	    "thread \"Boss\" { x = 100 }\n";
	struct ktr t;
	const struct eng_outcome *o;

	ktr_start(&t, src, NULL, ENG_STEP, "Cook*3,Boss", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	/* the three cooks added first, then the boss overwrote */
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 100);
	ck_assert_int_lt(ktr_find(&t, 0, REC_EXIT, ktr_actor(&t, "Cook 3"), -1),
	    ktr_find(&t, 0, REC_STORE, ktr_actor(&t, "Boss"), -1));
	ktr_free(&t);
}
END_TEST

/* The order in which actors got mutex M, as their names' last characters. */
static void
acquire_order(struct ktr *t, const char *m, char *out, size_t size)
{
	int res = ktr_decl(t, m);
	size_t k = 0;

	for (size_t i = 0; i < t->n && k + 1 < size; i++) {
		const char *name;
		if (t->ev[i].kind != REC_LOCK_ACQUIRE || t->ev[i].res != res)
			continue;
		name = eng_actor_name(t->e, t->ev[i].actor);
		out[k++] = name[strlen(name) - 1];
	}
	out[k] = '\0';
}

/* Step mode, a schedule that always grants the hog first: under the unfair
 * mutex it takes the lock back at each unlock (the woken waiter still needs a
 * step to take it) and the waiters starve until it is done; under a fair one
 * each unlock hands the mutex to the oldest waiter, so they get it in the
 * order they came and the hog waits behind them. */
START_TEST(test_crowd__fair_mutex_grants_in_arrival_order)
{
	static const char src[] =
	    "variant unfair { mutex m }\n"
	    "variant fair { mutex m fair }\n"
	    "thread \"Hog H\" { repeat 4 { lock m; unlock m } }\n"
	    "thread \"W\" * 3 { lock m; unlock m }\n";
	static const char sched[] = "Hog H,W 1,W 2,W 3,Hog H*100";
	struct ktr t;
	const struct eng_outcome *o;
	char order[16];

	ktr_start(&t, src, "unfair", ENG_STEP, sched, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	acquire_order(&t, "m", order, sizeof order);
	ck_assert_str_eq(order, "HHHH123");
	ktr_free(&t);

	ktr_start(&t, src, "fair", ENG_STEP, sched, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	acquire_order(&t, "m", order, sizeof order);
	ck_assert_str_eq(order, "H123HHH");
	ktr_free(&t);
}
END_TEST

/* The same for a read-write lock: two readers who keep reading overlap, so
 * under the default rwlock (readers first) the writer that asked in
 * between waits until both are done (ABABAB, then W); under a fair one a
 * reader that asks after the writer queues behind it, so the writer gets in
 * as soon as the readers already inside are out, and the two waiting
 * readers then enter together (ABW, then AB AB). */
START_TEST(test_crowd__fair_rwlock_serves_in_arrival_order)
{
	static const char src[] =
	    "variant unfair { rwlock m }\n"
	    "variant fair { rwlock m fair }\n"
	    "thread \"Reader A\" { repeat 3 { read_lock m; unlock m } }\n"
	    "thread \"Reader B\" { repeat 3 { read_lock m; unlock m } }\n"
	    "thread \"Writer W\" { write_lock m; unlock m }\n";
	static const char sched[] = "Reader A,Reader B,Writer W,Reader A,Reader B,Reader A,Reader B,"
	    "Reader A,Reader B,Reader A,Reader B,Reader A,Reader B,Writer W*4";
	struct ktr t;
	const struct eng_outcome *o;
	char order[16];
	int w, inside = 0;
	long i;

	ktr_start(&t, src, "unfair", ENG_STEP, sched, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	acquire_order(&t, "m", order, sizeof order);
	ck_assert_str_eq(order, "ABABABW");
	ktr_free(&t);

	ktr_start(&t, src, "fair", ENG_STEP, sched, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	acquire_order(&t, "m", order, sizeof order);
	ck_assert_str_eq(order, "ABWABAB");
	/* the two readers let in at the writer's unlock were inside together */
	w = ktr_actor(&t, "Writer W");
	i = ktr_find(&t, 0, REC_LOCK_RELEASE, w, -1);
	ck_assert_int_ge(i, 0);
	for (size_t k = (size_t)i + 1; k < t.n && t.ev[k].kind != REC_LOCK_RELEASE; k++)
		inside += t.ev[k].kind == REC_LOCK_ACQUIRE;
	ck_assert_int_eq(inside, 2);
	ktr_free(&t);
}
END_TEST

static Suite *
crowd_suite(void)
{
	Suite *s = suite_create("crowd");
	TCase *tc = tcase_create("crowd");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_crowd__family_names_and_me);
	tcase_add_test(tc, test_crowd__arrivals_in_order_step_mode);
	tcase_add_test(tc, test_crowd__arrivals_live_monotone);
	tcase_add_test(tc, test_crowd__deadlines_in_step_mode);
	tcase_add_test(tc, test_crowd__bounded_waits_take_their_else);
	tcase_add_test(tc, test_crowd__call_and_reply);
	tcase_add_test(tc, test_crowd__unanswerable_call_stalls);
	tcase_add_test(tc, test_crowd__call_in_a_task_awaits);
	tcase_add_test(tc, test_crowd__reply_right_after_the_push_is_not_lost);
	tcase_add_test(tc, test_crowd__spawn_and_join_a_family);
	tcase_add_test(tc, test_crowd__max_threads_refuses_the_excess);
	tcase_add_test(tc, test_crowd__two_thousand_threads);
	tcase_add_test(tc, test_crowd__ten_thousand_tasks);
	tcase_add_test(tc, test_crowd__deadlock_among_members);
	tcase_add_test(tc, test_crowd__schedule_names_a_family);
	tcase_add_test(tc, test_crowd__fair_mutex_grants_in_arrival_order);
	tcase_add_test(tc, test_crowd__fair_rwlock_serves_in_arrival_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(crowd_suite(), NULL);
}
