/* action-view.h: the scenario view's action handlers: the run (pause, speed,
 * variants, step mode, undo), the selection, the time window and the cursor.
 *
 * action-view.c calls: state.c, view.c, run.c, keys.c (key names in
 * messages), view-text.c, tl (src/).
 * Called by: action.c (its dispatch tables).
 */
#ifndef KS_ACTION_VIEW_H
#define KS_ACTION_VIEW_H

#include "keys.h"
#include "state.h"

/* A handler: does ACT (the action a key was bound to) to S; returns enum action_result bits. */
typedef unsigned action_fn(struct state *s, enum keys_action act);

action_fn action_view_help;
action_fn action_view_back;
action_fn action_view_details;
action_fn action_view_group;
action_fn action_view_pause;
action_fn action_view_restart;
action_fn action_view_speed;
action_fn action_view_variant;
action_fn action_view_compare;
action_fn action_view_step_mode;
action_fn action_view_step;
action_fn action_view_step_auto;
action_fn action_view_undo;
action_fn action_view_select;
action_fn action_view_select_number;
action_fn action_view_zoom;
action_fn action_view_pan;
action_fn action_view_follow;
action_fn action_view_start;
action_fn action_view_end;
action_fn action_view_cursor;
action_fn action_view_event;
action_fn action_view_program;
action_fn action_view_man;
action_fn action_view_hint;
/* A question asked before the run (context KC_ASK). */
action_fn action_ask_move;
action_fn action_ask_erase;
action_fn action_ask_answer;
action_fn action_ask_skip;
action_fn action_ask_help;

#endif
