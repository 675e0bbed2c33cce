/* check_tui.c: the terminal UI drawn into an off-screen ncurses screen, checked cell by cell. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "action.h"
#include "crt.h"
#include "diag.h"
#include "draw.h"
#include "keys.h"
#include "learn.h"
#include "prog-eval.h"
#include "ks-check.h"
#include "picker.h"
#include "scn.h"
#include "snap.h"
#include "theme.h"
#include "tl.h"
#include "view-text.h"
#include "view.h"
#include "view-draw.h"

/* Screen line Y as UTF-8 (wide characters once, as the user sees them). */
static const char *
row(int y)
{
	static char out[4096];
	wchar_t w[1024];
	int n = mvwinnwstr(stdscr, y, 0, w, COLS < 1000 ? COLS : 1000);

	if (n < 0)
		n = 0;
	w[n] = L'\0';
	if (wcstombs(out, w, sizeof out) == (size_t)-1)
		snprintf(out, sizeof out, "<unconvertible>");
	return out;
}

/* The first screen line containing S, or -1. */
static int
find_row(const char *s)
{
	for (int y = 0; y < LINES; y++)
		if (strstr(row(y), s))
			return y;
	return -1;
}

/* The whole screen, for failure messages. */
static void
dump(void)
{
	for (int y = 0; y < LINES; y++)
		fprintf(stderr, "%2d|%s|\n", y, row(y));
}

static struct prog *
compile(const char *src)
{
	struct diag *d = diag_new(stderr);
	struct prog *p = scn_parse_buffer("test.ks", src, strlen(src), d);

	diag_free(d);
	ck_assert_ptr_nonnull(p);
	return p;
}

static const char race_src[] =
	"scenario race\n"
	"title \"Race condition\"\n"
	"var orders = 0\n"
	"thread \"Cook A\" { orders += 1; say \"A wrote\" }\n"
	"thread \"Cook B\" { orders += 1 }\n"
	"expect orders == 2\n";

static uint64_t T0 = 1000000000ull;

static void
ev(struct tl *tl, uint64_t t_us, int kind, int actor, int state, int res, int other, int64_t value, int op)
{
	struct rec_event e = { 0 };

	e.t_ns = T0 + t_us * 1000;
	e.kind = (uint8_t)kind;
	e.actor = (int16_t)actor;
	e.state = (uint8_t)state;
	e.res = (int16_t)res;
	e.other = (int16_t)other;
	e.value = value;
	e.op = op;
	e.cpu = (uint16_t)(actor >= 0 ? actor : 0);
	tl_add(tl, &e, 1);
}

/* Index of the first op of actor A with CODE. */
static int
op_index(const struct prog_variant *v, int a, enum prog_opcode code)
{
	for (size_t i = 0; i < v->actors[a].nops; i++)
		if (v->actors[a].ops[i].code == code)
			return (int)i;
	return -1;
}

/* The interleaving that loses an update: A loads 0, B loads 0, B stores 1, A stores 1. */
static void
race_events(struct tl *tl, const struct prog_variant *v)
{
	int la = op_index(v, 0, PROG_OP_LOAD), sa = op_index(v, 0, PROG_OP_STORE);
	int lb = op_index(v, 1, PROG_OP_LOAD), sb = op_index(v, 1, PROG_OP_STORE);

	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 2, -1);
	ev(tl, 0, REC_STATE, 0, REC_ST_READY, -1, -1, 0, -1);
	ev(tl, 0, REC_STATE, 1, REC_ST_READY, -1, -1, 0, -1);
	ev(tl, 100, REC_OP, 0, 0, -1, -1, 0, la);
	ev(tl, 100, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, la);
	ev(tl, 110, REC_LOAD, 0, 0, 0, -1, 0, la);
	ev(tl, 120, REC_STATE, 0, REC_ST_READY, -1, -1, 0, -1);
	ev(tl, 200, REC_OP, 1, 0, -1, -1, 0, lb);
	ev(tl, 200, REC_STATE, 1, REC_ST_RUNNING, -1, -1, 0, lb);
	ev(tl, 210, REC_LOAD, 1, 0, 0, -1, 0, lb);
	ev(tl, 300, REC_OP, 1, 0, -1, -1, 0, sb);
	ev(tl, 310, REC_STORE, 1, 0, 0, -1, 1, sb);
	ev(tl, 320, REC_STATE, 1, REC_ST_DONE, -1, -1, 0, -1);
	ev(tl, 400, REC_OP, 0, 0, -1, -1, 0, sa);
	ev(tl, 400, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, sa);
	ev(tl, 410, REC_STORE, 0, 0, 0, -1, 1, sa);
	ev(tl, 410, REC_LOST_UPDATE, 0, 0, 0, 1, la, sa);
	ev(tl, 420, REC_SAY, 0, 0, -1, -1, 0, -1);
	ev(tl, 500, REC_STATE, 0, REC_ST_DONE, -1, -1, 0, -1);
	ev(tl, 510, REC_EXPECT, -1, 0, 0, -1, 0, -1);
	ev(tl, 520, REC_RUN_END, -1, 0, -1, -1, 0, -1);
}

static void
screen_up(int cols, int lines, bool ascii)
{
	struct crt_opts o = { TUI_COLOR_NEVER, ascii, false };
	char *cause = NULL;

	ck_assert_int_eq(crt_start_offscreen(&o, cols, lines, &cause), 0);
	ck_assert_int_eq(COLS, cols);
	ck_assert_int_eq(LINES, lines);
}

START_TEST(test_view__verdict_is_final_at_any_cursor)
{
	/* Scrubbing back shows the values at the cursor in the state pane, and
	 * the verdict with the values it was judged on: the final ones. */
	struct prog *p = compile(race_src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;

	screen_up(100, 30, true);
	race_events(tl, &p->variants[0]);
	view_init(&v, p, 0, tl);
	v.finished = true;
	v.cursor_on = true;
	v.cursor = T0 + 250 * 1000;  /* both cooks have loaded 0; nobody has stored */
	view_draw(&v);
	if (find_row("(at the end: orders = 1)") < 0)
		dump();
	ck_assert_int_ge(find_row("(at the cursor)"), 0);
	ck_assert_int_ge(find_row("orders = 0"), 0);
	ck_assert_int_ge(find_row("NOT met: orders == 2 (at the end: orders = 1)"), 0);
	ck_assert_int_lt(find_row("NOT met: orders == 2 (orders = 0)"), 0);
	/* A loop's pool threads come after the actors, named as the engine names them. */
	ck_assert_str_eq(view_actor_name(&p->variants[0], (int)p->variants[0].nactors), "pool 1");
	ck_assert_str_eq(view_actor_name(&p->variants[0], (int)p->variants[0].nactors + 2), "pool 3");
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__bar_key_when_room)
{
	/* A wide terminal: the hint bar ends with the key of every state glyph;
	 * at 100 columns there is no room and no key. */
	struct prog *p = compile(race_src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;

	screen_up(220, 30, true);
	race_events(tl, &p->variants[0]);
	view_init(&v, p, 0, tl);
	v.finished = true;
	view_draw(&v);
	if (strstr(row(29), "# running  : ready  x blocked") == NULL)
		dump();
	ck_assert_ptr_nonnull(strstr(row(29), "# running  : ready  x blocked"));
	ck_assert_ptr_nonnull(strstr(row(29), "X deadlocked  ! failed"));
	ck_assert_ptr_null(strstr(row(29), "timed out"));  /* no families here */
	view_done(&v);
	crt_stop();
	screen_up(100, 30, true);
	view_init(&v, p, 0, tl);
	v.finished = true;
	view_draw(&v);
	ck_assert_ptr_null(strstr(row(29), "deadlocked"));
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__race_rows_log_state)
{
	struct prog *p = compile(race_src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;
	int y;

	screen_up(100, 30, true);
	race_events(tl, &p->variants[0]);
	view_init(&v, p, 0, tl);
	v.finished = true;
	v.sel = 1;
	view_draw(&v);
	y = find_row("Cook A");
	if (y < 0 || find_row("LOST UPDATE: Cook A overwrote") < 0)
		dump();
	ck_assert_int_ge(y, 1);
	/* The header names the scenario; each row has name, kind and current state. */
	ck_assert_ptr_nonnull(strstr(row(0), "race"));
	ck_assert_ptr_nonnull(strstr(row(y), "thread"));
	ck_assert_ptr_nonnull(strstr(row(y), "done"));
	/* Row 2 is selected: the ASCII selection mark is in column 0. */
	ck_assert_int_eq(row(find_row("Cook B"))[0], '>');
	ck_assert_int_ne(row(y)[0], '>');
	/* The running glyph shows in Cook A's cells; a lost update marks loads and stores. */
	ck_assert_ptr_nonnull(strchr(row(y) + v.lay.cells_x, '#'));
	ck_assert_ptr_nonnull(strchr(row(y) + v.lay.cells_x, 'L'));
	ck_assert_ptr_nonnull(strchr(row(y) + v.lay.cells_x, 'S'));
	ck_assert_ptr_nonnull(strchr(row(find_row("Cook B")) + v.lay.cells_x, 'S'));
	/* The log says what happened; the state pane has the value; the expectation failed. */
	ck_assert_int_ge(find_row("LOST UPDATE: Cook A overwrote Cook B's write to orders"), 0);
	ck_assert_int_ge(find_row("orders = 1"), 0);
	ck_assert_int_ge(find_row("NOT met: orders == 2 (orders = 1)"), 0);
	/* Narration, and the program pane with both actors' load and store. */
	ck_assert_int_ge(find_row("Cook A: A wrote"), 0);
	ck_assert_int_ge(find_row("load orders"), 0);
	ck_assert_int_ge(find_row("store orders"), 0);
	/* Mouse hit tests use the layout of the frame drawn: a click on Cook A's row
	 * selects it, a click on its cells gives a time inside the window. */
	{
		uint64_t t;
		ck_assert_int_eq(view_actor_at(&v, y), 0);
		ck_assert_int_eq(view_actor_at(&v, find_row("Cook B")), 1);
		ck_assert_int_eq(view_actor_at(&v, 0), -1);
		ck_assert(!view_time_at(&v, v.lay.cells_x - 1, &t));
		ck_assert(view_time_at(&v, v.lay.cells_x + v.lay.cells_w / 2, &t));
		ck_assert_uint_ge(t, v.lay.t0);
		ck_assert_uint_lt(t, v.lay.t1);
	}
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__cursor_picks_wake)
{
	static const char src[] =
		"scenario wake\nmutex pen\n"
		"thread \"A\" { lock pen; unlock pen }\n"
		"thread \"B\" { lock pen; unlock pen }\n";
	struct prog *p = compile(src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;
	int ya, yb, col;

	screen_up(100, 30, true);
	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 2, -1);
	ev(tl, 0, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 10, REC_LOCK_ACQUIRE, 0, 0, 0, -1, 0, 0);
	ev(tl, 20, REC_STATE, 1, REC_ST_BLOCKED, 0, 0, 0, -1);
	ev(tl, 20, REC_LOCK_WAIT, 1, 0, 0, 0, 0, 0);
	ev(tl, 500, REC_LOCK_RELEASE, 0, 0, 0, -1, 0, 1);
	ev(tl, 500, REC_WAKE, 0, 0, 0, 1, 0, 1);
	ev(tl, 500, REC_STATE, 1, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 1000, REC_STATE, 0, REC_ST_DONE, -1, -1, 0, -1);
	view_init(&v, p, 0, tl);
	view_draw(&v);
	/* B's row shows it blocked, with the blocked glyph. */
	yb = find_row(" B ");
	ya = find_row(" A ");
	ck_assert_int_ge(yb, 0);
	ck_assert_ptr_nonnull(strchr(row(yb) + v.lay.cells_x, 'x'));
	/* The cursor on the wake: an arrow in the cursor column pointing at B. */
	v.cursor_on = true;
	v.cursor = T0 + 500 * 1000;
	view_draw(&v);
	col = (int)((double)(v.cursor - v.lay.t0) * v.lay.cells_w / (double)(v.lay.t1 - v.lay.t0));
	if (row(yb)[v.lay.cells_x + col] != 'v')
		dump();
	ck_assert_int_lt(ya, yb);
	ck_assert_int_eq(row(yb)[v.lay.cells_x + col], 'v');
	ck_assert_int_ge(find_row("A wakes B"), 0);
	/* The state pane at the cursor: pen is held by A until the release. */
	v.cursor = T0 + 100 * 1000;
	view_draw(&v);
	ck_assert_int_ge(find_row("pen: held by A; waiting: B"), 0);
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

/* A loop's pool thread: its row appears in the frame after its first state, under the loop's
 * tasks; it is passed over by the selection; the wake when its call returns is drawn from it. */
START_TEST(test_view__pool_row_appears_live)
{
	static const char src[] =
		"scenario n\n"
		"loop \"You\" { task \"Noodles\" { offload sleep 3s }; task \"Drink\" { work 1s } }\n"
		"thread \"After\" { work 1ms }\n";
	struct prog *p = compile(src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;
	int yd, yp, ya, yn, col;

	screen_up(100, 30, true);
	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 4, -1);
	ev(tl, 0, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 10, REC_STATE, 1, REC_ST_AWAITING, -1, -1, 0, -1);
	ev(tl, 10, REC_STATE, 3, REC_ST_RUNNING, -1, -1, 0, -1);
	view_init(&v, p, 0, tl);
	view_draw(&v);
	ck_assert_int_lt(find_row("pool 1"), 0);
	/* the call begins on pool thread 1 (actor 4): the next frame has its row */
	ev(tl, 20, REC_STATE, 4, REC_ST_SLEEPING, -1, 1, 0, -1);
	ev(tl, 30, REC_STATE, 2, REC_ST_RUNNING, -1, -1, 0, -1);
	view_draw(&v);
	yd = find_row(" Drink ");
	yp = find_row("pool 1 for Noodles");
	ya = find_row(" After ");
	if (yp < 0)
		dump();
	ck_assert_int_eq(yp, yd + 1);
	ck_assert_int_lt(yp, ya);
	ck_assert_ptr_nonnull(strstr(row(yp), " P "));
	ck_assert_ptr_nonnull(strstr(row(yp), "thread  zsleeping"));
	ck_assert_ptr_nonnull(strchr(row(yp) + v.lay.cells_x, 'z'));
	/* the selection passes over it */
	v.sel = 2;
	view_select_delta(&v, 1);
	ck_assert_int_eq(v.sel, 3);
	view_select_delta(&v, -1);
	ck_assert_int_eq(v.sel, 2);
	ck_assert(!view_select_number(&v, 0));
	/* the call returns: idle, and the wake is drawn from its row up to Noodles' */
	ev(tl, 3020, REC_STATE, 4, REC_ST_READY, -1, -1, 0, -1);
	ev(tl, 3020, REC_WAKE, 4, 0, -1, 1, 0, -1);
	ev(tl, 3030, REC_STATE, 1, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 4000, REC_STATE, 0, REC_ST_DONE, -1, -1, 0, -1);
	view_draw(&v);
	yp = find_row("pool 1");
	ck_assert_ptr_nonnull(strstr(row(yp), "thread   idle"));
	v.cursor_on = true;
	v.cursor = T0 + 3020 * 1000;
	view_draw(&v);
	yn = find_row(" Noodles ");
	col = (int)((double)(v.cursor - v.lay.t0) * v.lay.cells_w / (double)(v.lay.t1 - v.lay.t0));
	if (row(yn)[v.lay.cells_x + col] != '^')
		dump();
	ck_assert_int_eq(row(yn)[v.lay.cells_x + col], '^');
	ck_assert_int_ge(find_row("pool 1 wakes Noodles"), 0);
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__deadlock_cycle)
{
	static const char src[] =
		"scenario dl\nmutex knife\nmutex board\n"
		"thread \"Chef A\" { lock knife; lock board; unlock board; unlock knife }\n"
		"thread \"Chef B\" { lock board; lock knife; unlock knife; unlock board }\n";
	struct prog *p = compile(src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;

	screen_up(100, 30, true);
	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 2, -1);
	ev(tl, 0, REC_LOCK_ACQUIRE, 0, 0, 0, -1, 0, 0);
	ev(tl, 0, REC_LOCK_ACQUIRE, 1, 0, 1, -1, 0, 0);
	ev(tl, 10, REC_STATE, 0, REC_ST_DEADLOCKED, 1, 1, 0, -1);
	ev(tl, 10, REC_STATE, 1, REC_ST_DEADLOCKED, 0, 0, 0, -1);
	ev(tl, 10, REC_DEADLOCK, 0, 0, 1, 1, 0, -1);
	ev(tl, 900, REC_RUN_END, -1, 0, -1, -1, 0, -1);
	view_init(&v, p, 0, tl);
	view_draw(&v);
	if (find_row("Chef A -> board -> Chef B -> knife -> Chef A") < 0)
		dump();
	ck_assert_int_ge(find_row("DEADLOCK, a cycle of waits:"), 0);
	ck_assert_int_eq(find_row("Chef A -> board -> Chef B -> knife -> Chef A"), find_row("DEADLOCK, a cycle") + 1);
	/* At 80 columns the cycle wraps rather than being cut. */
	resizeterm(24, 80);
	view_draw(&v);
	ck_assert_int_eq(find_row("Chef A -> board -> Chef B ->"), find_row("DEADLOCK, a cycle") + 1);
	ck_assert_ptr_null(strstr(row(find_row("DEADLOCK, a cycle") + 1), "-> Chef A"));
	ck_assert_ptr_nonnull(strstr(row(find_row("DEADLOCK, a cycle") + 2), "Chef A"));
	ck_assert_ptr_nonnull(strstr(row(find_row("Chef A")), "deadlock"));
	ck_assert_ptr_nonnull(strchr(row(find_row("Chef B")) + v.lay.cells_x, 'X'));
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

/* The program pane's line that starts with the current-op mark, or NULL. */
static const char *
marked_op_row(const struct view *v)
{
	for (int y = v->lay.ruler_y + 1; y < LINES; y++)
		if (row(y)[0] == '>' && (y < v->lay.rows_y || y >= v->lay.rows_y + v->lay.nrows))
			return row(y);
	return NULL;
}

START_TEST(test_view__program_pane_next_op)
{
	static const char src[] =
		"scenario nextop\nvar x = 0\n"
		"thread \"A\" { repeat 2 { x += 1 }; say \"after\" }\n";
	struct prog *p = compile(src);
	const struct prog_variant *var = &p->variants[0];
	struct tl *tl = tl_new(p, var, 0);
	int ld = op_index(var, 0, PROG_OP_LOAD), st = op_index(var, 0, PROG_OP_STORE);
	int say = op_index(var, 0, PROG_OP_SAY);
	struct view v;
	const char *r;

	/* Step mode as the engine records it: each READY names the op the actor runs next. */
	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 1, -1);
	ev(tl, 0, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 10, REC_STATE, 0, REC_ST_READY, -1, -1, 0, ld);
	for (int pass = 0; pass < 2; pass++) {
		uint64_t t = 100 + (uint64_t)pass * 200;
		ev(tl, t, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, ld);
		ev(tl, t, REC_OP, 0, 0, 0, -1, PROG_OP_LOAD, ld);
		ev(tl, t, REC_LOAD, 0, 0, 0, -1, pass, ld);
		ev(tl, t + 10, REC_STATE, 0, REC_ST_READY, -1, -1, 0, st);
		ev(tl, t + 100, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, st);
		ev(tl, t + 100, REC_OP, 0, 0, 0, -1, PROG_OP_STORE, st);
		ev(tl, t + 100, REC_STORE, 0, 0, 0, -1, pass + 1, st);
		ev(tl, t + 110, REC_STATE, 0, REC_ST_READY, -1, -1, 0, pass == 0 ? ld : say);
	}
	screen_up(100, 30, true);
	view_init(&v, p, 0, tl);
	v.mode = VIEW_STEP;
	v.sel = 0;
	/* Waiting after the first store: the loop goes round, the load is next. */
	v.cursor_on = true;
	v.cursor = T0 + 250 * 1000;
	view_draw(&v);
	r = marked_op_row(&v);
	if (!r || !strstr(r, "load x"))
		dump();
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r, "load x"));
	/* Waiting after the last store: the say, not the loop's load again. */
	v.cursor = T0 + 450 * 1000;
	view_draw(&v);
	r = marked_op_row(&v);
	if (!r || !strstr(r, "say"))
		dump();
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r, "say"));
	ck_assert_ptr_null(strstr(r, "load"));
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__program_pane_guesses_without_op)
{
	static const char src[] =
		"scenario guess\nvar x = 0\n"
		"thread \"A\" { x += 1; say \"after\" }\n";
	struct prog *p = compile(src);
	const struct prog_variant *var = &p->variants[0];
	struct tl *tl = tl_new(p, var, 0);
	int ld = op_index(var, 0, PROG_OP_LOAD);
	struct view v;
	const char *r;

	/* No op named by the state events (a live run, an older trace): the next op is guessed. */
	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 1, -1);
	ev(tl, 100, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 100, REC_OP, 0, 0, 0, -1, PROG_OP_LOAD, ld);
	ev(tl, 100, REC_LOAD, 0, 0, 0, -1, 0, ld);
	ev(tl, 110, REC_STATE, 0, REC_ST_READY, -1, -1, 0, -1);
	screen_up(100, 30, true);
	view_init(&v, p, 0, tl);
	v.mode = VIEW_STEP;
	v.cursor_on = true;
	v.cursor = T0 + 120 * 1000;
	view_draw(&v);
	r = marked_op_row(&v);
	if (!r || !strstr(r, "store x"))
		dump();
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r, "store x"));
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__too_small)
{
	struct prog *p = compile(race_src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;

	screen_up(60, 20, true);
	view_init(&v, p, 0, tl);
	view_draw(&v);
	ck_assert_int_ge(find_row("enlarge the terminal to at least 80x24"), 0);
	ck_assert_int_ge(find_row("now 60x20"), 0);
	ck_assert_int_lt(find_row("Cook A"), 0);
	/* Grown back: the layout returns. */
	resizeterm(24, 80);
	view_draw(&v);
	ck_assert_int_lt(find_row("enlarge"), 0);
	ck_assert_int_ge(find_row("Cook A"), 0);
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_view__unicode_glyphs_and_cjk_narration)
{
	static const char src[] =
		"scenario cjk\n"
		"thread \"廚師甲\" { say \"競態條件：兩位廚師同時讀取同一張點單，然後各自寫回，其中一個更新就不見了。\" }\n";
	struct prog *p = compile(src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct view v;
	int y, cols;

	screen_up(80, 24, false);
	ev(tl, 0, REC_RUN_BEGIN, -1, 0, -1, -1, 1, -1);
	ev(tl, 0, REC_STATE, 0, REC_ST_RUNNING, -1, -1, 0, -1);
	ev(tl, 10, REC_SAY, 0, 0, -1, -1, 0, -1);
	ev(tl, 100, REC_STATE, 0, REC_ST_DONE, -1, -1, 0, -1);
	view_init(&v, p, 0, tl);
	view_draw(&v);
	y = find_row("廚師甲: 競態條件");
	if (y < 0)
		dump();
	ck_assert_int_ge(y, 0);
	/* The narration wraps onto more lines, none wider than its pane, none split
	 * mid-character: read back line by line, the pane holds the whole sentence. */
	{
		char all[2048] = "";
		const char *want = "競態條件：兩位廚師同時讀取同一張點單，然後各自寫回，其中一個更新就不見了。";
		int x = (int)(strstr(row(y), "廚師甲") - row(y));
		int cols_x = draw_width(row(y)) - draw_width(row(y) + x);
		for (int k = y; k < LINES - 1 && k < y + 6; k++) {
			wchar_t wbuf[512];
			char line[1024];
			char *q = line;
			int n = mvwinnwstr(stdscr, k, cols_x, wbuf, COLS - cols_x);
			wbuf[n > 0 ? n : 0] = L'\0';
			wcstombs(line, wbuf, sizeof line);
			while (*q == ' ')
				q++;
			for (char *e = q + strlen(q); e > q && e[-1] == ' ';)
				*--e = '\0';
			strncat(all, q, sizeof all - strlen(all) - 1);
		}
		if (strstr(all, want) == NULL)
			dump();
		ck_assert_ptr_nonnull(strstr(all, want));
		ck_assert_int_gt(find_row("不見了"), y);  /* it did wrap */
	}
	for (int k = y; k < LINES - 1; k++) {
		cols = draw_width(row(k));
		ck_assert_int_le(cols, COLS);
	}
	/* Unicode glyphs: the running block. */
	ck_assert_ptr_nonnull(strstr(row(find_row("廚師甲")), "\u2588"));
	view_done(&v);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

START_TEST(test_draw__width_and_wrap)
{
	struct draw_line l[8];
	size_t n;
	const char *s = "競態條件 race";

	ck_assert_int_eq(draw_width("abc"), 3);
	ck_assert_int_eq(draw_width("競態"), 4);
	n = draw_wrap(s, 5, l, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(l[0].cols, 4);   /* two wide characters; a third would make 6 */
	ck_assert_int_eq(l[1].cols, 4);
	ck_assert_int_eq(memcmp(s + l[2].off, "race", 4), 0);
	n = draw_wrap("the quick brown fox", 10, l, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(l[0].len, 9);   /* "the quick" */
	n = draw_wrap("abcdefghijkl", 5, l, 8);
	ck_assert_uint_eq(n, 3);          /* no space: cut */
	/* CJK closing punctuation stays with the character before it: no lone 。 */
	n = draw_wrap("一二三。", 6, l, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(l[0].cols, 4);   /* 一二 */
	ck_assert_int_eq(l[1].cols, 4);   /* 三。 */
	n = draw_wrap("一，二三", 4, l, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(l[0].cols, 4);   /* 一， */
}
END_TEST

START_TEST(test_keys__table)
{
	size_t n;
	const struct keys_entry *t = keys_table(&n);
	bool seen[ACT_COUNT] = { false };
	char buf[64];

	ck_assert_int_eq(keys_find(KC_VIEW, ' ', false), ACT_PAUSE);
	ck_assert_int_eq(keys_find(KC_VIEW, 'q', false), ACT_QUIT);
	ck_assert_int_eq(keys_find(KC_VIEW, KEY_F(1), true), ACT_HELP);
	ck_assert_int_eq(keys_find(KC_VIEW, '?', false), ACT_HELP);
	ck_assert_int_eq(keys_find(KC_PICKER, 'q', false), ACT_QUIT);  /* quits there too (kitchensync(1)) */
	ck_assert_int_eq(keys_find(KC_PICKER, 'r', false), ACT_NONE);  /* typed into the filter */
	ck_assert_str_eq(keys_labels(0, buf, sizeof buf), "?, F1");
	for (size_t i = 0; i < n; i++) {
		/* No key means two things in one context. */
		for (size_t j = i + 1; j < n; j++)
			if (t[i].key == t[j].key && t[i].fkey == t[j].fkey)
				ck_assert_msg((t[i].contexts & t[j].contexts) == 0 || t[i].action == t[j].action,
				    "key %d bound twice", t[i].key);
		/* A help line starts every group, so the overlay lists every action. */
		if (i == 0 || t[i].action != t[i - 1].action)
			ck_assert_msg(t[i].help != NULL || t[i].action == t[i - 1].action ||
			    (t[i].action >= ACT_SEL_2 && t[i].action <= ACT_SEL_9),
			    "entry %zu has no help", i);
		seen[t[i].action] = true;
	}
	for (int a = ACT_QUIT; a < ACT_COUNT; a++)
		ck_assert_msg(seen[a], "action %d has no key", a);
}
END_TEST

/* Dispatch goes by the key table: every binding has a handler in each context it
 * is bound in, and no handler waits for an action no key is bound to there. */
START_TEST(test_keys__dispatch_follows_table)
{
	static const unsigned contexts[] = { KC_PICKER, KC_VIEW, KC_HELP, KC_ASK };
	size_t n;
	const struct keys_entry *t = keys_table(&n);

	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < 4; c++)
			if (t[i].contexts & contexts[c])
				ck_assert_msg(action_handles(contexts[c], t[i].action),
				    "key %d (action %d) has no handler in context %u", t[i].key, t[i].action, contexts[c]);
	for (size_t c = 0; c < 4; c++)
		for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			bool bound = false;
			if (!action_handles(contexts[c], (enum keys_action)a))
				continue;
			for (size_t i = 0; i < n && !bound; i++)
				bound = t[i].action == (enum keys_action)a && (t[i].contexts & contexts[c]);
			ck_assert_msg(bound, "action %d has a handler but no key in context %u", a, contexts[c]);
		}
	ck_assert(!action_handles(KC_VIEW, ACT_NONE));
	ck_assert(!action_handles(KC_PICKER, ACT_PAUSE));
}
END_TEST

START_TEST(test_keys__help_overlay_lists_every_key)
{
	size_t n;
	const struct keys_entry *t = keys_table(&n);
	char buf[64];
	bool *found = calloc(n, sizeof *found);
	int max;

	/* At the smallest size, scrolled through, every help line shows whole. */
	screen_up(80, 24, true);
	max = view_help_draw(1, 0, LINES - 2, COLS, 0);
	ck_assert_int_gt(max, 0);
	ck_assert_int_ge(find_row("more: Down"), 0);
	for (int top = 0; top <= max; top++) {
		werase(stdscr);
		view_help_draw(1, 0, LINES - 2, COLS, top);
		for (size_t i = 0; i < n; i++)
			if (t[i].help && find_row(t[i].help) >= 0 &&
			    strstr(row(find_row(t[i].help)), keys_labels(i, buf, sizeof buf)))
				found[i] = true;
	}
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(t[i].help == NULL || found[i], "help for %s is missing", keys_labels(i, buf, sizeof buf));
	free(found);
	crt_stop();
}
END_TEST

START_TEST(test_theme__monochrome_reads)
{
	/* Without colour every state still has its own glyph, ASCII and Unicode. */
	for (int ascii = 0; ascii < 2; ascii++)
		for (int a = REC_ST_RUNNING; a < REC_ST_COUNT; a++)
			for (int b = a + 1; b < REC_ST_COUNT; b++) {
				if (a == REC_ST_DONE || b == REC_ST_DONE)
					continue;
				ck_assert_msg(wcscmp(theme_state_glyph(a, ascii), theme_state_glyph(b, ascii)) != 0,
				    "states %d and %d look alike", a, b);
			}
	theme_init(false);
	ck_assert(!theme_has_colors());
	ck_assert_uint_ne(theme_attr(TH_SELECTED), theme_attr(TH_NORMAL));
	ck_assert_uint_ne(theme_attr(TH_DEADLOCK), theme_attr(TH_NORMAL));
	ck_assert_int_eq(PAIR_NUMBER(theme_attr(TH_BAD)), 0);
}
END_TEST

START_TEST(test_picker__filter)
{
	struct picker p;

	screen_up(80, 24, true);
	picker_init(&p);
	picker_add(&p, "race", "Race condition", "two cooks", "/x/race.ks");
	picker_add(&p, "deadlock", "Deadlock", "two chefs, two knives", "/x/deadlock.ks");
	picker_add(&p, "noodles", "Instant noodles", "sync and async", "/x/noodles.ks");
	ck_assert_uint_eq(p.nshown, 3);
	picker_type(&p, 'K');
	picker_type(&p, 'n');
	ck_assert_uint_eq(p.nshown, 1);  /* "knives", case-insensitive */
	ck_assert_str_eq(picker_selected(&p)->name, "deadlock");
	picker_draw(&p);
	ck_assert_int_ge(find_row("deadlock"), 0);
	ck_assert_int_lt(find_row("noodles"), 0);
	picker_erase(&p);
	picker_erase(&p);
	ck_assert_uint_eq(p.nshown, 3);
	picker_move(&p, 5);
	ck_assert_str_eq(picker_selected(&p)->name, "noodles");
	picker_draw(&p);
	ck_assert_int_eq(row(find_row("noodles"))[0], '>');
	picker_done(&p);
	crt_stop();
}
END_TEST

START_TEST(test_picker__lesson_order_names_first)
{
	struct picker p;

	screen_up(80, 24, true);
	picker_init(&p);
	picker_add(&p, "noodle", "Noodles", "stand at the stove", "/x/noodle.ks");
	p.items[p.nitems - 1].lesson = 1;
	picker_add(&p, "mine", "My own", "no lesson", "/x/mine.ks");
	picker_add(&p, "stoves", "Semaphore", "two stoves", "/x/stoves.ks");
	p.items[p.nitems - 1].lesson = 8;
	picker_add(&p, "race", "Race", "two cooks", "/x/race.ks");
	p.items[p.nitems - 1].lesson = 3;
	picker_sort(&p);
	/* the tutorial's order, a scenario without a lesson last */
	ck_assert_str_eq(p.items[0].name, "noodle");
	ck_assert_str_eq(p.items[1].name, "race");
	ck_assert_str_eq(p.items[2].name, "stoves");
	ck_assert_str_eq(p.items[3].name, "mine");
	picker_draw(&p);
	ck_assert_int_ge(find_row(" 3 race"), 0);
	ck_assert_int_lt(find_row(" 1 noodle"), find_row(" 3 race"));
	/* "stov" is in noodle's summary and in stoves' name: the name comes first */
	picker_type(&p, 's');
	picker_type(&p, 't');
	picker_type(&p, 'o');
	picker_type(&p, 'v');
	ck_assert_uint_eq(p.nshown, 2);
	ck_assert_str_eq(picker_selected(&p)->name, "stoves");
	/* clearing the filter keeps the selection */
	picker_clear_filter(&p);
	ck_assert_str_eq(p.filter, "");
	ck_assert_uint_eq(p.nshown, 4);
	ck_assert_str_eq(picker_selected(&p)->name, "stoves");
	picker_done(&p);
	crt_stop();
}
END_TEST

static const char learn_src[] =
	"scenario learn\n"
	"title \"Learn\"\n"
	"var orders = 0\n"
	"thread \"Cook A\" { orders += 1; say \"A wrote\" }\n"
	"thread \"Cook B\" { orders += 1 }\n"
	"variant play \"Play\" {\n"
	"  challenge \"Make the board lose an order\" {\n"
	"    goal lost\n"
	"    hint \"Let both cooks read before either writes.\"\n"
	"    explain \"Both read 0 and both wrote 1.\"\n"
	"  }\n"
	"}\n"
	"variant guess \"Guess\" {\n"
	"  question \"How many orders?\" {\n"
	"    choice \"2\" when orders == 2\n"
	"    choice \"fewer than 2\" when orders < 2\n"
	"    choice \"3\" when orders == 3\n"
	"    explain \"Updates get lost.\"\n"
	"  }\n"
	"  question \"What will orders be?\" { answer orders }\n"
	"}\n";

/* A challenge's variant asks no question (scenario(5)): the learner steers its run. */
enum { LEARN_PLAY, LEARN_GUESS };

/* A run that ended with orders = 1, judged as the engine judges conditions. */
static prog_value
judge_shared(void *ctx, int res)
{
	(void)ctx;
	return res == 0 ? 1 : 0;
}

static bool
judge_orders_1(void *ctx, const struct prog_expect *x, prog_value *actual)
{
	struct prog_eval_env env = { 0 };
	prog_value v;

	env.shared = judge_shared;
	env.qlen = judge_shared;
	if (x->kind != PROG_EXPECT_TRUE)
		return false;
	v = prog_eval(ctx, x->expr, &env);
	if (actual)
		*actual = v;
	return v != 0;
}

/* Asking: choices by number or letter, a number typed; the reveal judges each over the outcome. */
START_TEST(test_learn__ask_and_reveal)
{
	struct prog *p = compile(learn_src);
	const struct prog_variant *var = &p->variants[LEARN_GUESS];
	struct learn l;

	learn_init(&l, var);
	ck_assert(learn_asking(&l));
	ck_assert(!learn_has_challenge(&l));
	ck_assert(!learn_ask_type(&l, '4'));  /* three choices */
	ck_assert(!learn_ask_type(&l, 'd'));
	ck_assert(learn_ask_type(&l, 'B'));
	ck_assert_int_eq(l.sel, 1);
	learn_ask_move(&l, 1);
	ck_assert_int_eq(l.sel, 2);
	learn_ask_move(&l, 1);
	ck_assert_int_eq(l.sel, 0);  /* round the end */
	ck_assert(learn_ask_type(&l, '3'));
	ck_assert(learn_ask_answer(&l));
	ck_assert_uint_eq(l.q, 1);
	/* A number: nothing typed is no answer; a '-' only first. */
	ck_assert(!learn_ask_answer(&l));
	ck_assert(learn_ask_type(&l, '-'));
	ck_assert(!learn_ask_type(&l, '-'));
	ck_assert(!learn_ask_type(&l, 'x'));
	ck_assert(learn_ask_type(&l, '4'));
	learn_ask_erase(&l);
	ck_assert(learn_ask_type(&l, '7'));
	ck_assert_str_eq(l.input, "-7");
	ck_assert(learn_ask_answer(&l));
	ck_assert(!learn_asking(&l));
	ck_assert_int_eq(l.ask, LEARN_ASKED);

	learn_reveal(&l, judge_orders_1, (void *)var);
	ck_assert_int_eq(l.ask, LEARN_REVEALED);
	ck_assert(l.box);
	ck_assert_int_eq(l.answers[0].right, 0);           /* "3" did not hold */
	ck_assert_uint_eq(l.answers[0].held, 1u << 1);     /* "fewer than 2" did */
	ck_assert_int_eq(l.answers[1].right, 0);
	ck_assert_int_eq(l.answers[1].real, 1);
	learn_done(&l);

	/* Skipped questions are judged as unanswered, their real answer still shown. */
	learn_init(&l, var);
	learn_ask_skip(&l);
	ck_assert(!learn_asking(&l));
	learn_reveal(&l, judge_orders_1, (void *)var);
	ck_assert_int_eq(l.answers[0].right, -1);
	ck_assert_uint_eq(l.answers[0].held, 1u << 1);
	ck_assert_int_eq(l.answers[1].real, 1);
	learn_done(&l);
	prog_free(p);
}
END_TEST

/* The question box over the view, then the challenge panel, its hint, and the
 * success box once the model shows the goal reached. */
START_TEST(test_view__question_and_challenge)
{
	struct prog *p = compile(learn_src);
	const struct prog_variant *var = &p->variants[LEARN_GUESS];
	struct tl *tl = tl_new(p, var, 0);
	struct learn l;
	struct view v;
	int taken[] = { 0, 0, 1, 1 };

	screen_up(100, 30, false);
	learn_init(&l, var);
	view_init(&v, p, LEARN_GUESS, tl);
	v.learn = &l;
	view_draw(&v);
	ck_assert_msg(find_row("Predict, then watch: question 1 of 2") >= 0, "no question box");
	ck_assert_int_ge(find_row("How many orders?"), 0);
	ck_assert_int_ge(find_row("▶ 1 a) 2"), 0);
	ck_assert_int_ge(find_row("  2 b) fewer than 2"), 0);
	ck_assert_int_ge(find_row("Enter answer"), 0);  /* the hint bar has the question's keys */
	learn_ask_type(&l, 'b');
	view_draw(&v);
	ck_assert_int_ge(find_row("▶ 2 b) fewer than 2"), 0);
	learn_ask_skip(&l);
	view_done(&v);
	learn_done(&l);
	tl_free(tl);

	/* The challenge's variant asks nothing: its goal stands on screen at
	 * once; h shows the hint and the next step. */
	var = &p->variants[LEARN_PLAY];
	tl = tl_new(p, var, 0);
	learn_init(&l, var);
	ck_assert(!learn_asking(&l));
	view_init(&v, p, LEARN_PLAY, tl);
	v.learn = &l;
	v.mode = VIEW_STEP;
	view_draw(&v);
	ck_assert_msg(find_row("Predict, then watch") < 0, "a question box over a challenge");
	if (find_row("☆ Make the board lose an order") < 0)
		dump();
	ck_assert_int_ge(find_row("☆ Make the board lose an order"), 0);
	ck_assert_int_ge(find_row("h for a hint"), 0);
	learn_hint(&l, taken, 1);
	ck_assert_int_eq(l.hint_actor, 1);  /* after A reads, B must read too */
	ck_assert_uint_eq(l.hint_left, 3);
	view_draw(&v);
	ck_assert_int_ge(find_row("Let both cooks read before either writes."), 0);
	ck_assert_int_ge(find_row("Next on a shortest way: 2 Cook B"), 0);
	/* The hint may take the narration's every line, never a line of the pane below. */
	for (int y = 0; y < LINES; y++)
		ck_assert_msg(!(strstr(row(y), "Events") && strstr(row(y), "Narration")), "line %d: %s", y, row(y));

	/* The run loses the update: solved, in the steps the goal detector counts. */
	ck_assert(!learn_watch(&l, tl));
	race_events(tl, var);
	ck_assert(learn_watch(&l, tl));
	ck_assert(!learn_watch(&l, tl));  /* once */
	ck_assert_uint_eq(l.steps, 4);
	ck_assert_int_eq(learn_fewest(&l), 4);
	view_draw(&v);
	if (find_row("Challenge solved in 4 steps!") < 0)
		dump();
	ck_assert_int_ge(find_row("★ Challenge solved in 4 steps!"), 0);
	ck_assert_int_ge(find_row("The fewest possible is 4: you found a shortest way."), 0);
	ck_assert_int_ge(find_row("Both read 0 and both wrote 1."), 0);
	l.box = false;  /* Esc: the panel under it says solved */
	view_draw(&v);
	ck_assert_int_ge(find_row("★ Make the board lose an order"), 0);
	ck_assert_int_ge(find_row("Solved in 4 steps."), 0);
	view_done(&v);
	learn_done(&l);
	crt_stop();
	tl_free(tl);
	prog_free(p);
}
END_TEST

/* The picker's marks come from the progress: seen, questions answered, a challenge's steps. */
START_TEST(test_picker__progress_marks)
{
	struct picker p;
	struct progress *pr = progress_new(NULL);
	char buf[128];

	screen_up(100, 30, false);
	picker_init(&p);
	picker_add(&p, "race", "Race", "two cooks", "/x/race.ks");
	picker_add_variant(&p, "unsafe", 2, true);
	picker_add_variant(&p, "locked", 0, false);  /* asks nothing: not kept */
	picker_add(&p, "deadlock", "Deadlock", "two knives", "/x/deadlock.ks");
	picker_add_variant(&p, "main", 1, true);
	picker_add_variant(&p, "fixed", 0, true);
	ck_assert_uint_eq(p.items[0].nvariants, 1);
	ck_assert_str_eq(picker_marks(&p, &p.items[0], false, buf, sizeof buf), "");  /* no progress kept */
	p.progress = pr;
	ck_assert_str_eq(picker_marks(&p, &p.items[0], false, buf, sizeof buf), "?0/2 ☆");
	progress_set_seen(pr, "race");
	progress_set_answer(pr, "race", "unsafe", 1, false);
	progress_set_solved(pr, "race", "unsafe", 6, 4);
	ck_assert_str_eq(picker_marks(&p, &p.items[0], false, buf, sizeof buf), "✓ ?1/2 ★6");
	ck_assert_str_eq(picker_marks(&p, &p.items[0], true, buf, sizeof buf), "ok ?1/2 *6");
	progress_set_solved(pr, "deadlock", "fixed", 3, 3);
	ck_assert_str_eq(picker_marks(&p, &p.items[1], false, buf, sizeof buf), "?0/1 ★1/2");
	picker_draw(&p);
	ck_assert_int_ge(find_row("✓ ?1/2 ★6"), 0);
	ck_assert_int_ge(find_row("✓ seen"), 0);  /* the legend */
	p.note = strdup("warning: the progress file is damaged");
	picker_draw(&p);
	ck_assert_int_ge(find_row("warning: the progress file is damaged"), 0);
	picker_done(&p);
	progress_free(pr);
	crt_stop();
}
END_TEST

START_TEST(test_snap__matches_tl_at)
{
	static const char src[] =
		"scenario snaps\nvar x = 0\nmutex m\nqueue q\n"
		"thread \"A\" { lock m; x += 1; unlock m; push q 1 }\n"
		"thread \"B\" { lock m; x += 1; unlock m; pop q into y }\n";
	struct prog *p = compile(src);
	struct tl *tl = tl_new(p, &p->variants[0], 0);
	struct snap *sn = snap_new(tl);
	unsigned r = 12345;
	const int n = 3 * SNAP_EVERY;

	/* A long made-up run touching every rule: states, locks, values, queue, say. */
	for (int i = 0; i < n; i++) {
		int a = (int)((r >> 8) & 1), k = (int)((r >> 12) % 8);
		static const int kinds[] = { REC_STATE, REC_LOCK_WAIT, REC_LOCK_ACQUIRE, REC_LOCK_RELEASE,
			REC_STORE, REC_PUSH, REC_POP, REC_OP };
		int res = kinds[k] == REC_PUSH || kinds[k] == REC_POP ? 2 : kinds[k] == REC_STORE ? 0 : 1;
		r = r * 1103515245u + 12345u;
		/* ops: REC_OP's always, a state event's half the time (-1 otherwise) */
		ev(tl, (uint64_t)i, kinds[k], a, (int)(r >> 16) % REC_ST_COUNT, res, -1, i,
		    kinds[k] == REC_OP || (r >> 20) & 1 ? (int)((r >> 21) % 8) : -1);
	}
	for (int q = 0; q < 40; q++) {
		/* Forward, backward and repeated times. */
		uint64_t t = T0 + (uint64_t)((q * 7919) % n) * 1000 + (q % 3 ? 0 : 500);
		const struct tl_at *a = snap_at(sn, t);
		struct tl_at *b = tl_at_new(tl, t);
		for (size_t k = 0; k < b->nactors; k++) {
			ck_assert_int_eq(a->actors[k].state, b->actors[k].state);
			ck_assert_int_eq(a->actors[k].op, b->actors[k].op);
			ck_assert_int_eq(a->actors[k].op_sure, b->actors[k].op_sure);
		}
		for (size_t k = 0; k < b->nres; k++) {
			ck_assert_int_eq(a->res[k].value, b->res[k].value);
			ck_assert_uint_eq(a->res[k].nholders, b->res[k].nholders);
			ck_assert_uint_eq(a->res[k].nwaiters, b->res[k].nwaiters);
			ck_assert_uint_eq(a->res[k].nitems, b->res[k].nitems);
			for (size_t j = 0; j < b->res[k].nholders; j++)
				ck_assert_int_eq(a->res[k].holders[j], b->res[k].holders[j]);
		}
		tl_at_free(b);
	}
	snap_free(sn);
	tl_free(tl);
	prog_free(p);
}
END_TEST

static Suite *
view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("view");

	tcase_add_test(tc, test_view__race_rows_log_state);
	tcase_add_test(tc, test_view__verdict_is_final_at_any_cursor);
	tcase_add_test(tc, test_view__bar_key_when_room);
	tcase_add_test(tc, test_view__cursor_picks_wake);
	tcase_add_test(tc, test_view__pool_row_appears_live);
	tcase_add_test(tc, test_view__deadlock_cycle);
	tcase_add_test(tc, test_view__program_pane_next_op);
	tcase_add_test(tc, test_view__program_pane_guesses_without_op);
	tcase_add_test(tc, test_view__too_small);
	tcase_add_test(tc, test_view__unicode_glyphs_and_cjk_narration);
	tcase_add_test(tc, test_view__question_and_challenge);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
parts_suite(void)
{
	Suite *s = suite_create("parts");
	TCase *tc = tcase_create("parts");

	tcase_add_test(tc, test_draw__width_and_wrap);
	tcase_add_test(tc, test_keys__table);
	tcase_add_test(tc, test_keys__dispatch_follows_table);
	tcase_add_test(tc, test_keys__help_overlay_lists_every_key);
	tcase_add_test(tc, test_theme__monochrome_reads);
	tcase_add_test(tc, test_picker__filter);
	tcase_add_test(tc, test_picker__lesson_order_names_first);
	tcase_add_test(tc, test_snap__matches_tl_at);
	tcase_add_test(tc, test_learn__ask_and_reveal);
	tcase_add_test(tc, test_picker__progress_marks);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	setenv("TERM", "xterm-256color", 1);
	return ks_check_run(view_suite(), parts_suite(), NULL);
}
