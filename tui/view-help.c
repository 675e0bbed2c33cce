/* view-help.c: the help overlay: every help line of the key table (keys.c), the
 * same table that dispatches the keys and that `kitchensync --keys` prints. */
#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "crt.h"
#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "theme.h"
#include "tl-text.h"
#include "view-draw.h"

/* The legend at the top of the overlay: the state glyphs (the headless
 * timeline's table, tl-text.h) on two lines, the marks on a third. */
#define VIEW_HELP_LEGEND_ROWS 3
#define VIEW_HELP_LEGEND_SPLIT 7  /* states on the first line */

/* Draws glyph G and NAME at (Y, *X) within [.., END); advances *X. */
static void
view_help_item(int y, int *x, int end, const wchar_t *g, attr_t ga, const char *name)
{
	int need = 1 + 1 + draw_width(name) + 2;
	if (*x + need > end)
		return;
	*x += draw_wtext(stdscr, y, *x, 1, g, ga);
	*x += 1;
	*x += draw_text(stdscr, y, *x, end - *x, name, theme_attr(TH_NORMAL));
	*x += 2;
}

static void
view_help_legend(int y, int x, int w, bool ascii)
{
	size_t n, nm;
	const uint8_t *st = tl_text_legend_states(&n), *mk = theme_mark_kinds(&nm);
	const char *lab[] = { _("States:"), _("Marks:") };
	int lw = draw_width(lab[0]) > draw_width(lab[1]) ? draw_width(lab[0]) : draw_width(lab[1]);
	int cx, end = x + w;

	draw_text(stdscr, y, x, lw, lab[0], theme_attr(TH_TITLE));
	draw_text(stdscr, y + 2, x, lw, lab[1], theme_attr(TH_TITLE));
	for (size_t i = 0, line = 0; i < n; i++) {
		if (i == 0 || i == VIEW_HELP_LEGEND_SPLIT)
			cx = x + lw + 1;
		line = i >= VIEW_HELP_LEGEND_SPLIT;
		view_help_item(y + (int)line, &cx, end, theme_state_glyph(st[i], ascii),
		    theme_attr(theme_state_role(st[i])), _(tl_text_glyph(st[i])->name));
	}
	cx = x + lw + 1;
	for (size_t i = 0; i < nm; i++)
		view_help_item(y + 2, &cx, end, theme_event_glyph(mk[i], ascii),
		    theme_attr(TH_HIGHLIGHT), theme_mark_name(mk[i]));
}

int
view_help_max_top(int h)
{
	size_t n;
	const struct keys_entry *t = keys_table(&n);
	int lines = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].help != NULL)
			lines++;
	if (h > VIEW_HELP_LEGEND_ROWS + 4)
		h -= VIEW_HELP_LEGEND_ROWS + 1;  /* the legend above the keys */
	return lines - (h - 2) > 0 ? lines - (h - 2) : 0;
}

int
view_help_draw(int y, int x, int h, int w, int top)
{
	size_t n;
	const struct keys_entry *t = keys_table(&n);
	int bw = w > 100 ? 100 : w, bx = x + (w - bw) / 2, row = 1, kw = 18, maxtop = view_help_max_top(h);
	char labels[64], title[160];
	const bool ascii = crt_ascii();

	if (top > maxtop)
		top = maxtop;
	if (top < 0)
		top = 0;
	for (int r = 0; r < h; r++)
		mvwhline(stdscr, y + r, bx, ' ' | theme_attr(TH_NORMAL), bw);
	snprintf(title, sizeof title, _("Keys (%s or %s closes; mouse: click a row or the time axis, wheel pans)"),
	    keys_label_of(KC_HELP, ACT_HELP), keys_label_of(KC_HELP, ACT_BACK));
	draw_printf(stdscr, y, bx + 1, bw - 2, theme_attr(TH_TITLE), "%s", title);
	if (h > VIEW_HELP_LEGEND_ROWS + 4) {
		view_help_legend(y + row, bx + 1, bw - 2, ascii);
		row += VIEW_HELP_LEGEND_ROWS + 1;
	}
	for (size_t i = 0, k = 0; i < n && row < h - 1; i++) {
		if (t[i].help == NULL)
			continue;
		if ((int)k++ < top)
			continue;
		draw_text(stdscr, y + row, bx + 1, kw - 1, keys_labels(i, labels, sizeof labels), theme_attr(TH_OK));
		draw_text(stdscr, y + row, bx + 1 + kw, bw - kw - 2, _(t[i].help), theme_attr(TH_NORMAL));
		row++;
	}
	if (top < maxtop) {
		snprintf(title, sizeof title, _("more: %s"), keys_label_of(KC_HELP, ACT_SCROLL_DOWN));
		draw_printf(stdscr, y + h - 1, bx + 1, bw - 2, theme_attr(TH_DIM), "%ls %s",
		    theme_glyph(GL_ARROW_DOWN, ascii), title);
	}
	return maxtop;
}
