/* view-draw.c: a frame of the scenario view: the model computed once, then every part drawn from it. */
#include "config.h"

#include "view-draw.h"

#include <curses.h>

#include "draw.h"
#include "theme.h"
#include "view.h"

void
view_draw(struct view *v)
{
	struct view_model m;

	werase(stdscr);
	view_rows_sync(v);
	view_model_build(&m, v, LINES, COLS);
	if (m.too_small) {
		view_bar_small_draw();
		view_model_done(&m);
		return;
	}
	view_bar_header_draw(&m, m.header);
	view_bar_hints_draw(&m, m.hints);
	if (m.compare) {
		view_compare_draw(&m, m.body);
	} else {
		/* The timeline's layout is what mouse clicks and cursor keys go by. */
		v->lay = m.lay;
		view_timeline_draw(&m, m.timeline);
		if (m.details) {
			view_details_draw(&m, m.details_r);
		} else {
			view_program_draw(&m, m.program);
			for (int i = 0; i < m.divider.h; i++)
				draw_fill(stdscr, m.divider.y + i, m.divider.x, 1, theme_glyph(GL_VLINE, m.ascii),
				    theme_attr(TH_DIM));
			view_state_draw(&m, m.state);
			{
				/* A challenge's goal stands above the narration. */
				struct view_rect nr = m.narration;
				int used = view_learn_panel_draw(&m, nr);
				nr.y += used;
				nr.h -= used;
				if (nr.h > 0)
					view_narration_draw(&m, nr);
			}
			view_log_draw(&m, m.log);
		}
		view_learn_draw(&m, (struct view_rect){ m.program.y, 0, m.body.y + m.body.h - m.program.y, m.body.w });
	}
	if (m.help)
		view_help_draw(m.body.y, m.body.x, m.body.h, m.body.w, m.help_top);
	view_model_done(&m);
}
