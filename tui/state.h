/* state.h: everything the UI shows and the runs behind it: the screen (picker
 * or scenario view), the picker, the program, its run and timeline model, the
 * view's state (view.h) and the comparison's runs.  The app owns one; action.c
 * changes it on keys, app.c on the frame timer (state_poll).
 *
 * state.c calls: run.c, picker.c, view.c, learn.c; tl, trace, scn, progress (src/).
 * Called by: app.c (open, poll, close), action.c (opening from the picker),
 * action-view.c (restarts, the comparison, messages).
 */
#ifndef KS_STATE_H
#define KS_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "learn.h"
#include "picker.h"
#include "prog.h"
#include "progress.h"
#include "run.h"
#include "tl.h"
#include "view.h"

enum state_screen {
	STATE_PICKER,
	STATE_VIEW,
};

struct state {
	enum state_screen screen;
	bool picker_help;       /* the help overlay over the picker */
	int help_top;           /* its scroll */
	bool from_picker;       /* Esc in the view goes back to the picker */
	struct picker picker;
	struct prog *prog;
	struct tl *tl;
	struct run *run;
	bool have_view;
	struct view view;
	bool step;              /* runs start in step mode */
	double speed;
	bool replay;            /* a trace, not a run */
	struct learn learn;     /* the variant's questions and challenge */
	bool step_chosen;       /* the mode the user chose (a challenge opens in step mode) */
	struct progress *progress;  /* the learner's progress, or NULL (--no-progress) */
	char *progress_note;    /* a warning about it for the first screen, or NULL */
	bool progress_failed;   /* a save failed (said once) */
	struct tl **cmp_tl;     /* the comparison's models and runs, one per variant */
	struct run **cmp_run;
	size_t ncmp, cmp_next;
};

void state_init(struct state *s, double speed, bool step);
/* Keeps the learner's progress in PATH (NULL: none is kept); loads it. */
void state_progress_open(struct state *s, const char *path);
/* Saves the progress after a change; a failure is shown once. */
void state_progress_save(struct state *s);
/* Stops every run and frees everything. */
void state_done(struct state *s);
/* Shows a message on the view's key-hint line until the next key. */
void state_status(struct state *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Starts variant VARIANT of s->prog; REPLAY: grants to make first (undo).  0 or -1. */
int state_start(struct state *s, int variant, const int *replay, size_t nreplay);
/* Opens variant VARIANT of s->prog afresh: its questions are asked first, a
 * challenge opens in step mode.  0 or -1. */
int state_open_variant(struct state *s, int variant);
/* The learner asks for the challenge's hint. */
void state_hint(struct state *s);
/* The questions were answered or skipped: the run starts. */
void state_asked(struct state *s);
/* Opens PROG (taken over) in the view, at variant VARIANT_NAME (NULL: the first).  0 or -1. */
int state_open_prog(struct state *s, struct prog *prog, const char *variant_name);
/* Opens trace FILE in REPLAY mode.  0, or -1 with *ERR set. */
int state_open_trace(struct state *s, const char *file, char **err);
/* Ends the run and drops the program. */
void state_close_prog(struct state *s);
/* Runs every variant live, one after the other, for the comparison. */
void state_compare_start(struct state *s);
void state_compare_stop(struct state *s);
/* Something can still change without a key: a run or a comparison is going. */
bool state_busy(const struct state *s);
/* A tick: drains the runs into their models; true when the view must be drawn again. */
bool state_poll(struct state *s);

#endif
