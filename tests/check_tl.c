/* check_tl.c: the timeline model, the headless timeline, traces and the Chrome export. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "diag.h"
#include "export-chrome.h"
#include "ks-check.h"
#include "prog.h"
#include "scn.h"
#include "tl-axis.h"
#include "tl-text.h"
#include "tl.h"
#include "tl-at.h"
#include "trace.h"
#include "xalloc.h"

#define MS 1000000ull
/* Just before the time's high 32 bits change, so runs cross an epoch. */
#define T0 (((uint64_t)1 << 32) - 3 * MS)

static const char kitchen_src[] =
	"scenario kitchen\n"
	"title \"Two cooks share one pen\"\n"
	"title@zh_TW \"兩位廚師共用一支筆\"\n"
	"var orders = 0\n"
	"mutex pen\n"
	"queue tray capacity 2\n"
	"thread \"Cook A\" { lock pen; orders += 1; unlock pen; say \"A wrote the order down and handed the pen over to the other cook\"; work 10ms }\n"
	"thread \"廚師乙\" { lock pen; orders += 1; unlock pen; say \"乙：我拿到筆了，寫下點單的數量，然後放開。\"; push tray 7 }\n"
	"process \"Shop\" { thread \"Clerk\" { pop tray into x; say \"got it\" }; work 1ms }\n"
	"loop \"kitchen\" { task \"noodles\" { await 5ms } }\n"
	"expect orders == 2\n";

static struct prog *
kitchen_prog(void)
{
	FILE *devnull = fopen("/dev/null", "w");
	struct diag *d = diag_new(devnull ? devnull : stderr);
	struct prog *p = scn_parse_buffer("kitchen.ks", kitchen_src, sizeof kitchen_src - 1, d);

	diag_free(d);
	if (devnull)
		fclose(devnull);
	ck_assert_ptr_nonnull(p);
	return p;
}

static int
actor_of(const struct prog_variant *v, const char *name)
{
	for (size_t i = 0; i < v->nactors; i++)
		if (strcmp(v->actors[i].name, name) == 0)
			return (int)i;
	ck_abort_msg("no actor %s", name);
	return -1;
}

static int
decl_of(const struct prog_variant *v, const char *name)
{
	for (size_t i = 0; i < v->ndecls; i++)
		if (strcmp(v->decls[i].name, name) == 0)
			return (int)i;
	ck_abort_msg("no declaration %s", name);
	return -1;
}

/* The text index of the first say in actor A's ops. */
static int
say_of(const struct prog_variant *v, int a)
{
	for (size_t i = 0; i < v->actors[a].nops; i++)
		if (v->actors[a].ops[i].code == PROG_OP_SAY)
			return v->actors[a].ops[i].text;
	return -1;
}

struct evbuf {
	struct rec_event *ev;
	size_t n, cap;
};

static void
put(struct evbuf *b, uint64_t t, enum rec_kind kind, int actor, int state, int res, int other,
    int64_t value, int cpu)
{
	struct rec_event *e;

	b->ev = xgrow(b->ev, &b->cap, b->n + 1, sizeof *b->ev);
	e = &b->ev[b->n++];
	memset(e, 0, sizeof *e);
	e->t_ns = t;
	e->kind = (uint8_t)kind;
	e->actor = (int16_t)actor;
	e->state = (uint8_t)state;
	e->res = (int16_t)res;
	e->other = (int16_t)other;
	e->value = value;
	e->op = -1;
	e->cpu = cpu < 0 ? UINT16_MAX : (uint16_t)cpu;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct rec_event *x = a, *y = b;
	if (x->t_ns != y->t_ns)
		return x->t_ns < y->t_ns ? -1 : 1;
	return x->writer < y->writer ? -1 : x->writer > y->writer;
}

/* Orders the events by time as the recorder's merge does (ties keep their order). */
static void
sort_events(struct evbuf *b)
{
	for (size_t i = 0; i < b->n; i++)
		b->ev[i].writer = (uint16_t)i;
	qsort(b->ev, b->n, sizeof *b->ev, ev_cmp);
	for (size_t i = 0; i < b->n; i++)
		b->ev[i].writer = 0;
}

#define ST(t, a, s, cpu) put(b, T0 + (uint64_t)((t) * MS), REC_STATE, a, s, -1, -1, 0, cpu)
#define STR(t, a, s, r, o) put(b, T0 + (uint64_t)((t) * MS), REC_STATE, a, s, r, o, 0, -1)
#define EV(t, k, a, r, o, v) put(b, T0 + (uint64_t)((t) * MS), k, a, 0, r, o, v, -1)

/* A hand-written, deterministic run of the kitchen scenario. */
static void
kitchen_events(const struct prog_variant *v, struct evbuf *b)
{
	int A = actor_of(v, "Cook A"), B = actor_of(v, "廚師乙"), S = actor_of(v, "Shop");
	int C = actor_of(v, "Clerk"), K = actor_of(v, "kitchen"), N = actor_of(v, "noodles");
	int pen = decl_of(v, "pen"), orders = decl_of(v, "orders"), tray = decl_of(v, "tray");

	memset(b, 0, sizeof *b);
	EV(0, REC_RUN_BEGIN, -1, -1, -1, (int64_t)v->nactors);
	ST(0, A, REC_ST_RUNNING, 0);
	ST(0, B, REC_ST_RUNNING, 1);
	ST(0, S, REC_ST_READY, -1);
	EV(0, REC_LOCK_ACQUIRE, A, pen, -1, 0);
	EV(1, REC_LOCK_WAIT, B, pen, A, 0);
	STR(1, B, REC_ST_BLOCKED, pen, A);
	ST(2, K, REC_ST_RUNNING, -1);
	ST(2, N, REC_ST_RUNNING, -1);
	EV(2, REC_LOAD, A, orders, -1, 0);
	ST(3, K, REC_ST_SLEEPING, -1);
	ST(3, N, REC_ST_AWAITING, -1);
	EV(3, REC_STORE, A, orders, -1, 1);
	EV(4, REC_LOCK_RELEASE, A, pen, -1, 0);
	EV(4, REC_LOCK_ACQUIRE, B, pen, A, 0);
	ST(4, B, REC_ST_RUNNING, 1);
	EV(5, REC_SAY, A, -1, -1, say_of(v, A));
	EV(6, REC_LOAD, B, orders, -1, 1);
	EV(7, REC_STORE, B, orders, -1, 2);
	EV(8, REC_LOCK_RELEASE, B, pen, -1, 0);
	ST(8, K, REC_ST_RUNNING, -1);
	ST(8, N, REC_ST_RUNNING, -1);
	EV(9, REC_SAY, B, -1, -1, say_of(v, B));
	ST(9, K, REC_ST_DONE, -1);
	ST(9, N, REC_ST_DONE, -1);
	EV(10, REC_PUSH, B, tray, -1, 7);
	ST(10, B, REC_ST_DONE, -1);
	EV(10, REC_EXIT, B, -1, -1, 0);
	ST(10, C, REC_ST_RUNNING, 1);
	EV(10.5, REC_POP, C, tray, -1, 7);
	EV(11, REC_SAY, C, -1, -1, say_of(v, C));
	ST(12, C, REC_ST_DONE, -1);
	ST(15, A, REC_ST_DONE, -1);
	ST(15, S, REC_ST_RUNNING, 0);
	ST(16, S, REC_ST_DONE, -1);
	EV(16, REC_VALUE_FINAL, -1, orders, -1, 2);
	EV(16, REC_EXPECT, -1, 0, -1, 1);
	EV(16, REC_RUN_END, -1, -1, -1, 0);
}

/* The text timeline of TL as a string (caller frees). */
static char *
render(const struct tl *tl, int width, bool ascii, bool color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct tl_text_opts o = { .width = width, .ascii = ascii, .color = color, .lang = NULL };

	ck_assert_ptr_nonnull(m);
	tl_text_print(m, tl, &o);
	fclose(m);
	return buf;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Compares with tests/data/tl/NAME; with KS_UPDATE_GOLDEN set, writes it instead. */
static void
golden(const char *name, const char *got)
{
	const char *path = ks_check_data(name);
	char *want;

	if (getenv("KS_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(got, f);
		fclose(f);
	}
	want = slurp(path);
	ck_assert_msg(strcmp(want, got) == 0, "%s differs; got:\n%s", name, got);
	free(want);
}

/* ---- spans and columns ------------------------------------------------------------- */

/* A variant with N actors and no declarations, for hand-built streams. */
static struct prog_variant *
bare_variant(size_t n)
{
	struct prog_variant *v = xcalloc(1, sizeof *v);
	v->nactors = n;
	v->actors = xcalloc(n, sizeof *v->actors);
	for (size_t i = 0; i < n; i++) {
		v->actors[i].name = xasprintf("w%zu", i);
		v->actors[i].parent = -1;
	}
	return v;
}

static void
bare_free(struct prog_variant *v)
{
	for (size_t i = 0; i < v->nactors; i++)
		free(v->actors[i].name);
	free(v->actors);
	free(v);
}

START_TEST(test_tl__span_merging)
{
	struct prog_variant *v = bare_variant(1);
	struct tl *tl = tl_new(NULL, v, 0);
	struct evbuf eb, *b = &eb;
	struct tl_span sp;

	memset(b, 0, sizeof *b);
	ST(0, 0, REC_ST_RUNNING, 0);
	ST(1, 0, REC_ST_RUNNING, 0);     /* the same state again: no new span */
	STR(2, 0, REC_ST_BLOCKED, 3, 1);
	STR(2, 0, REC_ST_BLOCKED, 3, 1);
	STR(3, 0, REC_ST_BLOCKED, 4, 1); /* another resource: a new span */
	ST(4, 0, REC_ST_READY, -1);
	ST(4, 0, REC_ST_SLEEPING, -1);   /* lasted no time: replaces ready */
	ST(5, 0, REC_ST_RUNNING, 2);
	ST(5, 0, REC_ST_SLEEPING, -1);   /* zero-length running merges back into sleeping */
	ST(6, 0, REC_ST_RUNNING, 2);
	put(b, T0 + 7 * MS, REC_MIGRATE, 0, 0, -1, -1, 2, 3);  /* now on cpu 3 */
	tl_add(tl, eb.ev, eb.n);

	ck_assert_uint_eq(tl_nspans(tl, 0), 6);
	ck_assert(tl_span(tl, 0, 0, &sp));
	ck_assert_uint_eq(sp.state, REC_ST_RUNNING);
	ck_assert_uint_eq(sp.end - sp.start, 2 * MS);
	ck_assert(tl_span(tl, 0, 1, &sp));
	ck_assert_uint_eq(sp.state, REC_ST_BLOCKED);
	ck_assert_int_eq(sp.res, 3);
	ck_assert_int_eq(sp.other, 1);
	ck_assert(tl_span(tl, 0, 2, &sp));
	ck_assert_int_eq(sp.res, 4);
	ck_assert(tl_span(tl, 0, 3, &sp));
	ck_assert_uint_eq(sp.state, REC_ST_SLEEPING);
	ck_assert_uint_eq(sp.start, T0 + 4 * MS);
	ck_assert_uint_eq(sp.end, T0 + 6 * MS);
	ck_assert(tl_span(tl, 0, 4, &sp));
	ck_assert_uint_eq(sp.state, REC_ST_RUNNING);
	ck_assert_uint_eq(sp.cpu, 2);
	ck_assert(tl_span(tl, 0, 5, &sp));
	ck_assert_uint_eq(sp.cpu, 3);
	ck_assert_uint_eq(sp.end, TL_TIME_MAX);
	ck_assert(tl_span_at(tl, 0, T0 + 4 * MS + 5, &sp));
	ck_assert_uint_eq(sp.state, REC_ST_SLEEPING);
	ck_assert(!tl_span_at(tl, 0, T0 - 1, &sp));
	/* both CPUs ran the worker at some point */
	ck_assert_int_eq(tl_ncpus(tl), 4);
	tl_free(tl);
	free(eb.ev);
	bare_free(v);
}
END_TEST

START_TEST(test_tl__most_telling_state)
{
	struct prog_variant *v = bare_variant(4);
	struct tl *tl = tl_new(NULL, v, 0);
	struct evbuf eb, *b = &eb;
	uint8_t col[4];

	memset(b, 0, sizeof *b);
	/* actor 0: running 0..50 but blocked for 1 ms at 20 */
	ST(0, 0, REC_ST_RUNNING, 0);
	STR(20, 0, REC_ST_BLOCKED, 0, 1);
	ST(21, 0, REC_ST_RUNNING, 0);
	/* actor 1: running 30 ms, sleeping 20 ms: running, the longer */
	ST(0, 1, REC_ST_RUNNING, 1);
	ST(30, 1, REC_ST_SLEEPING, -1);
	/* actor 2: running 20, ready 30: ready, the longer; then failed for an instant beats deadlocked */
	ST(0, 2, REC_ST_RUNNING, 1);
	ST(20, 2, REC_ST_READY, -1);
	STR(60, 2, REC_ST_DEADLOCKED, 0, 0);
	ST(70, 2, REC_ST_FAILED, -1);
	ST(70.5, 2, REC_ST_DONE, -1);
	/* actor 3 starts only in the second column */
	ST(75, 3, REC_ST_IO, -1);
	ST(100, 3, REC_ST_DONE, -1);
	sort_events(b);
	tl_add(tl, eb.ev, eb.n);

	tl_columns(tl, 0, T0, T0 + 100 * MS, 2, col);
	ck_assert_uint_eq(col[0], REC_ST_BLOCKED);
	ck_assert_uint_eq(col[1], REC_ST_RUNNING);
	tl_columns(tl, 1, T0, T0 + 100 * MS, 2, col);
	ck_assert_uint_eq(col[0], REC_ST_RUNNING);
	ck_assert_uint_eq(col[1], REC_ST_SLEEPING);
	tl_columns(tl, 2, T0, T0 + 100 * MS, 2, col);
	ck_assert_uint_eq(col[0], REC_ST_READY);
	ck_assert_uint_eq(col[1], REC_ST_FAILED);
	tl_columns(tl, 3, T0, T0 + 100 * MS, 2, col);
	ck_assert_uint_eq(col[0], TL_COL_NONE);
	ck_assert_uint_eq(col[1], REC_ST_IO);
	/* past the last known time nothing is known */
	tl_columns(tl, 3, T0 + 100 * MS, T0 + 300 * MS, 2, col);
	ck_assert_uint_eq(col[0], REC_ST_DONE);
	ck_assert_uint_eq(col[1], TL_COL_NONE);
	/* a tie goes to the higher rank: 1 ms running vs 1 ms sleeping */
	tl_columns(tl, 1, T0 + 29 * MS, T0 + 31 * MS, 1, col);
	ck_assert_uint_eq(col[0], REC_ST_RUNNING);
	tl_free(tl);
	free(eb.ev);
	bare_free(v);
}
END_TEST

static const uint8_t rank_ref[REC_ST_COUNT] = { 0, 7, 2, 8, 5, 6, 4, 3, 1, 9, 10 };

/* The column rule of tl.h, the slow way, from the spans. */
static uint8_t
brute_column(const struct tl *tl, int a, uint64_t c0, uint64_t c1)
{
	uint64_t dur[REC_ST_COUNT] = { 0 };
	unsigned mask = 0;
	uint8_t best = TL_COL_NONE;
	struct tl_span sp;

	for (size_t i = 0; tl_span(tl, a, i, &sp); i++) {
		bool open = sp.end == TL_TIME_MAX;
		uint64_t e = open ? tl_t_end(tl) : sp.end;
		uint64_t s = sp.start > c0 ? sp.start : c0;
		if (e > c1)
			e = c1;
		if (sp.start >= c1)
			break;
		if (open ? s > tl_t_end(tl) : e <= s)
			continue;
		dur[sp.state] += e > s ? e - s : 0;
		mask |= 1u << sp.state;
	}
	if (mask & (1u << REC_ST_FAILED))
		return REC_ST_FAILED;
	if (mask & (1u << REC_ST_DEADLOCKED))
		return REC_ST_DEADLOCKED;
	if (mask & (1u << REC_ST_BLOCKED))
		return REC_ST_BLOCKED;
	for (uint8_t s = 0; s < REC_ST_COUNT; s++)
		if ((mask & (1u << s)) && (best == TL_COL_NONE || dur[s] > dur[best] ||
		    (dur[s] == dur[best] && rank_ref[s] > rank_ref[best])))
			best = s;
	return best;
}

START_TEST(test_tl__columns_match_brute_force)
{
	struct prog_variant *v = bare_variant(3);
	struct tl *tl = tl_new(NULL, v, 0);
	struct evbuf eb;
	uint64_t t = T0;
	unsigned seed = 12345;
	uint8_t col[257];

	memset(&eb, 0, sizeof eb);
	for (int i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		t += (seed >> 16) % 5 == 0 ? 0 : (seed >> 8) % 3000;
		put(&eb, t, REC_STATE, (int)((seed >> 4) % 3), (int)((seed >> 20) % REC_ST_COUNT),
		    (int)((seed >> 12) % 2), -1, 0, (int)((seed >> 24) % 2));
	}
	tl_add(tl, eb.ev, eb.n);
	for (int q = 0; q < 60; q++) {
		uint64_t span = tl_t_end(tl) - tl_t_begin(tl);
		uint64_t t0, t1;
		int w;
		seed = seed * 1103515245u + 12345u;
		t0 = tl_t_begin(tl) - 1000 + (uint64_t)seed % (span / 2);
		seed = seed * 1103515245u + 12345u;
		t1 = t0 + 1 + (uint64_t)seed % (span * 3 / 4);
		w = 1 + (int)(seed >> 20) % 256;
		for (int a = 0; a < 3; a++) {
			tl_columns(tl, a, t0, t1, w, col);
			for (int c = 0; c < w; c++) {
				uint64_t c0 = t0 + (t1 - t0) * (uint64_t)c / (uint64_t)w;
				uint64_t c1 = t0 + (t1 - t0) * (uint64_t)(c + 1) / (uint64_t)w;
				if (c1 <= c0)
					c1 = c0 + 1;
				ck_assert_msg(col[c] == brute_column(tl, a, c0, c1),
				    "query %d actor %d column %d of %d: %u, expected %u", q, a, c, w,
				    col[c], brute_column(tl, a, c0, c1));
			}
		}
	}
	tl_free(tl);
	free(eb.ev);
	bare_free(v);
}
END_TEST

/* The column rule again, over a copy of an actor's spans (so long runs stay quick to check). */
struct span_copy {
	struct tl_span *sp;
	size_t n;
};

static void
span_copy_take(const struct tl *tl, int a, struct span_copy *sc)
{
	sc->n = tl_nspans(tl, a);
	sc->sp = xcalloc(sc->n ? sc->n : 1, sizeof *sc->sp);
	for (size_t i = 0; i < sc->n; i++)
		ck_assert(tl_span(tl, a, i, &sc->sp[i]));
}

static uint8_t
brute_column_copy(const struct span_copy *sc, uint64_t t_end, uint64_t c0, uint64_t c1)
{
	uint64_t dur[REC_ST_COUNT] = { 0 };
	unsigned mask = 0;
	uint8_t best = TL_COL_NONE;

	for (size_t i = 0; i < sc->n; i++) {
		const struct tl_span *sp = &sc->sp[i];
		bool open = sp->end == TL_TIME_MAX;
		uint64_t e = open ? t_end : sp->end;
		uint64_t s = sp->start > c0 ? sp->start : c0;
		if (e > c1)
			e = c1;
		if (sp->start >= c1)
			break;
		if (open ? s > t_end : e <= s)
			continue;
		dur[sp->state] += e > s ? e - s : 0;
		mask |= 1u << sp->state;
	}
	for (int alert = REC_ST_FAILED; alert >= REC_ST_DEADLOCKED; alert--)
		if (mask & (1u << alert))
			return (uint8_t)alert;
	if (mask & (1u << REC_ST_BLOCKED))
		return REC_ST_BLOCKED;
	for (uint8_t s = 0; s < REC_ST_COUNT; s++)
		if ((mask & (1u << s)) && (best == TL_COL_NONE || dur[s] > dur[best] ||
		    (dur[s] == dur[best] && rank_ref[s] > rank_ref[best])))
			best = s;
	return best;
}

/* Checks tl_columns of every actor against the reference over [T0, T1) in W columns. */
static void
columns_check(const struct tl *tl, const struct span_copy *sc, uint64_t t0, uint64_t t1, int w,
    const char *what, int q)
{
	uint8_t *col = xmalloc((size_t)w);

	for (size_t a = 0; a < tl_nactors(tl); a++) {
		tl_columns(tl, (int)a, t0, t1, w, col);
		for (int c = 0; c < w; c++) {
			uint64_t c0 = t0 + (t1 - t0) * (uint64_t)c / (uint64_t)w;
			uint64_t c1 = t0 + (t1 - t0) * (uint64_t)(c + 1) / (uint64_t)w;
			uint8_t want;
			if (c1 <= c0)
				c1 = c0 + 1;
			want = brute_column_copy(&sc[a], tl_t_end(tl), c0, c1);
			ck_assert_msg(col[c] == want, "%s, query %d, actor %zu, column %d of %d: %u, expected %u",
			    what, q, a, c, w, col[c], want);
		}
	}
	free(col);
}

/* Many state changes an actor (the benchmark's worst case: every event one), so
 * columns hold from a fraction of a span to thousands of blocks of spans; alert
 * states are rare, so "most time" decides most columns; zero-time changes
 * replace and reopen spans, some at block edges; a capped model drops old
 * spans; queries run while events still arrive. */
START_TEST(test_tl__columns_match_brute_force_many_blocks)
{
	enum { NA = 4, NEV = 60000 };
	struct prog_variant *v = bare_variant(NA);
	struct tl *full = tl_new(NULL, v, 0), *capped = tl_new(NULL, v, 2 * TL_CHUNK_EVENTS);
	struct evbuf eb;
	struct span_copy sc[NA];
	uint64_t t = T0;
	unsigned seed = 777;
	int q = 0;
	static const int widths[] = { 1, 2, 3, 7, 64, 200, 1000 };

	memset(&eb, 0, sizeof eb);
	for (int i = 0; i < NEV; i++) {
		int state, r;
		seed = seed * 1103515245u + 12345u;
		t += (seed >> 16) % 7 == 0 ? 0 : 200 + (seed >> 8) % 2000;
		seed = seed * 1103515245u + 12345u;
		r = (int)((seed >> 16) % 1000);
		if (r == 0)
			state = REC_ST_FAILED;
		else if (r == 1)
			state = REC_ST_DEADLOCKED;
		else if (r < 6)
			state = REC_ST_BLOCKED;
		else if (r < 40)
			state = (int)((seed >> 8) % REC_ST_COUNT);  /* any, new and done too */
		else {
			static const uint8_t usual[] = { REC_ST_RUNNING, REC_ST_READY, REC_ST_SLEEPING,
				REC_ST_IO, REC_ST_AWAITING, REC_ST_JOINING };
			state = usual[(seed >> 4) % 6];
		}
		put(&eb, t, REC_STATE, (int)((seed >> 24) % NA), state, -1, -1, 0,
		    state == REC_ST_RUNNING ? (int)((seed >> 12) % 2) : -1);
	}
	/* live: queries between batches, the tail block still growing */
	for (size_t done = 0; done < eb.n;) {
		size_t n = eb.n - done < 7919 ? eb.n - done : 7919;
		tl_add(full, eb.ev + done, n);
		tl_add(capped, eb.ev + done, n);
		done += n;
		for (int m = 0; m < 2; m++) {
			struct tl *tl = m ? capped : full;
			for (int a = 0; a < NA; a++)
				span_copy_take(tl, a, &sc[a]);
			columns_check(tl, sc, tl_t_begin(tl), tl_t_end(tl) + 1, 200, m ? "live capped" : "live", q);
			columns_check(tl, sc, tl_t_begin(tl) - 5000, tl_t_end(tl) + 5000, 3, m ? "live capped" : "live", q);
			for (int a = 0; a < NA; a++)
				free(sc[a].sp);
			q++;
		}
	}
	ck_assert_uint_gt(tl_nspans(full, 0), 100 * 64);
	ck_assert_uint_gt(tl_dropped(capped), 0);
	for (int m = 0; m < 2; m++) {
		struct tl *tl = m ? capped : full;
		const char *what = m ? "capped" : "full";
		uint64_t b = tl_t_begin(tl), e = tl_t_end(tl), span = e - b;
		struct tl_span sp;
		for (int a = 0; a < NA; a++)
			span_copy_take(tl, a, &sc[a]);
		for (int k = 0; k < 40; k++, q++) {
			uint64_t t0, t1;
			int w = widths[k % 7];
			seed = seed * 1103515245u + 12345u;
			t0 = b - 3000 + (uint64_t)seed % (span + 6000);
			seed = seed * 1103515245u + 12345u;
			t1 = k % 5 == 0 ? t0 + 1 + seed % 5000           /* zoomed in: narrower than a span */
			    : t0 + 1 + (uint64_t)seed % (span + 6000);  /* anything up to the whole run */
			columns_check(tl, sc, t0, t1, w, what, q);
		}
		/* edges exactly on span and block starts */
		for (size_t i = 0; i + 300 < sc[1].n; i += 640) {
			ck_assert(tl_span(tl, 1, i, &sp));
			columns_check(tl, sc, sp.start, sc[1].sp[i + 300].start, 5, what, q++);
			columns_check(tl, sc, sp.start, sc[1].sp[i + 64].start, 64, what, q++);
			/* 1 ns columns around a span's start and end */
			columns_check(tl, sc, sp.start - 3, sp.start + 7, 10, what, q++);
			columns_check(tl, sc, sp.end - 5, sp.end + 5, 10, what, q++);
			/* edges 1 ns into or before the end of spans, in both halves of a block */
			for (size_t off = 0; off < 64; off += 7) {
				const struct tl_span *o = &sc[1].sp[i + off];
				columns_check(tl, sc, o->start + 1, o->end + 20000, 2, what, q++);
				columns_check(tl, sc, o->end - 1, o->end + 20000, 2, what, q++);
				columns_check(tl, sc, o->start - 20000, o->start + 1, 1, what, q++);
				columns_check(tl, sc, o->start - 20000, o->end - 1, 1, what, q++);
				/* 1 ns each of two states: a tie, which a 1 ns error would break */
				columns_check(tl, sc, o->end - 1, o->end + 1, 1, what, q++);
				columns_check(tl, sc, o->start - 1, o->start + 1, 1, what, q++);
			}
		}
		columns_check(tl, sc, b, e + 1, 200, what, q++);
		columns_check(tl, sc, b, e, 1, what, q++);
		for (int a = 0; a < NA; a++)
			free(sc[a].sp);
	}
	tl_free(full);
	tl_free(capped);
	free(eb.ev);
	bare_free(v);
}
END_TEST

/* ---- queries at a time ------------------------------------------------------------- */

START_TEST(test_tl__events_in_window)
{
	struct prog *p = kitchen_prog();
	const struct prog_variant *v = &p->variants[0];
	struct tl *tl = tl_new(p, v, 0);
	struct evbuf eb;
	struct rec_event out[64];
	size_t n;

	kitchen_events(v, &eb);
	tl_add(tl, eb.ev, eb.n);
	ck_assert_uint_eq(tl_end(tl) - tl_first(tl), eb.n);
	n = tl_events(tl, T0 + 4 * MS, T0 + 5 * MS, out, 64);
	ck_assert_uint_eq(n, 3);  /* release, acquire, running */
	ck_assert_uint_eq(out[0].kind, REC_LOCK_RELEASE);
	ck_assert_uint_eq(out[1].kind, REC_LOCK_ACQUIRE);
	ck_assert_int_eq(out[1].other, actor_of(v, "Cook A"));
	ck_assert_uint_eq(out[2].kind, REC_STATE);
	/* the 32-bit epoch change at T0 + 3 ms is invisible */
	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		struct rec_event ev;
		tl_event(tl, i, &ev);
		ck_assert_uint_eq(ev.t_ns, eb.ev[i].t_ns);
		ck_assert_int_eq(ev.value, eb.ev[i].value);
		ck_assert_int_eq(ev.actor, eb.ev[i].actor);
	}
	ck_assert_uint_eq(tl_find(tl, T0 + 16 * MS + 1), tl_end(tl));
	ck_assert_uint_eq(tl_find(tl, 0), tl_first(tl));
	tl_free(tl);
	free(eb.ev);
	prog_free(p);
}
END_TEST

START_TEST(test_tl__state_at_time)
{
	struct prog *p = kitchen_prog();
	const struct prog_variant *v = &p->variants[0];
	struct tl *tl = tl_new(p, v, 0);
	struct evbuf eb;
	struct tl_at *at;
	int A = actor_of(v, "Cook A"), B = actor_of(v, "廚師乙");
	int pen = decl_of(v, "pen"), orders = decl_of(v, "orders"), tray = decl_of(v, "tray");

	kitchen_events(v, &eb);
	tl_add(tl, eb.ev, eb.n);

	at = tl_at_new(tl, T0 + 2 * MS);
	ck_assert(at->exact);
	ck_assert_uint_eq(at->res[pen].nholders, 1);
	ck_assert_int_eq(at->res[pen].holders[0], A);
	ck_assert_uint_eq(at->res[pen].nwaiters, 1);
	ck_assert_int_eq(at->res[pen].waiters[0], B);
	ck_assert_int_eq(at->res[orders].value, 0);
	ck_assert_uint_eq(at->actors[B].state, REC_ST_BLOCKED);
	ck_assert_int_eq(at->actors[B].res, pen);
	ck_assert_int_eq(at->actors[B].other, A);
	ck_assert_int_eq(at->say_text, -1);
	tl_at_free(at);

	at = tl_at_new(tl, T0 + 5 * MS);
	ck_assert_uint_eq(at->res[pen].nholders, 1);
	ck_assert_int_eq(at->res[pen].holders[0], B);
	ck_assert_uint_eq(at->res[pen].nwaiters, 0);
	ck_assert_int_eq(at->res[orders].value, 1);
	ck_assert_int_eq(at->say_text, say_of(v, A));
	ck_assert_int_eq(at->say_actor, A);
	tl_at_free(at);

	at = tl_at_new(tl, T0 + 10 * MS);
	ck_assert_uint_eq(at->res[tray].nitems, 1);
	ck_assert_int_eq(at->res[tray].items[0], 7);
	ck_assert_uint_eq(at->res[pen].nholders, 0);
	ck_assert_int_eq(at->res[orders].value, 2);
	tl_at_free(at);
	at = tl_at_new(tl, T0 + 11 * MS);
	ck_assert_uint_eq(at->res[tray].nitems, 0);
	tl_at_free(at);

	/* scrubbing back gives the earlier state again */
	at = tl_at_new(tl, T0);
	ck_assert_int_eq(at->res[pen].holders[0], A);
	ck_assert_uint_eq(at->actors[A].state, REC_ST_RUNNING);
	ck_assert_uint_eq(at->actors[A].cpu, 0);
	tl_at_free(at);
	tl_free(tl);
	free(eb.ev);
	prog_free(p);
}
END_TEST

/* Index of the first op of actor A with CODE. */
static int
op_of(const struct prog_variant *v, int a, enum prog_opcode code)
{
	for (size_t i = 0; i < v->actors[a].nops; i++)
		if (v->actors[a].ops[i].code == code)
			return (int)i;
	ck_abort_msg("no op %d", (int)code);
	return -1;
}

/*
 * A step-mode run of a loop in the engine's order: READY naming the op to run
 * next, RUNNING, the op, its effect.  Returns the say op's index.  With NAMED
 * false the state events name no op (-1), as a live run's do.
 */
static int
repeat_events(struct prog **pp, struct tl **tlp, bool named)
{
	static const char src[] =
		"scenario nextop\nvar x = 0\n"
		"thread \"A\" { repeat 2 { x += 1 }; say \"after\" }\n";
	FILE *devnull = fopen("/dev/null", "w");
	struct diag *d = diag_new(devnull ? devnull : stderr);
	struct prog *p = scn_parse_buffer("nextop.ks", src, sizeof src - 1, d);
	const struct prog_variant *v;
	struct evbuf eb = { 0 };
	struct evbuf *b = &eb;
	int ld, st, say, x;
	uint64_t t = 1;

	diag_free(d);
	if (devnull)
		fclose(devnull);
	ck_assert_ptr_nonnull(p);
	v = &p->variants[0];
	ld = op_of(v, 0, PROG_OP_LOAD);
	st = op_of(v, 0, PROG_OP_STORE);
	say = op_of(v, 0, PROG_OP_SAY);
	x = decl_of(v, "x");
	ST(0, 0, REC_ST_RUNNING, 0);
	for (int pass = 0; pass < 2; pass++) {
		int ops[2] = { ld, st };
		for (int k = 0; k < 2; k++) {
			int nxt = k == 0 ? st : pass == 0 ? ld : say;
			if (pass == 0 && k == 0) {  /* the first gate */
				ST(t, 0, REC_ST_READY, -1);
				b->ev[b->n - 1].op = named ? ld : -1;
				t++;
			}
			ST(t, 0, REC_ST_RUNNING, 0);
			b->ev[b->n - 1].op = named ? ops[k] : -1;
			EV(t, REC_OP, 0, x, -1, 0);
			b->ev[b->n - 1].op = ops[k];
			EV(t, k == 0 ? REC_LOAD : REC_STORE, 0, x, -1, pass + k);
			b->ev[b->n - 1].op = ops[k];
			t++;
			ST(t, 0, REC_ST_READY, -1);
			b->ev[b->n - 1].op = named ? nxt : -1;
			t++;
		}
	}
	ST(t, 0, REC_ST_RUNNING, 0);
	b->ev[b->n - 1].op = named ? say : -1;
	EV(t, REC_OP, 0, -1, -1, 0);
	b->ev[b->n - 1].op = say;
	EV(t, REC_SAY, 0, -1, -1, 0);
	ST(t + 1, 0, REC_ST_DONE, -1);
	*pp = p;
	*tlp = tl_new(p, v, 0);
	tl_add(*tlp, eb.ev, eb.n);
	free(eb.ev);
	return say;
}

START_TEST(test_tl__state_names_next_op)
{
	struct prog *p;
	struct tl *tl;
	struct tl_at *at;
	int say = repeat_events(&p, &tl, true);
	const struct prog_variant *v = &p->variants[0];
	int ld = op_of(v, 0, PROG_OP_LOAD), st = op_of(v, 0, PROG_OP_STORE);

	/* Before the first step: the gate names the load. */
	at = tl_at_new(tl, T0 + 1 * MS);
	ck_assert_uint_eq(at->actors[0].state, REC_ST_READY);
	ck_assert_int_eq(at->actors[0].op, ld);
	ck_assert(at->actors[0].op_sure);
	tl_at_free(at);
	/* Running the load: the op event leaves it the op it is at, nothing sure after. */
	at = tl_at_new(tl, T0 + 2 * MS);
	ck_assert_uint_eq(at->actors[0].state, REC_ST_RUNNING);
	ck_assert_int_eq(at->actors[0].op, ld);
	ck_assert(!at->actors[0].op_sure);
	tl_at_free(at);
	/* Ready after the load: the store comes next. */
	at = tl_at_new(tl, T0 + 3 * MS);
	ck_assert_int_eq(at->actors[0].op, st);
	ck_assert(at->actors[0].op_sure);
	tl_at_free(at);
	/* Ready after the first store: round the loop to the load. */
	at = tl_at_new(tl, T0 + 5 * MS);
	ck_assert_uint_eq(at->actors[0].state, REC_ST_READY);
	ck_assert_int_eq(at->actors[0].op, ld);
	ck_assert(at->actors[0].op_sure);
	tl_at_free(at);
	/* Ready after the last store: the loop is over, the say is next (not the load). */
	at = tl_at_new(tl, T0 + 9 * MS);
	ck_assert_uint_eq(at->actors[0].state, REC_ST_READY);
	ck_assert_int_eq(at->res[decl_of(v, "x")].value, 2);
	ck_assert_int_eq(at->actors[0].op, say);
	ck_assert(at->actors[0].op_sure);
	tl_at_free(at);
	at = tl_at_new(tl, T0 + 10 * MS);
	ck_assert_int_eq(at->actors[0].op, say);
	ck_assert(!at->actors[0].op_sure);
	tl_at_free(at);
	tl_free(tl);
	prog_free(p);

	/* State events naming no op leave the last op begun, and no certainty. */
	(void)repeat_events(&p, &tl, false);
	at = tl_at_new(tl, T0 + 9 * MS);
	ck_assert_uint_eq(at->actors[0].state, REC_ST_READY);
	ck_assert_int_eq(at->actors[0].op, st);
	ck_assert(!at->actors[0].op_sure);
	tl_at_free(at);
	at = tl_at_new(tl, T0 + 1 * MS);
	ck_assert_int_eq(at->actors[0].op, -1);
	tl_at_free(at);
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_tl__cpu_lanes)
{
	struct prog *p = kitchen_prog();
	const struct prog_variant *v = &p->variants[0];
	struct tl *tl = tl_new(p, v, 0);
	struct evbuf eb;
	int16_t lane[16];
	int A = actor_of(v, "Cook A"), B = actor_of(v, "廚師乙"), C = actor_of(v, "Clerk");
	int S = actor_of(v, "Shop");

	kitchen_events(v, &eb);
	tl_add(tl, eb.ev, eb.n);
	ck_assert_int_eq(tl_ncpus(tl), 2);
	tl_cpu_columns(tl, 0, T0, T0 + 16 * MS, 16, lane);
	for (int c = 0; c < 15; c++)
		ck_assert_int_eq(lane[c], A);
	ck_assert_int_eq(lane[15], S);
	tl_cpu_columns(tl, 1, T0, T0 + 16 * MS, 16, lane);
	ck_assert_int_eq(lane[0], B);
	ck_assert_int_eq(lane[1], -1);  /* blocked from 1 to 4: idle */
	ck_assert_int_eq(lane[3], -1);
	ck_assert_int_eq(lane[4], B);
	ck_assert_int_eq(lane[10], C);
	ck_assert_int_eq(lane[12], -1);
	tl_free(tl);
	free(eb.ev);
	prog_free(p);
}
END_TEST

/* A loop "L" with a task "T": actors 0 and 1; a loop's pool threads are 2, 3, ... */
static struct prog_variant *
loop_variant(void)
{
	struct prog_variant *v = bare_variant(2);

	v->actors[0].kind = PROG_LOOP;
	v->actors[0].family = v->actors[1].family = -1;
	v->actors[1].kind = PROG_TASK;
	v->actors[1].parent = 0;
	return v;
}

#define PST(t, a, s, o, v, cpu) put(b, T0 + (uint64_t)((t) * MS), REC_STATE, a, s, -1, o, v, cpu)

START_TEST(test_tl__pool_threads_get_spans)
{
	struct prog_variant *v = loop_variant();
	struct tl *tl = tl_new(NULL, v, 0);
	struct evbuf eb, *b = &eb;
	struct tl_span sp;
	int16_t lane[20];
	uint8_t cols[31];
	int last = 0;

	memset(b, 0, sizeof *b);
	ST(0, 0, REC_ST_RUNNING, 0);
	ST(1, 1, REC_ST_AWAITING, -1);
	tl_add(tl, eb.ev, eb.n);
	/* no pool thread yet: nothing is kept for one */
	ck_assert_uint_eq(tl_npool(tl), 0);
	ck_assert_uint_eq(tl_nspans(tl, 2), 0);
	ck_assert_str_eq(tl_actor_name(tl, 2), "?");
	eb.n = 0;
	/* pool 1 sleeps 3 s for T; pool 2 works for T, preempted once, on two CPUs */
	PST(2, 2, REC_ST_SLEEPING, 1, 0, -1);
	PST(10, 3, REC_ST_RUNNING, 1, 0, 1);
	PST(11, 3, REC_ST_READY, -1, 2, -1);
	PST(12, 3, REC_ST_RUNNING, -1, 2, 0);
	PST(20, 3, REC_ST_READY, -1, 0, -1);
	/* past the bound: not a pool thread the model keeps */
	PST(21, 2 + REC_MAX_POOL, REC_ST_RUNNING, 1, 0, -1);
	PST(3002, 2, REC_ST_READY, -1, 0, -1);
	EV(3002, REC_WAKE, 2, -1, 1, 0);
	ST(3003, 1, REC_ST_DONE, -1);
	ST(3100, 0, REC_ST_DONE, -1);
	tl_add(tl, eb.ev, eb.n);

	ck_assert_uint_eq(tl_nactors(tl), 2);
	ck_assert_uint_eq(tl_npool(tl), 2);
	ck_assert_str_eq(tl_actor_name(tl, 1), "w1");
	ck_assert_str_eq(tl_actor_name(tl, 2), "pool 1");
	ck_assert_str_eq(tl_actor_name(tl, 3), "pool 2");
	ck_assert_str_eq(tl_actor_name(tl, 4), "?");
	ck_assert_int_eq(tl_pool_loop(tl, 0), 0);
	ck_assert_uint_eq(tl_pool_calls(tl, 0, &last), 1);
	ck_assert_int_eq(last, 1);
	ck_assert_uint_eq(tl_nspans(tl, 2 + REC_MAX_POOL), 0);

	/* pool 1: asleep for T for 3 s, then idle */
	ck_assert_uint_eq(tl_nspans(tl, 2), 2);
	ck_assert(tl_span(tl, 2, 0, &sp));
	ck_assert_int_eq(sp.state, REC_ST_SLEEPING);
	ck_assert_int_eq(sp.other, 1);
	ck_assert_uint_eq(sp.end - sp.start, 3000 * MS);
	ck_assert(tl_span(tl, 2, 1, &sp));
	ck_assert_int_eq(sp.state, TL_ST_IDLE);
	ck_assert_int_eq(sp.other, -1);
	/* pool 2: every state of the call names T, the preemption's too */
	ck_assert_uint_eq(tl_nspans(tl, 3), 4);
	for (size_t i = 0; i < 3; i++) {
		ck_assert(tl_span(tl, 3, i, &sp));
		ck_assert_int_eq(sp.other, 1);
	}
	ck_assert(tl_span(tl, 3, 1, &sp));
	ck_assert_int_eq(sp.state, REC_ST_READY);
	ck_assert(tl_span(tl, 3, 3, &sp));
	ck_assert_int_eq(sp.state, TL_ST_IDLE);
	/* columns: nothing before its first call, asleep, then idle */
	tl_columns(tl, 2, T0, T0 + 3100 * MS, 31, cols);
	ck_assert_int_eq(cols[0], REC_ST_SLEEPING);  /* 2 of its 100 ms known: asleep */
	for (int c = 1; c < 30; c++)
		ck_assert_int_eq(cols[c], REC_ST_SLEEPING);
	ck_assert_int_eq(cols[30], TL_ST_IDLE);
	tl_columns(tl, 2, T0, T0 + 2 * MS, 2, cols);
	ck_assert_int_eq(cols[0], TL_COL_NONE);
	/* the CPU lanes know them */
	tl_cpu_columns(tl, 1, T0, T0 + 20 * MS, 20, lane);
	ck_assert_int_eq(lane[10], 3);
	ck_assert_int_eq(lane[11], -1);
	tl_cpu_columns(tl, 0, T0, T0 + 20 * MS, 20, lane);
	ck_assert_int_eq(lane[15], 3);
	/* snapshots leave them out */
	{
		struct tl_at *at = tl_at_new(tl, T0 + 5 * MS);
		ck_assert_uint_eq(at->nactors, 2);
		tl_at_free(at);
	}
	tl_free(tl);
	free(eb.ev);
	bare_free(v);
}
END_TEST

/* Pool threads under the cap: their old spans go as the others' do. */
START_TEST(test_tl__pool_threads_under_cap)
{
	struct prog_variant *v = loop_variant();
	struct tl *tl = tl_new(NULL, v, 2 * TL_CHUNK_EVENTS);
	struct evbuf eb, *b = &eb;
	struct tl_span sp;

	memset(b, 0, sizeof *b);
	for (int i = 0; i < 3 * TL_CHUNK_EVENTS; i++)
		PST(i * 0.01, 2, i % 2 ? REC_ST_READY : REC_ST_RUNNING, i % 2 ? -1 : 1, 0, 0);
	tl_add(tl, eb.ev, eb.n);
	ck_assert_uint_gt(tl_dropped(tl), 0);
	ck_assert_uint_eq(tl_npool(tl), 1);
	ck_assert_uint_eq(tl_pool_calls(tl, 0, NULL), (unsigned)(3 * TL_CHUNK_EVENTS / 2));
	ck_assert_uint_lt(tl_nspans(tl, 2), 3 * TL_CHUNK_EVENTS);
	ck_assert(tl_span_at(tl, 2, T0 + (uint64_t)((3 * TL_CHUNK_EVENTS - 2) * 0.01 * MS), &sp));
	ck_assert_int_eq(sp.state, REC_ST_RUNNING);
	ck_assert_int_eq(sp.other, 1);
	tl_free(tl);
	free(eb.ev);
	bare_free(v);
}
END_TEST

START_TEST(test_tl__cap_bounds_memory)
{
	struct prog_variant *v = bare_variant(2);
	struct tl *capped = tl_new(NULL, v, 40000), *full = tl_new(NULL, v, 0);
	struct evbuf eb;
	size_t bytes_at_half = 0;
	struct tl_at *a1, *a2;

	v->ndecls = 1;
	v->decls = xcalloc(1, sizeof *v->decls);
	tl_free(capped);
	tl_free(full);
	capped = tl_new(NULL, v, 40000);
	full = tl_new(NULL, v, 0);
	memset(&eb, 0, sizeof eb);
	for (int i = 0; i < 200000; i++) {
		uint64_t t = T0 + (uint64_t)i * 1000;
		eb.n = 0;
		if (i % 2)
			put(&eb, t, REC_STATE, i % 4 == 1, i % 8 < 4 ? REC_ST_RUNNING : REC_ST_SLEEPING, -1, -1, 0, 0);
		else
			put(&eb, t, REC_STORE, 0, 0, 0, -1, i, -1);
		tl_add(capped, eb.ev, 1);
		tl_add(full, eb.ev, 1);
		if (i == 100000)
			bytes_at_half = tl_bytes(capped);
	}
	ck_assert_uint_le(tl_end(capped) - tl_first(capped), 40000);
	ck_assert_uint_gt(tl_dropped(capped), 150000);
	ck_assert_uint_eq(tl_dropped(capped) + tl_end(capped) - tl_first(capped), 200000);
	ck_assert_uint_eq(tl_dropped(full), 0);
	/* memory stops growing: the second half of the run adds (almost) nothing */
	ck_assert_uint_le(tl_bytes(capped), bytes_at_half + bytes_at_half / 10);
	ck_assert_uint_lt(tl_bytes(capped), tl_bytes(full) / 3);
	ck_assert_uint_gt(tl_kept_from(capped), T0);
	/* after the cut, scrubbing agrees with the full model; before it, it says so */
	a1 = tl_at_new(capped, T0 + 190000 * 1000ull);
	a2 = tl_at_new(full, T0 + 190000 * 1000ull);
	ck_assert(a1->exact);
	ck_assert_int_eq(a1->res[0].value, a2->res[0].value);
	ck_assert_uint_eq(a1->actors[0].state, a2->actors[0].state);
	ck_assert_uint_eq(a1->actors[1].state, a2->actors[1].state);
	tl_at_free(a1);
	tl_at_free(a2);
	a1 = tl_at_new(capped, T0 + 1000);
	ck_assert(!a1->exact);
	tl_at_free(a1);
	{
		uint8_t c1[100], c2[100];
		uint64_t from = tl_kept_from(capped) + 1000000;
		for (int a = 0; a < 2; a++) {
			tl_columns(capped, a, from, tl_t_end(full), 100, c1);
			tl_columns(full, a, from, tl_t_end(full), 100, c2);
			ck_assert_mem_eq(c1, c2, 100);
		}
	}
	tl_free(capped);
	tl_free(full);
	free(eb.ev);
	free(v->decls);
	bare_free(v);
}
END_TEST

/* Narration too: past the cap the says of dropped events go with them (a
 * looping scenario that narrates grew by 8 bytes a say for ever: make soak). */
START_TEST(test_tl__cap_bounds_narration)
{
	struct prog_variant *v = bare_variant(1);
	struct tl *tl = tl_new(NULL, v, 2 * TL_CHUNK_EVENTS);
	struct evbuf eb;
	size_t bytes_at_half = 0, idx[4];
	const int n = 40 * TL_CHUNK_EVENTS;
	struct rec_event ev;

	memset(&eb, 0, sizeof eb);
	for (int i = 0; i < n; i++) {
		eb.n = 0;
		put(&eb, T0 + (uint64_t)i * 1000, REC_SAY, 0, 0, -1, -1, i, -1);
		tl_add(tl, eb.ev, 1);
		if (i == n / 2 - 1)  /* as full as at the end: the cap drops a chunk at a time */
			bytes_at_half = tl_bytes(tl);
	}
	ck_assert_uint_gt(tl_dropped(tl), (uint64_t)n / 2);
	ck_assert_uint_le(tl_bytes(tl), bytes_at_half + bytes_at_half / 10);
	/* the newest says are still found, newest first */
	ck_assert_uint_eq(tl_says(tl, tl_end(tl), idx, 4), 4);
	tl_event(tl, idx[0], &ev);
	ck_assert_int_eq(ev.value, n - 1);
	tl_event(tl, idx[3], &ev);
	ck_assert_int_eq(ev.value, n - 4);
	/* and none before the first kept event */
	ck_assert_uint_eq(tl_says(tl, tl_first(tl) + 1, idx, 4), 1);
	ck_assert_uint_eq(idx[0], tl_first(tl));
	tl_free(tl);
	free(eb.ev);
	bare_free(v);
}
END_TEST


/* ---- the step axis ----------------------------------------------------------------- */

/* A step-mode run of two workers as the engine stamps it (a nanosecond an event): five steps
 * that script no time (A, A, B, B, A), then A's `work 400ms`; RUN_BEGIN marks the step clock
 * when STEP_CLOCK. */
static void
step_events(struct evbuf *b, bool step_clock)
{
	uint64_t t = T0;
	static const int who[] = { 0, 0, 1, 1, 0, 0 };

	memset(b, 0, sizeof *b);
	put(b, t, REC_RUN_BEGIN, -1, 0, step_clock ? 1 : -1, -1, 2, -1);
	put(b, ++t, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, 0);
	put(b, ++t, REC_STATE, 0, REC_ST_READY, -1, -1, 0, -1);
	put(b, ++t, REC_STATE, 1, REC_ST_RUNNING, -1, -1, 0, 0);
	put(b, ++t, REC_STATE, 1, REC_ST_READY, -1, -1, 0, -1);
	for (int k = 0; k < 6; k++) {
		put(b, ++t, REC_STATE, who[k], REC_ST_RUNNING, -1, -1, 0, 0);
		put(b, ++t, REC_OP, who[k], 0, -1, -1, 0, -1);
		b->ev[b->n - 1].op = k;
		t += k == 5 ? 400 * MS : 1;
		put(b, t, REC_STATE, who[k], REC_ST_READY, -1, -1, 0, -1);
	}
}

START_TEST(test_tl__step_axis)
{
	struct prog_variant *v = bare_variant(2);
	struct tl *tl = tl_new(NULL, v, 0), *live = tl_new(NULL, v, 0);
	struct evbuf eb;
	struct tl_axis ax;
	uint8_t a[40], bcol[40];
	char lab[16];

	step_events(&eb, true);
	tl_add(tl, eb.ev, eb.n);
	ck_assert(tl_step_clock(tl));
	ck_assert_uint_eq(tl_nsteps(tl), 6);
	/* a step begins where its worker was let run, before its op */
	ck_assert_uint_eq(tl_step_t(tl, 0), T0 + 5);
	for (size_t k = 1; k < 6; k++)
		ck_assert_uint_gt(tl_step_t(tl, k), tl_step_t(tl, k - 1));
	ck_assert_uint_eq(tl_step_at(tl, tl_step_t(tl, 2)), 3);
	ck_assert_uint_eq(tl_step_at(tl, T0), 0);

	/* every step shown: four columns each, whatever time it took */
	tl_axis_steps(&ax, tl, 0, tl_nsteps(tl), 40, TL_AXIS_STEP_COLS);
	ck_assert_int_eq(ax.used, 24);
	tl_axis_columns(tl, 0, &ax, a);
	tl_axis_columns(tl, 1, &ax, bcol);
	for (int k = 0; k < 6; k++) {
		static const int who[] = { 0, 0, 1, 1, 0, 0 };
		int c = 4 * k;
		ck_assert(tl_axis_step_starts(&ax, c));
		ck_assert_uint_eq(tl_axis_step(&ax, c + 3), (size_t)k);
		ck_assert(tl_axis_step_label(&ax, c, lab, sizeof lab));
		ck_assert_int_eq(atoi(lab), k + 1);
		/* the granted worker runs in its step's first column, the other waits for a grant */
		ck_assert_uint_eq((who[k] == 0 ? a : bcol)[c], REC_ST_RUNNING);
		ck_assert_uint_eq((who[k] == 0 ? bcol : a)[c], REC_ST_READY);
		ck_assert_int_eq(tl_axis_col(&ax, tl_step_t(tl, (size_t)k)), c);
	}
	ck_assert_uint_eq(a[24], TL_COL_NONE);
	/* the 400 ms step takes its four columns like the others, running all through */
	ck_assert_uint_eq(a[23], REC_ST_RUNNING);
	ck_assert_int_eq(tl_axis_col(&ax, tl_step_t(tl, 5) + 350 * MS), 23);
	tl_axis_done(&ax);

	/* zoomed in on steps 2-3: each takes half the cells; the rest of the run is outside */
	tl_axis_steps(&ax, tl, 1, 2, 40, 0);
	ck_assert_int_eq(ax.used, 40);
	ck_assert_uint_eq(tl_axis_step(&ax, 0), 1);
	ck_assert_uint_eq(tl_axis_step(&ax, 39), 2);
	ck_assert_int_eq(tl_axis_col(&ax, tl_step_t(tl, 0)), -1);
	tl_axis_columns(tl, 1, &ax, bcol);
	ck_assert_uint_eq(bcol[0], REC_ST_READY);
	ck_assert_uint_eq(bcol[20], REC_ST_RUNNING);
	tl_axis_done(&ax);

	/* more steps than columns: whole steps share a column */
	tl_axis_steps(&ax, tl, 0, 6, 4, TL_AXIS_STEP_COLS);
	ck_assert_int_eq(ax.used, 3);
	ck_assert_uint_eq(tl_axis_step(&ax, 1), 2);
	tl_axis_done(&ax);

	/* the same events without the step clock's mark: a live run, no step axis */
	free(eb.ev);
	step_events(&eb, false);
	tl_add(live, eb.ev, eb.n);
	ck_assert(!tl_step_clock(live));
	ck_assert_uint_eq(tl_nsteps(live), 6);
	free(eb.ev);
	tl_free(live);
	tl_free(tl);
	bare_free(v);
}
END_TEST

/* The headless timeline of a step-mode run: a step ruler, and the steps' columns. */
START_TEST(test_tl_text__step_axis)
{
	struct prog_variant *v = bare_variant(2);
	struct tl *tl = tl_new(NULL, v, 0);
	struct evbuf eb;
	char *s;

	step_events(&eb, true);
	tl_add(tl, eb.ev, eb.n);
	s = render(tl, 60, true, false);
	ck_assert_msg(strstr(s, "\nstep") != NULL, "no step ruler:\n%s", s);
	ck_assert_msg(strstr(s, " 1   2   3   4   5   6\n") != NULL, "step numbers:\n%s", s);
	ck_assert_msg(strstr(s, "one step = 4 columns; 6 steps took 400ms") != NULL, "legend:\n%s", s);
	/* A runs in steps 1, 2, 5 and 6 (ready after each op but the 400 ms one) and waits
	 * through B's 3 and 4: each step its own four columns */
	ck_assert_msg(strstr(s, "A thread w0 ###:###:::::::::###:####\n") != NULL, "row A:\n%s", s);
	ck_assert_msg(strstr(s, "B thread w1 ::::::::###:###:::::::::\n") != NULL, "row B:\n%s", s);
	ck_assert_msg(strstr(s, "cpu 0       AAA AAA BBB BBB AAA AAAA\n") != NULL, "lane:\n%s", s);
	free(s);
	free(eb.ev);
	tl_free(tl);
	bare_free(v);
}
END_TEST

/* ---- the headless timeline -------------------------------------------------------- */

static struct tl *
kitchen_tl(struct prog **pp)
{
	struct prog *p = kitchen_prog();
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct evbuf eb;

	kitchen_events(&p->variants[0], &eb);
	tl_add(tl, eb.ev, eb.n);
	free(eb.ev);
	*pp = p;
	return tl;
}

START_TEST(test_tl_text__golden_unicode)
{
	struct prog *p;
	struct tl *tl = kitchen_tl(&p);
	char *s = render(tl, 60, false, false);

	golden("tl/kitchen-60.txt", s);
	free(s);
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_tl_text__golden_ascii)
{
	struct prog *p;
	struct tl *tl = kitchen_tl(&p);
	char *s = render(tl, 80, true, false);

	golden("tl/kitchen-80-ascii.txt", s);
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c >= 0x80) {
			/* only the names and narration may be non-ASCII */
			ck_assert(strstr(s, "廚師乙") != NULL);
			break;
		}
	ck_assert(strchr(s, '#') != NULL);
	free(s);
	tl_free(tl);
	prog_free(p);
}
END_TEST

/* The display width of one line (up to its newline). */
static int
line_width(const char *s, const char **next)
{
	const char *nl = strchr(s, '\n');
	char *line = xstrndup(s, nl ? (size_t)(nl - s) : strlen(s));
	int w = tl_text_width(line);

	free(line);
	*next = nl ? nl + 1 : s + strlen(s);
	return w;
}

START_TEST(test_tl_text__cjk_alignment_and_wrapping)
{
	struct prog *p;
	struct tl *tl = kitchen_tl(&p);
	char *s = render(tl, 44, false, false);
	const char *l = s, *next;
	int rows = 0, grid_col = -1;

	golden("tl/kitchen-44.txt", s);
	while (*l) {
		int w = line_width(l, &next);
		ck_assert_msg(w <= 44, "a line %d columns wide: %.*s", w, (int)(next - l), l);
		/* every actor row starts its grid at the same display column */
		if (l[0] >= 'A' && l[0] <= 'F' && l[1] == ' ') {
			char *line = xstrndup(l, (size_t)(next - l - 1));
			char *grid = strstr(line, "\u2588");  /* each actor runs at some point */
			if (grid == NULL)
				grid = strstr(line, "\u2591");
			ck_assert_ptr_nonnull(grid);
			/* the label field is followed by the grid's first column */
			*grid = '\0';
			rows++;
			free(line);
		}
		l = next;
	}
	ck_assert_int_eq(rows, 6);
	/* the labels, padded by display width, are equally wide */
	{
		const char *r = strstr(s, "A thread Cook");
		const char *r2 = strstr(s, "B thread 廚師");
		const char *e1, *e2;
		ck_assert_ptr_nonnull(r);
		ck_assert_ptr_nonnull(r2);
		e1 = r;
		e2 = r2;
		/* the first grid cell follows the padded label: column lw + 1 */
		{
			char *a = xstrndup(r, (size_t)(strstr(r, "\u2588") - r));
			char *b = xstrndup(r2, (size_t)(strstr(r2, "\u2588") - r2));
			grid_col = tl_text_width(a);
			ck_assert_int_eq(tl_text_width(b), grid_col);
			free(a);
			free(b);
		}
		(void)e1;
		(void)e2;
	}
	ck_assert_int_gt(grid_col, 0);
	free(s);
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_tl_text__color)
{
	struct prog *p;
	struct tl *tl = kitchen_tl(&p);
	char *plain = render(tl, 60, false, false), *col = render(tl, 60, false, true);
	enum tl_text_color c;

	ck_assert(strchr(plain, '\033') == NULL);
	ck_assert(strstr(col, "\033[0;32m\u2588") != NULL);  /* running in green */
	ck_assert(strstr(col, "\033[0;31m\u00d7") != NULL);  /* blocked in red */
	ck_assert_int_eq(tl_text_color_parse("always", &c), 0);
	ck_assert_int_eq(c, TL_COLOR_ALWAYS);
	ck_assert_int_eq(tl_text_color_parse("sometimes", &c), -1);
	ck_assert(tl_text_color_use(TL_COLOR_ALWAYS, -1));
	ck_assert(!tl_text_color_use(TL_COLOR_NEVER, -1));
	setenv("NO_COLOR", "1", 1);
	setenv("TERM", "xterm", 1);
	ck_assert(!tl_text_color_use(TL_COLOR_AUTO, STDOUT_FILENO));
	unsetenv("NO_COLOR");
	ck_assert(!tl_text_color_use(TL_COLOR_AUTO, -1));  /* not a terminal */
	free(plain);
	free(col);
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_tl_text__outcome)
{
	struct prog *p;
	struct tl *tl = kitchen_tl(&p);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct tl_text_opts o = { .width = 80 };
	int status = tl_text_outcome(m, tl, &o);

	fclose(m);
	ck_assert_int_eq(status, 0);
	ck_assert_ptr_nonnull(strstr(buf, "outcome: finished after 16ms"));
	ck_assert_ptr_nonnull(strstr(buf, "final value: orders = 2"));
	ck_assert_ptr_nonnull(strstr(buf, "expectation at line 11: met"));
	free(buf);
	{
		/* an unmet expectation makes it 1: judged again from the final values, as the run judged */
		struct rec_event ev = { .t_ns = T0 + 17 * MS, .kind = REC_VALUE_FINAL, .actor = -1, .res = 0, .value = 1 };
		tl_add(tl, &ev, 1);
		m = fopen("/dev/null", "w");
		ck_assert_int_eq(tl_text_outcome(m, tl, &o), 1);
		fclose(m);
	}
	tl_free(tl);
	prog_free(p);
}
END_TEST

/* The shipped noodle scenario's offloaded variant, as recorded at full speed
 * (tests/data/traces/noodle-offloaded.kst: `kitchensync run --headless --variant
 * offloaded noodle --record ...`), in a model; *PP and *TRP to free. */
static struct tl *
noodle_tl(struct prog **pp, struct trace **trp)
{
	struct trace *tr;
	char *err = NULL;
	FILE *dn = fopen("/dev/null", "w");
	struct diag *d;
	struct prog *p;
	const struct prog_variant *v;
	struct tl *tl;

	ck_assert_msg(trace_read(ks_check_data("traces/noodle-offloaded.kst"), &tr, &err) == 0, "%s", err);
	d = diag_new(dn);
	p = scn_parse_buffer(tr->path, tr->source, tr->source_len, d);
	diag_free(d);
	fclose(dn);
	ck_assert_ptr_nonnull(p);
	v = prog_variant_find(p, tr->variant);
	ck_assert_ptr_nonnull(v);
	tl = tl_new(p, v, 0);
	tl_add(tl, tr->events, tr->nevents);
	*pp = p;
	*trp = tr;
	return tl;
}

START_TEST(test_tl__noodle_pool_row)
{
	struct prog *p;
	struct trace *tr;
	struct tl *tl = noodle_tl(&p, &tr);
	const struct prog_variant *v = tl_variant(tl);
	int N = actor_of(v, "Noodles"), pool = (int)v->nactors, last;
	struct tl_span sp;
	uint64_t slept = 0;

	ck_assert_uint_eq(tl_npool(tl), 1);
	ck_assert_str_eq(tl_actor_name(tl, pool), "pool 1");
	ck_assert_int_eq(tl_pool_loop(tl, 0), actor_of(v, "You"));
	ck_assert_uint_eq(tl_pool_calls(tl, 0, &last), 1);
	ck_assert_int_eq(last, N);
	/* one sleep, for Noodles, of the scripted 3 s (it cannot be shorter; the run took 3.0x s) */
	for (size_t i = 0; i < tl_nspans(tl, pool); i++) {
		ck_assert(tl_span(tl, pool, i, &sp));
		ck_assert(sp.state == REC_ST_SLEEPING || sp.state == TL_ST_IDLE);
		if (sp.state == REC_ST_SLEEPING) {
			ck_assert_int_eq(sp.other, N);
			slept += sp.end - sp.start;
		}
	}
	ck_assert_uint_ge(slept, 3000 * MS);
	ck_assert_uint_lt(slept, 3100 * MS);
	/* meanwhile the loop ran the drink: Drink was done before the pool thread woke Noodles */
	ck_assert(tl_span_at(tl, actor_of(v, "Drink"), tl_t_begin(tl) + 2000 * MS, &sp));
	ck_assert_int_eq(sp.state, REC_ST_DONE);
	ck_assert(tl_span_at(tl, pool, tl_t_begin(tl) + 2000 * MS, &sp));
	ck_assert_int_eq(sp.state, REC_ST_SLEEPING);
	tl_free(tl);
	trace_free(tr);
	prog_free(p);
}
END_TEST

START_TEST(test_tl_text__noodle_pool_row)
{
	struct prog *p;
	struct trace *tr;
	struct tl *tl = noodle_tl(&p, &tr);
	char *s = render(tl, 100, false, false), *a = render(tl, 100, true, false), *row;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	struct tl_text_opts o = { .width = 100 };

	golden("tl/noodle-offloaded-100.txt", s);
	/* after the loop's tasks, labelled with the next key, asleep for most of the run */
	row = strstr(s, "\nD   task Phone");
	ck_assert_ptr_nonnull(row);
	row = strchr(row + 1, '\n');
	ck_assert_ptr_nonnull(row);
	ck_assert_msg(strncmp(row + 1, "E   thread pool 1 ", 18) == 0, "%s", s);
	ck_assert_ptr_nonnull(strstr(row, " zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));
	ck_assert_ptr_nonnull(strstr(a, "E   thread pool 1 zzzzzzzzzz"));
	m = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(tl_text_outcome(m, tl, &o), 0);
	fclose(m);
	ck_assert_ptr_nonnull(strstr(buf, "  E thread pool 1: ran 1 offloaded call, for Noodles\n"));
	free(buf);
	free(s);
	free(a);
	tl_free(tl);
	trace_free(tr);
	prog_free(p);
}
END_TEST

/* ---- traces --------------------------------------------------------------------------- */

static char *
tmp_path(const char *name)
{
	const char *dir = getenv("TMPDIR");
	return xasprintf("%s/ks-check-tl-%ld-%s", dir ? dir : "/tmp", (long)getpid(), name);
}

START_TEST(test_trace__round_trip)
{
	struct prog *p = kitchen_prog();
	struct evbuf eb;
	struct trace tr = { 0 }, *back = NULL;
	char *path = tmp_path("rt.kst"), *err = NULL;
	struct tl *t1, *t2;
	char *s1, *s2;

	kitchen_events(&p->variants[0], &eb);
	for (size_t i = 0; i < eb.n; i++)
		eb.ev[i].writer = (uint16_t)(i % 3);
	tr.path = (char *)"kitchen.ks";
	tr.variant = (char *)"";
	tr.source = (char *)kitchen_src;
	tr.source_len = sizeof kitchen_src - 1;
	tr.events = eb.ev;
	tr.nevents = eb.n;
	tr.rec_dropped = 3;
	ck_assert_msg(trace_write(path, &tr, &err) == 0, "%s", err);
	ck_assert_msg(trace_read(path, &back, &err) == 0, "%s", err);
	ck_assert_str_eq(back->path, "kitchen.ks");
	ck_assert_str_eq(back->variant, "");
	ck_assert_uint_eq(back->source_len, sizeof kitchen_src - 1);
	ck_assert_mem_eq(back->source, kitchen_src, sizeof kitchen_src - 1);
	ck_assert_uint_eq(back->rec_dropped, 3);
	ck_assert_uint_eq(back->nevents, eb.n);
	ck_assert_mem_eq(back->events, eb.ev, eb.n * sizeof *eb.ev);

	/* the same timeline from the trace, with the scenario compiled from the trace */
	{
		FILE *dn = fopen("/dev/null", "w");
		struct diag *d = diag_new(dn);
		struct prog *p2 = scn_parse_buffer(back->path, back->source, back->source_len, d);
		diag_free(d);
		fclose(dn);
		ck_assert_ptr_nonnull(p2);
		t1 = tl_new(p, &p->variants[0], 0);
		t2 = tl_new(p2, &p2->variants[0], 0);
		tl_add(t1, eb.ev, eb.n);
		tl_add(t2, back->events, back->nevents);
		s1 = render(t1, 72, false, false);
		s2 = render(t2, 72, false, false);
		ck_assert_str_eq(s1, s2);
		free(s1);
		free(s2);
		tl_free(t1);
		tl_free(t2);
		prog_free(p2);
	}
	/* the committed sample trace is this very run */
	if (getenv("KS_UPDATE_GOLDEN")) {
		ck_assert_int_eq(trace_write(ks_check_data("traces/kitchen.kst"), &tr, &err), 0);
	}
	trace_free(back);
	ck_assert_msg(trace_read(ks_check_data("traces/kitchen.kst"), &back, &err) == 0, "%s", err);
	ck_assert_uint_eq(back->nevents, eb.n);
	ck_assert_mem_eq(back->events, eb.ev, eb.n * sizeof *eb.ev);
	trace_free(back);
	unlink(path);
	free(path);
	free(eb.ev);
	prog_free(p);
}
END_TEST

START_TEST(test_trace__streaming_writer)
{
	struct evbuf eb;
	struct prog *p = kitchen_prog();
	char *path = tmp_path("stream.kst"), *err = NULL;
	struct trace_writer *w;
	struct trace *back;

	kitchen_events(&p->variants[0], &eb);
	w = trace_writer_new(path, "k.ks", "main", kitchen_src, sizeof kitchen_src - 1, &err);
	ck_assert_ptr_nonnull(w);
	for (size_t i = 0; i < eb.n; i += 5)
		ck_assert_int_eq(trace_writer_add(w, eb.ev + i, eb.n - i < 5 ? eb.n - i : 5, &err), 0);
	ck_assert_int_eq(trace_writer_finish(w, 0, &err), 0);
	ck_assert_msg(trace_read(path, &back, &err) == 0, "%s", err);
	ck_assert_str_eq(back->variant, "main");
	ck_assert_uint_eq(back->nevents, eb.n);
	trace_free(back);
	/* a file that cannot be created */
	ck_assert_ptr_null(trace_writer_new("/nonexistent-dir/x.kst", "", "", "", 0, &err));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/x.kst: error:"));
	free(err);
	unlink(path);
	free(path);
	free(eb.ev);
	prog_free(p);
}
END_TEST

static const struct {
	const char *file, *message;
} bad_traces[] = {
	{ "empty.kst", "at byte 0: not a kitchensync trace" },
	{ "text.kst", "at byte 0: not a kitchensync trace" },
	{ "short-header.kst", "at byte 20: the trace is truncated inside its 48-byte header" },
	{ "version-9.kst", "at byte 8: trace format version 9 is not supported" },
	{ "event-size.kst", "at byte 10: event records of 16 bytes" },
	{ "flags.kst", "at byte 12: unknown flags" },
	{ "huge-source.kst", "at byte 40: a scenario source of" },
	{ "huge-count.kst", "at byte 16:" },
	{ "truncated-source.kst", "truncated inside the embedded scenario" },
	{ "truncated-events.kst", "the trace is truncated: it should hold" },
	{ "trailing.kst", "unexpected bytes after the trace's end" },
	{ "bitflip.kst", "checksum mismatch" },
	{ "bad-kind.kst", "has an unknown kind 200" },
	{ "bad-state.kst", "has an unknown state 77" },
	{ "time-back.kst", "goes back in time" },
};

START_TEST(test_trace__corrupted)
{
	for (size_t i = 0; i < sizeof bad_traces / sizeof bad_traces[0]; i++) {
		char *name = xasprintf("traces/bad/%s", bad_traces[i].file);
		const char *path = ks_check_data(name);
		struct trace *tr = (struct trace *)1;
		char *err = NULL;
		char *prefix = xasprintf("%s: error: ", path);

		ck_assert_msg(trace_read(path, &tr, &err) == -1, "%s was accepted", name);
		ck_assert_ptr_null(tr);
		ck_assert_ptr_nonnull(err);
		ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0, "%s: %s", name, err);
		ck_assert_msg(strstr(err, bad_traces[i].message) != NULL, "%s: %s", name, err);
		free(err);
		free(prefix);
		free(name);
	}
	{
		struct trace *tr;
		char *err;
		ck_assert_int_eq(trace_read("/nonexistent/trace.kst", &tr, &err), -1);
		ck_assert_ptr_nonnull(strstr(err, "/nonexistent/trace.kst: error: cannot open the trace"));
		free(err);
	}
}
END_TEST

/* A recording cut short (count and header checksum still 0) reads up to its
 * last whole event, with a warning; the tail of an event is not an error. */
START_TEST(test_trace__unfinished_reads_whole_events)
{
	struct trace *good, *tr;
	char *err = NULL, *buf;
	size_t len, off;
	FILE *f = fopen(ks_check_data("traces/unfinished.kst"), "rb");

	ck_assert_ptr_nonnull(f);
	buf = xmalloc(1 << 16);
	len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	ck_assert_msg(trace_read(ks_check_data("traces/kitchen.kst"), &good, &err) == 0, "%s", err);
	ck_assert_msg(trace_read_mem("u", buf, len, &tr, &err) == 0, "%s", err);
	ck_assert_ptr_nonnull(tr->warning);
	ck_assert_msg(strncmp(tr->warning, "u: warning: at byte 16: the recording did not finish", 52) == 0,
	    "%s", tr->warning);
	ck_assert_uint_eq(tr->nevents, good->nevents);
	ck_assert_mem_eq(tr->events, good->events, good->nevents * sizeof *good->events);
	trace_free(tr);
	/* cut inside the seventh event: six whole ones */
	off = len - 4 - good->nevents * TRACE_EVENT_SIZE;
	ck_assert_int_eq(trace_read_mem("u", buf, off + 6 * TRACE_EVENT_SIZE + 17, &tr, &err), 0);
	ck_assert_uint_eq(tr->nevents, 6);
	trace_free(tr);
	/* cut inside the embedded scenario: nothing to replay */
	ck_assert_int_eq(trace_read_mem("u", buf, off - 1, &tr, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "truncated inside the embedded scenario"));
	free(err);
	trace_free(good);
	free(buf);
}
END_TEST

/* A finished trace is read no further than its header says: trailing bytes are counted. */
START_TEST(test_trace__read_stops_at_the_header_size)
{
	struct trace *tr;
	char *err = NULL;

	ck_assert_int_eq(trace_read("/dev/zero", &tr, &err), -1);
	ck_assert_str_eq(err, "/dev/zero: error: at byte 0: not a kitchensync trace (no KSTRACE signature)");
	free(err);
	ck_assert_int_eq(trace_read(ks_check_data("traces/bad/trailing.kst"), &tr, &err), -1);
	ck_assert_msg(strstr(err, ": 4 unexpected bytes after the trace's end") != NULL, "%s", err);
	free(err);
}
END_TEST

/* Every prefix and every single-byte change of a good trace is an error or the same trace. */
START_TEST(test_trace__fuzz_prefixes_and_flips)
{
	char *good = NULL;
	size_t len;
	struct trace *tr;
	char *err;
	FILE *f = fopen(ks_check_data("traces/kitchen.kst"), "rb");

	ck_assert_ptr_nonnull(f);
	good = xmalloc(1 << 16);
	len = fread(good, 1, 1 << 16, f);
	fclose(f);
	ck_assert_uint_gt(len, 100);
	for (size_t n = 0; n < len; n++) {
		ck_assert_int_eq(trace_read_mem("t", good, n, &tr, &err), -1);
		ck_assert_ptr_null(tr);
		ck_assert(strncmp(err, "t: error: at byte ", 18) == 0);
		free(err);
	}
	for (size_t i = 0; i < len; i += 3) {
		good[i] ^= 0x10;
		if (trace_read_mem("t", good, len, &tr, &err) == 0)
			ck_abort_msg("a flipped byte %zu was accepted", i);
		free(err);
		good[i] ^= 0x10;
	}
	ck_assert_int_eq(trace_read_mem("t", good, len, &tr, &err), 0);
	trace_free(tr);
	free(good);
}
END_TEST

/* ---- Chrome JSON --------------------------------------------------------------------- */

/* A strict JSON checker (RFC 8259), enough to prove the export parses. */
struct json {
	const char *p;
	int depth;
};

static void
json_ws(struct json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')
		j->p++;
}

static bool json_value(struct json *j);

static bool
json_string(struct json *j)
{
	if (*j->p != '"')
		return false;
	j->p++;
	while (*j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			return false;
		if (c == '\\') {
			j->p++;
			if (*j->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", j->p[i]) || j->p[i] == '\0')
						return false;
				j->p += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *j->p) || *j->p == '\0')
				return false;
			j->p++;
			continue;
		}
		if (c >= 0x80) {
			int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
			if (len == 0 || c > 0xf4)
				return false;
			for (int i = 1; i < len; i++)
				if ((j->p[i] & 0xc0) != 0x80)
					return false;
			j->p += len;
			continue;
		}
		j->p++;
	}
	j->p++;
	return true;
}

static bool
json_number(struct json *j)
{
	const char *s = j->p;
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (*j->p >= '1' && *j->p <= '9')
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	else
		return false;
	if (*j->p == '.') {
		j->p++;
		if (!(*j->p >= '0' && *j->p <= '9'))
			return false;
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!(*j->p >= '0' && *j->p <= '9'))
			return false;
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static bool
json_value(struct json *j)
{
	bool first = true;

	json_ws(j);
	if (++j->depth > 64)
		return false;
	switch (*j->p) {
	case '{':
		j->p++;
		for (;;) {
			json_ws(j);
			if (*j->p == '}' && first) {
				j->p++;
				break;
			}
			if (!json_string(j))
				return false;
			json_ws(j);
			if (*j->p++ != ':')
				return false;
			if (!json_value(j))
				return false;
			json_ws(j);
			first = false;
			if (*j->p == ',') {
				j->p++;
				continue;
			}
			if (*j->p++ != '}')
				return false;
			break;
		}
		break;
	case '[':
		j->p++;
		for (;;) {
			json_ws(j);
			if (*j->p == ']' && first) {
				j->p++;
				break;
			}
			if (!json_value(j))
				return false;
			json_ws(j);
			first = false;
			if (*j->p == ',') {
				j->p++;
				continue;
			}
			if (*j->p++ != ']')
				return false;
			break;
		}
		break;
	case '"':
		if (!json_string(j))
			return false;
		break;
	case 't':
		if (strncmp(j->p, "true", 4))
			return false;
		j->p += 4;
		break;
	case 'f':
		if (strncmp(j->p, "false", 5))
			return false;
		j->p += 5;
		break;
	case 'n':
		if (strncmp(j->p, "null", 4))
			return false;
		j->p += 4;
		break;
	default:
		if (!json_number(j))
			return false;
	}
	j->depth--;
	return true;
}

static bool
json_valid(const char *s)
{
	struct json j = { s, 0 };
	if (!json_value(&j))
		return false;
	json_ws(&j);
	return *j.p == '\0';
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(test_export__chrome_json)
{
	struct prog *p;
	struct tl *tl = kitchen_tl(&p);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	ck_assert_int_eq(export_chrome(m, tl), 0);
	fclose(m);
	ck_assert_msg(json_valid(buf), "not valid JSON:\n%s", buf);
	ck_assert(!json_valid("{\"a\":[1,2,]}"));
	ck_assert(!json_valid("{\"a\":\"\x01\"}"));
	ck_assert(json_valid("{\"a\":[1.5e3,\"\\u00e9\",true,null]}"));
	/* the tracks: a thread per actor, a process for Shop, the CPUs */
	ck_assert_uint_eq(count(buf, "\"name\":\"thread_name\""), 6 + 2);
	ck_assert_ptr_nonnull(strstr(buf, "\"args\":{\"name\":\"廚師乙\"}"));
	ck_assert_ptr_nonnull(strstr(buf, "\"args\":{\"name\":\"process Shop\"}"));
	ck_assert_ptr_nonnull(strstr(buf, "\"args\":{\"name\":\"CPUs\"}"));
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"blocked\",\"cat\":\"state\",\"ph\":\"X\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"acquire pen\",\"cat\":\"lock\",\"ph\":\"i\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"store orders = 2\""));
	/* one arrow: Cook A's release let 廚師乙 in, at 4 ms */
	ck_assert_uint_eq(count(buf, "\"ph\":\"s\""), 1);
	ck_assert_uint_eq(count(buf, "\"ph\":\"f\""), 1);
	ck_assert_ptr_nonnull(strstr(buf, "\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":4000.000,\"id\":1}"));
	ck_assert_ptr_nonnull(strstr(buf, "\"ph\":\"f\",\"pid\":1,\"tid\":2,\"ts\":4000.000,\"id\":1,\"bp\":\"e\"}"));
	/* the Clerk lives in Shop's process */
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":4,\"tid\":4"));
	free(buf);
	tl_free(tl);
	prog_free(p);
}
END_TEST

/* A loop's pool thread: a track in its loop's process, sorted after the loop's tasks. */
START_TEST(test_export__chrome_pool)
{
	struct prog *p;
	struct trace *tr;
	struct tl *tl = noodle_tl(&p, &tr);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	ck_assert_int_eq(export_chrome(m, tl), 0);
	fclose(m);
	ck_assert_msg(json_valid(buf), "not valid JSON:\n%s", buf);
	ck_assert_uint_eq(count(buf, "\"name\":\"thread_name\""), 4 + 1 + 2);
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":5,"
	    "\"args\":{\"name\":\"pool 1\"}"));
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":5,"
	    "\"args\":{\"sort_index\":4}"));
	ck_assert_uint_eq(count(buf, "\"name\":\"sleeping\",\"cat\":\"state\",\"ph\":\"X\",\"pid\":1,\"tid\":5,"), 1);
	ck_assert_ptr_nonnull(strstr(buf, "\"args\":{\"for\":\"Noodles\"}"));
	/* the call's return: an arrow from the pool thread to Noodles */
	ck_assert_ptr_nonnull(strstr(buf, "\"name\":\"unblock\",\"cat\":\"unblock\",\"ph\":\"s\",\"pid\":1,\"tid\":5,"));
	free(buf);
	tl_free(tl);
	trace_free(tr);
	prog_free(p);
}
END_TEST

/* ---- crowds: group rows and metric rows ---------------------------------------------- */

static uint64_t crowd_seed;

static uint32_t
crowd_rand(uint32_t n)
{
	crowd_seed = crowd_seed * 6364136223846793005ull + 1442695040888963407ull;
	return n ? (uint32_t)(crowd_seed >> 33) % n : 0;
}

/* A variant of N actors where families are made at random: some actors alone, the rest in
 * families of 1 to MAXF members, contiguous, named "fK m". */
static struct prog_variant *
crowd_variant(size_t n, int maxf)
{
	struct prog_variant *v = bare_variant(n);
	size_t a = 0;

	v->families = xcalloc(n, sizeof *v->families);
	while (a < n) {
		if (crowd_rand(3) == 0) {
			a++;
			continue;
		}
		{
			struct prog_family *f = &v->families[v->nfamilies];
			size_t k = 1 + crowd_rand((uint32_t)maxf);
			if (k > n - a)
				k = n - a;
			f->name = xasprintf("f%zu", v->nfamilies);
			f->kind = PROG_TASK;
			f->first = (int)a;
			f->count = (int)k;
			f->parent = -1;
			for (size_t i = 0; i < k; i++) {
				v->actors[a + i].family = (int)v->nfamilies;
				v->actors[a + i].member = (int)i + 1;
			}
			v->nfamilies++;
			a += k;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (v->actors[i].member == 0)
			v->actors[i].family = -1;
	return v;
}

static void
crowd_free(struct prog_variant *v)
{
	for (size_t f = 0; f < v->nfamilies; f++)
		free(v->families[f].name);
	free(v->families);
	bare_free(v);
}

/* A random time-ordered stream over V's actors: states, arrivals, exits, refusals, timeouts,
 * deadlocks, failures, migrations, metric samples and ops; ties are frequent. */
static void
crowd_events(const struct prog_variant *v, struct evbuf *b, size_t nev)
{
	uint64_t t = T0;

	memset(b, 0, sizeof *b);
	put(b, t, REC_RUN_BEGIN, -1, 0, -1, -1, (int64_t)v->nactors, -1);
	for (size_t i = 0; i < nev; i++) {
		int a = (int)crowd_rand((uint32_t)v->nactors);
		uint32_t k = crowd_rand(100);
		t += crowd_rand(4) == 0 ? 0 : crowd_rand(3 * MS);
		if (k < 55)
			put(b, t, REC_STATE, a, (int)crowd_rand(REC_ST_COUNT), (int)crowd_rand(3) - 1, -1, 0,
			    (int)crowd_rand(3) - 1);
		else if (k < 67)
			put(b, t, REC_ARRIVE, a, 0, -1, -1, 0, -1);
		else if (k < 77)
			put(b, t, REC_EXIT, a, 0, -1, -1, 0, -1);
		else if (k < 79)
			put(b, t, REC_REFUSED, a, 0, -1, -1, 11, -1);
		else if (k < 82)
			put(b, t, REC_TIMEOUT, a, 0, -1, -1, 0, -1);
		else if (k < 84)
			put(b, t, REC_DEADLOCK, a, 0, 0, -1, 0, -1);
		else if (k < 85)
			put(b, t, REC_ASSERT_FAIL, a, 0, -1, -1, 0, -1);
		else if (k < 88)
			put(b, t, REC_MIGRATE, a, 0, -1, -1, 0, (int)crowd_rand(3));
		else if (k < 94)
			put(b, t, REC_METRIC, -1, 0, (int)crowd_rand(REC_METRIC_COUNT), -1,
			    (int64_t)crowd_rand(5000), -1);
		else
			put(b, t, REC_OP, a, 0, -1, -1, 0, -1);
	}
}

/* Column edges as tl.h defines them. */
static void
crowd_edges(uint64_t t0, uint64_t t1, int w, int c, uint64_t *c0, uint64_t *c1)
{
	unsigned __int128 span = t1 - t0;
	*c0 = t0 + (uint64_t)(span * (unsigned)c / (unsigned)w);
	*c1 = t0 + (uint64_t)(span * (unsigned)(c + 1) / (unsigned)w);
	if (*c1 <= *c0)
		*c1 = *c0 + 1;
}

static uint64_t
overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	uint64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
	return hi > lo ? hi - lo : 0;
}

/* Member-ns per state of actors [FIRST, FIRST + COUNT) in [C0, C1), from each member's spans. */
static void
naive_group(const struct tl *tl, uint64_t t_first, int first, int count, uint64_t c0, uint64_t c1,
    uint64_t *ns)
{
	memset(ns, 0, REC_ST_COUNT * sizeof *ns);
	for (int a = first; a < first + count; a++) {
		size_t n = tl_nspans(tl, a);
		struct tl_span sp;
		uint64_t new_end = tl_t_end(tl);
		if (n > 0) {
			if (!tl_span(tl, a, 0, &sp))
				ck_abort();
			if (sp.start < new_end)
				new_end = sp.start;
		}
		ns[REC_ST_NEW] += overlap(t_first, new_end, c0, c1);
		for (size_t i = 0; i < n; i++) {
			if (!tl_span(tl, a, i, &sp))
				ck_abort();
			ns[sp.state] += overlap(sp.start, sp.end == TL_TIME_MAX ? tl_t_end(tl) : sp.end, c0, c1);
		}
	}
}

static void
naive_group_at(const struct tl *tl, uint64_t t_first, int first, int count, uint64_t t, uint32_t *n)
{
	memset(n, 0, REC_ST_COUNT * sizeof *n);
	if (t < t_first)
		return;
	for (int a = first; a < first + count; a++) {
		struct tl_span sp;
		if (tl_span_at(tl, a, t, &sp))
			n[sp.state]++;
		else
			n[REC_ST_NEW]++;
	}
}

/* Checks the group queries of [FIRST, FIRST + COUNT) against the naive ones. */
static void
crowd_check_group(const struct tl *tl, uint64_t t_first, int first, int count, int seed)
{
	uint64_t tb = tl_t_begin(tl), te = tl_t_end(tl), dur = te - tb + 1;
	static const int ws[] = { 1, 3, 17, 200 };

	for (int q = 0; q < 6; q++) {
		uint64_t t0 = q == 0 ? tb : tb - dur / 4 + crowd_rand((uint32_t)(dur / 2 + 1));
		uint64_t t1 = q == 0 ? te + 1 : t0 + 1 + crowd_rand((uint32_t)(dur + 1));
		int w = ws[crowd_rand(4)];
		uint64_t (*got)[REC_ST_COUNT] = xcalloc((size_t)w, sizeof *got);
		tl_group_columns(tl, first, count, t0, t1, w, got);
		for (int c = 0; c < w; c++) {
			uint64_t c0, c1, want[REC_ST_COUNT];
			crowd_edges(t0, t1, w, c, &c0, &c1);
			naive_group(tl, t_first, first, count, c0, c1, want);
			for (int s = 0; s < REC_ST_COUNT; s++)
				if (got[c][s] != want[s])
					ck_abort_msg("seed %d, actors %d+%d, column %d of %d, %s: %llu member-ns, want %llu",
				    seed, first, count, c, w, rec_state_name((enum rec_state)s),
				    (unsigned long long)got[c][s], (unsigned long long)want[s]);
		}
		free(got);
	}
	for (int q = 0; q < 10; q++) {
		uint64_t t = tb - dur / 8 + crowd_rand((uint32_t)(dur + dur / 4));
		uint32_t got[REC_ST_COUNT], want[REC_ST_COUNT];
		tl_group_at(tl, first, count, t, got);
		naive_group_at(tl, t_first, first, count, t, want);
		for (int s = 0; s < REC_ST_COUNT; s++)
			if (got[s] != want[s])
				ck_abort_msg("seed %d, actors %d+%d at %llu, %s: %u, want %u",
			    seed, first, count, (unsigned long long)(t - tb), rec_state_name((enum rec_state)s),
			    got[s], want[s]);
	}
}

START_TEST(test_tl__group_rows_match_members)
{
	for (int seed = 1; seed <= 300; seed++) {
		struct prog_variant *v;
		struct tl *tl;
		struct evbuf eb;
		size_t n, done = 0;

		crowd_seed = (uint64_t)seed;
		v = crowd_variant(2 + crowd_rand(40), seed % 3 == 0 ? 300 : 12);
		tl = tl_new(NULL, v, 0);
		/* many events a member now and then, so families cross several blocks */
		crowd_events(v, &eb, seed % 5 == 0 ? 6000 : 50 + crowd_rand(600));
		while (done < eb.n) {  /* in random batches */
			n = 1 + crowd_rand(200);
			if (n > eb.n - done)
				n = eb.n - done;
			tl_add(tl, eb.ev + done, n);
			done += n;
		}
		if (seed % 2)
			tl_advance(tl, tl_t_end(tl) + crowd_rand(5 * MS));
		for (size_t f = 0; f < v->nfamilies; f++)
			crowd_check_group(tl, T0, v->families[f].first, v->families[f].count, seed);
		/* a range that cuts families: answered member by member */
		{
			int first = (int)crowd_rand((uint32_t)v->nactors);
			int count = 1 + (int)crowd_rand((uint32_t)(v->nactors - (size_t)first));
			crowd_check_group(tl, T0, first, count, seed);
			crowd_check_group(tl, T0, 0, (int)v->nactors, seed);
		}
		tl_free(tl);
		free(eb.ev);
		crowd_free(v);
	}
}
END_TEST

/* The pick of a group row's glyph: deadlock first, then the busiest active state. */
START_TEST(test_tl__group_pick)
{
	uint64_t ns[REC_ST_COUNT];

	memset(ns, 0, sizeof ns);
	ck_assert_uint_eq(tl_group_pick(ns), TL_COL_NONE);
	ns[REC_ST_DONE] = 900;
	ns[REC_ST_NEW] = 1000;
	ck_assert_uint_eq(tl_group_pick(ns), REC_ST_NEW);
	ns[REC_ST_AWAITING] = 5;
	ns[REC_ST_RUNNING] = 3;
	ck_assert_uint_eq(tl_group_pick(ns), REC_ST_AWAITING);
	ns[REC_ST_RUNNING] = 5;
	ck_assert_uint_eq(tl_group_pick(ns), REC_ST_RUNNING);  /* a tie: the higher rank */
	ns[REC_ST_DEADLOCKED] = 1;
	ck_assert_uint_eq(tl_group_pick(ns), REC_ST_DEADLOCKED);
}
END_TEST

/* What the metric rows should say, straight from the events. */
static double
naive_metric(const struct evbuf *b, const struct prog_variant *v, int fam, enum tl_metric m,
    uint64_t c0, uint64_t c1, uint64_t t_end)
{
	size_t n = v->nactors;
	uint8_t *flag = xcalloc(n, 1);
	uint64_t *arr = xcalloc(n, sizeof *arr), *lat = xcalloc(b->n + 1, sizeof *lat);
	size_t nlat = 0, fins = 0;
	int64_t cur = 0, best = 0, metric_cur = 0;
	bool have = false, metric_have = false;
	double r;

	for (size_t i = 0; i <= b->n; i++) {
		const struct rec_event *e = i < b->n ? &b->ev[i] : NULL;
		bool in_f = e && e->actor >= 0 && v->actors[e->actor].member > 0 &&
		    (fam < 0 || v->actors[e->actor].family == fam);
		/* the value in force until this event's time: on [prev, t) */
		if (!e || (i > 0 && e->t_ns != b->ev[i - 1].t_ns)) {
			uint64_t from = i > 0 ? b->ev[i - 1].t_ns : 0, to = e ? e->t_ns : UINT64_MAX;
			int64_t val = m == TL_METRIC_INFLIGHT ? cur : metric_cur;
			bool ok = m == TL_METRIC_INFLIGHT || metric_have;
			if (ok && from < c1 && to > c0 && (!have || val > best)) {
				best = val;
				have = true;
			}
		}
		if (!e)
			break;
		if (i == 0 && m == TL_METRIC_INFLIGHT && c0 < e->t_ns) {
			have = true;  /* nobody in flight before the first event */
			best = 0;
		}
		if (e->kind == REC_METRIC && ((m == TL_METRIC_THREADS && e->res == REC_METRIC_THREADS) ||
		    (m == TL_METRIC_RSS_KB && e->res == REC_METRIC_RSS_KB))) {
			metric_cur = e->value;
			metric_have = true;
		}
		if (!in_f)
			continue;
		if (e->kind == REC_ARRIVE && flag[e->actor] == 0) {
			flag[e->actor] = 1;
			arr[e->actor] = e->t_ns;
			cur++;
		} else if (e->kind == REC_EXIT || e->kind == REC_REFUSED) {
			if (e->kind == REC_EXIT && e->t_ns >= c0 && e->t_ns < c1) {
				fins++;
				if (flag[e->actor] == 1)
					lat[nlat++] = e->t_ns - arr[e->actor];
			}
			if (flag[e->actor] == 1)
				cur--;
			flag[e->actor] = 2;
		}
	}
	if (m == TL_METRIC_COMPLETIONS) {
		r = (double)fins * 1e9 / (double)(c1 - c0);
	} else if (m == TL_METRIC_LATENCY_P50 || m == TL_METRIC_LATENCY_P99) {
		double p = m == TL_METRIC_LATENCY_P50 ? 0.5 : 0.99;
		r = NAN;
		if (nlat > 0) {
			size_t rank;
			/* sorted by hand: insertion */
			for (size_t i = 1; i < nlat; i++)
				for (size_t j = i; j > 0 && lat[j - 1] > lat[j]; j--) {
					uint64_t x = lat[j];
					lat[j] = lat[j - 1];
					lat[j - 1] = x;
				}
			rank = (size_t)(p * (double)nlat);
			if ((double)rank < p * (double)nlat)
				rank++;
			r = (double)lat[rank > 0 ? rank - 1 : 0];
		}
	} else {
		r = have ? (double)best : NAN;
	}
	if (c0 > t_end || c1 <= b->ev[0].t_ns)
		r = NAN;
	free(flag);
	free(arr);
	free(lat);
	return r;
}

START_TEST(test_tl__metric_rows_match_events)
{
	for (int seed = 1; seed <= 150; seed++) {
		struct prog_variant *v;
		struct tl *tl;
		struct evbuf eb;

		crowd_seed = (uint64_t)seed * 7919;
		v = crowd_variant(2 + crowd_rand(30), 10);
		tl = tl_new(NULL, v, 0);
		crowd_events(v, &eb, 30 + crowd_rand(400));
		tl_add(tl, eb.ev, eb.n);
		for (int q = 0; q < 4; q++) {
			uint64_t tb = tl_t_begin(tl), dur = tl_t_end(tl) - tb + 1;
			uint64_t t0 = q == 0 ? tb : tb - dur / 4 + crowd_rand((uint32_t)(dur / 2));
			uint64_t t1 = q == 0 ? tl_t_end(tl) + 1 : t0 + 1 + crowd_rand((uint32_t)dur);
			int w = 1 + (int)crowd_rand(40);
			double *got = xcalloc((size_t)w, sizeof *got);
			for (int f = -1; f < (int)v->nfamilies; f++)
				for (int m = 0; m < TL_METRIC_COUNT; m++) {
					tl_metric_columns(tl, f, (enum tl_metric)m, t0, t1, w, got);
					for (int c = 0; c < w; c++) {
						uint64_t c0, c1;
						double want;
						crowd_edges(t0, t1, w, c, &c0, &c1);
						want = naive_metric(&eb, v, f, (enum tl_metric)m, c0, c1, tl_t_end(tl));
						if (!((isnan(got[c]) && isnan(want)) || got[c] == want))
							ck_abort_msg("seed %d, family %d, metric %d, column %d of %d: %g, want %g",
						    seed, f, m, c, w, got[c], want);
					}
				}
			free(got);
		}
		tl_free(tl);
		free(eb.ev);
		crowd_free(v);
	}
}
END_TEST

/* Family stats and overall latency: a hand-made case. */
START_TEST(test_tl__family_stats)
{
	struct prog_variant *v = bare_variant(5);
	struct tl *tl;
	struct evbuf eb, *b = &eb;
	struct tl_family_stats st;
	uint64_t p;
	uint32_t at[REC_ST_COUNT];

	v->families = xcalloc(1, sizeof *v->families);
	v->nfamilies = 1;
	v->families[0].name = xstrdup("Request");
	v->families[0].first = 1;
	v->families[0].count = 4;
	tl = tl_new(NULL, v, 0);
	memset(b, 0, sizeof *b);
	EV(0, REC_RUN_BEGIN, -1, -1, -1, 5);
	for (int i = 1; i <= 4; i++) {
		EV(i, REC_ARRIVE, i, -1, -1, 0);
		ST(i, i, REC_ST_RUNNING, 0);
	}
	EV(6, REC_EXIT, 1, -1, -1, 0);
	ST(6, 1, REC_ST_DONE, -1);
	EV(7, REC_TIMEOUT, 2, -1, -1, 0);
	EV(9, REC_EXIT, 2, -1, -1, 0);
	ST(9, 2, REC_ST_TIMEDOUT, -1);
	EV(10, REC_REFUSED, 4, -1, -1, 11);
	ST(10, 4, REC_ST_REFUSED, -1);
	tl_add(tl, eb.ev, eb.n);
	tl_family_stats(tl, 0, &st);
	ck_assert_uint_eq(st.arrived, 4);
	ck_assert_uint_eq(st.finished, 2);
	ck_assert_uint_eq(st.timeouts, 1);
	ck_assert_uint_eq(st.refused, 1);
	ck_assert_uint_eq(st.inflight, 1);
	ck_assert(tl_family_latency(tl, 0, 50, &p));
	ck_assert_uint_eq(p, 5 * MS);   /* 5 ms and 7 ms: the first of two */
	ck_assert(tl_family_latency(tl, 0, 99, &p));
	ck_assert_uint_eq(p, 7 * MS);
	ck_assert_uint_eq(tl_nfamilies(tl), 1);
	ck_assert_int_eq(tl_family_of(tl, 0), TL_FAMILY_NONE);
	ck_assert_int_eq(tl_family_of(tl, 3), 0);
	tl_group_at(tl, 1, 4, T0 + 10 * MS, at);
	ck_assert_uint_eq(at[REC_ST_DONE], 1);
	ck_assert_uint_eq(at[REC_ST_TIMEDOUT], 1);
	ck_assert_uint_eq(at[REC_ST_REFUSED], 1);
	ck_assert_uint_eq(at[REC_ST_RUNNING], 1);
	ck_assert_uint_eq(tl_family_nchanges(tl, 0), 7);
	tl_free(tl);
	free(eb.ev);
	free(v->families[0].name);
	free(v->families);
	bare_free(v);
}
END_TEST

/* Past the cap, a family's counts are still right from where they are known. */
START_TEST(test_tl__group_rows_under_cap)
{
	struct prog_variant *v;
	struct tl *tl;
	struct evbuf eb;

	int cut = 0;

	crowd_seed = 99;
	v = crowd_variant(40, 40);
	tl = tl_new(NULL, v, 2 * TL_CHUNK_EVENTS);
	crowd_events(v, &eb, 6 * TL_CHUNK_EVENTS);
	tl_add(tl, eb.ev, eb.n);
	ck_assert_uint_gt(tl_dropped(tl), 0);
	for (size_t f = 0; f < v->nfamilies; f++) {
		int first = v->families[f].first, count = v->families[f].count;
		uint64_t from = tl_group_known_from(tl, (int)f), t1 = tl_t_end(tl) + 1;
		uint64_t (*got)[REC_ST_COUNT] = xcalloc(50, sizeof *got);
		uint64_t sum = 0;
		ck_assert_uint_ge(from, T0);
		ck_assert_uint_le(from, tl_kept_from(tl));
		if (from > T0)
			cut++;
		tl_group_columns(tl, first, count, from, t1, 50, got);
		/* every member is somewhere at every instant of the known time */
		for (int c = 0; c < 50; c++)
			for (int s = 0; s < REC_ST_COUNT; s++)
				sum += got[c][s];
		ck_assert_uint_eq(sum, (uint64_t)count * (tl_t_end(tl) - from));
		free(got);
	}
	ck_assert_int_gt(cut, 0);  /* some family dropped old records */
	tl_free(tl);
	free(eb.ev);
	crowd_free(v);
}
END_TEST

/* A small crowd: loop Server, family Request (6 tasks: one row), family Cook (2 threads: a row each). */
static struct prog_variant *
crowd_small_variant(void)
{
	struct prog_variant *v = xcalloc(1, sizeof *v);

	v->name = xstrdup("main");
	v->nactors = 9;
	v->actors = xcalloc(9, sizeof *v->actors);
	v->actors[0].name = xstrdup("Server");
	v->actors[0].kind = PROG_LOOP;
	v->actors[0].parent = -1;
	v->actors[0].family = -1;
	for (int i = 1; i <= 8; i++) {
		bool task = i <= 6;
		v->actors[i].name = xasprintf("%s %d", task ? "Request" : "Cook", task ? i : i - 6);
		v->actors[i].kind = task ? PROG_TASK : PROG_THREAD;
		v->actors[i].parent = task ? 0 : -1;
		v->actors[i].family = task ? 0 : 1;
		v->actors[i].member = task ? i : i - 6;
	}
	v->nfamilies = 2;
	v->families = xcalloc(2, sizeof *v->families);
	v->families[0] = (struct prog_family){ .name = xstrdup("Request"), .kind = PROG_TASK,
		.first = 1, .count = 6, .parent = 0, .deadline_ns = 8 * MS };
	v->families[1] = (struct prog_family){ .name = xstrdup("Cook"), .kind = PROG_THREAD,
		.first = 7, .count = 2, .parent = -1 };
	return v;
}

static void
crowd_small_free(struct prog_variant *v)
{
	free(v->name);
	crowd_free(v);
}

static struct tl *
crowd_small_tl(const struct prog_variant *v)
{
	struct tl *tl = tl_new(NULL, v, 0);
	struct evbuf eb, *b = &eb;

	memset(b, 0, sizeof *b);
	EV(0, REC_RUN_BEGIN, -1, -1, -1, 9);
	ST(0, 0, REC_ST_RUNNING, 0);
	EV(0, REC_METRIC, -1, REC_METRIC_THREADS, -1, 3);
	EV(0, REC_METRIC, -1, REC_METRIC_RSS_KB, -1, 2048);
	EV(0, REC_ARRIVE, 7, -1, -1, 1);
	ST(0, 7, REC_ST_RUNNING, 1);
	EV(1, REC_ARRIVE, 1, -1, -1, 0);
	ST(1, 1, REC_ST_RUNNING, 0);
	EV(1, REC_ARRIVE, 8, -1, -1, 1);
	ST(1, 8, REC_ST_RUNNING, 2);
	EV(2, REC_ARRIVE, 2, -1, -1, 0);
	ST(2, 1, REC_ST_AWAITING, -1);
	ST(2, 2, REC_ST_RUNNING, 0);
	EV(3, REC_ARRIVE, 3, -1, -1, 0);
	ST(3, 3, REC_ST_READY, -1);
	ST(3, 8, REC_ST_SLEEPING, -1);
	ST(4, 2, REC_ST_AWAITING, -1);
	ST(4, 3, REC_ST_RUNNING, 0);
	STR(4, 7, REC_ST_BLOCKED, -1, 8);
	ST(5, 1, REC_ST_RUNNING, 0);
	EV(5, REC_ARRIVE, 4, -1, -1, 0);
	ST(5, 4, REC_ST_READY, -1);
	ST(6, 1, REC_ST_DONE, -1);
	EV(6, REC_EXIT, 1, -1, -1, 0);
	ST(6, 7, REC_ST_RUNNING, 1);
	EV(7, REC_ARRIVE, 5, -1, -1, 0);
	EV(7, REC_REFUSED, 5, -1, -1, 11);
	ST(7, 5, REC_ST_REFUSED, -1);
	ST(8, 3, REC_ST_AWAITING, -1);
	ST(8, 4, REC_ST_RUNNING, 0);
	ST(8, 8, REC_ST_DONE, -1);
	EV(8, REC_EXIT, 8, -1, -1, 0);
	ST(9, 7, REC_ST_DONE, -1);
	EV(9, REC_EXIT, 7, -1, -1, 0);
	EV(10, REC_TIMEOUT, 2, -1, -1, 0);
	ST(10, 2, REC_ST_RUNNING, 0);
	EV(10, REC_METRIC, -1, REC_METRIC_THREADS, -1, 4);
	EV(10, REC_METRIC, -1, REC_METRIC_RSS_KB, -1, 4096);
	ST(11, 2, REC_ST_TIMEDOUT, -1);
	EV(11, REC_EXIT, 2, -1, -1, 0);
	ST(12, 3, REC_ST_RUNNING, 0);
	ST(12, 4, REC_ST_DONE, -1);
	EV(12, REC_EXIT, 4, -1, -1, 0);
	ST(13, 3, REC_ST_DONE, -1);
	EV(13, REC_EXIT, 3, -1, -1, 0);
	ST(14, 0, REC_ST_DONE, -1);
	EV(14, REC_RUN_END, -1, -1, -1, 0);
	tl_add(tl, eb.ev, eb.n);
	free(eb.ev);
	return tl;
}

START_TEST(test_tl_text__crowd_golden)
{
	struct prog_variant *v = crowd_small_variant();
	struct tl *tl = crowd_small_tl(v);
	char *got = render(tl, 72, false, false), *buf = NULL;
	size_t len = 0;
	FILE *m;
	struct tl_text_opts o = { .width = 72 };

	golden("tl/crowd-72.txt", got);
	free(got);
	got = render(tl, 72, true, false);
	golden("tl/crowd-72-ascii.txt", got);
	free(got);
	m = open_memstream(&buf, &len);
	ck_assert_int_eq(tl_text_outcome(m, tl, &o), 0);
	fclose(m);
	golden("tl/crowd-outcome.txt", buf);
	free(buf);
	tl_free(tl);
	crowd_small_free(v);
}
END_TEST

START_TEST(test_export__chrome_crowd)
{
	struct prog_variant *v = crowd_small_variant();
	struct tl *tl = crowd_small_tl(v);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	ck_assert_int_eq(export_chrome(m, tl), 0);
	fclose(m);
	ck_assert_msg(json_valid(buf), "not valid JSON:\n%s", buf);
	golden("tl/crowd-chrome.json", buf);
	free(buf);
	tl_free(tl);
	crowd_small_free(v);
}
END_TEST

/* A roff cell of kitchensync(1)'s glyph table as UTF-8: \[uXXXX] and \[mu]
 * spelled out, "(blank)" a space, \- a hyphen. */
static void
man_cell(const char *in, char *out, size_t size)
{
	size_t n = 0;

	if (strcmp(in, "(blank)") == 0) {
		snprintf(out, size, " ");
		return;
	}
	while (*in && n + 5 < size) {
		unsigned cp;
		if (strncmp(in, "\\[mu]", 5) == 0) {
			cp = 0xd7;
			in += 5;
		} else if (strncmp(in, "\\[u", 3) == 0 && sscanf(in + 3, "%x]", &cp) == 1) {
			in = strchr(in, ']') + 1;
		} else if (strncmp(in, "\\-", 2) == 0) {
			cp = '-';
			in += 2;
		} else {
			cp = (unsigned char)*in++;
		}
		if (cp < 0x80) {
			out[n++] = (char)cp;
		} else if (cp < 0x800) {
			out[n++] = (char)(0xc0 | cp >> 6);
			out[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[n++] = (char)(0xe0 | cp >> 12);
			out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	out[n] = '\0';
}

START_TEST(test_tl_text__man_legend_is_the_table)
{
	/* kitchensync(1)'s "States and glyphs" table lists every state of the
	 * one glyph table, in the legend's order, with its glyph, ASCII glyph
	 * and colour; and the wide glyphs the terminal UI draws are the same. */
	char path[4096], line[512];
	const char *src = getenv("KS_SRCDIR");
	size_t n, row = 0;
	const uint8_t *order = tl_text_legend_states(&n);
	bool in_table = false;
	FILE *f;

	snprintf(path, sizeof path, "%s/man/kitchensync.1", src ? src : ".");
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof line, f)) {
		char *cell[4], *p = line, got[4][64];
		const struct tl_text_glyph *g;
		int k;

		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "State;Glyph;ASCII;Colour") == 0) {
			in_table = true;
			continue;
		}
		if (!in_table)
			continue;
		if (strcmp(line, ".TE") == 0)
			break;
		for (k = 0; k < 4 && p; k++) {
			cell[k] = p;
			p = strchr(p, ';');
			if (p)
				*p++ = '\0';
		}
		ck_assert_msg(k == 4, "not four cells: %s", line);
		for (k = 0; k < 4; k++)
			man_cell(cell[k], got[k], sizeof got[k]);
		/* row 0: not started, then the legend's states in order */
		g = tl_text_glyph(row == 0 ? REC_ST_NEW : (enum rec_state)order[row - 1]);
		ck_assert_msg(row <= n, "the man page lists more states than the table: %s", got[0]);
		ck_assert_str_eq(got[0], g->name);
		ck_assert_str_eq(got[1], g->u);
		ck_assert_str_eq(got[2], g->a);
		ck_assert_str_eq(got[3], g->colour);
		row++;
	}
	fclose(f);
	ck_assert_msg(in_table, "no States and glyphs table in %s", path);
	ck_assert_uint_eq(row, n + 1);
	/* the wide glyphs are the UTF-8 ones */
	for (int st = 0; st < REC_ST_COUNT; st++) {
		const struct tl_text_glyph *g = tl_text_glyph((enum rec_state)st);
		char mb[16];
		mbstate_t ms;
		size_t len;
		ck_assert_ptr_nonnull(g);
		ck_assert(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
		memset(&ms, 0, sizeof ms);
		len = wcrtomb(mb, g->wu[0], &ms);
		ck_assert(len != (size_t)-1 && g->wu[1] == L'\0');
		mb[len] = '\0';
		ck_assert_str_eq(mb, g->u);
		ck_assert(g->wa[0] == (wchar_t)(unsigned char)g->a[0] && g->wa[1] == L'\0' && g->a[1] == '\0');
	}
}
END_TEST

/* The state at T by a replay of every kept event from the base: what tl_at_new must give. */
static struct tl_at *
at_by_replay(const struct tl *tl, uint64_t t)
{
	struct tl_at *at = tl_at_new(tl, 0);  /* no event at 0: the base */
	struct rec_event e;
	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		tl_event(tl, i, &e);
		if (e.t_ns > t)
			break;
		tl_at_apply(at, &e);
	}
	at->exact = tl_dropped(tl) == 0 || t >= tl_kept_from(tl);
	return at;
}

static void
at_assert_same(const struct tl_at *a, const struct tl_at *b)
{
	ck_assert_uint_eq(a->nactors, b->nactors);
	for (size_t k = 0; k < b->nactors; k++) {
		ck_assert_int_eq(a->actors[k].state, b->actors[k].state);
		ck_assert_int_eq(a->actors[k].op, b->actors[k].op);
		ck_assert_int_eq(a->actors[k].op_sure, b->actors[k].op_sure);
		ck_assert_int_eq(a->actors[k].res, b->actors[k].res);
		ck_assert_int_eq(a->actors[k].other, b->actors[k].other);
	}
	for (size_t k = 0; k < b->nres; k++) {
		ck_assert_int_eq(a->res[k].value, b->res[k].value);
		ck_assert_uint_eq(a->res[k].nholders, b->res[k].nholders);
		ck_assert_uint_eq(a->res[k].nwaiters, b->res[k].nwaiters);
		ck_assert_uint_eq(a->res[k].nitems, b->res[k].nitems);
		for (size_t j = 0; j < b->res[k].nholders; j++)
			ck_assert_int_eq(a->res[k].holders[j], b->res[k].holders[j]);
		for (size_t j = 0; j < b->res[k].nwaiters; j++)
			ck_assert_int_eq(a->res[k].waiters[j], b->res[k].waiters[j]);
		for (size_t j = 0; j < b->res[k].nitems; j++)
			ck_assert_int_eq(a->res[k].items[j], b->res[k].items[j]);
	}
	ck_assert_int_eq(a->say_text, b->say_text);
	ck_assert_int_eq(a->exact, b->exact);
}

/* tl_at_new starts from the nearest mark (tl-at.h): the same state as a
 * replay from the base, at any time, in a whole model and in a capped one
 * that dropped its oldest events (and marks) on the way. */
START_TEST(test_tl__state_at_from_marks_matches_replay)
{
	struct prog *p = kitchen_prog();
	const struct prog_variant *v = &p->variants[0];
	const int n = 3 * TL_AT_EVERY + 123;
	unsigned r = 4242;

	for (int capped = 0; capped < 2; capped++) {
		struct tl *tl = tl_new(p, v, capped ? (size_t)TL_AT_EVERY : 0);
		struct rec_event *batch = xcalloc(5000, sizeof *batch);
		int i = 0;
		while (i < n) {
			size_t m = r % 5000 + 1, filled = 0;  /* batches of every size */
			for (; filled < m && i < n; filled++, i++) {
				static const int kinds[] = { REC_STATE, REC_LOCK_WAIT, REC_LOCK_ACQUIRE,
					REC_LOCK_RELEASE, REC_STORE, REC_PUSH, REC_POP, REC_OP, REC_SAY };
				struct rec_event *e = &batch[filled];
				r = r * 1103515245u + 12345u;
				memset(e, 0, sizeof *e);
				e->t_ns = T0 + (uint64_t)(i / 2) * 1000;  /* two events a time */
				e->kind = (uint8_t)kinds[(r >> 12) % 9];
				e->actor = (int16_t)((r >> 8) % v->nactors);
				e->state = (uint8_t)((r >> 16) % REC_ST_COUNT);
				e->res = (int16_t)((r >> 20) % v->ndecls);
				e->other = -1;
				e->op = (int32_t)((r >> 21) % 4);
				e->value = e->kind == REC_SAY ? 0 : i;
				e->cpu = UINT16_MAX;
			}
			tl_add(tl, batch, filled);
		}
		for (int q = 0; q < 60; q++) {
			uint64_t t = T0 + (uint64_t)((q * 7919) % n) * 500 + (q % 3 ? 0 : 300);
			struct tl_at *a, *b;
			if (q == 59)
				t = tl_t_end(tl);
			a = tl_at_new(tl, t);
			b = at_by_replay(tl, t);
			at_assert_same(a, b);
			tl_at_free(a);
			tl_at_free(b);
		}
		/* a tenth of the events' memory at most */
		ck_assert_uint_le(tl_at_marks_bytes(tl_marks(tl)), tl_bytes(tl) / 10);
		free(batch);
		tl_free(tl);
	}
	prog_free(p);
}
END_TEST

static Suite *
tl_suite(void)
{
	Suite *s = suite_create("tl");
	TCase *tc = tcase_create("model");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tl__span_merging);
	tcase_add_test(tc, test_tl__step_axis);
	tcase_add_test(tc, test_tl__most_telling_state);
	tcase_add_test(tc, test_tl__columns_match_brute_force);
	tcase_add_test(tc, test_tl__state_at_from_marks_matches_replay);
	tcase_add_test(tc, test_tl__columns_match_brute_force_many_blocks);
	tcase_add_test(tc, test_tl__events_in_window);
	tcase_add_test(tc, test_tl__state_at_time);
	tcase_add_test(tc, test_tl__state_names_next_op);
	tcase_add_test(tc, test_tl__cpu_lanes);
	tcase_add_test(tc, test_tl__pool_threads_get_spans);
	tcase_add_test(tc, test_tl__pool_threads_under_cap);
	tcase_add_test(tc, test_tl__noodle_pool_row);
	tcase_add_test(tc, test_tl__cap_bounds_memory);
	tcase_add_test(tc, test_tl__cap_bounds_narration);
	tcase_add_test(tc, test_tl__group_rows_match_members);
	tcase_add_test(tc, test_tl__group_pick);
	tcase_add_test(tc, test_tl__metric_rows_match_events);
	tcase_add_test(tc, test_tl__family_stats);
	tcase_add_test(tc, test_tl__group_rows_under_cap);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
tl_text_suite(void)
{
	Suite *s = suite_create("tl-text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_tl_text__golden_unicode);
	tcase_add_test(tc, test_tl_text__step_axis);
	tcase_add_test(tc, test_tl_text__golden_ascii);
	tcase_add_test(tc, test_tl_text__cjk_alignment_and_wrapping);
	tcase_add_test(tc, test_tl_text__color);
	tcase_add_test(tc, test_tl_text__outcome);
	tcase_add_test(tc, test_tl_text__noodle_pool_row);
	tcase_add_test(tc, test_tl_text__crowd_golden);
	tcase_add_test(tc, test_tl_text__man_legend_is_the_table);
	suite_add_tcase(s, tc);
	return s;
}


static Suite *
trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("trace");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_trace__round_trip);
	tcase_add_test(tc, test_trace__streaming_writer);
	tcase_add_test(tc, test_trace__corrupted);
	tcase_add_test(tc, test_trace__unfinished_reads_whole_events);
	tcase_add_test(tc, test_trace__read_stops_at_the_header_size);
	tcase_add_test(tc, test_trace__fuzz_prefixes_and_flips);
	tcase_add_test(tc, test_export__chrome_json);
	tcase_add_test(tc, test_export__chrome_pool);
	tcase_add_test(tc, test_export__chrome_crowd);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(tl_suite(), tl_text_suite(), trace_suite(), NULL);
}
