/* eng-emit.c: the bottom of the engine: each OS thread's recorder writer,
 * events, the speed factor, the run's clock, CPU pinning and timer slack.  Calls only the
 * recorder and eng-sync.h's clock. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "eng-int.h"

static atomic_uint eng_generation;
static __thread struct rec_writer *eng_tls_writer;
static __thread unsigned eng_tls_gen;

/* A number no other run of this process has had, for eng->gen. */
unsigned
eng_next_generation(void)
{
	return atomic_fetch_add(&eng_generation, 1) + 1;
}

void
eng_forget_writer(void)
{
	eng_tls_writer = NULL;
	eng_tls_gen = 0;
}

/* The calling thread's ring in E's recorder (claimed on first use); NULL when none is left. */
static struct rec_writer *
eng_writer(struct eng *e)
{
	if (eng_tls_gen != e->gen) {
		eng_tls_writer = rec_writer_claim(e->rec);
		eng_tls_gen = e->gen;
	}
	return eng_tls_writer;
}

/*
 * Step mode stamps events with scenario time (eng_sync_now), not the wall
 * clock: a step-mode timeline shows what the steps script, not how long the
 * learner took between grants.  The origin lies in the past of the wall
 * clock, so the recorder's merge, which holds back events younger than its
 * own clock read, lets them through at once; steps run one at a time, so
 * the stamps rise in the order the events happen.  Each actor event takes a
 * nanosecond of its own (the merge orders equal stamps by writer, not by
 * when they came); a step with a duration ends on time all the same.
 */
static uint64_t
eng_step_stamp(struct eng *e, const struct rec_event *ev)
{
	/* a CPU migration is the OS's, not the scenario's: it must not shift the
	 * stamps after it, or the same schedule would not draw the same */
	bool own = ev->actor >= 0 && ev->kind != REC_MIGRATE;
	int64_t t = own ? eng_sync_now_tick(e->sync) : eng_sync_now(e->sync);
	return ENG_STEP_ORIGIN_NS + (uint64_t)t;
}

void
eng_emit(struct eng *e, struct rec_event *ev)
{
	struct rec_writer *w = eng_writer(e);
	if (w == NULL) {
		atomic_fetch_add(&e->sh->dropped, 1);
		return;
	}
	if (e->cfg.mode == ENG_STEP)
		rec_emit_at(w, ev, eng_step_stamp(e, ev));
	else
		rec_emit(w, ev);
}

void
eng_emit_at(struct eng *e, struct rec_event *ev, uint64_t t_ns)
{
	struct rec_writer *w = eng_writer(e);
	if (w == NULL) {
		atomic_fetch_add(&e->sh->dropped, 1);
		return;
	}
	rec_emit_at(w, ev, e->cfg.mode == ENG_STEP ? eng_step_stamp(e, ev) : t_ns);
}

void
eng_hold(struct eng *e, uint64_t t_ns)
{
	struct rec_writer *w;
	if (e->cfg.mode == ENG_STEP)
		return;  /* scenario stamps never go back */
	w = eng_writer(e);
	if (w != NULL)
		rec_hold(w, t_ns);
}

void
eng_emit_simple(struct eng *e, enum rec_kind kind, int actor, int op, int res, int other, int64_t value)
{
	(void)eng_emit_simple_t(e, kind, actor, op, res, other, value);
}

uint64_t
eng_emit_simple_t(struct eng *e, enum rec_kind kind, int actor, int op, int res, int other, int64_t value)
{
	struct rec_event ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = (uint8_t)kind;
	ev.actor = (int16_t)actor;
	ev.op = op;
	ev.res = (int16_t)res;
	ev.other = (int16_t)other;
	ev.value = value;
	if (kind == REC_STATE) {
		ev.state = (uint8_t)value;
		ev.value = 0;
	}
	eng_emit(e, &ev);
	return ev.t_ns;
}

void
eng_emit_cb(void *ctx, struct rec_event *ev)
{
	eng_emit(ctx, ev);
}

int64_t
eng_scale(struct eng *e, int64_t ns)
{
	double speed = e->speed;
	if (e->sh != NULL) {
		uint64_t bits = atomic_load_explicit(&e->sh->speed, memory_order_relaxed);
		if (bits != 0)
			memcpy(&speed, &bits, sizeof speed);
	}
	return (int64_t)((double)ns / speed);
}

int64_t
eng_clock(struct eng *e)
{
	if (e->cfg.mode == ENG_STEP)
		return eng_sync_clock(e->sync);
	return (int64_t)rec_now() - atomic_load(&e->sh->t_begin);
}

void
eng_pin(struct eng *e)
{
	/* a sleep's timer may fire this late; the default 50 us is a twentieth
	 * of the 1 ms a scripted duration is kept to */
	if (prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0) != 0)
		perror("kitchensync: engine: prctl(PR_SET_TIMERSLACK)");
	if (e->pinned && sched_setaffinity(0, sizeof e->pin, &e->pin) != 0)
		perror("kitchensync: engine: sched_setaffinity");
}

int64_t
eng_thread_cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
