/* check_eng.c: the engine: real threads, processes and loop tasks, made
 * deterministic by step mode and fixed schedules; abort from every wait. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "eng.h"
#include "ks-check.h"
#include "prog.h"
#include "rec.h"
#include "scn.h"

#include "ktr.h"

/* ---- races ---------------------------------------------------------------- */

static const char race_src[] =
    "scenario r\n"
    "var x = 0\n"
    "mutex m\n"
    "variant unsafe {\n"
    "  thread \"A\" { x += 1 }\n"
    "  thread \"B\" { x += 1 }\n"
    "  expect x == 2\n"
    "}\n"
    "variant locked {\n"
    "  thread \"A\" { lock m; x += 1; unlock m }\n"
    "  thread \"B\" { lock m; x += 1; unlock m }\n"
    "  expect x == 2\n"
    "}\n";

START_TEST(test_eng__race_loses_update_without_lock)
{
	struct ktr t;
	const struct eng_outcome *o;
	long i;

	/* load A, load B, store A, store B: B's store overwrites A's */
	ktr_start(&t, race_src, "unsafe", ENG_STEP, "A,B,A,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 1);
	ck_assert(!o->expectations_met);
	ck_assert_int_eq(o->expects[0].actual, 0);
	ck_assert_int_eq(o->lost_updates, 1);
	i = ktr_find(&t, 0, REC_LOST_UPDATE, -1, -1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(t.ev[i].actor, ktr_actor(&t, "B"));
	ck_assert_int_eq(t.ev[i].other, ktr_actor(&t, "A"));
	ck_assert_int_eq(t.ev[i].res, ktr_decl(&t, "x"));
	ktr_free(&t);

	/* one after the other: nothing lost */
	ktr_start(&t, race_src, "unsafe", ENG_STEP, "A,A,B,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 2);
	ck_assert(o->expectations_met);
	ck_assert_int_eq(o->lost_updates, 0);
	ck_assert_int_lt(ktr_find(&t, 0, REC_LOST_UPDATE, -1, -1), 0);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* Transactions, under every schedule of a small case: T moves 10 from a to
 * b while A reads a, then b (two steps).  NT steps of T and 2 of A give
 * C(NT + 2, 2) interleavings, each run in step mode on its own schedule. */
static const char tx_src[] =
    "var a = 100\nvar b = 100\n"
    "variant plain { thread T { a -= 10; b += 10 } }\n"
    "variant commit { thread T { transaction { a -= 10; b += 10 } } }\n"
    "variant rollback { thread T { transaction { a -= 10; b += 10; fail \"dropped\" } } }\n"
    "thread A { let x = a; let y = b }\n";

/* Runs VARIANT with A's two steps at positions I and J of N steps; fills
 * what A read (X, Y), whether A read each before T's first store (OLDX,
 * OLDY), and the final a and b. */
static const struct eng_outcome *
tx_run(struct ktr *t, const char *variant, int n, int i, int j, prog_value *x, prog_value *y,
    bool *oldx, bool *oldy)
{
	char sched[128] = "";
	const struct eng_outcome *o;
	long store, lx, ly;
	int ta, aa;

	for (int k = 0; k < n; k++) {
		strcat(sched, k == i || k == j ? "A" : "T");
		strcat(sched, k + 1 < n ? "," : "");
	}
	ktr_start(t, tx_src, variant, ENG_STEP, sched, 0);
	o = ktr_finish(t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ta = ktr_actor(t, "T");
	aa = ktr_actor(t, "A");
	store = ktr_find(t, 0, REC_STORE, ta, -1);
	lx = ktr_find(t, 0, REC_LOAD, aa, -1);
	ck_assert_int_ge(lx, 0);
	ly = ktr_find(t, (size_t)lx + 1, REC_LOAD, aa, -1);
	ck_assert_int_ge(ly, 0);
	*x = t->ev[lx].value;
	*y = t->ev[ly].value;
	*oldx = store < 0 || lx < store;
	*oldy = store < 0 || ly < store;
	return o;
}

START_TEST(test_eng__transaction_all_or_nothing_every_schedule)
{
	struct ktr t;
	const struct eng_outcome *o;
	prog_value x, y;
	bool oldx, oldy;
	int half_seen = 0, runs = 0;

	/* without a transaction some schedule sees the money gone from a, not yet in b */
	for (int i = 0; i < 6; i++)
		for (int j = i + 1; j < 6; j++) {
			o = tx_run(&t, "plain", 6, i, j, &x, &y, &oldx, &oldy);
			half_seen += x == 90 && y == 100;
			ktr_free(&t);
		}
	ck_assert_int_gt(half_seen, 0);

	for (int i = 0; i < 8; i++)
		for (int j = i + 1; j < 8; j++, runs++) {
			/* committed: the writes are invisible until the commit, then both are there */
			o = tx_run(&t, "commit", 8, i, j, &x, &y, &oldx, &oldy);
			ck_assert_int_eq(x, oldx ? 100 : 90);
			ck_assert_int_eq(y, oldy ? 100 : 110);
			ck_assert(!(x == 90 && y == 100));
			ck_assert_int_eq(o->finals[ktr_decl(&t, "a")], 90);
			ck_assert_int_eq(o->finals[ktr_decl(&t, "b")], 110);
			ktr_free(&t);

			/* failed inside: nothing was ever seen, nothing is left */
			o = tx_run(&t, "rollback", 8, i, j, &x, &y, &oldx, &oldy);
			ck_assert(oldx && oldy);
			ck_assert_int_eq(x, 100);
			ck_assert_int_eq(y, 100);
			ck_assert_int_eq(o->finals[ktr_decl(&t, "a")], 100);
			ck_assert_int_eq(o->finals[ktr_decl(&t, "b")], 100);
			ck_assert_int_eq(o->actors[ktr_actor(&t, "T")].state, REC_ST_FAILED);
			ck_assert_int_ge(o->actors[ktr_actor(&t, "T")].fail_op, 0);
			ck_assert_int_eq(o->actors[ktr_actor(&t, "A")].state, REC_ST_DONE);
			ck_assert(!o->failed);  /* a fail is the lesson's, not the run's failure */
			ktr_free(&t);
		}
	ck_assert_int_eq(runs, 28);
}
END_TEST

/* Two transfers in transactions never lose each other's update: one
 * transaction at a time, under every interleaving of their four steps each. */
START_TEST(test_eng__transactions_serialize_every_schedule)
{
	static const char src[] = "var a = 100\n"
	    "thread T { transaction { a -= 10 } }\nthread U { transaction { a -= 10 } }\n";
	int runs = 0;

	for (unsigned m = 0; m < 256; m++) {
		char sched[64] = "";
		struct ktr t;
		const struct eng_outcome *o;
		if (__builtin_popcount(m) != 4)
			continue;
		for (int k = 0; k < 8; k++) {
			strcat(sched, (m >> k) & 1 ? "U" : "T");
			strcat(sched, k < 7 ? "," : "");
		}
		ktr_start(&t, src, NULL, ENG_STEP, sched, 0);
		o = ktr_finish(&t);
		ck_assert_int_eq(o->end, ENG_END_DONE);
		ck_assert_int_eq(o->finals[ktr_decl(&t, "a")], 80);
		ck_assert_int_eq(o->lost_updates, 0);
		ktr_free(&t);
		runs++;
	}
	ck_assert_int_eq(runs, 70);
}
END_TEST

/* A task whose await (or offloaded call) ends while its loop runs another
 * task is READY from that moment, not from when the loop comes back: Beat
 * awaits 10 ms and Crunch then works 600 ms of CPU time on the loop, so
 * Beat's wait ends long before Crunch does (wall time >= CPU time), on any
 * machine.  Before, Beat was drawn awaiting until Crunch was done. */
START_TEST(test_eng__task_ready_when_its_wait_ends)
{
	static const char src[] =
	    "variant await { loop L { task Beat { await 10ms; say \"tick\" }\n"
	    "  task Crunch { work 600ms } } }\n"
	    "variant offload { loop L { task Beat { offload sleep 10ms; say \"tick\" }\n"
	    "  task Crunch { work 600ms } } }\n";
	static const char *const variants[] = { "await", "offload" };

	for (size_t k = 0; k < 2; k++) {
		struct ktr t;
		const struct eng_outcome *o;
		long waits, ready, run, done;
		int beat, crunch;

		ktr_start(&t, src, variants[k], ENG_LIVE, NULL, 0);
		o = ktr_finish(&t);
		ck_assert_int_eq(o->end, ENG_END_DONE);
		beat = ktr_actor(&t, "Beat");
		crunch = ktr_actor(&t, "Crunch");
		waits = ktr_find(&t, 0, REC_STATE, beat, REC_ST_AWAITING);
		ck_assert_int_ge(waits, 0);
		ready = ktr_find(&t, (size_t)waits, REC_STATE, beat, REC_ST_READY);
		run = ktr_find(&t, (size_t)waits, REC_STATE, beat, REC_ST_RUNNING);
		done = ktr_find(&t, 0, REC_STATE, crunch, REC_ST_DONE);
		ck_assert_int_ge(ready, 0);
		ck_assert_int_ge(done, 0);
		/* ready once the 10 ms are over, while Crunch still ran */
		ck_assert_msg(ready < done, "%s: Beat ready only after Crunch was done", variants[k]);
		ck_assert_uint_ge(t.ev[ready].t_ns - t.ev[waits].t_ns, 10000000u);
		ck_assert_uint_lt(t.ev[ready].t_ns - t.ev[waits].t_ns, t.ev[done].t_ns - t.ev[waits].t_ns);
		/* and ready until the loop runs it, after Crunch: no other state between */
		ck_assert_int_gt(run, done);
		for (long i = ready + 1; i < run; i++)
			ck_assert(!(t.ev[i].kind == REC_STATE && t.ev[i].actor == beat));
		ktr_free(&t);
	}
}
END_TEST

START_TEST(test_eng__race_never_with_lock)
{
	struct ktr t;
	const struct eng_outcome *o;

	/* The interleaving that loses an update without the lock makes B wait here. */
	ktr_start(&t, race_src, "locked", ENG_STEP, "A,B,A,B,A,B,A,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 2);
	ck_assert_int_eq(o->lost_updates, 0);
	ck_assert_int_ge(ktr_find(&t, 0, REC_LOCK_WAIT, ktr_actor(&t, "B"), -1), 0);
	ktr_free(&t);
	for (uint64_t seed = 1; seed <= 12; seed++) {
		ktr_start(&t, race_src, "locked", ENG_STEP, NULL, seed);
		o = ktr_finish(&t);
		ck_assert_int_eq(o->end, ENG_END_DONE);
		ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 2);
		ck_assert_int_eq(o->lost_updates, 0);
		ktr_free(&t);
	}
	assert_no_children();
}
END_TEST

START_TEST(test_eng__same_seed_same_interleaving)
{
	struct ktr t1, t2;
	size_t k1 = 0, k2 = 0;

	ktr_start(&t1, race_src, "unsafe", ENG_STEP, NULL, 42);
	ktr_finish(&t1);
	ktr_start(&t2, race_src, "unsafe", ENG_STEP, NULL, 42);
	ktr_finish(&t2);
	/* the same ops by the same actors in the same order */
	for (;;) {
		long i = ktr_find(&t1, k1, REC_OP, -1, -1), j = ktr_find(&t2, k2, REC_OP, -1, -1);
		ck_assert_int_eq(i < 0, j < 0);
		if (i < 0)
			break;
		ck_assert_int_eq(t1.ev[i].actor, t2.ev[j].actor);
		ck_assert_int_eq(t1.ev[i].op, t2.ev[j].op);
		k1 = (size_t)i + 1;
		k2 = (size_t)j + 1;
	}
	ck_assert_int_eq(eng_outcome(t1.e)->finals[0], eng_outcome(t2.e)->finals[0]);
	ktr_free(&t1);
	ktr_free(&t2);
}
END_TEST

/* Two tasks of one loop, each `x += 1` twice with no await: a real loop runs a
 * task until it awaits or ends, so no seed or schedule may slip the other task
 * in between a load and its store. */
static const char loop_turn_src[] =
    "scenario t\n"
    "var x = 0\n"
    "loop \"L\" {\n"
    "  task \"T1\" { x += 1; x += 1 }\n"
    "  task \"T2\" { x += 1; x += 1 }\n"
    "}\n"
    "expect x == 4\n";

START_TEST(test_eng__loop_task_keeps_its_turn)
{
	struct ktr t;
	const struct eng_outcome *o;

	for (uint64_t seed = 1; seed <= 40; seed++) {
		ktr_start(&t, loop_turn_src, NULL, ENG_STEP, NULL, seed);
		o = ktr_finish(&t);
		ck_assert_int_eq(o->end, ENG_END_DONE);
		ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 4);
		ck_assert_int_eq(o->lost_updates, 0);
		ktr_free(&t);
	}
	/* a schedule that alternates asks for T2 while T1 is mid-turn: skipped */
	ktr_start(&t, loop_turn_src, NULL, ENG_STEP, "T1,T2,T1,T2,T1,T2,T1,T2,T1,T2", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 4);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* A bounded join that must wait, in step mode: nobody else moves while it
 * waits, so it runs out at once and its time passes on the scenario clock
 * (it used to wait on the wall clock and take no scenario time at all). */
static const char join_for_src[] =
    "scenario j\n"
    "idle thread \"W\" { sleep 2s }\n"
    "thread \"B\" { spawn W; join W for 100ms else { say \"gave up\" } }\n";

START_TEST(test_eng__step_bounded_join_takes_scenario_time)
{
	struct ktr t;
	const struct eng_outcome *o;
	long begin, say, done;

	ktr_start(&t, join_for_src, NULL, ENG_STEP, "B,B,B,W", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	begin = ktr_find(&t, 0, REC_RUN_BEGIN, -1, -1);
	say = ktr_find(&t, 0, REC_SAY, ktr_actor(&t, "B"), -1);
	done = ktr_find(&t, 0, REC_STATE, ktr_actor(&t, "W"), REC_ST_DONE);
	ck_assert(begin >= 0 && say >= 0 && done >= 0);
	/* events in one instant are a nanosecond apart, to keep their order */
	ck_assert_int_ge((int64_t)(t.ev[say].t_ns - t.ev[begin].t_ns), 100000000);
	ck_assert_int_lt((int64_t)(t.ev[say].t_ns - t.ev[begin].t_ns), 100001000);
	ck_assert_int_ge((int64_t)(t.ev[done].t_ns - t.ev[begin].t_ns), 2100000000);
	ck_assert_int_lt((int64_t)(t.ev[done].t_ns - t.ev[begin].t_ns), 2100001000);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* A loop task's bounded call in step mode gives up on the scenario clock: at
 * the first step that starts after its time ran out, or, when nothing else
 * can move, time jumps to it.  It used to run out on the wall clock, so a
 * reply 400 ms of scenario time late was taken, and a learner thinking for
 * 150 ms made it give up with no scenario time gone. */
static const char loop_call_src[] =
    "scenario c\n"
    "var late = 0\n"
    "queue jobs capacity 4\n"
    "loop \"L\" { task \"T\" { call jobs 1 for 150ms else { late += 1 } } }\n"
    "thread \"W\" { pop jobs into j; sleep 400ms; reply jobs j }\n";

static const char loop_call_alone_src[] =
    "scenario c\n"
    "var late = 0\n"
    "queue jobs capacity 4\n"
    "loop \"L\" { task \"T\" { call jobs 1 for 150ms else { late += 1 } } }\n";

START_TEST(test_eng__step_loop_call_gives_up_on_scenario_time)
{
	struct ktr t;
	const struct eng_outcome *o;
	long begin, gave;

	ktr_start(&t, loop_call_src, NULL, ENG_STEP, "T,W,W,W,T,T", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "late")], 1);  /* the reply came at 400 ms */
	ktr_free(&t);

	ktr_start(&t, loop_call_alone_src, NULL, ENG_STEP, NULL, 1);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "late")], 1);
	begin = ktr_find(&t, 0, REC_RUN_BEGIN, -1, -1);
	gave = ktr_find(&t, 0, REC_STORE, ktr_actor(&t, "T"), -1);
	ck_assert(begin >= 0 && gave >= 0);
	ck_assert_int_ge((int64_t)(t.ev[gave].t_ns - t.ev[begin].t_ns), 150000000);
	ck_assert_int_lt((int64_t)(t.ev[gave].t_ns - t.ev[begin].t_ns), 150001000);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* ---- deadlock ------------------------------------------------------------- */

static const char deadlock_src[] =
    "scenario d\n"
    "mutex knife\n"
    "mutex board\n"
    "thread \"A\" { lock knife; lock board; unlock board; unlock knife }\n"
    "thread \"B\" { lock board; lock knife; unlock knife; unlock board }\n"
    "expect deadlock\n";

START_TEST(test_eng__lock_order_inversion_detected)
{
	struct ktr t;
	const struct eng_outcome *o;
	int a, b, knife, board;

	for (int round = 0; round < 5; round++) {
		ktr_start(&t, deadlock_src, NULL, ENG_STEP, "A,B,A,B", 0);
		o = ktr_finish(&t);
		a = ktr_actor(&t, "A");
		b = ktr_actor(&t, "B");
		knife = ktr_decl(&t, "knife");
		board = ktr_decl(&t, "board");
		ck_assert_int_eq(o->end, ENG_END_DEADLOCK);
		ck_assert(o->expectations_met);
		ck_assert_int_eq(o->ncycle, 2);
		/* A waits for board (held by B), B waits for knife (held by A) */
		for (int i = 0; i < 2; i++) {
			int who = o->cycle[i], next = o->cycle[(i + 1) % 2];
			ck_assert_int_eq(next, who == a ? b : a);
			ck_assert_int_eq(o->cycle_res[i], who == a ? board : knife);
		}
		ck_assert_int_eq(ktr_count(&t, REC_DEADLOCK, -1), 2);
		ck_assert_int_eq(o->actors[a].state, REC_ST_DEADLOCKED);
		ck_assert_int_eq(o->actors[b].state, REC_ST_DEADLOCKED);
		ktr_free(&t);
	}
	/* the same program in live mode either finishes or deadlocks, never hangs */
	ktr_start(&t, deadlock_src, NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert(o->end == ENG_END_DEADLOCK || o->end == ENG_END_DONE);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

START_TEST(test_eng__stall_without_cycle)
{
	struct ktr t;
	const struct eng_outcome *o;
	ktr_start(&t, "scenario s\nqueue q capacity 1\nthread \"A\" { pop q into v }\n", NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_STALLED);
	ck_assert_int_eq(o->ncycle, 0);
	ktr_free(&t);
}
END_TEST

/* ---- primitives ----------------------------------------------------------- */

START_TEST(test_eng__semaphore_capacity)
{
	struct ktr t;
	const struct eng_outcome *o;
	long i;
	int a, b, c;
	ktr_start(&t,
	    "scenario s\nsemaphore lot = 2\n"
	    "thread \"A\" { acquire lot; say \"in\"; release lot }\n"
	    "thread \"B\" { acquire lot; say \"in\"; release lot }\n"
	    "thread \"C\" { acquire lot; say \"in\"; release lot }\n",
	    NULL, ENG_STEP, "A,B,C,A,A,C,C,B,B", 0);
	o = ktr_finish(&t);
	a = ktr_actor(&t, "A");
	b = ktr_actor(&t, "B");
	c = ktr_actor(&t, "C");
	ck_assert_int_eq(o->end, ENG_END_DONE);
	/* two get in, the third waits until one leaves, and names who let it in */
	ck_assert_int_ge(ktr_find(&t, 0, REC_LOCK_ACQUIRE, a, -1), 0);
	ck_assert_int_ge(ktr_find(&t, 0, REC_LOCK_ACQUIRE, b, -1), 0);
	ck_assert_int_ge(ktr_find(&t, 0, REC_LOCK_WAIT, c, -1), 0);
	i = ktr_find(&t, 0, REC_LOCK_ACQUIRE, c, -1);
	ck_assert_int_gt(i, ktr_find(&t, 0, REC_LOCK_RELEASE, a, -1));
	ck_assert_int_eq(t.ev[i].other, a);
	ck_assert_int_ge(ktr_find(&t, 0, REC_WAKE, a, -1), 0);
	ck_assert_int_lt(ktr_find(&t, 0, REC_LOCK_WAIT, a, -1), 0);
	ck_assert_int_lt(ktr_find(&t, 0, REC_LOCK_WAIT, b, -1), 0);
	ktr_free(&t);
}
END_TEST

static const char rw_src[] =
    "scenario rw\n"
    "rwlock r1 prefer readers\n"
    "rwlock r2 prefer writers\n"
    "variant readers {\n"
    "  thread \"R1\" { read_lock r1; say \"r\"; unlock r1 }\n"
    "  thread \"W\" { write_lock r1; unlock r1 }\n"
    "  thread \"R2\" { read_lock r1; unlock r1 }\n"
    "}\n"
    "variant writers {\n"
    "  thread \"R1\" { read_lock r2; say \"r\"; unlock r2 }\n"
    "  thread \"W\" { write_lock r2; unlock r2 }\n"
    "  thread \"R2\" { read_lock r2; unlock r2 }\n"
    "}\n";

START_TEST(test_eng__rwlock_preference)
{
	struct ktr t;
	const struct eng_outcome *o;
	long got_r2, got_w;

	/* R1 reads, W waits, R2 arrives: with readers preferred R2 joins R1 */
	ktr_start(&t, rw_src, "readers", ENG_STEP, "R1,W,R2,R2,R1,R1", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	got_r2 = ktr_find(&t, 0, REC_LOCK_ACQUIRE, ktr_actor(&t, "R2"), -1);
	got_w = ktr_find(&t, 0, REC_LOCK_ACQUIRE, ktr_actor(&t, "W"), -1);
	ck_assert_int_lt(ktr_find(&t, 0, REC_LOCK_WAIT, ktr_actor(&t, "R2"), -1), 0);
	ck_assert_int_lt(got_r2, got_w);
	ktr_free(&t);

	/* with writers preferred, R2 waits behind the waiting writer */
	ktr_start(&t, rw_src, "writers", ENG_STEP, "R1,W,R2,R1,R1", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	got_r2 = ktr_find(&t, 0, REC_LOCK_ACQUIRE, ktr_actor(&t, "R2"), -1);
	got_w = ktr_find(&t, 0, REC_LOCK_ACQUIRE, ktr_actor(&t, "W"), -1);
	ck_assert_int_ge(ktr_find(&t, 0, REC_LOCK_WAIT, ktr_actor(&t, "R2"), -1), 0);
	ck_assert_int_gt(got_r2, got_w);
	ktr_free(&t);
}
END_TEST

START_TEST(test_eng__queue_blocks_both_ways)
{
	struct ktr t;
	const struct eng_outcome *o;
	int p, c;
	long wait_full, wait_empty;

	ktr_start(&t,
	    "scenario q\nqueue q capacity 1\nvar sum = 0\n"
	    "thread \"P\" { push q 1; push q 2 }\n"
	    "thread \"C\" { pop q into a; pop q into b; pop q into c; sum = a + b }\n",
	    NULL, ENG_STEP, "C,P,P,C,P,C,C", 0);
	o = ktr_finish(&t);
	p = ktr_actor(&t, "P");
	c = ktr_actor(&t, "C");
	wait_empty = ktr_find(&t, 0, REC_LOCK_WAIT, c, -1);
	wait_full = ktr_find(&t, 0, REC_LOCK_WAIT, p, -1);
	ck_assert_int_ge(wait_empty, 0);  /* C popped an empty queue */
	ck_assert_int_ge(wait_full, 0);   /* P pushed onto a full one */
	ck_assert_int_eq(ktr_count(&t, REC_PUSH, p), 2);
	/* C's third pop can never be served: the run stalls */
	ck_assert_int_eq(o->end, ENG_END_STALLED);
	ck_assert_int_eq(ktr_count(&t, REC_POP, c), 2);
	ktr_free(&t);
}
END_TEST

/* ---- processes ------------------------------------------------------------ */

START_TEST(test_eng__process_var_is_private_shm_is_shared)
{
	struct ktr t;
	const struct eng_outcome *o;
	int p1, p2, x, s;

	ktr_start(&t,
	    "scenario p\nvar x = 0\nshm s = 0\n"
	    "process \"P1\" { x = 5; s = 7 }\n"
	    "process \"P2\" { join \"P1\"; assert x == 0 \"var is P2's own\"; assert s == 7 \"shm is shared\"; x = 9 }\n",
	    NULL, ENG_STEP, "P1,P1,P2,P2,P2,P2", 0);
	o = ktr_finish(&t);
	p1 = ktr_actor(&t, "P1");
	p2 = ktr_actor(&t, "P2");
	x = ktr_decl(&t, "x");
	s = ktr_decl(&t, "s");
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(o->asserts_failed, 0);
	ck_assert(!o->failed);
	ck_assert_int_eq(o->finals[x], 0);   /* the main copy never changed */
	ck_assert_int_eq(o->finals[s], 7);
	ck_assert_int_eq(o->proc_finals[(size_t)p1 * o->ndecls + x], 5);
	ck_assert_int_eq(o->proc_finals[(size_t)p2 * o->ndecls + x], 9);
	ck_assert_int_eq(o->proc_finals[(size_t)p2 * o->ndecls + s], 7);
	ck_assert_int_ge(ktr_find(&t, 0, REC_VALUE_FINAL, p1, -1), 0);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

START_TEST(test_eng__crashing_process_reported)
{
	struct ktr t;
	const struct eng_outcome *o;
	int p;
	pid_t pid;

	ktr_start(&t,
	    "scenario c\nshm go = 0\n"
	    "process \"P\" { sleep 60s }\n"
	    "thread \"T\" { sleep 1ms }\n",
	    NULL, ENG_LIVE, NULL, 0);
	p = ktr_actor(&t, "P");
	ktr_await(&t, REC_STATE, p, REC_ST_SLEEPING, -1);
	pid = eng_actor_pid(t.e, p);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	o = ktr_finish(&t);
	ck_assert(o->actors[p].crashed);
	ck_assert_int_eq(o->actors[p].status, SIGKILL);
	ck_assert_int_eq(o->actors[p].state, REC_ST_FAILED);
	ck_assert(o->failed);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* A process killed with a thread of its own inside: the thread died with it,
 * and the run ends rather than waiting for it. */
START_TEST(test_eng__killed_process_takes_its_threads)
{
	struct ktr t;
	const struct eng_outcome *o;
	int p, c;
	pid_t pid;

	ktr_start(&t,
	    "scenario c\n"
	    "process \"Shop\" { thread \"Clerk\" { sleep 60s }; sleep 60s }\n",
	    NULL, ENG_LIVE, NULL, 0);
	p = ktr_actor(&t, "Shop");
	c = ktr_actor(&t, "Clerk");
	ktr_await(&t, REC_STATE, c, REC_ST_SLEEPING, -1);
	pid = eng_actor_pid(t.e, p);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	o = ktr_finish(&t);
	ck_assert(o->actors[p].crashed);
	ck_assert_int_eq(o->actors[c].state, REC_ST_FAILED);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* ---- loops ---------------------------------------------------------------- */

static const char loop_src[] =
    "scenario l\n"
    "variant awaiting {\n"
    "  loop \"L\" {\n"
    "    task \"A\" { await 30ms; say \"a\" }\n"
    "    task \"B\" { say \"b\" }\n"
    "  }\n"
    "}\n"
    "variant sleeping {\n"
    "  loop \"L\" {\n"
    "    task \"A\" { sleep 30ms; say \"a\" }\n"
    "    task \"B\" { say \"b\" }\n"
    "  }\n"
    "}\n"
    "variant offload {\n"
    "  loop \"L\" {\n"
    "    task \"A\" { offload sleep 30ms; say \"a\" }\n"
    "    task \"B\" { say \"b\" }\n"
    "  }\n"
    "}\n"
    "variant waiting_io {\n"
    "  loop \"L\" {\n"
    "    task \"A\" { io 30ms; say \"a\" }\n"
    "    task \"B\" { say \"b\" }\n"
    "  }\n"
    "}\n";

START_TEST(test_eng__await_lets_other_tasks_run)
{
	struct ktr t;
	long sa, sb;
	ktr_start(&t, loop_src, "awaiting", ENG_LIVE, NULL, 0);
	ktr_finish(&t);
	sa = ktr_find(&t, 0, REC_SAY, ktr_actor(&t, "A"), -1);
	sb = ktr_find(&t, 0, REC_SAY, ktr_actor(&t, "B"), -1);
	ck_assert_int_ge(sa, 0);
	ck_assert_int_ge(sb, 0);
	ck_assert_int_lt(sb, sa);  /* B ran while A awaited */
	ck_assert_int_eq(t.ev[sa].writer, t.ev[sb].writer);  /* one loop thread */
	ck_assert_int_ge(ktr_find(&t, 0, REC_STATE, ktr_actor(&t, "A"), REC_ST_AWAITING), 0);
	ktr_free(&t);
}
END_TEST

/* An await after a long op lasts its time (within the 1 ms a loop's timer may
 * lose): the loop's clock, read at its last turn, was stale by the op's length
 * and the timer used to fire at once. */
START_TEST(test_eng__await_after_work_lasts_its_time)
{
	struct ktr t;
	long aw, back;
	int a;
	ktr_start(&t, "scenario w\nloop \"L\" { task \"T\" { work 20ms; await 25ms; say \"u\" } }\n",
	    NULL, ENG_LIVE, NULL, 0);
	ktr_finish(&t);
	a = ktr_actor(&t, "T");
	aw = ktr_find(&t, 0, REC_STATE, a, REC_ST_AWAITING);
	ck_assert_int_ge(aw, 0);
	back = ktr_find(&t, (size_t)aw + 1, REC_STATE, a, -1);
	ck_assert_int_ge(back, 0);
	ck_assert_msg(t.ev[back].t_ns - t.ev[aw].t_ns >= 24000000,
	    "await 25ms ended after %lld ns", (long long)(t.ev[back].t_ns - t.ev[aw].t_ns));
	ktr_free(&t);
}
END_TEST

START_TEST(test_eng__sleep_in_task_stalls_loop)
{
	struct ktr t;
	long sa, sb, woke;
	int a;
	ktr_start(&t, loop_src, "sleeping", ENG_LIVE, NULL, 0);
	ktr_finish(&t);
	a = ktr_actor(&t, "A");
	sa = ktr_find(&t, 0, REC_SAY, a, -1);
	sb = ktr_find(&t, 0, REC_SAY, ktr_actor(&t, "B"), -1);
	ck_assert_int_ge(sa, 0);
	ck_assert_int_ge(sb, 0);
	/* B could not run before A's blocking sleep was over */
	woke = ktr_find(&t, (size_t)ktr_find(&t, 0, REC_STATE, a, REC_ST_SLEEPING) + 1, REC_STATE, a, -1);
	ck_assert_int_ge(woke, 0);
	ck_assert_int_gt(sb, woke);
	ktr_free(&t);
}
END_TEST

/* While a task sleeps (or waits on I/O) the blocking way, the loop's own
 * row is recorded in that state, not running: its one thread is in the call
 * (noodle's blocked variant).  It runs again once the call returns. */
static void
assert_loop_held(const char *variant, enum rec_state st, enum eng_mode mode, const char *sched)
{
	struct ktr t;
	long as, woke, ls, back;
	int a, l;
	ktr_start(&t, loop_src, variant, mode, sched, 0);
	ktr_finish(&t);
	a = ktr_actor(&t, "A");
	l = ktr_actor(&t, "L");
	as = ktr_find(&t, 0, REC_STATE, a, st);
	ck_assert_int_ge(as, 0);
	woke = ktr_find(&t, (size_t)as + 1, REC_STATE, a, -1);
	ck_assert_int_ge(woke, 0);
	ls = ktr_find(&t, 0, REC_STATE, l, (int)st);
	ck_assert_msg(ls >= 0, "%s: the loop's row is never recorded held by the call", variant);
	ck_assert_int_lt(ls, woke);
	/* held for the whole call: no other state of the loop until A wakes */
	ck_assert_int_gt(ktr_find(&t, (size_t)ls + 1, REC_STATE, l, -1), woke);
	back = ktr_find(&t, (size_t)ls + 1, REC_STATE, l, REC_ST_RUNNING);
	ck_assert_int_gt(back, woke);
	ktr_free(&t);
}

START_TEST(test_eng__blocking_call_holds_loop_row)
{
	assert_loop_held("sleeping", REC_ST_SLEEPING, ENG_LIVE, NULL);
	assert_loop_held("waiting_io", REC_ST_IO, ENG_LIVE, NULL);
	assert_loop_held("sleeping", REC_ST_SLEEPING, ENG_STEP, "A*3,B*3");
}
END_TEST

START_TEST(test_eng__offload_runs_on_pool_thread)
{
	struct ktr t;
	const struct eng_outcome *o;
	long sa, sb, pool, loopev;
	int a;
	ktr_start(&t, loop_src, "offload", ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	a = ktr_actor(&t, "A");
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_uint_gt(eng_actor_count(t.e), t.v->nactors);
	pool = -1;
	for (size_t i = 0; i < t.n && pool < 0; i++)
		if (t.ev[i].kind == REC_STATE && t.ev[i].actor >= (int)t.v->nactors && t.ev[i].other == a)
			pool = (long)i;
	ck_assert_int_ge(pool, 0);
	sa = ktr_find(&t, 0, REC_SAY, a, -1);
	sb = ktr_find(&t, 0, REC_SAY, ktr_actor(&t, "B"), -1);
	loopev = ktr_find(&t, 0, REC_STATE, a, REC_ST_AWAITING);
	ck_assert_int_ge(loopev, 0);
	/* the pool thread is another OS thread: another ring */
	ck_assert_int_ne(t.ev[pool].writer, t.ev[loopev].writer);
	/* the loop ran B while A's work was away */
	ck_assert_int_lt(sb, sa);
	ck_assert_int_eq(t.ev[sb].writer, t.ev[loopev].writer);
	ck_assert_int_ge(ktr_find(&t, 0, REC_WAKE, -1, -1), 0);
	ktr_free(&t);
}
END_TEST

/* ---- the GIL -------------------------------------------------------------- */

static const char gil_src[] =
    "scenario g\n"
    "semaphore s1 = 0\n"
    "semaphore s2 = 0\n"
    "variant threads {\n"
    "  option gil switch 1ms\n"
    "  thread \"T1\" { release s1; acquire s2; work 15ms }\n"
    "  thread \"T2\" { release s2; acquire s1; work 15ms }\n"
    "}\n"
    "variant processes {\n"
    "  option gil switch 1ms\n"
    "  process \"T1\" { release s1; acquire s2; work 15ms }\n"
    "  process \"T2\" { release s2; acquire s1; work 15ms }\n"
    "}\n";

/* Total time both actors held their GIL at once, from the GIL's state events. */
static int64_t
gil_overlap(struct ktr *t, int a, int b)
{
	bool holds[2] = { false, false };
	uint64_t both_since = 0;
	int64_t total = 0;
	int spans = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct rec_event *ev = &t->ev[i];
		int k = ev->actor == a ? 0 : ev->actor == b ? 1 : -1;
		bool was_both = holds[0] && holds[1];
		if (k < 0 || ev->kind != REC_STATE || ev->value != 1)
			continue;
		holds[k] = ev->state == REC_ST_RUNNING;
		if (holds[k])
			spans++;
		if (!was_both && holds[0] && holds[1])
			both_since = ev->t_ns;
		if (was_both && !(holds[0] && holds[1]))
			total += (int64_t)(ev->t_ns - both_since);
	}
	ck_assert_int_gt(spans, 2);
	return total;
}

START_TEST(test_eng__gil_serialises_threads_not_processes)
{
	struct ktr t;
	int64_t both;

	ktr_start(&t, gil_src, "threads", ENG_LIVE, NULL, 0);
	ktr_finish(&t);
	both = gil_overlap(&t, ktr_actor(&t, "T1"), ktr_actor(&t, "T2"));
	ck_assert_int_eq(both, 0);  /* never both at once */
	ktr_free(&t);

	ktr_start(&t, gil_src, "processes", ENG_LIVE, NULL, 0);
	ktr_finish(&t);
	both = gil_overlap(&t, ktr_actor(&t, "T1"), ktr_actor(&t, "T2"));
	ck_assert_int_gt(both, 0);  /* each process has its own */
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* ---- critical regions and asserts --------------------------------------- */

START_TEST(test_eng__critical_violation_fails_run)
{
	struct ktr t;
	const struct eng_outcome *o;
	long i;
	const char *src =
	    "scenario c\n"
	    "thread \"A\" { critical k { say \"in\" } }\n"
	    "thread \"B\" { critical k { say \"in\" } }\n";

	/* A enters, B enters while A is inside */
	ktr_start(&t, src, NULL, ENG_STEP, "A,B,A,B,A,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->critical_violations, 1);
	ck_assert(o->failed);
	ck_assert_int_eq(o->end, ENG_END_FAILED);  /* the violation stops the run */
	ck_assert_int_eq(o->crit_actor, ktr_actor(&t, "B"));
	ck_assert_int_eq(o->crit_other, ktr_actor(&t, "A"));
	i = ktr_find(&t, 0, REC_CRITICAL, ktr_actor(&t, "B"), -1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(t.ev[i].other, ktr_actor(&t, "A"));
	ktr_free(&t);
	/* one after the other: fine */
	ktr_start(&t, src, NULL, ENG_STEP, "A,A,A,B,B,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->critical_violations, 0);
	ck_assert(!o->failed);
	ktr_free(&t);
}
END_TEST

/* A failed assert stops the run (a `while true` puzzle would otherwise run to
 * the op limit), naming who failed where and why. */
START_TEST(test_eng__failed_assert_stops_the_run)
{
	struct ktr t;
	const struct eng_outcome *o;
	const char *src =
	    "scenario a\n"
	    "var x = 0\n"
	    "thread \"A\" { while true { atomic x += 1; assert x < 5 \"x stays small\" } }\n"
	    "thread \"B\" { while true { atomic x += 0 } }\n";

	ktr_start(&t, src, NULL, ENG_STEP, "A*100", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_FAILED);
	ck_assert(o->failed);
	ck_assert_int_eq(o->asserts_failed, 1);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 5);
	ck_assert_int_eq(o->fail_actor, ktr_actor(&t, "A"));
	ck_assert_int_ge(o->fail_text, 0);
	ck_assert_str_eq(t.prog->texts[o->fail_text].text, "x stays small");
	ck_assert_int_eq(o->actors[ktr_actor(&t, "A")].state, REC_ST_FAILED);
	ck_assert_int_lt(o->actors[ktr_actor(&t, "B")].ops, 1000);  /* nowhere near the op limit */
	ktr_free(&t);
}
END_TEST

/* Unlocking what one does not hold says so, not "assertion failed: ?". */
START_TEST(test_eng__unlock_not_held_is_named)
{
	struct ktr t;
	const struct eng_outcome *o;

	ktr_start(&t, "scenario u\nmutex m\nthread \"A\" { unlock m }\n", NULL, ENG_LIVE, NULL, 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_FAILED);
	ck_assert_int_eq(o->fail_text, -1);
	ck_assert_int_eq(o->fail_res, ktr_decl(&t, "m"));
	ktr_free(&t);
}
END_TEST

/* Locking a mutex one already holds: that actor is stuck for ever, and the
 * others go on; the run ends deadlocked only when nothing else can move. */
START_TEST(test_eng__relock_stalls_one_actor_only)
{
	struct ktr t;
	const struct eng_outcome *o;
	const char *src =
	    "scenario r\n"
	    "mutex m\nvar done = 0\n"
	    "thread \"A\" { lock m; lock m; unlock m }\n"
	    "thread \"B\" { repeat 3 { atomic done += 1 } }\n";

	/* A locks m, then asks for it again; B then does all its work */
	ktr_start(&t, src, NULL, ENG_STEP, "A,A,B,B,B,B,B,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "done")], 3);
	ck_assert_int_eq(o->actors[ktr_actor(&t, "B")].state, REC_ST_DONE);
	ck_assert_int_eq(o->end, ENG_END_DEADLOCK);
	ck_assert_int_eq(o->ncycle, 1);
	ck_assert_int_eq(o->cycle[0], ktr_actor(&t, "A"));
	/* A was marked stuck while B still had work: before B's first store */
	ck_assert_int_lt(ktr_find(&t, 0, REC_DEADLOCK, ktr_actor(&t, "A"), -1),
	    ktr_find(&t, 0, REC_STORE, ktr_actor(&t, "B"), -1));
	ktr_free(&t);
}
END_TEST

/* ---- abort ---------------------------------------------------------------- */

struct abort_case {
	const char *src;
	enum eng_mode mode;
	const char *actor;   /* wait for this actor ... */
	int kind, state;     /* ... to record this */
	const char *res;     /* ... on this (NULL: any) */
};

static const struct abort_case abort_cases[] = {
	{ "scenario a\nmutex m\nsemaphore go = 0\nthread \"H\" { lock m; release go; sleep 60s; unlock m }\nthread \"W\" { acquire go; lock m; unlock m }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, "m" },
	{ "scenario a\nmutex m\nsemaphore go = 0\nthread \"H\" { lock m; release go; sleep 60s; unlock m }\nthread \"W\" { acquire go; trylock m for 60s else { say \"no\" }; unlock m }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, "m" },
	{ "scenario a\nsemaphore s = 0\nthread \"W\" { acquire s }\nthread \"H\" { sleep 60s; release s }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, NULL },
	{ "scenario a\nrwlock r\nsemaphore go = 0\nthread \"H\" { write_lock r; release go; sleep 60s; unlock r }\nthread \"W\" { acquire go; read_lock r; unlock r }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, "r" },
	{ "scenario a\nqueue q capacity 1\nthread \"W\" { pop q into v }\nthread \"H\" { sleep 60s; push q 1 }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, NULL },
	{ "scenario a\nqueue q capacity 1\nthread \"W\" { push q 1; push q 2 }\nthread \"H\" { sleep 60s; pop q into v }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, NULL },
	{ "scenario a\nthread \"W\" { join \"H\" }\nthread \"H\" { sleep 60s }\n",
	  ENG_LIVE, "W", REC_STATE, REC_ST_JOINING, NULL },
	{ "scenario a\nthread \"W\" { io 60s }\n",
	  ENG_LIVE, "W", REC_STATE, REC_ST_IO, NULL },
	{ "scenario a\noption gil\nthread \"H\" { work 60s }\nthread \"W\" { work 60s }\n",
	  ENG_LIVE, "W", REC_OP, -1, NULL },
	{ "scenario a\nthread \"W\" { work 60s }\nthread \"X\" { say \"x\" }\n",
	  ENG_STEP, "W", REC_STATE, REC_ST_READY, NULL },
	{ "scenario a\nloop \"L\" { task \"W\" { await 60s } }\n",
	  ENG_LIVE, "W", REC_STATE, REC_ST_AWAITING, NULL },
	{ "scenario a\nloop \"L\" { task \"W\" { offload sleep 60s } }\n",
	  ENG_LIVE, "W", REC_STATE, REC_ST_AWAITING, NULL },
	{ "scenario a\nloop \"L\" { task \"W\" { offload work 60s } }\n",
	  ENG_LIVE, "W", REC_STATE, REC_ST_AWAITING, NULL },
	{ "scenario a\nmutex m\nsemaphore go = 0\nthread \"H\" { lock m; release go; sleep 60s; unlock m }\nprocess \"W\" { acquire go; lock m; unlock m }\n",
	  ENG_LIVE, "W", REC_LOCK_WAIT, -1, "m" },
	{ "scenario a\nprocess \"W\" { work 60s }\n",
	  ENG_LIVE, "W", REC_OP, -1, NULL },
};

START_TEST(test_eng__abort_during_every_wait)
{
	const struct abort_case *c = &abort_cases[_i];
	struct ktr t;
	const struct eng_outcome *o;

	ktr_start(&t, c->src, NULL, c->mode, NULL, 0);
	ktr_await(&t, c->kind, ktr_actor(&t, c->actor), c->state, c->res ? ktr_decl(&t, c->res) : -1);
	eng_abort(t.e);
	ck_assert_msg(eng_wait(t.e, 5000), "abort did not end the run");
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_ABORTED);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

START_TEST(test_eng__step_grants_from_the_api)
{
	struct ktr t;
	const struct eng_outcome *o;
	int a, b;
	uint64_t m = 0;

	ktr_start(&t, race_src, "unsafe", ENG_STEP, NULL, 0);
	a = ktr_actor(&t, "A");
	b = ktr_actor(&t, "B");
	/* nobody moves without a grant (each wait below: at most 10 s) */
	for (int k = 0; k < 5000 && m != ((1u << a) | (1u << b)); k++) {
		struct timespec ts = { 0, 2000000 };
		m = eng_ready_mask(t.e);
		nanosleep(&ts, NULL);
	}
	ck_assert_uint_eq(m, (1u << a) | (1u << b));
	ck_assert(!eng_grant(t.e, 99));
	ck_assert(eng_grant(t.e, a));
	ck_assert(!eng_grant(t.e, -1));
	for (int step = 0; step < 3; step++) {
		int who = step == 0 ? b : step == 1 ? a : b;
		/* the previous grant's op done first: both loads before either store */
		int prev = step == 0 ? a : step == 1 ? b : -1;
		for (int k = 0; k < 5000 && prev >= 0 && !(eng_ready_mask(t.e) & (UINT64_C(1) << prev)); k++) {
			struct timespec ts = { 0, 2000000 };
			nanosleep(&ts, NULL);
		}
		for (int k = 0; k < 5000 && !eng_grant(t.e, who); k++) {
			struct timespec ts = { 0, 2000000 };
			nanosleep(&ts, NULL);
		}
	}
	o = ktr_finish(&t);
	ck_assert_int_eq(o->finals[ktr_decl(&t, "x")], 1);
	ck_assert_int_eq(o->lost_updates, 1);
	ktr_free(&t);
}
END_TEST

START_TEST(test_eng__op_limit)
{
	struct ktr t;
	const struct eng_outcome *o;
	struct eng_config c;
	int *sched;  /* none: live mode */

	ktr_config(&t, "scenario o\nthread \"T\" { while true {} }\n", NULL, ENG_LIVE, NULL, 0, &c, &sched);
	c.op_limit = 1000;
	ktr_launch(&t, &c);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_LIMIT);
	ck_assert_int_le(o->actors[0].ops, 1001);
	ktr_free(&t);
}
END_TEST

/* Entries in /proc/<this process>/WHAT (fd, task). */
static int
count_dir(const char *what)
{
	char path[64];
	DIR *d;
	int n = 0;
	snprintf(path, sizeof path, "/proc/%ld/%s", (long)getpid(), what);
	d = opendir(path);
	ck_assert_ptr_nonnull(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

START_TEST(test_eng__no_leaked_fd_thread_or_child)
{
	struct ktr t;
	const struct eng_outcome *o;
	int fds, tasks;
	const char *src =
	    "scenario n\nmutex m\nshm s = 0\n"
	    "thread \"T\" { lock m; atomic s += 1; unlock m }\n"
	    "process \"P\" { lock m; atomic s += 1; unlock m }\n"
	    "loop \"L\" { task \"A\" { await 1ms; atomic s += 1 }; task \"B\" { atomic s += 1 } }\n"
	    "expect s == 4\n";

	/* a first run, so lazily made things (libintl, libuv's globals) exist */
	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	ktr_finish(&t);
	ktr_free(&t);
	fds = count_dir("fd");
	tasks = count_dir("task");
	for (int round = 0; round < 3; round++) {
		ktr_start(&t, src, NULL, round == 1 ? ENG_STEP : ENG_LIVE, NULL, round == 1 ? 5 : 0);
		o = ktr_finish(&t);
		ck_assert(o->expectations_met);
		ktr_free(&t);
		ck_assert_int_eq(count_dir("fd"), fds);
		ck_assert_int_eq(count_dir("task"), tasks);
		assert_no_children();
	}
}
END_TEST

START_TEST(test_eng__cpus_pins_every_actor)
{
	struct ktr t;
	struct eng_config c;
	const struct eng_outcome *o;
	int *sched;  /* none: live mode */
	int cpu = -1;

	ktr_config(&t, "scenario p\nthread \"A\" { work 3ms; say \"a\" }\nthread \"B\" { work 3ms; say \"b\" }\n"
	    "process \"C\" { work 3ms; say \"c\" }\nloop \"L\" { task \"D\" { work 3ms; say \"d\" } }\n", NULL, ENG_LIVE, NULL, 0, &c, &sched);
	c.cpus = 1;
	ktr_launch(&t, &c);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(ktr_count(&t, REC_SAY, -1), 4);
	for (size_t i = 0; i < t.n; i++) {
		if (t.ev[i].kind != REC_SAY)
			continue;
		if (cpu < 0)
			cpu = t.ev[i].cpu;
		ck_assert_int_eq(t.ev[i].cpu, cpu);  /* all on the one CPU */
	}
	ck_assert_int_eq(ktr_count(&t, REC_MIGRATE, -1), 0);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* Two threads working 300 ms each on one CPU: each waits while the other has
 * it, so the work ends late by far more than 1 ms, and the outcome says so
 * (the report prints it: the CPUs were busy); a lone sleep is not late. */
START_TEST(test_eng__busy_cpu_shows_as_late_work)
{
	struct ktr t;
	struct eng_config c;
	const struct eng_outcome *o;
	int *sched;
	int a, b;

	ktr_config(&t, "scenario p\nthread \"A\" { work 300ms }\nthread \"B\" { work 300ms }\n"
	    "thread \"S\" { sleep 1ms }\n", NULL, ENG_LIVE, NULL, 0, &c, &sched);
	c.cpus = 1;
	ktr_launch(&t, &c);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	a = ktr_actor(&t, "A");
	b = ktr_actor(&t, "B");
	ck_assert_int_eq(o->actors[a].nwork, 1);
	ck_assert_int_eq(o->actors[b].nwork, 1);
	/* together they need 600 ms of the one CPU: the later ends >= 300 ms late */
	ck_assert_int_ge(o->actors[a].work_late_max > o->actors[b].work_late_max ?
	    o->actors[a].work_late_max : o->actors[b].work_late_max, 100000000);
	ck_assert_int_eq(o->actors[ktr_actor(&t, "S")].nsleep, 1);
	ktr_free(&t);
}
END_TEST

START_TEST(test_eng__option_cpus_pins_every_actor)
{
	static const char src[] = "scenario p\noption cpus 1\n"
	    "thread \"A\" { work 3ms; say \"a\" }\nthread \"B\" { work 3ms; say \"b\" }\n"
	    "process \"C\" { work 3ms; say \"c\" }\n";
	struct ktr t;
	const struct eng_outcome *o;
	int cpu = -1;

	ktr_start(&t, src, NULL, ENG_LIVE, NULL, 0);
	ck_assert_int_eq(t.v->options.cpus, 1);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_eq(ktr_count(&t, REC_SAY, -1), 3);
	for (size_t i = 0; i < t.n; i++) {
		if (t.ev[i].kind != REC_SAY)
			continue;
		if (cpu < 0)
			cpu = t.ev[i].cpu;
		ck_assert_int_eq(t.ev[i].cpu, cpu);  /* the option pinned them all to one CPU */
	}
	ck_assert_int_eq(ktr_count(&t, REC_MIGRATE, -1), 0);
	ktr_free(&t);
	assert_no_children();
}
END_TEST

/* In step mode a READY event names the op the actor runs next (a woken lock: the same op). */
START_TEST(test_eng__ready_names_the_next_op)
{
	static const char src[] = "scenario n\nvar x = 0\nmutex m\n"
	    "thread \"A\" { lock m; x += 1; say \"a\"; unlock m }\n"
	    "thread \"B\" { lock m; x += 1; unlock m }\n"
	    "loop \"L\" { task \"T\" { say \"t\"; await 1ms; say \"u\" } }\n";
	struct ktr t;
	const struct eng_outcome *o;
	int next_hits = 0, retries = 0, readies = 0;

	ktr_start(&t, src, NULL, ENG_STEP, "A,B,A,A,A,A,B,B,B,T,T,T", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	for (size_t i = 0; i < t.n; i++) {
		const struct rec_event *ev = &t.ev[i];
		int prev = -1, next = -1;
		if (ev->kind != REC_STATE || ev->state != REC_ST_READY || ev->actor < 0 ||
		    (size_t)ev->actor >= t.v->nactors || t.v->actors[ev->actor].kind == PROG_LOOP)
			continue;
		readies++;
		for (size_t j = 0; j < i; j++)
			if (t.ev[j].kind == REC_OP && t.ev[j].actor == ev->actor)
				prev = t.ev[j].op;
		for (size_t j = i + 1; j < t.n && next < 0; j++)
			if (t.ev[j].kind == REC_OP && t.ev[j].actor == ev->actor)
				next = t.ev[j].op;
		ck_assert_int_ge(ev->op, 0);
		ck_assert_msg(ev->op == next || (ev->op == prev &&
		    t.v->actors[ev->actor].ops[prev].code == PROG_OP_LOCK),
		    "ready at op %d; ops around it: %d, %d", ev->op, prev, next);
		if (ev->op == next)
			next_hits++;
		else
			retries++;
	}
	ck_assert_int_ge(readies, 8);
	ck_assert_int_ge(next_hits, 8);
	ck_assert_int_ge(retries, 1);  /* B, woken when A unlocked, retries its lock */
	ktr_free(&t);
}
END_TEST

/* The length of actor A's Kth sleep (0-based): from SLEEPING to its next state. */
static int64_t
sleep_len(struct ktr *t, int a, int k)
{
	for (size_t i = 0; i < t->n; i++) {
		long j;
		if (t->ev[i].kind != REC_STATE || t->ev[i].actor != a || t->ev[i].state != REC_ST_SLEEPING)
			continue;
		if (k-- > 0)
			continue;
		j = ktr_find(t, i + 1, REC_STATE, a, -1);
		ck_assert_int_ge(j, 0);
		return (int64_t)(t->ev[j].t_ns - t->ev[i].t_ns);
	}
	ck_abort_msg("no such sleep");
	return -1;
}

START_TEST(test_eng__set_speed_changes_later_durations)
{
	struct ktr t;
	const struct eng_outcome *o;
	int a;

	/* live mode: step mode spends no durations on the clock */
	ktr_start(&t, "scenario s\nthread \"A\" { sleep 200ms; sleep 4s; say \"done\" }\n",
	    NULL, ENG_LIVE, NULL, 0);
	a = ktr_actor(&t, "A");
	ck_assert_int_ge(ktr_await(&t, REC_STATE, a, REC_ST_SLEEPING, -1), 0);
	eng_set_speed(t.e, 1000);            /* the sleep under way keeps 200 ms; 4 s becomes 4 ms */
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	ck_assert_int_ge(sleep_len(&t, a, 0), 200000000);
	ck_assert_int_lt(sleep_len(&t, a, 1), 1000000000);  /* far below 4 s */
	ck_assert_int_ge(sleep_len(&t, a, 1), 4000000);
	ktr_free(&t);
}
END_TEST

/* ---- step mode runs on scenario time -------------------------------------- */

static const char scn_time_src[] =
    "scenario s\n"
    "mutex m\n"
    "thread \"A\" { work 400ms; lock m; sleep 1s; unlock m; say \"a\" }\n"
    "thread \"B\" { io 200ms; lock m; work 300ms; unlock m; sleep 60s }\n";
static const char scn_time_sched[] = "A,B,A,B,A,B,A,A,B,B,B,B";

/* Actor A's next event (no CPU migration: the OS's, not the scenario's) from I on, or -1. */
static long
scn_next(const struct ktr *t, int a, size_t i)
{
	for (; i < t->n; i++)
		if (t->ev[i].actor == a && t->ev[i].kind != REC_MIGRATE)
			return (long)i;
	return -1;
}

/* Whether X (of a run begun at X0) and Y (at Y0) are the same event at the same time (to 1 us). */
static bool
scn_same(const struct rec_event *x, uint64_t x0, const struct rec_event *y, uint64_t y0)
{
	int64_t d = (int64_t)(x->t_ns - x0) - (int64_t)(y->t_ns - y0);
	return x->kind == y->kind && x->state == y->state && x->op == y->op && x->res == y->res &&
	    x->value == y->value && d <= 1000 && d >= -1000;
}

/* Runs scn_time_src on its schedule; with PAUSES, the run is paused 20 ms
 * at a time while it goes, so grants come far apart on the wall clock. */
static void
scn_time_run(struct ktr *t, bool pauses)
{
	ktr_start(t, scn_time_src, NULL, ENG_STEP, scn_time_sched, 0);
	for (int k = 0; pauses && k < 2000 && !eng_wait(t->e, 0); k++) {
		struct timespec ts = { 0, 20000000 }, go = { 0, 500000 };
		eng_pause(t->e);
		nanosleep(&ts, NULL);
		eng_resume(t->e);
		nanosleep(&go, NULL);
	}
	ck_assert_int_eq(ktr_finish(t)->end, ENG_END_DONE);
}

START_TEST(test_eng__step_mode_draws_scenario_time)
{
	struct ktr t1, t2;
	const struct eng_outcome *o;
	int a;
	long i, j, w, r;

	scn_time_run(&t1, false);
	o = eng_outcome(t1.e);
	/* every scripted duration once, the 60 s sleep included, none spent
	 * (ktr_finish gives up after 20 s of wall time) */
	ck_assert_int_eq(o->elapsed_ns, 400000000 + 200000000 + 1000000000 + 300000000 + 60000000000LL);
	ck_assert(o->step_clock);
	/* A's work: 400 ms of scenario time from its op to its next state */
	a = ktr_actor(&t1, "A");
	w = ktr_find(&t1, 0, REC_OP, a, -1);
	ck_assert_int_ge(w, 0);
	ck_assert_int_eq(t1.ev[w].value, PROG_OP_WORK);
	r = ktr_find(&t1, (size_t)w + 1, REC_STATE, a, REC_ST_READY);
	ck_assert_int_ge(r, 0);
	ck_assert_int_ge((int64_t)(t1.ev[r].t_ns - t1.ev[w].t_ns), 400000000 - 1000);
	ck_assert_int_le((int64_t)(t1.ev[r].t_ns - t1.ev[w].t_ns), 400000000 + 1000);

	/* the same schedule, paused again and again: each actor's events, at the
	 * same times (to the microsecond: events a step makes at one instant are
	 * a nanosecond apart, and the two threads start at once, in either order) */
	scn_time_run(&t2, true);
	for (int b = 0; b < 2; b++) {
		for (i = scn_next(&t1, b, 0), j = scn_next(&t2, b, 0); i >= 0 && j >= 0;
		     i = scn_next(&t1, b, (size_t)i + 1), j = scn_next(&t2, b, (size_t)j + 1))
			ck_assert_msg(scn_same(&t1.ev[i], t1.ev[0].t_ns, &t2.ev[j], t2.ev[0].t_ns),
			    "actor %d: event %ld (kind %d at %llu) differs from event %ld (kind %d at %llu)",
			    b, i, t1.ev[i].kind, (unsigned long long)(t1.ev[i].t_ns - t1.ev[0].t_ns),
			    j, t2.ev[j].kind, (unsigned long long)(t2.ev[j].t_ns - t2.ev[0].t_ns));
		ck_assert_msg(i == -1 && j == -1, "actor %d: the runs have different events", b);
	}
	ktr_free(&t1);
	ktr_free(&t2);
}
END_TEST

/* A bounded wait that must wait, in step mode, can only run out (nobody else
 * executes meanwhile): it does at once, after its time on the scenario clock;
 * a loop task's await likewise.  Spent on the wall clock, each would take 30 s
 * (ktr_finish gives up after 20). */
START_TEST(test_eng__step_mode_waits_take_scenario_time)
{
	struct ktr t;
	const struct eng_outcome *o;
	int b, task;
	long w, say, aw, back;

	ktr_start(&t, "scenario s\nmutex m\n"
	    "thread \"A\" { lock m; sleep 1s; unlock m }\n"
	    "thread \"B\" { lock m for 30s else { say \"gave up\" } }\n"
	    "loop \"L\" { task \"T\" { await 30s } }\n", NULL, ENG_STEP, "A,A,B,B", 0);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	b = ktr_actor(&t, "B");
	w = ktr_find(&t, 0, REC_LOCK_WAIT, b, -1);
	say = ktr_find(&t, 0, REC_SAY, b, -1);
	ck_assert_int_ge(w, 0);
	ck_assert_int_ge(say, 0);
	ck_assert_int_ge((int64_t)(t.ev[say].t_ns - t.ev[w].t_ns), 30000000000LL);
	ck_assert_int_le((int64_t)(t.ev[say].t_ns - t.ev[w].t_ns), 30000000000LL + 1000);
	task = ktr_actor(&t, "T");
	aw = ktr_find(&t, 0, REC_STATE, task, REC_ST_AWAITING);
	ck_assert_int_ge(aw, 0);
	back = ktr_find(&t, (size_t)aw + 1, REC_STATE, task, -1);
	ck_assert_int_ge(back, 0);
	ck_assert_int_ge((int64_t)(t.ev[back].t_ns - t.ev[aw].t_ns), 30000000000LL - 1000);
	ck_assert_int_ge(o->elapsed_ns, 1000000000LL + 30000000000LL + 30000000000LL);
	ktr_free(&t);
}
END_TEST

/* ---- work is CPU time; preemption is recorded ---------------------------- */

/* Actor A's work window: from its work op to its next op (the say). */
static void
work_window(struct ktr *t, int a, uint64_t *from, uint64_t *to)
{
	long w = -1, s;
	for (size_t i = 0; i < t->n && w < 0; i++)
		if (t->ev[i].kind == REC_OP && t->ev[i].actor == a && t->ev[i].value == PROG_OP_WORK)
			w = (long)i;
	ck_assert_int_ge(w, 0);
	s = ktr_find(t, (size_t)w + 1, REC_SAY, a, -1);
	ck_assert_int_ge(s, 0);
	*from = t->ev[w].t_ns;
	*to = t->ev[s].t_ns;
}

START_TEST(test_eng__work_is_cpu_time_and_preemption_shows)
{
	struct ktr t;
	struct eng_config c;
	const struct eng_outcome *o;
	int *sched;  /* none: live mode */
	int id[2];
	uint64_t from[2], to[2], lo, hi, on_since[2] = { 0, 0 }, both_since = 0;
	bool on[2] = { false, false };
	int ready[2] = { 0, 0 }, handover[2] = { 0, 0 };
	int64_t overlap = 0, total_on[2] = { 0, 0 };

	ktr_config(&t, "scenario w\nthread \"A\" { work 30ms; say \"a\" }\n"
	    "thread \"B\" { work 30ms; say \"b\" }\n", NULL, ENG_LIVE, NULL, 0, &c, &sched);
	c.cpus = 1;
	ktr_launch(&t, &c);
	o = ktr_finish(&t);
	ck_assert_int_eq(o->end, ENG_END_DONE);
	id[0] = ktr_actor(&t, "A");
	id[1] = ktr_actor(&t, "B");
	for (int k = 0; k < 2; k++) {
		work_window(&t, id[k], &from[k], &to[k]);
		/* 30 ms of CPU time each */
		ck_assert_int_ge(o->actors[id[k]].cpu_ns, 30000000);
	}
	/* one CPU, 60 ms of CPU time: at least 60 ms of wall time for both */
	lo = from[0] < from[1] ? from[0] : from[1];
	hi = to[0] > to[1] ? to[0] : to[1];
	ck_assert_uint_ge(hi - lo, 60000000);

	/* each on-CPU span of a work window: from the op, off at READY, on at RUNNING (value 2) */
	for (size_t i = 0; i < t.n; i++) {
		const struct rec_event *ev = &t.ev[i];
		int k = ev->actor == id[0] ? 0 : ev->actor == id[1] ? 1 : -1;
		bool was_both = on[0] && on[1], now_on;
		if (k < 0 || ev->t_ns < from[k] || ev->t_ns > to[k])
			continue;
		if (ev->kind == REC_OP && ev->value == PROG_OP_WORK)
			now_on = true;
		else if (ev->kind == REC_SAY)
			now_on = false;
		else if (ev->kind == REC_STATE && ev->value == 2) {
			/* the op it is in the middle of */
			ck_assert_int_eq(t.v->actors[id[k]].ops[ev->op].code, PROG_OP_WORK);
			now_on = ev->state == REC_ST_RUNNING;
			if (ev->state == REC_ST_READY)
				ready[k]++;
			/* it waits for the CPU while the other one is on it, or gets it back */
			if (ev->state == REC_ST_READY && on[1 - k])
				handover[k]++;
			if (ev->state == REC_ST_RUNNING && !on[1 - k] && on_since[1 - k] != 0 &&
			    ev->t_ns < to[1 - k])
				handover[1 - k]++;
		} else
			continue;
		if (on[k] && !now_on)
			total_on[k] += (int64_t)(ev->t_ns - on_since[k]);
		if (!on[k] && now_on)
			on_since[k] = ev->t_ns;
		on[k] = now_on;
		if (!was_both && on[0] && on[1])
			both_since = ev->t_ns;
		if (was_both && !(on[0] && on[1]))
			overlap += (int64_t)(ev->t_ns - both_since);
	}
	/* each waited for the CPU (more than once) while the other ran ... */
	ck_assert_int_ge(ready[0], 1);
	ck_assert_int_ge(ready[1], 1);
	ck_assert_int_ge(handover[0], 1);
	ck_assert_int_ge(handover[1], 1);
	/*
	 * ... and they (almost) never ran at once: on one CPU only the gaps too
	 * short to record (ENG_PREEMPT_NS) or misread on a busy virtual machine
	 * may overlap; a bound of 5 ms against 60 ms of CPU time.
	 */
	ck_assert_int_le(overlap, 5000000);
	ktr_free(&t);
}
END_TEST

static Suite *
eng_suite(void)
{
	Suite *s = suite_create("eng");
	TCase *tc = tcase_create("eng");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_eng__race_loses_update_without_lock);
	tcase_add_test(tc, test_eng__race_never_with_lock);
	tcase_add_test(tc, test_eng__same_seed_same_interleaving);
	tcase_add_test(tc, test_eng__loop_task_keeps_its_turn);
	tcase_add_test(tc, test_eng__step_bounded_join_takes_scenario_time);
	tcase_add_test(tc, test_eng__step_loop_call_gives_up_on_scenario_time);
	tcase_add_test(tc, test_eng__lock_order_inversion_detected);
	tcase_add_test(tc, test_eng__stall_without_cycle);
	tcase_add_test(tc, test_eng__semaphore_capacity);
	tcase_add_test(tc, test_eng__rwlock_preference);
	tcase_add_test(tc, test_eng__queue_blocks_both_ways);
	tcase_add_test(tc, test_eng__process_var_is_private_shm_is_shared);
	tcase_add_test(tc, test_eng__crashing_process_reported);
	tcase_add_test(tc, test_eng__killed_process_takes_its_threads);
	tcase_add_test(tc, test_eng__await_lets_other_tasks_run);
	tcase_add_test(tc, test_eng__await_after_work_lasts_its_time);
	tcase_add_test(tc, test_eng__sleep_in_task_stalls_loop);
	tcase_add_test(tc, test_eng__blocking_call_holds_loop_row);
	tcase_add_test(tc, test_eng__offload_runs_on_pool_thread);
	tcase_add_test(tc, test_eng__gil_serialises_threads_not_processes);
	tcase_add_test(tc, test_eng__critical_violation_fails_run);
	tcase_add_test(tc, test_eng__failed_assert_stops_the_run);
	tcase_add_test(tc, test_eng__unlock_not_held_is_named);
	tcase_add_test(tc, test_eng__relock_stalls_one_actor_only);
	tcase_add_loop_test(tc, test_eng__abort_during_every_wait, 0,
	    (int)(sizeof abort_cases / sizeof abort_cases[0]));
	tcase_add_test(tc, test_eng__step_grants_from_the_api);
	tcase_add_test(tc, test_eng__op_limit);
	tcase_add_test(tc, test_eng__transaction_all_or_nothing_every_schedule);
	tcase_add_test(tc, test_eng__task_ready_when_its_wait_ends);
	tcase_add_test(tc, test_eng__transactions_serialize_every_schedule);
	tcase_add_test(tc, test_eng__no_leaked_fd_thread_or_child);
	tcase_add_test(tc, test_eng__cpus_pins_every_actor);
	tcase_add_test(tc, test_eng__work_is_cpu_time_and_preemption_shows);
	tcase_add_test(tc, test_eng__option_cpus_pins_every_actor);
	tcase_add_test(tc, test_eng__ready_names_the_next_op);
	tcase_add_test(tc, test_eng__set_speed_changes_later_durations);
	tcase_add_test(tc, test_eng__step_mode_draws_scenario_time);
	tcase_add_test(tc, test_eng__busy_cpu_shows_as_late_work);
	tcase_add_test(tc, test_eng__step_mode_waits_take_scenario_time);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(eng_suite(), NULL);
}
