/* verdict.h: what a run's end means, decided in one place.
 *
 * Every command and view that says whether a run went right -- run, replay,
 * run --repeat's tally, the TUI's end box and its comparison, --answer and
 * explore's outcomes -- hands the facts it has to verdict_judge and prints
 * what comes back: the headline, each expectation's mark and the exit
 * status.  The facts are recorded ones (how the run ended, what failed, the
 * final values, lost updates), so a replay of a trace judges as the run did.
 *
 * The rule:
 *  - must expectations (`expect C`) and invariants (`always EXPR`) must hold;
 *  - demonstrations (`expect can C`) say what the variant shows can happen:
 *    one run shows it or was lucky (the exit status is then 1: the lesson
 *    was not shown);
 *  - a deadlock, a stall, a livelock, a failure (assert, critical region,
 *    invariant, crash), the op limit, a stop before the end: the run went
 *    wrong unless the variant expects it (`expect [can] deadlock`, `stall`,
 *    `livelock` -- which the op limit stands for in a run --, `fail`);
 *  - lost updates are reported; they fail a run only through an expectation.
 * Only prog.h is needed: nothing here knows threads, events or screens.
 */
#ifndef KS_VERDICT_H
#define KS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"

/* How a run (or an explored end state) ended. */
enum verdict_end {
	VERDICT_FINISHED,   /* every worker finished */
	VERDICT_FAILED,     /* stopped at a failure (see enum verdict_failure) */
	VERDICT_DEADLOCK,   /* a cycle of workers waiting for each other */
	VERDICT_STALLED,    /* everyone waits, no cycle, nothing pending */
	VERDICT_LIVELOCK,   /* explore: a fair cycle without progress */
	VERDICT_LIMIT,      /* a worker hit the op limit */
	VERDICT_SIGNAL,     /* stopped by a signal (facts.signal) */
	VERDICT_ABORTED,    /* stopped before its end (by the user; a trace cut short) */
	VERDICT_END_COUNT,
};

/* The first thing that went wrong, whatever the end (an assert can fail in
 * a run that then stalls: one failure, one headline). */
enum verdict_failure {
	VERDICT_FAIL_NONE,
	VERDICT_FAIL_ASSERT,     /* an assert did not hold */
	VERDICT_FAIL_CRITICAL,   /* two workers inside one critical region */
	VERDICT_FAIL_INVARIANT,  /* an `always` was broken (facts.invariant) */
	VERDICT_FAIL_CRASH,      /* a process died of a signal */
};

struct verdict_facts {
	enum verdict_end end;
	enum verdict_failure failure;
	int invariant;            /* FAIL_INVARIANT: the index in v->expects of the `always`; else -1 */
	int lost_updates;         /* how many stores overwrote a value their worker never read */
	const prog_value *finals; /* v->ndecls final values (a queue: its length); NULL: unknown */
	/* Per expectation, what the run measured for those that cannot be judged
	 * from the other facts (elapsed, first): 1 met, 0 not, -1 unknown.  NULL:
	 * all unknown (explore: time is not explored). */
	const signed char *measured;
	int signal;               /* VERDICT_SIGNAL: the signal */
};

/* One expectation's mark. */
enum verdict_mark {
	VERDICT_MET,          /* a must or an always: held */
	VERDICT_NOT_MET,      /* a must: did not hold; an always: broken */
	VERDICT_SHOWN,        /* a can: happened here */
	VERDICT_NOT_SHOWN,    /* a can: did not happen this time (luck, not a bug) */
	VERDICT_UNKNOWN,      /* the facts cannot tell (time, in explore) */
};

struct verdict {
	int status;               /* 0 (KS_EXIT_OK), 1 (KS_EXIT_FAILED), or 128 + the signal */
	enum verdict_end end;
	enum verdict_failure failure;
	bool wrong;               /* went wrong in a way no expectation of the variant allows */
	bool lesson;              /* the variant has a demonstration (`expect can`) */
	bool shown;               /* ... and every one of them happened here */
	int unmet;                /* must and always expectations not met */
	int lost_updates;
	size_t nexpects;          /* v->nexpects */
	enum verdict_mark *marks; /* by expectation index */
	prog_value *actual;       /* what each was judged on: EXPR's value over the finals; 1/0 */
	char *headline;           /* one line, translated, without a newline */
};

/* Judges the facts F of a run of variant V into VD (free with verdict_free). */
void verdict_judge(struct verdict *vd, const struct prog_variant *v, const struct verdict_facts *f);
void verdict_free(struct verdict *vd);

/* Facts with nothing known yet: FINISHED, no failure, invariant -1, no finals. */
void verdict_facts_init(struct verdict_facts *f);
/* "finished", "deadlocked", ... (translated): the first words of a headline. */
const char *verdict_end_text(enum verdict_end end, enum verdict_failure failure);
/* "met", "NOT MET", "shown", "not this time", "?" (translated). */
const char *verdict_mark_text(enum verdict_mark m, enum prog_expect_mode mode);
/* Whether the variant has demonstrations (`expect can`) / anything to check at all. */
bool verdict_has_lesson(const struct prog_variant *v);
/* Whether EXPECTATION X of V is met by facts that ended as END with LOST lost updates
 * and FINALS (NULL: unknown): -1 when they cannot tell.  A mark's first half. */
int verdict_holds(const struct prog_variant *v, const struct prog_expect *x, enum verdict_end end,
    enum verdict_failure failure, int lost, const prog_value *finals, prog_value *actual);

#endif
