/* view.h: the scenario view's state, and the views that draw it from the timeline model.
 * Views only draw: they read the model and this state, and change neither
 * (except the layout they record for mouse hit tests). */
#ifndef KS_VIEW_H
#define KS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "snap.h"
#include "tl.h"

enum view_mode {
	VIEW_LIVE,
	VIEW_STEP,
	VIEW_REPLAY,
};

/* Where things landed on the screen in the last frame. */
struct view_layout {
	int rows_y;      /* screen line of the first actor row */
	int nrows;       /* actor rows shown */
	int first;       /* index into order[] of the first row shown */
	int cells_x, cells_w;
	int ruler_y;
	uint64_t t0, t1; /* the time window drawn */
};

/* One variant's run in the stacked comparison. */
struct view_cmp {
	const char *name;
	struct tl *tl;
	uint64_t live_now;     /* while it runs: the clock, so its bar grows between events; else 0 */
};

struct view {
	const struct prog *prog;
	const struct prog_variant *var;
	int variant;           /* index into prog->variants */
	struct tl *tl;
	struct snap *snap;      /* "everything at T", kept up to date incrementally */
	enum view_mode mode;
	double speed;
	bool paused;
	bool finished;
	uint64_t live_now;     /* a live run's clock (CLOCK_MONOTONIC ns), so time moves between events; 0: none */
	bool follow;           /* the window keeps the live end in view */
	uint64_t span;         /* width of the window in ns; 0: the whole run */
	uint64_t left;         /* the window's left edge when not following */
	bool cursor_on;
	uint64_t cursor;       /* absolute time of the cursor */
	int sel;               /* the selected actor */
	int *order;            /* actors in display order: grouped by process / loop */
	int *depth;            /* nesting of each actor (by actor index) */
	size_t norder;
	bool prog_all;         /* program pane: every actor, or the selected one */
	bool details;          /* details of the events under the cursor */
	bool help;
	int help_top;          /* the help overlay's scroll */
	bool compare;
	struct view_cmp *cmp;
	size_t ncmp;
	unsigned steps;        /* step grants so far in this run */
	signed char *expect_met;   /* per expectation once known: 1 met, 0 not, -1 unknown; NULL: from events */
	int64_t *expect_actual;    /* the value the engine compared */
	bool ascii;
	char status[200];      /* a one-line message for the user */
	struct view_layout lay;
};

/* Sets V up for variant VARIANT of PROG shown from model TL (borrowed). */
void view_init(struct view *v, const struct prog *prog, int variant, struct tl *tl);
void view_done(struct view *v);
/* The latest time there is to show: the last event, or the live clock. */
uint64_t view_end(const struct view *v);
/* The time window to draw: [*T0, *T1). */
void view_window(const struct view *v, uint64_t *t0, uint64_t *t1);
/* Draws the whole scenario view on stdscr. */
void view_draw(struct view *v);
/* The time at screen column X of the timeline, or false when X is outside it. */
bool view_time_at(const struct view *v, int x, uint64_t *t);
/* The actor on screen line Y of the timeline, or -1. */
int view_actor_at(const struct view *v, int y);

/* Panes (view-*.c), each drawing into the rectangle given. */
void view_timeline_draw(struct view *v, int y, int x, int h, int w);
void view_program_draw(const struct view *v, const struct tl_at *at, int y, int x, int h, int w);
void view_state_draw(const struct view *v, const struct tl_at *at, int y, int x, int h, int w);
void view_narration_draw(const struct view *v, int y, int x, int h, int w);
void view_log_draw(const struct view *v, int y, int x, int h, int w);
/* The help overlay scrolled to line TOP; returns the largest useful TOP. */
int view_help_draw(int y, int x, int h, int w, int top);
void view_compare_draw(struct view *v, int y, int x, int h, int w);
void view_details_draw(const struct view *v, int y, int x, int h, int w);
/* The "enlarge the terminal" screen. */
void view_small_draw(void);

/* tl_columns, with each open span carried on to NOW (a live run's clock), where
 * the model stops at its last event. */
void view_columns(const struct tl *tl, int actor, uint64_t t0, uint64_t t1, int w, uint64_t now, uint8_t *out);

/* Text helpers shared by the panes (view-text.c). */
/* An op as the learner reads it: "load orders -> $t", "store orders <- $t + 1". */
const char *view_op_text(const struct prog *prog, const struct prog_variant *var, int actor, int op,
    char *buf, size_t size);
const char *view_expr_text(const struct prog_variant *var, int actor, int expr, char *buf, size_t size);
/* The op ACTOR will most likely do after op LAST (-1: before its first), following
 * jumps; a check in the way is taken as true, so the guess can be wrong at a loop's end. */
int view_next_op(const struct prog_variant *var, int actor, int last);
/* A duration: "20ms", "1.5s", "300us". */
const char *view_dur_text(uint64_t ns, char *buf, size_t size);
/* The translated name of a state ("running", "blocked", ...). */
const char *view_state_name(enum rec_state st);
/* An event as one log line (without its time). */
const char *view_event_text(const struct view *v, const struct rec_event *ev, char *buf, size_t size);
/* An actor's name, or "?" for an index out of range. */
const char *view_actor_name(const struct prog_variant *var, int a);
/* A declaration's name, or "?". */
const char *view_decl_name(const struct prog_variant *var, int d);

#endif
