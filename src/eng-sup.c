/* eng-sup.c: the supervisor: one thread per run that starts the actors,
 * lets family members arrive on time, notes deadlines that pass, samples
 * the run's threads and memory, grants steps for a step-mode policy, joins
 * finished threads, reaps processes, and ends the run.
 *
 * Calls eng-outcome.c, eng-policy.c, eng-launch.c, eng-sync.c, eng-emit.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eng-int.h"
#include "xalloc.h"

#define GRACE_NS 100000000     /* how long a process may take to stop before SIGKILL */
#define DETECT_EVERY_NS 100000000  /* the whole wait-for graph, now and then */
#define SAMPLE_EVERY_NS 25000000   /* threads and memory, unless the run says otherwise */
#define IDLE_WAIT_NS 50000000      /* the longest the supervisor sleeps with nothing due */

/* ---- processes ---------------------------------------------------------- */

/* Whether actor B lives inside process A (its thread, a loop's task, a nested process). */
static bool
sup_inside(struct eng *e, int b, int a)
{
	for (int p = e->v->actors[b].parent, guard = 0; p >= 0 && guard < 16; p = e->v->actors[p].parent, guard++)
		if (p == a)
			return true;
	return false;
}

/* Process A died of SIG: so did everything that ran inside it (big lock held). */
static void
sup_crashed(struct eng *e, int a, int sig)
{
	if (eng_sync_phase(e->sync, a) != ENG_PH_DONE)
		eng_sync_crashed(e->sync, a, sig);
	for (int b = 0; b < e->nactors; b++)
		if (sup_inside(e, b, a) && eng_sync_is_started(e->sync, b) &&
		    eng_sync_phase(e->sync, b) != ENG_PH_DONE)
			eng_sync_crashed(e->sync, b, sig);
}

/* Reaps the processes this process forked; WAIT: block until each is gone. */
static int
sup_reap(struct eng *e, bool wait)
{
	int alive = 0;
	for (int a = 0; a < e->nactors; a++) {
		struct eng_stat *st = &e->stat[a];
		int status;
		pid_t r;
		if (e->v->actors[a].kind != PROG_PROCESS || st->pid <= 0 || st->forker != e->main_pid)
			continue;
		do
			r = waitpid(st->pid, &status, wait ? 0 : WNOHANG);
		while (r < 0 && errno == EINTR);
		if (r == 0) {
			alive++;
			continue;
		}
		__atomic_store_n(&st->pid, -1, __ATOMIC_RELAXED);
		atomic_fetch_sub(&e->sh->live_procs, 1);
		if (r < 0)
			continue;
		eng_sync_lock_big(e->sync);
		if (WIFSIGNALED(status) && !eng_sync_aborting(e->sync)) {
			st->crashed = 1;
			st->status = WTERMSIG(status);
			atomic_fetch_add(&e->sh->crashes, 1);
			sup_crashed(e, a, WTERMSIG(status));
		} else if (WIFEXITED(status)) {
			st->status = WEXITSTATUS(status);
		}
		eng_sync_unlock_big(e->sync);
	}
	return alive;
}

static bool
sup_any_process(struct eng *e)
{
	for (int a = 0; a < e->nactors; a++)
		if (e->v->actors[a].kind == PROG_PROCESS && e->stat[a].pid > 0 &&
		    e->stat[a].forker == e->main_pid)
			return true;
	return false;
}

/* ---- samples ------------------------------------------------------------ */

/* Resident KiB of process PID (0: this one), or 0 when it cannot be read. */
static int64_t
sup_rss_kb(pid_t pid)
{
	char path[64], buf[128];
	long pages = 0, rss = 0;
	ssize_t n;
	int fd;
	if (pid > 0)
		snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/statm");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%ld %ld", &pages, &rss) != 2)
		return 0;
	return (int64_t)rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/*
 * The memory of process PID (0: this one) in KiB: its proportional share
 * (Pss: pages shared with other processes are split between them, so the
 * run's processes add up without counting a shared page twice), or its
 * resident size where the kernel gives no Pss; 0 when it cannot be read.
 */
static int64_t
sup_mem_kb(pid_t pid)
{
	char path[64], line[128];
	long kb = -1;
	FILE *f;
	if (pid > 0)
		snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/smaps_rollup");
	if ((f = fopen(path, "re")) != NULL) {
		while (kb < 0 && fgets(line, sizeof line, f) != NULL)
			if (sscanf(line, "Pss: %ld kB", &kb) != 1)
				kb = -1;
		fclose(f);
		if (kb >= 0)
			return kb;
	}
	return sup_rss_kb(pid);
}

/* The memory of this process and the run's processes, in KiB. */
static int64_t
sup_mem_all_kb(struct eng *e)
{
	int64_t kb = sup_mem_kb(0);
	for (int a = 0; a < e->nactors; a++)
		if (e->v->actors[a].kind == PROG_PROCESS && e->stat[a].pid > 0)
			kb += sup_mem_kb(e->stat[a].pid);
	return kb;
}

/*
 * Records the run's live threads and the memory it added (above what the
 * program held when the run began: what its threads, stacks and processes
 * cost, not the program's own) when they changed (the memory by more than
 * 1/32 or 256 KiB), so a run at rest adds no events and a paused screen has
 * nothing to redraw.
 */
static void
sup_sample(struct eng *e, bool always)
{
	int64_t rss = sup_mem_all_kb(e) - e->mem0_kb, d;
	int threads = atomic_load(&e->sh->live_threads);
	if (rss < 0)
		rss = 0;
	if (rss > e->peak_rss_kb)
		e->peak_rss_kb = rss;
	if (always || threads != e->last_threads) {
		e->last_threads = threads;
		eng_emit_simple(e, REC_METRIC, -1, -1, REC_METRIC_THREADS, -1, threads);
	}
	d = rss - e->last_rss_kb;
	if (always || d > e->last_rss_kb / 32 + 256 || -d > e->last_rss_kb / 32 + 256) {
		e->last_rss_kb = rss;
		eng_emit_simple(e, REC_METRIC, -1, -1, REC_METRIC_RSS_KB, -1, rss);
	}
}

/* CPU time and context switches of this process and its reaped children. */
static void
sup_usage(int64_t *cpu_ns, long *csw)
{
	struct rusage self, kids;
	*cpu_ns = 0;
	*csw = 0;
	if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0)
		return;
	*cpu_ns = ((int64_t)self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec +
	    kids.ru_stime.tv_sec) * 1000000000 +
	    ((int64_t)self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec +
	    kids.ru_stime.tv_usec) * 1000;
	*csw = self.ru_nvcsw + self.ru_nivcsw + kids.ru_nvcsw + kids.ru_nivcsw;
}

/* ---- arrivals and deadlines -------------------------------------------- */

/* Lets every member whose arrival time has come arrive (big lock held; it is
 * let go while a member starts).  Returns the next arrival time, or -1. */
static int64_t
sup_arrivals(struct eng *e)
{
	int64_t next = -1;
	for (size_t f = 0; f < e->v->nfamilies; f++) {
		const struct prog_family *pf = &e->v->families[f];
		struct eng_fam *fs = &e->fam[f];
		if (pf->idle || pf->every_ns <= 0 || (pf->parent >= 0 && pf->kind != PROG_TASK))
			continue;
		while (fs->next_arrival < pf->count) {
			int id = pf->first + fs->next_arrival;
			int64_t at = eng_run_ns(e, e->arrivals[id]);
			if (at > eng_clock(e)) {
				if (next < 0 || at < next)
					next = at;
				break;
			}
			fs->next_arrival++;
			eng_sync_unlock_big(e->sync);
			e->launch(e, -1, id);
			eng_sync_lock_big(e->sync);
		}
	}
	return next;
}

/* Notes members whose deadline passed unfinished (big lock held); returns
 * the next deadline to come, or -1. */
static int64_t
sup_deadlines(struct eng *e)
{
	int64_t next = -1, now = eng_clock(e);
	for (size_t f = 0; f < e->v->nfamilies; f++) {
		const struct prog_family *pf = &e->v->families[f];
		struct eng_fam *fs = &e->fam[f];
		int64_t d = eng_run_ns(e, pf->deadline_ns);
		if (pf->deadline_ns <= 0)
			continue;
		while (fs->deadline_cursor < pf->count) {
			int id = pf->first + fs->deadline_cursor;
			struct eng_stat *st = &e->stat[id];
			if (!st->arrived)
				break;
			if (!st->finished && !st->refused && !st->timeout_noted) {
				if (st->arrive_ns + d > now) {
					if (next < 0 || st->arrive_ns + d < next)
						next = st->arrive_ns + d;
					break;
				}
				st->timeout_noted = 1;
				eng_emit_simple(e, REC_TIMEOUT, id, -1, -1, -1, 0);
			}
			fs->deadline_cursor++;
		}
	}
	return next;
}

/* Whether a member has yet to arrive. */
static bool
sup_arrivals_pending(struct eng *e)
{
	for (size_t f = 0; f < e->v->nfamilies; f++) {
		const struct prog_family *pf = &e->v->families[f];
		if (!pf->idle && pf->every_ns > 0 && (pf->parent < 0 || pf->kind == PROG_TASK) &&
		    e->fam[f].next_arrival < pf->count)
			return true;
	}
	return false;
}

/* Step mode: nothing can move until time passes, and something is due (a
 * member's arrival, a loop task's call giving up): time jumps to the first. */
static void
sup_step_jump(struct eng *e, int64_t next_arrival, int64_t next_give_up)
{
	int64_t t = next_arrival;
	if (next_give_up >= 0 && (t < 0 || next_give_up < t))
		t = next_give_up;
	if (e->cfg.mode == ENG_STEP && t >= 0 && eng_sync_waits_for_time(e->sync))
		eng_sync_clock_advance(e->sync, t);
}

/* ---- the loop ------------------------------------------------------------ */

/* Starts the actors that start with the run (not the ones arriving later). */
static void
sup_start(struct eng *e)
{
	eng_sync_lock_big(e->sync);
	eng_sync_launch_begin(e->sync);
	eng_sync_unlock_big(e->sync);
	for (int a = 0; a < e->nactors; a++) {
		const struct prog_actor *pa = &e->v->actors[a];
		if (pa->parent >= 0 || pa->idle || pa->kind == PROG_TASK)
			continue;
		if (pa->family >= 0 && e->v->families[pa->family].every_ns > 0)
			continue;
		e->launch(e, -1, a);
	}
	eng_sync_lock_big(e->sync);
	eng_sync_launch_end(e->sync);
	eng_sync_unlock_big(e->sync);
}

/* How long the supervisor may sleep: until the next arrival, deadline or sample. */
static int64_t
sup_timeout(struct eng *e, int64_t next_arrival, int64_t next_deadline, bool procs, uint64_t next_sample)
{
	int64_t t = procs ? 2000000 : IDLE_WAIT_NS, now;
	uint64_t wall = rec_now();
	if (eng_sync_paused(e->sync))
		return t;  /* a paused run has nothing to sample: the screen stays still */
	if (next_sample > wall && (int64_t)(next_sample - wall) < t)
		t = (int64_t)(next_sample - wall);
	if (e->cfg.mode == ENG_STEP)
		return t;
	now = eng_clock(e);
	if (next_arrival >= 0 && next_arrival - now < t)
		t = next_arrival - now;
	if (next_deadline >= 0 && next_deadline - now < t)
		t = next_deadline - now;
	return t > 0 ? t : 0;
}

/* One turn of the supervisor (big lock held); false when the run is over. */
static bool
sup_turn(struct eng *e, uint64_t *next_sample, uint64_t *next_detect)
{
	struct eng_sync *s = e->sync;
	bool step_auto = e->cfg.mode == ENG_STEP && e->cfg.policy != ENG_POLICY_MANUAL;
	int64_t na, nd;
	bool procs, paused;

	if (eng_sync_aborting(s))
		return false;
	na = sup_arrivals(e);
	if (e->cfg.mode == ENG_STEP) {
		sup_step_jump(e, na, eng_sync_calls_expire(s, eng_clock(e)));
		na = sup_arrivals(e);
		eng_sync_calls_expire(s, eng_clock(e));
	}
	nd = sup_deadlines(e);
	if (eng_sync_all_done(s) && !sup_arrivals_pending(e)) {
		eng_sync_abort(s, ENG_SYNC_FINISHED);
		return false;
	}
	if (step_auto && eng_sync_quiescent(s)) {
		int a = eng_policy_pick(e, true);
		if (a >= 0)
			eng_sync_grant(s, a);
		else if (na < 0)
			eng_sync_detect(s);
	}
	if (rec_now() >= *next_detect && !eng_sync_paused(s)) {
		*next_detect = rec_now() + DETECT_EVERY_NS;
		eng_sync_detect(s);
	}
	procs = sup_any_process(e);
	eng_sync_supervise_wait(s, sup_timeout(e, na, nd, procs, *next_sample));
	paused = eng_sync_paused(s);
	eng_sync_unlock_big(s);
	if (procs)
		sup_reap(e, false);
	eng_launch_join_exited(e);
	if (rec_now() >= *next_sample && !paused) {
		bool first = *next_sample == 0;
		*next_sample = rec_now() + (uint64_t)(e->cfg.sample_ns > 0 ? e->cfg.sample_ns : SAMPLE_EVERY_NS);
		sup_sample(e, first);
	}
	eng_sync_lock_big(s);
	return true;
}

/* Ends the run: everyone woken, threads joined, processes reaped, outcome made. */
static void
sup_shutdown(struct eng *e)
{
	uint64_t deadline;

	eng_sync_lock_big(e->sync);
	eng_sync_abort(e->sync, ENG_SYNC_ABORTED);
	eng_sync_unlock_big(e->sync);
	pthread_mutex_lock(&e->gil.m);
	pthread_cond_broadcast(&e->gil.c);
	pthread_mutex_unlock(&e->gil.m);
	/* Threads first, so none is left to fork another process. */
	eng_launch_join_all(e);
	deadline = rec_now() + GRACE_NS;
	while (sup_reap(e, false) > 0 && rec_now() < deadline) {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	for (int a = 0; a < e->nactors; a++)
		if (e->v->actors[a].kind == PROG_PROCESS && e->stat[a].pid > 0 &&
		    e->stat[a].forker == e->main_pid)
			kill(e->stat[a].pid, SIGKILL);
	sup_reap(e, true);
	e->t_end = rec_now();
	sup_sample(e, true);
	for (size_t d = 0; d < e->v->ndecls; d++) {
		enum prog_decl_kind k = e->v->decls[d].kind;
		if (k == PROG_VAR || k == PROG_SHM)
			eng_emit_simple(e, REC_VALUE_FINAL, -1, -1, (int)d, -1,
			    k == PROG_SHM ? e->shm[d].v : e->vars[d].v);
		else if (k == PROG_QUEUE)  /* its length: what len(q) reads in an expectation */
			eng_emit_simple(e, REC_VALUE_FINAL, -1, -1, (int)d, -1, eng_sync_qlen(e->sync, (int)d));
	}
	eng_outcome_make(e);
	sup_usage(&e->out.figures.cpu_ns, &e->out.figures.csw);
	e->out.figures.cpu_ns -= e->cpu0_ns;
	e->out.figures.csw -= e->csw0;
	/* the op field of the end carries the signal that stopped the run (0: none) */
	eng_emit_simple(e, REC_RUN_END, -1, e->out.signal, -1, -1, e->out.end);
}

void *
eng_sup_main(void *arg)
{
	struct eng *e = arg;
	uint64_t next_sample = 0, next_detect;

	sup_usage(&e->cpu0_ns, &e->csw0);
	e->mem0_kb = sup_mem_all_kb(e);
	e->t_begin = rec_now();
	next_detect = e->t_begin + DETECT_EVERY_NS;
	atomic_store(&e->sh->t_begin, (long long)e->t_begin);
	eng_emit_simple(e, REC_RUN_BEGIN, -1, -1, e->cfg.mode == ENG_STEP ? 1 : -1, -1, e->nactors);
	sup_start(e);
	eng_sync_lock_big(e->sync);
	while (sup_turn(e, &next_sample, &next_detect))
		;
	eng_sync_unlock_big(e->sync);
	sup_shutdown(e);
	pthread_mutex_lock(&e->end_lock);
	e->ended = true;
	pthread_cond_broadcast(&e->end_cond);
	pthread_mutex_unlock(&e->end_lock);
	return NULL;
}
