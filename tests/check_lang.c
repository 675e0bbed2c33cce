/* check_lang.c: the scenario language: every construct compiled (asserting on
 * the op arrays), every error and warning at its line:col, the limits, and the
 * malformed corpus under tests/data/bad. */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "ks-check.h"
#include "prog-print.h"
#include "prog.h"
#include "scn-check.h"
#include "scn-parse.h"
#include "scn.h"
#include "verdict.h"
#include "xalloc.h"

/* Compiles SRC as "t.ks"; *OUT (when not NULL) gets the diagnostics. */
static struct prog *
compile(const char *src, size_t len, char **out)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	struct diag *d;
	struct prog *prog;

	ck_assert_ptr_nonnull(f);
	d = diag_new(f);
	prog = scn_parse_buffer("t.ks", src, len, d);
	diag_free(d);
	ck_assert_int_eq(fclose(f), 0);
	if (out)
		*out = buf;
	else
		free(buf);
	return prog;
}

/* Asserts that SRC compiles without a message.  A SRC without a title gets
 * one on a last line of its own (no line or column moves), since a missing
 * title is a warning of its own, tested apart. */
static struct prog *
ok(const char *src)
{
	char *msgs, *full;
	struct prog *prog;

	if (strncmp(src, "title ", 6) == 0 || strstr(src, "\ntitle ") != NULL)
		full = xstrdup(src);
	else
		full = xasprintf("%stitle \"T\"\n", src);
	prog = compile(full, strlen(full), &msgs);
	if (prog == NULL || msgs[0] != '\0')
		ck_abort_msg("expected a clean compile of:\n%s\ngot:\n%s", full, msgs);
	free(msgs);
	free(full);
	return prog;
}

/* Asserts that SRC fails with a message containing WANT. */
static void
fails(const char *src, const char *want)
{
	char *msgs;
	struct prog *prog = compile(src, strlen(src), &msgs);
	if (prog != NULL)
		ck_abort_msg("expected an error for:\n%s", src);
	if (strstr(msgs, want) == NULL)
		ck_abort_msg("expected '%s' for:\n%s\ngot:\n%s", want, src, msgs);
	free(msgs);
}

/* Asserts that SRC compiles with a warning containing WANT. */
static void
warns(const char *src, const char *want)
{
	char *msgs;
	struct prog *prog = compile(src, strlen(src), &msgs);
	if (prog == NULL)
		ck_abort_msg("expected success for:\n%s\ngot:\n%s", src, msgs);
	if (strstr(msgs, want) == NULL)
		ck_abort_msg("expected '%s' for:\n%s\ngot:\n%s", want, src, msgs);
	prog_free(prog);
	free(msgs);
}

static const struct prog_actor *
actor(const struct prog *p, const char *name)
{
	const struct prog_variant *v = &p->variants[0];
	for (size_t i = 0; i < v->nactors; i++)
		if (strcmp(v->actors[i].name, name) == 0)
			return &v->actors[i];
	ck_abort_msg("no actor %s", name);
	return NULL;
}

/* The op as `show` prints it. */
static char *
op_text(const struct prog *p, const struct prog_actor *a, size_t i)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_uint_lt(i, a->nops);
	prog_print_op(f, p, &p->variants[0], a, &a->ops[i], NULL);
	fclose(f);
	return buf;
}

static void
assert_op(const struct prog *p, const struct prog_actor *a, size_t i, enum prog_opcode code,
    unsigned flags, const char *text)
{
	char *s = op_text(p, a, i);
	ck_assert_msg(a->ops[i].code == code, "op %zu is %s (%s), not %s", i,
	    prog_opcode_name(a->ops[i].code), s, prog_opcode_name(code));
	ck_assert_msg(a->ops[i].flags == flags, "op %zu (%s) flags %u", i, s, a->ops[i].flags);
	ck_assert_str_eq(s, text);
	free(s);
}

START_TEST(test_lang__plus_assign_is_load_then_store)
{
	struct prog *p = ok("var orders = 0\nthread \"A\" {\n  orders += 1\n  orders -= 2\n}\n");
	const struct prog_actor *a = actor(p, "A");
	const struct prog_variant *v = &p->variants[0];

	ck_assert_uint_eq(a->nops, 5);
	assert_op(p, a, 0, PROG_OP_LOAD, 0, "load orders -> $t0");
	ck_assert_int_eq(a->ops[0].res, 0);
	ck_assert_str_eq(a->locals[a->ops[0].dst], "$t0");
	assert_op(p, a, 1, PROG_OP_STORE, 0, "store orders = $t0 + 1");
	ck_assert_int_eq(v->exprs[a->ops[1].expr].kind, PROG_EX_BINARY);
	ck_assert_int_eq(v->exprs[a->ops[1].expr].op, PROG_ADD);
	assert_op(p, a, 3, PROG_OP_STORE, 0, "store orders = $t0 - 2");
	assert_op(p, a, 4, PROG_OP_END, 0, "end");
	ck_assert_int_eq(a->ops[0].loc.line, 3);
	ck_assert_int_eq(a->ops[0].loc.col, 3);
	prog_free(p);
}
END_TEST

/* A local set from a shared value is a load (the read of "read, think, write
 * back"); a longer expression is one set that reads at that step. */
START_TEST(test_lang__read_of_shared_is_load)
{
	struct prog *p = ok(
	    "var orders = 0\nshm s\n"
	    "thread \"A\" {\n"
	    "  let x = orders\n"       /* 0 */
	    "  work 1ms\n"             /* 1 */
	    "  orders = x + 1\n"       /* 2 */
	    "  x = s\n"                /* 3 */
	    "  x = (orders)\n"         /* 4 */
	    "  let y = orders + 1\n"   /* 5 */
	    "  let z = x\n"            /* 6 */
	    "  s = orders\n"           /* 7 */
	    "  let s2 = -s\n"          /* 8 */
	    "}\n");
	const struct prog_actor *a = actor(p, "A");

	ck_assert_uint_eq(a->nops, 10);
	assert_op(p, a, 0, PROG_OP_LOAD, 0, "load orders -> x");
	ck_assert_int_eq(a->ops[0].res, 0);
	ck_assert_str_eq(a->locals[a->ops[0].dst], "x");
	ck_assert_int_eq(a->ops[0].expr, -1);
	ck_assert_int_eq(a->ops[0].loc.line, 4);
	assert_op(p, a, 1, PROG_OP_WORK, 0, "work 1ms");
	assert_op(p, a, 2, PROG_OP_STORE, 0, "store orders = x + 1");
	assert_op(p, a, 3, PROG_OP_LOAD, 0, "load s -> x");
	ck_assert_int_eq(a->ops[3].res, 1);
	assert_op(p, a, 4, PROG_OP_LOAD, 0, "load orders -> x");
	assert_op(p, a, 5, PROG_OP_SET, 0, "set y = orders + 1");
	assert_op(p, a, 6, PROG_OP_SET, 0, "set z = x");
	assert_op(p, a, 7, PROG_OP_STORE, 0, "store s = orders");
	assert_op(p, a, 8, PROG_OP_SET, 0, "set s2 = -s");
	assert_op(p, a, 9, PROG_OP_END, 0, "end");
	prog_free(p);
}
END_TEST

START_TEST(test_lang__repeat_is_internal_counter)
{
	struct prog *p = ok("thread \"A\" { repeat 3 { work 1ms } }\n");
	const struct prog_actor *a = actor(p, "A");

	ck_assert_uint_eq(a->nops, 6);
	assert_op(p, a, 0, PROG_OP_SET, PROG_OPF_INTERNAL, "set $r0 = 3");
	assert_op(p, a, 1, PROG_OP_BRANCH, PROG_OPF_INTERNAL, "branch $r0 > 0 else -> 5");
	assert_op(p, a, 2, PROG_OP_WORK, 0, "work 1ms");
	ck_assert_int_eq(a->ops[2].dur_ns, 1000000);
	assert_op(p, a, 3, PROG_OP_SET, PROG_OPF_INTERNAL, "set $r0 = $r0 - 1");
	assert_op(p, a, 4, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 1");
	assert_op(p, a, 5, PROG_OP_END, 0, "end");
	prog_free(p);
}
END_TEST

START_TEST(test_lang__if_while_break_continue)
{
	struct prog *p = ok(
	    "var f = 0\n"
	    "thread \"A\" {\n"
	    "  let i = 0\n"                                   /* 0 */
	    "  while i < 5 {\n"                               /* 1 */
	    "    i += 1\n"                                    /* 2 */
	    "    if i == 2 { continue } else if i == 4 { break } else { f = i }\n"
	    "  }\n"
	    "  while f {}\n"
	    "}\n");
	const struct prog_actor *a = actor(p, "A");

	assert_op(p, a, 0, PROG_OP_SET, 0, "set i = 0");
	assert_op(p, a, 1, PROG_OP_BRANCH, 0, "branch i < 5 else -> 11");
	assert_op(p, a, 2, PROG_OP_SET, 0, "set i = i + 1");
	assert_op(p, a, 3, PROG_OP_BRANCH, 0, "branch i == 2 else -> 6");
	assert_op(p, a, 4, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 1");     /* continue */
	assert_op(p, a, 5, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 10");    /* over else */
	assert_op(p, a, 6, PROG_OP_BRANCH, 0, "branch i == 4 else -> 9");
	assert_op(p, a, 7, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 11");    /* break */
	assert_op(p, a, 8, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 10");    /* over else */
	assert_op(p, a, 9, PROG_OP_STORE, 0, "store f = i");
	assert_op(p, a, 10, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 1");
	assert_op(p, a, 11, PROG_OP_BRANCH, 0, "branch f else -> 13");        /* busy wait */
	assert_op(p, a, 12, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 11");
	assert_op(p, a, 13, PROG_OP_END, 0, "end");
	prog_free(p);
}
END_TEST


START_TEST(test_lang__every_op)
{
	struct prog *p = ok(
	    "var v = 1\nshm s\nmutex m\nsemaphore sem = 2\nrwlock rw prefer writers\n"
	    "queue q capacity 3\n"
	    "thread \"A\" {\n"
	    "  work 1.5s; sleep 20ms; io 3us; lock m; unlock m; acquire sem; release sem\n"
	    "  read_lock rw; unlock rw; write_lock rw; unlock rw; push q v * 2; pop q into x\n"
	    "  pop q into s; pop q; atomic v += 3; atomic s -= x; v = -x + len(q); spawn B; join B\n"
	    "  say \"hi\"; mark \"m\" { critical \"c\" { assert !(v != 1) || x >= 2 \"why\" } }\n"
	    "  trylock m for 5ms else { say \"busy\" }\n"
	    "}\n"
	    "idle thread B { trylock m else {}; unlock m }\n");
	const struct prog_actor *a = actor(p, "A");
	const struct prog_variant *v = &p->variants[0];
	static const char *const want[] = {
		"work 1500ms", "sleep 20ms", "io 3us", "lock m", "unlock m", "acquire sem",
		"release sem", "read_lock rw", "unlock rw", "write_lock rw", "unlock rw",
		"push q v * 2", "pop q -> x", "pop q -> $t0", "store s = $t0", "pop q -> $t0",
		"atomic add v += 3", "atomic add s += -x", "store v = -x + len(q)", "spawn \"B\"",
		"join \"B\"", "say \"hi\"", "mark begin \"m\"", "enter \"c\"",
		"assert !(v != 1) || x >= 2 \"why\"", "leave \"c\"", "mark end \"m\"",
		"trylock m for 5ms else -> 29", "jump -> 30", "say \"busy\"", "end",
	};

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *t = op_text(p, a, i);
		ck_assert_msg(strcmp(t, want[i]) == 0, "op %zu: '%s', want '%s'", i, t, want[i]);
		free(t);
	}
	ck_assert_uint_eq(a->nops, sizeof want / sizeof want[0]);
	ck_assert_int_eq(a->ops[28].flags, PROG_OPF_INTERNAL);
	ck_assert_int_eq(a->ops[19].actor, 1);
	ck_assert_int_eq(a->ops[23].region, 0);
	ck_assert_str_eq(v->regions[0], "c");
	ck_assert_int_eq(v->decls[3].kind, PROG_SEMAPHORE);
	ck_assert_int_eq(v->decls[3].init, 2);
	ck_assert_int_eq(v->decls[4].prefer, PROG_PREFER_WRITERS);
	ck_assert_int_eq(v->decls[5].capacity, 3);
	ck_assert_int_eq(v->decls[1].kind, PROG_SHM);
	ck_assert(v->actors[1].idle);
	assert_op(p, &v->actors[1], 0, PROG_OP_TRYLOCK, 0, "trylock m else -> 2");
	prog_free(p);
}
END_TEST

START_TEST(test_lang__actors_processes_loops)
{
	struct prog *p = ok(
	    "var board = 0\n"
	    "process \"Co A\" {\n  thread \"Alice\" { board = 1 }\n  loop L { task T1 { await 1ms } idle task T2 { offload work 1ms; offload sleep 2ms } }\n  spawn T2\n}\n"
	    "process \"Co B\" { work 1ms }\n"
	    "thread Top { sleep 1ms }\n");
	const struct prog_variant *v = &p->variants[0];

	ck_assert_uint_eq(v->nactors, 7);
	ck_assert_str_eq(v->actors[0].name, "Co A");
	ck_assert_int_eq(v->actors[0].kind, PROG_PROCESS);
	ck_assert_int_eq(v->actors[0].parent, -1);
	ck_assert_int_eq(v->actors[1].kind, PROG_THREAD);
	ck_assert_int_eq(v->actors[1].parent, 0);
	ck_assert_int_eq(v->actors[2].kind, PROG_LOOP);
	ck_assert_int_eq(v->actors[2].parent, 0);
	ck_assert_uint_eq(v->actors[2].nops, 1);
	ck_assert_int_eq(v->actors[2].ops[0].code, PROG_OP_END);
	ck_assert_int_eq(v->actors[3].kind, PROG_TASK);
	ck_assert_int_eq(v->actors[3].parent, 2);
	ck_assert(v->actors[4].idle);
	ck_assert_int_eq(v->actors[4].ops[0].code, PROG_OP_OFFLOAD_WORK);
	ck_assert_int_eq(v->actors[4].ops[1].code, PROG_OP_OFFLOAD_SLEEP);
	ck_assert_int_eq(v->actors[0].ops[0].code, PROG_OP_SPAWN);
	ck_assert_int_eq(v->actors[0].ops[0].actor, 4);
	ck_assert_int_eq(v->actors[5].parent, -1);
	ck_assert_int_eq(v->actors[6].kind, PROG_THREAD);
	ck_assert_int_eq(v->actors[6].parent, -1);
	prog_free(p);
}
END_TEST

START_TEST(test_lang__header_texts_variants)
{
	struct prog *p = ok(
	    "scenario demo\ntitle \"Deadlock\"\ntitle@zh_TW \"死結\"\n"
	    "summary \"S\" @fr \"Résumé\"\ntutorial \"DEADLOCK\"\n"
	    "var n\nmutex a\noption gil\n"
	    "thread Shared { lock a; n += 1; unlock a }\n"
	    "expect n == 1\n"
	    "variant one \"One\" @zh_TW \"一\" { var k = -4; thread X { k = 1; say \"hi\" @zh_TW \"你好\" @zh \"嗨\" }\n"
	    "  expect deadlock\n  expect elapsed < 2min\n  schedule X * 2, Shared }\n"
	    "variant two { option gil switch 1ms; thread Y { n = 2 }; expect no deadlock; expect elapsed > 1ms }\n");
	const struct prog_variant *v1, *v2;

	ck_assert_str_eq(p->name, "demo");
	ck_assert_str_eq(prog_text_get(&p->title, NULL), "Deadlock");
	ck_assert_str_eq(prog_text_get(&p->title, "zh_TW.UTF-8"), "死結");
	ck_assert_str_eq(prog_text_get(&p->title, "zh"), "死結");
	ck_assert_str_eq(prog_text_get(&p->title, "de_DE"), "Deadlock");
	ck_assert_str_eq(prog_text_get(&p->summary, "fr_CA.UTF-8"), "Résumé");
	ck_assert_str_eq(p->tutorial, "DEADLOCK");
	ck_assert_uint_eq(p->nvariants, 2);
	v1 = prog_variant_find(p, "one");
	v2 = prog_variant_find(p, "two");
	ck_assert_ptr_eq(prog_variant_find(p, NULL), v1);
	ck_assert_ptr_null(prog_variant_find(p, "three"));
	ck_assert_str_eq(prog_text_get(&v1->title, "zh_TW"), "一");
	/* the file's declarations first, then the variant's */
	ck_assert_uint_eq(v1->ndecls, 3);
	ck_assert_str_eq(v1->decls[2].name, "k");
	ck_assert_int_eq(v1->decls[2].init, -4);
	ck_assert_uint_eq(v2->ndecls, 2);
	/* top-level actors and expectations are in every variant */
	ck_assert_str_eq(v1->actors[0].name, "Shared");
	ck_assert_str_eq(v2->actors[0].name, "Shared");
	ck_assert_uint_eq(v1->nexpects, 3);
	ck_assert_int_eq(v1->expects[0].kind, PROG_EXPECT_TRUE);
	ck_assert_int_eq(v1->expects[1].kind, PROG_EXPECT_DEADLOCK);
	ck_assert_int_eq(v1->expects[2].kind, PROG_EXPECT_ELAPSED_LT);
	ck_assert_int_eq(v1->expects[2].dur_ns, 120000000000LL);
	ck_assert_int_eq(v2->expects[1].kind, PROG_EXPECT_NO_DEADLOCK);
	ck_assert_int_eq(v2->expects[2].kind, PROG_EXPECT_ELAPSED_GT);
	ck_assert_uint_eq(v1->nschedule, 3);
	ck_assert_int_eq(v1->schedule[0], 1);
	ck_assert_int_eq(v1->schedule[1], 1);
	ck_assert_int_eq(v1->schedule[2], 0);
	ck_assert_uint_eq(v2->nschedule, 0);
	ck_assert(v1->options.gil);
	ck_assert_int_eq(v1->options.gil_switch_ns, 5000000);
	ck_assert_int_eq(v2->options.gil_switch_ns, 1000000);
	{
		const struct prog_op *say = &v1->actors[1].ops[1];
		ck_assert_int_eq(say->code, PROG_OP_SAY);
		ck_assert_str_eq(prog_text_get(&p->texts[say->text], "zh_TW"), "你好");
		ck_assert_str_eq(prog_text_get(&p->texts[say->text], "zh_CN"), "嗨");
		ck_assert_str_eq(prog_text_get(&p->texts[say->text], "C"), "hi");
	}
	ck_assert_ptr_nonnull(p->source);
	prog_free(p);
}
END_TEST

/* option cpus N at the top level or in a variant; each option a variant sets
 * replaces the top level's, the others stay. */
START_TEST(test_lang__option_cpus)
{
	struct prog *p = ok(
	    "option cpus 2\noption gil switch 2ms\nthread A { work 1ms }\n"
	    "variant both { }\n"
	    "variant one { option cpus 1 }\n"
	    "variant many { option cpus 1024; option gil }\n");
	struct prog *q = ok("thread A { work 1ms }\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(p->variants[0].options.cpus, 2);
	ck_assert(p->variants[0].options.gil);
	ck_assert_int_eq(p->variants[0].options.gil_switch_ns, 2000000);
	ck_assert_int_eq(p->variants[1].options.cpus, 1);
	ck_assert(p->variants[1].options.gil);
	ck_assert_int_eq(p->variants[2].options.cpus, 1024);
	ck_assert_int_eq(p->variants[2].options.gil_switch_ns, 5000000);
	ck_assert_int_eq(q->variants[0].options.cpus, 0);
	ck_assert(!q->variants[0].options.gil);
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, &p->variants[1], NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\noption cpus 1\n"));
	free(buf);
	prog_free(p);
	prog_free(q);
}
END_TEST

/* Keywords name the scenario, its variants, and declarations and locals
 * where the name cannot be read as anything else. */
START_TEST(test_lang__keywords_as_names)
{
	struct prog *p = ok(
	    "scenario deadlock\ntitle \"T\"\n"
	    "mutex title\nvar mutex = 1\nshm no\nqueue variant\n"
	    "thread A {\n  lock title\n  mutex = mutex + no\n  let scenario = mutex\n"
	    "  push variant scenario\n  pop variant into option\n  no = option\n  unlock title\n}\n"
	    "expect no == 2\n"
	    "variant atomic \"Atomic\" @zh_TW \"原子\" { thread B { atomic no += 1 } }\n"
	    "variant offload { loop L { task T { offload work 1ms } } }\n"
	    "variant deadlock { thread C { work 1ms }; expect deadlock }\n");
	const struct prog_actor *a = actor(p, "A");

	ck_assert_str_eq(p->name, "deadlock");
	ck_assert_uint_eq(p->nvariants, 3);
	ck_assert_str_eq(p->variants[0].name, "atomic");
	ck_assert_str_eq(prog_text_get(&p->variants[0].title, NULL), "Atomic");
	ck_assert_str_eq(p->variants[1].name, "offload");
	ck_assert_str_eq(p->variants[2].name, "deadlock");
	ck_assert_int_eq(p->variants[2].expects[1].kind, PROG_EXPECT_DEADLOCK);
	ck_assert_int_eq(p->variants[0].expects[0].kind, PROG_EXPECT_TRUE);
	assert_op(p, a, 0, PROG_OP_LOCK, 0, "lock title");
	assert_op(p, a, 1, PROG_OP_STORE, 0, "store mutex = mutex + no");
	assert_op(p, a, 3, PROG_OP_PUSH, 0, "push variant scenario");
	assert_op(p, a, 4, PROG_OP_POP, 0, "pop variant -> option");
	assert_op(p, a, 6, PROG_OP_UNLOCK, 0, "unlock title");
	prog_free(p);
}
END_TEST

/* A line that starts with @LANG "..." continues the text before it. */
START_TEST(test_lang__translation_on_next_line)
{
	struct prog *p = ok(
	    "title \"Noodles\"\n"
	    "    @zh_TW \"泡麵\"   # a comment\n"
	    "\n"
	    "    @ja \"ラーメン\"\n"
	    "var x = 1\n"
	    "variant v \"Wait\"\n"
	    "    @zh_TW \"等\" {\n"
	    "  thread A {\n"
	    "    say \"The water boils\"\n"
	    "        @zh_TW \"水滾了\"\n"
	    "    mark \"Cook\"\n"
	    "        @zh_TW \"煮\" { work 1ms }\n"
	    "    assert x == 1 \"x is one\"\n"
	    "        @zh_TW \"x 是一\"\n"
	    "    work 2ms\n"
	    "  }\n"
	    "}\n");
	const struct prog_variant *v = &p->variants[0];
	const struct prog_actor *a = actor(p, "A");

	ck_assert_str_eq(prog_text_get(&p->title, "zh_TW"), "泡麵");
	ck_assert_str_eq(prog_text_get(&p->title, "ja_JP"), "ラーメン");
	ck_assert_str_eq(prog_text_get(&v->title, "zh_TW"), "等");
	ck_assert_uint_eq(a->nops, 7);
	assert_op(p, a, 0, PROG_OP_SAY, 0, "say \"The water boils\"");
	ck_assert_int_eq(a->ops[0].loc.line, 9);
	ck_assert_str_eq(prog_text_get(&p->texts[a->ops[0].text], "zh_TW"), "水滾了");
	ck_assert_int_eq(a->ops[1].code, PROG_OP_MARK_BEGIN);
	ck_assert_str_eq(prog_text_get(&p->texts[a->ops[1].text], "zh_TW"), "煮");
	ck_assert_int_eq(a->ops[4].code, PROG_OP_ASSERT);
	ck_assert_str_eq(prog_text_get(&p->texts[a->ops[4].text], "zh_TW"), "x 是一");
	assert_op(p, a, 5, PROG_OP_WORK, 0, "work 2ms");
	ck_assert_int_eq(a->ops[5].loc.line, 15);
	prog_free(p);
}
END_TEST

/* A failed statement's translation lines are skipped with it: one error. */
START_TEST(test_lang__translation_line_after_error)
{
	char *msgs;
	const char *src = "thread A {\n  say 5\n    @zh_TW \"x\"\n    @ja \"y\"\n  work 1ms\n}\n";

	ck_assert_ptr_null(compile(src, strlen(src), &msgs));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks:2:7: error: expected a text"));
	ck_assert_ptr_null(strstr(msgs, "t.ks:3:"));
	ck_assert_ptr_null(strstr(msgs, "t.ks:4:"));
	free(msgs);
}
END_TEST

/* Each bad input and the exact first message it must give. */
static const struct { const char *src, *want; } lang_errors[] = {
	{ "var orders\nthread A {\n  ordrs += 1\n}\n", "t.ks:3:3: error: unknown name 'ordrs'\n    3 |   ordrs += 1\n      |   ^~~~~\n  hint: did you mean 'orders'?" },
	{ "thread A {\n  await 1s\n}\n", "t.ks:2:3: error: 'await' is only for loop tasks\n    2 |   await 1s\n      |   ^~~~~\n  hint: await suspends a loop task; in a thread use sleep" },
	{ "thread A { offload work 1ms }\n", "t.ks:1:12: error: 'offload' is only for loop tasks" },
	{ "thread A { wrok 1ms }\n", "t.ks:1:12: error: unknown statement 'wrok'\n    1 | thread A { wrok 1ms }\n      |            ^~~~\n  hint: did you mean 'work'?" },
	{ "thread A { work 5 }\n", "t.ks:1:17: error: a duration needs a unit" },
	{ "thread A { work 5h }\n", "t.ks:1:17: error: unknown unit" },
	{ "thread A { work 10min }\nthread B { work 601s }\n", "t.ks:2:17: error: a duration can be at most 10 minutes" },
	{ "thread A { work 1.0000001s }\n", "t.ks:1:17: error: a duration is counted in whole microseconds at most" },
	{ "mutex m\nthread A { acquire m }\n", "t.ks:2:20: error: 'm' is a mutex; 'acquire' needs a semaphore" },
	{ "semaphore s = 1\nthread A { lock s }\n", "hint: a semaphore is taken with acquire and given back with release" },
	{ "var x\nvar x\nthread A { x = 1 }\n", "t.ks:2:5: error: 'x' is already declared\n    2 | var x\n      |     ^\nt.ks:1:5: note: the first declaration is here" },
	{ "thread A { work 1ms }\nthread A { work 1ms }\n", "t.ks:2:8: error: there is already an actor named 'A'" },
	{ "thread A { spawn B }\nthread B { work 1ms }\n", "t.ks:1:18: error: thread 'B' is not idle: it starts by itself" },
	{ "thread A { join C }\nthread B { work 1ms }\n", "t.ks:1:17: error: no actor is named 'C'" },
	{ "thread A { join A }\n", "t.ks:1:17: error: an actor cannot join itself" },
	{ "thread A { break }\n", "t.ks:1:12: error: 'break' outside while or repeat" },
	{ "thread A { let x = 1 == 2 = 3 }\n", "t.ks:1:27: error: '=' assigns; to compare, write '=='" },
	{ "var v\nthread A { let v = 1 }\n", "t.ks:2:16: error: 'v' is already declared as a var" },
	{ "var v\nthread A { v = y }\n", "t.ks:2:16: error: unknown name 'y'" },
	{ "thread A { x = 1 }\n", "hint: declare it with 'var x', or make a local with 'let x = ...'" },
	{ "thread A { let x = 1 / 0 }\n", "t.ks:1:24: error: division by zero" },
	{ "queue q\nthread A { let x = q }\n", "t.ks:2:20: error: 'q' is a queue, not a value" },
	{ "thread A { let r = 1 }\nexpect r == 1\n", "t.ks:2:8: error: unknown name 'r'" },
	{ "thread A { task T { } }\n", "t.ks:1:12: error: a task belongs inside a loop { ... }" },
	{ "task T { }\n", "t.ks:1:1: error: a task belongs inside a loop { ... }" },
	{ "loop L { work 1ms }\n", "t.ks:1:10: error: a loop holds only tasks" },
	{ "thread A { thread B { } }\n", "t.ks:1:12: error: a thread cannot be declared inside a thread or task" },
	{ "process P { process Q { } }\n", "t.ks:1:13: error: a process cannot be declared inside another actor" },
	{ "work 1ms\n", "t.ks:1:1: error: 'work' is a statement and belongs inside an actor" },
	{ "thread A { work 1ms\n", "t.ks:1:10: error: this '{' is never closed" },
	{ "thread A { work 1ms } }\n", "t.ks:1:23: error: this '}' closes nothing" },
	{ "thread A { work 1ms work 2ms }\n", "t.ks:1:21: error: unexpected 'work' after the statement" },
	{ "thread A { say \"hi }\n", "t.ks:1:16: error: unterminated string" },
	{ "@zh_TW \"標題\"\nthread A { }\n", "t.ks:1:1: error: a translation line continues a text, but the line before has none\n    1 | @zh_TW \"標題\"\n      | ^~~~~~\n  hint: write it on the line right after the text" },
	{ "thread A {\n  @zh_TW \"x\"\n}\n", "t.ks:2:3: error: a translation line continues a text, but the line before has none" },
	{ "thread A {\n  work 1ms\n  @zh_TW \"x\"\n}\n", "t.ks:3:3: error: a translation line continues a text" },
	{ "thread A {\n  mark \"m\" { }\n  @zh_TW \"x\"\n}\n", "t.ks:3:3: error: a translation line continues a text" },
	{ "variant v {\n  @zh_TW \"x\"\n  thread A { }\n}\n", "t.ks:2:3: error: a translation line continues a text" },
	{ "tutorial \"RACE\"\n  @zh_TW \"x\"\nthread A { }\n", "t.ks:2:3: error: a translation line continues a text" },
	{ "thread A { say \"a\"; @zh_TW \"x\" }\n", "t.ks:1:21: error: a translation line continues a text" },
	{ "thread A {\n  say \"a\"\n    @zh_TW 5\n}\n", "t.ks:3:12: error: expected the translated text (a string), found '5'" },
	{ "option cpus 0\nthread A { }\n", "t.ks:1:13: error: option cpus takes 1 to 1024 CPUs" },
	{ "variant v { option cpus 1025; thread A { } }\n", "t.ks:1:25: error: option cpus takes 1 to 1024 CPUs" },
	{ "option cpus 2ms\n", "t.ks:1:13: error: expected a whole number here" },
	{ "option cpus\n", "t.ks:1:12: error: expected how many CPUs, found the end of the line" },
	{ "option cpus 2\noption cpus 3\n", "t.ks:2:8: error: 'option cpus' is given twice here" },
	{ "option gpus 2\n", "t.ks:1:8: error: expected an option (gil, cpus, max_threads or stack), found 'gpus'" },
	{ "var while\n", "t.ks:1:5: error: 'while' is a keyword and cannot be a name" },
	{ "thread A { let true = 1 }\n", "t.ks:1:16: error: 'true' is a keyword and cannot be a name" },
	{ "var deadlock\n", "t.ks:1:5: error: 'deadlock' is a keyword and cannot be a name" },
	{ "queue q\nthread A { pop q into work }\n", "t.ks:2:23: error: 'work' is a keyword and cannot be a name" },
	{ "semaphore s\n", "t.ks:1:12: error: expected '= N', the semaphore's initial count" },
	{ "thread A { say \"x\" @zh_TW \"a\" @zh_TW \"b\" }\n", "t.ks:1:31: error: the text has two 'zh_TW' translations" },
	{ "title \"a\"\ntitle \"b\"\nthread A { }\n", "t.ks:2:1: error: 'title' is given twice" },
	{ "thread A { work 1ms & 2 }\n", "t.ks:1:21: error: unexpected '&'\n    1 | thread A { work 1ms & 2 }\n      |                     ^\n  hint: did you mean '&&'?" },
	{ "var x = 1000000000001\n", "t.ks:1:9: error: number is too large (at most 1000000000000)" },
	{ "thread A { trylock m }\n", "t.ks:1:22: error: expected 'else { ... }'" },
	{ "variant a { thread A { } }\nvariant a { thread A { } }\n", "t.ks:2:9: error: there is already a variant named 'a'" },
	{ "variant a { var x }\n", "t.ks:1:1: error: the variant has no actors" },
	{ "thread A { }\nschedule B\n", "t.ks:2:10: error: no actor is named 'B'" },
	{ "loop L { task T { } }\nschedule L\n", "t.ks:2:10: error: loop 'L' takes no steps of its own; name its tasks" },
	{ "thread A { say \"\\q\" }\n", "t.ks:1:17: error: unknown escape '\\q' in a string" },
	{ "thread \"廚師\" { wrk 1ms }\n", "t.ks:1:15: error: unknown statement 'wrk'\n    1 | thread \"廚師\" { wrk 1ms }\n      |                 ^~~" },
	{ "thread A { say \"caf\xc3\x28\" }\n", "t.ks:1:20: error: invalid UTF-8 (byte 0xc3)" },
	{ "thread A {\r\n  work 5\r\n}\r\n", "t.ks:2:8: error: a duration needs a unit" },
	{ "thread A {\r  work 1ms }\n", "t.ks:1:11: error: carriage return without a line feed" },
	{ "thread A { let x = ((((1) }\n", "t.ks:1:27: error: expected ')', found '}'" },	/* crowds: families, me, every, deadline, bounded waits, options */
	{ "loop L * 2 { task T { } }\n", "t.ks:1:8: error: a loop cannot be a family\n    1 | loop L * 2 { task T { } }\n      |        ^\n  hint: make its tasks a family" },
	{ "thread \"W\" * 0 { }\n", "t.ks:1:14: error: a family has 1 to 10000 members" },
	{ "thread \"W\" * 10001 { }\n", "t.ks:1:14: error: a family has 1 to 10000 members" },
	{ "thread \"W\" * 2ms { }\n", "t.ks:1:14: error: expected a whole number here" },
	{ "thread \"W\" * { }\n", "t.ks:1:14: error: expected how many members, found '{'" },
	{ "process \"P\" * 2 {\n  thread T { work 1ms }\n}\n", "t.ks:2:3: error: the members of a process family cannot hold threads or loops" },
	{ "process \"P\" * 2 {\n  loop L { task T { } }\n}\n", "t.ks:2:3: error: the members of a process family cannot hold threads or loops" },
	{ "thread A { let x = me }\n", "t.ks:1:20: error: 'me' is only for the members of a family\n    1 | thread A { let x = me }\n      |                    ^~\n  hint: make the actor a family, as in thread \"Waiter\" * 8 { ... }: me is then 1 to 8" },
	{ "loop L { task T { await 1ms; if me > 1 { } } }\n", "t.ks:1:33: error: 'me' is only for the members of a family" },
	{ "thread \"W\" * 2 { work 1ms }\nexpect me == 1\n", "t.ks:2:8: error: 'me' is only for the members of a family" },
	{ "thread \"W\" * 2 { me = 1 }\n", "t.ks:1:18: error: 'me' is the member's number in its family: it is read-only\n    1 | thread \"W\" * 2 { me = 1 }\n      |                  ^~\n  hint: copy it into a local of its own: let n = me" },
	{ "thread \"W\" * 2 { let me = 1 }\n", "t.ks:1:22: error: 'me' is the member's number in its family: it is read-only" },
	{ "thread \"W\" * 2 { me += 1 }\n", "t.ks:1:18: error: 'me' is the member's number in its family: it is read-only" },
	{ "var me\n", "t.ks:1:5: error: 'me' is the member's number in its family: it is read-only" },
	{ "queue q\nthread \"W\" * 2 { pop q into me }\n", "t.ks:2:29: error: 'me' is the member's number in its family: it is read-only" },
	{ "thread \"W\" * 2 { atomic me += 1 }\n", "t.ks:1:25: error: 'me' is the member's number in its family: it is read-only" },
	{ "thread A every 10ms { }\n", "t.ks:1:10: error: 'every' is for a family of actors\n    1 | thread A every 10ms { }\n      |          ^~~~~\n  hint: give a count after the name, as in thread \"A\" * 10 every ..." },
	{ "process A deadline 1s { }\n", "t.ks:1:11: error: 'deadline' is for a family of actors" },
	{ "loop L every 1ms { task T { } }\n", "t.ks:1:8: error: a loop is not a family and takes no 'every' or 'deadline'" },
	{ "idle thread \"H\" * 2 every 10ms { }\nthread S { spawn H }\n", "t.ks:1:21: error: an idle family takes no 'every': its members arrive when they are spawned\n    1 | idle thread \"H\" * 2 every 10ms { }\n      |                     ^~~~~\n  hint: drop 'idle'" },
	{ "process P {\n  thread \"W\" * 2 every 1ms { }\n}\n", "t.ks:2:18: error: threads inside a process start with it and take no 'every'" },
	{ "thread \"W\" * 2 every 0ms { }\n", "t.ks:1:22: error: the time between arrivals must be longer than 0" },
	{ "thread \"W\" * 2 every ~ { }\n", "t.ks:1:24: error: expected a duration such as 20ms, found '{'" },
	{ "thread \"W\" * 2 deadline 0s { }\n", "t.ks:1:25: error: a deadline must be longer than 0" },
	{ "thread \"W\" * 2 every 1ms every 2ms { }\n", "t.ks:1:26: error: 'every' is given twice" },
	{ "thread \"W\" * 2 deadline 1s every 1ms deadline 2s { }\n", "t.ks:1:38: error: 'deadline' is given twice" },
	{ "thread \"W\" * 2 every 1ms * 3 { }\n", "t.ks:1:26: error: expected '{', found '*'" },
	{ "thread \"W\" * 2 { }\nthread \"W 2\" { }\n", "t.ks:2:8: error: 'W 2' is already the name of a member of family 'W'\n    2 | thread \"W 2\" { }\n      |        ^~~~~\nt.ks:1:8: note: the first one is here" },
	{ "thread \"W 2\" { }\nthread \"W\" * 3 { }\n", "t.ks:2:8: error: family 'W' would have a member named 'W 2', but there is already an actor of that name\n    2 | thread \"W\" * 3 { }\n      |        ^~~\nt.ks:1:8: note: the first one is here" },
	{ "thread \"W\" * 3 { }\nthread \"W\" * 2 { }\n", "t.ks:2:8: error: there is already an actor named 'W'" },
	{ "thread W { }\nthread \"W\" * 3 { }\n", "t.ks:2:8: error: there is already an actor named 'W'" },
	{ "thread \"W\" * 3 { }\nthread W { }\n", "t.ks:2:8: error: there is already an actor named 'W'" },
	{ "thread \"W\" * 2 { }\nthread \"W 1\" * 2 { }\n", "t.ks:2:8: error: 'W 1' is already the name of a member of family 'W'" },
	{ "loop L { task \"W\" * 2 { } }\nprocess P { thread \"W 2\" { } }\n", "t.ks:2:20: error: 'W 2' is already the name of a member of family 'W'" },
	{ "thread \"W\" * 2 { work 1ms }\nthread S { spawn W }\n", "t.ks:2:18: error: thread family 'W' is not idle: its members start by themselves\n    2 | thread S { spawn W }\n      |                  ^\n  hint: declare it 'idle thread \"W\" * 2' to start its members with spawn" },
	{ "process \"W\" * 2 { work 1ms }\nthread S { spawn \"W 1\" }\n", "t.ks:2:18: error: process family 'W' is not idle: its members start by themselves" },
	{ "idle thread \"W\" * 2 { spawn W }\nthread S { spawn W }\n", "t.ks:1:29: error: the members of a family cannot spawn their own family's members" },
	{ "thread \"W\" * 2 { join \"W 1\" }\n", "t.ks:1:23: error: the members of a family cannot join their own family's members" },
	{ "thread A { join Handlr }\nidle thread \"Handler\" * 2 { }\nthread B { spawn Handler }\n", "t.ks:1:17: error: no actor is named 'Handlr'\n    1 | thread A { join Handlr }\n      |                 ^~~~~~\n  hint: did you mean 'Handler'?" },
	{ "thread \"W\" * 2 { }\nthread A { join \"W 3\" }\n", "t.ks:2:17: error: no actor is named 'W 3'" },
	{ "thread \"W\" * 2 { }\nschedule \"W 3\"\n", "t.ks:2:10: error: no actor is named 'W 3'" },
	{ "mutex m\nthread A { lock m; unlock m for 1ms else { } }\n", "t.ks:2:29: error: 'unlock' never waits, so it takes no 'for'" },
	{ "semaphore s = 1\nthread A { release s for 1ms else { } }\n", "t.ks:2:22: error: 'release' never waits, so it takes no 'for'" },
	{ "idle thread B { }\nthread A { spawn B for 1ms else { } }\n", "t.ks:2:20: error: 'spawn' never waits, so it takes no 'for'" },
	{ "semaphore s = 1\nthread A { acquire s for 1ms }\n", "t.ks:2:30: error: expected 'else { ... }' (what to do when the wait times out), found '}'" },
	{ "queue q\nthread A { pop q for 1ms\n  else { } }\n", "t.ks:2:25: error: expected 'else { ... }' (what to do when the wait times out), found the end of the line" },
	{ "semaphore s = 1\nthread A { acquire s for else { } }\n", "t.ks:2:26: error: expected a duration such as 20ms, found 'else'" },
	{ "queue q\nthread A { push q 1 for 11min else { } }\n", "t.ks:2:25: error: a duration can be at most 10 minutes" },
	{ "rwlock rw\nthread A { read_lock rw for 1ms else { sleep } }\n", "t.ks:2:46: error: expected a duration such as 20ms, found '}'" },
	{ "option max_threads 0\nthread A { }\n", "t.ks:1:20: error: option max_threads takes 1 to 2500 threads" },
	{ "variant v { option max_threads 2501; thread A { } }\n", "t.ks:1:32: error: option max_threads takes 1 to 2500 threads" },
	{ "option max_threads 2\noption max_threads 3\n", "t.ks:2:8: error: 'option max_threads' is given twice here" },
	{ "option stack 8MB\n", "t.ks:1:14: error: unknown size unit: use KiB, MiB or GiB, or a number of bytes" },
	{ "option stack 8KiB\n", "t.ks:1:14: error: a stack must be 16KiB to 1GiB" },
	{ "option stack 16383\n", "t.ks:1:14: error: a stack must be 16KiB to 1GiB" },
	{ "option stack 1025MiB\n", "t.ks:1:14: error: a stack must be 16KiB to 1GiB" },
	{ "option stack 99999999999999999999GiB\n", "t.ks:1:14: error: a stack must be 16KiB to 1GiB" },
	{ "option stack 1.5MiB\n", "t.ks:1:14: error: a size is a whole number of bytes, KiB, MiB or GiB (as in 8MiB)" },
	{ "option stack\n", "t.ks:1:13: error: expected a stack size such as 8MiB, found the end of the line" },
	{ "option stack 8MiB\noption stack 9MiB\n", "t.ks:2:8: error: 'option stack' is given twice here" },
	{ "mutex m\nthread A { call m 1 }\n", "t.ks:2:17: error: 'm' is a mutex; 'call' needs a queue\n    2 | thread A { call m 1 }\n      |                 ^\n  hint: a mutex is taken with lock (or trylock) and given back with unlock" },
	{ "var v\nthread A { reply v 1 }\n", "t.ks:2:18: error: 'v' is a var; 'reply' needs a queue" },
	{ "thread A { let q = 1; call q 2 }\n", "t.ks:1:28: error: 'q' is a local value; 'call' needs a declared queue" },
	{ "queue jobs\nthread A { call jobz 1 }\n", "t.ks:2:17: error: unknown name 'jobz'" },
	{ "queue q\nthread A { call q }\n", "t.ks:2:19: error: expected a value (a number, a name or '('), found '}'" },
	{ "queue q\nthread A { call q 1 for 1ms }\n", "t.ks:2:29: error: expected 'else { ... }' (what to do when the wait times out), found '}'" },
	{ "queue q\nthread A { reply q 1 for 1ms else { } }\n", "t.ks:2:22: error: 'reply' never waits, so it takes no 'for'\n    2 | thread A { reply q 1 for 1ms else { } }\n      |                      ^~~\n  hint: a reply nobody waits for is lost; bound the call instead: call Q X for D else { ... }" },
	{ "queue q\nthread A { calll q 1 }\n", "hint: did you mean 'call'?" },
	{ "var call = 1\n", "t.ks:1:5: error:" },
	/* challenges, questions, expect first */
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { }\n", "t.ks:3:1: error: the challenge has no goal" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { goal lost\n goal deadlock }\n", "t.ks:4:2: error: a challenge has one goal" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { goal critical }\n", "t.ks:3:17: error: the goal is two workers inside one critical region, but the variant has no critical region" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { goal assert }\n", "t.ks:3:17: error: the goal is a failed assert, but the variant has no assert" },
	{ "var x\nthread A { let y = 1; x = y }\nchallenge \"c\" { goal y == 1 }\n", "t.ks:3:22: error: unknown name 'y'" },
	{ "var x\nthread A { let y = 1; x = y }\nchallenge \"c\" { goal final y == 1 }\n", "t.ks:3:28: error: unknown name 'y'" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { goal }\n", "t.ks:3:22: error: expected a goal (lost, deadlock, assert, critical, a condition, or final and a condition), found '}'" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { gaol lost }\n", "t.ks:3:17: error: expected goal, hint or explain in the challenge, found 'gaol'" },
	{ "var x\nthread A { x = 1 }\nchallenge { goal lost }\n", "t.ks:3:11: error: expected a text (a string in double quotes), found '{'" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { goal lost\n hint \"a\"\n hint \"b\" }\n", "t.ks:5:2: error: 'hint' is given twice" },
	{ "var x\nthread A { x = 1 }\nchallenge \"a\" { goal lost }\nvariant v { challenge \"b\" { goal lost } }\n", "t.ks:4:13: error: a variant has at most one challenge\n    4 | variant v { challenge \"b\" { goal lost } }\n      |             ^~~~~~~~~\nt.ks:3:1: note: the first one is here" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { }\n", "t.ks:3:1: error: the question has neither choices nor an answer" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { choice \"a\" when x == 1 }\n", "t.ks:3:1: error: a question needs at least two choices" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { choice \"a\" when x == 1\n choice \"b\" when x == 2\n answer x }\n", "t.ks:5:2: error: a question has choices or an answer, not both" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { choice \"a\" x == 1\n choice \"b\" when x == 2 }\n", "t.ks:3:27: error: expected 'when' and the condition that makes the choice right, found 'x'" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { choice \"a\" when first B\n choice \"b\" when x == 2 }\n", "t.ks:3:38: error: no actor is named 'B'" },
	{ "var x\nthread \"W\" * 2 { x = 1 }\nquestion \"q\" { choice \"a\" when first W\n choice \"b\" when x == 2 }\n", "t.ks:3:38: error: 'W' is a family: name one of its members" },
	{ "var x\nthread A { let y = 1; x = y }\nquestion \"q\" { answer y }\n", "t.ks:3:23: error: unknown name 'y'" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { answer x\n answer x }\n", "t.ks:4:2: error: 'answer' is given twice" },
	{ "var x\nthread A { x = 1 }\nquestion \"q\" { answer x\n hint \"h\" }\n", "t.ks:4:2: error: expected choice, answer or explain in the question, found 'hint'" },
	{ "var x\nthread A { x = 1; challenge \"c\" { goal lost } }\n", "t.ks:2:19: error: 'challenge' belongs at the top level or in a variant, not inside an actor" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" { goal lost }\nexpect first C\n", "t.ks:4:14: error: no actor is named 'C'" },
	{ "var x\nthread A { x = 1 }\nchallenge \"c\" @zh_TW \"a\" @zh_TW \"b\" { goal lost }\n", "t.ks:3:26: error: the text has two 'zh_TW' translations" },
};

/* expect can C, always EXPR: the mode of each expectation, printed back as written */
START_TEST(test_lang__expect_can_always)
{
	struct prog *p = ok("var n = 0\nthread A { n += 1 }\nthread B { n += 1 }\n"
	    "expect can n < 2\nexpect can lose\nexpect can deadlock\nexpect can stall\n"
	    "expect can livelock\nexpect can fail\nalways n >= 0\nexpect n <= 2\n");
	const struct prog_variant *v = &p->variants[0];
	static const enum prog_expect_kind kind[] = { PROG_EXPECT_TRUE, PROG_EXPECT_LOSE,
		PROG_EXPECT_DEADLOCK, PROG_EXPECT_STALL, PROG_EXPECT_LIVELOCK, PROG_EXPECT_FAIL,
		PROG_EXPECT_TRUE, PROG_EXPECT_TRUE };
	static const enum prog_expect_mode mode[] = { PROG_CAN, PROG_CAN, PROG_CAN, PROG_CAN,
		PROG_CAN, PROG_CAN, PROG_ALWAYS, PROG_MUST };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_uint_eq(v->nexpects, 8);
	for (size_t i = 0; i < 8; i++) {
		ck_assert_int_eq(v->expects[i].kind, kind[i]);
		ck_assert_int_eq(v->expects[i].mode, mode[i]);
	}
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, v, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "expect can n < 2\nexpect can lose\nexpect can deadlock\n"
	    "expect can stall\nexpect can livelock\nexpect can fail\nalways n >= 0\nexpect n <= 2\n"));
	free(buf);
	prog_free(p);
	fails("var n = 0\nthread A { n += 1 }\nexpect can\n", "expected");
	fails("var n = 0\nthread A { n += 1 }\nalways\n", "expected");
	fails("var can = 0\nthread A { can += 1 }\n", "'can' is a keyword");
	fails("var n = 0\nthread A { always n > 0 }\n", "always");
}
END_TEST

/* Judges variant 0 of P with FACTS; the headline is checked to contain WANT. */
static struct verdict
judge(const struct prog *p, const struct verdict_facts *f, int status, const char *want)
{
	struct verdict vd;
	verdict_judge(&vd, &p->variants[0], f);
	ck_assert_msg(vd.status == status, "status %d, not %d: %s", vd.status, status, vd.headline);
	ck_assert_msg(strstr(vd.headline, want) != NULL, "'%s' not in '%s'", want, vd.headline);
	ck_assert_ptr_null(strchr(vd.headline, '\n'));
	return vd;
}

/* The one rule: musts and invariants must hold, demonstrations are shown or
 * lucky, what went wrong fails unless the variant expects it, lost updates
 * fail only through an expectation, a signal is 128 + it. */
START_TEST(test_lang__verdict_rule)
{
	struct prog *lesson = ok("var n = 0\nthread A { n += 1 }\nthread B { n += 1 }\nexpect can n < 2\n");
	struct prog *plain = ok("var n = 0\nthread A { n += 1 }\nthread B { n += 1 }\n");
	struct prog *must = ok("var n = 0\nthread A { n += 1 }\nthread B { n += 1 }\nexpect n == 2\n");
	struct prog *dl = ok("mutex a\nmutex b\nthread A { lock a; lock b }\nthread B { lock b; lock a }\n"
	    "expect can deadlock\n");
	struct prog *inv = ok("var n = 0\nthread A { n += 1 }\nalways n < 5\n");
	struct verdict_facts f;
	prog_value one[] = { 1 }, two[] = { 2 }, five[] = { 5 };
	struct verdict vd;

	verdict_facts_init(&f);
	f.finals = one;
	f.lost_updates = 1;
	vd = judge(lesson, &f, 0, "the lesson is shown");
	ck_assert_int_eq(vd.marks[0], VERDICT_SHOWN);
	ck_assert(strstr(vd.headline, "1 update lost") != NULL);
	verdict_free(&vd);
	f.finals = two;
	f.lost_updates = 0;
	vd = judge(lesson, &f, 1, "did not happen this time");
	ck_assert_int_eq(vd.marks[0], VERDICT_NOT_SHOWN);
	verdict_free(&vd);

	/* lost updates with nothing expected: reported, exit 0 */
	f.finals = one;
	f.lost_updates = 1;
	vd = judge(plain, &f, 0, "nothing to check");
	verdict_free(&vd);
	vd = judge(must, &f, 1, "1 expectation not met");
	ck_assert_int_eq(vd.marks[0], VERDICT_NOT_MET);
	verdict_free(&vd);
	f.finals = two;
	f.lost_updates = 0;
	vd = judge(must, &f, 0, "every expectation met");
	verdict_free(&vd);

	/* a deadlock fails a run unless the variant says it can happen */
	f.end = VERDICT_DEADLOCK;
	vd = judge(must, &f, 1, "deadlocked; the variant does not expect this");
	verdict_free(&vd);
	vd = judge(dl, &f, 0, "deadlocked; the lesson is shown");
	verdict_free(&vd);
	f.end = VERDICT_STALLED;
	vd = judge(dl, &f, 1, "stalled; the variant does not expect this");
	verdict_free(&vd);
	f.end = VERDICT_FINISHED;
	vd = judge(dl, &f, 1, "finished; the lesson did not happen this time");
	verdict_free(&vd);

	/* one failure, one headline, whatever the end that followed it */
	f.failure = VERDICT_FAIL_ASSERT;
	f.end = VERDICT_FAILED;
	vd = judge(must, &f, 1, "failed: an assert did not hold; the variant does not expect this");
	verdict_free(&vd);
	f.end = VERDICT_STALLED;
	vd = judge(must, &f, 1, "failed: an assert did not hold; the variant does not expect this");
	verdict_free(&vd);
	f.failure = VERDICT_FAIL_NONE;

	/* an invariant broken on the way, or at the end */
	f.end = VERDICT_FAILED;
	f.failure = VERDICT_FAIL_INVARIANT;
	f.invariant = 0;
	f.finals = one;
	vd = judge(inv, &f, 1, "failed: an invariant was broken");
	ck_assert_int_eq(vd.marks[0], VERDICT_NOT_MET);
	verdict_free(&vd);
	verdict_facts_init(&f);
	f.finals = five;
	vd = judge(inv, &f, 1, "1 expectation not met");
	verdict_free(&vd);
	f.finals = one;
	vd = judge(inv, &f, 0, "every expectation met");
	verdict_free(&vd);

	/* stopped: not judged; a signal is 128 + it */
	f.end = VERDICT_SIGNAL;
	f.signal = 2;
	vd = judge(must, &f, 130, "stopped by signal 2");
	verdict_free(&vd);
	f.end = VERDICT_ABORTED;
	vd = judge(plain, &f, 1, "did not end");
	verdict_free(&vd);

	prog_free(lesson);
	prog_free(plain);
	prog_free(must);
	prog_free(dl);
	prog_free(inv);
}
END_TEST

START_TEST(test_lang__errors)
{
	fails(lang_errors[_i].src, lang_errors[_i].want);
}
END_TEST

START_TEST(test_lang__nul_byte)
{
	static const char src[] = "thread A {\n  work 1ms\0\n}\n";
	char *msgs;
	ck_assert_ptr_null(compile(src, sizeof src - 1, &msgs));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks:2:11: error: NUL byte in the file"));
	free(msgs);
}
END_TEST

static const struct { const char *src, *want; } lang_warnings[] = {
	{ "mutex m\nthread A { lock m; work 1ms }\n", "t.ks:2:12: warning: 'm' is locked by 'A' but never unlocked by it" },
	{ "thread A { work 1ms }\nidle thread B { work 1ms }\n", "t.ks:2:13: warning: thread 'B' is idle and nothing spawns it: it can never run" },
	{ "mutex pen\nthread A { work 1ms }\n", "t.ks:1:7: warning: mutex 'pen' is declared but never used" },
	{ "thread A { work 1ms }\nloop L { }\n", "t.ks:2:1: warning: loop 'L' has no tasks" },
	{ "thread A { repeat 2000000 { work 1us } }\n", "t.ks:1:19: warning: repeat 2000000 runs past the engine's limit" },
	{ "# no title\nthread A { work 1ms }\n", "t.ks:1:1: warning: the scenario has no title\n    1 | # no title\n      | ^\n  hint: 'kitchensync list' shows a blank title; add a line such as: title \"" },
	{ "title@zh_TW \"標題\"\nthread A { work 1ms }\n", "t.ks:1:1: warning: the scenario has no title" },
};

START_TEST(test_lang__warnings)
{
	warns(lang_warnings[_i].src, lang_warnings[_i].want);
}
END_TEST

START_TEST(test_lang__titled_file_is_clean)
{
	static const char src[] = "thread A { work 1ms }\ntitle \"At the end\"\n";
	char *msgs;
	struct prog *p = compile(src, sizeof src - 1, &msgs);

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(msgs, "");
	ck_assert_str_eq(prog_text_get(&p->title, NULL), "At the end");
	free(msgs);
	prog_free(p);
}
END_TEST

START_TEST(test_lang__no_lock_warning_when_deadlock_expected)
{
	struct prog *p = ok("mutex a\nmutex b\nthread A { lock a; lock b }\nthread B { lock b; lock a }\nexpect deadlock\n");
	prog_free(p);
}
END_TEST

/* Builds a file of N copies of LINE (with %d replaced by the copy's number). */
static char *
repeat_lines(const char *head, const char *line, int n, const char *tail)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs(head, f);
	for (int i = 0; i < n; i++) {
		const char *at = strstr(line, "%d");
		if (at)
			fprintf(f, "%.*s%d%s", (int)(at - line), line, i, at + 2);
		else
			fputs(line, f);
	}
	fputs(tail, f);
	fclose(f);
	return buf;
}

START_TEST(test_lang__limits)
{
	char *src, *msgs;
	struct prog *p;

	/* actors: a loop and 15999 tasks are fine, 16000 tasks are not */
	src = repeat_lines("loop L {\n", "task \"T%d\" { }\n", 15999, "}\n");
	p = ok(src);
	ck_assert_uint_eq(p->variants[0].nactors, 16000);
	prog_free(p);
	free(src);
	src = repeat_lines("loop L {\n", "task \"T%d\" { }\n", 16000, "}\n");
	fails(src, "t.ks:16001:1: error: more than 16000 actors");
	free(src);
	/* family members count one each */
	p = ok("loop L {\n  task \"T\" * 10000 { }\n  task \"U\" * 5999 { }\n}\n");
	ck_assert_uint_eq(p->variants[0].nactors, 16000);
	prog_free(p);
	fails("loop L {\n  task \"T\" * 10000 { }\n  task \"U\" * 6000 { }\n}\n",
	    "t.ks:3:3: error: more than 16000 actors\n    3 |   task \"U\" * 6000 { }\n      |   ^~~~\n"
	    "  hint: each member of a family is an actor: this family brings the count to 16001");
	/* threads: threads, members and loops, inside processes too */
	p = ok("thread \"W\" * 2499 { }\nloop L { task \"T\" * 100 { } }\n");
	ck_assert_uint_eq(p->variants[0].nactors, 2600);
	prog_free(p);
	fails("thread \"W\" * 2500 { }\nloop L { task T { } }\n",
	    "t.ks:2:1: error: more than 2500 threads\n    2 | loop L { task T { } }\n      | ^~~~\n"
	    "  hint: each thread, family member and loop is a thread of the system; this brings the count to 2501");
	fails("process P {\n  thread \"W\" * 1000 { }\n  thread \"V\" * 1500 { }\n}\nthread X { }\n",
	    "t.ks:5:1: error: more than 2500 threads");
	fails("thread \"W\" * 2501 { }\n", "t.ks:1:1: error: more than 2500 threads");
	src = repeat_lines("", "thread \"T%d\" { }\n", 2501, "");
	fails(src, "t.ks:2501:1: error: more than 2500 threads");
	free(src);
	/* processes: members count one each */
	src = repeat_lines("", "process \"P%d\" { work 1ms }\n", 64, "");
	prog_free(ok(src));
	free(src);
	src = repeat_lines("", "process \"P%d\" { work 1ms }\n", 65, "");
	fails(src, "t.ks:65:1: error: more than 64 processes");
	free(src);
	p = ok("process \"P\" * 63 { }\nprocess Q { }\n");
	ck_assert_uint_eq(p->variants[0].nactors, 64);
	prog_free(p);
	fails("process \"P\" * 64 { }\nprocess Q { }\n", "t.ks:2:1: error: more than 64 processes");
	fails("process Q { }\nprocess \"P\" * 64 { }\n",
	    "t.ks:2:1: error: more than 64 processes\n    2 | process \"P\" * 64 { }\n      | ^~~~~~~\n"
	    "  hint: each member of a family is a process: this family brings the count to 65");
	/* the family left out at a limit is not "no actor" again where it is named */
	{
		const char *src2 = "thread \"W\" * 2501 { }\nthread B { join W; spawn \"W 9\" }\nschedule W\n";
		ck_assert_ptr_null(compile(src2, strlen(src2), &msgs));
		ck_assert_ptr_nonnull(strstr(msgs, "t.ks:1:1: error: more than 2500 threads"));
		ck_assert_ptr_null(strstr(msgs, "no actor is named"));
		free(msgs);
	}
	/* the limits hold in each variant */
	fails("thread \"W\" * 2000 { }\nvariant a { thread \"V\" * 500 { } }\nvariant b { thread \"V\" * 501 { } }\n",
	    "t.ks:3:13: error: more than 2500 threads");
	/* 32 nested blocks are fine (the actor's own is the first), 33 are not */
	src = repeat_lines("thread A {\n", "repeat 1 {\n", 31, "work 1ms\n");
	{
		char *full = repeat_lines(src, "}\n", 32, "");
		prog_free(ok(full));
		free(full);
	}
	free(src);
	src = repeat_lines("thread A {\n", "repeat 1 {\n", 32, "work 1ms\n");
	{
		char *full = repeat_lines(src, "}\n", 33, "");
		fails(full, "t.ks:33:10: error: blocks are nested deeper than 32 levels");
		free(full);
	}
	free(src);
	prog_free(ok("thread A { work 10min; sleep 600s }\n"));
	/* 64 characters in an identifier are fine, 65 are not */
	src = repeat_lines("var ", "a", 64, " = 1\nthread A { ");
	{
		char *full = repeat_lines(src, "a", 64, " = 2 }\n");
		prog_free(ok(full));
		free(full);
	}
	free(src);
	src = repeat_lines("var ", "a", 65, "\n");
	fails(src, "t.ks:1:5: error: identifier is longer than 64 characters");
	free(src);
	src = repeat_lines("thread A { say \"", "x", 1025, "\" }\n");
	fails(src, "t.ks:1:16: error: string is longer than 1024 bytes");
	free(src);
	/* a file over 1 MiB is refused before it is read further */
	src = repeat_lines("thread A { work 1ms }\n", "#%d......\n", 1024 * 1024 / 9 + 1, "");
	ck_assert_ptr_null(compile(src, strlen(src), &msgs));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks: error: the file is larger than the limit"));
	free(msgs);
	free(src);
}
END_TEST

START_TEST(test_lang__at_most_20_errors)
{
	char *src = repeat_lines("thread A {\n", "frob %d\n", 40, "}\n"), *msgs, *s;
	int n = 0;

	ck_assert_ptr_null(compile(src, strlen(src), &msgs));
	for (s = msgs; (s = strstr(s, ": error: ")) != NULL; s++)
		n++;
	ck_assert_int_eq(n, 20);
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks:21:1: error: unknown statement 'frob'"));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks: note: too many errors; stopping after 20"));
	free(msgs);
	free(src);
}
END_TEST

START_TEST(test_lang__recovery_reports_each_statement)
{
	char *msgs;
	const char *src = "var x\nthread A {\n  frob 1 2 3\n  x += \n  work 1ms\n  lock\n}\n";

	ck_assert_ptr_null(compile(src, strlen(src), &msgs));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks:3:3: error: unknown statement 'frob'"));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks:4:8: error: expected a value"));
	ck_assert_ptr_nonnull(strstr(msgs, "t.ks:6:7: error: expected a name"));
	/* nothing about the valid line between them, and no cascade */
	ck_assert_ptr_null(strstr(msgs, "t.ks:5:"));
	ck_assert_ptr_null(strstr(msgs, "t.ks:7:"));
	free(msgs);
}
END_TEST

/* Every file of a directory under tests/data: VALID ones compile, others fail with a located error. */
static void
corpus(const char *sub, bool valid)
{
	const char *dirpath = ks_check_data(sub);
	char dirbuf[4096];
	DIR *dir;
	struct dirent *de;
	int n = 0;

	snprintf(dirbuf, sizeof dirbuf, "%s", dirpath);
	dir = opendir(dirbuf);
	ck_assert_msg(dir != NULL, "cannot open %s", dirbuf);
	while ((de = readdir(dir)) != NULL) {
		char path[8192], *msgs = NULL;
		size_t len = 0;
		FILE *f;
		struct diag *d;
		struct prog *p;
		if (strstr(de->d_name, ".ks") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", dirbuf, de->d_name);
		f = open_memstream(&msgs, &len);
		d = diag_new(f);
		p = scn_load(path, d);
		diag_free(d);
		fclose(f);
		if (valid)
			ck_assert_msg(p != NULL && msgs[0] == '\0', "%s:\n%s", path, msgs);
		else
			ck_assert_msg(p == NULL && strstr(msgs, ": error: ") && strstr(msgs, path) == msgs,
			    "%s:\n%s", path, msgs);
		prog_free(p);
		free(msgs);
		n++;
	}
	closedir(dir);
	ck_assert_int_gt(n, 10);
}

START_TEST(test_lang__valid_corpus)
{
	corpus("valid", true);
}
END_TEST

START_TEST(test_lang__bad_corpus)
{
	corpus("bad", false);
}
END_TEST

/* `mutex NAME fair`: a flag on the mutex, printed back by show; only a
 * mutex takes it. */
START_TEST(test_lang__fair_mutex)
{
	struct prog *p = ok("mutex m fair\nmutex n\nthread A { lock m; unlock m; lock n; unlock n }\n");
	const struct prog_variant *v = &p->variants[0];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert(v->decls[0].fair);
	ck_assert(!v->decls[1].fair);
	ck_assert_int_eq(v->decls[0].capacity, 0);
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, v, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "mutex m fair\n"));
	ck_assert_ptr_nonnull(strstr(buf, "mutex n\n"));
	free(buf);
	prog_free(p);
	fails("queue q fair\nthread A { push q 1 }\n", "unexpected 'fair'");
	/* a fair rwlock serves in arrival order: no preference on top */
	fails("rwlock r prefer writers fair\nthread A { read_lock r; unlock r }\n", "unexpected 'fair'");
	fails("rwlock r fair prefer writers\nthread A { read_lock r; unlock r }\n", "unexpected 'prefer'");
	p = ok("rwlock r fair\nrwlock s\nthread A { read_lock r; unlock r; write_lock s; unlock s }\n");
	v = &p->variants[0];
	ck_assert(v->decls[0].fair);
	ck_assert(!v->decls[1].fair);
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, v, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "rwlock r fair\n"));
	ck_assert_ptr_nonnull(strstr(buf, "rwlock s\n"));
	free(buf);
	prog_free(p);
}
END_TEST

/* fail and transaction: the block is begin, its statements, commit, on a
 * fair mutex named transaction that only variants with transactions get;
 * a fail inside names it; what would wait or leave the block is refused. */
START_TEST(test_lang__fail_and_transaction)
{
	struct prog *p = ok("var a = 100\nvar b = 100\n"
	    "variant plain { thread T { a -= 10; fail \"dropped\" @zh_TW \"斷線\"; b += 10 } }\n"
	    "variant tx { thread T { transaction {\n  a -= 10\n  fail \"dropped\"\n  b += 10\n} } }\n");
	const struct prog_variant *v = &p->variants[0];
	const struct prog_actor *a = &v->actors[0];

	ck_assert_uint_eq(v->ndecls, 2);  /* no transaction in plain: no mutex */
	ck_assert_int_eq(a->ops[2].code, PROG_OP_FAIL);
	ck_assert_int_eq(a->ops[2].res, -1);
	ck_assert_str_eq(prog_text_get(&p->texts[a->ops[2].text], "zh_TW"), "斷線");

	v = &p->variants[1];
	a = &v->actors[0];
	ck_assert_uint_eq(v->ndecls, 3);
	ck_assert_int_eq(v->decls[2].kind, PROG_MUTEX);
	ck_assert_str_eq(v->decls[2].name, "transaction");
	ck_assert(v->decls[2].fair);
	ck_assert_uint_eq(a->nops, 8);
	ck_assert_int_eq(a->ops[0].code, PROG_OP_TX_BEGIN);
	ck_assert_int_eq(a->ops[0].res, 2);
	ck_assert_int_eq(a->ops[1].code, PROG_OP_LOAD);
	ck_assert_int_eq(a->ops[3].code, PROG_OP_FAIL);
	ck_assert_int_eq(a->ops[3].res, 2);
	ck_assert_int_eq(a->ops[3].loc.line, 6);
	ck_assert_int_eq(a->ops[6].code, PROG_OP_TX_COMMIT);
	ck_assert_int_eq(a->ops[6].res, 2);
	ck_assert_str_eq(prog_opcode_name(PROG_OP_TX_BEGIN), "begin");
	prog_free(p);

	fails("var a\nmutex m\nthread T { transaction { lock m; a = 1; unlock m } }\n",
	    "'lock' cannot be inside a transaction");
	fails("var a\nqueue q\nthread T { transaction { push q 1 } }\nthread U { pop q }\n",
	    "'push' cannot be inside a transaction");
	fails("var a\nthread T { transaction { transaction { a = 1 } } }\n",
	    "'transaction' cannot be inside a transaction");
	fails("var a\nloop L { task T { transaction { await 1s; a = 1 } } }\n",
	    "'await' cannot be inside a transaction");
	fails("var a\nthread T { repeat 2 { transaction { a = 1; break } } }\n",
	    "'break' would leave the transaction before its end");
	fails("var fail = 1\nthread T { fail = 2 }\n", "fail");
	/* a loop inside the transaction may break out of itself */
	prog_free(ok("var a\nthread T { transaction { repeat 3 { a += 1; break } } }\n"));
}
END_TEST

START_TEST(test_lang__show_variant)
{
	struct prog *p = ok("var orders\nvariant v \"V\" { thread \"Cook A\" {\n  repeat 2 { orders += 1 }\n} expect orders == 2 }\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	prog_print_variant(f, p, &p->variants[0], NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "variant v: V\n"));
	ck_assert_ptr_nonnull(strstr(buf, "thread \"Cook A\"  (line 2)\n"));
	ck_assert_ptr_nonnull(strstr(buf, "    0  L3    * set $r0 = 2\n"));
	ck_assert_ptr_nonnull(strstr(buf, "    2  L3      load orders -> $t0\n"));
	ck_assert_ptr_nonnull(strstr(buf, "    3  L3      store orders = $t0 + 1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "expect orders == 2\n"));
	/* each hidden temporary is named and explained under its actor */
	ck_assert_ptr_nonnull(strstr(buf, "(line 2)\n      hidden $r0: the counter of the repeat on line 3\n"
	    "      hidden $t0: a value held between two steps (a load or pop, then a store)\n    0  L3"));
	ck_assert_ptr_nonnull(strstr(buf, "locals named $... are hidden ones the compiler made"));
	free(buf);
	prog_free(p);
}
END_TEST

/* A challenge and questions compile with their texts, translations and
 * conditions; every expectation's actor is -1 but first's. */
START_TEST(test_lang__challenge_question)
{
	/* the challenge in one variant, the questions in another: a variant
	 * with a challenge asks no question (scenario(5)) */
	struct prog *p = ok("var orders\n"
	    "thread \"Cook A\" { orders += 1 }\nthread \"Cook B\" { orders += 1 }\n"
	    "expect orders <= 2\nexpect first \"Cook B\"\nvariant v {\n"
	    "  challenge \"Lose one\" @zh_TW \"少一張\" {\n    goal lost\n    hint \"Read twice\"\n"
	    "    explain \"Both read 0\"\n      @zh_TW \"都讀到 0\"\n  }\n}\nvariant w {\n"
	    "  question \"How many?\" {\n    choice \"2\" when orders == 2\n"
	    "    choice \"fewer\" @zh_TW \"少於 2\" when orders < 2\n    choice \"stuck\" when deadlock\n"
	    "    choice \"B\" when first \"Cook B\"; choice \"slow\" when elapsed > 1s\n    explain \"Why\"\n  }\n"
	    "  question \"Value?\" { answer orders * 2 }\n}\n");
	const struct prog_variant *v = &p->variants[0];
	const struct prog_variant *w = &p->variants[1];
	const struct prog_challenge *ch = v->challenge;
	const struct prog_question *q;

	ck_assert_uint_eq(v->nexpects, 2);
	ck_assert_int_eq(v->expects[0].actor, -1);
	ck_assert_int_eq(v->expects[1].kind, PROG_EXPECT_FIRST);
	ck_assert_int_eq(v->expects[1].actor, 1);
	ck_assert_int_eq(v->expects[1].expr, -1);
	ck_assert_ptr_nonnull(ch);
	ck_assert_int_eq(ch->goal, PROG_GOAL_LOST);
	ck_assert_int_eq(ch->expr, -1);
	ck_assert_str_eq(ch->title.text, "Lose one");
	ck_assert_str_eq(prog_text_get(&ch->title, "zh_TW"), "少一張");
	ck_assert_str_eq(ch->hint.text, "Read twice");
	ck_assert_str_eq(prog_text_get(&ch->explain, "zh_TW.UTF-8"), "都讀到 0");
	ck_assert_int_eq(ch->loc.line, 7);
	ck_assert_uint_eq(v->nquestions, 0);
	ck_assert_ptr_null(w->challenge);
	ck_assert_uint_eq(w->nquestions, 2);
	q = &w->questions[0];
	ck_assert_int_eq(q->kind, PROG_QUESTION_CHOICE);
	ck_assert_uint_eq(q->nchoices, 5);
	ck_assert_int_eq(q->expr, -1);
	ck_assert_str_eq(q->text.text, "How many?");
	ck_assert_str_eq(prog_text_get(&q->choices[1].text, "zh_TW"), "少於 2");
	ck_assert_int_eq(q->choices[0].when.kind, PROG_EXPECT_TRUE);
	ck_assert_int_eq(q->choices[0].when.actor, -1);
	ck_assert_int_eq(q->choices[2].when.kind, PROG_EXPECT_DEADLOCK);
	ck_assert_int_eq(q->choices[3].when.kind, PROG_EXPECT_FIRST);
	ck_assert_int_eq(q->choices[3].when.actor, 1);
	ck_assert_int_eq(q->choices[4].when.kind, PROG_EXPECT_ELAPSED_GT);
	ck_assert_int_eq(q->choices[4].when.dur_ns, 1000000000LL);
	ck_assert_str_eq(q->explain.text, "Why");
	q = &w->questions[1];
	ck_assert_int_eq(q->kind, PROG_QUESTION_NUMBER);
	ck_assert_uint_eq(q->nchoices, 0);
	ck_assert_int_ge(q->expr, 0);
	ck_assert_ptr_null(q->explain.text);
	prog_free(p);
}
END_TEST

/* Goal kinds; a top-level challenge and question serve every variant (copied,
 * so each program frees its own); a variable named first or final stays usable. */
START_TEST(test_lang__goals_and_top_level)
{
	static const struct { const char *goal; enum prog_goal_kind kind; bool expr; } goals[] = {
		{ "lost", PROG_GOAL_LOST, false }, { "deadlock", PROG_GOAL_DEADLOCK, false },
		{ "assert", PROG_GOAL_ASSERT, false }, { "critical", PROG_GOAL_CRITICAL, false },
		{ "x > 1", PROG_GOAL_TRUE, true }, { "final x == 2", PROG_GOAL_FINAL, true },
		{ "final > 0", PROG_GOAL_TRUE, true }, { "first == 0", PROG_GOAL_TRUE, true },
	};
	for (size_t i = 0; i < sizeof goals / sizeof goals[0]; i++) {
		char *src = xasprintf("var x\nvar final\nvar first\n"
		    "thread A { critical r { x += 1 }; assert x < 5 \"small\"; final = 1; first = 1 }\n"
		    "challenge \"c\" { goal %s }\n", goals[i].goal);
		struct prog *p = ok(src);
		const struct prog_challenge *ch = p->variants[0].challenge;
		ck_assert_ptr_nonnull(ch);
		ck_assert_int_eq(ch->goal, goals[i].kind);
		ck_assert_int_eq(ch->expr >= 0, goals[i].expr);
		prog_free(p);
		free(src);
	}
	{
		struct prog *p = ok("var x\nvar first\nthread A { x = 1; first = 1 }\nexpect first == 1\n"
		    "challenge \"c\" { goal x == 1 }\nvariant a { }\nvariant b { }\n");
		ck_assert_uint_eq(p->nvariants, 2);
		ck_assert_int_eq(p->variants[0].expects[0].kind, PROG_EXPECT_TRUE);
		ck_assert_ptr_nonnull(p->variants[0].challenge);
		ck_assert_ptr_nonnull(p->variants[1].challenge);
		ck_assert_ptr_ne(p->variants[0].challenge->title.text, p->variants[1].challenge->title.text);
		prog_free(p);
		p = ok("var x\nthread A { x = 1 }\nquestion \"q\" { answer x }\n"
		    "variant a { }\nvariant b { question \"q2\" { answer x + 1 } }\n");
		ck_assert_uint_eq(p->variants[0].nquestions, 1);
		ck_assert_uint_eq(p->variants[1].nquestions, 2);
		ck_assert_str_eq(p->variants[1].questions[1].text.text, "q2");
		prog_free(p);
	}
	/* a top-level question does not serve a variant with a challenge: the
	 * learner steers that run; the error stands at the question */
	fails("var x\nthread A { x = 1 }\nquestion \"q\" { answer x }\n"
	    "variant a { }\nvariant b { challenge \"c\" { goal x == 1 } }\n",
	    ":3:1: error: variant 'b' has a challenge, so it asks no question");
}
END_TEST

/* show prints the challenge and the questions, choices lettered, in the learner's language. */
START_TEST(test_lang__show_challenge_question)
{
	struct prog *p = ok("var orders\nthread \"Cook A\" { orders += 1 }\nvariant c {\n"
	    "challenge \"Lose one\" @zh_TW \"少一張\" { goal final orders < 1; hint \"h\"; explain \"e\" }\n}\n"
	    "variant q {\nquestion \"How many?\" { choice \"one\" when orders == 1; choice \"A\" when first \"Cook A\"\n"
	    "  explain \"x\" @zh_TW \"解釋\" }\nquestion \"N?\" { answer orders + 1 }\n}\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	prog_print_variant(f, p, &p->variants[0], NULL);
	prog_print_variant(f, p, &p->variants[1], NULL);
	prog_print_variant(f, p, &p->variants[0], "zh_TW");
	prog_print_variant(f, p, &p->variants[1], "zh_TW");
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\nchallenge \"Lose one\"\n  goal final orders < 1\n  hint \"h\"\n  explain \"e\"\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nquestion \"How many?\"\n  choice a \"one\" when orders == 1\n"
	    "  choice b \"A\" when first \"Cook A\"\n  explain \"x\"\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nquestion \"N?\"\n  answer orders + 1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nchallenge \"少一張\"\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  explain \"解釋\"\n"));
	free(buf);
	prog_free(p);
}
END_TEST

/* A variant's schedule is printed with the actors' names; an actor without
 * hidden locals gets no hidden line. */
START_TEST(test_lang__show_schedule)
{
	struct prog *p = ok("variant v {\n  thread \"Cook A\" { work 1ms }\n  thread B { let x = 1 }\n"
	    "  schedule \"Cook A\" * 2, B\n}\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	prog_print_variant(f, p, &p->variants[0], NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\nschedule \"Cook A\", \"Cook A\", \"B\"\n"));
	ck_assert_ptr_null(strstr(buf, "hidden x"));
	ck_assert_ptr_null(strstr(buf, "      hidden"));
	free(buf);
	prog_free(p);
}
END_TEST

START_TEST(test_lang__durations)
{
	const char *why = NULL;
	char buf[32];

	ck_assert_int_eq(scn_parse_duration("20ms", 4, &why), 20000000);
	ck_assert_int_eq(scn_parse_duration("1.5s", 4, &why), 1500000000);
	ck_assert_int_eq(scn_parse_duration("7us", 3, &why), 7000);
	ck_assert_int_eq(scn_parse_duration("10min", 5, &why), PROG_MAX_DUR_NS);
	ck_assert_int_eq(scn_parse_duration("99999999999999999999s", 21, &why), -1);
	ck_assert_str_eq(prog_print_dur(buf, sizeof buf, 1500000000), "1500ms");
	ck_assert_str_eq(prog_print_dur(buf, sizeof buf, 60000000000LL), "1min");
	ck_assert_str_eq(prog_print_dur(buf, sizeof buf, 3000), "3us");
}
END_TEST
/* Scenario texts follow the same language as gettext's messages: LANGUAGE
 * counts under C.UTF-8 too, and not under plain C. */
START_TEST(test_lang__prog_lang_follows_gettext)
{
	char en[] = "Deadlock", zh[] = "死結", lang[] = "zh_TW";
	struct prog_text t = { .text = en };
	struct prog_tr tr = { .lang = lang, .text = zh };

	t.tr = &tr;
	t.ntr = 1;
	ck_assert_int_eq(setenv("LANGUAGE", "zh_TW:en", 1), 0);
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	ck_assert_str_eq(prog_lang(), "zh_TW");
	ck_assert_str_eq(prog_text_get(&t, prog_lang()), "死結");
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
	ck_assert_int_eq(setenv("LC_ALL", "C", 1), 0);
	ck_assert_str_eq(prog_lang(), "C");
	ck_assert_str_eq(prog_text_get(&t, prog_lang()), "Deadlock");
	ck_assert_int_eq(unsetenv("LANGUAGE"), 0);
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	ck_assert_int_eq(setenv("LC_ALL", "C.UTF-8", 1), 0);
	ck_assert_str_eq(prog_lang(), "C");
}
END_TEST

/* ---- crowds: families, me, arrivals, deadlines, bounded waits, options ---- */

/* A family's members are contiguous actors "NAME 1" ... "NAME N" sharing the
 * first member's ops and locals; everything else keeps family -1, member 0. */
START_TEST(test_lang__family_expands)
{
	struct prog *p = ok(
	    "thread Solo { work 1ms }\n"                                   /* 0 */
	    "thread \"Waiter\" * 3 { let x = 1; work 1ms }\n"              /* 1..3 */
	    "process \"Worker\" * 2 { work 1ms }\n"                        /* 4..5 */
	    "loop L {\n  task \"Request\" * 4 { await 1ms }\n}\n"          /* 6, 7..10 */
	    "process P {\n  thread \"Cook\" * 2 { work 1ms }\n  work 1ms\n}\n"  /* 11, 12..13 */
	    "thread \"Cook 3\" { work 1ms }\n");                           /* 14: no collision */
	const struct prog_variant *v = &p->variants[0];
	static const char *const names[] = {
		"Solo", "Waiter 1", "Waiter 2", "Waiter 3", "Worker 1", "Worker 2", "L",
		"Request 1", "Request 2", "Request 3", "Request 4", "P", "Cook 1", "Cook 2", "Cook 3",
	};

	ck_assert_uint_eq(v->nactors, sizeof names / sizeof names[0]);
	for (size_t i = 0; i < v->nactors; i++)
		ck_assert_str_eq(v->actors[i].name, names[i]);
	/* the actors outside families */
	ck_assert_int_eq(v->actors[0].family, -1);
	ck_assert_int_eq(v->actors[0].member, 0);
	ck_assert(!v->actors[0].shared);
	ck_assert_int_eq(v->actors[6].family, -1);
	ck_assert_int_eq(v->actors[11].family, -1);
	ck_assert_int_eq(v->actors[14].family, -1);
	ck_assert_int_eq(v->actors[14].member, 0);
	/* the families, in order */
	ck_assert_uint_eq(v->nfamilies, 4);
	ck_assert_str_eq(v->families[0].name, "Waiter");
	ck_assert_int_eq(v->families[0].kind, PROG_THREAD);
	ck_assert_int_eq(v->families[0].first, 1);
	ck_assert_int_eq(v->families[0].count, 3);
	ck_assert_int_eq(v->families[0].parent, -1);
	ck_assert(!v->families[0].idle);
	ck_assert_int_eq(v->families[0].every_ns, 0);
	ck_assert_int_eq(v->families[0].deadline_ns, 0);
	ck_assert_int_eq(v->families[0].loc.line, 2);
	ck_assert_int_eq(v->families[1].kind, PROG_PROCESS);
	ck_assert_int_eq(v->families[1].first, 4);
	ck_assert_int_eq(v->families[1].count, 2);
	ck_assert_int_eq(v->families[2].kind, PROG_TASK);
	ck_assert_int_eq(v->families[2].first, 7);
	ck_assert_int_eq(v->families[2].parent, 6);
	ck_assert_int_eq(v->families[3].first, 12);
	ck_assert_int_eq(v->families[3].parent, 11);
	for (size_t f = 0; f < v->nfamilies; f++) {
		const struct prog_family *fam = &v->families[f];
		const struct prog_actor *first = &v->actors[fam->first];
		for (int k = 0; k < fam->count; k++) {
			const struct prog_actor *a = &v->actors[fam->first + k];
			ck_assert_int_eq(a->family, (int)f);
			ck_assert_int_eq(a->member, k + 1);
			ck_assert_int_eq(a->kind, fam->kind);
			ck_assert_int_eq(a->parent, fam->parent);
			ck_assert(a->shared == (k > 0));
			ck_assert_ptr_eq(a->ops, first->ops);
			ck_assert_uint_eq(a->nops, first->nops);
			ck_assert_ptr_eq(a->locals, first->locals);
			ck_assert_uint_eq(a->nlocals, first->nlocals);
		}
	}
	ck_assert_uint_eq(v->actors[2].nlocals, 1);
	ck_assert_str_eq(v->actors[2].locals[0], "x");
	ck_assert_int_eq(v->actors[8].kind, PROG_TASK);
	ck_assert_int_eq(v->actors[8].ops[0].code, PROG_OP_AWAIT);
	prog_free(p);
}
END_TEST

/* `me` is an expression of its own; a family of one is fine. */
START_TEST(test_lang__family_me)
{
	struct prog *p = ok(
	    "queue q\nvar total\n"
	    "thread \"W\" * 2 { push q me * 10; repeat me { work 1ms }; if me == 2 { atomic total += me } }\n"
	    "process \"One\" * 1 { let n = me }\n"
	    "thread C { pop q; pop q }\n");
	const struct prog_variant *v = &p->variants[0];
	const struct prog_actor *a = actor(p, "W 2"), *one = actor(p, "One 1");

	assert_op(p, a, 0, PROG_OP_PUSH, 0, "push q me * 10");
	ck_assert_int_eq(v->exprs[v->exprs[a->ops[0].expr].lhs].kind, PROG_EX_ME);
	assert_op(p, a, 1, PROG_OP_SET, PROG_OPF_INTERNAL, "set $r0 = me");
	ck_assert_int_eq(v->exprs[a->ops[1].expr].kind, PROG_EX_ME);
	assert_op(p, a, 6, PROG_OP_BRANCH, 0, "branch me == 2 else -> 8");
	ck_assert_int_eq(v->exprs[v->exprs[a->ops[6].expr].lhs].kind, PROG_EX_ME);
	assert_op(p, a, 7, PROG_OP_ATOMIC_ADD, 0, "atomic add total += me");
	ck_assert_int_eq(one->member, 1);
	assert_op(p, one, 0, PROG_OP_SET, 0, "set n = me");
	ck_assert_int_eq(v->exprs[one->ops[0].expr].kind, PROG_EX_ME);
	prog_free(p);
}
END_TEST

/* every, every ~ and deadline, in either order, go into the family. */
START_TEST(test_lang__family_every_deadline)
{
	struct prog *p = ok(
	    "thread \"Client\" * 100 every 10ms { work 1ms }\n"
	    "process \"Batch\" * 4 deadline 2s every ~250ms { work 1ms }\n"
	    "loop L { task \"Request\" * 2000 every 1ms deadline 500ms { await 1ms } }\n"
	    "idle thread \"Handler\" * 8 deadline 1.5s { work 1ms }\n"
	    "process P { thread \"Cook\" * 2 deadline 1s { work 1ms } }\n"
	    "thread S { spawn Handler }\n");
	const struct prog_variant *v = &p->variants[0];

	ck_assert_uint_eq(v->nfamilies, 5);
	ck_assert_int_eq(v->families[0].every_ns, 10000000);
	ck_assert(!v->families[0].every_random);
	ck_assert_int_eq(v->families[0].deadline_ns, 0);
	ck_assert_int_eq(v->families[1].every_ns, 250000000);
	ck_assert(v->families[1].every_random);
	ck_assert_int_eq(v->families[1].deadline_ns, 2000000000);
	ck_assert_int_eq(v->families[2].every_ns, 1000000);
	ck_assert_int_eq(v->families[2].deadline_ns, 500000000);
	ck_assert_int_eq(v->families[2].count, 2000);
	ck_assert(v->families[3].idle);
	ck_assert_int_eq(v->families[3].every_ns, 0);
	ck_assert_int_eq(v->families[3].deadline_ns, 1500000000);
	ck_assert(v->actors[v->families[3].first + 7].idle);
	ck_assert_int_eq(v->families[4].deadline_ns, 1000000000);
	ck_assert_int_eq(v->families[4].every_ns, 0);
	prog_free(p);
}
END_TEST

/* spawn and join name a whole family (family set, actor -1) or one member. */
START_TEST(test_lang__family_spawn_join)
{
	struct prog *p = ok(
	    "idle thread \"Handler\" * 3 { work 1ms }\n"      /* 0..2, family 0 */
	    "thread \"Waiter\" * 2 { work 1ms }\n"            /* 3..4, family 1 */
	    "loop L { idle task \"T\" * 2 { await 1ms }\n"    /* 5, 6..7, family 2 */
	    "  task Boot { spawn T; spawn \"T 2\" } }\n"      /* 8 */
	    "thread Boss {\n"
	    "  spawn Handler\n"                               /* 0 */
	    "  spawn \"Handler 3\"\n"                         /* 1 */
	    "  join Handler\n"                                /* 2 */
	    "  join \"Waiter 2\"\n"                           /* 3 */
	    "  join Waiter\n"                                 /* 4 */
	    "}\n");
	const struct prog_actor *a = actor(p, "Boss"), *boot = actor(p, "Boot");

	assert_op(p, a, 0, PROG_OP_SPAWN, 0, "spawn next of \"Handler\"");
	ck_assert_int_eq(a->ops[0].family, 0);
	ck_assert_int_eq(a->ops[0].actor, -1);
	assert_op(p, a, 1, PROG_OP_SPAWN, 0, "spawn \"Handler 3\"");
	ck_assert_int_eq(a->ops[1].family, -1);
	ck_assert_int_eq(a->ops[1].actor, 2);
	assert_op(p, a, 2, PROG_OP_JOIN, 0, "join all of \"Handler\"");
	ck_assert_int_eq(a->ops[2].family, 0);
	ck_assert_int_eq(a->ops[2].actor, -1);
	assert_op(p, a, 3, PROG_OP_JOIN, 0, "join \"Waiter 2\"");
	ck_assert_int_eq(a->ops[3].actor, 4);
	ck_assert_int_eq(a->ops[3].family, -1);
	assert_op(p, a, 4, PROG_OP_JOIN, 0, "join all of \"Waiter\"");
	ck_assert_int_eq(a->ops[4].family, 1);
	ck_assert_int_eq(boot->ops[0].family, 2);
	ck_assert_int_eq(boot->ops[1].actor, 7);
	prog_free(p);
}
END_TEST

/* A schedule names a family (any ready member) or a member, with or without * N. */
START_TEST(test_lang__family_schedule)
{
	struct prog *p = ok(
	    "thread \"Waiter\" * 3 { work 1ms }\nthread \"Cook\" * 2 { work 1ms }\nthread B { work 1ms }\n"
	    "schedule Waiter * 2, \"Waiter 3\", Cook, B, \"Cook 2\" * 2\n");
	const struct prog_variant *v = &p->variants[0];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_uint_eq(v->nschedule, 7);
	ck_assert_int_eq(v->schedule[0], PROG_SCHED_FAMILY(0));
	ck_assert_int_eq(v->schedule[1], PROG_SCHED_FAMILY(0));
	ck_assert(PROG_SCHED_IS_FAMILY(v->schedule[0]));
	ck_assert_int_eq(PROG_SCHED_FAMILY_OF(v->schedule[0]), 0);
	ck_assert_int_eq(v->schedule[2], 2);
	ck_assert_int_eq(v->schedule[3], PROG_SCHED_FAMILY(1));
	ck_assert_int_eq(PROG_SCHED_FAMILY_OF(v->schedule[3]), 1);
	ck_assert_int_eq(v->schedule[4], 5);
	ck_assert_int_eq(v->schedule[5], 4);
	ck_assert_int_eq(v->schedule[6], 4);
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, v, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\nschedule any of \"Waiter\", any of \"Waiter\", \"Waiter 3\", any of \"Cook\", \"B\", \"Cook 2\", \"Cook 2\"\n"));
	free(buf);
	prog_free(p);
}
END_TEST

/* Each wait takes `for D else {...}`: the op is flagged bounded with D, a
 * hidden jump takes the normal path over the else block, and a timeout jumps
 * to the else block's first op. */
START_TEST(test_lang__bounded_waits)
{
	struct prog *p = ok(
	    "semaphore s = 1\nqueue q capacity 1\nrwlock rw\nmutex m\nvar got\n"
	    "idle thread B { work 1ms }\n"
	    "idle thread \"F\" * 2 { work 1ms }\n"
	    "thread A {\n"
	    "  acquire s for 5ms else { say \"a\" }\n"          /* 0 1 2 */
	    "  release s\n"                                    /* 3 */
	    "  push q 7 for 1s else { say \"b\"; say \"c\" }\n"  /* 4 5 6 7 */
	    "  pop q into x for 2ms else { x = 0 }\n"          /* 8 9 10 */
	    "  pop q into got for 3ms else { }\n"              /* 11 12 13 */
	    "  read_lock rw for 4ms else { say \"d\" }\n"       /* 14 15 16 */
	    "  unlock rw\n"                                    /* 17 */
	    "  write_lock rw for 1min else { say \"e\" }\n"     /* 18 19 20 */
	    "  unlock rw\n"                                    /* 21 */
	    "  spawn B; spawn F\n"                             /* 22 23 */
	    "  join B for 6ms else { say \"f\" }\n"             /* 24 25 26 */
	    "  join F for 7ms else { say \"g\" }\n"             /* 27 28 29 */
	    "  lock m for 8ms else { say \"h\" }\n"             /* 30 31 32 */
	    "  unlock m\n"                                     /* 33 */
	    "  acquire s for 0ms else { }\n"                    /* 34 35 */
	    "}\n");
	const struct prog_actor *a = actor(p, "A");
	static const struct { enum prog_opcode code; unsigned flags; const char *text; int64_t dur; } want[] = {
		{ PROG_OP_ACQUIRE, PROG_OPF_BOUNDED, "acquire s for 5ms else -> 2", 5000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 3", 0 },
		{ PROG_OP_SAY, 0, "say \"a\"", 0 },
		{ PROG_OP_RELEASE, 0, "release s", 0 },
		{ PROG_OP_PUSH, PROG_OPF_BOUNDED, "push q 7 for 1s else -> 6", 1000000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 8", 0 },
		{ PROG_OP_SAY, 0, "say \"b\"", 0 },
		{ PROG_OP_SAY, 0, "say \"c\"", 0 },
		{ PROG_OP_POP, PROG_OPF_BOUNDED, "pop q -> x for 2ms else -> 10", 2000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 11", 0 },
		{ PROG_OP_SET, 0, "set x = 0", 0 },
		/* into a shared value: a timeout skips the store too */
		{ PROG_OP_POP, PROG_OPF_BOUNDED, "pop q -> $t0 for 3ms else -> 14", 3000000 },
		{ PROG_OP_STORE, 0, "store got = $t0", 0 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 14", 0 },
		{ PROG_OP_READ_LOCK, PROG_OPF_BOUNDED, "read_lock rw for 4ms else -> 16", 4000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 17", 0 },
		{ PROG_OP_SAY, 0, "say \"d\"", 0 },
		{ PROG_OP_UNLOCK, 0, "unlock rw", 0 },
		{ PROG_OP_WRITE_LOCK, PROG_OPF_BOUNDED, "write_lock rw for 1min else -> 20", 60000000000LL },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 21", 0 },
		{ PROG_OP_SAY, 0, "say \"e\"", 0 },
		{ PROG_OP_UNLOCK, 0, "unlock rw", 0 },
		{ PROG_OP_SPAWN, 0, "spawn \"B\"", 0 },
		{ PROG_OP_SPAWN, 0, "spawn next of \"F\"", 0 },
		{ PROG_OP_JOIN, PROG_OPF_BOUNDED, "join \"B\" for 6ms else -> 26", 6000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 27", 0 },
		{ PROG_OP_SAY, 0, "say \"f\"", 0 },
		{ PROG_OP_JOIN, PROG_OPF_BOUNDED, "join all of \"F\" for 7ms else -> 29", 7000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 30", 0 },
		{ PROG_OP_SAY, 0, "say \"g\"", 0 },
		/* lock ... for D else is trylock ... for D else */
		{ PROG_OP_TRYLOCK, 0, "trylock m for 8ms else -> 32", 8000000 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 33", 0 },
		{ PROG_OP_SAY, 0, "say \"h\"", 0 },
		{ PROG_OP_UNLOCK, 0, "unlock m", 0 },
		/* for 0ms: try once; an empty else block is the op after the statement */
		{ PROG_OP_ACQUIRE, PROG_OPF_BOUNDED, "acquire s for 0us else -> 36", 0 },
		{ PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 36", 0 },
		{ PROG_OP_END, 0, "end", 0 },
	};

	ck_assert_uint_eq(a->nops, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < a->nops; i++) {
		assert_op(p, a, i, want[i].code, want[i].flags, want[i].text);
		ck_assert_msg(a->ops[i].dur_ns == want[i].dur, "op %zu: dur %lld", i, (long long)a->ops[i].dur_ns);
	}
	ck_assert_int_eq(a->ops[27].family, 0);
	ck_assert_int_eq(a->ops[27].actor, -1);
	/* without for, the same statements are plain waits */
	prog_free(p);
	p = ok("semaphore s = 1\nqueue q\nthread A { acquire s; push q 1; pop q; release s }\n");
	a = actor(p, "A");
	for (size_t i = 0; i < a->nops; i++) {
		ck_assert_uint_eq(a->ops[i].flags, 0);
		ck_assert_int_eq(a->ops[i].target, -1);
	}
	prog_free(p);
}
END_TEST

/* call Q X pushes X and waits for its reply; reply Q X answers it; both name a queue. */
START_TEST(test_lang__call_reply)
{
	struct prog *p = ok(
	    "queue jobs capacity 2\nvar late = 0\n"
	    "thread \"Worker\" {\n"
	    "  pop jobs into j\n"                                  /* 0 */
	    "  io 30ms\n"                                          /* 1 */
	    "  reply jobs j\n"                                     /* 2 */
	    "  reply jobs j * 2 + 1\n"                             /* 3 */
	    "}\n"
	    "thread \"Client\" * 3 every 1ms {\n"
	    "  call jobs me\n"                                     /* 0 */
	    "  call jobs me + 10 for 50ms else { atomic late += 1 }\n"  /* 1 2 3 */
	    "  call jobs 7 for 0ms else { }\n"                     /* 4 5 */
	    "}\n");
	const struct prog_actor *w = actor(p, "Worker"), *c = actor(p, "Client 1");
	const struct prog_variant *v = &p->variants[0];

	assert_op(p, w, 0, PROG_OP_POP, 0, "pop jobs -> j");
	assert_op(p, w, 2, PROG_OP_REPLY, 0, "reply jobs j");
	assert_op(p, w, 3, PROG_OP_REPLY, 0, "reply jobs j * 2 + 1");
	ck_assert_int_eq(w->ops[2].res, 0);
	ck_assert_int_eq(v->decls[w->ops[2].res].kind, PROG_QUEUE);
	ck_assert_int_eq(w->ops[2].target, -1);
	ck_assert_int_eq(v->exprs[w->ops[2].expr].kind, PROG_EX_LOCAL);

	ck_assert_uint_eq(c->nops, 7);
	assert_op(p, c, 0, PROG_OP_CALL, 0, "call jobs me");
	ck_assert_int_eq(c->ops[0].res, 0);
	ck_assert_int_eq(c->ops[0].target, -1);
	ck_assert_int_eq(v->exprs[c->ops[0].expr].kind, PROG_EX_ME);
	assert_op(p, c, 1, PROG_OP_CALL, PROG_OPF_BOUNDED, "call jobs me + 10 for 50ms else -> 3");
	ck_assert_int_eq(c->ops[1].dur_ns, 50000000);
	assert_op(p, c, 2, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 4");
	assert_op(p, c, 3, PROG_OP_ATOMIC_ADD, 0, "atomic add late += 1");
	assert_op(p, c, 4, PROG_OP_CALL, PROG_OPF_BOUNDED, "call jobs 7 for 0us else -> 6");
	ck_assert_int_eq(c->ops[4].dur_ns, 0);
	assert_op(p, c, 5, PROG_OP_JUMP, PROG_OPF_INTERNAL, "jump -> 6");
	assert_op(p, c, 6, PROG_OP_END, 0, "end");
	ck_assert_str_eq(prog_opcode_name(PROG_OP_CALL), "call");
	ck_assert_str_eq(prog_opcode_name(PROG_OP_REPLY), "reply");
	prog_free(p);

	/* a loop task calls too */
	p = ok("queue q\nloop L { task T { call q 1 for 1s else { } } }\n"
	    "thread W { pop q into x; reply q x }\n");
	assert_op(p, actor(p, "T"), 0, PROG_OP_CALL, PROG_OPF_BOUNDED, "call q 1 for 1s else -> 2");
	prog_free(p);
}
END_TEST

/* option max_threads N and option stack SIZE, with units; a variant's replaces the top level's. */
START_TEST(test_lang__option_threads_stack)
{
	struct prog *p = ok(
	    "option max_threads 100\noption stack 8MiB\nthread A { work 1ms }\n"
	    "variant top { }\n"
	    "variant small { option stack 16KiB; option max_threads 1 }\n"
	    "variant big { option stack 1GiB; option max_threads 2500 }\n"
	    "variant bytes { option stack 65536 }\n");
	struct prog *q = ok("thread A { work 1ms }\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(p->variants[0].options.max_threads, 100);
	ck_assert_int_eq(p->variants[0].options.stack_bytes, 8 * 1024 * 1024);
	ck_assert_int_eq(p->variants[1].options.max_threads, 1);
	ck_assert_int_eq(p->variants[1].options.stack_bytes, 16 * 1024);
	ck_assert_int_eq(p->variants[2].options.max_threads, 2500);
	ck_assert_int_eq(p->variants[2].options.stack_bytes, 1024LL * 1024 * 1024);
	ck_assert_int_eq(p->variants[3].options.max_threads, 100);
	ck_assert_int_eq(p->variants[3].options.stack_bytes, 65536);
	ck_assert_int_eq(q->variants[0].options.max_threads, 0);
	ck_assert_int_eq(q->variants[0].options.stack_bytes, 0);
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, &p->variants[3], NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\noption max_threads 100\noption stack 64KiB\n"));
	free(buf);
	prog_free(p);
	prog_free(q);
}
END_TEST

/* show prints a family once: its header with count, arrivals and deadline,
 * which members run it, and its ops. */
START_TEST(test_lang__show_family)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	struct prog *p = ok("semaphore s = 2\n"
	    "thread \"Client\" * 100 every ~10ms deadline 500ms {\n  acquire s for 50ms else { say \"gave up\" }\n  release s\n}\n"
	    "process P { idle thread \"H\" * 1 { let n = me }\n  spawn H }\n");
	f = open_memstream(&buf, &len);
	prog_print_variant(f, p, &p->variants[0], NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\nthread \"Client\" * 100 every ~10ms deadline 500ms  (line 2)\n"
	    "      members \"Client 1\" to \"Client 100\" run these ops; 'me' is 1 to 100\n"
	    "    0  L3      acquire s for 50ms else -> 2\n"
	    "    1  L3    * jump -> 3\n"
	    "    2  L3      say \"gave up\"\n"
	    "    3  L4      release s\n"));
	ck_assert_ptr_null(strstr(buf, "Client 2\""));
	ck_assert_ptr_null(strstr(buf, "\"Client 5"));
	ck_assert_ptr_nonnull(strstr(buf, "\nidle thread \"H\" * 1 in process \"P\"  (line 6)\n"
	    "      member \"H 1\" runs these ops; 'me' is 1\n"
	    "    0  L6      set n = me\n"));
	ck_assert_ptr_nonnull(strstr(buf, "spawn next of \"H\"\n"));
	free(buf);
	prog_free(p);
}
END_TEST

/* `pop Q -> X` (as show prints the step) is answered with the source's
 * spelling; a lock refused inside a transaction is not also "never used". */
START_TEST(test_lang__pop_arrow_and_refused_lock)
{
	char *msgs;
	struct prog *prog;
	const char *tx = "title \"T\"\nvar x\nmutex m\nthread A { transaction { x = 1; lock m } }\n";

	fails("queue buf\nvar item\nthread A { pop buf -> item }\n",
	    "t.ks:3:20: error: 'pop' names where the item goes with 'into', not '->'");
	fails("queue buf\nvar item\nthread A { pop buf -> item }\n",
	    "hint: write it as: pop buf into NAME ('show' prints that step as 'pop buf -> NAME')");
	prog = compile(tx, strlen(tx), &msgs);
	ck_assert_ptr_nonnull(strstr(msgs, "error: 'lock' cannot be inside a transaction"));
	ck_assert_msg(strstr(msgs, "never used") == NULL, "a follow-on warning:\n%s", msgs);
	prog_free(prog);
	free(msgs);
}
END_TEST

/* A family of 10000 tasks (and 1998 threads) compiles in linear time: names
 * are checked against one hash table, not pairwise (counted in probes of the
 * table, not in time: a few per name, where pairwise would be thousands),
 * and members share the first one's ops. */
START_TEST(test_lang__family_of_10000_is_quick)
{
	struct prog *p;
	const struct prog_variant *v;
	unsigned long probes = scn_check_name_probes();

	p = ok("var n\n"
	    "loop L {\n  task \"Request\" * 10000 every 1ms deadline 500ms { await 1ms; atomic n += me }\n}\n"
	    "thread \"Waiter\" * 1998 { work 1ms }\n"
	    "thread Boss { join Waiter; join \"Request 9999\" }\n"
	    "schedule \"Request 10000\", Request\n");
	/* and a name taken by the 10000th member, found as quickly */
	fails("loop L {\n  task \"Request\" * 10000 { await 1ms }\n}\nthread \"Waiter\" * 1997 { }\n"
	    "thread \"Request 10000\" { }\n",
	    "t.ks:5:8: error: 'Request 10000' is already the name of a member of family 'Request'");
	probes = scn_check_name_probes() - probes;
	/* two compiles of ~12000 names each: at most 8 probes a name on average */
	ck_assert_msg(probes < 2 * 12000 * 8, "two compiles of 12000 actors probed the name table %lu times", probes);
	v = &p->variants[0];
	ck_assert_uint_eq(v->nactors, 1 + 10000 + 1998 + 1);
	ck_assert_str_eq(v->actors[10000].name, "Request 10000");
	ck_assert_int_eq(v->actors[10000].member, 10000);
	ck_assert_int_eq(v->actors[10000].parent, 0);
	ck_assert_ptr_eq(v->actors[10000].ops, v->actors[1].ops);
	ck_assert_str_eq(v->actors[11998].name, "Waiter 1998");
	ck_assert_str_eq(v->actors[11999].name, "Boss");
	ck_assert_int_eq(v->actors[11999].ops[0].family, 1);
	ck_assert_int_eq(v->actors[11999].ops[1].actor, 9999);
	ck_assert_int_eq(v->schedule[0], 10000);
	ck_assert_int_eq(v->schedule[1], PROG_SCHED_FAMILY(0));
	prog_free(p);
}
END_TEST

static Suite *
lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *tc = tcase_create("compile");

	tcase_add_test(tc, test_lang__plus_assign_is_load_then_store);
	tcase_add_test(tc, test_lang__read_of_shared_is_load);
	tcase_add_test(tc, test_lang__repeat_is_internal_counter);
	tcase_add_test(tc, test_lang__if_while_break_continue);
	tcase_add_test(tc, test_lang__every_op);
	tcase_add_test(tc, test_lang__fair_mutex);
	tcase_add_test(tc, test_lang__fail_and_transaction);
	tcase_add_test(tc, test_lang__pop_arrow_and_refused_lock);
	tcase_add_test(tc, test_lang__actors_processes_loops);
	tcase_add_test(tc, test_lang__header_texts_variants);
	tcase_add_test(tc, test_lang__keywords_as_names);
	tcase_add_test(tc, test_lang__prog_lang_follows_gettext);
	tcase_add_test(tc, test_lang__option_cpus);
	tcase_add_test(tc, test_lang__translation_on_next_line);
	tcase_add_test(tc, test_lang__show_variant);
	tcase_add_test(tc, test_lang__show_schedule);
	tcase_add_test(tc, test_lang__durations);
	tcase_add_test(tc, test_lang__family_expands);
	tcase_add_test(tc, test_lang__family_me);
	tcase_add_test(tc, test_lang__family_every_deadline);
	tcase_add_test(tc, test_lang__family_spawn_join);
	tcase_add_test(tc, test_lang__family_schedule);
	tcase_add_test(tc, test_lang__bounded_waits);
	tcase_add_test(tc, test_lang__call_reply);
	tcase_add_test(tc, test_lang__option_threads_stack);
	tcase_add_test(tc, test_lang__show_family);
	tcase_add_test(tc, test_lang__challenge_question);
	tcase_add_test(tc, test_lang__goals_and_top_level);
	tcase_add_test(tc, test_lang__show_challenge_question);
	suite_add_tcase(s, tc);
	tc = tcase_create("diagnostics");
	tcase_add_loop_test(tc, test_lang__errors, 0, (int)(sizeof lang_errors / sizeof lang_errors[0]));
	tcase_add_loop_test(tc, test_lang__warnings, 0, (int)(sizeof lang_warnings / sizeof lang_warnings[0]));
	tcase_add_test(tc, test_lang__nul_byte);
	tcase_add_test(tc, test_lang__expect_can_always);
	tcase_add_test(tc, test_lang__verdict_rule);
	tcase_add_test(tc, test_lang__no_lock_warning_when_deadlock_expected);
	tcase_add_test(tc, test_lang__titled_file_is_clean);
	tcase_add_test(tc, test_lang__at_most_20_errors);
	tcase_add_test(tc, test_lang__recovery_reports_each_statement);
	tcase_add_test(tc, test_lang__translation_line_after_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_lang__limits);
	tcase_add_test(tc, test_lang__family_of_10000_is_quick);
	tcase_add_test(tc, test_lang__valid_corpus);
	tcase_add_test(tc, test_lang__bad_corpus);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(lang_suite(), NULL);
}
