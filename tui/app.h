/* app.h: the UI loop (libuv): input, a capped-rate redraw timer, signals. */
#ifndef KS_APP_H
#define KS_APP_H

#include "tui.h"

/* Runs the UI on the terminal until the user quits; returns an exit status. */
int app_run(const struct tui_args *args);

#endif
