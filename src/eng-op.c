/* eng-op.c: one actor's op interpreter: values, locks, queues, spawn and
 * join, narration, asserts, and the bookkeeping of an actor's start and end.
 * Calls eng-work.c, eng-sync.c and eng-emit.c; starts other actors through
 * the hook e->launch (see eng-int.h); hands a loop task's await and offload
 * back to its loop. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "eng-int.h"
#include "i18n.h"
#include "prog-eval.h"
#include "xalloc.h"

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
	a->qprev = a->qnext = -1;
}

void
eng_act_done(struct eng_act *a)
{
	free(a->locals);
	free(a->taint);
	free(a->txw);
	a->locals = NULL;
	a->taint = NULL;
	a->txw = NULL;
}

/* ---- an actor's start and end ------------------------------------------- */

void
eng_stat_begin(struct eng *e, int id)
{
	struct eng_act *a = &e->acts[id];
	struct rusage ru;
	e->stat[id].t_start = (int64_t)rec_now();
	a->cpu0 = eng_thread_cpu_ns();
	if (getrusage(RUSAGE_THREAD, &ru) == 0) {
		a->vcsw0 = ru.ru_nvcsw;
		a->ivcsw0 = ru.ru_nivcsw;
	}
}

void
eng_stat_end(struct eng *e, int id)
{
	struct eng_act *a = &e->acts[id];
	struct eng_stat *st = &e->stat[id];
	struct rusage ru;
	st->t_end = (int64_t)rec_now();
	st->cpu_ns += eng_thread_cpu_ns() - a->cpu0;
	if (getrusage(RUSAGE_THREAD, &ru) == 0) {
		st->vcsw += ru.ru_nvcsw - a->vcsw0;
		st->ivcsw += ru.ru_nivcsw - a->ivcsw0;
	}
}

int64_t
eng_run_ns(struct eng *e, int64_t ns)
{
	return e->cfg.mode == ENG_STEP ? ns : eng_scale(e, ns);
}

static const struct prog_family *
op_family(struct eng *e, int id)
{
	int f = e->v->actors[id].family;
	return f >= 0 && (size_t)f < e->v->nfamilies ? &e->v->families[f] : NULL;
}

void
eng_arrive(struct eng *e, int id)
{
	struct eng_stat *st = &e->stat[id];
	if (op_family(e, id) == NULL)
		return;
	eng_sync_lock_big(e->sync);
	if (!st->arrived) {
		st->arrived = 1;
		st->arrive_ns = eng_clock(e);
		eng_emit_simple(e, REC_ARRIVE, id, -1, -1, -1, e->v->actors[id].family);
	}
	eng_sync_unlock_big(e->sync);
}

void
eng_refuse(struct eng *e, int id, int err)
{
	eng_arrive(e, id);
	eng_sync_lock_big(e->sync);
	e->stat[id].refused = err > 0 ? err : EAGAIN;
	eng_emit_simple(e, REC_REFUSED, id, -1, -1, -1, e->stat[id].refused);
	if (eng_sync_phase(e->sync, id) != ENG_PH_DONE)
		eng_sync_done(e->sync, id, REC_ST_REFUSED, -1);
	eng_sync_unlock_big(e->sync);
}

void
eng_finish(struct eng_act *a, enum rec_state st, int64_t status)
{
	struct eng *e = a->e;
	const struct prog_family *f = op_family(e, a->id);
	struct eng_stat *sa = &e->stat[a->id];

	eng_sync_lock_big(e->sync);
	if (f != NULL && sa->arrived && !sa->finished) {
		sa->finished = 1;
		sa->finish_ns = eng_clock(e);
		if (f->deadline_ns > 0 && sa->finish_ns - sa->arrive_ns > eng_run_ns(e, f->deadline_ns)) {
			sa->timed_out = 1;
			if (st == REC_ST_DONE)
				st = REC_ST_TIMEDOUT;
		}
	}
	if (!eng_sync_aborting(e->sync) || eng_sync_phase(e->sync, a->id) != ENG_PH_DONE)
		eng_sync_done(e->sync, a->id, st, status);
	eng_sync_unlock_big(e->sync);
}

/* ---- values --------------------------------------------------------------- */

static struct eng_val *
run_val(struct eng *e, int res)
{
	if (e->v->decls[res].kind == PROG_SHM)
		return &e->shm[res];
	return &e->vars[res];
}

/* ---- transactions (see prog.h, PROG_OP_TX_BEGIN) ------------------------ */

/* A's buffered write of RES in the transaction under way, or NULL. */
static struct eng_tx_write *
run_tx_find(struct eng_act *a, int res)
{
	for (size_t i = 0; i < a->ntxw; i++)
		if (a->txw[i].res == res)
			return &a->txw[i];
	return NULL;
}

/* Shared value RES as actor A sees it (big lock held): inside a transaction
 * its own writes, which nobody else sees yet; else the shared copy. */
static prog_value
run_read(struct eng *e, struct eng_act *a, int res)
{
	struct eng_tx_write *w = a != NULL && a->in_tx ? run_tx_find(a, res) : NULL;
	return w != NULL ? w->v : run_val(e, res)->v;
}

static void
run_tx_write(struct eng_act *a, int res, prog_value v)
{
	struct eng_tx_write *w = run_tx_find(a, res);
	if (w == NULL) {
		a->txw = xgrow(a->txw, &a->atxw, a->ntxw + 1, sizeof *a->txw);
		w = &a->txw[a->ntxw++];
		w->res = res;
	}
	w->v = v;
}

/* A transaction begins once A holds the variant's transaction mutex. */
static int
run_tx_begin(struct eng_act *a, const struct prog_op *op)
{
	int rc = eng_sync_lock(a->e->sync, a->id, op->res, -1);
	if (rc == ENG_SYNC_OK) {
		a->in_tx = true;
		a->tx_res = op->res;
		a->ntxw = 0;
	}
	return rc;
}

/* The transaction ends, its buffer dropped: after a commit, or as the rollback. */
static int
run_tx_end(struct eng_act *a)
{
	a->in_tx = false;
	a->ntxw = 0;
	return eng_sync_unlock(a->e->sync, a->id, a->tx_res);
}

static bool run_has_invariants(const struct prog_variant *v);
static int run_invariant_broken(struct eng *e);
static void run_broke(struct eng_act *a, int i);

/* Applies A's buffered writes all at once, as one step, recorded as stores. */
static int
run_tx_commit(struct eng_act *a)
{
	struct eng *e = a->e;
	int broken;
	eng_sync_lock_big(e->sync);
	for (size_t i = 0; i < a->ntxw; i++) {
		struct eng_val *x = run_val(e, a->txw[i].res);
		x->v = a->txw[i].v;
		x->version++;
		x->last_actor = a->id;
		x->last_op = a->pc;
		eng_emit_simple(e, REC_STORE, a->id, a->pc, a->txw[i].res, -1, x->v);
	}
	broken = run_has_invariants(e->v) ? run_invariant_broken(e) : -1;
	eng_sync_unlock_big(e->sync);
	if (broken >= 0)
		run_broke(a, broken);
	return run_tx_end(a);
}

/* `fail`: A stops here as if it crashed, saying why; a transaction it is in
 * is rolled back first.  Unlike a failed assert, the run goes on. */
static void
run_give_up(struct eng_act *a, const struct prog_op *op)
{
	if (a->in_tx)
		(void)run_tx_end(a);
	eng_emit_simple(a->e, REC_SAY, a->id, a->pc, -1, -1, op->text);
	a->e->stat[a->id].fail_op = a->pc + 1;
	a->failed = true;
}

/* Where an expression's values come from for actor A (big lock held). */
struct run_env {
	struct eng *e;
	struct eng_act *a;
	struct eng_taint *t;
};

static prog_value
run_env_shared(void *ctx, int res)
{
	struct run_env *r = ctx;
	return run_read(r->e, r->a, res);  /* inside a transaction: its own writes too */
}

static prog_value
run_env_qlen(void *ctx, int res)
{
	return eng_sync_qlen(((struct run_env *)ctx)->e->sync, res);
}

/* The first local read that came from a load names where the value came from. */
static void
run_env_local(void *ctx, int slot)
{
	struct run_env *r = ctx;
	if (r->t && r->t->res < 0 && r->a->taint[slot].res >= 0)
		*r->t = r->a->taint[slot];
}

/* Evaluates expression EX for actor A (big lock held); *T: where it came from. */
static prog_value
run_eval(struct eng *e, struct eng_act *a, int ex, struct eng_taint *t)
{
	struct run_env r = { e, a, t };
	struct prog_eval_env env = {
		a ? a->locals : NULL, a ? a->pa->nlocals : 0, a ? a->pa->member : 0,
		&r, run_env_shared, run_env_qlen, run_env_local,
	};
	return prog_eval(e->v, ex, &env);
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

/* A failed assert (or an unlock of what A does not hold: TEXT -1): recorded,
 * and the run stops there, as scenario(5) says: the first failure is the
 * lesson, and a `while true` puzzle must not run on to the op limit. */
static void
run_fail(struct eng_act *a, const struct prog_op *op, int text)
{
	struct eng *e = a->e;
	atomic_fetch_add(&e->sh->asserts_failed, 1);
	eng_emit_simple(e, REC_ASSERT_FAIL, a->id, a->pc, op->res, -1, text);
	a->failed = true;
	eng_sync_lock_big(e->sync);
	if (e->sh->fail_actor < 0) {
		e->sh->fail_actor = a->id;
		e->sh->fail_op = a->pc;
		e->sh->fail_text = text;
		e->sh->fail_res = op->res;
	}
	if (eng_sync_phase(e->sync, a->id) != ENG_PH_DONE)
		eng_sync_done(e->sync, a->id, REC_ST_FAILED, 1);  /* before the stop, which skips finishing */
	eng_sync_abort(e->sync, ENG_SYNC_FAILED);
	eng_sync_unlock_big(e->sync);
}

static void
run_load(struct eng_act *a, const struct prog_op *op)
{
	struct eng *e = a->e;
	struct eng_val *x;
	prog_value v;
	eng_sync_lock_big(e->sync);
	x = run_val(e, op->res);
	v = run_read(e, a, op->res);
	if (op->dst >= 0 && (size_t)op->dst < a->pa->nlocals) {
		a->locals[op->dst] = v;
		/* inside a transaction nobody can overwrite it unseen: no lost update to find */
		a->taint[op->dst] = a->in_tx ? (struct eng_taint){ -1, 0, -1 }
		    : (struct eng_taint){ op->res, x->version, a->pc };
	}
	eng_emit_simple(e, REC_LOAD, a->id, a->pc, op->res, x->last_actor, v);
	eng_sync_unlock_big(e->sync);
}

/* The first invariant (`always`) of the run's variant that does not hold now,
 * or -1 (big lock held).  Asked after each store, only when there are any. */
static int
run_invariant_broken(struct eng *e)
{
	for (size_t i = 0; i < e->v->nexpects; i++)
		if (e->v->expects[i].mode == PROG_ALWAYS && run_eval(e, NULL, e->v->expects[i].expr, NULL) == 0)
			return (int)i;
	return -1;
}

static bool
run_has_invariants(const struct prog_variant *v)
{
	for (size_t i = 0; i < v->nexpects; i++)
		if (v->expects[i].mode == PROG_ALWAYS)
			return true;
	return false;
}

/* A's store broke invariant I: recorded where it happened (an expectation
 * event with the actor), and the run stops there, as at a failed assert. */
static void
run_broke(struct eng_act *a, int i)
{
	struct eng *e = a->e;
	eng_emit_simple(e, REC_EXPECT, a->id, a->pc, i, -1, 0);
	eng_sync_lock_big(e->sync);
	if (e->sh->invariant < 0) {
		e->sh->invariant = i;
		e->sh->inv_actor = a->id;
		e->sh->inv_op = a->pc;
	}
	eng_sync_abort(e->sync, ENG_SYNC_FAILED);
	eng_sync_unlock_big(e->sync);
}

static void
run_store(struct eng_act *a, const struct prog_op *op, bool add)
{
	int broken = -1;
	struct eng *e = a->e;
	struct eng_taint t = { -1, 0, -1 };
	struct eng_val *x;
	prog_value v;

	eng_sync_lock_big(e->sync);
	x = run_val(e, op->res);
	v = run_eval(e, a, op->expr, &t);
	if (a->in_tx) {
		/* buffered: applied, and recorded, at the commit */
		run_tx_write(a, op->res, add ? (prog_value)((uint64_t)run_read(e, a, op->res) + (uint64_t)v) : v);
		eng_sync_unlock_big(e->sync);
		return;
	}
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
	if (run_has_invariants(e->v))
		broken = run_invariant_broken(e);
	eng_sync_unlock_big(e->sync);
	if (broken >= 0)
		run_broke(a, broken);
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
			if (e->sh->crit_region < 0) {
				e->sh->crit_region = r;
				e->sh->crit_actor = a->id;
				e->sh->crit_other = e->inside_who[r];
			}
			eng_sync_abort(e->sync, ENG_SYNC_FAILED);  /* the violation is the lesson: stop */
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

/* The limit of a wait: for D of a bounded one, none (-1) for the others. */
static int64_t
run_timeout(struct eng *e, const struct prog_op *op)
{
	return (op->flags & PROG_OPF_BOUNDED) ? eng_scale(e, op->dur_ns > 0 ? op->dur_ns : 0) : -1;
}

/* spawn: one actor, or a family's next unstarted member. */
static int
run_spawn(struct eng_act *a, const struct prog_op *op)
{
	struct eng *e = a->e;
	const struct prog_family *f;
	if (op->family < 0)
		return op->actor >= 0 && op->actor < e->nactors ? e->launch(e, a->id, op->actor) : 0;
	if ((size_t)op->family >= e->v->nfamilies)
		return 0;
	f = &e->v->families[op->family];
	for (;;) {
		int k = atomic_fetch_add(&e->fam[op->family].next_spawn, 1);
		int id = f->first + k, rc;
		bool started;
		if (k >= f->count)
			return 0;  /* every member has started: nothing left to spawn */
		eng_sync_lock_big(e->sync);
		started = eng_sync_is_started(e->sync, id);
		eng_sync_unlock_big(e->sync);
		if (started)
			continue;  /* spawned by name before */
		rc = e->launch(e, a->id, id);
		return rc;
	}
}

/* What is left of a bounded join's time T (< 0: none) that ends at DEADLINE;
 * in step mode all of it: only scenario time passes while nobody moves. */
static int64_t
run_join_left(const struct eng *e, int64_t t, uint64_t deadline)
{
	uint64_t now;
	if (t <= 0 || e->cfg.mode == ENG_STEP)
		return t;
	now = rec_now();
	return now < deadline ? (int64_t)(deadline - now) : 0;
}

/* join: one actor, or every member of a family that has started or will
 * (an idle family: the ones spawned so far); bounded: all within D. */
static int
run_join(struct eng_act *a, const struct prog_op *op)
{
	struct eng *e = a->e;
	int64_t t = run_timeout(e, op);
	uint64_t deadline = t > 0 ? rec_now() + (uint64_t)t : 0;
	int first = op->actor, count = op->actor >= 0 ? 1 : 0, rc = ENG_SYNC_OK;

	if (op->family >= 0 && (size_t)op->family < e->v->nfamilies) {
		const struct prog_family *f = &e->v->families[op->family];
		first = f->first;
		count = f->count;
		if (f->idle) {
			int k = atomic_load(&e->fam[op->family].next_spawn);
			count = k < count ? k : count;
		}
	}
	for (int id = first; id < first + count && rc == ENG_SYNC_OK; id++) {
		bool idle;
		if (id == a->id || id < 0 || id >= e->nactors)
			continue;
		eng_sync_lock_big(e->sync);
		idle = op->family >= 0 && e->v->actors[id].idle && !eng_sync_is_started(e->sync, id);
		eng_sync_unlock_big(e->sync);
		if (!idle)
			rc = eng_sync_join(e->sync, a->id, id, run_join_left(e, t, deadline));
	}
	return rc;
}

/* The op's event; work watches for preemption from it on (*T0, *CPU0). */
static void
run_op_event(struct eng_act *a, const struct prog_op *op, uint64_t *t0, int64_t *cpu0)
{
	struct eng *e = a->e;
	if (!prog_op_is_step(op))
		return;
	if (op->code == PROG_OP_WORK || (op->code == PROG_OP_OFFLOAD_WORK && !a->loop)) {
		eng_note_cpu(e, a->id, &a->last_cpu);
		*cpu0 = eng_thread_cpu_ns();
		*t0 = eng_emit_simple_t(e, REC_OP, a->id, a->pc, op->res, -1, op->code);
	} else {
		eng_emit_simple(e, REC_OP, a->id, a->pc, op->res, -1, op->code);
		eng_note_cpu(e, a->id, &a->last_cpu);
	}
}

/* Ops that wait on time: work, sleep, io, await, offload.  -2: not one of them. */
static int
run_timed(struct eng_act *a, const struct prog_op *op, int64_t ns, uint64_t t0, int64_t cpu0,
    enum eng_step_result *res)
{
	struct eng *e = a->e;
	struct eng_sync *s = e->sync;
	bool work = op->code == PROG_OP_WORK || op->code == PROG_OP_OFFLOAD_WORK;

	switch (op->code) {
	case PROG_OP_AWAIT:
	case PROG_OP_OFFLOAD_WORK:
	case PROG_OP_OFFLOAD_SLEEP:
		if (a->loop) {
			a->pc++;
			a->wait_ns = ns;
			a->off_sleep = op->code == PROG_OP_OFFLOAD_SLEEP;
			*res = op->code == PROG_OP_AWAIT ? ENG_STEP_AWAIT : ENG_STEP_OFFLOAD;
			return ENG_SYNC_OK;
		}
		/* a thread or process awaits or offloads by doing it itself */
		break;
	case PROG_OP_WORK:
	case PROG_OP_SLEEP:
	case PROG_OP_IO:
		break;
	default:
		return -2;
	}
	if (work)
		return eng_work_since(e, a->id, a->pc, ns, &a->last_cpu, t0, cpu0) < 0 ? ENG_SYNC_ABORT : ENG_SYNC_OK;
	return eng_sync_sleep(s, a->id, ns, op->code == PROG_OP_IO ? REC_ST_IO : REC_ST_SLEEPING);
}

/* Ops that wait on another actor: locks, semaphores, queues, join.  -2: not one. */
static int
run_wait(struct eng_act *a, const struct prog_op *op, int64_t ns)
{
	struct eng_sync *s = a->e->sync;
	int64_t t = run_timeout(a->e, op);
	prog_value v = 0;
	int rc;

	switch (op->code) {
	case PROG_OP_LOCK: return eng_sync_lock(s, a->id, op->res, t);
	case PROG_OP_TRYLOCK: return eng_sync_lock(s, a->id, op->res, ns > 0 ? ns : 0);
	case PROG_OP_UNLOCK: return eng_sync_unlock(s, a->id, op->res);
	case PROG_OP_ACQUIRE: return eng_sync_acquire(s, a->id, op->res, t);
	case PROG_OP_RELEASE: return eng_sync_release(s, a->id, op->res);
	case PROG_OP_READ_LOCK: return eng_sync_read_lock(s, a->id, op->res, t);
	case PROG_OP_WRITE_LOCK: return eng_sync_write_lock(s, a->id, op->res, t);
	case PROG_OP_PUSH:
		return eng_sync_push(s, a->id, op->res, run_eval_locked(a, op->expr, NULL), t);
	case PROG_OP_POP:
		rc = eng_sync_pop(s, a->id, op->res, &v, t);
		if (rc == ENG_SYNC_OK && op->dst >= 0 && (size_t)op->dst < a->pa->nlocals) {
			a->locals[op->dst] = v;
			a->taint[op->dst].res = -1;
		}
		return rc;
	case PROG_OP_JOIN:
		return run_join(a, op);
	case PROG_OP_CALL:
		return eng_sync_call(s, a->id, op->res, run_eval_locked(a, op->expr, NULL), t);
	case PROG_OP_REPLY:
		return eng_sync_reply(s, a->id, op->res, run_eval_locked(a, op->expr, NULL));
	case PROG_OP_TX_BEGIN:
		return run_tx_begin(a, op);
	case PROG_OP_TX_COMMIT:
		return run_tx_commit(a);
	default:
		return -2;
	}
}

/* Ops on values, control flow and narration; returns a step result, or -1 to go on. */
static int
run_plain(struct eng_act *a, const struct prog_op *op)
{
	struct eng *e = a->e;
	struct eng_taint t = { -1, 0, -1 };
	prog_value v;

	switch (op->code) {
	case PROG_OP_LOAD: run_load(a, op); break;
	case PROG_OP_STORE: run_store(a, op, false); break;
	case PROG_OP_ATOMIC_ADD: run_store(a, op, true); break;
	case PROG_OP_SET:
		v = run_eval_locked(a, op->expr, &t);
		if (op->dst >= 0 && (size_t)op->dst < a->pa->nlocals) {
			a->locals[op->dst] = v;
			a->taint[op->dst] = t;
		}
		break;
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
		if (run_spawn(a, op) < 0)
			return ENG_STEP_STOP;
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
			run_fail(a, op, op->text);
			return ENG_STEP_END;
		}
		break;
	case PROG_OP_FAIL:
		run_give_up(a, op);
		return ENG_STEP_END;
	case PROG_OP_ENTER: run_enter(a, op, true); break;
	case PROG_OP_LEAVE: run_enter(a, op, false); break;
	default: return ENG_STEP_END;  /* END */
	}
	a->pc++;
	return ENG_STEP_NEXT;
}

/* A loop task's call: the request goes out, and the task waits for its reply
 * without holding the loop, as an HTTP client awaits its response. */
static enum eng_step_result
run_call_async(struct eng_act *a, const struct prog_op *op)
{
	struct eng *e = a->e;
	int64_t t = run_timeout(e, op);
	int rc = eng_sync_call_async(e->sync, a->id, op->res, run_eval_locked(a, op->expr, NULL), t);

	if (rc == ENG_SYNC_ABORT)
		return ENG_STEP_STOP;
	if (rc == ENG_SYNC_TIMEOUT) {
		a->pc = op->target;
		return ENG_STEP_NEXT;
	}
	a->pc++;
	a->wait_ns = t;
	a->call_else = op->target;
	return ENG_STEP_REPLY;
}

/* Counts A's op against the op limit; false when the run had to stop. */
static bool
run_count_op(struct eng_act *a)
{
	struct eng *e = a->e;
	if (++a->nops > e->op_limit) {
		atomic_store(&e->sh->limit_hit, 1);
		eng_sync_lock_big(e->sync);
		eng_sync_abort(e->sync, ENG_SYNC_ABORTED);
		eng_sync_unlock_big(e->sync);
		return false;
	}
	e->stat[a->id].ops = a->nops;
	return true;
}

enum eng_step_result
eng_run_op(struct eng_act *a)
{
	struct eng *e = a->e;
	const struct prog_op *op;
	enum eng_step_result res = ENG_STEP_NEXT;
	int64_t ns, cpu0 = 0;
	uint64_t t0 = 0;
	int rc;

	if (a->pc < 0 || (size_t)a->pc >= a->pa->nops)
		return ENG_STEP_END;
	if (eng_sync_aborting(e->sync))
		return ENG_STEP_STOP;
	op = &a->pa->ops[a->pc];
	if (!run_count_op(a))
		return ENG_STEP_STOP;
	run_op_event(a, op, &t0, &cpu0);
	ns = eng_scale(e, op->dur_ns);
	if (op->code == PROG_OP_CALL && a->loop)
		return run_call_async(a, op);
	rc = run_timed(a, op, ns, t0, cpu0, &res);
	if (rc == -2)
		rc = run_wait(a, op, ns);
	if (rc == -2)
		return (enum eng_step_result)run_plain(a, op);
	if (res != ENG_STEP_NEXT)
		return res;  /* handed back to the loop; pc already moved on */
	if (rc == ENG_SYNC_TIMEOUT) {
		a->pc = op->target;  /* trylock or a bounded wait gave up: its else */
		return ENG_STEP_NEXT;
	}
	if (rc == ENG_SYNC_NOTHELD) {
		/* unlocking what one does not hold is an error, as in POSIX */
		run_fail(a, op, -1);
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
		if (prog_op_is_step(op)) {
			int rc;
			eng_sync_lock_big(e->sync);
			rc = eng_sync_gate(e->sync, a->id, a->pc);
			eng_sync_unlock_big(e->sync);
			if (rc != ENG_SYNC_OK)
				return;
		}
		r = eng_run_op(a);
		if (r != ENG_STEP_NEXT)
			return;
	}
}
