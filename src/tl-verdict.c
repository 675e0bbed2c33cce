/* tl-verdict.c: the facts a timeline's events record, handed to the verdict. */
#include "config.h"

#include "tl-verdict.h"

#include <stdlib.h>

#include "eng.h"
#include "xalloc.h"

void
tl_verdict(const struct tl *tl, struct verdict *vd)
{
	const struct prog_variant *v = tl_variant(tl);
	prog_value *finals = xcalloc(v->ndecls + 1, sizeof *finals);
	signed char *measured = xcalloc(v->nexpects + 1, sizeof *measured);
	struct verdict_facts f;
	struct rec_event ev;
	int64_t end;
	int sig = 0;

	verdict_facts_init(&f);
	for (size_t i = 0; i < v->nexpects; i++)
		measured[i] = -1;
	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		bool res_ok;
		tl_event(tl, i, &ev);
		res_ok = ev.res >= 0 && (size_t)ev.res < v->ndecls;
		switch ((enum rec_kind)ev.kind) {
		case REC_ASSERT_FAIL:
			if (f.failure == VERDICT_FAIL_NONE)
				f.failure = VERDICT_FAIL_ASSERT;
			break;
		case REC_CRITICAL:
			if (f.failure == VERDICT_FAIL_NONE)
				f.failure = VERDICT_FAIL_CRITICAL;
			break;
		case REC_EXIT:  /* a process that died of a signal: 128 + it */
			if (ev.value > 128 && ev.actor >= 0 && (size_t)ev.actor < v->nactors
			    && v->actors[ev.actor].kind == PROG_PROCESS && f.failure == VERDICT_FAIL_NONE)
				f.failure = VERDICT_FAIL_CRASH;
			break;
		case REC_LOST_UPDATE:
			f.lost_updates++;
			break;
		case REC_PUSH:  /* a queue's length, for traces that do not record it at the end */
			if (res_ok)
				finals[ev.res]++;
			break;
		case REC_POP:
			if (res_ok && finals[ev.res] > 0)
				finals[ev.res]--;
			break;
		case REC_VALUE_FINAL:
			if (res_ok && ev.actor < 0)
				finals[ev.res] = ev.value;
			break;
		case REC_EXPECT:
			if (ev.res < 0 || (size_t)ev.res >= v->nexpects)
				break;
			if (ev.actor >= 0 && v->expects[ev.res].mode == PROG_ALWAYS) {
				/* a worker's store broke an invariant: the run stopped there */
				if (f.failure == VERDICT_FAIL_NONE) {
					f.failure = VERDICT_FAIL_INVARIANT;
					f.invariant = ev.res;
				}
			} else {
				measured[ev.res] = ev.value != 0;
			}
			break;
		case REC_RUN_END:
			sig = ev.op > 0 ? ev.op : 0;
			break;
		default:
			break;
		}
	}
	if (!tl_ended(tl, &end))
		f.end = VERDICT_ABORTED;  /* the trace stops before the run's end */
	else if (sig > 0)
		f.end = VERDICT_SIGNAL;
	else if (end == ENG_END_NONE)
		f.end = VERDICT_FINISHED;  /* an end that names no kind (a hand-written trace): it ended */
	else
		f.end = eng_end_verdict((enum eng_end)end);
	f.signal = sig;
	f.finals = finals;
	f.measured = measured;
	verdict_judge(vd, v, &f);
	free(finals);
	free(measured);
}
