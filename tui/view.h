/* view.h: the scenario view's state: what the user looks at and how (the run
 * shown, the rows and the selection, the time window, the cursor, the panes
 * open).  The app owns it and changes it (action.c, state.c); each frame,
 * view-draw.c computes a struct view_model from it and draws that.
 *
 * view.c calls: snap.c, tl (src/).  It draws nothing and calls no drawer.
 * Called by: state.c (init, done), action-view.c (the window, the selection),
 * action.c (mouse hit tests), view-model.c (the window, the end).
 * view-draw.c writes the frame's layout into lay.
 */
#ifndef KS_VIEW_H
#define KS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "snap.h"
#include "tl.h"
#include "view-model.h"

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
	size_t step_n;         /* step axis (view_steps): steps in the window; 0: as many as fit */
	size_t step_first;     /* step axis: the window's first step (0-based) when not following */
	bool cursor_on;
	uint64_t cursor;       /* absolute time of the cursor */
	int sel;               /* the selected actor, or VIEW_SEL_GROUP(f) */
	struct view_row *rows; /* the timeline's rows in display order: grouped by process / loop */
	size_t nrows, crows;
	int *row_of;           /* by actor of the variant: its row, or -1 (a member of a folded family) */
	size_t npool;          /* the loop's pool threads the rows have (tl_npool when built) */
	int *group_row_of;     /* by family: its group row, or -1 (a family of a few members) */
	bool *open;            /* by family: its group row shows its members' rows too */
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
	int64_t busy_late_ns;      /* once ended, when the CPUs were busy (run_out_busy): how late; else 0 */
	char status[200];      /* a one-line message for the user */
	const struct learn *learn;  /* the variant's challenge and questions (the state's), or NULL */
	struct view_layout lay;    /* where the last frame put the timeline (view_draw records it) */
};

/* Sets V up for variant VARIANT of PROG shown from model TL (borrowed). */
void view_init(struct view *v, const struct prog *prog, int variant, struct tl *tl);
void view_done(struct view *v);
/* The latest time there is to show: the last event, or the live clock. */
uint64_t view_end(const struct view *v);
/* The time window to draw: [*T0, *T1) (on a step axis, from the first shown step's start
 * to the end of the last one). */
void view_window(const struct view *v, uint64_t *t0, uint64_t *t1);
/* Whether the timeline is drawn on a step axis (a step-mode run, or its trace, with a step);
 * then the steps shown in W columns: [*FIRST, *FIRST + *N), and the most columns a step takes
 * (*MAX_SW, 0: no limit). */
bool view_steps(const struct view *v, int w, size_t *first, size_t *n, int *max_sw);
/* The time the cursor's cell covers when the cursor is at T: [*C0, *C1) (a step on a step axis). */
void view_cell_at(const struct view *v, uint64_t t, uint64_t *c0, uint64_t *c1);
/* What the first row that can be selected selects (the selection a run starts
 * with): an actor, or VIEW_SEL_GROUP(f) when a family's group row comes first
 * (a variant whose workers all belong to families); -1 when no row can be. */
int view_first_sel(const struct view *v);
/* Moves the selection DELTA actor rows on, round the ends. */
void view_select_delta(struct view *v, int delta);
/* Selects the actor of the row numbered N (1-based); false when there is none. */
bool view_select_number(struct view *v, int n);
/* The time at screen column X of the last frame's timeline, or false when X is outside it. */
bool view_time_at(const struct view *v, int x, uint64_t *t);
/* The row on screen line Y of the last frame's timeline, or -1. */
int view_row_at(const struct view *v, int y);
/* The actor on screen line Y of the last frame's timeline, or -1. */
int view_actor_at(const struct view *v, int y);
/* What selecting screen line Y selects: an actor, VIEW_SEL_GROUP(f), or -1 for nothing. */
int view_sel_at(const struct view *v, int y);
/* Families of more than this many members are folded into one group row. */
#define VIEW_FAMILY_ROWS 4
/* Whether family F is drawn as a group row. */
bool view_grouped(const struct view *v, int f);
/* Opens or folds the group row of family F (rebuilding the rows); false when F has none. */
bool view_toggle_group(struct view *v, int f);
/* Rebuilds the rows when a pool thread has appeared since they were built (before a frame, so
 * its row shows in the same frame as its first state). */
void view_rows_sync(struct view *v);
/* The actor of the selection: itself, or a selected family's first member; -1 for none. */
int view_sel_actor(const struct view *v);

#endif
