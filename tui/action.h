/* action.h: what keys and the mouse do.  A key is looked up in the key table
 * (keys.c) for the context it was typed in; the action found is done by the
 * handler the dispatch table here gives for that context.  Handlers change the
 * state (state.h) and return what the loop must then do; they never draw.
 *
 * action.c calls: keys.c (keys_find), action-view.c (the view's handlers),
 * state.c, view.c (mouse hit tests), picker.c, catalog.c, crt.c, view-help.c
 * (how far the help scrolls; it draws nothing).
 * Called by: app.c (action_input); tests (action_handles).
 */
#ifndef KS_ACTION_H
#define KS_ACTION_H

#include <stdbool.h>

#include "crt.h"
#include "keys.h"
#include "state.h"

/* What a handler asks the loop to do (bits). */
enum action_result {
	ACTION_NONE = 0,
	ACTION_REDRAW = 1u << 0,
	ACTION_QUIT = 1u << 1,
	ACTION_MAN = 1u << 2,    /* open the tutorial in man(1) */
	ACTION_RESIZE = 1u << 3,
	ACTION_KICK = 1u << 4,   /* a run started or resumed: the frame timer must tick */
};

/* Does one input on the screen S shows; returns enum action_result bits. */
unsigned action_input(struct state *s, const struct crt_event *ev);
/* The dispatch table has a handler for ACT in CONTEXT (one KC_* bit). */
bool action_handles(unsigned context, enum keys_action act);

#endif
