/* view-timeline.c: a row per row descriptor (label, then its states over time),
 * the time ruler, the CPU lanes, the time cursor and what it picks out: a wake's
 * arrow, a lost update's loads and stores, a deadlock's cycle. */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "theme.h"
#include "tl-text.h"
#include "view-draw.h"
#include "view-text.h"
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

/* What the frame's drawing needs besides the model: where things go on screen. */
struct timeline_frame {
	const struct view_model *m;
	struct view_rect r;
	int cells_x, cells_w;
	int *rowy;                /* by actor (a pool thread's too): its screen line, or -1 when not shown */
	int nrowy;                /* actors rowy knows: the variant's and the pool's */
};

/* The screen line of actor A's row, or -1. */
static int
frame_rowy(const struct timeline_frame *f, int a)
{
	return a >= 0 && a < f->nrowy ? f->rowy[a] : -1;
}

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

/* What the cursor column picks out; without a cursor, the latest lost update in view. */
static void
marks_collect(const struct view_model *m, struct marks *mk)
{
	const struct tl *tl = m->tl;
	struct rec_event e;

	mk->n = 0;
	mk->wake_from = mk->wake_to = -1;
	if (m->cursor_on) {
		size_t i = tl_find(tl, m->c0), end = tl_end(tl);
		for (; i < end; i++) {
			tl_event(tl, i, &e);
			if (e.t_ns >= m->c1)
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
		size_t i = tl_find(tl, m->t1), first = tl_find(tl, m->t0), guard = 0;
		while (i > first && guard++ < 4000) {  /* the latest few thousand: a crowd's log is long */
			i--;
			tl_event(tl, i, &e);
			if (e.kind == REC_LOST_UPDATE) {
				marks_lost_update(tl, i, &e, mk);
				break;
			}
		}
	}
}

/* The column time T falls in, or -1. */
static int
col_of(const struct view_model *m, uint64_t t)
{
	return tl_axis_col(&m->ax, t);
}

/* The glyph an event leaves on its actor's row when there is room, or NULL. */
static const wchar_t *
event_glyph(const struct rec_event *e, bool ascii)
{
	return theme_event_glyph((enum rec_kind)e->kind, ascii);
}

/* Loads, stores, lock grabs and queue moves as letters on the rows, when they are sparse
 * enough to read (always in step mode, where each is a step the learner made). */
static void
event_marks_draw(const struct timeline_frame *f)
{
	const struct view_model *m = f->m;
	const struct tl *tl = m->tl;
	size_t i = tl_find(tl, m->t0), end = tl_end(tl), n = 0, limit = (size_t)f->cells_w;
	struct rec_event e;

	/* Count first: a dense live window would be all letters.  A window of
	 * crowds holds millions of events: looking at more than a few thousand
	 * of them already says it is dense. */
	if (end > i + 40 * limit + 4096 && m->mode != VIEW_STEP) {
		size_t k = tl_find(tl, m->t1);
		if (k > i + 40 * limit + 4096)
			return;
	}
	for (size_t k = i; k < end && n <= limit; k++) {
		tl_event(tl, k, &e);
		if (e.t_ns >= m->t1)
			break;
		if (event_glyph(&e, m->ascii) && e.actor >= 0)
			n++;
	}
	if (n > limit / 3 && m->mode != VIEW_STEP)
		return;
	for (; i < end; i++) {
		const wchar_t *g;
		int c;
		tl_event(tl, i, &e);
		if (e.t_ns >= m->t1)
			break;
		g = event_glyph(&e, m->ascii);
		if (g == NULL || frame_rowy(f, e.actor) < 0)
			continue;
		c = col_of(m, e.t_ns);
		if (c >= 0)
			draw_wtext(stdscr, f->rowy[e.actor], f->cells_x + c, 1, g, theme_attr(TH_NORMAL) | A_BOLD);
	}
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

/* A step axis's ruler: the step and its scenario time (at the cursor, else the last step) in
 * the label column, a tick where each step starts and its number where there is room. */
static void
ruler_steps_draw(const struct timeline_frame *f)
{
	const struct view_model *m = f->m;
	const struct tl *tl = m->tl;
	int y = f->r.y, x = f->r.x, lw = m->label_w, cw = f->cells_w, next_free = 0;
	size_t k = tl_step_at(tl, m->cursor_on ? m->cursor : tl_t_end(tl));
	attr_t dim = theme_attr(TH_DIM);
	char buf[96], d[32];

	if (k == 0)
		k = 1;
	/* scenario time from the run's start to where step K began */
	view_dur_text(tl_step_t(tl, k - 1) - tl_t_begin(tl), d, sizeof d);
	snprintf(buf, sizeof buf, _("step %zu of %zu, at %s"), k, tl_nsteps(tl), d);
	draw_text(stdscr, y, x, lw - 1, buf, theme_attr(TH_TITLE));
	draw_fill(stdscr, y, x + lw, cw, theme_glyph(GL_HLINE, m->ascii), dim);
	for (int c = 0; c < cw; c++)
		if (tl_axis_step_starts(&m->ax, c))
			draw_fill(stdscr, y, x + lw + c, 1, theme_glyph(GL_TICK, m->ascii), dim);
	/* the steps' numbers (tl_axis_step_label), none over the one before */
	for (int c = 0; c < cw; c++) {
		int lwid;
		if (!tl_axis_step_label(&m->ax, c, buf, sizeof buf))
			continue;
		lwid = (int)strlen(buf);
		if (c + 1 < next_free || c + 1 + lwid > cw)
			continue;
		draw_text(stdscr, y, x + lw + c + 1, lwid, buf, theme_attr(TH_NORMAL));
		next_free = c + 2 + lwid;
	}
}

static void
ruler_draw(const struct timeline_frame *f)
{
	const struct view_model *m = f->m;
	uint64_t begin = tl_t_begin(m->tl), t0 = m->t0, t1 = m->t1, span = t1 - t0, step, t;
	int y = f->r.y, x = f->r.x, lw = m->label_w, cw = f->cells_w, next_free = 0;
	attr_t dim = theme_attr(TH_DIM);
	char buf[32];

	if (m->ax.steps) {
		ruler_steps_draw(f);
		return;
	}
	draw_text(stdscr, y, x, lw, _("time"), theme_attr(TH_TITLE));
	if (m->lay.hidden_metrics > 0) {
		char sign[64];
		snprintf(sign, sizeof sign, P_("+%d strip not shown", "+%d strips not shown",
		    (unsigned long)m->lay.hidden_metrics), m->lay.hidden_metrics);
		draw_text(stdscr, y, x + draw_width(_("time")) + 1, lw - draw_width(_("time")) - 2, sign,
		    theme_attr(TH_WARN));
	}
	draw_fill(stdscr, y, x + lw, cw, theme_glyph(GL_HLINE, m->ascii), dim);
	step = nice_step(span * 10 / (uint64_t)(cw > 0 ? cw : 1) + 1);
	for (t = (t0 - begin + step - 1) / step * step; begin + t < t1; t += step) {
		int c = col_of(m, begin + t);
		int lwid;
		if (c < 0)
			continue;
		view_dur_text(t, buf, sizeof buf);
		lwid = (int)strlen(buf);
		draw_fill(stdscr, y, x + lw + c, 1, theme_glyph(GL_TICK, m->ascii), dim);
		if (c + 1 >= next_free && c + 1 + lwid < cw) {
			draw_text(stdscr, y, x + lw + c + 1, lwid, buf, theme_attr(TH_NORMAL));
			next_free = c + 2 + lwid;
		}
	}
}

/* A row label's lead: its background, the selection mark, its number and its
 * indent; returns the column its name starts at. */
static int
label_lead_draw(const struct view_model *m, int y, int x, const struct view_row *row, bool sel, attr_t base)
{
	int cx = x + 1, ind = row->depth * 2 > 6 ? 6 : row->depth * 2;

	mvwhline(stdscr, y, x, ' ' | base, m->label_w - 1);
	if (sel)
		draw_wtext(stdscr, y, x, 1, theme_glyph(GL_SELECT, m->ascii), base | A_BOLD);
	if (row->number <= 99)
		draw_printf(stdscr, y, cx, 3, base, "%2d ", row->number);
	return cx + 3 + ind;
}

/* An actor row's label: selection mark, number, indented name, kind, current state. */
static void
label_draw(const struct view_model *m, int y, int x, const struct view_row *row)
{
	int a = row->actor, lw = m->label_w;
	const struct prog_actor *pa = &m->var->actors[a];
	const struct tl_actor_at *st = m->at && (size_t)a < m->at->nactors ? &m->at->actors[a] : NULL;
	bool sel = a == m->sel, in_cycle = st && st->state == REC_ST_DEADLOCKED;
	attr_t base = in_cycle ? theme_attr(TH_DEADLOCK) : sel ? theme_attr(TH_SELECTED) : theme_attr(TH_NORMAL);
	enum rec_state s = st ? (enum rec_state)st->state : REC_ST_NEW;
	int kind_w = 8, state_w = 10, name_w, cx;
	char buf[64];

	cx = label_lead_draw(m, y, x, row, sel, base);
	name_w = lw - 1 - (cx - x) - kind_w - state_w;
	if (name_w < 4)
		name_w = 4;
	draw_text(stdscr, y, cx, name_w, pa->name, base | (sel ? A_BOLD : 0));
	cx += name_w + 1;
	draw_text(stdscr, y, cx, kind_w - 1, _(prog_actor_kind_name(pa->kind)), base | A_DIM);
	cx += kind_w;
	if (st == NULL || st->state == TL_COL_NONE)
		return;
	draw_wtext(stdscr, y, cx, 1, theme_state_glyph(s, m->ascii), theme_attr(theme_state_role(s)));
	snprintf(buf, sizeof buf, "%s", view_state_name(s));
	draw_text(stdscr, y, cx + 1, state_w - 2, buf, in_cycle ? base : theme_attr(theme_state_role(s)));
}

/* A pool thread's row label: "P" where rows have numbers (its key in the CPU lanes; it takes
 * no number, as it cannot be selected), its name and the task it works for, its state. */
static void
pool_label_draw(const struct view_model *m, int y, int x, const struct view_row *row)
{
	attr_t base = theme_attr(TH_NORMAL);
	uint64_t t = m->cursor_on ? m->cursor : tl_t_end(m->tl);
	int lw = m->label_w, kind_w = 8, state_w = 10, cx, name_w;
	struct tl_span sp;
	bool busy = tl_span_at(m->tl, row->actor, t, &sp) && sp.state != TL_ST_IDLE;
	enum rec_state s = busy ? (enum rec_state)sp.state : TL_ST_IDLE;
	char buf[96];

	mvwhline(stdscr, y, x, ' ' | base, lw - 1);
	draw_text(stdscr, y, x + 2, 1, "P", base | A_DIM);
	cx = x + 4 + (row->depth * 2 > 6 ? 6 : row->depth * 2);
	name_w = lw - 1 - (cx - x) - kind_w - state_w;
	if (name_w < 4)
		name_w = 4;
	if (busy && sp.other >= 0)
		snprintf(buf, sizeof buf, _("%s for %s"), tl_actor_name(m->tl, row->actor),
		    tl_actor_name(m->tl, sp.other));
	else
		snprintf(buf, sizeof buf, "%s", tl_actor_name(m->tl, row->actor));
	draw_text(stdscr, y, cx, name_w, buf, base);
	cx += name_w + 1;
	draw_text(stdscr, y, cx, kind_w - 1, _(prog_actor_kind_name(PROG_THREAD)), base | A_DIM);
	cx += kind_w;
	if (!busy && tl_nspans(m->tl, row->actor) == 0)
		return;
	if (busy)
		draw_wtext(stdscr, y, cx, 1, theme_state_glyph(s, m->ascii), theme_attr(theme_state_role(s)));
	draw_text(stdscr, y, cx + 1, state_w - 2, busy ? view_state_name(s) : _("idle"),
	    busy ? theme_attr(theme_state_role(s)) : base | A_DIM);
}

/* The most common state among a family's members at the model's time, and how many. */
static enum rec_state
group_main_state(const struct view_model *m, const struct prog_family *pf, uint32_t *n)
{
	uint32_t counts[REC_ST_COUNT];
	int best = REC_ST_NEW;

	tl_group_at(m->tl, pf->first, pf->count, m->cursor_on ? m->cursor : tl_t_end(m->tl), counts);
	*n = 0;
	for (int s = 0; s < REC_ST_COUNT; s++)
		if (counts[s] > *n) {
			*n = counts[s];
			best = s;
		}
	return (enum rec_state)best;
}

/* A family's group row label: ▸ (folded) or ▾ (opened), name ×N, kind, its main state now. */
static void
group_label_draw(const struct view_model *m, int y, int x, const struct view_row *row)
{
	const struct prog_family *pf = &m->var->families[row->family];
	bool sel = m->sel == VIEW_SEL_GROUP(row->family);
	attr_t base = sel ? theme_attr(TH_SELECTED) : theme_attr(TH_NORMAL);
	int lw = m->label_w, cx, name_w;
	uint32_t n;
	enum rec_state s = group_main_state(m, pf, &n);
	char buf[96];

	cx = label_lead_draw(m, y, x, row, sel, base);
	draw_wtext(stdscr, y, cx, 1, theme_glyph(row->open ? GL_OPENED : GL_FOLDED, m->ascii), base | A_BOLD);
	cx += 2;
	name_w = lw - 1 - (cx - x) - 8 - 10;
	snprintf(buf, sizeof buf, "%s %s%d", pf->name, m->ascii ? "x" : "\u00d7", pf->count);
	if (draw_width(buf) > name_w) {
		/* "Request ×400" whole matters more than its kind: the name takes the kind's room */
		name_w += 8;
		draw_text(stdscr, y, cx, name_w < 4 ? 4 : name_w, buf, base | A_BOLD);
		cx += (name_w < 4 ? 4 : name_w);
	} else {
		draw_text(stdscr, y, cx, name_w < 4 ? 4 : name_w, buf, base | A_BOLD);
		cx += (name_w < 4 ? 4 : name_w) + 1;
		draw_text(stdscr, y, cx, 7, _(prog_actor_kind_name(pf->kind)), base | A_DIM);
		cx += 8;
	}
	if (n == 0)
		return;
	draw_wtext(stdscr, y, cx, 1, theme_state_glyph(s, m->ascii), theme_attr(theme_state_role(s)));
	snprintf(buf, sizeof buf, "%u %s", n, view_state_name(s));
	draw_text(stdscr, y, cx + 1, 9, buf, theme_attr(theme_state_role(s)));
}

/* What a metric row shows, and its value V as the headless timeline writes it. */
static const char *
metric_text(const struct view_row *row, double v, char *val, size_t size)
{
	tl_text_metric_value(val, size, (enum tl_metric)row->metric, v);
	switch ((enum tl_metric)row->metric) {
	case TL_METRIC_INFLIGHT: return _("in flight");
	case TL_METRIC_COMPLETIONS: return _("done/s");
	case TL_METRIC_LATENCY_P50: return _("latency p50");
	case TL_METRIC_LATENCY_P99: return _("latency p99");
	case TL_METRIC_THREADS: return _("threads");
	case TL_METRIC_RSS_KB: return _("memory");
	case TL_METRIC_COUNT: break;
	}
	return "?";
}

/* A metric row's label: whose figure, which, and the peak its full block stands for. */
static void
metric_label_draw(const struct view_model *m, int y, int x, const struct view_row *row, double peak)
{
	int lw = m->label_w;
	char val[32], name[96];
	const char *what = metric_text(row, isnan(peak) ? 0 : peak, val, sizeof val);

	if (row->family >= 0)
		snprintf(name, sizeof name, "  %s %s", m->var->families[row->family].name, what);
	else
		snprintf(name, sizeof name, "  %s", what);
	mvwhline(stdscr, y, x, ' ' | theme_attr(TH_NORMAL), lw - 1);
	draw_text(stdscr, y, x, lw - 12, name, theme_attr(TH_DIM));
	if (!isnan(peak))
		draw_printf(stdscr, y, x + lw - 12, 11, theme_attr(TH_NORMAL), "%10s", val);
}

/* The shown rows: labels and the states (or levels) per column the model computed. */
static void
rows_draw(const struct timeline_frame *f)
{
	const struct view_model *m = f->m;
	int cw = f->cells_w;

	for (int r = 0; r < m->lay.nrows; r++) {
		const struct view_row *row = &m->rows[m->lay.idx[r]];
		const uint8_t *cols = m->cols + (size_t)r * (size_t)(cw > 0 ? cw : 0);
		int ry = m->lay.rows_y + r;
		if (row->kind == VIEW_ROW_ACTOR)
			label_draw(m, ry, f->r.x, row);
		else if (row->kind == VIEW_ROW_POOL)
			pool_label_draw(m, ry, f->r.x, row);
		else if (row->kind == VIEW_ROW_GROUP)
			group_label_draw(m, ry, f->r.x, row);
		else
			metric_label_draw(m, ry, f->r.x, row, m->peaks[r]);
		for (int c = 0; c < cw; c++) {
			enum rec_state s = (enum rec_state)cols[c];
			if (cols[c] == TL_COL_NONE)
				continue;
			if (row->kind == VIEW_ROW_METRIC)
				draw_wtext(stdscr, ry, f->cells_x + c, 1, theme_level_glyph(cols[c], m->ascii),
				    theme_attr(TH_NORMAL));
			else
				draw_wtext(stdscr, ry, f->cells_x + c, 1, theme_state_glyph(s, m->ascii),
				    theme_attr(theme_state_role(s)));
		}
	}
}

/* The cursor column: a wake's arrow from the waker's row to the woken's, else the cursor line. */
static void
cursor_draw(const struct timeline_frame *f, const struct marks *mk)
{
	const struct view_model *m = f->m;
	int x = f->cells_x + m->cursor_col;

	if (m->cursor_col < 0)
		return;
	if (mk->wake_from >= 0 && mk->wake_to >= 0) {
		int yf = frame_rowy(f, mk->wake_from), yt = frame_rowy(f, mk->wake_to);
		if (yf >= 0 && yt >= 0 && yf != yt) {
			int step = yt > yf ? 1 : -1;
			for (int yy = yf + step; yy != yt; yy += step)
				draw_wtext(stdscr, yy, x, 1, theme_glyph(GL_VLINE, m->ascii), theme_attr(TH_HIGHLIGHT));
			draw_wtext(stdscr, yt, x, 1, theme_glyph(step > 0 ? GL_ARROW_DOWN : GL_ARROW_UP, m->ascii),
			    theme_attr(TH_HIGHLIGHT));
		}
	} else {
		for (int r = 0; r < m->lay.nrows; r++) {
			cchar_t cc;
			int yy = m->lay.rows_y + r;
			if (mvwin_wch(stdscr, yy, x, &cc) == OK) {
				wchar_t wch[CCHARW_MAX + 1];
				attr_t at_;
				short pair;
				if (getcchar(&cc, wch, &at_, &pair, NULL) == OK && wch[0] != L' ')
					draw_wtext(stdscr, yy, x, 1, wch, at_ | A_REVERSE);
				else
					draw_wtext(stdscr, yy, x, 1, theme_glyph(GL_CURSOR, m->ascii), theme_attr(TH_CURSOR));
			}
		}
	}
	draw_wtext(stdscr, f->r.y, x, 1, theme_glyph(GL_ARROW_DOWN, m->ascii), theme_attr(TH_CURSOR));
}

/* CPU lanes: which actor ran on each CPU; only CPUs busy in the window get a lane. */
static void
lanes_draw(const struct timeline_frame *f)
{
	const struct view_model *m = f->m;
	int cw = f->cells_w, ncpu = tl_ncpus(m->tl);
	int16_t *cpu = xmalloc(sizeof *cpu * (size_t)(cw > 0 ? cw : 1));

	for (int c = 0, l = 0; c < ncpu && l < m->lanes; c++) {
		int ly = m->lay.rows_y + m->lay.nrows + l;
		bool busy = false;
		tl_axis_cpu_columns(m->tl, c, &m->ax, cpu);
		for (int k = 0; k < cw && !busy; k++)
			busy = cpu[k] >= 0;
		if (!busy)
			continue;
		l++;
		draw_printf(stdscr, ly, f->r.x, m->label_w, theme_attr(TH_DIM), "   cpu %d", c);
		for (int k = 0; k < cw; k++) {
			wchar_t g[2] = { L' ', 0 };
			int a = cpu[k], num;
			if (a >= 0 && (size_t)a >= m->var->nactors) {
				g[0] = L'P';  /* a pool thread: its row is marked P */
			} else {
				if (a < 0 || m->row_of[a] < 0)
					continue;
				num = m->rows[m->row_of[a]].number;
				g[0] = num < 10 ? (wchar_t)(L'0' + num) : num < 36 ? (wchar_t)(L'a' + num - 10) : L'+';
			}
			draw_wtext(stdscr, ly, f->cells_x + k, 1, g,
			    a == m->sel ? theme_attr(TH_SELECTED) : theme_attr(TH_ST_FIRST + REC_ST_RUNNING));
		}
	}
	free(cpu);
}

void
view_timeline_draw(const struct view_model *m, struct view_rect r)
{
	size_t nact = m->var->nactors + tl_npool(m->tl);
	struct timeline_frame f = { m, r, m->lay.cells_x, m->lay.cells_w, NULL, (int)nact };
	struct marks mk;

	f.rowy = xmalloc(sizeof *f.rowy * (nact + 1));
	for (size_t a = 0; a < nact; a++)
		f.rowy[a] = -1;
	for (int i = 0; i < m->lay.nrows; i++) {
		const struct view_row *row = &m->rows[m->lay.idx[i]];
		if ((row->kind == VIEW_ROW_ACTOR || row->kind == VIEW_ROW_POOL) && row->actor >= 0 &&
		    (size_t)row->actor < nact)
			f.rowy[row->actor] = m->lay.rows_y + i;
	}
	ruler_draw(&f);
	marks_collect(m, &mk);
	rows_draw(&f);
	event_marks_draw(&f);
	for (int k = 0; k < mk.n; k++) {
		int c = col_of(m, mk.m[k].t);
		if (frame_rowy(&f, mk.m[k].actor) >= 0 && c >= 0)
			draw_wtext(stdscr, f.rowy[mk.m[k].actor], f.cells_x + c, 1, mk.m[k].glyph, theme_attr(TH_HIGHLIGHT));
	}
	cursor_draw(&f, &mk);
	lanes_draw(&f);
	free(f.rowy);
}
