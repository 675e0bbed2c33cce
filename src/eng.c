/* eng.c: the engine's public face: setup, the supervisor, grants, abort, outcome. */
#include "config.h"

#include "eng.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eng-int.h"
#include "i18n.h"
#include "xalloc.h"

#define GRACE_NS 100000000  /* how long a process may take to stop before SIGKILL */

static atomic_uint eng_generation;
static __thread struct rec_writer *eng_tls_writer;
static __thread unsigned eng_tls_gen;

/* ---- events --------------------------------------------------------------- */

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

void
eng_emit(struct eng *e, struct rec_event *ev)
{
	struct rec_writer *w = eng_writer(e);
	if (w == NULL) {
		atomic_fetch_add(&e->sh->dropped, 1);
		return;
	}
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
	rec_emit_at(w, ev, t_ns);
}

void
eng_hold(struct eng *e, uint64_t t_ns)
{
	struct rec_writer *w = eng_writer(e);
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

static void
eng_sync_emit_cb(void *ctx, struct rec_event *ev)
{
	eng_emit(ctx, ev);
}

/* ---- helpers -------------------------------------------------------------- */

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

void
eng_set_speed(struct eng *e, double speed)
{
	uint64_t bits;
	if (!(speed > 0) || speed > 1e9 || e->sh == NULL)
		return;
	memcpy(&bits, &speed, sizeof bits);
	atomic_store_explicit(&e->sh->speed, bits, memory_order_relaxed);
}

void
eng_pin(struct eng *e)
{
	if (e->pinned && sched_setaffinity(0, sizeof e->pin, &e->pin) != 0)
		perror("kitchensync: engine: sched_setaffinity");
}

void
eng_track_thread(struct eng *e, pthread_t t)
{
	pthread_mutex_lock(&e->thr_lock);
	e->threads = xgrow(e->threads, &e->cthreads, e->nthreads + 1, sizeof *e->threads);
	e->threads[e->nthreads++] = t;
	pthread_mutex_unlock(&e->thr_lock);
}

const char *
eng_end_name(enum eng_end end)
{
	static const char *const names[] = {
		[ENG_END_NONE] = N_("running"),
		[ENG_END_DONE] = N_("finished"),
		[ENG_END_DEADLOCK] = N_("deadlocked"),
		[ENG_END_STALLED] = N_("stalled"),
		[ENG_END_ABORTED] = N_("aborted"),
		[ENG_END_LIMIT] = N_("stopped at the op limit"),
	};
	return (unsigned)end < sizeof names / sizeof names[0] ? _(names[end]) : "?";
}

/* ---- setup ---------------------------------------------------------------- */

struct eng *
eng_new(const struct eng_config *cfg, char **err)
{
	const struct prog_variant *v = cfg->variant;
	struct eng *e;
	size_t extra, nd, nr;
	unsigned writers;
	int nprocs = 0;
	char *p;

	*err = NULL;
	if (v == NULL) {
		*err = xstrdup(_("no variant to run"));
		return NULL;
	}
	if (v->nactors > ENG_SYNC_MAX_ACTORS) {
		*err = xasprintf(_("%zu workers: at most %d can run"), v->nactors, ENG_SYNC_MAX_ACTORS);
		return NULL;
	}
	if (cfg->cpus < 0) {
		*err = xstrdup(_("--cpus must be at least 1"));
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	eng_gil_init(&e->gil);
	pthread_mutex_init(&e->thr_lock, NULL);
	pthread_mutex_init(&e->end_lock, NULL);
	pthread_cond_init(&e->end_cond, NULL);
	e->cfg = *cfg;
	e->prog = cfg->prog;
	e->v = v;
	e->nactors = (int)v->nactors;
	e->speed = cfg->speed > 0 ? cfg->speed : 1.0;
	e->op_limit = cfg->op_limit > 0 ? cfg->op_limit : 1000000;
	e->gil_switch_ns = v->options.gil_switch_ns > 0 ? v->options.gil_switch_ns : 5000000;
	e->gen = atomic_fetch_add(&eng_generation, 1) + 1;
	e->main_pid = getpid();
	e->rr_last = -1;
	e->rng = cfg->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
	if (e->rng == 0)
		e->rng = 1;
	if (cfg->schedule && cfg->nschedule) {
		int *sch = xcalloc(cfg->nschedule, sizeof *sch);
		memcpy(sch, cfg->schedule, cfg->nschedule * sizeof *sch);
		e->cfg.schedule = sch;
	} else {
		e->cfg.schedule = NULL;
		e->cfg.nschedule = 0;
	}

	/* the command line's --cpus wins over the variant's option cpus */
	if (e->cfg.cpus <= 0)
		e->cfg.cpus = v->options.cpus > 0 ? v->options.cpus : 0;
	if (e->cfg.cpus > 0) {
		cpu_set_t have;
		int n = 0;
		if (sched_getaffinity(0, sizeof have, &have) != 0) {
			*err = xasprintf(_("cannot read the CPU affinity: %s"), strerror(errno));
			goto fail;
		}
		CPU_ZERO(&e->pin);
		for (int c = 0; c < CPU_SETSIZE && n < e->cfg.cpus; c++)
			if (CPU_ISSET(c, &have)) {
				CPU_SET(c, &e->pin);
				n++;
			}
		e->pinned = true;
	}

	for (size_t a = 0; a < v->nactors; a++)
		if (v->actors[a].kind == PROG_PROCESS)
			nprocs++;
	writers = (unsigned)(v->nactors + 8 + (size_t)ENG_MAX_POOL * (size_t)(1 + nprocs));
	if (v->nactors > REC_MAX_WRITERS || writers > REC_MAX_WRITERS)
		writers = REC_MAX_WRITERS;   /* OS threads write, tasks share theirs; unused ones cost 128 bytes */
	e->rec = rec_new(writers, cfg->ring_events ? cfg->ring_events : REC_POOL_EVENTS);
	if (e->rec == NULL) {
		*err = xstrdup(_("cannot make the recorder's shared memory"));
		goto fail;
	}

	nd = v->ndecls;
	nr = v->nregions;
	extra = sizeof(struct eng_shared) + nd * sizeof(struct eng_val) + 2 * nr * sizeof(int) +
	    v->nactors * nd * sizeof(prog_value) + 64;
	e->sync = eng_sync_new(v, cfg->mode == ENG_STEP, extra, eng_sync_emit_cb, e);
	if (e->sync == NULL) {
		*err = xasprintf(_("cannot make the engine's shared memory: %s"), strerror(errno));
		goto fail;
	}
	p = eng_sync_extra(e->sync);
	e->sh = (struct eng_shared *)p;
	p += (sizeof(struct eng_shared) + 15) & ~(size_t)15;
	e->shm = (struct eng_val *)p;
	p += nd * sizeof(struct eng_val);
	e->proc_final = (prog_value *)p;
	p += v->nactors * nd * sizeof(prog_value);
	e->inside = (int *)p;
	e->inside_who = e->inside + nr;

	e->vars = xcalloc(nd + 1, sizeof *e->vars);
	for (size_t d = 0; d < nd; d++) {
		struct eng_val *x = v->decls[d].kind == PROG_SHM ? &e->shm[d] : &e->vars[d];
		x->v = v->decls[d].init;
		x->last_actor = -1;
		x->last_op = -1;
	}
	for (size_t a = 0; a < v->nactors; a++) {
		e->sh->stat[a].pid = -1;
		e->sh->stat[a].forker = -1;
	}
	e->acts = xcalloc(v->nactors + 1, sizeof *e->acts);
	for (int a = 0; a < e->nactors; a++)
		eng_act_init(e, &e->acts[a], a);
	e->bells = xcalloc(v->nactors + 1, sizeof *e->bells);
	for (int a = 0; a < e->nactors; a++) {
		e->bells[a] = -1;
		if (v->actors[a].kind != PROG_LOOP)
			continue;
		e->bells[a] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (e->bells[a] < 0) {
			*err = xasprintf(_("cannot make an eventfd: %s"), strerror(errno));
			goto fail;
		}
	}
	for (int a = 0; a < e->nactors; a++) {
		int loop = v->actors[a].kind == PROG_LOOP ? a :
		    v->actors[a].kind == PROG_TASK ? v->actors[a].parent : -1;
		if (loop >= 0 && loop < e->nactors)
			eng_sync_set_bell(e->sync, a, e->bells[loop]);
	}
	e->pool_names = xcalloc(ENG_MAX_POOL, sizeof *e->pool_names);
	for (int k = 0; k < ENG_MAX_POOL; k++)
		e->pool_names[k] = xasprintf(_("pool %d"), k + 1);
	return e;
fail:
	eng_free(e);
	return NULL;
}

struct rec *
eng_rec(struct eng *e)
{
	return e->rec;
}

size_t
eng_actor_count(struct eng *e)
{
	int np = e->sh ? atomic_load(&e->sh->npool) : 0;
	return (size_t)e->nactors + (size_t)(np < ENG_MAX_POOL ? np : ENG_MAX_POOL);
}

const char *
eng_actor_name(struct eng *e, int actor)
{
	if (actor >= 0 && actor < e->nactors)
		return e->v->actors[actor].name;
	if (actor >= e->nactors && actor < e->nactors + ENG_MAX_POOL)
		return e->pool_names[actor - e->nactors];
	return "?";
}

pid_t
eng_actor_pid(struct eng *e, int actor)
{
	if (actor < 0 || actor >= e->nactors || e->sh == NULL)
		return -1;
	return e->sh->stat[actor].pid;
}

/* ---- the policy ---------------------------------------------------------- */

static uint64_t
eng_rand(struct eng *e)
{
	uint64_t x = e->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	e->rng = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* Picks the next actor to grant among MASK (big lock held); -1 when none. */
static int
eng_pick(struct eng *e, uint64_t mask, bool use_policy)
{
	int n = 0;
	if (mask == 0)
		return -1;
	if (use_policy && e->cfg.policy == ENG_POLICY_SCHEDULE) {
		while (e->sched_pos < e->cfg.nschedule) {
			int c = e->cfg.schedule[e->sched_pos++];
			if (c >= 0 && c < 64 && (mask & (UINT64_C(1) << c)))
				return e->rr_last = c;
		}
	}
	if (use_policy && e->cfg.policy == ENG_POLICY_RANDOM) {
		int k, want;
		for (int a = 0; a < e->nactors; a++)
			if (mask & (UINT64_C(1) << a))
				n++;
		want = (int)(eng_rand(e) % (uint64_t)n);
		for (int a = 0, k2 = 0; a < e->nactors; a++)
			if (mask & (UINT64_C(1) << a)) {
				if (k2++ == want)
					return e->rr_last = a;
			}
		(void)k;
	}
	for (int i = 1; i <= e->nactors; i++) {
		int a = (e->rr_last + i) % e->nactors;
		if (a >= 0 && (mask & (UINT64_C(1) << a)))
			return e->rr_last = a;
	}
	return -1;
}

bool
eng_grant(struct eng *e, int actor)
{
	bool ok;
	if (e->sync == NULL)
		return false;
	eng_sync_lock_big(e->sync);
	ok = eng_sync_grant(e->sync, actor);
	eng_sync_unlock_big(e->sync);
	return ok;
}

int
eng_grant_auto(struct eng *e)
{
	int a;
	eng_sync_lock_big(e->sync);
	a = eng_pick(e, eng_sync_ready_mask(e->sync), true);
	if (a >= 0 && !eng_sync_grant(e->sync, a))
		a = -1;
	eng_sync_unlock_big(e->sync);
	return a;
}

uint64_t
eng_ready_mask(struct eng *e)
{
	uint64_t m;
	eng_sync_lock_big(e->sync);
	m = eng_sync_ready_mask(e->sync);
	eng_sync_unlock_big(e->sync);
	return m;
}

void
eng_pause(struct eng *e)
{
	eng_sync_lock_big(e->sync);
	eng_sync_pause(e->sync, true);
	eng_sync_unlock_big(e->sync);
}

void
eng_resume(struct eng *e)
{
	eng_sync_lock_big(e->sync);
	eng_sync_pause(e->sync, false);
	eng_sync_unlock_big(e->sync);
}

void
eng_abort(struct eng *e)
{
	if (e->sync == NULL)
		return;
	eng_sync_lock_big(e->sync);
	eng_sync_abort(e->sync, ENG_SYNC_ABORTED);
	eng_sync_unlock_big(e->sync);
}

/* ---- the supervisor ------------------------------------------------------- */

/* Reaps the processes this process forked; WAIT: block until each is gone. */
static int
eng_reap(struct eng *e, bool wait)
{
	int alive = 0;
	for (int a = 0; a < e->nactors; a++) {
		struct eng_stat *st = &e->sh->stat[a];
		int status;
		pid_t r;
		if (st->pid <= 0 || st->forker != e->main_pid)
			continue;
		do
			r = waitpid(st->pid, &status, wait ? 0 : WNOHANG);
		while (r < 0 && errno == EINTR);
		if (r == 0) {
			alive++;
			continue;
		}
		st->pid = -1;
		if (r < 0)
			continue;
		eng_sync_lock_big(e->sync);
		if (WIFSIGNALED(status) && !eng_sync_aborting(e->sync)) {
			st->crashed = 1;
			st->status = WTERMSIG(status);
			atomic_fetch_add(&e->sh->crashes, 1);
			if (eng_sync_phase(e->sync, a) != ENG_PH_DONE)
				eng_sync_crashed(e->sync, a, WTERMSIG(status));
		} else if (WIFEXITED(status)) {
			st->status = WEXITSTATUS(status);
		}
		eng_sync_unlock_big(e->sync);
	}
	return alive;
}

static bool
eng_any_process(struct eng *e)
{
	for (int a = 0; a < e->nactors; a++)
		if (e->sh->stat[a].pid > 0 && e->sh->stat[a].forker == e->main_pid)
			return true;
	return false;
}

static void
eng_outcome_make(struct eng *e)
{
	struct eng_outcome *o = &e->out;
	const struct prog_variant *v = e->v;
	enum eng_sync_end se = eng_sync_end(e->sync);
	size_t nact = eng_actor_count(e);

	o->end = atomic_load(&e->sh->limit_hit) ? ENG_END_LIMIT :
	    se == ENG_SYNC_DEADLOCK ? ENG_END_DEADLOCK :
	    se == ENG_SYNC_STALLED ? ENG_END_STALLED :
	    se == ENG_SYNC_ABORTED ? ENG_END_ABORTED : ENG_END_DONE;
	o->asserts_failed = atomic_load(&e->sh->asserts_failed);
	o->critical_violations = atomic_load(&e->sh->critical);
	o->lost_updates = atomic_load(&e->sh->lost_updates);
	o->failed = o->asserts_failed > 0 || o->critical_violations > 0 || atomic_load(&e->sh->crashes) > 0;
	o->elapsed_ns = (int64_t)(e->t_end - e->t_begin);
	o->nactors = nact;
	o->actors = xcalloc(nact + 1, sizeof *o->actors);
	for (size_t a = 0; a < nact; a++) {
		struct eng_actor_result *r = &o->actors[a];
		r->wait_res = r->wait_holder = -1;
		if (a >= (size_t)e->nactors) {
			r->state = REC_ST_DONE;
			r->started = true;
			continue;
		}
		struct eng_stat *st = &e->sh->stat[a];
		r->state = eng_sync_last_state(e->sync, (int)a);
		r->started = eng_sync_is_started(e->sync, (int)a);
		r->crashed = st->crashed != 0;
		r->status = st->status;
		r->ops = st->ops;
		r->wall_ns = st->t_end > st->t_start ? st->t_end - st->t_start : 0;
		r->cpu_ns = st->cpu_ns;
		r->vcsw = st->vcsw;
		r->ivcsw = st->ivcsw;
		r->migrations = st->migrations;
		if (eng_sync_phase(e->sync, (int)a) == ENG_PH_BLOCKED)
			eng_sync_waiting(e->sync, (int)a, &r->wait_res, &r->wait_holder);
	}
	o->ndecls = v->ndecls;
	o->finals = xcalloc(v->ndecls + 1, sizeof *o->finals);
	o->proc_finals = xcalloc(v->ndecls * v->nactors + 1, sizeof *o->proc_finals);
	for (size_t d = 0; d < v->ndecls; d++)
		o->finals[d] = v->decls[d].kind == PROG_SHM ? e->shm[d].v :
		    v->decls[d].kind == PROG_VAR ? e->vars[d].v : 0;
	memcpy(o->proc_finals, e->proc_final, v->ndecls * v->nactors * sizeof *o->proc_finals);
	o->nexpects = v->nexpects;
	o->expects = xcalloc(v->nexpects + 1, sizeof *o->expects);
	o->expectations_met = true;
	for (size_t i = 0; i < v->nexpects; i++) {
		const struct prog_expect *x = &v->expects[i];
		struct eng_expect_result *r = &o->expects[i];
		switch (x->kind) {
		case PROG_EXPECT_TRUE:
			eng_sync_lock_big(e->sync);
			r->actual = eng_eval(e, NULL, x->expr);
			eng_sync_unlock_big(e->sync);
			r->met = r->actual != 0;
			break;
		case PROG_EXPECT_DEADLOCK:
			r->actual = o->end == ENG_END_DEADLOCK;
			r->met = r->actual;
			break;
		case PROG_EXPECT_NO_DEADLOCK:
			r->actual = o->end == ENG_END_DEADLOCK;
			r->met = !r->actual;
			break;
		case PROG_EXPECT_ELAPSED_LT:
			r->actual = o->elapsed_ns;
			r->met = o->elapsed_ns < eng_scale(e, x->dur_ns);
			break;
		case PROG_EXPECT_ELAPSED_GT:
			r->actual = o->elapsed_ns;
			r->met = o->elapsed_ns > eng_scale(e, x->dur_ns);
			break;
		case PROG_EXPECT_COUNT:
			break;
		}
		if (!r->met)
			o->expectations_met = false;
		eng_emit_simple(e, REC_EXPECT, -1, -1, (int)i, -1, r->met);
	}
	o->ncycle = eng_sync_cycle(e->sync, o->cycle, o->cycle_res, 64);
	o->dropped = rec_dropped(e->rec) + atomic_load(&e->sh->dropped);
}

/* Ends the run: everyone woken, threads joined, processes reaped, outcome made. */
static void
eng_shutdown(struct eng *e)
{
	uint64_t deadline;
	size_t i = 0;

	eng_sync_lock_big(e->sync);
	eng_sync_abort(e->sync, ENG_SYNC_ABORTED);
	eng_sync_unlock_big(e->sync);
	{
		struct eng_gil *g = &e->gil;
		pthread_mutex_lock(&g->m);
		pthread_cond_broadcast(&g->c);
		pthread_mutex_unlock(&g->m);
	}
	/* Threads first, so none is left to fork another process. */
	pthread_mutex_lock(&e->thr_lock);
	while (i < e->nthreads) {
		pthread_t t = e->threads[i++];
		pthread_mutex_unlock(&e->thr_lock);
		pthread_join(t, NULL);
		pthread_mutex_lock(&e->thr_lock);
	}
	e->nthreads = 0;
	pthread_mutex_unlock(&e->thr_lock);
	deadline = rec_now() + GRACE_NS;
	while (eng_reap(e, false) > 0 && rec_now() < deadline) {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	for (int a = 0; a < e->nactors; a++)
		if (e->sh->stat[a].pid > 0 && e->sh->stat[a].forker == e->main_pid)
			kill(e->sh->stat[a].pid, SIGKILL);
	eng_reap(e, true);
	e->t_end = rec_now();
	for (size_t d = 0; d < e->v->ndecls; d++) {
		enum prog_decl_kind k = e->v->decls[d].kind;
		if (k == PROG_VAR || k == PROG_SHM)
			eng_emit_simple(e, REC_VALUE_FINAL, -1, -1, (int)d, -1,
			    k == PROG_SHM ? e->shm[d].v : e->vars[d].v);
	}
	eng_outcome_make(e);
	eng_emit_simple(e, REC_RUN_END, -1, -1, -1, -1, e->out.end);
}

static void *
eng_supervise(void *arg)
{
	struct eng *e = arg;
	struct eng_sync *s = e->sync;
	bool step_auto = e->cfg.mode == ENG_STEP && e->cfg.policy != ENG_POLICY_MANUAL;

	e->t_begin = rec_now();
	eng_emit_simple(e, REC_RUN_BEGIN, -1, -1, -1, -1, e->nactors);
	for (int a = 0; a < e->nactors; a++) {
		const struct prog_actor *pa = &e->v->actors[a];
		if (pa->parent < 0 && !pa->idle && pa->kind != PROG_TASK && eng_start_actor(e, -1, a) < 0)
			break;
	}
	eng_sync_lock_big(s);
	for (;;) {
		bool procs;
		if (eng_sync_aborting(s))
			break;
		if (eng_sync_all_done(s)) {
			eng_sync_abort(s, ENG_SYNC_FINISHED);
			break;
		}
		if (step_auto && eng_sync_quiescent(s)) {
			int a = eng_pick(e, eng_sync_ready_mask(s), true);
			if (a >= 0)
				eng_sync_grant(s, a);
			else
				eng_sync_detect(s);
		}
		procs = eng_any_process(e);
		eng_sync_supervise_wait(s, procs ? 2000000 : 20000000);
		if (procs) {
			eng_sync_unlock_big(s);
			eng_reap(e, false);
			eng_sync_lock_big(s);
		}
	}
	eng_sync_unlock_big(s);
	eng_shutdown(e);
	pthread_mutex_lock(&e->end_lock);
	e->ended = true;
	pthread_cond_broadcast(&e->end_cond);
	pthread_mutex_unlock(&e->end_lock);
	return NULL;
}

int
eng_start(struct eng *e, char **err)
{
	int rc;
	*err = NULL;
	if (e->started) {
		*err = xstrdup(_("the run has already started"));
		return -1;
	}
	e->started = true;
	rc = pthread_create(&e->sup, NULL, eng_supervise, e);
	if (rc != 0) {
		*err = xasprintf(_("cannot start the engine's thread: %s"), strerror(rc));
		return -1;
	}
	e->sup_running = true;
	return 0;
}

bool
eng_wait(struct eng *e, int timeout_ms)
{
	bool ended;
	struct timespec ts;

	if (!e->sup_running)
		return false;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (timeout_ms > 0) {
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
	}
	pthread_mutex_lock(&e->end_lock);
	while (!e->ended) {
		if (timeout_ms < 0)
			pthread_cond_wait(&e->end_cond, &e->end_lock);
		else if (timeout_ms == 0 || pthread_cond_timedwait(&e->end_cond, &e->end_lock, &ts) == ETIMEDOUT)
			break;
	}
	ended = e->ended;
	pthread_mutex_unlock(&e->end_lock);
	return ended;
}

const struct eng_outcome *
eng_outcome(struct eng *e)
{
	bool ended;
	pthread_mutex_lock(&e->end_lock);
	ended = e->ended;
	pthread_mutex_unlock(&e->end_lock);
	return ended ? &e->out : NULL;
}

void
eng_free(struct eng *e)
{
	if (e == NULL)
		return;
	if (e->sup_running) {
		eng_abort(e);
		pthread_join(e->sup, NULL);
	}
	if (e->acts)
		for (int a = 0; a < e->nactors; a++)
			eng_act_done(&e->acts[a]);
	if (e->bells)
		for (int a = 0; a < e->nactors; a++)
			if (e->bells[a] >= 0)
				close(e->bells[a]);
	if (e->pool_names)
		for (int k = 0; k < ENG_MAX_POOL; k++)
			free(e->pool_names[k]);
	pthread_mutex_destroy(&e->thr_lock);
	pthread_mutex_destroy(&e->end_lock);
	pthread_cond_destroy(&e->end_cond);
	pthread_mutex_destroy(&e->gil.m);
	pthread_cond_destroy(&e->gil.c);
	free(e->pool_names);
	free(e->bells);
	free(e->acts);
	free(e->vars);
	free(e->threads);
	free((void *)e->cfg.schedule);
	free(e->out.actors);
	free(e->out.finals);
	free(e->out.proc_finals);
	free(e->out.expects);
	eng_sync_free(e->sync);
	if (e->rec)
		rec_free(e->rec);
	free(e);
}

/* ---- schedules ------------------------------------------------------------ */

int
eng_schedule_parse(const struct prog_variant *v, const char *list, int **out, size_t *n, char **err)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	*err = NULL;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = -1;
		char *end;
		long num;
		while (*tok == ' ')
			tok++;
		for (size_t a = 0; a < v->nactors; a++)
			if (strcmp(v->actors[a].name, tok) == 0) {
				found = (int)a;
				break;
			}
		if (found < 0) {
			errno = 0;
			num = strtol(tok, &end, 10);
			if (errno == 0 && end != tok && *end == '\0' && num >= 1 && (size_t)num <= v->nactors)
				found = (int)num - 1;
		}
		if (found < 0) {
			*err = xasprintf(_("--schedule: no worker named or numbered '%s'"), tok);
			free(copy);
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = found;
	}
	free(copy);
	return 0;
}
