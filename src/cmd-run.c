/* cmd-run.c: `kitchensync run`: run a scenario headless and report. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "eng.h"
#include "i18n.h"
#include "prog.h"
#include "run-ask.h"
#include "run-out.h"
#include "tl-text.h"
#include "tl.h"
#include "trace.h"
#include "xalloc.h"

struct run_opts {
	double speed;
	bool have_seed;
	uint64_t seed;
	int cpus;
	long repeat;
	int *schedule;
	size_t nschedule;
	prog_value *answers;  /* --answer, one per question; NULL: none given */
};

static bool
run_parse_num(const char *opt, const char *s, double min, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(*out >= min) || *out > 1e9) {
		fprintf(stderr, _("kitchensync: --%s: '%s' is not a number of at least %g\n"), opt, s, min);
		return false;
	}
	return true;
}

/* --OPT N: a whole number from MIN to MAX; one message when it is not. */
static bool
run_parse_whole(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *out < min || *out > max) {
		fprintf(stderr, _("kitchensync: --%s needs a whole number from %ld to %ld, not '%s'\n"),
		    opt, min, max, s);
		return false;
	}
	return true;
}

static bool
run_parse_opts(const struct cli *cli, const struct prog_variant *v, struct run_opts *o)
{
	long n;
	char *err;

	memset(o, 0, sizeof *o);
	o->speed = 1.0;
	o->repeat = 1;
	if (cli->speed && (!run_parse_num("speed", cli->speed, 1e-6, &o->speed)))
		return false;
	if (cli->seed) {
		char *end;
		errno = 0;
		o->seed = strtoull(cli->seed, &end, 10);
		if (errno != 0 || end == cli->seed || *end != '\0' || cli->seed[0] == '-') {
			fprintf(stderr, _("kitchensync: --seed: '%s' is not a whole number\n"), cli->seed);
			return false;
		}
		o->have_seed = true;
	}
	if (cli->cpus) {
		if (!run_parse_whole("cpus", cli->cpus, 1, 1024, &n))
			return false;
		o->cpus = (int)n;
	}
	if (cli->repeat) {
		if (!run_parse_whole("repeat", cli->repeat, 1, 100000, &n))
			return false;
		o->repeat = n;
	}
	if (cli->schedule && eng_schedule_parse(v, cli->schedule, &o->schedule, &o->nschedule, &err) < 0) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		return false;
	}
	if (cli->answer && run_ask_parse(v, cli->answer, &o->answers, &err) < 0) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		free(o->schedule);
		return false;
	}
	return true;
}

static void
run_config(struct eng_config *c, const struct prog *prog, const struct prog_variant *v,
    const struct run_opts *o, long round)
{
	memset(c, 0, sizeof *c);
	c->prog = prog;
	c->variant = v;
	c->speed = o->speed;
	c->cpus = o->cpus;
	c->mode = ENG_LIVE;
	if (o->nschedule > 0) {
		c->mode = ENG_STEP;
		c->policy = ENG_POLICY_SCHEDULE;
		c->schedule = o->schedule;
		c->nschedule = o->nschedule;
	} else if (o->have_seed) {
		c->mode = ENG_STEP;
		c->policy = ENG_POLICY_RANDOM;
		c->seed = o->seed + (uint64_t)round;
	} else if (v->nschedule > 0 && o->repeat == 1) {
		/* the variant's own schedule; --repeat shows real scheduling instead */
		c->mode = ENG_STEP;
		c->policy = ENG_POLICY_SCHEDULE;
		c->schedule = v->schedule;
		c->nschedule = v->nschedule;
	}
}

/* Where a single run's events go besides the engine: all optional. */
struct run_sinks {
	FILE *events;               /* --events: one line per event */
	struct tl *tl;              /* the timeline printed after the run */
	struct trace_writer *trace; /* --record FILE */
	bool trace_failed;
};

/* Hands one drained batch to every sink. */
static void
run_sink(struct run_sinks *s, struct eng *e, const struct prog_variant *v,
    const struct rec_event *ev, size_t n, uint64_t *t0)
{
	char *err;

	for (size_t i = 0; i < n && s->events; i++) {
		if (*t0 == 0)
			*t0 = ev[i].t_ns;
		run_out_event(s->events, e, v, &ev[i], *t0);
	}
	if (s->tl)
		tl_add(s->tl, ev, n);
	if (s->trace && !s->trace_failed && trace_writer_add(s->trace, ev, n, &err) < 0) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		s->trace_failed = true;
	}
}

/* ---- signals --------------------------------------------------------------
 * A headless run stops on SIGINT, SIGTERM, SIGHUP and SIGQUIT: the handler
 * only writes the signal's number to a pipe (the self-pipe trick); the drain
 * loop reads it, aborts the run (eng_abort, then eng_wait and eng_free reap
 * every thread and process), the trace is completed, and kitchensync exits
 * 128 + the signal.  The same signal again within RUN_SIG_REPEAT_NS of the
 * first counts as the same request (GNU timeout signals the child, then its
 * whole group: two SIGTERMs microseconds apart); any later or other stopping
 * signal while stopping ends it at once (the partial trace stays,
 * replayable).  A forked actor that inherits the handler dies of the signal
 * as it would have without it.
 */

static const int run_sig_list[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define RUN_NSIG (sizeof run_sig_list / sizeof run_sig_list[0])
#define RUN_SIG_REPEAT_NS 500000000ll

static int run_sig_pipe[2] = { -1, -1 };
static pid_t run_sig_pid;
static int run_sig_count;      /* signals caught (atomic: any thread may take one) */
static int run_sig_first;      /* the first one caught (atomic) */
static long long run_sig_first_ns;  /* when, CLOCK_MONOTONIC (atomic); 0: being noted */
static int run_sig_got;   /* the first signal read from the pipe, or 0 */
static struct sigaction run_sig_old[RUN_NSIG];

static long long
run_sig_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 1;
	return (long long)ts.tv_sec * 1000000000ll + ts.tv_nsec + 1;
}

/* Whether SIG, caught after the first, repeats it: the same signal, within
 * the window (or while the first is still being noted in another thread). */
static bool
run_sig_repeat(int sig)
{
	long long at = __atomic_load_n(&run_sig_first_ns, __ATOMIC_SEQ_CST);

	if (sig != __atomic_load_n(&run_sig_first, __ATOMIC_SEQ_CST))
		return false;
	return at == 0 || run_sig_now() - at < RUN_SIG_REPEAT_NS;
}

static void
run_sig_handler(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	int n;

	if (getpid() != run_sig_pid)
		n = 1;  /* a forked actor: as if there were no handler */
	else
		n = __atomic_fetch_add(&run_sig_count, 1, __ATOMIC_SEQ_CST);
	if (n == 0) {
		__atomic_store_n(&run_sig_first, sig, __ATOMIC_SEQ_CST);
		__atomic_store_n(&run_sig_first_ns, run_sig_now(), __ATOMIC_SEQ_CST);
		if (write(run_sig_pipe[1], &c, 1) < 0) {
			/* the pipe is empty but for this byte: it cannot be full */
		}
	} else if (getpid() != run_sig_pid || !run_sig_repeat(sig)) {
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(sig, &dfl, NULL);
		raise(sig);
	}
	errno = saved;
}

/* Catches the stopping signals; false (and says why) when they cannot be. */
static bool
run_sig_start(void)
{
	struct sigaction sa;

	run_sig_pid = getpid();
	run_sig_got = 0;
	run_sig_count = 0;
	run_sig_first = 0;
	run_sig_first_ns = 0;
	if (pipe2(run_sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		fprintf(stderr, _("kitchensync: cannot watch for signals: %s\n"), strerror(errno));
		return false;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = run_sig_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < RUN_NSIG; i++)
		if (sigaction(run_sig_list[i], &sa, &run_sig_old[i]) != 0) {
			fprintf(stderr, _("kitchensync: cannot watch for signals: %s\n"), strerror(errno));
			while (i-- > 0)
				sigaction(run_sig_list[i], &run_sig_old[i], NULL);
			close(run_sig_pipe[0]);
			close(run_sig_pipe[1]);
			run_sig_pipe[0] = run_sig_pipe[1] = -1;
			return false;
		}
	return true;
}

/* The first stopping signal received so far, or 0. */
static int
run_sig_poll(void)
{
	unsigned char c;

	if (run_sig_got == 0 && run_sig_pipe[0] >= 0 && read(run_sig_pipe[0], &c, 1) == 1)
		run_sig_got = c;
	return run_sig_got;
}

/* Puts the signals back as they were. */
static void
run_sig_stop(void)
{
	if (run_sig_pipe[0] < 0)
		return;
	for (size_t i = 0; i < RUN_NSIG; i++)
		sigaction(run_sig_list[i], &run_sig_old[i], NULL);
	close(run_sig_pipe[0]);
	close(run_sig_pipe[1]);
	run_sig_pipe[0] = run_sig_pipe[1] = -1;
}

static const char *
run_sig_name(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	case SIGQUIT: return "SIGQUIT";
	default: return "?";
	}
}

/* Runs once; recorded events go to the sinks.  Returns the engine (ended) or NULL. */
static struct eng *
run_once(const struct eng_config *c, struct run_sinks *sinks)
{
	struct rec_event buf[4096];
	struct eng *e;
	char *err;
	uint64_t t0 = 0;
	bool ended = false, aborted = false;

	e = eng_new(c, &err);
	if (e == NULL) {
		fprintf(stderr, _("kitchensync: cannot run %s: %s\n"), c->prog->name, err);
		free(err);
		return NULL;
	}
	if (eng_start(e, &err) < 0) {
		fprintf(stderr, _("kitchensync: cannot run %s: %s\n"), c->prog->name, err);
		free(err);
		eng_free(e);
		return NULL;
	}
	/* Drain as the UI will: in batches, on our own clock, never woken per event. */
	while (!ended) {
		size_t n;
		if (!aborted && run_sig_poll() != 0) {
			eng_abort_signal(e, run_sig_poll());
			aborted = true;
		}
		ended = eng_wait(e, 20);
		while ((n = rec_drain(eng_rec(e), buf, sizeof buf / sizeof buf[0], ended)) > 0)
			if (sinks)
				run_sink(sinks, e, c->variant, buf, n, &t0);
	}
	return e;
}

struct eng *
cmd_run_bare(const struct eng_config *c, int *sig)
{
	bool watching = run_sig_start();
	struct eng *e = run_once(c, NULL);

	*sig = watching ? run_sig_poll() : 0;
	if (watching)
		run_sig_stop();
	return e;
}

/* Runs of --repeat with one outcome kind (how the run ended, and whether an
 * assert failed or a critical region was shared) and one set of final values. */
struct run_bucket {
	char *kind, *vals;
	long count;
	long kind_count;  /* runs of its kind, all values */
};

static int
run_bucket_cmp(const void *a, const void *b)
{
	const struct run_bucket *x = a, *y = b;
	int c;
	if (x->kind_count != y->kind_count)
		return x->kind_count < y->kind_count ? 1 : -1;
	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->vals, y->vals);
}

/* The outcome's kind: how the run ended, in the verdict's words. */
static char *
run_kind(const struct verdict *vd)
{
	return xstrdup(verdict_end_text(vd->end, vd->failure));
}

/* At most this many sets of final values are listed under a kind; the rest
 * are folded into one line. */
#define RUN_REPEAT_VALUES 5

static void
run_repeat_bar(long count, long done)
{
	int bar = (int)(40 * count / (done ? done : 1));
	for (int i = 0; i < bar; i++)
		fputs("#", stdout);
	putchar('\n');
}

/* The runs grouped by kind, most frequent first, each with its final values. */
static void
run_repeat_print(struct run_bucket *b, size_t nb, long done)
{
	for (size_t k = 0; k < nb;) {
		size_t end = k, shown = 0, nvals = 0;
		long folded = 0, nfolded = 0;
		while (end < nb && strcmp(b[end].kind, b[k].kind) == 0)
			nvals += *b[end++].vals != '\0';
		printf("  %6ld  %-40s  ", b[k].kind_count, b[k].kind);
		run_repeat_bar(b[k].kind_count, done);
		for (size_t i = k; i < end; i++) {
			if (!*b[i].vals)
				continue;
			if (shown < RUN_REPEAT_VALUES || nvals <= RUN_REPEAT_VALUES + 1) {
				printf("          %6ld  %s\n", b[i].count, b[i].vals);
				shown++;
			} else {
				folded += b[i].count;
				nfolded++;
			}
		}
		if (nfolded > 0)
			printf(P_("          %6ld  and %ld other set of final values\n",
			    "          %6ld  and %ld other sets of final values\n", nfolded), folded, nfolded);
		k = end;
	}
}

/* Each family's figures summed over the runs of --repeat. */
struct run_tally {
	long arrived, finished, timed_out, refused, unfinished;
	int64_t p99_min, p99_max;
	long runs;
};

static void
run_tally_add(struct run_tally *t, const struct eng_outcome *out)
{
	for (size_t f = 0; f < out->nfamilies; f++) {
		const struct eng_family_result *r = &out->families[f];
		t[f].arrived += r->arrived;
		t[f].finished += r->finished;
		t[f].timed_out += r->timed_out;
		t[f].refused += r->refused;
		t[f].unfinished += r->unfinished;
		if (r->lat_p99 >= 0) {
			if (t[f].runs == 0 || r->lat_p99 < t[f].p99_min)
				t[f].p99_min = r->lat_p99;
			if (t[f].runs == 0 || r->lat_p99 > t[f].p99_max)
				t[f].p99_max = r->lat_p99;
			t[f].runs++;
		}
	}
}

static void
run_tally_print(const struct prog_variant *v, const struct run_tally *t)
{
	for (size_t f = 0; f < v->nfamilies; f++) {
		printf(_("  %s, over every run: %ld arrived: %ld finished in time, %ld timed out, %ld refused, %ld unfinished\n"),
		    v->families[f].name, t[f].arrived, t[f].finished, t[f].timed_out, t[f].refused,
		    t[f].unfinished);
		if (t[f].runs > 0)
			printf(_("      latency p99 from %.1f ms to %.1f ms\n"), (double)t[f].p99_min / 1e6,
			    (double)t[f].p99_max / 1e6);
	}
}

/* Live repeats can take minutes: on a terminal, how far they are, once a
 * second after the first (written over, and wiped at the end). */
static void
run_repeat_progress(long done, long total, uint64_t t0, uint64_t *next, bool last)
{
	uint64_t now = rec_now();
	if (*next == 0 || (!last && now < *next))
		return;
	if (last) {
		fputs("\r\033[K", stderr);
		return;
	}
	fputc('\r', stderr);  /* over the last count, on the same line */
	fprintf(stderr, _("%ld of %ld runs done (%.0f s)"), done, total, (double)(now - t0) / 1e9);
	fflush(stderr);
	*next = now + 1000000000u;
}

static int
run_repeat(const struct prog *prog, const struct prog_variant *v, const struct run_opts *o)
{
	struct run_bucket *b = NULL;
	struct run_tally *tally = xcalloc(v->nfamilies + 1, sizeof *tally);
	size_t nb = 0, cb = 0;
	long met = 0, deadlocked = 0, done = 0, shown = 0, wrong = 0;
	uint64_t t0 = rec_now(), next = isatty(STDERR_FILENO) ? t0 + 1000000000u : 0;

	for (long i = 0; i < o->repeat && run_sig_poll() == 0; i++) {
		struct eng_config c;
		struct eng *e;
		const struct eng_outcome *out;
		struct verdict vd;
		char *vals, *kind;
		size_t k;

		run_config(&c, prog, v, o, i);
		e = run_once(&c, NULL);
		if (e == NULL)
			break;
		out = eng_outcome(e);
		done++;
		run_tally_add(tally, out);
		vals = run_out_values(v, out->finals);
		run_out_verdict(&vd, v, out);
		kind = run_kind(&vd);
		if (vd.status == KS_EXIT_OK)
			met++;
		if (vd.lesson && vd.shown)
			shown++;
		if (vd.wrong || vd.unmet > 0)
			wrong++;
		if (vd.end == VERDICT_DEADLOCK)
			deadlocked++;
		verdict_free(&vd);
		for (k = 0; k < nb && (strcmp(b[k].kind, kind) != 0 || strcmp(b[k].vals, vals) != 0); k++)
			;
		if (k == nb) {
			b = xgrow(b, &cb, nb + 1, sizeof *b);
			b[nb].kind = kind;
			b[nb].vals = vals;
			b[nb++].count = 0;
		} else {
			free(kind);
			free(vals);
		}
		b[k].count++;
		eng_free(e);
		run_repeat_progress(done, o->repeat, t0, &next, false);
	}
	run_repeat_progress(done, o->repeat, t0, &next, true);
	for (size_t k = 0; k < nb; k++) {
		b[k].kind_count = 0;
		for (size_t j = 0; j < nb; j++)
			if (strcmp(b[j].kind, b[k].kind) == 0)
				b[k].kind_count += b[j].count;
	}
	qsort(b, nb, sizeof *b, run_bucket_cmp);
	printf(_("%ld runs of %s (variant %s):\n"), done, prog->name, v->name);
	if (v->nschedule > 0 && o->nschedule == 0 && !o->have_seed)
		/* one run follows the variant's schedule; repeating it would give
		 * one outcome N times */
		fputs(_("  (live runs, scheduled by the OS: the variant's schedule gives the same run every time;\n"
		    "   --seed=N repeats step mode with seeded random picks)\n"), stdout);
	run_repeat_print(b, nb, done);
	for (size_t k = 0; k < nb; k++) {
		free(b[k].kind);
		free(b[k].vals);
	}
	free(b);
	run_tally_print(v, tally);
	free(tally);
	printf(_("Deadlocked: %ld of %ld\n"), deadlocked, done);
	if (done < o->repeat)
		return KS_EXIT_FAILED;
	/* a lesson is shown when one run shows it (the others were lucky); a must, every time */
	if (verdict_has_lesson(v)) {
		printf(_("The lesson was shown in %ld of %ld runs (the others were lucky)\n"), shown, done);
		if (wrong > 0)
			printf(_("Went wrong in a way the variant does not expect: %ld of %ld runs\n"), wrong, done);
		return shown > 0 && wrong == 0 ? KS_EXIT_OK : KS_EXIT_FAILED;
	}
	if (v->nexpects > 0)
		printf(_("Every expectation held in %ld of %ld runs\n"), met, done);
	return met == done ? KS_EXIT_OK : KS_EXIT_FAILED;
}

/* Finishes the trace of a run; returns false (and says why) when it could not be saved. */
static bool
run_trace_finish(struct run_sinks *s, struct eng *e)
{
	char *err;

	if (s->trace_failed) {
		trace_writer_discard(s->trace);  /* run_sink said why */
		return false;
	}
	if (trace_writer_finish(s->trace, e ? rec_dropped(eng_rec(e)) : 0, &err) < 0) {
		if (err)
			fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		return false;
	}
	return true;
}

/* One run: the timeline as it happened, then the outcome. */
static int
run_single(const struct cli *cli, const struct prog *prog, const struct prog_variant *v,
    const struct run_opts *o)
{
	struct run_sinks s = { .events = cli->events ? stdout : NULL };
	struct tl_text_opts to;
	struct eng_config c;
	struct eng *e;
	char *err;
	int status;

	if (cli->record) {
		s.trace = trace_writer_new(cli->record, prog->path, v->name, prog->source,
		    prog->source_len, &err);
		if (s.trace == NULL) {
			fprintf(stderr, "kitchensync: %s\n", err);
			free(err);
			return KS_EXIT_FAILED;
		}
	}
	s.tl = tl_new(prog, v, 0);
	run_ask_questions(stdout, v, prog_lang());
	fflush(stdout);
	run_config(&c, prog, v, o, 0);
	e = run_once(&c, &s);
	/* stopped by a signal: the trace first, in case the output cannot be written */
	if (run_sig_poll() != 0 && s.trace) {
		run_trace_finish(&s, e);
		s.trace = NULL;
	}
	if (e == NULL) {
		status = KS_EXIT_USAGE;
	} else {
		cmd_trace_text_opts(cli, &to);
		if (cli->events)
			fputc('\n', stdout);
		tl_text_print(stdout, s.tl, &to);
		fputc('\n', stdout);
		struct verdict vd;
		run_out_outcome(stdout, e, prog, v, eng_outcome(e), s.tl);
		run_out_verdict(&vd, v, eng_outcome(e));
		status = vd.status;
		verdict_free(&vd);
		run_ask_goal(stdout, v, s.tl, prog_lang());
		/* with answers given, they decide the status (homework) */
		if (!run_ask_answers(stdout, e, v, o->answers, prog_lang()))
			status = KS_EXIT_FAILED;
		else if (o->answers)
			status = KS_EXIT_OK;
	}
	if (s.trace && !run_trace_finish(&s, e) && status == KS_EXIT_OK)
		status = KS_EXIT_FAILED;
	if (e)
		eng_free(e);
	tl_free(s.tl);
	return status;
}

int
cmd_run(const struct cli *cli)
{
	const struct prog_variant *v;
	struct prog *prog = cmd_load_variant(cli->args[0], cli->variant, &v);
	struct run_opts o;
	char *err;
	int status;

	if (prog == NULL)
		return KS_EXIT_USAGE;
	if (!run_parse_opts(cli, v, &o)) {
		prog_free(prog);
		return KS_EXIT_USAGE;
	}
	if (cli->record && !trace_writer_can(cli->record, &err)) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		free(o.schedule);
		free(o.answers);
		prog_free(prog);
		return KS_EXIT_USAGE;
	}
	if (!run_sig_start()) {
		free(o.schedule);
		free(o.answers);
		prog_free(prog);
		return KS_EXIT_FAILED;
	}
	if (o.repeat > 1 && cli->record) {
		fputs(_("kitchensync: --record saves one run; it does not go with --repeat\n"), stderr);
		status = KS_EXIT_USAGE;
	} else if (o.repeat > 1 && o.answers) {
		fputs(_("kitchensync: --answer is judged on one run; it does not go with --repeat\n"), stderr);
		status = KS_EXIT_USAGE;
	} else if (o.repeat > 1) {
		status = run_repeat(prog, v, &o);
	} else {
		status = run_single(cli, prog, v, &o);
	}
	if (run_sig_poll() != 0) {
		fflush(stdout);
		fprintf(stderr, _("kitchensync: %s: the run was stopped by %s\n"), prog->name,
		    run_sig_name(run_sig_got));
		status = 128 + run_sig_got;
	}
	run_sig_stop();
	free(o.schedule);
	free(o.answers);
	prog_free(prog);
	return status;
}
