/* view-model.h: what one frame of the scenario view shows, computed once per
 * frame from the view's state and the timeline model, and handed to the drawers.
 *
 * A drawer reads a struct view_model and nothing above it: it never sees the
 * view's state (struct view) and calls nothing in view.c or view-model.c.
 *
 * view-model.c calls: view.c (the window, the end), snap.c, tl.c, crt.c.
 * Called by: view-draw.c (view_model_build, view_model_done).
 * The types are read by the drawers (view-draw.h) and by view.h.
 */
#ifndef KS_VIEW_MODEL_H
#define KS_VIEW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "tl-axis.h"
#include "tl.h"

struct view;

enum view_mode {
	VIEW_LIVE,
	VIEW_STEP,
	VIEW_REPLAY,
};

/*
 * One row of the timeline: an actor, a family folded into one group row (its
 * members' states summed per column; opened, its members follow it), or a
 * metric of the run drawn as a one-line strip.  The row list, the scrolling,
 * the labels and the hit tests all go through these descriptors.
 *
 * Adding a kind touches: view.c (view_rows_build), view-model.c
 * (view_model_row_columns) and view-timeline.c (rows_draw: its label).
 *
 * The selection (struct view's sel) is an actor, or VIEW_SEL_GROUP(f) for the
 * group row of family f.
 */
enum view_row_kind {
	VIEW_ROW_ACTOR,      /* one actor: its states over time */
	VIEW_ROW_GROUP,      /* a family: how its members were spread over the states */
	VIEW_ROW_METRIC,     /* a figure of the run over time (enum tl_metric) */
	VIEW_ROW_POOL,       /* a thread of a loop's pool (tl.h): its calls over time; not
	                        selectable, as the learner does not schedule it */
};

struct view_row {
	enum view_row_kind kind;
	int actor;           /* VIEW_ROW_ACTOR, VIEW_ROW_POOL: the actor; otherwise -1 */
	int depth;           /* nesting under its parent (a process's threads, a loop's tasks) */
	int number;          /* the number its label shows and 1-9 select (1-based); 0: none */
	int family;          /* VIEW_ROW_GROUP, VIEW_ROW_METRIC: the family (-1: the whole run) */
	int metric;          /* VIEW_ROW_METRIC: enum tl_metric */
	bool open;           /* VIEW_ROW_GROUP: its members' rows follow */
};

#define VIEW_SEL_GROUP(f)     (-(f) - 2)
#define VIEW_SEL_IS_GROUP(s)  ((s) <= -2)
#define VIEW_SEL_FAMILY(s)    (-(s) - 2)

/* Levels of a metric strip's cells: 1 (lowest) .. VIEW_METRIC_LEVELS (the row's peak). */
#define VIEW_METRIC_LEVELS 8

/* A rectangle of the screen. */
struct view_rect {
	int y, x, h, w;
};

/* Where the timeline landed on the screen: kept from the last frame for mouse hit tests. */
#define VIEW_MAX_SHOWN 256
struct view_layout {
	int rows_y;      /* screen line of the first row shown */
	int nrows;       /* rows shown */
	int first;       /* index into the row list of the first actor or group row shown */
	int idx[VIEW_MAX_SHOWN];  /* the row list's index of each row shown, top to bottom */
	int hidden_metrics;       /* metric strips left out for want of room (a sign says so) */
	int cells_x, cells_w;
	int ruler_y;
	uint64_t t0, t1; /* the time window drawn */
};

/* One variant's run in the stacked comparison. */
struct view_cmp {
	const char *name;
	struct tl *tl;
	uint64_t live_now;     /* while it runs: the clock, so its bar grows between events; else 0 */
	int64_t busy_late_ns;  /* once ended, when the CPUs were busy in its run (run_out_busy): how late */
};

/* One variant as the comparison draws it. */
struct view_model_cmp {
	const char *name;
	const struct tl *tl;
	uint64_t live_now;
	uint64_t len;          /* its run's length so far */
	int nshown;            /* its rows that fit */
	struct view_row *rows; /* those rows: actors not in a family of more than a few, and group rows */
	uint8_t *cols;         /* nshown x cells_w states (TL_COL_NONE: nothing; a metric row: levels) */
	double *peaks;         /* per row: a metric row's peak */
	char totals[240];      /* its figures: finished, timed out, refused, p99, threads, memory */
	char busy[240];        /* run_out_busy_text when the CPUs were busy in its run, else "" */
};

struct view_model {
	/* What runs. */
	const struct prog *prog;
	const struct prog_variant *var;
	int variant;
	const struct tl *tl;
	const struct tl_at *at;    /* everything at the cursor, else at the last event; NULL in the comparison */
	enum view_mode mode;
	double speed;
	bool paused, finished;
	unsigned steps;
	const char *status;        /* a message for the hint line, or "" */
	int64_t busy_late_ns;      /* the view's: the CPUs were busy in the run, this late; 0: not */
	const signed char *expect_met;  /* per expectation: 1 met, 0 not, -1 unknown; NULL: from events */
	const int64_t *expect_actual;
	const struct learn *learn;  /* the challenge and questions to draw (learn.h), or NULL */

	/* Time. */
	uint64_t live_now;         /* a live run's clock; 0: none */
	uint64_t end;              /* the latest time there is: the last event or the clock */
	uint64_t t0, t1;           /* the window drawn */
	struct tl_axis ax;         /* its columns: a time axis, or a step axis (view_steps) */
	bool cursor_on;
	uint64_t cursor;
	int cursor_col;            /* the cursor's column in the cells, or -1 */
	uint64_t c0, c1;           /* the time the cursor's column covers */

	/* Rows, in display order; row_of[actor] is an actor's row index (or -1). */
	const struct view_row *rows;
	size_t nrows;
	const int *row_of;
	int sel;                   /* the selected actor, or VIEW_SEL_GROUP(f) */
	int sel_actor;             /* the actor whose program shows: the selected one, or the
	                              family's first member when a group row is selected */
	const uint32_t *sel_counts; /* a selected group row: its members per state at the cursor, else NULL */

	/* What is open. */
	bool too_small, compare, details, help, prog_all, ascii;
	int help_top;

	/* Where things go. */
	struct view_rect header, hints, body;
	struct view_rect timeline, program, divider, state, narration, log, details_r;
	int label_w;               /* the timeline's label column */
	int lanes;                 /* CPU lanes the timeline has room for */
	struct view_layout lay;    /* the rows shown and the cells */
	uint8_t *cols;             /* lay.nrows x lay.cells_w: each shown row's state per column
	                              (a metric row: its level, 0 for zero, TL_COL_NONE unknown) */
	double *peaks;             /* per shown row: a metric row's peak in the window (NAN: none) */
	uint32_t counts[REC_ST_COUNT];  /* storage for sel_counts */

	/* The comparison. */
	struct view_model_cmp *cmp;
	size_t ncmp;
	uint64_t cmp_span;
	int cmp_label_w;
};

/* The narrowest column of the program pane's every-actor layout: narrower, it shows the
 * selected actor alone. */
#define VIEW_PROGRAM_COL_MIN_W 18

/* Whether actor A is the selection, or a member of the selected family. */
bool view_model_sel_has(const struct view_model *m, int a);

/* Computes the frame of V on a LINES x COLS screen. */
void view_model_build(struct view_model *m, const struct view *v, int lines, int cols);
void view_model_done(struct view_model *m);

#endif
