/* app.h: the UI loop (libuv): input, a capped-rate redraw timer, signals.
 *
 * The top of the terminal UI.  app.c calls: action.c (keys and the mouse),
 * state.c (opening, polling, closing), view-draw.c and picker.c (drawing the
 * screen the state shows), crt.c, catalog.c, run.c (pausing for man(1)).
 * Called by: src/main.c through tui_main() (tui.h).
 */
#ifndef KS_APP_H
#define KS_APP_H

#include "tui.h"

/* Runs the UI on the terminal until the user quits; returns an exit status. */
int app_run(const struct tui_args *args);

#endif
