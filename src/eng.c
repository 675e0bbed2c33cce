/* eng.c: the engine's public face: making a run (memory sized from the
 * variant), starting it, grants, pause, speed, abort, waiting for the end,
 * names, and parsing --schedule.  Calls eng-sup.c (the supervisor thread),
 * eng-policy.c, eng-launch.c (its set-up), eng-op.c (actor set-up),
 * eng-sync.c and eng-emit.c.  See eng-int.h for the whole call graph. */
#include "config.h"

#include "eng.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "eng-int.h"
#include "i18n.h"
#include "xalloc.h"

void
eng_set_speed(struct eng *e, double speed)
{
	uint64_t bits;
	if (!(speed > 0) || speed > 1e9 || e->sh == NULL)
		return;
	memcpy(&bits, &speed, sizeof bits);
	atomic_store_explicit(&e->sh->speed, bits, memory_order_relaxed);
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
		[ENG_END_FAILED] = N_("failed"),
	};
	return (unsigned)end < sizeof names / sizeof names[0] ? _(names[end]) : "?";
}

/* ---- setup ---------------------------------------------------------------- */

/* The CPUs to pin to: the first N the process may use. */
static int
eng_pin_setup(struct eng *e, char **err)
{
	cpu_set_t have;
	int n = 0;

	if (e->cfg.cpus <= 0)
		e->cfg.cpus = e->v->options.cpus > 0 ? e->v->options.cpus : 0;
	if (e->cfg.cpus <= 0)
		return 0;
	if (sched_getaffinity(0, sizeof have, &have) != 0) {
		*err = xasprintf(_("cannot read the CPU affinity: %s"), strerror(errno));
		return -1;
	}
	CPU_ZERO(&e->pin);
	for (int c = 0; c < CPU_SETSIZE && n < e->cfg.cpus; c++)
		if (CPU_ISSET(c, &have)) {
			CPU_SET(c, &e->pin);
			n++;
		}
	e->pinned = true;
	return 0;
}

static uint64_t
eng_rand_next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545F4914F6CDD1Dull;
}

/* Each member's scripted arrival: evenly spaced, or exponential gaps from the seed. */
static void
eng_arrivals(struct eng *e)
{
	uint64_t x = e->cfg.seed * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull;
	if (x == 0)
		x = 1;
	e->arrivals = xcalloc((size_t)e->nactors + 1, sizeof *e->arrivals);
	for (size_t f = 0; f < e->v->nfamilies; f++) {
		const struct prog_family *pf = &e->v->families[f];
		double t = 0;
		for (int k = 0; k < pf->count; k++) {
			e->arrivals[pf->first + k] = (int64_t)t;
			if (pf->every_random) {
				double u = ((double)(eng_rand_next(&x) >> 11) + 0.5) / 9007199254740992.0;
				t += -log(u) * (double)pf->every_ns;
			} else {
				t += (double)pf->every_ns;
			}
		}
	}
}

/* The policy's pick, for an actor that grants the next step itself. */
static int
eng_pick_cb(void *ctx)
{
	return eng_policy_pick(ctx, true);
}

/*
 * Whether actors may grant the next step themselves (eng_sync_set_picker):
 * a step-mode policy, one process (the policy's state is this process's),
 * and no arrivals or deadlines on the clock, which the supervisor must see
 * to between steps.
 */
static bool
eng_self_picks(const struct eng *e)
{
	const struct prog_variant *v = e->v;
	if (e->cfg.mode != ENG_STEP || e->cfg.policy == ENG_POLICY_MANUAL)
		return false;
	for (size_t a = 0; a < v->nactors; a++)
		if (v->actors[a].kind == PROG_PROCESS)
			return false;
	for (size_t f = 0; f < v->nfamilies; f++)
		if (v->families[f].every_ns > 0 || v->families[f].deadline_ns > 0)
			return false;
	return true;
}

/* P rounded up to a multiple of 8 bytes. */
static char *
eng_align8(char *p)
{
	return p + ((8 - (uintptr_t)p % 8) % 8);
}

/* The shared region's parts after the sync state's own. */
static int
eng_shared_setup(struct eng *e, char **err)
{
	const struct prog_variant *v = e->v;
	size_t nd = v->ndecls, nr = v->nregions, na = v->nactors, nf = v->nfamilies, extra;
	char *p;

	extra = sizeof(struct eng_shared) + 64 + na * sizeof(struct eng_stat) + nf * sizeof(struct eng_fam) +
	    nd * sizeof(struct eng_val) + na * nd * sizeof(prog_value) + 2 * nr * sizeof(int) + 64;
	e->sync = eng_sync_new(v, e->cfg.mode == ENG_STEP, extra, eng_emit_cb, e);
	if (e->sync == NULL) {
		*err = xasprintf(_("cannot make the engine's shared memory: %s"), strerror(errno));
		return -1;
	}
	if (eng_self_picks(e))
		eng_sync_set_picker(e->sync, eng_pick_cb, e);
	p = eng_sync_extra(e->sync);
	e->sh = (struct eng_shared *)p;
	p += (sizeof(struct eng_shared) + 63) & ~(size_t)63;
	e->stat = (struct eng_stat *)p;
	p += na * sizeof(struct eng_stat);
	p = eng_align8(p);  /* each part on its own 8-byte boundary: the slack above pays for it */
	e->fam = (struct eng_fam *)p;
	p += nf * sizeof(struct eng_fam);
	p = eng_align8(p);
	e->shm = (struct eng_val *)p;
	p += nd * sizeof(struct eng_val);
	e->proc_final = (prog_value *)p;
	p += na * nd * sizeof(prog_value);
	e->inside = (int *)p;
	e->inside_who = e->inside + nr;
	for (size_t a = 0; a < na; a++) {
		e->stat[a].pid = -1;
		e->stat[a].forker = -1;
	}
	e->sh->fail_actor = e->sh->crit_region = -1;
	e->sh->invariant = -1;
	return 0;
}

/* Values, interpreters and the loops' doorbells, all private. */
static int
eng_actors_setup(struct eng *e, char **err)
{
	const struct prog_variant *v = e->v;
	e->vars = xcalloc(v->ndecls + 1, sizeof *e->vars);
	for (size_t d = 0; d < v->ndecls; d++) {
		struct eng_val *x = v->decls[d].kind == PROG_SHM ? &e->shm[d] : &e->vars[d];
		x->v = v->decls[d].init;
		x->last_actor = -1;
		x->last_op = -1;
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
			return -1;
		}
	}
	for (int a = 0; a < e->nactors; a++) {
		int loop = v->actors[a].kind == PROG_LOOP ? a :
		    v->actors[a].kind == PROG_TASK ? v->actors[a].parent : -1;
		if (loop >= 0 && loop < e->nactors)
			eng_sync_set_bell(e->sync, a, e->bells[loop]);
	}
	return 0;
}

/* OS threads that may write events: threads, loops, processes and their pools. */
static unsigned
eng_writers(const struct prog_variant *v)
{
	size_t n = 8, nprocs = 0;
	for (size_t a = 0; a < v->nactors; a++) {
		if (v->actors[a].kind == PROG_PROCESS)
			nprocs++;
		if (v->actors[a].kind != PROG_TASK)
			n++;
	}
	n += (size_t)ENG_MAX_POOL * (1 + nprocs);
	return n > REC_MAX_WRITERS ? REC_MAX_WRITERS : (unsigned)n;
}

static void
eng_init_fields(struct eng *e, const struct eng_config *cfg)
{
	const struct prog_variant *v = cfg->variant;
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
	e->gen = eng_next_generation();
	e->main_pid = getpid();
	e->rr_last = -1;
	e->rng = cfg->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
	if (e->rng == 0)
		e->rng = 1;
	e->cfg.schedule = NULL;
	e->cfg.nschedule = 0;
	if (cfg->schedule && cfg->nschedule) {
		int *sch = xcalloc(cfg->nschedule, sizeof *sch);
		memcpy(sch, cfg->schedule, cfg->nschedule * sizeof *sch);
		e->cfg.schedule = sch;
		e->cfg.nschedule = cfg->nschedule;
	}
}

struct eng *
eng_new(const struct eng_config *cfg, char **err)
{
	const struct prog_variant *v = cfg->variant;
	struct eng *e;

	*err = NULL;
	if (v == NULL) {
		*err = xstrdup(_("no variant to run"));
		return NULL;
	}
	if (v->nactors > PROG_MAX_ACTORS) {
		*err = xasprintf(_("%zu workers: at most %d can run"), v->nactors, PROG_MAX_ACTORS);
		return NULL;
	}
	if (cfg->cpus < 0) {
		*err = xstrdup(_("--cpus must be at least 1"));
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	eng_init_fields(e, cfg);
	if (eng_pin_setup(e, err) < 0)
		goto fail;
	e->rec = rec_new(eng_writers(v), cfg->ring_events ? cfg->ring_events : REC_POOL_EVENTS);
	if (e->rec == NULL) {
		*err = xstrdup(_("cannot make the recorder's shared memory"));
		goto fail;
	}
	if (eng_shared_setup(e, err) < 0 || eng_actors_setup(e, err) < 0 || eng_launch_init(e, err) < 0)
		goto fail;
	eng_arrivals(e);
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
	if (actor < 0 || actor >= e->nactors || e->stat == NULL)
		return -1;
	return __atomic_load_n(&e->stat[actor].pid, __ATOMIC_RELAXED);  /* the supervisor writes it */
}

/* ---- grants and control ------------------------------------------------- */

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
	a = eng_policy_pick(e, true);
	if (a >= 0 && !eng_sync_grant(e->sync, a))
		a = -1;
	eng_sync_unlock_big(e->sync);
	return a;
}

uint64_t
eng_ready_mask(struct eng *e)
{
	uint64_t m = 0;
	eng_sync_lock_big(e->sync);
	for (int a = 0; a < e->nactors && a < 64; a++)
		if (eng_sync_ready(e->sync, a))
			m |= UINT64_C(1) << a;
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

void
eng_abort_signal(struct eng *e, int sig)
{
	atomic_store(&e->abort_sig, sig);
	eng_abort(e);
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
	rc = pthread_create(&e->sup, NULL, eng_sup_main, e);
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
	eng_launch_done(e);
	pthread_mutex_destroy(&e->thr_lock);
	pthread_mutex_destroy(&e->end_lock);
	pthread_cond_destroy(&e->end_cond);
	pthread_mutex_destroy(&e->gil.m);
	pthread_cond_destroy(&e->gil.c);
	free(e->pool_names);
	free(e->bells);
	free(e->acts);
	free(e->vars);
	free(e->arrivals);
	free((void *)e->cfg.schedule);
	eng_outcome_free(&e->out);
	eng_sync_free(e->sync);
	if (e->rec)
		rec_free(e->rec);
	free(e);
}

/* ---- schedules ------------------------------------------------------------ */

/* The schedule entry TOK names: an actor (name or 1-based number) or a family. */
static int
eng_schedule_entry(const struct prog_variant *v, const char *tok, int *out)
{
	char *end;
	long num;
	for (size_t a = 0; a < v->nactors; a++)
		if (strcmp(v->actors[a].name, tok) == 0) {
			*out = (int)a;
			return 0;
		}
	for (size_t f = 0; f < v->nfamilies; f++)
		if (strcmp(v->families[f].name, tok) == 0) {
			*out = PROG_SCHED_FAMILY((int)f);
			return 0;
		}
	errno = 0;
	num = strtol(tok, &end, 10);
	if (errno == 0 && end != tok && *end == '\0' && num >= 1 && (size_t)num <= v->nactors) {
		*out = (int)num - 1;
		return 0;
	}
	return -1;
}

/* Splits "NAME*N" into NAME and N (1 when there is no repeat); -1 when N is bad. */
static int
eng_schedule_repeat(char *tok, long *times)
{
	char *star = strrchr(tok, '*'), *end;
	*times = 1;
	if (star == NULL)
		return 0;
	errno = 0;
	*times = strtol(star + 1, &end, 10);
	if (errno != 0 || end == star + 1 || *end != '\0' || *times < 1 || *times > 100000)
		return -1;
	*star = '\0';
	while (star > tok && star[-1] == ' ')
		*--star = '\0';
	return 0;
}

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
		long times;
		while (*tok == ' ')
			tok++;
		if (eng_schedule_entry(v, tok, &found) < 0) {
			if (eng_schedule_repeat(tok, &times) < 0 || *n + (size_t)times > 100000 ||
			    eng_schedule_entry(v, tok, &found) < 0) {
				*err = xasprintf(_("--schedule: no worker named or numbered '%s'"), tok);
				free(copy);
				free(*out);
				*out = NULL;
				*n = 0;
				return -1;
			}
		} else {
			times = 1;
		}
		*out = xgrow(*out, &cap, *n + (size_t)times, sizeof **out);
		while (times-- > 0)
			(*out)[(*n)++] = found;
	}
	free(copy);
	return 0;
}
