/* view-draw.h: the scenario view's drawers.  view_draw() computes the frame's
 * model (view-model.c) from the view's state and hands it to the drawers; each
 * drawer draws one part of the screen from the model it is handed, into the
 * rectangle it is given, and calls nothing above it.
 *
 *   view-draw.c      view_draw: calls view-model.c, then every drawer below;
 *                    records the frame's layout in the state for hit tests.
 *   view-bar.c       the header, the key-hint bar, the "enlarge" screen.
 *   view-timeline.c  the rows, the ruler, the cursor and its marks, the CPU lanes.
 *   view-panes.c     the program, state, narration, event-log and details panes.
 *   view-compare.c   every variant on one time axis.
 *   view-help.c      the help overlay, written from the key table (keys.c).
 *   view-learn.c     the challenge panel, a question, how the challenge and the
 *                    questions went (from the model's struct learn).
 *
 * The drawers call: view-text.c, draw.c, theme.c, keys.c (labels, help), crt.c
 * (the glyph set), tl (src/, reading events); view-compare.c borrows
 * view-panes.c's pane title.  Called by: view-draw.c; app.c (view_draw, the picker's help
 * overlay); action.c (view_help_max_top: how far the help scrolls).
 */
#ifndef KS_VIEW_DRAW_H
#define KS_VIEW_DRAW_H

#include "view-model.h"

struct view;

/* Draws the whole scenario view on stdscr; records where the timeline went in V->lay. */
void view_draw(struct view *v);

void view_bar_header_draw(const struct view_model *m, struct view_rect r);
void view_bar_hints_draw(const struct view_model *m, struct view_rect r);
/* The "enlarge the terminal" screen. */
void view_bar_small_draw(void);
void view_timeline_draw(const struct view_model *m, struct view_rect r);
void view_program_draw(const struct view_model *m, struct view_rect r);
void view_state_draw(const struct view_model *m, struct view_rect r);
/* When the CPUs were busy in the run (run_out_busy): its note, wrapped, from
 * row ROW of the rectangle (Y, X, H, W); returns the next free row. */
int view_busy_draw(const struct view_model *m, int y, int x, int h, int w, int row);
void view_narration_draw(const struct view_model *m, struct view_rect r);
void view_log_draw(const struct view_model *m, struct view_rect r);
void view_details_draw(const struct view_model *m, struct view_rect r);
void view_compare_draw(const struct view_model *m, struct view_rect r);
/* The challenge panel at the top of R (the narration's place); returns the lines it took. */
int view_learn_panel_draw(const struct view_model *m, struct view_rect r);
/* A question before the run (over the body), or how it went (over BELOW). */
void view_learn_draw(const struct view_model *m, struct view_rect below);
/* A pane's title, and EXTRA (or NULL) dimmed after it (view-panes.c). */
void view_pane_title(int y, int x, int w, const char *title, const char *extra);
/* The help overlay scrolled to line TOP; returns the largest useful TOP. */
int view_help_draw(int y, int x, int h, int w, int top);
/* The largest useful TOP for a help overlay H lines high (draws nothing). */
int view_help_max_top(int h);

#endif
