/* learn.h: a variant's challenge and questions as the learner meets them in
 * the terminal UI: the questions asked before the run and revealed after it,
 * the challenge's goal watched step by step, its hint, its success.
 *
 * No curses here: state.c and action-view.c drive it, view-learn.c draws it
 * (from the struct, through the frame's model).
 *
 * learn.c calls: goal, explore, tl (src/); the run is judged through a callback
 * (state.c passes run.c's, the engine's own judging of expectations).
 * Called by: state.c, action.c, action-view.c; view-learn.c reads it.
 */
#ifndef KS_LEARN_H
#define KS_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"
#include "tl.h"

enum learn_ask {
	LEARN_NONE,       /* the variant asks nothing */
	LEARN_ASKING,     /* a question is on screen; the run waits */
	LEARN_ASKED,      /* answered (or skipped): the run goes */
	LEARN_REVEALED,   /* the run ended: the real answers are shown */
};

struct learn_answer {
	bool given;
	int choice;            /* a choice question: the choice picked (0-based) */
	prog_value number;     /* a number question: the number typed */
	int right;             /* after the run: 1 right, 0 wrong, -1 unknown or not given */
	prog_value real;       /* a number question: the real value */
	uint64_t held;         /* a choice question: the choices that held (bit per choice, the first 64) */
};

struct learn {
	const struct prog_variant *var;
	/* The questions. */
	enum learn_ask ask;
	size_t q;              /* the question on screen */
	int sel;               /* its highlighted choice */
	char input[24];        /* the number being typed */
	struct learn_answer *answers;  /* per question */
	/* The challenge. */
	bool solved;
	unsigned steps;        /* the steps it took */
	int fewest;            /* the fewest possible: -1 unknown, -2 not computed yet */
	bool hint;             /* the hint is on screen */
	bool hint_pending;     /* asked for: explore runs on the next tick, once the screen says so */
	bool fewest_pending;   /* solved: the fewest steps are looked for on the next tick */
	int hint_actor;        /* who moves next on a shortest way there, or -1 */
	size_t hint_left;      /* steps left on that way */
	/* The success or reveal box is open. */
	bool box;
};

/* Sets L up for VAR (borrowed): its questions to ask first, its challenge. */
void learn_init(struct learn *l, const struct prog_variant *var);
void learn_done(struct learn *l);
/* A question waits for its answer: the run must not start. */
bool learn_asking(const struct learn *l);
bool learn_has_challenge(const struct learn *l);

/* A character typed at a question: a choice's number or letter selects it;
 * digits and a leading '-' make a number.  False when it means nothing. */
bool learn_ask_type(struct learn *l, int wc);
void learn_ask_move(struct learn *l, int delta);
void learn_ask_erase(struct learn *l);
/* Enter: the highlighted choice or the number typed is the answer; the next
 * question comes.  False (nothing typed, not a number) leaves it asked. */
bool learn_ask_answer(struct learn *l);
/* Esc: every question still open is left unanswered. */
void learn_ask_skip(struct learn *l);

/* Judges condition X against the ended run, as its expectations were judged;
 * *ACTUAL gets what it measured (an expression's value).  False: not known. */
typedef bool learn_judge_fn(void *ctx, const struct prog_expect *x, prog_value *actual);
/* The run ended: each answer is judged by JUDGE (with CTX). */
void learn_reveal(struct learn *l, learn_judge_fn *judge, void *ctx);

/* Looks at the run's model: true the first time the challenge's goal is reached
 * (L's steps then say in how many steps). */
bool learn_watch(struct learn *l, const struct tl *tl);
/* The fewest steps the goal takes (explore), computed once; -1 when unknown. */
int learn_fewest(struct learn *l);
/* After the steps TAKEN, who moves next on a shortest way to the goal (the hint). */
void learn_hint(struct learn *l, const int *taken, size_t n);

#endif
