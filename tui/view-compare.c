/* view-compare.c: every variant's run stacked on one time axis, from the frame's model. */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>

#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "theme.h"
#include "view-draw.h"
#include "view-text.h"

void
view_compare_draw(const struct view_model *m, struct view_rect r)
{
	int y = r.y, x = r.x, h = r.h, w = r.w, lw = m->cmp_label_w, cw = w - lw, row = 1;
	char tb[32], back[64];

	snprintf(back, sizeof back, _("(%s or %s: back)"), keys_label_of(KC_VIEW, ACT_COMPARE),
	    keys_label_of(KC_VIEW, ACT_BACK));
	view_pane_title(y, x, w, _("Every variant on one time axis"), back);
	for (size_t i = 0; i < m->ncmp && row < h; i++) {
		const struct view_model_cmp *c = &m->cmp[i];
		const struct prog_variant *var = tl_variant(c->tl);
		const char *title = prog_text_get(&var->title, prog_lang());
		int64_t outcome;
		int endc = (int)((double)c->len * cw / (double)m->cmp_span);
		draw_printf(stdscr, y + row, x, w, A_BOLD, "%s: %s  %s %s%s", var->name, title ? title : "",
		    _("total"), view_dur_text(c->len, tb, sizeof tb),
		    tl_ended(c->tl, &outcome) ? "" : tl_t_end(c->tl) == 0 ? _(" (waits its turn)") : _(" (running)"));
		row++;
		if (c->totals[0] && row < h) {
			draw_text(stdscr, y + row, x + 2, w - 2, c->totals, theme_attr(TH_NORMAL));
			row++;
		}
		if (c->busy[0] && row < h) {
			draw_text(stdscr, y + row, x + 2, w - 2, c->busy, theme_attr(TH_WARN));
			row++;
		}
		for (int a = 0; a < c->nshown; a++, row++) {
			const uint8_t *cols = c->cols + (size_t)a * (size_t)cw;
			const struct view_row *vr = &c->rows[a];
			if (vr->kind == VIEW_ROW_METRIC)
				draw_printf(stdscr, y + row, x, lw - 1, theme_attr(TH_DIM), _("    in flight (max %.0f)"),
				    isnan(c->peaks[a]) ? 0.0 : c->peaks[a]);
			else if (vr->kind == VIEW_ROW_GROUP)
				draw_printf(stdscr, y + row, x, lw - 1, theme_attr(TH_NORMAL), "  %s %s%d",
				    var->families[vr->family].name, m->ascii ? "x" : "\u00d7",
				    var->families[vr->family].count);
			else
				draw_printf(stdscr, y + row, x, lw - 1, theme_attr(TH_NORMAL), "  %s",
				    view_actor_name(var, vr->actor));
			for (int k = 0; k < cw; k++) {
				if (cols[k] == TL_COL_NONE)
					continue;
				if (vr->kind == VIEW_ROW_METRIC) {
					draw_wtext(stdscr, y + row, x + lw + k, 1, theme_level_glyph(cols[k], m->ascii),
					    theme_attr(TH_NORMAL));
					continue;
				}
				draw_wtext(stdscr, y + row, x + lw + k, 1, theme_state_glyph(cols[k], m->ascii),
				    theme_attr(theme_state_role(cols[k])));
			}
		}
		if (c->len > 0 && endc >= 0 && endc < cw && row - 1 > 0)
			draw_wtext(stdscr, y + row - 1, x + lw + endc, 1, theme_glyph(GL_VLINE, m->ascii), theme_attr(TH_CURSOR));
	}
}
