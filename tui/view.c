/* view.c: the scenario view: its state, its layout, the header and the key-hint bar. */
#include "config.h"

#include "view.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt.h"
#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "theme.h"
#include "xalloc.h"

/* Appends actor A and, after it, the actors whose parent it is. */
static void
view_order_add(struct view *v, int a, int depth, int guard)
{
	const struct prog_variant *var = v->var;

	if (guard > 8 || v->norder >= var->nactors)
		return;
	v->order[v->norder++] = a;
	v->depth[a] = depth;
	for (size_t c = 0; c < var->nactors; c++)
		if (var->actors[c].parent == a && (int)c != a)
			view_order_add(v, (int)c, depth + 1, guard + 1);
}

void
view_init(struct view *v, const struct prog *prog, int variant, struct tl *tl)
{
	const struct prog_variant *var = &prog->variants[variant];
	bool *seen;

	memset(v, 0, sizeof *v);
	v->prog = prog;
	v->var = var;
	v->variant = variant;
	v->tl = tl;
	v->snap = snap_new(tl);
	v->speed = 1.0;
	v->follow = true;
	v->prog_all = true;
	v->order = xcalloc(var->nactors + 1, sizeof *v->order);
	v->depth = xcalloc(var->nactors + 1, sizeof *v->depth);
	for (size_t a = 0; a < var->nactors; a++)
		if (var->actors[a].parent < 0 || (size_t)var->actors[a].parent >= var->nactors)
			view_order_add(v, (int)a, 0, 0);
	/* Anything unreachable (a parent cycle in bad input) still gets a row. */
	seen = xcalloc(var->nactors + 1, sizeof *seen);
	for (size_t i = 0; i < v->norder; i++)
		seen[v->order[i]] = true;
	for (size_t a = 0; a < var->nactors && v->norder < var->nactors; a++)
		if (!seen[a])
			v->order[v->norder++] = (int)a;
	free(seen);
	v->ascii = crt_ascii();
}

void
view_done(struct view *v)
{
	snap_free(v->snap);
	v->snap = NULL;
	free(v->order);
	free(v->depth);
	free(v->expect_met);
	free(v->expect_actual);
	v->order = v->depth = NULL;
	v->expect_met = NULL;
	v->expect_actual = NULL;
}

uint64_t
view_end(const struct view *v)
{
	uint64_t end = tl_t_end(v->tl);

	return v->live_now > end ? v->live_now : end;
}

void
view_window(const struct view *v, uint64_t *t0, uint64_t *t1)
{
	uint64_t begin = tl_t_begin(v->tl), end = view_end(v), span;

	if (end < begin)
		end = begin;
	span = v->span;
	if (span == 0) {
		span = end - begin;
		span += span / 16;  /* a little room at the live end */
		if (span < 1000000)
			span = 1000000;
		*t0 = begin;
		*t1 = begin + span;
		return;
	}
	if (v->follow) {
		*t1 = end > begin + span ? end : begin + span;
		*t0 = *t1 - span;
	} else {
		*t0 = v->left < begin ? begin : v->left;
		*t1 = *t0 + span;
	}
}

bool
view_time_at(const struct view *v, int x, uint64_t *t)
{
	const struct view_layout *l = &v->lay;

	if (l->cells_w <= 0 || x < l->cells_x || x >= l->cells_x + l->cells_w)
		return false;
	*t = l->t0 + (uint64_t)((double)(l->t1 - l->t0) * (x - l->cells_x) / l->cells_w);
	return true;
}

int
view_actor_at(const struct view *v, int y)
{
	const struct view_layout *l = &v->lay;
	int i = y - l->rows_y;

	if (i < 0 || i >= l->nrows || (size_t)(l->first + i) >= v->norder)
		return -1;
	return v->order[l->first + i];
}

static void
view_header_draw(const struct view *v, int w)
{
	static const char *const modes[] = { N_("LIVE"), N_("STEP"), N_("REPLAY") };
	static const enum theme_role mode_roles[] = { TH_MODE_LIVE, TH_MODE_STEP, TH_MODE_REPLAY };
	attr_t bar = theme_attr(TH_BAR);
	const char *title = prog_text_get(&v->prog->title, prog_lang());
	const char *vt = prog_text_get(&v->var->title, prog_lang());
	char t[32], right[96], var[160], mode[32];
	int x = 0, rw, mw, vw;
	uint64_t now = view_end(v) - tl_t_begin(v->tl);

	/* Right to left: what matters most must not be cut: mode, speed or step, time, state. */
	snprintf(mode, sizeof mode, " %s ", _(modes[v->mode]));
	if (v->mode == VIEW_LIVE)
		snprintf(right, sizeof right, " x%.3g  t=%s %s", v->speed, view_dur_text(now, t, sizeof t),
		    v->finished ? _("END") : v->paused ? _("PAUSED") : "");
	else if (v->mode == VIEW_STEP)
		snprintf(right, sizeof right, _(" step %u  t=%s %s"), v->steps, view_dur_text(now, t, sizeof t),
		    v->finished ? _("END") : "");
	else
		snprintf(right, sizeof right, "  t=%s ", view_dur_text(now, t, sizeof t));
	snprintf(var, sizeof var, " [%d/%zu %s: %s] ", v->variant + 1, v->prog->nvariants, v->var->name,
	    vt && *vt ? vt : v->var->name);
	rw = draw_width(right);
	mw = draw_width(mode);
	vw = draw_width(var);
	mvwhline(stdscr, 0, 0, ' ' | bar, w);
	x += draw_printf(stdscr, 0, x, w - rw - mw, bar | A_BOLD, " %s ", v->prog->name ? v->prog->name : "?");
	if (vw > w - rw - mw - x)
		vw = w - rw - mw - x;
	if (title && *title && w - rw - mw - x - vw > 8)
		x += draw_text(stdscr, 0, x, w - rw - mw - x - vw, title, bar);
	x += draw_text(stdscr, 0, x, vw, var, bar);
	x = w - rw - mw;
	x += draw_text(stdscr, 0, x, mw, mode, theme_attr(mode_roles[v->mode]));
	draw_text(stdscr, 0, x, rw, right, (v->finished || v->paused) ? bar | A_BOLD : bar);
}

struct view_hint {
	enum keys_action action;
	const char *text;
};

static void
view_hints_draw(const struct view *v, int y, int w)
{
	static const struct view_hint live[] = {
		{ ACT_PAUSE, N_("pause") }, { ACT_STEP_MODE, N_("step mode") },
		{ ACT_VARIANT, N_("variant") }, { ACT_COMPARE, N_("compare") },
		{ ACT_FASTER, N_("faster") }, { ACT_SLOWER, N_("slower") },
		{ ACT_CURSOR_LEFT, N_("cursor") }, { ACT_RESTART, N_("restart") },
		{ ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
	};
	static const struct view_hint step[] = {
		{ ACT_STEP, N_("step selected") }, { ACT_STEP_AUTO, N_("policy picks") },
		{ ACT_SEL_NEXT, N_("select") }, { ACT_UNDO, N_("undo") },
		{ ACT_STEP_MODE, N_("live") }, { ACT_RESTART, N_("restart") },
		{ ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
	};
	static const struct view_hint replay[] = {
		{ ACT_CURSOR_LEFT, N_("back") }, { ACT_CURSOR_RIGHT, N_("forward") },
		{ ACT_NEXT_EVENT, N_("next event") }, { ACT_ZOOM_IN, N_("zoom") }, { ACT_PAN_LEFT, N_("pan") },
		{ ACT_DETAILS, N_("details") }, { ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
	};
	const struct view_hint *h = v->mode == VIEW_STEP ? step : v->mode == VIEW_REPLAY ? replay : live;
	size_t n = v->mode == VIEW_STEP ? sizeof step / sizeof step[0] :
	    v->mode == VIEW_REPLAY ? sizeof replay / sizeof replay[0] : sizeof live / sizeof live[0];
	attr_t bar = theme_attr(TH_BAR), key = theme_attr(TH_BAR_KEY);
	int x = 0;

	mvwhline(stdscr, y, 0, ' ' | bar, w);
	if (v->status[0]) {
		draw_printf(stdscr, y, 0, w, bar | A_BOLD, " %s", v->status);
		return;
	}
	for (size_t i = 0; i < n && x < w; i++) {
		const char *label = keys_label_of(KC_VIEW, h[i].action);
		int need = draw_width(label) + draw_width(_(h[i].text)) + 2;
		if (x + need > w)
			break;
		x += draw_text(stdscr, y, x, w - x, label, key);
		x += draw_printf(stdscr, y, x, w - x, bar, " %s ", _(h[i].text));
	}
}

/* The snapshot the panes show: at the cursor, else at the live end. */
static const struct tl_at *
view_at(const struct view *v)
{
	return snap_at(v->snap, v->cursor_on ? v->cursor : tl_t_end(v->tl));
}

void
view_draw(struct view *v)
{
	int h = LINES, w = COLS, tl_h, body, by, bh, pw, rw, sh, nh;
	const struct tl_at *at;
	int ncpu;

	werase(stdscr);
	v->ascii = crt_ascii();  /* the terminal may have been set up after view_init */
	if (crt_too_small()) {
		view_small_draw();
		return;
	}
	view_header_draw(v, w);
	view_hints_draw(v, h - 1, w);
	body = h - 2;
	if (v->compare) {
		view_compare_draw(v, 1, 0, body, w);
		if (v->help)
			view_help_draw(1, 0, body, w, v->help_top);
		return;
	}
	ncpu = tl_ncpus(v->tl);
	if (ncpu > 4)
		ncpu = 4;
	/* Timeline: title+ruler, a row per actor, the CPU lanes; at most ~55% of the body. */
	tl_h = 1 + (int)v->norder + (ncpu > 0 ? ncpu : 0);
	if (tl_h > body - 11)
		tl_h = body - 11;
	if (tl_h < 4)
		tl_h = 4;
	view_timeline_draw(v, 1, 0, tl_h, w);
	by = 1 + tl_h;
	bh = body - tl_h;
	at = view_at(v);
	if (v->details) {
		view_details_draw(v, by, 0, bh, w);
	} else {
		/* Program | state over narration; the event log across the bottom. */
		int lh = bh / 3 < 4 ? 4 : bh / 3, uh = bh - lh;
		pw = w / 2;
		rw = w - pw - 1;
		view_program_draw(v, at, by, 0, uh, pw);
		for (int i = 0; i < uh; i++)
			draw_fill(stdscr, by + i, pw, 1, theme_glyph(GL_VLINE, v->ascii), theme_attr(TH_DIM));
		sh = uh / 2;
		nh = uh - sh;
		view_state_draw(v, at, by, pw + 1, sh, rw);
		view_narration_draw(v, by + sh, pw + 1, nh, rw);
		view_log_draw(v, by + uh, 0, lh, w);
	}
	if (v->help)
		view_help_draw(1, 0, body, w, v->help_top);
}

void
view_small_draw(void)
{
	char buf[160];
	int y = LINES / 2 - 1;

	werase(stdscr);
	if (y < 0)
		y = 0;
	snprintf(buf, sizeof buf, _("Please enlarge the terminal to at least %dx%d"), CRT_MIN_COLS, CRT_MIN_LINES);
	draw_text(stdscr, y, 0, COLS, buf, theme_attr(TH_WARN));
	snprintf(buf, sizeof buf, _("(now %dx%d; q quits)"), COLS, LINES);
	if (y + 1 < LINES)
		draw_text(stdscr, y + 1, 0, COLS, buf, theme_attr(TH_NORMAL));
}
