/* explore.h: every interleaving of a variant's steps, searched without threads.
 *
 * `kitchensync explore` runs the compiled program of one variant over all
 * the orders in which its workers' steps can be granted, as step mode grants
 * them (one op at a time; durations ignored), and reports every distinct
 * outcome, how many schedules reach it and the shortest one, as a list that
 * `kitchensync run --schedule` replays on real threads.
 *
 * explore-step.c interprets one step on a state (the op semantics mirror the
 * engine's step mode; expressions are evaluated by prog_eval, shared with the
 * engine); explore.c searches the states breadth first, keeps each state
 * once, and counts schedules over the graph it found.
 */
#ifndef KS_EXPLORE_H
#define KS_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prog.h"

#define EXPLORE_DEFAULT_STATES 1000000

struct explore_opts {
	size_t max_states;   /* stop after this many states (0: EXPLORE_DEFAULT_STATES) */
	bool reduce;         /* take a worker's private steps first (fewer states; the
	                        shortest schedule may then be a few steps longer) */
	size_t max_bytes;    /* the memory bound: the search never asks for more (0: explore_default_bytes()) */
};

/* The default memory bound: the smaller of 1 GiB and a quarter of the
 * machine's memory (and of half the address space a limit allows). */
size_t explore_default_bytes(void);

enum explore_end {
	EXPLORE_FINISHED,    /* every worker that started is done */
	EXPLORE_DEADLOCK,    /* a cycle of waits: the run ends there, as a real run does */
	EXPLORE_STALLED,     /* nobody can move, and no cycle */
	EXPLORE_ASSERT,      /* an assert failed: the run stops */
	EXPLORE_CRITICAL,    /* two workers inside one critical region: the run stops */
	EXPLORE_NOTHELD,     /* an unlock or release of what the worker does not hold */
	EXPLORE_INVARIANT,   /* an `always` is false in this state: the run stops (region: its expectation) */
};

/* A schedule from the start: the worker of each granted step. */
struct explore_path {
	bool reached;
	int *steps;
	size_t nsteps;
	size_t timeouts;     /* bounded waits on the way that timed out (a replay cannot force those) */
};

struct explore_outcome {
	enum explore_end end;
	bool lost;           /* an update was lost on the way (a store over a value it never read) */
	uint64_t failed;     /* the workers that stopped at a `fail` (bit per worker) */
	int actor;           /* assert, critical, not held: the worker; deadlock: one in the cycle */
	int other;           /* critical: the worker already inside; else -1 */
	int op;              /* assert, not held: the op index in ACTOR's program; else -1 */
	int region;          /* critical: the region; else -1 */
	prog_value *values;  /* the final value of every declaration that holds one (else 0) */
	int *met;            /* per expectation: 1 held (a demonstration: shown), 0 did not, -1 not judged (time) */
	bool bad;            /* the verdict (verdict.h): went wrong in a way the variant does not
	                        expect, or broke a must expectation or an invariant */
	bool lesson;         /* every demonstration (`expect can`) of the variant is shown here */
	double schedules;    /* schedules that reach it; INFINITY when a loop can precede it */
	struct explore_path path;  /* the shortest schedule to it */
};

struct explore_result {
	size_t states, moves;
	bool cut;            /* a bound stopped the search: not every interleaving was seen */
	bool memory_cut;     /* ... and that bound was the memory bound */
	size_t bytes;        /* the most memory the search held at once (what the bound counts) */
	bool reduced;        /* private steps were taken first */
	bool loops;          /* some schedules go on for ever (the program can loop) */
	bool timed;          /* the variant has bounded waits, explored as able to time out at any moment */
	double schedules;    /* schedules that end, in all (INFINITY: unbounded) */
	struct explore_path lost;  /* the shortest schedule to the first lost update, if one can happen */
	/* A fair cycle that makes no progress: moves that go round for ever in
	 * which every worker either moves or cannot move somewhere on the way
	 * (so it is the program's doing, not a scheduler starving someone), and
	 * no worker ends or enters a critical region.  SPIN_PREFIX leads there
	 * from the start; SPIN_LOOP then repeats for ever. */
	bool spins;
	bool spin_unknown;   /* the memory bound left no room to look for one */
	struct explore_path spin_prefix, spin_loop;
	struct explore_outcome *outcomes;
	size_t noutcomes;
};

struct verdict_facts;
/* Outcome O as the facts verdict_judge (verdict.h) judges: one verdict, one place. */
void explore_facts(const struct explore_outcome *o, struct verdict_facts *f);

/* Why explore cannot model variant V (a translated sentence), or NULL when it can. */
const char *explore_unsupported(const struct prog_variant *v);

/* Explores V; 0, or -1 when V cannot be modelled (explore_unsupported says why). */
int explore_run(const struct prog_variant *v, const struct explore_opts *o, struct explore_result *r);
void explore_result_free(struct explore_result *r);

/* One schedule, as the engine's step mode takes it: SCHED's workers in turn
 * (one that cannot move is skipped), then round robin, for at most MAX_STEPS
 * moves; how it ended into O (free with explore_outcome_free).  0, or -1
 * when V cannot be modelled or the run did not end within MAX_STEPS. */
int explore_follow(const struct prog_variant *v, const int *sched, size_t n, size_t max_steps,
    struct explore_outcome *o);
void explore_outcome_free(struct explore_outcome *o);

/* The fewest steps from the start to V's challenge goal, into PATH (free its
 * steps): 0; 1 when the bound (MAX_STATES, 0: the default) stopped the search
 * first; 2 when no interleaving reaches it; -1 when V has no challenge or
 * cannot be modelled. */
int explore_goal(const struct prog_variant *v, size_t max_states, struct explore_path *path);
/* After the steps TAKEN (the workers granted so far, in order), the worker
 * whose step starts a shortest way to the goal, and in *LEFT how many steps
 * that way takes; -1 when the goal can no longer be reached (or V has no
 * challenge, or cannot be modelled). */
int explore_hint(const struct prog_variant *v, const int *taken, size_t n, size_t *left);

#endif
