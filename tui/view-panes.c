/* view-panes.c: the program, state, narration and event-log panes and the
 * details of the cursor, each drawn from the frame's model into its rectangle. */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "run-out.h"
#include "theme.h"
#include "view-draw.h"
#include "view-text.h"
#include "xalloc.h"

void
view_pane_title(int y, int x, int w, const char *title, const char *extra)
{
	int n = draw_text(stdscr, y, x, w, title, theme_attr(TH_TITLE));
	if (extra)
		draw_text(stdscr, y, x + n + 1, w - n - 1, extra, theme_attr(TH_DIM));
}

/* The ops of actor A an op list shows (bookkeeping ops are not steps). */
static bool
op_shown(const struct prog_actor *pa, size_t i)
{
	return !(pa->ops[i].flags & PROG_OPF_INTERNAL);
}

/* Draws actor A's ops in a column, the current one highlighted and kept in view. */
static void
program_column(const struct view_model *v, int a, int y, int x, int h, int w, bool numbers)
{
	const struct tl_at *at = v->at;
	const struct prog_actor *pa;
	int cur = at && (size_t)a < at->nactors ? at->actors[a].op : -1;
	bool sure = at && (size_t)a < at->nactors && at->actors[a].op_sure;
	int st = at && (size_t)a < at->nactors ? at->actors[a].state : REC_ST_NEW;
	size_t shown = 0, cur_pos = 0, start = 0, row = 0;
	bool next = false;

	if (a < 0 || (size_t)a >= v->var->nactors)  /* nothing selected */
		return;
	pa = &v->var->actors[a];
	/* Waiting for a grant (or not started): what it will do next, not what it did.
	 * A state event names that op (step mode); without one, guess from the last op
	 * begun.  A named op that is bookkeeping moves on to the first step from it. */
	if (st == REC_ST_READY || st == REC_ST_NEW || st == TL_COL_NONE) {
		cur = view_next_op(v->var, a, sure && cur >= 0 ? cur - 1 : cur);
		next = v->mode == VIEW_STEP;
	}
	char buf[160];

	for (size_t i = 0; i < pa->nops; i++) {
		if (!op_shown(pa, i))
			continue;
		if ((int)i == cur)
			cur_pos = shown;
		shown++;
	}
	if (h <= 0)
		return;
	if (cur >= 0 && cur_pos >= (size_t)h / 2)
		start = cur_pos - (size_t)h / 2;
	if (shown > (size_t)h && start + (size_t)h > shown)
		start = shown - (size_t)h;
	for (size_t i = 0, k = 0; i < pa->nops && row < (size_t)h; i++) {
		attr_t at_ = theme_attr(TH_NORMAL);
		int cx = x;
		if (!op_shown(pa, i))
			continue;
		if (k++ < start)
			continue;
		if ((int)i == cur) {
			at_ = theme_attr(next && a == v->sel_actor ? TH_NEXT_OP : TH_CURRENT_OP);
			mvwhline(stdscr, y + (int)row, x, ' ' | at_, w - 1);
			draw_wtext(stdscr, y + (int)row, cx, 1, theme_glyph(GL_CURRENT, v->ascii), at_);
		}
		cx += 2;
		if (numbers)
			cx += draw_printf(stdscr, y + (int)row, cx, 5, (int)i == cur ? at_ : theme_attr(TH_DIM),
			    "%3d ", pa->ops[i].loc.line);
		view_op_text(v->prog, v->var, a, (int)i, buf, sizeof buf);
		draw_text(stdscr, y + (int)row, cx, w - (cx - x) - 1, buf, at_);
		row++;
	}
}

/* Does row R have a column in the every-actor program pane? */
static bool
program_row_shown(const struct view_model *v, const struct view_row *r)
{
	return r->kind == VIEW_ROW_ACTOR && v->var->actors[r->actor].nops > 1;
}

void
view_program_draw(const struct view_model *v, struct view_rect r)
{
	int y = r.y, x = r.x, h = r.h, w = r.w;
	size_t n = 0;
	int colw;
	char extra[96];

	for (size_t i = 0; i < v->nrows; i++)
		if (program_row_shown(v, &v->rows[i]))
			n++;
	colw = n ? w / (int)n : w;
	snprintf(extra, sizeof extra, v->prog_all ? _("(%s: the selected actor only)") : _("(%s: every actor)"),
	    keys_label_of(KC_VIEW, ACT_PROGRAM));
	if (v->prog_all && n > 1 && colw >= VIEW_PROGRAM_COL_MIN_W) {
		int cx = x;
		view_pane_title(y, x, w, _("Program"), extra);
		for (size_t i = 0; i < v->nrows; i++) {
			int a = v->rows[i].actor;
			if (!program_row_shown(v, &v->rows[i]))
				continue;
			draw_printf(stdscr, y + 1, cx, colw - 1,
			    a == v->sel_actor ? theme_attr(TH_SELECTED) | A_BOLD : A_BOLD, "%d %s", v->rows[i].number,
			    v->var->actors[a].name);
			program_column(v, a, y + 2, cx, h - 2, colw, false);
			cx += colw;
		}
		return;
	}
	{
		char t[160];
		if (VIEW_SEL_IS_GROUP(v->sel))  /* a family: its members all run these ops */
			snprintf(t, sizeof t, _("%s: %s (every member)"), _("Program"),
			    v->var->families[VIEW_SEL_FAMILY(v->sel)].name);
		else
			snprintf(t, sizeof t, "%s: %s", _("Program"), view_actor_name(v->var, v->sel_actor));
		view_pane_title(y, x, w, t, v->prog_all ? NULL : extra);
		program_column(v, v->sel_actor, y + 1, x, h - 1, w, true);
	}
}

/* Writes "A, B" for the actors in LIST into BUF. */
static const char *
actor_list(const struct view_model *v, const int16_t *list, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		int r = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", view_actor_name(v->var, list[i]));
		if (r < 0)
			break;
		len += (size_t)r;
	}
	return buf;
}

/* Collects the shared variables expression E reads into SEEN. */
static void
expr_shared(const struct prog_variant *var, int e, bool *seen, int depth)
{
	const struct prog_expr *x;

	if (e < 0 || (size_t)e >= var->nexprs || depth > 16)
		return;
	x = &var->exprs[e];
	if (x->kind == PROG_EX_SHARED && x->index >= 0 && (size_t)x->index < var->ndecls)
		seen[x->index] = true;
	if (x->kind == PROG_EX_UNARY || x->kind == PROG_EX_BINARY)
		expr_shared(var, x->lhs, seen, depth + 1);
	if (x->kind == PROG_EX_BINARY)
		expr_shared(var, x->rhs, seen, depth + 1);
}

/* Expectation results: -1 unknown, 0 not met, 1 met (from REC_EXPECT events near the end). */
static void
expect_results(const struct view_model *v, int *res, size_t n)
{
	size_t first = tl_first(v->tl), i = tl_end(v->tl), guard = 0;
	struct rec_event e;

	for (size_t k = 0; k < n; k++)
		res[k] = -1;
	while (i > first && guard++ < 4096) {
		i--;
		tl_event(v->tl, i, &e);
		if (e.kind == REC_EXPECT && e.res >= 0 && (size_t)e.res < n && res[e.res] < 0)
			res[e.res] = e.value ? 1 : 0;
		if (e.kind == REC_RUN_BEGIN)
			break;
	}
}

/* One shared resource as the state pane shows it, into BUF; false for kinds it does not show. */
static bool
state_res_text(const struct view_model *v, const struct prog_decl *pd, const struct tl_res_at *r,
    char *buf, size_t size, attr_t *a)
{
	char l1[200], l2[200];

	switch (pd->kind) {
	case PROG_VAR:
	case PROG_SHM:
		snprintf(buf, size, "%s = %" PRId64, pd->name, r->value);
		return true;
	case PROG_MUTEX:
		if (r->nholders == 0)
			snprintf(buf, size, _("%s: free"), pd->name);
		else if (r->nwaiters == 0)
			snprintf(buf, size, _("%s: held by %s"), pd->name,
			    actor_list(v, r->holders, r->nholders, l1, sizeof l1));
		else
			snprintf(buf, size, _("%s: held by %s; waiting: %s"), pd->name,
			    actor_list(v, r->holders, r->nholders, l1, sizeof l1),
			    actor_list(v, r->waiters, r->nwaiters, l2, sizeof l2));
		if (r->nwaiters)
			*a = theme_attr(TH_WARN);
		return true;
	case PROG_SEMAPHORE:
		snprintf(buf, size, _("%s: count %" PRId64 "; held by %s; waiting: %s"), pd->name,
		    (int64_t)pd->init - (int64_t)r->nholders,
		    r->nholders ? actor_list(v, r->holders, r->nholders, l1, sizeof l1) : "-",
		    r->nwaiters ? actor_list(v, r->waiters, r->nwaiters, l2, sizeof l2) : "-");
		return true;
	case PROG_RWLOCK:
		snprintf(buf, size, _("%s: held by %s; waiting: %s"), pd->name,
		    r->nholders ? actor_list(v, r->holders, r->nholders, l1, sizeof l1) : "-",
		    r->nwaiters ? actor_list(v, r->waiters, r->nwaiters, l2, sizeof l2) : "-");
		return true;
	case PROG_QUEUE: {
		/* how many first (a backlog of hundreds does not fit), then the oldest items */
		size_t len;
		if (pd->capacity > 0)
			len = (size_t)snprintf(buf, size, _("%s: %zu of %d ["), pd->name, r->nitems, pd->capacity);
		else
			len = (size_t)snprintf(buf, size, _("%s: %zu ["), pd->name, r->nitems);
		for (size_t i = 0; i < r->nitems && len < size - 24; i++)
			len += (size_t)snprintf(buf + len, size - len, "%s%" PRId64, i ? " " : "", r->items[i]);
		if (len < size - 1)
			snprintf(buf + len, size - len, "]");
		if (r->nitems > 0 && pd->capacity > 0 && (int)r->nitems >= pd->capacity)
			*a = theme_attr(TH_WARN);
		return true;
	}
	default:
		return false;
	}
}

/* The shared variables and resources; returns the next free row. */
static int
state_resources_draw(const struct view_model *v, int y, int x, int h, int w, int row)
{
	const struct prog_variant *var = v->var;
	const struct tl_at *at = v->at;
	char buf[512];

	for (size_t d = 0; d < var->ndecls && at && d < at->nres && row < h; d++) {
		const struct prog_decl *pd = &var->decls[d];
		attr_t a = theme_attr(TH_NORMAL);
		if (!state_res_text(v, pd, &at->res[d], buf, sizeof buf, &a))
			continue;
		if (pd->kind == PROG_MUTEX || pd->kind == PROG_SEMAPHORE || pd->kind == PROG_RWLOCK)
			draw_wtext(stdscr, y + row, x, 1, theme_glyph(GL_LOCK, v->ascii), a);
		draw_text(stdscr, y + row, x + 2, w - 2, buf, a);
		row++;
	}
	return row;
}

/* A deadlock: the cycle, actor -> what it waits for -> who holds it -> ...; returns the next free row. */
static int
state_deadlock_draw(const struct view_model *v, int y, int x, int h, int w, int row)
{
	const struct prog_variant *var = v->var;
	const struct tl_at *at = v->at;
	size_t len = 0;
	int start = -1, a;
	char buf[512];
	struct draw_line dl[6];
	size_t nl;

	if (at == NULL || row >= h)
		return row;
	for (size_t k = 0; k < at->nactors; k++)
		if (at->actors[k].state == REC_ST_DEADLOCKED) {
			start = (int)k;
			break;
		}
	if (start < 0)
		return row;
	a = start;
	draw_text(stdscr, y + row, x, w, _("DEADLOCK, a cycle of waits:"), theme_attr(TH_DEADLOCK));
	row++;
	buf[0] = '\0';
	for (size_t k = 0; k <= at->nactors && len < sizeof buf - 1; k++) {
		const struct tl_actor_at *s = &at->actors[a];
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s -> %s -> ",
		    view_actor_name(var, a), view_decl_name(var, s->res));
		if (s->other < 0 || (size_t)s->other >= at->nactors)
			break;
		a = s->other;
		if (a == start) {
			if (len < sizeof buf)
				snprintf(buf + len, sizeof buf - len, "%s", view_actor_name(var, a));
			break;
		}
	}
	nl = draw_wrap(buf, w, dl, 6);
	for (size_t k = 0; k < nl && k < 6 && row < h; k++, row++) {
		char seg[512];
		size_t sl = dl[k].len < sizeof seg - 1 ? dl[k].len : sizeof seg - 1;
		memcpy(seg, buf + dl[k].off, sl);
		seg[sl] = '\0';
		draw_text(stdscr, y + row, x, w, seg, theme_attr(TH_DEADLOCK));
	}
	return row;
}

/* The state at the end of the run, which the verdict was judged on: the
 * model's own state when it is at the end, else (the cursor moved back) one
 * computed for the end and kept until the run or its events change. */
static const struct tl_at *
state_final_at(const struct view_model *v)
{
	static struct tl_at *at;
	static const struct tl *tl;
	static size_t end;
	static uint64_t t_begin, t_end;

	if (!v->cursor_on)
		return v->at;
	if (at == NULL || tl != v->tl || end != tl_end(v->tl) || t_begin != tl_t_begin(v->tl) ||
	    t_end != tl_t_end(v->tl)) {
		tl_at_free(at);
		tl = v->tl;
		end = tl_end(tl);
		t_begin = tl_t_begin(tl);
		t_end = tl_t_end(tl);
		at = tl_at_new(tl, t_end);
	}
	return at;
}

/* What expectation I asks (WHAT) and the values it was judged on (VALS): the
 * final ones, wherever the cursor is. */
static void
state_expect_text(const struct view_model *v, size_t i, char *what, size_t wsize, char *vals, size_t vsize)
{
	const struct prog_variant *var = v->var;
	const struct prog_expect *pe = &var->expects[i];
	const struct tl_at *at = state_final_at(v);
	size_t vl = 0;

	vals[0] = '\0';
	switch (pe->kind) {
	case PROG_EXPECT_TRUE: {
		bool *seen = xcalloc(var->ndecls + 1, sizeof *seen);
		view_expr_text(var, -1, pe->expr, what, wsize);
		expr_shared(var, pe->expr, seen, 0);
		for (size_t d = 0; d < var->ndecls && at && d < at->nres; d++)
			if (seen[d] && vl < vsize - 1)
				vl += (size_t)snprintf(vals + vl, vsize - vl, "%s%s = %" PRId64,
				    vl ? ", " : "", var->decls[d].name, at->res[d].value);
		free(seen);
		break;
	}
	case PROG_EXPECT_DEADLOCK: snprintf(what, wsize, "deadlock"); break;
	case PROG_EXPECT_STALL: snprintf(what, wsize, "stall"); break;
	case PROG_EXPECT_LIVELOCK: snprintf(what, wsize, "livelock"); break;
	case PROG_EXPECT_LOSE: snprintf(what, wsize, "lose"); break;
	case PROG_EXPECT_FAIL: snprintf(what, wsize, "fail"); break;
	case PROG_EXPECT_NO_DEADLOCK: snprintf(what, wsize, "no deadlock"); break;
	case PROG_EXPECT_ELAPSED_LT:
	case PROG_EXPECT_ELAPSED_GT: {
		char d[32], e[32];
		snprintf(what, wsize, "elapsed %s %s", pe->kind == PROG_EXPECT_ELAPSED_LT ? "<" : ">",
		    view_dur_text((uint64_t)(pe->dur_ns > 0 ? pe->dur_ns : 0), d, sizeof d));
		snprintf(vals, vsize, "%s", view_dur_text(v->expect_actual && v->expect_actual[i] > 0 ?
		    (uint64_t)v->expect_actual[i] : tl_t_end(v->tl) - tl_t_begin(v->tl), e, sizeof e));
		break;
	}
	case PROG_EXPECT_COUNT:
	default: snprintf(what, wsize, "?"); break;
	}
}

/* Expectations, once the run has ended; returns the next free row. */
static int
state_expects_draw(const struct view_model *v, int y, int x, int h, int w, int row)
{
	const struct prog_variant *var = v->var;
	int *res;
	char buf[512];

	if (!v->finished || var->nexpects == 0 || row >= h)
		return row;
	res = xcalloc(var->nexpects, sizeof *res);
	expect_results(v, res, var->nexpects);
	if (v->expect_met)
		for (size_t i = 0; i < var->nexpects; i++)
			if (v->expect_met[i] >= 0)
				res[i] = v->expect_met[i];
	for (size_t i = 0; i < var->nexpects && row < h; i++) {
		char what[200], vals[200];
		/* a demonstration that did not happen was luck, not a failure */
		bool can = var->expects[i].mode == PROG_CAN, luck = can && res[i] == 0;
		attr_t a = res[i] == 1 ? theme_attr(TH_OK) : res[i] == 0 && !luck ? theme_attr(TH_BAD) : theme_attr(TH_DIM);
		state_expect_text(v, i, what, sizeof what, vals, sizeof vals);
		snprintf(buf, sizeof buf, "%s %s%s%s%s%s", res[i] == 1 ? (can ? _("shown: can") : _("met:"))
		    : luck ? _("not this time: can") : res[i] == 0 ? _("NOT met:") : _("expect:"),
		    what, vals[0] ? " (" : "", vals[0] && v->cursor_on ? _("at the end: ") : "", vals,
		    vals[0] ? ")" : "");
		draw_wtext(stdscr, y + row, x, 2, theme_glyph(res[i] == 1 ? GL_OK : GL_BAD, v->ascii), a);
		draw_text(stdscr, y + row, x + 3, w - 3, buf, a);
		row++;
	}
	free(res);
	return row;
}

int
view_busy_draw(const struct view_model *v, int y, int x, int h, int w, int row)
{
	char note[300];
	struct draw_line lines[4];
	size_t n;

	if (!v->finished || v->busy_late_ns <= 0 || row >= h || w < 8)
		return row;
	run_out_busy_text(v->busy_late_ns, note, sizeof note);
	n = draw_wrap(note, w - 3, lines, 4);
	draw_wtext(stdscr, y + row, x, 2, theme_glyph(GL_BAD, v->ascii), theme_attr(TH_WARN));
	for (size_t i = 0; i < n && i < 4 && row < h; i++, row++) {
		char buf[300];
		snprintf(buf, sizeof buf, "%.*s", (int)lines[i].len, note + lines[i].off);
		draw_text(stdscr, y + row, x + 3, w - 3, buf, theme_attr(TH_WARN));
	}
	return row;
}

/* A selected family: how many of its members are in each state. */
static int
state_group_draw(const struct view_model *v, int y, int x, int h, int w, int row)
{
	const struct prog_family *pf;
	char buf[256];
	size_t len;

	if (v->sel_counts == NULL || row >= h)
		return row;
	pf = &v->var->families[VIEW_SEL_FAMILY(v->sel)];
	len = (size_t)snprintf(buf, sizeof buf, "%s:", pf->name);
	for (int s = 0; s < REC_ST_COUNT && len < sizeof buf; s++)
		if (v->sel_counts[s] > 0)
			len += (size_t)snprintf(buf + len, sizeof buf - len, " %u %s", v->sel_counts[s],
			    view_state_name((enum rec_state)s));
	draw_text(stdscr, y + row, x, w, buf, theme_attr(TH_NORMAL) | A_BOLD);
	return row + 1;
}

void
view_state_draw(const struct view_model *v, struct view_rect r)
{
	int row = 1;

	view_pane_title(r.y, r.x, r.w, _("State"), v->cursor_on ? _("(at the cursor)") : NULL);
	row = state_group_draw(v, r.y, r.x, r.h, r.w, row);
	row = state_resources_draw(v, r.y, r.x, r.h, r.w, row);
	row = state_deadlock_draw(v, r.y, r.x, r.h, r.w, row);
	row = state_expects_draw(v, r.y, r.x, r.h, r.w, row);
	view_busy_draw(v, r.y, r.x, r.h, r.w, row);
}

/* The text of a say line in the user's language. */
static const char *
say_text(const struct view_model *v, int64_t i)
{
	if (i < 0 || (size_t)i >= v->prog->ntexts)
		return "";
	return prog_text_get(&v->prog->texts[i], prog_lang());
}

void
view_narration_draw(const struct view_model *v, struct view_rect r)
{
	int y = r.y, x = r.x, h = r.h, w = r.w;
	uint64_t t = v->cursor_on ? v->cursor + 1 : TL_TIME_MAX;
	size_t i = t == TL_TIME_MAX ? tl_end(v->tl) : tl_find(v->tl, t), idx[32];
	size_t nsay = tl_says(v->tl, i, idx, h > 32 ? 32 : (size_t)(h > 0 ? h : 0));
	int row = h - 1;  /* fill from the bottom: the newest line is last */
	struct rec_event e;
	struct draw_line lines[32];

	view_pane_title(y, x, w, _("Narration"), NULL);
	for (size_t s = 0; s < nsay && row >= 1; s++) {
		char line[1024];
		size_t nl;
		tl_event(v->tl, idx[s], &e);
		snprintf(line, sizeof line, "%s: %s", view_actor_name(v->var, e.actor), say_text(v, e.value));
		nl = draw_wrap(line, w - 3, lines, 32);  /* continuation lines are indented by 2 */
		if (nl > 32)
			nl = 32;
		for (size_t k = nl; k-- > 0 && row >= 1;) {
			char seg[1024];
			size_t len = lines[k].len < sizeof seg - 1 ? lines[k].len : sizeof seg - 1;
			memcpy(seg, line + lines[k].off, len);
			seg[len] = '\0';
			draw_text(stdscr, y + row, x + (k ? 2 : 0), w - (k ? 2 : 0), seg,
			    row == h - 1 && !v->cursor_on ? A_BOLD : theme_attr(TH_NORMAL));
			row--;
		}
	}
}

/* Events the log leaves out: they are drawn elsewhere (rows, program pane),
 * or are samples (threads, memory: the metric strips draw them where a lesson
 * is about them; the log would open with them and repeat them). */
static bool
log_shown(const struct rec_event *e)
{
	return e->kind != REC_OP && e->kind != REC_STATE && e->kind != REC_MIGRATE && e->kind != REC_SAY &&
	    e->kind != REC_METRIC;
}

static enum theme_role
log_role(const struct rec_event *e)
{
	switch ((enum rec_kind)e->kind) {
	case REC_LOST_UPDATE:
	case REC_DEADLOCK:
	case REC_ASSERT_FAIL:
	case REC_CRITICAL:
		return TH_BAD;
	case REC_EXPECT:
		return e->value ? TH_OK : TH_BAD;
	case REC_WAKE:
	case REC_LOCK_ACQUIRE:
		return TH_OK;
	case REC_LOCK_WAIT:
		return TH_WARN;
	default:
		return TH_NORMAL;
	}
}

void
view_log_draw(const struct view_model *v, struct view_rect r)
{
	int y = r.y, x = r.x, h = r.h, w = r.w;
	uint64_t t = v->cursor_on ? v->cursor + 1 : TL_TIME_MAX;
	size_t first = tl_first(v->tl), i = t == TL_TIME_MAX ? tl_end(v->tl) : tl_find(v->tl, t);
	size_t guard = 0;
	uint64_t begin = tl_t_begin(v->tl);
	int row = h - 1;
	struct rec_event e;
	char buf[300], tb[32];

	view_pane_title(y, x, w, _("Events"), tl_dropped(v->tl) ? _("(oldest dropped)") : NULL);
	while (i > first && row >= 1 && guard++ < 200000) {
		int n;
		i--;
		tl_event(v->tl, i, &e);
		if (!log_shown(&e))
			continue;
		n = draw_printf(stdscr, y + row, x, 9, theme_attr(TH_DIM), "%8s",
		    view_dur_text(e.t_ns - begin, tb, sizeof tb));
		draw_text(stdscr, y + row, x + n + 1, w - n - 1, view_event_text(v->prog, v->var, &e, buf, sizeof buf),
		    theme_attr(log_role(&e)));
		row--;
	}
}

void
view_details_draw(const struct view_model *v, struct view_rect r)
{
	int y = r.y, x = r.x, h = r.h, w = r.w;
	uint64_t t0, t1, begin = tl_t_begin(v->tl);
	size_t i, end = tl_end(v->tl);
	int row = 1;
	struct rec_event e;
	char buf[300], tb[32];

	if (v->cursor_on && v->cursor_col >= 0) {
		t0 = v->c0;  /* the cursor's column, on the frame's axis */
		t1 = v->c1;
	} else if (v->cursor_on && v->lay.cells_w > 0) {
		uint64_t cw = (v->lay.t1 - v->lay.t0) / (uint64_t)v->lay.cells_w + 1;
		t0 = v->cursor;
		t1 = v->cursor + cw;
	} else {
		t0 = v->lay.t0;
		t1 = v->lay.t1;
	}
	snprintf(buf, sizeof buf, _("(%s closes)"), keys_label_of(KC_VIEW, ACT_BACK));
	view_pane_title(y, x, w, _("Details: the events under the cursor"), buf);
	for (i = tl_find(v->tl, t0); i < end && row < h; i++) {
		tl_event(v->tl, i, &e);
		if (e.t_ns >= t1)
			break;
		if (!v->cursor_on && !view_model_sel_has(v, e.actor))
			continue;
		draw_printf(stdscr, y + row, x, 12, theme_attr(TH_DIM), "%10s",
		    view_dur_text(e.t_ns - begin, tb, sizeof tb));
		draw_text(stdscr, y + row, x + 12, w - 12, view_event_text(v->prog, v->var, &e, buf, sizeof buf),
		    theme_attr(log_role(&e)));
		row++;
	}
	if (row == 1) {
		snprintf(buf, sizeof buf, _("No events here: move the cursor with %s and %s or a click."),
		    keys_label_of(KC_VIEW, ACT_CURSOR_LEFT), keys_label_of(KC_VIEW, ACT_CURSOR_RIGHT));
		draw_text(stdscr, y + 1, x, w, buf, theme_attr(TH_DIM));
	}
}

