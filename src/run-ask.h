/* run-ask.h: a headless run's challenge and questions ("predict, then reveal").
 *
 * Before the run: each question with its lettered choices.  After it: whether
 * this run reached the challenge's goal and in how many steps (goal.h), then
 * each question's real answer and explanation and, when the learner gave
 * answers (run --answer=LIST), right or wrong for each.
 */
#ifndef KS_RUN_ASK_H
#define KS_RUN_ASK_H

#include <stdbool.h>
#include <stdio.h>

#include "eng.h"
#include "prog.h"
#include "tl.h"

/* Parses LIST ("b,3,1"): one answer per question of V, in order; a choice by
 * number (1..) or letter (a..), a number for an `answer` question.  *OUT
 * (allocated) gets a choice's index or the number.  -1 with *ERR set
 * (allocated) when LIST does not fit V's questions. */
int run_ask_parse(const struct prog_variant *v, const char *list, prog_value **out, char **err);
/* The questions, before the run, in language LANG. */
void run_ask_questions(FILE *out, const struct prog_variant *v, const char *lang);
/* Whether TL's run reached V's challenge goal, and in how many steps (nothing without one). */
void run_ask_goal(FILE *out, const struct prog_variant *v, const struct tl *tl, const char *lang);
/* Each question's real answer (judged on the ended run E) and explanation;
 * with GIVEN (from run_ask_parse; NULL: none), right or wrong for each.
 * Returns true when every given answer was right (true without GIVEN). */
bool run_ask_answers(FILE *out, struct eng *e, const struct prog_variant *v,
    const prog_value *given, const char *lang);

#endif
