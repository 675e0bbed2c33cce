/* view-timeline.c: a row per actor (label, then its states over time), the time
 * ruler, the CPU lanes, the time cursor and what it picks out: a wake's arrow,
 * a lost update's loads and stores, a deadlock's cycle. */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "theme.h"
#include "view.h"
#include "xalloc.h"

/* A cell to mark on an actor's row. */
struct mark {
	int actor;
	uint64_t t;
	const wchar_t *glyph;
};

enum { MAX_MARKS = 16 };

struct marks {
	struct mark m[MAX_MARKS];
	int n;
	int wake_from, wake_to;   /* an arrow at the cursor column, or -1 */
};

static void
marks_add(struct marks *mk, int actor, uint64_t t, const wchar_t *g)
{
	if (mk->n < MAX_MARKS)
		mk->m[mk->n++] = (struct mark){ actor, t, g };
}

/* The latest event of KIND by ACTOR on RES strictly before index END; false when none. */
static bool
find_back(const struct tl *tl, size_t end, int kind, int actor, int res, struct rec_event *out)
{
	size_t first = tl_first(tl), i = end, guard = 0;

	while (i > first && guard++ < 200000) {
		i--;
		tl_event(tl, i, out);
		if (out->kind == kind && out->actor == actor && (res < 0 || out->res == res))
			return true;
	}
	return false;
}

/* Both actors' load and store around a lost update at index I. */
static void
marks_lost_update(const struct tl *tl, size_t i, const struct rec_event *lu, struct marks *mk)
{
	struct rec_event e;

	/* The loser's store is the lost update itself; its load came before. */
	marks_add(mk, lu->actor, lu->t_ns, L"S");
	if (find_back(tl, i, REC_LOAD, lu->actor, lu->res, &e))
		marks_add(mk, lu->actor, e.t_ns, L"L");
	if (lu->other >= 0 && find_back(tl, i, REC_STORE, lu->other, lu->res, &e)) {
		size_t j = tl_find(tl, e.t_ns);
		marks_add(mk, lu->other, e.t_ns, L"S");
		if (find_back(tl, j, REC_LOAD, lu->other, lu->res, &e))
			marks_add(mk, lu->other, e.t_ns, L"L");
	}
}

/* What the cursor column [C0, C1) picks out; without a cursor, the latest lost update in view. */
static void
marks_collect(const struct view *v, uint64_t t0, uint64_t t1, uint64_t c0, uint64_t c1, struct marks *mk)
{
	const struct tl *tl = v->tl;
	struct rec_event e;

	mk->n = 0;
	mk->wake_from = mk->wake_to = -1;
	if (v->cursor_on) {
		size_t i = tl_find(tl, c0), end = tl_end(tl);
		for (; i < end; i++) {
			tl_event(tl, i, &e);
			if (e.t_ns >= c1)
				break;
			if (e.kind == REC_WAKE && mk->wake_from < 0) {
				mk->wake_from = e.actor;
				mk->wake_to = e.other;
			} else if (e.kind == REC_LOCK_ACQUIRE && e.other >= 0 && mk->wake_from < 0) {
				mk->wake_from = e.other;
				mk->wake_to = e.actor;
			} else if (e.kind == REC_LOST_UPDATE) {
				marks_lost_update(tl, i, &e, mk);
			}
		}
		return;
	}
	/* No cursor: the most recent lost update in the window, so it shows as it happens. */
	{
		size_t i = tl_find(tl, t1), first = tl_find(tl, t0), guard = 0;
		while (i > first && guard++ < 20000) {
			i--;
			tl_event(tl, i, &e);
			if (e.kind == REC_LOST_UPDATE) {
				marks_lost_update(tl, i, &e, mk);
				break;
			}
		}
	}
}

static int col_of(uint64_t t, uint64_t t0, uint64_t t1, int w);

/* The glyph an event leaves on its actor's row when there is room, or NULL. */
static const wchar_t *
event_glyph(const struct rec_event *e, bool ascii)
{
	switch ((enum rec_kind)e->kind) {
	case REC_LOAD: return L"L";
	case REC_STORE: return L"S";
	case REC_LOCK_ACQUIRE: return theme_glyph(GL_LOCK, ascii);
	case REC_PUSH: return L">";
	case REC_POP: return L"<";
	case REC_SAY: return L"\"";
	default: return NULL;
	}
}

/* Loads, stores, lock grabs and queue moves as letters on the rows, when they are sparse
 * enough to read (always in step mode, where each is a step the learner made). */
static void
event_marks_draw(const struct view *v, const int *rowy, uint64_t t0, uint64_t t1, int x, int cw)
{
	const struct tl *tl = v->tl;
	size_t i = tl_find(tl, t0), end = tl_end(tl), n = 0, limit = (size_t)cw;
	struct rec_event e;

	/* Count first: a dense live window would be all letters. */
	for (size_t k = i; k < end && n <= limit; k++) {
		tl_event(tl, k, &e);
		if (e.t_ns >= t1)
			break;
		if (event_glyph(&e, v->ascii) && e.actor >= 0)
			n++;
	}
	if (n > limit / 3 && v->mode != VIEW_STEP)
		return;
	for (; i < end; i++) {
		const wchar_t *g;
		int c;
		tl_event(tl, i, &e);
		if (e.t_ns >= t1)
			break;
		g = event_glyph(&e, v->ascii);
		if (g == NULL || e.actor < 0 || (size_t)e.actor >= v->var->nactors || rowy[e.actor] < 0)
			continue;
		c = col_of(e.t_ns, t0, t1, cw);
		if (c >= 0)
			draw_wtext(stdscr, rowy[e.actor], x + c, 1, g, theme_attr(TH_NORMAL) | A_BOLD);
	}
}

void
view_columns(const struct tl *tl, int actor, uint64_t t0, uint64_t t1, int w, uint64_t now, uint8_t *out)
{
	uint64_t end = tl_t_end(tl);
	struct tl_span sp;

	tl_columns(tl, actor, t0, t1, w, out);
	if (now <= end || w <= 0 || t1 <= t0 || !tl_span_at(tl, actor, end, &sp) || sp.end != TL_TIME_MAX)
		return;
	for (int c = 0; c < w; c++) {
		uint64_t c0 = t0 + (uint64_t)((double)(t1 - t0) * c / w);
		if (c0 >= now)
			break;
		if (c0 + (t1 - t0) / (uint64_t)w > end && (out[c] == TL_COL_NONE || c0 >= end))
			out[c] = sp.state;
	}
}

static int
col_of(uint64_t t, uint64_t t0, uint64_t t1, int w)
{
	if (t < t0 || t >= t1 || w <= 0)
		return -1;
	return (int)((double)(t - t0) * w / (double)(t1 - t0));
}

/* A "nice" tick step: 1, 2 or 5 times a power of ten, at least MIN ns. */
static uint64_t
nice_step(uint64_t min)
{
	uint64_t p = 1;

	while (p * 10 <= min && p < UINT64_MAX / 100)
		p *= 10;
	if (p >= min)
		return p;
	if (2 * p >= min)
		return 2 * p;
	if (5 * p >= min)
		return 5 * p;
	return 10 * p;
}

static void
ruler_draw(const struct view *v, int y, int x, int lw, int cw, uint64_t t0, uint64_t t1)
{
	uint64_t begin = tl_t_begin(v->tl), span = t1 - t0, step, t;
	attr_t dim = theme_attr(TH_DIM);
	char buf[32];
	int next_free = 0;

	draw_text(stdscr, y, x, lw, _("time"), theme_attr(TH_TITLE));
	draw_fill(stdscr, y, x + lw, cw, theme_glyph(GL_HLINE, v->ascii), dim);
	step = nice_step(span * 10 / (uint64_t)(cw > 0 ? cw : 1) + 1);
	for (t = (t0 - begin + step - 1) / step * step; begin + t < t1; t += step) {
		int c = col_of(begin + t, t0, t1, cw);
		int lwid;
		if (c < 0)
			continue;
		view_dur_text(t, buf, sizeof buf);
		lwid = (int)strlen(buf);
		draw_fill(stdscr, y, x + lw + c, 1, theme_glyph(GL_TICK, v->ascii), dim);
		if (c + 1 >= next_free && c + 1 + lwid < cw) {
			draw_text(stdscr, y, x + lw + c + 1, lwid, buf, theme_attr(TH_NORMAL));
			next_free = c + 2 + lwid;
		}
	}
}

/* The label: selection mark, number, indented name, kind, current state. */
static void
label_draw(const struct view *v, int y, int x, int lw, int a, int num, const struct tl_actor_at *st,
    bool in_cycle)
{
	const struct prog_actor *pa = &v->var->actors[a];
	bool sel = a == v->sel;
	attr_t base = sel ? theme_attr(TH_SELECTED) : theme_attr(TH_NORMAL);
	enum rec_state s = st ? (enum rec_state)st->state : REC_ST_NEW;
	int kind_w = 8, state_w = 10, name_w, cx = x, ind;
	char buf[64];

	if (in_cycle)
		base = theme_attr(TH_DEADLOCK);
	mvwhline(stdscr, y, x, ' ' | base, lw - 1);
	if (sel)
		draw_wtext(stdscr, y, cx, 1, theme_glyph(GL_SELECT, v->ascii), base | A_BOLD);
	cx += 1;
	if (num <= 99)
		cx += draw_printf(stdscr, y, cx, 3, base, "%2d ", num);
	else
		cx += 3;
	ind = v->depth[a] * 2;
	if (ind > 6)
		ind = 6;
	cx += ind;
	name_w = lw - 1 - (cx - x) - kind_w - state_w;
	if (name_w < 4)
		name_w = 4;
	draw_text(stdscr, y, cx, name_w, pa->name, base | (sel ? A_BOLD : 0));
	cx += name_w + 1;
	draw_text(stdscr, y, cx, kind_w - 1, _(prog_actor_kind_name(pa->kind)), base | A_DIM);
	cx += kind_w;
	if (st == NULL || st->state == TL_COL_NONE)
		return;
	draw_wtext(stdscr, y, cx, 1, theme_state_glyph(s, v->ascii), theme_attr(theme_state_role(s)));
	snprintf(buf, sizeof buf, "%s", view_state_name(s));
	draw_text(stdscr, y, cx + 1, state_w - 2, buf, in_cycle ? base : theme_attr(theme_state_role(s)));
}

void
view_timeline_draw(struct view *v, int y, int x, int h, int w)
{
	struct tl *tl = v->tl;
	uint64_t t0, t1, c0 = 0, c1 = 0;
	int lw, cw, rows, ncpu, lanes, first, sel_pos = 0, cur_col = -1;
	uint8_t *cols;
	int16_t *cpu;
	const struct tl_at *at;
	struct marks mk;
	bool *cycle;
	int *numbers;
	int *rowy;
	size_t nact = v->var->nactors;

	view_window(v, &t0, &t1);
	lw = w * 45 / 100;
	if (lw < 36)
		lw = 36;
	if (lw > 44)
		lw = 44;
	cw = w - lw;
	ncpu = tl_ncpus(tl);
	lanes = ncpu > 4 ? 4 : ncpu;
	rows = h - 1 - lanes;
	if (rows < 1) {
		lanes = h - 2 > 0 ? h - 2 : 0;
		rows = h - 1 - lanes;
	}
	if (rows > (int)v->norder)
		rows = (int)v->norder;
	/* Scroll so the selected actor stays in view. */
	for (size_t i = 0; i < v->norder; i++)
		if (v->order[i] == v->sel)
			sel_pos = (int)i;
	first = v->lay.first;
	if (sel_pos < first)
		first = sel_pos;
	if (sel_pos >= first + rows)
		first = sel_pos - rows + 1;
	if (first + rows > (int)v->norder)
		first = (int)v->norder - rows;
	if (first < 0)
		first = 0;
	v->lay = (struct view_layout){ .rows_y = y + 1, .nrows = rows, .first = first,
		.cells_x = x + lw, .cells_w = cw, .ruler_y = y, .t0 = t0, .t1 = t1 };

	ruler_draw(v, y, x, lw, cw, t0, t1);
	if (v->cursor_on) {
		cur_col = col_of(v->cursor, t0, t1, cw);
		if (cur_col >= 0) {
			c0 = t0 + (uint64_t)((double)(t1 - t0) * cur_col / cw);
			c1 = t0 + (uint64_t)((double)(t1 - t0) * (cur_col + 1) / cw);
			if (c1 <= c0)
				c1 = c0 + 1;
		}
	}
	marks_collect(v, t0, t1, c0, c1, &mk);
	at = snap_at(v->snap, v->cursor_on ? v->cursor : tl_t_end(tl));
	cycle = xcalloc(nact + 1, sizeof *cycle);
	numbers = xcalloc(nact + 1, sizeof *numbers);
	for (size_t i = 0; i < v->norder; i++)
		numbers[v->order[i]] = (int)i + 1;
	for (size_t a = 0; a < nact && at && a < at->nactors; a++)
		cycle[a] = at->actors[a].state == REC_ST_DEADLOCKED;
	cols = xmalloc((size_t)(cw > 0 ? cw : 1));
	rowy = xmalloc(sizeof *rowy * (nact + 1));
	for (size_t a = 0; a < nact; a++)
		rowy[a] = -1;
	for (int r = 0; r < rows; r++)
		rowy[v->order[first + r]] = y + 1 + r;
	for (int r = 0; r < rows; r++) {
		int a = v->order[first + r], ry = y + 1 + r;
		const struct tl_actor_at *st = at && (size_t)a < at->nactors ? &at->actors[a] : NULL;
		label_draw(v, ry, x, lw, a, numbers[a], st, cycle[a]);
		view_columns(tl, a, t0, t1, cw, v->live_now, cols);
		for (int c = 0; c < cw; c++) {
			enum rec_state s = (enum rec_state)cols[c];
			if (cols[c] == TL_COL_NONE)
				continue;
			draw_wtext(stdscr, ry, x + lw + c, 1, theme_state_glyph(s, v->ascii),
			    theme_attr(theme_state_role(s)));
		}
	}
	event_marks_draw(v, rowy, t0, t1, x + lw, cw);
	for (int m = 0; m < mk.n; m++) {
		int c = col_of(mk.m[m].t, t0, t1, cw);
		if (mk.m[m].actor >= 0 && (size_t)mk.m[m].actor < nact && rowy[mk.m[m].actor] >= 0 && c >= 0)
			draw_wtext(stdscr, rowy[mk.m[m].actor], x + lw + c, 1, mk.m[m].glyph, theme_attr(TH_HIGHLIGHT));
	}
	free(rowy);
	free(cols);
	/* The wake arrow: from the waker's row to the woken row, in the cursor column. */
	if (cur_col >= 0 && mk.wake_from >= 0 && mk.wake_to >= 0) {
		int yf = -1, yt = -1;
		for (int r = 0; r < rows; r++) {
			if (v->order[first + r] == mk.wake_from)
				yf = y + 1 + r;
			if (v->order[first + r] == mk.wake_to)
				yt = y + 1 + r;
		}
		if (yf >= 0 && yt >= 0 && yf != yt) {
			int step = yt > yf ? 1 : -1;
			for (int yy = yf + step; yy != yt; yy += step)
				draw_wtext(stdscr, yy, x + lw + cur_col, 1, theme_glyph(GL_VLINE, v->ascii),
				    theme_attr(TH_HIGHLIGHT));
			draw_wtext(stdscr, yt, x + lw + cur_col, 1,
			    theme_glyph(step > 0 ? GL_ARROW_DOWN : GL_ARROW_UP, v->ascii), theme_attr(TH_HIGHLIGHT));
		}
	} else if (cur_col >= 0) {
		for (int r = 0; r < rows; r++) {
			cchar_t cc;
			int yy = y + 1 + r;
			if (mvwin_wch(stdscr, yy, x + lw + cur_col, &cc) == OK) {
				wchar_t wch[CCHARW_MAX + 1];
				attr_t at_;
				short pair;
				if (getcchar(&cc, wch, &at_, &pair, NULL) == OK && wch[0] != L' ')
					draw_wtext(stdscr, yy, x + lw + cur_col, 1, wch, at_ | A_REVERSE);
				else
					draw_wtext(stdscr, yy, x + lw + cur_col, 1, theme_glyph(GL_CURSOR, v->ascii),
					    theme_attr(TH_CURSOR));
			}
		}
	}
	if (cur_col >= 0)
		draw_wtext(stdscr, y, x + lw + cur_col, 1, theme_glyph(GL_ARROW_DOWN, v->ascii), theme_attr(TH_CURSOR));
	/* CPU lanes: which actor ran on each CPU; only CPUs busy in the window get a lane. */
	cpu = xmalloc(sizeof *cpu * (size_t)(cw > 0 ? cw : 1));
	for (int c = 0, l = 0; c < ncpu && l < lanes; c++) {
		int ly = y + 1 + rows + l;
		bool busy = false;
		tl_cpu_columns(tl, c, t0, t1, cw, cpu);
		for (int k = 0; k < cw && !busy; k++)
			busy = cpu[k] >= 0;
		if (!busy)
			continue;
		l++;
		draw_printf(stdscr, ly, x, lw, theme_attr(TH_DIM), "   cpu %d", c);
		for (int k = 0; k < cw; k++) {
			wchar_t g[2] = { L' ', 0 };
			int a = cpu[k], num;
			if (a < 0 || (size_t)a >= nact)
				continue;
			num = numbers[a];
			g[0] = num < 10 ? (wchar_t)(L'0' + num) : num < 36 ? (wchar_t)(L'a' + num - 10) : L'+';
			draw_wtext(stdscr, ly, x + lw + k, 1, g,
			    a == v->sel ? theme_attr(TH_SELECTED) : theme_attr(TH_ST_FIRST + REC_ST_RUNNING));
		}
	}
	free(cpu);
	free(cycle);
	free(numbers);
}
