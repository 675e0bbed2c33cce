/* eng-run.c: the op interpreter and the threads and processes that run it. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eng-int.h"
#include "i18n.h"
#include "xalloc.h"

static int64_t
run_clock(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
eng_act_init(struct eng *e, struct eng_act *a, int id)
{
	const struct prog_actor *pa = &e->v->actors[id];
	memset(a, 0, sizeof *a);
	a->e = e;
	a->id = id;
	a->pa = pa;
	a->locals = xcalloc(pa->nlocals + 1, sizeof *a->locals);
	a->taint = xcalloc(pa->nlocals + 1, sizeof *a->taint);
	for (size_t i = 0; i < pa->nlocals; i++)
		a->taint[i].res = -1;
	a->last_cpu = -1;
}

void
eng_act_done(struct eng_act *a)
{
	free(a->locals);
	free(a->taint);
	a->locals = NULL;
	a->taint = NULL;
}

/* ---- statistics --------------------------------------------------------- */

void
eng_stat_begin(struct eng *e, int id)
{
	struct eng_act *a = &e->acts[id];
	struct rusage ru;
	e->sh->stat[id].t_start = (int64_t)rec_now();
	a->cpu0 = run_clock(CLOCK_THREAD_CPUTIME_ID);
	if (getrusage(RUSAGE_THREAD, &ru) == 0) {
		a->vcsw0 = ru.ru_nvcsw;
		a->ivcsw0 = ru.ru_nivcsw;
	}
}

void
eng_stat_end(struct eng *e, int id)
{
	struct eng_act *a = &e->acts[id];
	struct eng_stat *st = &e->sh->stat[id];
	struct rusage ru;
	st->t_end = (int64_t)rec_now();
	st->cpu_ns += run_clock(CLOCK_THREAD_CPUTIME_ID) - a->cpu0;
	if (getrusage(RUSAGE_THREAD, &ru) == 0) {
		st->vcsw += ru.ru_nvcsw - a->vcsw0;
		st->ivcsw += ru.ru_nivcsw - a->ivcsw0;
	}
}

uint64_t
eng_note_cpu(struct eng *e, int id, int *last_cpu)
{
	int cpu = sched_getcpu();
	uint64_t t = 0;
	if (cpu < 0)
		return 0;
	if (*last_cpu >= 0 && cpu != *last_cpu) {
		if (id < e->nactors)
			e->sh->stat[id].migrations++;
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
	uint64_t wall_prev = t0, wall, floor = t0;
	unsigned n = 0;
	bool check = false;
	volatile uint64_t sink = 0;

	if (t0 == 0) {
		wall_prev = floor = rec_now();
		cpu_prev = run_clock(CLOCK_THREAD_CPUTIME_ID);
	}
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
		cpu = run_clock(CLOCK_THREAD_CPUTIME_ID);
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

/* ---- values --------------------------------------------------------------- */

static struct eng_val *
run_val(struct eng *e, int res)
{
	if (e->v->decls[res].kind == PROG_SHM)
		return &e->shm[res];
	return &e->vars[res];
}

/* Evaluates expression EX for actor A (big lock held); *T: where it came from. */
static prog_value
run_eval(struct eng *e, struct eng_act *a, int ex, struct eng_taint *t)
{
	const struct prog_expr *x;
	prog_value l, r;

	if (ex < 0 || (size_t)ex >= e->v->nexprs)
		return 0;
	x = &e->v->exprs[ex];
	switch (x->kind) {
	case PROG_EX_CONST:
		return x->value;
	case PROG_EX_LOCAL:
		if (a == NULL || x->index < 0 || (size_t)x->index >= a->pa->nlocals)
			return 0;
		if (t && t->res < 0 && a->taint[x->index].res >= 0)
			*t = a->taint[x->index];
		return a->locals[x->index];
	case PROG_EX_SHARED:
		return run_val(e, x->index)->v;
	case PROG_EX_QLEN:
		return eng_sync_qlen(e->sync, x->index);
	case PROG_EX_ME:
		return a ? a->pa->member : 0;
	case PROG_EX_UNARY:
		l = run_eval(e, a, x->lhs, t);
		return x->op == '-' ? (prog_value)(0 - (uint64_t)l) : !l;
	case PROG_EX_BINARY:
		l = run_eval(e, a, x->lhs, t);
		if (x->op == PROG_AND && !l)
			return 0;
		if (x->op == PROG_OR && l)
			return 1;
		r = run_eval(e, a, x->rhs, t);
		switch (x->op) {
		case PROG_ADD: return (prog_value)((uint64_t)l + (uint64_t)r);
		case PROG_SUB: return (prog_value)((uint64_t)l - (uint64_t)r);
		case PROG_MUL: return (prog_value)((uint64_t)l * (uint64_t)r);
		case PROG_DIV: return r == 0 || (r == -1 && l == INT64_MIN) ? 0 : l / r;
		case PROG_MOD: return r == 0 || (r == -1 && l == INT64_MIN) ? 0 : l % r;
		case PROG_LT: return l < r;
		case PROG_GT: return l > r;
		case PROG_LE: return l <= r;
		case PROG_GE: return l >= r;
		case PROG_EQ: return l == r;
		case PROG_NE: return l != r;
		case PROG_AND: return l && r;
		case PROG_OR: return l || r;
		}
		return 0;
	}
	return 0;
}

prog_value
eng_eval(struct eng *e, struct eng_act *a, int ex)
{
	return run_eval(e, a, ex, NULL);
}

static prog_value
run_eval_locked(struct eng_act *a, int ex, struct eng_taint *t)
{
	prog_value v;
	eng_sync_lock_big(a->e->sync);
	v = run_eval(a->e, a, ex, t);
	eng_sync_unlock_big(a->e->sync);
	return v;
}

/* ---- ops ------------------------------------------------------------------ */

static void
run_fail(struct eng_act *a, const struct prog_op *op)
{
	atomic_fetch_add(&a->e->sh->asserts_failed, 1);
	eng_emit_simple(a->e, REC_ASSERT_FAIL, a->id, a->pc, op->res, -1, op->text);
	a->failed = true;
}

static void
run_load(struct eng_act *a, const struct prog_op *op)
{
	struct eng *e = a->e;
	struct eng_val *x;
	eng_sync_lock_big(e->sync);
	x = run_val(e, op->res);
	if (op->dst >= 0 && (size_t)op->dst < a->pa->nlocals) {
		a->locals[op->dst] = x->v;
		a->taint[op->dst] = (struct eng_taint){ op->res, x->version, a->pc };
	}
	eng_emit_simple(e, REC_LOAD, a->id, a->pc, op->res, x->last_actor, x->v);
	eng_sync_unlock_big(e->sync);
}

static void
run_store(struct eng_act *a, const struct prog_op *op, bool add)
{
	struct eng *e = a->e;
	struct eng_taint t = { -1, 0, -1 };
	struct eng_val *x;
	prog_value v;

	eng_sync_lock_big(e->sync);
	x = run_val(e, op->res);
	v = run_eval(e, a, op->expr, &t);
	if (add) {
		v = (prog_value)((uint64_t)x->v + (uint64_t)v);
	} else if (t.res == op->res && t.version != x->version && x->last_actor >= 0 &&
	    x->last_actor != a->id) {
		/* computed from a load that another actor's store has since overwritten */
		atomic_fetch_add(&e->sh->lost_updates, 1);
		eng_emit_simple(e, REC_LOST_UPDATE, a->id, a->pc, op->res, x->last_actor, t.op);
	}
	x->v = v;
	x->version++;
	x->last_actor = a->id;
	x->last_op = a->pc;
	eng_emit_simple(e, REC_STORE, a->id, a->pc, op->res, -1, v);
	eng_sync_unlock_big(e->sync);
}

static void
run_enter(struct eng_act *a, const struct prog_op *op, bool enter)
{
	struct eng *e = a->e;
	int r = op->region;
	if (r < 0 || (size_t)r >= e->v->nregions)
		return;
	eng_sync_lock_big(e->sync);
	if (enter) {
		if (e->inside[r] > 0 && e->inside_who[r] != a->id) {
			atomic_fetch_add(&e->sh->critical, 1);
			eng_emit_simple(e, REC_CRITICAL, a->id, a->pc, r, e->inside_who[r], e->inside[r]);
		}
		e->inside[r]++;
		e->inside_who[r] = a->id;
	} else if (e->inside[r] > 0) {
		e->inside[r]--;
	}
	eng_sync_unlock_big(e->sync);
}

static enum eng_step_result
run_rc(int rc)
{
	return rc == ENG_SYNC_ABORT ? ENG_STEP_STOP : ENG_STEP_NEXT;
}

enum eng_step_result
eng_run_op(struct eng_act *a)
{
	struct eng *e = a->e;
	const struct prog_op *op;
	struct eng_sync *s = e->sync;
	int rc = ENG_SYNC_OK;
	int64_t ns, cpu0 = 0;
	uint64_t t0 = 0;

	if (a->pc < 0 || (size_t)a->pc >= a->pa->nops)
		return ENG_STEP_END;
	if (eng_sync_aborting(s))
		return ENG_STEP_STOP;
	op = &a->pa->ops[a->pc];
	if (++a->nops > e->op_limit) {
		atomic_store(&e->sh->limit_hit, 1);
		eng_sync_lock_big(s);
		eng_sync_abort(s, ENG_SYNC_ABORTED);
		eng_sync_unlock_big(s);
		return ENG_STEP_STOP;
	}
	e->sh->stat[a->id].ops = a->nops;
	if ((op->code == PROG_OP_WORK || (op->code == PROG_OP_OFFLOAD_WORK && !a->loop)) &&
	    !(op->flags & PROG_OPF_INTERNAL)) {
		/* work watches for preemption from its op event on */
		eng_note_cpu(e, a->id, &a->last_cpu);
		cpu0 = run_clock(CLOCK_THREAD_CPUTIME_ID);
		t0 = eng_emit_simple_t(e, REC_OP, a->id, a->pc, op->res, -1, op->code);
	} else if (!(op->flags & PROG_OPF_INTERNAL) && op->code != PROG_OP_END) {
		eng_emit_simple(e, REC_OP, a->id, a->pc, op->res, -1, op->code);
		eng_note_cpu(e, a->id, &a->last_cpu);
	}
	ns = eng_scale(e, op->dur_ns);
	switch (op->code) {
	case PROG_OP_WORK:
		if (eng_work_since(e, a->id, a->pc, ns, &a->last_cpu, t0, cpu0) < 0)
			return ENG_STEP_STOP;
		break;
	case PROG_OP_SLEEP:
		rc = eng_sync_sleep(s, a->id, ns, REC_ST_SLEEPING);
		break;
	case PROG_OP_IO:
		rc = eng_sync_sleep(s, a->id, ns, REC_ST_IO);
		break;
	case PROG_OP_AWAIT:
		if (a->loop) {
			a->pc++;
			eng_loop_await(a, ns);
			return ENG_STEP_SUSPEND;
		}
		rc = eng_sync_sleep(s, a->id, ns, REC_ST_SLEEPING);
		break;
	case PROG_OP_OFFLOAD_WORK:
	case PROG_OP_OFFLOAD_SLEEP:
		if (a->loop) {
			a->pc++;
			eng_loop_offload(a, ns, op->code == PROG_OP_OFFLOAD_SLEEP);
			return ENG_STEP_SUSPEND;
		}
		if (op->code == PROG_OP_OFFLOAD_WORK) {
			if (eng_work_since(e, a->id, a->pc, ns, &a->last_cpu, t0, cpu0) < 0)
				return ENG_STEP_STOP;
		} else {
			rc = eng_sync_sleep(s, a->id, ns, REC_ST_SLEEPING);
		}
		break;
	case PROG_OP_LOCK:
		rc = eng_sync_lock(s, a->id, op->res);
		break;
	case PROG_OP_TRYLOCK:
		rc = eng_sync_trylock(s, a->id, op->res, ns);
		if (rc == ENG_SYNC_TIMEOUT) {
			a->pc = op->target;
			return ENG_STEP_NEXT;
		}
		break;
	case PROG_OP_UNLOCK:
		rc = eng_sync_unlock(s, a->id, op->res);
		break;
	case PROG_OP_ACQUIRE:
		rc = eng_sync_acquire(s, a->id, op->res);
		break;
	case PROG_OP_RELEASE:
		rc = eng_sync_release(s, a->id, op->res);
		break;
	case PROG_OP_READ_LOCK:
		rc = eng_sync_read_lock(s, a->id, op->res);
		break;
	case PROG_OP_WRITE_LOCK:
		rc = eng_sync_write_lock(s, a->id, op->res);
		break;
	case PROG_OP_PUSH:
		rc = eng_sync_push(s, a->id, op->res, run_eval_locked(a, op->expr, NULL));
		break;
	case PROG_OP_POP: {
		prog_value v = 0;
		rc = eng_sync_pop(s, a->id, op->res, &v);
		if (rc == ENG_SYNC_OK && op->dst >= 0 && (size_t)op->dst < a->pa->nlocals) {
			a->locals[op->dst] = v;
			a->taint[op->dst].res = -1;
		}
		break;
	}
	case PROG_OP_LOAD:
		run_load(a, op);
		break;
	case PROG_OP_STORE:
		run_store(a, op, false);
		break;
	case PROG_OP_ATOMIC_ADD:
		run_store(a, op, true);
		break;
	case PROG_OP_SET: {
		struct eng_taint t = { -1, 0, -1 };
		prog_value v = run_eval_locked(a, op->expr, &t);
		if (op->dst >= 0 && (size_t)op->dst < a->pa->nlocals) {
			a->locals[op->dst] = v;
			a->taint[op->dst] = t;
		}
		break;
	}
	case PROG_OP_BRANCH:
		if (!run_eval_locked(a, op->expr, NULL)) {
			a->pc = op->target;
			return ENG_STEP_NEXT;
		}
		break;
	case PROG_OP_JUMP:
		a->pc = op->target;
		return ENG_STEP_NEXT;
	case PROG_OP_SPAWN:
		if (op->actor >= 0 && op->actor < e->nactors && eng_start_actor(e, a->id, op->actor) < 0)
			return ENG_STEP_STOP;
		break;
	case PROG_OP_JOIN:
		if (op->actor >= 0 && op->actor < e->nactors)
			rc = eng_sync_join(s, a->id, op->actor);
		break;
	case PROG_OP_SAY:
		eng_emit_simple(e, REC_SAY, a->id, a->pc, -1, -1, op->text);
		break;
	case PROG_OP_MARK_BEGIN:
		a->marks++;
		eng_emit_simple(e, REC_MARK_BEGIN, a->id, a->pc, -1, -1, op->text);
		break;
	case PROG_OP_MARK_END:
		if (a->marks > 0)
			a->marks--;
		eng_emit_simple(e, REC_MARK_END, a->id, a->pc, -1, -1, 0);
		break;
	case PROG_OP_ASSERT:
		if (!run_eval_locked(a, op->expr, NULL)) {
			run_fail(a, op);
			return ENG_STEP_END;
		}
		break;
	case PROG_OP_ENTER:
		run_enter(a, op, true);
		break;
	case PROG_OP_LEAVE:
		run_enter(a, op, false);
		break;
	case PROG_OP_END:
	case PROG_OP_COUNT:
		return ENG_STEP_END;
	}
	if (rc == ENG_SYNC_NOTHELD) {
		/* unlocking what one does not hold is an error, as in POSIX */
		run_fail(a, op);
		return ENG_STEP_END;
	}
	if (rc == ENG_SYNC_ABORT)
		return ENG_STEP_STOP;
	a->pc++;
	return run_rc(rc);
}

void
eng_run_actor(struct eng_act *a)
{
	struct eng *e = a->e;
	enum eng_step_result r;

	for (;;) {
		const struct prog_op *op;
		if ((size_t)a->pc >= a->pa->nops)
			break;
		op = &a->pa->ops[a->pc];
		if (!(op->flags & PROG_OPF_INTERNAL) && op->code != PROG_OP_END) {
			int rc;
			eng_sync_lock_big(e->sync);
			rc = eng_sync_gate(e->sync, a->id, a->pc);
			eng_sync_unlock_big(e->sync);
			if (rc != ENG_SYNC_OK)
				return;
		}
		r = eng_run_op(a);
		if (r == ENG_STEP_END || r == ENG_STEP_STOP)
			return;
	}
}

void
eng_finish(struct eng_act *a, enum rec_state st, int64_t status)
{
	struct eng *e = a->e;
	eng_sync_lock_big(e->sync);
	if (!eng_sync_aborting(e->sync) || eng_sync_phase(e->sync, a->id) != ENG_PH_DONE)
		eng_sync_done(e->sync, a->id, st, status);
	eng_sync_unlock_big(e->sync);
}

/* ---- threads and processes ---------------------------------------------- */

static void *
run_thread_main(void *arg)
{
	struct eng_act *a = arg;
	struct eng *e = a->e;

	eng_pin(e);
	eng_stat_begin(e, a->id);
	eng_run_actor(a);
	eng_stat_end(e, a->id);
	if (!eng_sync_aborting(e->sync))
		eng_finish(a, a->failed ? REC_ST_FAILED : REC_ST_DONE, a->failed ? 1 : 0);
	return NULL;
}

static void
run_child_values(struct eng *e, int id)
{
	for (size_t d = 0; d < e->v->ndecls; d++) {
		enum prog_decl_kind k = e->v->decls[d].kind;
		prog_value v;
		if (k != PROG_VAR && k != PROG_SHM)
			continue;
		eng_sync_lock_big(e->sync);
		v = run_val(e, (int)d)->v;
		eng_sync_unlock_big(e->sync);
		e->proc_final[(size_t)id * e->v->ndecls + d] = v;
		eng_emit_simple(e, REC_VALUE_FINAL, id, -1, (int)d, -1, v);
	}
}

/* The forked child of process actor ID: runs it, waits for its own threads, exits. */
static void __attribute__((noreturn))
run_child_main(struct eng *e, int id)
{
	struct eng_act *a = &e->acts[id];
	pid_t me = getpid();

	eng_forget_writer();
	eng_gil_init(&e->gil);
	pthread_mutex_init(&e->thr_lock, NULL);
	e->nthreads = 0;
	eng_pin(e);
	e->sh->stat[id].pid = me;
	eng_stat_begin(e, id);
	for (int b = 0; b < e->nactors; b++)
		if (e->v->actors[b].parent == id && !e->v->actors[b].idle &&
		    e->v->actors[b].kind != PROG_TASK)
			eng_start_actor(e, id, b);
	eng_run_actor(a);
	/* Like a program's main returning after its threads: wait for them. */
	for (int b = 0; b < e->nactors && !eng_sync_aborting(e->sync); b++) {
		bool ours;
		eng_sync_lock_big(e->sync);
		ours = e->v->actors[b].parent == id && eng_sync_is_started(e->sync, b);
		eng_sync_unlock_big(e->sync);
		if (ours && eng_sync_join(e->sync, id, b) != ENG_SYNC_OK)
			break;
	}
	pthread_mutex_lock(&e->thr_lock);
	for (size_t i = 0; i < e->nthreads; i++)
		pthread_join(e->threads[i], NULL);
	e->nthreads = 0;
	pthread_mutex_unlock(&e->thr_lock);
	for (int b = 0; b < e->nactors; b++)
		if (e->sh->stat[b].forker == me && e->sh->stat[b].pid > 0) {
			if (eng_sync_aborting(e->sync))
				kill(e->sh->stat[b].pid, SIGKILL);
			while (waitpid(e->sh->stat[b].pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
	eng_stat_end(e, id);
	if (!eng_sync_aborting(e->sync)) {
		run_child_values(e, id);
		eng_finish(a, a->failed ? REC_ST_FAILED : REC_ST_DONE, a->failed ? 1 : 0);
	}
	_exit(0);
}

int
eng_start_actor(struct eng *e, int spawner, int id)
{
	const struct prog_actor *pa = &e->v->actors[id];
	struct eng_act *a = &e->acts[id];
	pthread_t t;
	pid_t pid;
	int err;

	eng_sync_lock_big(e->sync);
	if (eng_sync_is_started(e->sync, id) || eng_sync_aborting(e->sync)) {
		eng_sync_unlock_big(e->sync);
		return 0;
	}
	eng_sync_started(e->sync, id);
	if (spawner >= 0)
		eng_emit_simple(e, REC_SPAWN, spawner, -1, -1, id, 0);
	eng_sync_unlock_big(e->sync);

	switch (pa->kind) {
	case PROG_THREAD:
	case PROG_LOOP:
		err = pthread_create(&t, NULL, pa->kind == PROG_LOOP ? eng_loop_main : run_thread_main, a);
		if (err != 0) {
			fprintf(stderr, _("kitchensync: engine: cannot start thread '%s': %s\n"),
			    pa->name, strerror(err));
			return -1;
		}
		eng_track_thread(e, t);
		return 0;
	case PROG_PROCESS:
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, _("kitchensync: engine: cannot fork process '%s': %s\n"),
			    pa->name, strerror(errno));
			return -1;
		}
		if (pid == 0)
			run_child_main(e, id);
		e->sh->stat[id].forker = getpid();
		e->sh->stat[id].pid = pid;
		eng_sync_lock_big(e->sync);
		eng_sync_wake_supervisor(e->sync);
		eng_sync_unlock_big(e->sync);
		return 0;
	case PROG_TASK:
		eng_loop_request(e, id);
		return 0;
	}
	return 0;
}
