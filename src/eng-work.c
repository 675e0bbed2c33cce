/* eng-work.c: CPU work that really spins, the GIL, and the pool's blocking
 * sleep.  Calls eng-sync.c (is the run stopping?) and eng-emit.c only. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eng-int.h"
#include "i18n.h"

uint64_t
eng_note_cpu(struct eng *e, int id, int *last_cpu)
{
	int cpu = sched_getcpu();
	uint64_t t = 0;
	if (cpu < 0)
		return 0;
	if (*last_cpu >= 0 && cpu != *last_cpu) {
		if (id < e->nactors)
			e->stat[id].migrations++;
		t = eng_emit_simple_t(e, REC_MIGRATE, id, -1, -1, -1, *last_cpu);
	}
	*last_cpu = cpu;
	return t;
}

/* ---- work and the GIL --------------------------------------------------- */

void
eng_gil_init(struct eng_gil *g)
{
	pthread_condattr_t ca;
	memset(g, 0, sizeof *g);
	if (pthread_mutex_init(&g->m, NULL) != 0 || pthread_condattr_init(&ca) != 0 ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 || pthread_cond_init(&g->c, &ca) != 0) {
		fputs(_("kitchensync: engine: cannot make the GIL\n"), stderr);
		abort();
	}
	pthread_condattr_destroy(&ca);
}

/* A state change about the GIL: value 1 tells it from the others. */
static void
run_gil_state(struct eng *e, int id, enum rec_state st)
{
	struct rec_event ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = REC_STATE;
	ev.state = (uint8_t)st;
	ev.actor = (int16_t)id;
	ev.res = ev.other = -1;
	ev.op = -1;
	ev.value = 1;
	eng_emit(e, &ev);
}

/*
 * Takes the GIL in turn (first come, first served); false when the run stops.
 * Its state events are written under the GIL's own mutex, so the spans in
 * which threads hold it are recorded in the order they really happened.
 */
static bool
run_gil_take(struct eng *e, int id)
{
	struct eng_gil *g = &e->gil;
	uint64_t ticket;

	pthread_mutex_lock(&g->m);
	ticket = g->next++;
	while (g->serving != ticket) {
		struct timespec ts;
		if (eng_sync_aborting(e->sync)) {
			pthread_mutex_unlock(&g->m);
			return false;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 5000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g->c, &g->m, &ts);
	}
	run_gil_state(e, id, REC_ST_RUNNING);
	pthread_mutex_unlock(&g->m);
	return true;
}

static void
run_gil_drop(struct eng *e, int id)
{
	struct eng_gil *g = &e->gil;
	pthread_mutex_lock(&g->m);
	run_gil_state(e, id, REC_ST_READY);
	g->serving++;
	pthread_cond_broadcast(&g->c);
	pthread_mutex_unlock(&g->m);
}

/* A state change about a CPU (value 2), stamped T (see eng_emit_at). */
static void
run_cpu_state(struct eng *e, int id, int op, enum rec_state st, uint64_t t)
{
	struct rec_event ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = REC_STATE;
	ev.state = (uint8_t)st;
	ev.actor = (int16_t)id;
	ev.res = ev.other = -1;
	ev.op = op;
	ev.value = 2;
	eng_emit_at(e, &ev, t);
}

/* Notes how late actor ID's work ended: LATE ns of wall time beyond its CPU time. */
static void
run_spin_late(struct eng *e, int id, int64_t late)
{
	struct eng_stat *st;
	if (id < 0 || id >= e->nactors)
		return;
	st = &e->stat[id];
	if (late < 0)
		late = 0;
	if (late > st->work_late_max)
		st->work_late_max = late;
	st->work_late_sum += late;
	st->nwork++;
}

/*
 * Really spins until this thread has used NS of CPU time; false when the run
 * stops.  Each round reads the wall clock and the thread's CPU clock: when
 * the wall clock moved on by more than ENG_PREEMPT_NS beyond the CPU clock,
 * the OS ran something else meanwhile, and that span is recorded as READY
 * (waiting for a CPU), back-dated to when it began.  The hold tells the
 * recorder's merge that such an event may still come.
 */
static bool
run_spin(struct eng *e, int id, int op, int64_t ns, int *last_cpu, uint64_t t0, int64_t cpu0)
{
	int64_t cpu_prev = cpu0, cpu_end, cpu;
	uint64_t wall_prev = t0, wall, floor = t0, start;
	unsigned n = 0;
	bool check = false;
	volatile uint64_t sink = 0;

	if (t0 == 0) {
		wall_prev = floor = rec_now();
		cpu_prev = eng_thread_cpu_ns();
	}
	start = wall_prev;
	cpu_end = cpu_prev + (ns > 0 ? ns : 0);
	eng_hold(e, wall_prev);
	for (;;) {
		if (check) {
			/*
			 * No fresh baseline here: the OS preempts mostly on the way
			 * out of a clock read, and a gap must not fall between two.
			 */
			uint64_t t;
			if (eng_sync_aborting(e->sync)) {
				eng_hold(e, 0);
				return false;
			}
			t = eng_note_cpu(e, id, last_cpu);
			if (t > floor)
				floor = t;
			check = false;
		}
		for (int i = 0; i < 64; i++)
			sink += (uint64_t)i;
		wall = rec_now();
		cpu = eng_thread_cpu_ns();
		if (wall > wall_prev && cpu >= cpu_prev &&
		    (int64_t)(wall - wall_prev) - (cpu - cpu_prev) > ENG_PREEMPT_NS) {
			/* it ran about cpu - cpu_prev after wall_prev, then waited */
			uint64_t stop = wall_prev + (uint64_t)(cpu - cpu_prev);
			if (stop < floor)
				stop = floor;  /* never before its own last event */
			if (stop > wall)
				stop = wall;
			run_cpu_state(e, id, op, REC_ST_READY, stop);
			run_cpu_state(e, id, op, REC_ST_RUNNING, wall);
			floor = wall;
			check = true;  /* it may have come back on another CPU */
		}
		eng_hold(e, wall);
		wall_prev = wall;
		cpu_prev = cpu;
		if (cpu >= cpu_end)
			break;
		if ((++n & 63) == 0)
			check = true;
	}
	eng_hold(e, 0);
	(void)sink;
	run_spin_late(e, id, (int64_t)(wall - start) - ns);
	return true;
}

int
eng_work(struct eng *e, int id, int op, int64_t ns, int *last_cpu)
{
	return eng_work_since(e, id, op, ns, last_cpu, 0, 0);
}

int
eng_work_since(struct eng *e, int id, int op, int64_t ns, int *last_cpu, uint64_t t0, int64_t cpu0)
{
	int64_t left = ns;
	if (e->cfg.mode == ENG_STEP) {
		/* one step at a time: the work is scenario time, not spent on a CPU
		 * (nothing else could run meanwhile, nor wait for the GIL) */
		if (eng_sync_aborting(e->sync))
			return -1;
		eng_sync_step_spent(e->sync, id);
		return 0;
	}
	if (!e->v->options.gil)
		return run_spin(e, id, op, ns, last_cpu, t0, cpu0) ? 0 : -1;
	do {
		int64_t sw = eng_scale(e, e->gil_switch_ns);
		int64_t slice;
		if (sw < 1000)
			sw = 1000;
		slice = left < sw ? left : sw;
		bool ok;
		if (!run_gil_take(e, id))
			return -1;
		ok = run_spin(e, id, op, slice, last_cpu, 0, 0);
		run_gil_drop(e, id);
		if (!ok)
			return -1;
		left -= slice;
	} while (left > 0);
	eng_emit_simple(e, REC_STATE, id, -1, -1, -1, REC_ST_RUNNING);
	return 0;
}


void
eng_pool_sleep(struct eng *e, int64_t ns)
{
	uint64_t end;
	if (e->cfg.mode == ENG_STEP)
		return;  /* scenario time: the loop's next grant moves it on */
	end = rec_now() + (uint64_t)(ns > 0 ? ns : 0);
	for (;;) {
		uint64_t now = rec_now();
		int64_t left;
		struct timespec ts;
		if (now >= end || eng_sync_aborting(e->sync))
			break;
		left = (int64_t)(end - now);
		if (left > 5000000)
			left = 5000000;  /* look at the run now and then: it may be stopping */
		ts.tv_sec = 0;
		ts.tv_nsec = left;
		nanosleep(&ts, NULL);
	}
}
