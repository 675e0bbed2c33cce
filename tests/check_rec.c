/* check_rec.c: the recorder: order, content, chunk reuse, drops, threads and processes. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ks-check.h"
#include "rec.h"

/* An event whose fields all derive from (ACTOR, SEQ), so content can be checked. */
static struct rec_event
make_event(int actor, int64_t seq)
{
	struct rec_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = (uint8_t)(seq % REC_KIND_COUNT);
	ev.state = (uint8_t)(seq % REC_ST_COUNT);
	ev.actor = (int16_t)actor;
	ev.other = (int16_t)(actor + 1);
	ev.res = (int16_t)(seq % 7);
	ev.op = (int32_t)(seq * 3);
	ev.value = seq;
	return ev;
}

/* Asserts that EV is what make_event(ACTOR, SEQ) made. */
static void
check_event(const struct rec_event *ev, int actor, int64_t seq)
{
	ck_assert_int_eq(ev->actor, actor);
	ck_assert_int_eq(ev->value, seq);
	ck_assert_int_eq(ev->kind, seq % REC_KIND_COUNT);
	ck_assert_int_eq(ev->state, seq % REC_ST_COUNT);
	ck_assert_int_eq(ev->other, actor + 1);
	ck_assert_int_eq(ev->res, seq % 7);
	ck_assert_int_eq(ev->op, seq * 3);
}

static void
emit_seq(struct rec_writer *w, int actor, int64_t seq)
{
	struct rec_event ev = make_event(actor, seq);
	rec_emit(w, &ev);
}

/*
 * A pool that never drops for WRITERS writers each at most UNDRAINED events
 * ahead of the consumer: rec_new's size is the whole pool, and each writer
 * that writes may hold two chunks beyond its undrained events (rec.h).
 */
static size_t
pool_for(unsigned writers, size_t undrained)
{
	return (size_t)writers * (undrained + 2 * REC_CHUNK_EVENTS);
}

START_TEST(test_rec__single_writer_order_and_content)
{
	struct rec *rec = rec_new(4, 64);
	struct rec_writer *w;
	struct rec_event out[64];
	uint64_t before, after;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	size_t n;

	ck_assert_ptr_nonnull(rec);
	w = rec_writer_claim(rec);
	ck_assert_ptr_nonnull(w);
	before = rec_now();
	for (int i = 0; i < 40; i++)
		emit_seq(w, 5, i);
	after = rec_now();
	n = rec_drain(rec, out, 64, true);
	ck_assert_uint_eq(n, 40);
	for (size_t i = 0; i < n; i++) {
		check_event(&out[i], 5, (int64_t)i);
		ck_assert_uint_eq(out[i].writer, 0);
		ck_assert_uint_ge(out[i].t_ns, before);
		ck_assert_uint_le(out[i].t_ns, after);
		if (i > 0)
			ck_assert_uint_ge(out[i].t_ns, out[i - 1].t_ns);
		ck_assert(out[i].cpu == UINT16_MAX || out[i].cpu < ncpu);
	}
	ck_assert_uint_eq(rec_drain(rec, out, 64, true), 0);
	ck_assert_uint_eq(rec_dropped(rec), 0);
	ck_assert_uint_eq(rec_late(rec), 0);
	rec_free(rec);
}
END_TEST

/* Drains in small batches: every call continues where the last stopped. */
START_TEST(test_rec__drain_in_small_batches)
{
	struct rec *rec = rec_new(3, pool_for(3, 32));
	struct rec_writer *w[3];
	struct rec_event out[4];
	int64_t next[3] = {0, 0, 0};
	uint64_t last = 0;
	size_t n, total = 0;

	for (int k = 0; k < 3; k++)
		w[k] = rec_writer_claim(rec);
	/* interleaved writers, so the merge must take turns between writers */
	for (int i = 0; i < 20; i++)
		for (int k = 0; k < 3; k++)
			emit_seq(w[(k + i) % 3], (k + i) % 3, i);
	while ((n = rec_drain(rec, out, 4, true)) > 0) {
		ck_assert_uint_le(n, 4);
		for (size_t i = 0; i < n; i++) {
			int a = out[i].actor;
			ck_assert_int_eq(out[i].writer, a);
			check_event(&out[i], a, next[a]++);
			ck_assert_uint_ge(out[i].t_ns, last);
			last = out[i].t_ns;
		}
		total += n;
	}
	ck_assert_uint_eq(total, 60);
	rec_free(rec);
}
END_TEST

/*
 * Batches of every size from 1 to 1024, drained between: the writer crosses
 * chunk boundaries at every offset, reusing its chunk or the pool's, and a
 * pool of the batch plus two chunks never drops.
 */
START_TEST(test_rec__wraparound_every_size)
{
	static struct rec_event out[1024];

	for (size_t cap = 1; cap <= 1024; cap *= 2) {
		struct rec *rec = rec_new(1, pool_for(1, cap));
		struct rec_writer *w = rec_writer_claim(rec);
		int64_t written = 0, read = 0;

		ck_assert_ptr_nonnull(w);
		/* batches of varying length so the indices cross the edge anywhere */
		for (int round = 0; round < 50; round++) {
			size_t batch = 1 + (size_t)(round * 7) % cap;
			for (size_t i = 0; i < batch; i++)
				emit_seq(w, 0, written++);
			size_t n = rec_drain(rec, out, cap, true);
			ck_assert_uint_eq(n, batch);
			for (size_t i = 0; i < n; i++)
				check_event(&out[i], 0, read++);
		}
		ck_assert_int_eq(read, written);
		ck_assert_int_ge(written, 50);
		ck_assert_uint_eq(rec_dropped(rec), 0);
		/* the chunks were reused: never more taken than the pool holds */
		ck_assert_uint_le(rec_memory(rec), 1u << 20);
		rec_free(rec);
	}
}
END_TEST

/*
 * An empty pool keeps the oldest events and counts every refused one, of any
 * writer; once drained, writers get room again and the count stays.
 */
START_TEST(test_rec__full_pool_counts_drops_exactly)
{
	static struct rec_event out[2048];
	const size_t chunks[] = {1, 2, 8};

	for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
		size_t cap = chunks[c] * REC_CHUNK_EVENTS, n;
		struct rec *rec = rec_new(2, cap);
		struct rec_writer *w = rec_writer_claim(rec);
		struct rec_writer *other = rec_writer_claim(rec);
		int64_t total = (int64_t)cap * 3 + 5;

		ck_assert_uint_eq(rec_capacity(rec), cap);
		for (int64_t i = 0; i < total; i++)
			emit_seq(w, 1, i);
		emit_seq(other, 2, 0);   /* the pool is shared: no chunk left for it */
		ck_assert_uint_eq(rec_dropped(rec), (uint64_t)total - cap + 1);
		n = rec_drain(rec, out, 2048, true);
		ck_assert_uint_eq(n, cap);
		for (size_t i = 0; i < n; i++)
			check_event(&out[i], 1, (int64_t)i);
		/* drained: W starts its last chunk over, the others went back to the pool */
		emit_seq(w, 1, 1000);
		emit_seq(other, 2, 1);
		n = rec_drain(rec, out, 2048, true);
		ck_assert_uint_eq(n, chunks[c] > 1 ? 2 : 1);
		check_event(&out[0], 1, 1000);
		if (chunks[c] > 1)
			check_event(&out[1], 2, 1);
		ck_assert_uint_eq(rec_dropped(rec), (uint64_t)total - cap + (chunks[c] > 1 ? 1 : 2));
		rec_free(rec);
	}
}
END_TEST

START_TEST(test_rec__claim_more_writers_than_exist)
{
	struct rec *rec = rec_new(3, pool_for(3, 8));
	struct rec_writer *w[3];

	for (int i = 0; i < 3; i++) {
		w[i] = rec_writer_claim(rec);
		ck_assert_ptr_nonnull(w[i]);
		for (int j = 0; j < i; j++)
			ck_assert_ptr_ne(w[i], w[j]);
	}
	ck_assert_ptr_null(rec_writer_claim(rec));
	ck_assert_ptr_null(rec_writer_claim(rec));
	/* the writers handed out still work after refused claims */
	for (int i = 0; i < 3; i++)
		emit_seq(w[i], i, 0);
	ck_assert_uint_eq(rec_drain(rec, (struct rec_event[8]){0}, 8, true), 3);
	rec_free(rec);
}
END_TEST

START_TEST(test_rec__bad_sizes_fail_cleanly)
{
	const struct { unsigned writers; size_t events; } bad[] = {
		{0, 8}, {1, 0}, {REC_MAX_WRITERS + 1, 8}, {1, REC_MAX_POOL_EVENTS + 1},
		{1, (size_t)1 << 40}, {UINT32_MAX, 8}, {1, SIZE_MAX},
	};
	const struct { unsigned writers; size_t events, capacity; } good[] = {
		{1, 1, REC_CHUNK_EVENTS}, {2, 6, REC_CHUNK_EVENTS},
		{1, 1000, 8 * REC_CHUNK_EVENTS}, {REC_MAX_WRITERS, REC_CHUNK_EVENTS + 1, 2 * REC_CHUNK_EVENTS},
		{1, REC_MAX_POOL_EVENTS, REC_MAX_POOL_EVENTS},
	};
	struct rec *rec;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		ck_assert_ptr_null(rec_new(bad[i].writers, bad[i].events));
		ck_assert_int_eq(errno, EINVAL);
	}
	/* any size: rounded up to whole chunks */
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		rec = rec_new(good[i].writers, good[i].events);
		ck_assert_ptr_nonnull(rec);
		ck_assert_uint_eq(rec_capacity(rec), good[i].capacity);
		rec_free(rec);
	}
	rec_free(NULL);
}
END_TEST

/* Live drains hold back young events; waiting out the window releases them. */
START_TEST(test_rec__live_drain_holds_back_young_events)
{
	struct rec *rec = rec_new(1, 16);
	struct rec_writer *w = rec_writer_claim(rec);
	struct rec_event out[16];
	uint64_t after;
	size_t n;

	emit_seq(w, 0, 0);
	n = rec_drain(rec, out, 16, false);
	after = rec_now();
	/* whatever came out is at least the window old */
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_le(out[i].t_ns + REC_HOLD_NS, after);
	if (n == 0) {
		while (rec_now() < after + REC_HOLD_NS)
			;   /* the window is what is being tested: wait it out */
		n = rec_drain(rec, out, 16, false);
	}
	ck_assert_uint_eq(n, 1);
	check_event(&out[0], 0, 0);
	rec_free(rec);
}
END_TEST

/* A hold keeps the merge from passing the time an event may still be stamped with. */
START_TEST(test_rec__hold_keeps_back_dated_events_in_order)
{
	struct rec *rec = rec_new(2, pool_for(2, 16));
	struct rec_writer *a = rec_writer_claim(rec), *b = rec_writer_claim(rec);
	struct rec_event ev, out[16];
	uint64_t t0;
	size_t n;

	memset(&ev, 0, sizeof ev);
	t0 = rec_now();
	rec_hold(a, t0);             /* A may still report something from t0 */
	ev.actor = 1;
	rec_emit(b, &ev);            /* B: after t0 */
	while (rec_now() < ev.t_ns + 2 * REC_HOLD_NS)
		;   /* well past the window: only the hold keeps B's event back */
	n = rec_drain(rec, out, 16, false);
	ck_assert_uint_eq(n, 0);
	ev.actor = 0;
	rec_emit_at(a, &ev, t0);     /* now A tells it, back-dated */
	ck_assert_uint_eq(ev.t_ns, t0);
	rec_hold(a, 0);
	n = rec_drain(rec, out, 16, false);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(out[0].actor, 0);
	ck_assert_uint_eq(out[0].t_ns, t0);
	ck_assert_int_eq(out[1].actor, 1);
	ck_assert_uint_eq(rec_late(rec), 0);
	rec_free(rec);
}
END_TEST

START_TEST(test_rec__names)
{
	for (int k = 0; k < REC_KIND_COUNT; k++) {
		const char *name = rec_kind_name((enum rec_kind)k);
		ck_assert_str_ne(name, "unknown");
		for (const char *p = name; *p; p++)
			ck_assert((*p >= 'a' && *p <= 'z') || *p == '-');
		for (int j = 0; j < k; j++)
			ck_assert_str_ne(name, rec_kind_name((enum rec_kind)j));
	}
	for (int s = 0; s < REC_ST_COUNT; s++) {
		ck_assert_str_ne(rec_state_name((enum rec_state)s), "unknown");
		ck_assert_int_gt(strlen(rec_state_label((enum rec_state)s)), 0);
		for (int j = 0; j < s; j++)
			ck_assert_str_ne(rec_state_name((enum rec_state)s),
					 rec_state_name((enum rec_state)j));
	}
	ck_assert_str_eq(rec_kind_name(REC_LOCK_ACQUIRE), "lock-acquire");
	ck_assert_str_eq(rec_state_name(REC_ST_BLOCKED), "blocked");
	ck_assert_str_eq(rec_kind_name(REC_KIND_COUNT), "unknown");
	ck_assert_str_eq(rec_state_name((enum rec_state)200), "unknown");
}
END_TEST

/* Whether EV is what make_event(ACTOR, SEQ) made; for loops too hot for ck_assert. */
static bool
event_is(const struct rec_event *ev, int actor, int64_t seq)
{
	struct rec_event want = make_event(actor, seq);
	return ev->actor == want.actor && ev->value == want.value &&
	       ev->kind == want.kind && ev->state == want.state &&
	       ev->other == want.other && ev->res == want.res && ev->op == want.op;
}

/*
 * Racing producers (threads or processes) and a live consumer.  Each producer
 * waits (yielding, never sleeping) while it is RACE_RING events ahead, using
 * the count the consumer publishes, so "the consumer keeps up" holds by design
 * and nothing may be dropped; the pool is small, so its chunks are reused
 * many times.
 *
 * Meanwhile a stall thread keeps signalling the producers, and the handler
 * stops the producer for longer than REC_HOLD_NS wherever it was -- also
 * between its clock read and its publication, where a merge relying on the
 * hold-back window alone would return younger events first.
 */
#define RACE_PRODUCERS 4
#define RACE_EVENTS 60000
#define RACE_RING 1024
#define RACE_STALL_NS (REC_HOLD_NS + 1000000)

struct race {
	struct rec *rec;
	atomic_llong consumed[RACE_PRODUCERS];   /* events of each actor returned */
	atomic_int start;
	atomic_int done;                          /* producers finished */
	int64_t room;     /* events a producer may be ahead of the consumer */
	atomic_llong stalls;                      /* signals handled */
};

static struct race *race_current;

static void
race_stall(int sig)
{
	int saved = errno;
	struct timespec ts = {0, (long)RACE_STALL_NS};

	(void)sig;
	atomic_fetch_add(&race_current->stalls, 1);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	errno = saved;
}

/* Routes SIGUSR1 to the stall handler (inherited by forked producers). */
static void
race_stall_install(struct race *race)
{
	struct sigaction sa;

	race_current = race;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = race_stall;
	sa.sa_flags = SA_RESTART;
	ck_assert_int_eq(sigemptyset(&sa.sa_mask), 0);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
}

static int
race_produce(struct race *race, int actor)
{
	struct rec_writer *w = rec_writer_claim(race->rec);

	if (w == NULL)
		return 3;
	while (!atomic_load(&race->start))
		sched_yield();
	for (int64_t i = 0; i < RACE_EVENTS; i++) {
		while (i - atomic_load(&race->consumed[actor]) >= race->room)
			sched_yield();
		emit_seq(w, actor, i);
	}
	atomic_fetch_add(&race->done, 1);
	return 0;
}

/* Who to stall: producer threads or producer processes. */
struct race_stallers {
	struct race *race;
	pthread_t *threads;
	pid_t *pids;
};

/* Signals the producers in turn every 3 ms until they are all done. */
static void *
race_stall_main(void *arg)
{
	struct race_stallers *st = arg;
	struct timespec gap = {0, 3000000};

	for (unsigned k = 0; atomic_load(&st->race->done) < RACE_PRODUCERS; k++) {
		unsigned i = k % RACE_PRODUCERS;
		if (st->threads != NULL)
			(void)pthread_kill(st->threads[i], SIGUSR1);
		else
			(void)kill(st->pids[i], SIGUSR1);
		(void)nanosleep(&gap, NULL);
	}
	return NULL;
}

/* Drains until every event came out, checking order across all calls. */
static void
race_consume(struct race *race)
{
	static struct rec_event out[512];
	int64_t next[RACE_PRODUCERS] = {0};
	uint64_t last = 0, backwards = 0, wrong = 0;
	int64_t total = 0;

	atomic_store(&race->start, 1);
	while (total < (int64_t)RACE_PRODUCERS * RACE_EVENTS && wrong == 0) {
		size_t n = rec_drain(race->rec, out, 512, false);
		for (size_t i = 0; i < n; i++) {
			int a = out[i].actor;
			if (a < 0 || a >= RACE_PRODUCERS || !event_is(&out[i], a, next[a])) {
				wrong++;
				break;
			}
			next[a]++;
			/* never an event stamped before one already returned */
			if (out[i].t_ns < last)
				backwards++;
			last = out[i].t_ns;
		}
		for (int a = 0; a < RACE_PRODUCERS; a++)
			atomic_store(&race->consumed[a], next[a]);
		total += (int64_t)n;
		if (n == 0)
			sched_yield();
	}
	ck_assert_uint_eq(wrong, 0);
	ck_assert_uint_eq(backwards, 0);
	ck_assert_uint_eq(rec_drain(race->rec, out, 512, true), 0);
	ck_assert_int_eq(total, (int64_t)RACE_PRODUCERS * RACE_EVENTS);
	ck_assert_uint_eq(rec_dropped(race->rec), 0);
	ck_assert_uint_eq(rec_late(race->rec), 0);
}

struct race_thread {
	struct race *race;
	int actor;
	int status;
};

static void *
race_thread_main(void *arg)
{
	struct race_thread *t = arg;
	t->status = race_produce(t->race, t->actor);
	return NULL;
}

START_TEST(test_rec__threads_merge_in_time_order)
{
	struct race race = {.rec = rec_new(RACE_PRODUCERS, pool_for(RACE_PRODUCERS, RACE_RING)),
			    .room = RACE_RING};
	struct race_thread t[RACE_PRODUCERS];
	pthread_t tid[RACE_PRODUCERS], stall;
	struct race_stallers st = {&race, tid, NULL};

	ck_assert_ptr_nonnull(race.rec);
	race_stall_install(&race);
	for (int i = 0; i < RACE_PRODUCERS; i++) {
		t[i] = (struct race_thread){&race, i, -1};
		ck_assert_int_eq(pthread_create(&tid[i], NULL, race_thread_main, &t[i]), 0);
	}
	ck_assert_int_eq(pthread_create(&stall, NULL, race_stall_main, &st), 0);
	race_consume(&race);
	ck_assert_int_eq(pthread_join(stall, NULL), 0);
	for (int i = 0; i < RACE_PRODUCERS; i++) {
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
		ck_assert_int_eq(t[i].status, 0);
	}
	ck_assert_int_gt(atomic_load(&race.stalls), 0);
	rec_free(race.rec);
}
END_TEST

/* Forks one producer process per actor; they die with the test if it fails. */
static void
spawn_producers(struct race *race, pid_t *pids)
{
	pid_t parent = getpid();

	for (int i = 0; i < RACE_PRODUCERS; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
				_exit(4);
			_exit(race_produce(race, i));
		}
	}
}

/* Reaps every producer, checks each exited 0, and that no child is left. */
static void
reap_producers(const pid_t *pids)
{
	int status;

	for (int i = 0; i < RACE_PRODUCERS; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
	errno = 0;
	ck_assert_int_eq(waitpid(-1, &status, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

/* A race in shared memory, so forked producers and the parent see one copy. */
static struct race *
race_shared_new(size_t ring)
{
	struct race *race = mmap(NULL, sizeof *race, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(race, MAP_FAILED);
	memset(race, 0, sizeof *race);
	race->room = (int64_t)ring;
	race->rec = rec_new(RACE_PRODUCERS, pool_for(RACE_PRODUCERS, ring));
	ck_assert_ptr_nonnull(race->rec);
	return race;
}

static void
race_shared_free(struct race *race)
{
	rec_free(race->rec);
	ck_assert_int_eq(munmap(race, sizeof *race), 0);
}

/* Children write, the parent drains live while they run, then reaps them. */
START_TEST(test_rec__processes_race_a_live_consumer)
{
	struct race *race = race_shared_new(RACE_RING);
	pid_t pids[RACE_PRODUCERS];
	struct race_stallers st = {race, NULL, pids};
	pthread_t stall;

	race_stall_install(race);
	spawn_producers(race, pids);
	ck_assert_int_eq(pthread_create(&stall, NULL, race_stall_main, &st), 0);
	race_consume(race);
	ck_assert_int_eq(pthread_join(stall, NULL), 0);
	reap_producers(pids);
	ck_assert_int_gt(atomic_load(&race->stalls), 0);
	race_shared_free(race);
}
END_TEST

/* Children write with no consumer (the pool holds all), the parent drains after waitpid. */
START_TEST(test_rec__processes_drained_after_exit)
{
	static struct rec_event out[64];
	struct race *race = race_shared_new(65536);
	pid_t pids[RACE_PRODUCERS];
	int64_t next[RACE_PRODUCERS] = {0};
	uint64_t last = 0, backwards = 0, wrong = 0;
	int64_t total = 0;
	size_t n;
	unsigned seen = 0;

	ck_assert_int_ge(race->room, RACE_EVENTS);
	atomic_store(&race->start, 1);
	spawn_producers(race, pids);
	reap_producers(pids);
	while ((n = rec_drain(race->rec, out, 64, true)) > 0) {
		for (size_t i = 0; i < n; i++) {
			int a = out[i].actor;
			if (a < 0 || a >= RACE_PRODUCERS || !event_is(&out[i], a, next[a]++))
				wrong++;
			if (out[i].t_ns < last)
				backwards++;
			last = out[i].t_ns;
			seen |= 1u << out[i].writer;
		}
		total += (int64_t)n;
	}
	ck_assert_uint_eq(wrong, 0);
	ck_assert_uint_eq(backwards, 0);
	ck_assert_int_eq(total, (int64_t)RACE_PRODUCERS * RACE_EVENTS);
	ck_assert_uint_eq(seen, (1u << RACE_PRODUCERS) - 1);
	ck_assert_uint_eq(rec_dropped(race->rec), 0);
	/* every writer was claimed by a child: the parent gets none */
	ck_assert_ptr_null(rec_writer_claim(race->rec));
	race_shared_free(race);
}
END_TEST

/* Polls until COND holds or TIMEOUT_S seconds passed; whether it held. */
#define POLL_UNTIL(cond, timeout_s) __extension__ ({                        \
	uint64_t poll_end_ = rec_now() + (uint64_t)(timeout_s) * 1000000000u;   \
	bool poll_ok_;                                                          \
	while (!(poll_ok_ = (cond)) && rec_now() < poll_end_)                   \
		sched_yield();                                                  \
	poll_ok_; })

/*
 * A crowd: CROWD_WRITERS threads, all alive at once, each claims a writer and
 * writes CROWD_EVENTS events while the consumer drains live.  Every event
 * comes out exactly once, each thread's in its order, all in time order.
 */
#define CROWD_WRITERS 2000
#define CROWD_EVENTS 5

struct crowd {
	struct rec *rec;
	pthread_barrier_t claimed;   /* every thread holds a writer */
	atomic_int failed;
};

struct crowd_thread {
	struct crowd *crowd;
	int actor;
};

static void *
crowd_main(void *arg)
{
	struct crowd_thread *t = arg;
	struct rec_writer *w = rec_writer_claim(t->crowd->rec);

	if (w == NULL)
		atomic_fetch_add(&t->crowd->failed, 1);
	(void)pthread_barrier_wait(&t->crowd->claimed);
	if (w != NULL)
		for (int64_t i = 0; i < CROWD_EVENTS; i++)
			emit_seq(w, t->actor, i);
	return NULL;
}

START_TEST(test_rec__crowd_of_2000_writer_threads)
{
	static struct rec_event out[1024];
	static struct crowd_thread args[CROWD_WRITERS];
	static pthread_t tid[CROWD_WRITERS];
	static int64_t next[CROWD_WRITERS];
	static int writer_of[CROWD_WRITERS];
	struct crowd crowd = {0};
	pthread_attr_t attr;
	uint64_t last = 0, wrong = 0, backwards = 0;
	int64_t total = 0, want = (int64_t)CROWD_WRITERS * CROWD_EVENTS;
	uint64_t deadline;

	/* two chunks each is all they need, whatever the consumer does */
	crowd.rec = rec_new(CROWD_WRITERS, pool_for(CROWD_WRITERS, CROWD_EVENTS));
	ck_assert_ptr_nonnull(crowd.rec);
	ck_assert_int_eq(pthread_barrier_init(&crowd.claimed, NULL, CROWD_WRITERS), 0);
	ck_assert_int_eq(pthread_attr_init(&attr), 0);
	ck_assert_int_eq(pthread_attr_setstacksize(&attr, 64 * 1024), 0);
	for (int i = 0; i < CROWD_WRITERS; i++) {
		args[i] = (struct crowd_thread){&crowd, i};
		next[i] = 0;
		writer_of[i] = -1;
		ck_assert_int_eq(pthread_create(&tid[i], &attr, crowd_main, &args[i]), 0);
	}
	deadline = rec_now() + 60ull * 1000000000u;
	while (total < want && wrong == 0 && rec_now() < deadline) {
		size_t n = rec_drain(crowd.rec, out, 1024, false);
		for (size_t i = 0; i < n; i++) {
			int a = out[i].actor;
			if (a < 0 || a >= CROWD_WRITERS || next[a] >= CROWD_EVENTS ||
			    !event_is(&out[i], a, next[a]) ||
			    (writer_of[a] >= 0 && writer_of[a] != out[i].writer)) {
				wrong++;
				break;
			}
			writer_of[a] = out[i].writer;
			next[a]++;
			if (out[i].t_ns < last)
				backwards++;
			last = out[i].t_ns;
		}
		total += (int64_t)n;
		if (n == 0)
			sched_yield();
	}
	for (int i = 0; i < CROWD_WRITERS; i++)
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
	ck_assert_uint_eq(wrong, 0);
	ck_assert_uint_eq(backwards, 0);
	ck_assert_int_eq(atomic_load(&crowd.failed), 0);
	ck_assert_int_eq(total, want);
	ck_assert_uint_eq(rec_drain(crowd.rec, out, 1024, true), 0);   /* exactly once */
	for (int i = 0; i < CROWD_WRITERS; i++)
		ck_assert_int_eq(next[i], CROWD_EVENTS);
	ck_assert_uint_eq(rec_dropped(crowd.rec), 0);
	ck_assert_uint_eq(rec_late(crowd.rec), 0);
	/* a chunk per writer, and two for a few: nowhere near 2,000 rings */
	ck_assert_uint_le(rec_memory(crowd.rec), 32u << 20);
	ck_assert_int_eq(pthread_attr_destroy(&attr), 0);
	ck_assert_int_eq(pthread_barrier_destroy(&crowd.claimed), 0);
	rec_free(crowd.rec);
}
END_TEST

/*
 * One writer writes a hundred times what the pool holds while a consumer
 * drains live; the writer stays REUSE_ROOM events ahead at most, so the pool
 * (room plus two chunks) suffices, and chunks go round and round.
 */
#define REUSE_CHUNKS 8
#define REUSE_ROOM (4 * REC_CHUNK_EVENTS)
#define REUSE_EVENTS (100 * REUSE_CHUNKS * REC_CHUNK_EVENTS)

struct reuse {
	struct rec *rec;
	atomic_llong consumed;
	int status;
};

static void *
reuse_main(void *arg)
{
	struct reuse *r = arg;
	struct rec_writer *w = rec_writer_claim(r->rec);

	r->status = 3;
	if (w == NULL)
		return NULL;
	for (int64_t i = 0; i < REUSE_EVENTS; i++) {
		if (!POLL_UNTIL(i - atomic_load(&r->consumed) < (int64_t)REUSE_ROOM, 60))
			return NULL;
		emit_seq(w, 0, i);
	}
	r->status = 0;
	return NULL;
}

START_TEST(test_rec__chunks_reused_under_a_live_consumer)
{
	static struct rec_event out[256];
	struct reuse r = {.rec = rec_new(1, REUSE_CHUNKS * REC_CHUNK_EVENTS)};
	pthread_t tid;
	int64_t next = 0;
	uint64_t wrong = 0, deadline;

	ck_assert_ptr_nonnull(r.rec);
	ck_assert_uint_ge(REUSE_CHUNKS * REC_CHUNK_EVENTS, REUSE_ROOM + 2 * REC_CHUNK_EVENTS);
	ck_assert_int_eq(pthread_create(&tid, NULL, reuse_main, &r), 0);
	deadline = rec_now() + 60ull * 1000000000u;
	while (next < REUSE_EVENTS && wrong == 0 && rec_now() < deadline) {
		size_t n = rec_drain(r.rec, out, 256, false);
		for (size_t i = 0; i < n; i++)
			if (!event_is(&out[i], 0, next++))
				wrong++;
		atomic_store(&r.consumed, next);
		if (n == 0)
			sched_yield();
	}
	ck_assert_int_eq(pthread_join(tid, NULL), 0);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(wrong, 0);
	ck_assert_int_eq(next, REUSE_EVENTS);
	ck_assert_uint_eq(rec_drain(r.rec, out, 256, true), 0);
	ck_assert_uint_eq(rec_dropped(r.rec), 0);
	ck_assert_uint_le(rec_memory(r.rec), 1u << 20);
	rec_free(r.rec);
}
END_TEST

/* Writers that find the pool empty drop and count, each its own events. */
START_TEST(test_rec__pool_exhaustion_is_counted)
{
	struct rec *rec = rec_new(8, 4 * REC_CHUNK_EVENTS);
	struct rec_writer *w[8];
	struct rec_event out[8];
	int got[8] = {0};
	size_t n;

	for (int i = 0; i < 8; i++)
		w[i] = rec_writer_claim(rec);
	/* four writers take the four chunks; the other four drop their 3 events */
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 8; i++)
			emit_seq(w[i], i, k);
	ck_assert_uint_eq(rec_dropped(rec), 4 * 3);
	while ((n = rec_drain(rec, out, 8, true)) > 0)
		for (size_t i = 0; i < n; i++)
			got[out[i].actor]++;
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(got[i], i < 4 ? 3 : 0);
	/* drained, but each of the four still holds its chunk: still no room */
	emit_seq(w[7], 7, 3);
	ck_assert_uint_eq(rec_dropped(rec), 4 * 3 + 1);
	ck_assert_uint_eq(rec_drain(rec, out, 8, true), 0);
	rec_free(rec);
}
END_TEST

/*
 * A child forked after the parent wrote claims its own writer and writes
 * through it, taking chunks the parent's consumer gave back to the pool.
 */
START_TEST(test_rec__forked_child_writes_through_its_own_writer)
{
	static struct rec_event out[4096];
	struct rec *rec = rec_new(4, 6 * REC_CHUNK_EVENTS);
	struct rec_writer *pw = rec_writer_claim(rec);
	int64_t pnext = 0, cnext = 0, pseen = 0;
	int status, cwriter = -1;
	uint64_t last = 0;
	size_t n;
	pid_t pid, parent = getpid();

	/* the parent fills and drains four chunks: three go back to the pool */
	for (; pnext < 4 * REC_CHUNK_EVENTS; pnext++)
		emit_seq(pw, 0, pnext);
	ck_assert_uint_eq(rec_drain(rec, out, 4096, true), 4 * REC_CHUNK_EVENTS);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rec_writer *cw;
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(4);
		cw = rec_writer_claim(rec);
		if (cw == NULL || cw == pw)
			_exit(3);
		/* more than the pool had never handed out: needs the freed ones */
		for (int64_t i = 0; i < 3 * REC_CHUNK_EVENTS + 7; i++)
			emit_seq(cw, 1, i);
		_exit(0);
	}
	emit_seq(pw, 0, pnext++);   /* the parent's writer goes on meanwhile */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	while ((n = rec_drain(rec, out, 4096, true)) > 0)
		for (size_t i = 0; i < n; i++) {
			ck_assert_uint_ge(out[i].t_ns, last);
			last = out[i].t_ns;
			if (out[i].actor == 0) {
				check_event(&out[i], 0, 4 * REC_CHUNK_EVENTS + pseen++);
				ck_assert_uint_eq(out[i].writer, 0);
			} else {
				check_event(&out[i], 1, cnext++);
				if (cwriter < 0)
					cwriter = out[i].writer;
				ck_assert_int_eq(out[i].writer, cwriter);
			}
		}
	ck_assert_int_eq(pseen, 1);
	ck_assert_int_eq(cnext, 3 * REC_CHUNK_EVENTS + 7);
	ck_assert_int_eq(cwriter, 1);
	ck_assert_uint_eq(rec_dropped(rec), 0);
	rec_free(rec);
}
END_TEST

static Suite *
rec_suite(void)
{
	Suite *s = suite_create("rec");
	TCase *tc = tcase_create("single");
	TCase *race = tcase_create("race");

	tcase_add_test(tc, test_rec__single_writer_order_and_content);
	tcase_add_test(tc, test_rec__drain_in_small_batches);
	tcase_add_test(tc, test_rec__wraparound_every_size);
	tcase_add_test(tc, test_rec__full_pool_counts_drops_exactly);
	tcase_add_test(tc, test_rec__claim_more_writers_than_exist);
	tcase_add_test(tc, test_rec__bad_sizes_fail_cleanly);
	tcase_add_test(tc, test_rec__live_drain_holds_back_young_events);
	tcase_add_test(tc, test_rec__hold_keeps_back_dated_events_in_order);
	tcase_add_test(tc, test_rec__names);
	tcase_add_test(tc, test_rec__pool_exhaustion_is_counted);
	tcase_add_test(tc, test_rec__forked_child_writes_through_its_own_writer);
	suite_add_tcase(s, tc);

	/* generous: under sanitizers on two cores the producers take turns */
	tcase_set_timeout(race, 60);
	tcase_add_test(race, test_rec__threads_merge_in_time_order);
	tcase_add_test(race, test_rec__processes_race_a_live_consumer);
	tcase_add_test(race, test_rec__processes_drained_after_exit);
	tcase_add_test(race, test_rec__crowd_of_2000_writer_threads);
	tcase_add_test(race, test_rec__chunks_reused_under_a_live_consumer);
	suite_add_tcase(s, race);
	return s;
}

int
main(void)
{
	return ks_check_run(rec_suite(), NULL);
}
