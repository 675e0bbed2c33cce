/* view-bar.c: the header (scenario, variant, mode, time), the key-hint bar
 * (its keys looked up in the key table) and the "enlarge the terminal" screen. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "crt.h"
#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "learn.h"
#include "theme.h"
#include "tl-text.h"
#include "view-draw.h"
#include "view-text.h"
#include "xalloc.h"

/* Draws TEXT in at most MAXW columns: whole when it fits, else up to its last whole word (or
 * wide character) that leaves room for an ellipsis, and the ellipsis; returns columns drawn. */
static int
view_bar_cut_draw(const struct view_model *m, int y, int x, int maxw, const char *text, attr_t a)
{
	struct draw_line line;
	int n;

	if (maxw <= 0)
		return 0;
	if (draw_width(text) <= maxw)
		return draw_text(stdscr, y, x, maxw, text, a);
	if (maxw < 2 || draw_wrap(text, maxw - 1, &line, 1) == 0)
		return 0;
	while (line.len > 0 && text[line.off + line.len - 1] == ' ') {
		line.len--;  /* no space before the ellipsis */
		line.cols--;
	}
	{
		char *head = xstrndup(text + line.off, line.len);
		n = draw_text(stdscr, y, x, maxw - 1, head, a);
		free(head);
	}
	n += draw_wtext(stdscr, y, x + n, 1, theme_glyph(GL_ELLIPSIS, m->ascii), a);
	return n;
}

void
view_bar_header_draw(const struct view_model *m, struct view_rect r)
{
	static const char *const modes[] = { N_("LIVE"), N_("STEP"), N_("REPLAY") };
	static const enum theme_role mode_roles[] = { TH_MODE_LIVE, TH_MODE_STEP, TH_MODE_REPLAY };
	attr_t bar = theme_attr(TH_BAR);
	const char *title = prog_text_get(&m->prog->title, prog_lang());
	const char *vt = prog_text_get(&m->var->title, prog_lang());
	char t[32], right[96], var[160], mode[32];
	int x = r.x, w = r.w, y = r.y, rw, mw, vw;
	uint64_t now = m->end - tl_t_begin(m->tl);

	/* Right to left: what matters most must not be cut: mode, speed or step, time, state. */
	snprintf(mode, sizeof mode, " %s ", _(modes[m->mode]));
	if (m->mode == VIEW_LIVE)
		snprintf(right, sizeof right, " x%.3g  t=%s %s", m->speed, view_dur_text(now, t, sizeof t),
		    m->finished ? _("END") : m->paused ? _("PAUSED") : "");
	else if (m->mode == VIEW_STEP)
		snprintf(right, sizeof right, _(" step %u  t=%s %s"), m->steps, view_dur_text(now, t, sizeof t),
		    m->finished ? _("END") : "");
	else
		snprintf(right, sizeof right, "  t=%s ", view_dur_text(now, t, sizeof t));
	snprintf(var, sizeof var, " [%d/%zu %s: %s] ", m->variant + 1, m->prog->nvariants, m->var->name,
	    vt && *vt ? vt : m->var->name);
	rw = draw_width(right);
	mw = draw_width(mode);
	vw = draw_width(var);
	mvwhline(stdscr, y, r.x, ' ' | bar, w);
	x += draw_printf(stdscr, y, x, w - rw - mw, bar | A_BOLD, " %s ", m->prog->name ? m->prog->name : "?");
	if (vw > w - rw - mw - x)
		vw = w - rw - mw - x;
	if (title && *title && w - rw - mw - x - vw > 8)
		x += view_bar_cut_draw(m, y, x, w - rw - mw - x - vw, title, bar);
	x += draw_text(stdscr, y, x, vw, var, bar);
	x = w - rw - mw;
	x += draw_text(stdscr, y, x, mw, mode, theme_attr(mode_roles[m->mode]));
	draw_text(stdscr, y, x, rw, right, (m->finished || m->paused) ? bar | A_BOLD : bar);
}

/* A hint on the bar: an action (its key comes from the key table) and a word for it. */
struct view_hint {
	enum keys_action action;
	const char *text;
};

static const struct view_hint view_hints_live[] = {
	{ ACT_PAUSE, N_("pause") }, { ACT_STEP_MODE, N_("step mode") },
	{ ACT_VARIANT, N_("variant") }, { ACT_COMPARE, N_("compare") },
	{ ACT_FASTER, N_("faster") }, { ACT_SLOWER, N_("slower") },
	{ ACT_CURSOR_LEFT, N_("cursor") }, { ACT_RESTART, N_("restart") },
	{ ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
};
static const struct view_hint view_hints_step[] = {
	{ ACT_STEP, N_("step selected") }, { ACT_STEP_AUTO, N_("policy picks") },
	{ ACT_SEL_NEXT, N_("select") }, { ACT_UNDO, N_("undo") },
	{ ACT_STEP_MODE, N_("live") }, { ACT_RESTART, N_("restart") },
	{ ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
};
static const struct view_hint view_hints_challenge[] = {
	{ ACT_STEP, N_("step selected") }, { ACT_SEL_NEXT, N_("select") },
	{ ACT_UNDO, N_("undo") }, { ACT_HINT, N_("hint") },
	{ ACT_RESTART, N_("restart") }, { ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
};
static const struct view_hint view_hints_ask[] = {
	{ ACT_ASK_ANSWER, N_("answer") }, { ACT_ASK_NEXT, N_("next choice") },
	{ ACT_ASK_ERASE, N_("erase") }, { ACT_BACK, N_("skip") },
	{ ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
};
static const struct view_hint view_hints_replay[] = {
	{ ACT_CURSOR_LEFT, N_("back") }, { ACT_CURSOR_RIGHT, N_("forward") },
	{ ACT_NEXT_EVENT, N_("next event") }, { ACT_ZOOM_IN, N_("zoom") }, { ACT_PAN_LEFT, N_("pan") },
	{ ACT_DETAILS, N_("details") }, { ACT_HELP, N_("help") }, { ACT_QUIT, N_("quit") },
};

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* The one-line key of the state glyphs (the headless timeline's table, as
 * in the help overlay), right-aligned on the hint bar from X to END, when
 * every state fits; nothing when they do not. */
static void
view_bar_key_draw(const struct view_model *m, int y, int x, int end)
{
	size_t n;
	const uint8_t *st = tl_text_legend_states(&n);
	int need = 0;

	if (m->var == NULL || m->var->nfamilies == 0)
		n -= 2;  /* timed out and refused: family members only */
	for (size_t i = 0; i < n; i++)
		need += 1 + 1 + draw_width(_(tl_text_glyph(st[i])->name)) + 2;
	if (x + 2 + need > end)
		return;
	x = end - need;
	for (size_t i = 0; i < n; i++) {
		x += draw_wtext(stdscr, y, x, 1, theme_state_glyph(st[i], m->ascii),
		    theme_attr(theme_state_role(st[i])));
		x += draw_printf(stdscr, y, x, end - x, theme_attr(TH_BAR), " %s  ",
		    _(tl_text_glyph(st[i])->name));
	}
}

void
view_bar_hints_draw(const struct view_model *m, struct view_rect r)
{
	const struct view_hint *h = m->mode == VIEW_STEP ? view_hints_step :
	    m->mode == VIEW_REPLAY ? view_hints_replay : view_hints_live;
	size_t n = m->mode == VIEW_STEP ? N_OF(view_hints_step) :
	    m->mode == VIEW_REPLAY ? N_OF(view_hints_replay) : N_OF(view_hints_live);
	attr_t bar = theme_attr(TH_BAR), key = theme_attr(TH_BAR_KEY);
	int x = r.x, y = r.y, w = r.w;
	unsigned ctx = KC_VIEW;

	if (m->learn && m->mode == VIEW_STEP && learn_has_challenge(m->learn)) {
		h = view_hints_challenge;  /* a challenge: its hint key instead of the policy's pick */
		n = N_OF(view_hints_challenge);
	}
	if (m->learn && learn_asking(m->learn)) {
		/* A question waits: its keys, not the run's. */
		h = view_hints_ask;
		n = N_OF(view_hints_ask);
		ctx = KC_ASK;
	}

	mvwhline(stdscr, y, r.x, ' ' | bar, w);
	if (m->status[0]) {
		draw_printf(stdscr, y, r.x, w, bar | A_BOLD, " %s", m->status);
		return;
	}
	if (VIEW_SEL_IS_GROUP(m->sel)) {
		/* a family's group row is selected: say how to open it */
		x += draw_text(stdscr, y, x, w - x, keys_label_of(KC_VIEW, ACT_GROUP), key);
		x += draw_printf(stdscr, y, x, w - x, bar, " %s ", _("open/fold"));
	}
	for (size_t i = 0; i < n && x < w; i++) {
		const char *label = keys_label_of(ctx, h[i].action);
		int need = draw_width(label) + draw_width(_(h[i].text)) + 2;
		if (x + need > w)
			break;
		x += draw_text(stdscr, y, x, w - x, label, key);
		x += draw_printf(stdscr, y, x, w - x, bar, " %s ", _(h[i].text));
	}
	view_bar_key_draw(m, y, x, r.x + w);
}

void
view_bar_small_draw(void)
{
	char buf[160];
	int y = LINES / 2 - 1;

	werase(stdscr);
	if (y < 0)
		y = 0;
	snprintf(buf, sizeof buf, _("Please enlarge the terminal to at least %dx%d"), CRT_MIN_COLS, CRT_MIN_LINES);
	draw_text(stdscr, y, 0, COLS, buf, theme_attr(TH_WARN));
	snprintf(buf, sizeof buf, _("(now %dx%d; %s quits)"), COLS, LINES, keys_label_of(KC_VIEW, ACT_QUIT));
	if (y + 1 < LINES)
		draw_text(stdscr, y + 1, 0, COLS, buf, theme_attr(TH_NORMAL));
}
