/* ktr.h: a run under test, for the engine's Check suites: compile a scenario
 * from a string, start it in a mode, drain its events, wait for its end. */
#ifndef KS_KTR_H
#define KS_KTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eng.h"
#include "prog.h"
#include "rec.h"

/* A run under test: its program, engine and every event drained so far. */
struct ktr {
	struct prog *prog;
	const struct prog_variant *v;
	struct eng *e;
	struct rec_event *ev;
	size_t n, cap;
	bool ended;
};

struct prog *ktr_compile(const char *src);
void ktr_drain(struct ktr *t, bool final);
/* Compiles SRC into T and fills C for its VARIANT in MODE; SCHED: a --schedule
 * list or NULL (*SCHED_OUT holds it, free after ktr_launch); SEED: random policy
 * when nonzero.  The caller may adjust C before ktr_launch. */
void ktr_config(struct ktr *t, const char *src, const char *variant, enum eng_mode mode,
    const char *sched, uint64_t seed, struct eng_config *c, int **sched_out);
/* Makes T's engine from C and starts it. */
void ktr_launch(struct ktr *t, const struct eng_config *c);
/* Starts SRC's VARIANT in MODE; SCHED: a --schedule list or NULL; SEED: random policy when nonzero. */
void ktr_start(struct ktr *t, const char *src, const char *variant, enum eng_mode mode,
    const char *sched, uint64_t seed);
/* Waits (draining) for the run to end: at most 20 s, or the test fails. */
const struct eng_outcome *ktr_finish(struct ktr *t);
void ktr_free(struct ktr *t);
int ktr_actor(struct ktr *t, const char *name);
int ktr_decl(struct ktr *t, const char *name);
/* Index of the first event from I on matching kind/actor (state: for REC_STATE, -1 any); -1 if none. */
long ktr_find(struct ktr *t, size_t from, enum rec_kind kind, int actor, int state);
size_t ktr_count(struct ktr *t, enum rec_kind kind, int actor);
/* Drains until an event like ktr_find's, on RES (-1: any), shows up (at most 10 s). */
long ktr_await(struct ktr *t, enum rec_kind kind, int actor, int state, int res);
/* No child process is left. */
void assert_no_children(void);

#endif
