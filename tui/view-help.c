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
#include "view-draw.h"

int
view_help_max_top(int h)
{
	size_t n;
	const struct keys_entry *t = keys_table(&n);
	int lines = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].help != NULL)
			lines++;
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
