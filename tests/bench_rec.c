/*
 * bench_rec.c: what one recorded event costs, against one clock read, with
 * one writer and with a thousand; what the recorder costs in memory with two
 * thousand writers; what draining costs (make bench).
 */
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

#include "rec.h"

#define EVENTS_PER_PRODUCER 2000000   /* ~60 ms per producer per run */
#define RUNS 5                        /* the best run is reported */
/*
 * The warm-up lap: drained before the timed part, so the chunks it touched
 * are back in the pool and the timed part does not pay first-touch faults.
 */
#define RING_EVENTS ((size_t)1 << 21)
/*
 * The pool holds every event of a run, so a consumer starved of CPU (two
 * producers and the consumer share two CPUs here) cannot turn events into
 * cheaper drops and flatter the figure; drops would still be shown.
 */
#define POOL_EVENTS ((size_t)MAX_PRODUCERS * (RING_EVENTS + 2 * REC_CHUNK_EVENTS))
#define DRAIN_EVERY_NS 2000000        /* the consumer wakes every 2 ms, as a UI tick */
#define BATCH 4096
#define MAX_PRODUCERS 2
#define TARGET_FACTOR 1.5

/* Shared with forked producers, so it lives in its own MAP_SHARED page. */
struct bench {
	struct rec *rec;
	atomic_int ready;
	atomic_int go;
	atomic_int done;
	uint64_t warm;                /* warm-up events drained before the start */
	uint64_t ns[MAX_PRODUCERS];   /* each producer's CPU time for its events */
	uint64_t wall_ns[MAX_PRODUCERS];
};

static void
die(const char *what)
{
	fprintf(stderr, "bench_rec: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Nanoseconds per call of rec_now over N calls. */
static double
bench_clock(long n)
{
	volatile uint64_t sink = 0;
	uint64_t t0 = rec_now();

	for (long i = 0; i < n; i++)
		sink += rec_now();
	(void)sink;
	return (double)(rec_now() - t0) / (double)n;
}

static double
bench_getcpu(long n)
{
	volatile int sink = 0;
	uint64_t t0 = rec_now();

	for (long i = 0; i < n; i++)
		sink += sched_getcpu();
	(void)sink;
	return (double)(rec_now() - t0) / (double)n;
}

/* CPU time of the calling thread, so time spent preempted is not counted. */
static uint64_t
thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		die("clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
produce(struct bench *b, int id)
{
	struct rec_writer *w = rec_writer_claim(b->rec);
	struct rec_event ev;
	uint64_t t0, cpu0;

	if (w == NULL) {
		fprintf(stderr, "bench_rec: no ring left for producer %d\n", id);
		exit(1);
	}
	memset(&ev, 0, sizeof ev);
	ev.kind = REC_STORE;
	ev.actor = (int16_t)id;
	ev.res = 1;
	ev.other = -1;
	/* a warm-up first, drained before timing, so first touches of the pool are not timed */
	for (size_t i = 0; i < RING_EVENTS; i++)
		rec_emit(w, &ev);
	atomic_fetch_add(&b->ready, 1);
	while (!atomic_load(&b->go))
		;
	t0 = rec_now();
	cpu0 = thread_cpu_ns();
	for (long i = 0; i < EVENTS_PER_PRODUCER; i++) {
		ev.value = i;
		ev.op = (int32_t)i;
		rec_emit(w, &ev);
	}
	b->ns[id] = thread_cpu_ns() - cpu0;
	b->wall_ns[id] = rec_now() - t0;
	atomic_fetch_add(&b->done, 1);
}

struct producer {
	struct bench *b;
	int id;
};

static void *
produce_thread(void *arg)
{
	struct producer *p = arg;
	produce(p->b, p->id);
	return NULL;
}

/*
 * The UI's side: wake every few ms, drain in batches; returns events drained
 * while the producers ran, and the consumer's CPU time for them in *CPU_NS.
 */
static uint64_t
consume(struct bench *b, int producers, uint64_t *cpu_ns)
{
	static struct rec_event out[BATCH];
	struct timespec tick = {0, DRAIN_EVERY_NS};
	uint64_t total = 0, cpu0;
	size_t n;

	while (atomic_load(&b->ready) < producers)
		sched_yield();
	/* the warm-up laps: every producer is waiting, so drain them all */
	while ((n = rec_drain(b->rec, out, BATCH, true)) > 0)
		total += n;
	b->warm = total;
	total = 0;
	cpu0 = thread_cpu_ns();
	atomic_store(&b->go, 1);
	while (atomic_load(&b->done) < producers) {
		if (nanosleep(&tick, NULL) != 0 && errno != EINTR)
			die("nanosleep");
		while ((n = rec_drain(b->rec, out, BATCH, false)) > 0)
			total += n;
	}
	while ((n = rec_drain(b->rec, out, BATCH, true)) > 0)
		total += n;
	*cpu_ns = thread_cpu_ns() - cpu0;
	return total;
}

struct result {
	double ns_per_event;   /* per producer: its CPU time over its events */
	double events_per_s;   /* all producers together, by the wall clock */
	double drain_ns;       /* the consumer's CPU time per event drained */
	uint64_t dropped;
	uint64_t drained;
};

/* One run: PRODUCERS threads (or forked processes) and a draining consumer. */
static struct result
run(int producers, int processes)
{
	struct bench *b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_t tid[MAX_PRODUCERS];
	struct producer arg[MAX_PRODUCERS];
	pid_t pid[MAX_PRODUCERS];
	struct result r;
	double slowest = 0, sum = 0;

	if (b == MAP_FAILED)
		die("mmap");
	memset(b, 0, sizeof *b);
	b->rec = rec_new(MAX_PRODUCERS, POOL_EVENTS);
	if (b->rec == NULL)
		die("rec_new");
	for (int i = 0; i < producers; i++) {
		if (processes) {
			pid_t parent = getpid();
			pid[i] = fork();
			if (pid[i] < 0)
				die("fork");
			if (pid[i] == 0) {
				if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
					_exit(1);
				produce(b, i);
				_exit(0);
			}
		} else {
			arg[i] = (struct producer){b, i};
			errno = pthread_create(&tid[i], NULL, produce_thread, &arg[i]);
			if (errno != 0)
				die("pthread_create");
		}
	}
	uint64_t drain_cpu;

	r.drained = consume(b, producers, &drain_cpu);
	r.drain_ns = (double)drain_cpu / (double)r.drained;
	r.drained += b->warm;
	for (int i = 0; i < producers; i++) {
		if (processes) {
			int status;
			if (waitpid(pid[i], &status, 0) != pid[i])
				die("waitpid");
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				fprintf(stderr, "bench_rec: producer %d failed\n", i);
				exit(1);
			}
		} else {
			errno = pthread_join(tid[i], NULL);
			if (errno != 0)
				die("pthread_join");
		}
	}
	for (int i = 0; i < producers; i++) {
		sum += (double)b->ns[i];
		if ((double)b->wall_ns[i] > slowest)
			slowest = (double)b->wall_ns[i];
	}
	r.ns_per_event = sum / producers / EVENTS_PER_PRODUCER;
	r.events_per_s = (double)producers * EVENTS_PER_PRODUCER / (slowest / 1e9);
	r.dropped = rec_dropped(b->rec);
	rec_free(b->rec);
	if (munmap(b, sizeof *b) != 0)
		die("munmap");
	return r;
}

static void
report(const char *what, int producers, int processes, double target)
{
	struct result best = {0}, r;

	for (int i = 0; i < RUNS; i++) {
		r = run(producers, processes);
		if (r.drained + r.dropped != (uint64_t)producers * (EVENTS_PER_PRODUCER + RING_EVENTS)) {
			fprintf(stderr, "bench_rec: %s: %llu drained + %llu dropped != %llu written\n",
				what, (unsigned long long)r.drained, (unsigned long long)r.dropped,
				(unsigned long long)producers * (EVENTS_PER_PRODUCER + RING_EVENTS));
			exit(1);
		}
		if (i == 0 || r.ns_per_event < best.ns_per_event)
			best = r;
	}
	printf("  %-22s %6.1f ns/event %6.1f M events/s  target <= %.1f ns  %s  dropped %llu  (drain %.1f ns/event)\n",
	       what, best.ns_per_event, best.events_per_s / 1e6, target,
	       best.ns_per_event <= target && best.dropped == 0 ? "PASS" : "MISS",
	       (unsigned long long)best.dropped, best.drain_ns);
}

/* ---- crowds ----------------------------------------------------------------- */

#define CROWD_STACK (64 * 1024)
/*
 * Events per thread before the timed part, drained before it: as many as it
 * times, so the pool's pages are touched already, as after a ring's first
 * lap.  (With a thousand runnable threads some are preempted mid-emit and
 * hold the merge back, so the pool grows; a first touch costs ~1 us a page.)
 */
#define CROWD_WARM 4000
#define CROWD_EVENTS 4000              /* timed events per thread */
#define MEM_WRITERS 2000
#define MEM_EVENTS 300                 /* "a few hundred" per writer */
#define MEM_TARGET ((size_t)64 << 20)
#define DRAIN_TARGET_NS 50.0           /* per event drained, heap of 2,000 writers */
#define PASS_TARGET_NS 20.0            /* per writer, a pass over idle ones */
#define BUSY_EVENTS 20000000L
#define BUSY_DRAIN_NS 30000000L        /* the UI's ~30 ms tick */

/* Kilobytes of shared memory resident in this process (RssShmem). */
static size_t
rss_shmem_kb(void)
{
	char line[256];
	size_t kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		die("/proc/self/status");
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "RssShmem: %zu kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

struct crowd {
	struct rec *rec;
	pthread_barrier_t ready;      /* every thread warmed up */
	pthread_barrier_t go;         /* the consumer drained the warm-up: time from here */
	pthread_barrier_t release;    /* wait_after: memory measured, the threads may end */
	atomic_int done;
	atomic_ullong cpu_ns;         /* the threads' CPU time in the timed part */
	long warm, events;
	bool wait_after;              /* wait at release after writing (memory figure) */
};

static void *
crowd_main(void *arg)
{
	struct crowd *c = arg;
	struct rec_writer *w = rec_writer_claim(c->rec);
	struct rec_event ev;
	uint64_t cpu0;

	if (w == NULL) {
		fprintf(stderr, "bench_rec: no writer left\n");
		exit(1);
	}
	memset(&ev, 0, sizeof ev);
	ev.kind = REC_STORE;
	ev.res = 1;
	ev.other = -1;
	for (long i = 0; i < c->warm; i++)
		rec_emit(w, &ev);
	(void)pthread_barrier_wait(&c->ready);
	(void)pthread_barrier_wait(&c->go);
	cpu0 = thread_cpu_ns();
	for (long i = 0; i < c->events; i++) {
		ev.value = i;
		ev.op = (int32_t)i;
		rec_emit(w, &ev);
	}
	atomic_fetch_add(&c->cpu_ns, thread_cpu_ns() - cpu0);
	atomic_fetch_add(&c->done, 1);
	if (c->wait_after)
		(void)pthread_barrier_wait(&c->release);
	return NULL;
}

/* Starts N crowd threads with small stacks. */
static pthread_t *
crowd_start(struct crowd *c, int n)
{
	pthread_t *tid = calloc((size_t)n, sizeof *tid);
	pthread_attr_t attr;

	if (tid == NULL)
		die("calloc");
	if (pthread_barrier_init(&c->ready, NULL, (unsigned)n + 1) != 0 ||
	    pthread_barrier_init(&c->go, NULL, (unsigned)n + 1) != 0 ||
	    pthread_barrier_init(&c->release, NULL, (unsigned)n + 1) != 0 ||
	    pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, CROWD_STACK) != 0)
		die("pthread setup");
	for (int i = 0; i < n; i++) {
		errno = pthread_create(&tid[i], &attr, crowd_main, c);
		if (errno != 0)
			die("pthread_create");
	}
	pthread_attr_destroy(&attr);
	return tid;
}

static void
crowd_join(struct crowd *c, pthread_t *tid, int n)
{
	for (int i = 0; i < n; i++) {
		errno = pthread_join(tid[i], NULL);
		if (errno != 0)
			die("pthread_join");
	}
	pthread_barrier_destroy(&c->ready);
	pthread_barrier_destroy(&c->go);
	pthread_barrier_destroy(&c->release);
	free(tid);
}

/* Drains everything (final), returning the count. */
static uint64_t
drain_all(struct rec *rec)
{
	static struct rec_event out[BATCH];
	uint64_t total = 0;
	size_t n;

	while ((n = rec_drain(rec, out, BATCH, true)) > 0)
		total += n;
	return total;
}

/* N threads each write CROWD_EVENTS, timed, while the consumer drains every 2 ms. */
static void
report_crowd(int n, double target)
{
	static struct rec_event out[BATCH];
	double best = 0, best_drain = 0;
	uint64_t dropped = 0;

	for (int run = 0; run < 3; run++) {
		struct crowd c = {.warm = CROWD_WARM, .events = CROWD_EVENTS};
		struct timespec tick = {0, DRAIN_EVERY_NS};
		uint64_t total, cpu0;
		pthread_t *tid;
		size_t k;
		double ns, drain;

		c.rec = rec_new((unsigned)n, (size_t)n * (CROWD_WARM + CROWD_EVENTS + 2 * REC_CHUNK_EVENTS));
		if (c.rec == NULL)
			die("rec_new");
		tid = crowd_start(&c, n);
		/* every thread warmed up and waits: drain, so their chunks are back */
		(void)pthread_barrier_wait(&c.ready);
		(void)drain_all(c.rec);
		(void)pthread_barrier_wait(&c.go);
		total = 0;
		cpu0 = thread_cpu_ns();
		while (atomic_load(&c.done) < n) {
			(void)nanosleep(&tick, NULL);
			while ((k = rec_drain(c.rec, out, BATCH, false)) > 0)
				total += k;
		}
		crowd_join(&c, tid, n);
		total += drain_all(c.rec);
		drain = (double)(thread_cpu_ns() - cpu0) / (double)total;
		ns = (double)atomic_load(&c.cpu_ns) / ((double)n * CROWD_EVENTS);
		if (total + rec_dropped(c.rec) < (uint64_t)n * CROWD_EVENTS) {
			fprintf(stderr, "bench_rec: crowd lost events\n");
			exit(1);
		}
		if (run == 0 || ns < best) {
			best = ns;
			best_drain = drain;
			dropped = rec_dropped(c.rec);
		}
		rec_free(c.rec);
	}
	printf("  %-22s %6.1f ns/event                     target <= %.1f ns  %s  dropped %llu  (drain %.1f ns/event)\n",
	       n == 1000 ? "1000 producer threads" : "producer threads", best, target,
	       best <= target && dropped == 0 ? "PASS" : "MISS", (unsigned long long)dropped,
	       best_drain);
}

/*
 * MEM_WRITERS threads each write MEM_EVENTS into a recorder sized as the
 * engine sizes it, with nobody draining (the worst case): the memory the
 * recorder then holds; then what draining all of it costs, and what a drain
 * pass over that many idle writers costs.
 */
static void
report_memory(void)
{
	static struct rec_event out[BATCH];
	struct crowd c = {.warm = 0, .events = MEM_EVENTS, .wait_after = true};
	struct timespec ms = {0, 1000000};
	size_t shm0 = rss_shmem_kb(), shm, mem;
	uint64_t cpu0, total = 0;
	double drain_ns, pass_ns;
	pthread_t *tid;
	size_t k;
	const int passes = 2000;

	c.rec = rec_new(MEM_WRITERS, REC_POOL_EVENTS);
	if (c.rec == NULL)
		die("rec_new");
	tid = crowd_start(&c, MEM_WRITERS);
	(void)pthread_barrier_wait(&c.ready);
	(void)pthread_barrier_wait(&c.go);
	while (atomic_load(&c.done) < MEM_WRITERS)
		(void)nanosleep(&ms, NULL);
	shm = rss_shmem_kb() - shm0;
	mem = rec_memory(c.rec);
	(void)pthread_barrier_wait(&c.release);
	crowd_join(&c, tid, MEM_WRITERS);

	/* every event older than the window: a live drain returns them all */
	ms.tv_nsec = 2 * (long)REC_HOLD_NS;
	(void)nanosleep(&ms, NULL);
	cpu0 = thread_cpu_ns();
	while ((k = rec_drain(c.rec, out, BATCH, false)) > 0)
		total += k;
	drain_ns = (double)(thread_cpu_ns() - cpu0) / (double)total;
	if (total + rec_dropped(c.rec) != (uint64_t)MEM_WRITERS * MEM_EVENTS) {
		fprintf(stderr, "bench_rec: memory: %llu drained of %llu\n",
			(unsigned long long)total, (unsigned long long)MEM_WRITERS * MEM_EVENTS);
		exit(1);
	}
	cpu0 = thread_cpu_ns();
	for (int i = 0; i < passes; i++)
		total += rec_drain(c.rec, out, BATCH, false);
	pass_ns = (double)(thread_cpu_ns() - cpu0) / passes;

	printf("  %d writer threads x %d events, undrained (pool %zu MiB of address space):\n",
	       MEM_WRITERS, MEM_EVENTS, rec_capacity(c.rec) * sizeof(struct rec_event) >> 20);
	printf("  %-22s %6.1f MiB (shared resident %.1f MiB)  target <= %zu MiB  %s  dropped %llu\n",
	       "recorder memory", (double)mem / 1048576.0, (double)shm / 1024.0, MEM_TARGET >> 20,
	       mem <= MEM_TARGET && shm * 1024 <= MEM_TARGET && rec_dropped(c.rec) == 0 ? "PASS" : "MISS",
	       (unsigned long long)rec_dropped(c.rec));
	printf("  %-22s %6.1f ns/event                     target <= %.1f ns  %s  (merging %d writers)\n",
	       "drain", drain_ns, DRAIN_TARGET_NS, drain_ns <= DRAIN_TARGET_NS ? "PASS" : "MISS",
	       MEM_WRITERS);
	printf("  %-22s %6.1f us/pass (%.1f ns/writer)         target <= %.1f ns/writer  %s\n",
	       "empty drain pass", pass_ns / 1000.0, pass_ns / MEM_WRITERS, PASS_TARGET_NS,
	       pass_ns / MEM_WRITERS <= PASS_TARGET_NS ? "PASS" : "MISS");
	rec_free(c.rec);
}

struct busy {
	struct rec *rec;
	atomic_int done;
};

static void *
busy_main(void *arg)
{
	struct busy *b = arg;
	struct rec_writer *w = rec_writer_claim(b->rec);
	struct rec_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = REC_STORE;
	for (long i = 0; i < BUSY_EVENTS; i++) {
		ev.value = i;
		rec_emit(w, &ev);
	}
	atomic_store(&b->done, 1);
	return NULL;
}

/* One writer as fast as it can, the consumer draining every 30 ms, the engine's pool. */
static void
report_busy(void)
{
	static struct rec_event out[BATCH];
	struct busy b = {.rec = rec_new(64, REC_POOL_EVENTS)};
	struct timespec tick = {0, BUSY_DRAIN_NS};
	uint64_t total = 0, t0 = rec_now(), dropped;
	pthread_t tid;
	size_t k;

	if (b.rec == NULL)
		die("rec_new");
	errno = pthread_create(&tid, NULL, busy_main, &b);
	if (errno != 0)
		die("pthread_create");
	while (!atomic_load(&b.done)) {
		(void)nanosleep(&tick, NULL);
		while ((k = rec_drain(b.rec, out, BATCH, false)) > 0)
			total += k;
	}
	errno = pthread_join(tid, NULL);
	if (errno != 0)
		die("pthread_join");
	total += drain_all(b.rec);
	dropped = rec_dropped(b.rec);
	if (total + dropped != BUSY_EVENTS) {
		fprintf(stderr, "bench_rec: busy: %llu + %llu != %ld\n", (unsigned long long)total,
			(unsigned long long)dropped, BUSY_EVENTS);
		exit(1);
	}
	printf("  %-22s %ld events in %.0f ms, drained every %ld ms: pool high water %.1f MiB of %zu  target: 0 dropped  %s  dropped %llu\n",
	       "busy writer", BUSY_EVENTS, (double)(rec_now() - t0) / 1e6, BUSY_DRAIN_NS / 1000000,
	       (double)rec_memory(b.rec) / 1048576.0,
	       rec_capacity(b.rec) * sizeof(struct rec_event) >> 20,
	       dropped == 0 ? "PASS" : "MISS", (unsigned long long)dropped);
	rec_free(b.rec);
}
int
main(void)
{
	double clock_ns = 0, cpu_ns, target;
	uint64_t t0 = rec_now();

	/* warm up, then the best of RUNS */
	(void)bench_clock(1000000);
	for (int i = 0; i < RUNS; i++) {
		double c = bench_clock(5000000);
		if (i == 0 || c < clock_ns)
			clock_ns = c;
	}
	cpu_ns = bench_getcpu(5000000);
	target = TARGET_FACTOR * clock_ns;

	printf("recorder (%d CPUs online; %d events per producer, best of %d; consumer drains every %d ms)\n",
	       (int)sysconf(_SC_NPROCESSORS_ONLN), EVENTS_PER_PRODUCER, RUNS,
	       DRAIN_EVERY_NS / 1000000);
	printf("  %-22s %6.1f ns\n", "clock read", clock_ns);
	printf("  %-22s %6.1f ns   (included in every event)\n", "sched_getcpu", cpu_ns);
	printf("  an event costs at most %.1fx a clock read (ns/event: each producer's CPU time;\n"
	       "  events/s: all producers, wall clock; drain: the consumer's CPU time per event):\n",
	       TARGET_FACTOR);
	report("1 producer thread", 1, 0, target);
	report("2 producer threads", 2, 0, target);
	report("1 producer process", 1, 1, target);
	report("2 producer processes", 2, 1, target);
	report_crowd(1000, target);
	report_memory();
	report_busy();
	printf("  (bench took %.1f s)\n", (double)(rec_now() - t0) / 1e9);
	return 0;
}
