/* bench_tui.c: the scenario view's frame time at 200x50 with 64 actors, and
 * with crowds: 10,000 tasks and 2,000 threads, over 5 M events recorded.
 *
 * A frame is what the UI loop does each tick of a live run: add the batch of
 * events the recorder gave, query the model and draw every pane into an
 * off-screen ncurses screen, then doupdate() (output to /dev/null).  The
 * model holds about a million events by the end.  Targets (issue 6): a
 * frame under 3 ms, at least 30 frames/s live.
 */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crt.h"
#include "diag.h"
#include "scn.h"
#include "tl.h"
#include "view.h"
#include "view-draw.h"
#include "xalloc.h"

enum { ACTORS = 64, COLS_ = 200, LINES_ = 50, FRAMES = 300, BATCH = 3500 };

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct prog *
make_prog(void)
{
	size_t cap = 64 * 1024, len = 0;
	char *src = xmalloc(cap);
	struct diag *d = diag_new(stderr);
	struct prog *p;

	len += (size_t)snprintf(src + len, cap - len, "scenario bench\ntitle \"Bench\"\nvar orders = 0\nmutex pen\n");
	for (int a = 0; a < ACTORS; a++)
		len += (size_t)snprintf(src + len, cap - len,
		    "thread \"Cook %d\" { repeat 1000 { lock pen; orders += 1; unlock pen; say \"done one\"; work 1ms } }\n", a);
	p = scn_parse_buffer("bench.ks", src, len, d);
	diag_free(d);
	free(src);
	if (p == NULL) {
		fputs("bench_tui: the generated scenario does not compile\n", stderr);
		exit(1);
	}
	return p;
}

/* The next BATCH events of a made-up live run: actors take turns at the lock. */
static void
make_batch(struct rec_event *ev, size_t n, uint64_t *t, unsigned *seq)
{
	static const uint8_t kinds[] = { REC_STATE, REC_OP, REC_LOCK_ACQUIRE, REC_LOAD, REC_STORE,
		REC_LOCK_RELEASE, REC_STATE, REC_SAY };
	for (size_t i = 0; i < n; i++, (*seq)++) {
		unsigned k = *seq % 8, a = (*seq / 8) % ACTORS;
		memset(&ev[i], 0, sizeof ev[i]);
		*t += 700;
		ev[i].t_ns = *t;
		ev[i].kind = kinds[k];
		ev[i].actor = (int16_t)a;
		ev[i].other = -1;
		ev[i].res = k >= 2 && k <= 5 ? (k == 3 || k == 4 ? 0 : 1) : -1;
		ev[i].state = k == 0 ? REC_ST_RUNNING : (a % 3 == 0 ? REC_ST_BLOCKED : REC_ST_READY);
		ev[i].op = k == 1 ? 2 : -1;
		ev[i].value = (int64_t)(*seq / 8);
		ev[i].cpu = (uint16_t)(a % 8);
	}
}

/* Bytes this process has written so far (what an idle screen must not add to). */
static long long
bytes_written(void)
{
	char line[128];
	long long n = -1;
	FILE *f = fopen("/proc/self/io", "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "wchar: %lld", &n) == 1)
			break;
	fclose(f);
	return n;
}

enum { CROWD_TASKS = 10000, CROWD_THREADS = 2000, CROWD_EVENTS = 5 * 1000 * 1000 + 40000 };

/* The next N events of a made-up crowd: members go round their states, arriving
 * first; as in a loop server's recording, every other event is an op begun
 * (await, work, a store) rather than a change of state. */
static void
crowd_batch(struct rec_event *ev, size_t n, uint64_t *t, unsigned *seq)
{
	static const uint8_t cycle[] = { REC_ST_RUNNING, REC_ST_AWAITING, REC_ST_READY, REC_ST_RUNNING,
		REC_ST_IO, REC_ST_READY };
	for (size_t i = 0; i < n; i++, (*seq)++) {
		unsigned members = CROWD_TASKS + CROWD_THREADS, m = *seq % members, lap = *seq / members;
		memset(&ev[i], 0, sizeof ev[i]);
		*t += 700;
		ev[i].t_ns = *t;
		ev[i].actor = (int16_t)(m < CROWD_TASKS ? 1 + m : 1 + CROWD_TASKS + (m - CROWD_TASKS));
		ev[i].other = ev[i].res = -1;
		ev[i].op = -1;
		ev[i].cpu = (uint16_t)(m % 2);
		if (lap == 0) {
			ev[i].kind = REC_ARRIVE;
			ev[i].value = m < CROWD_TASKS ? 0 : 1;
		} else if (*seq % 997 == 0) {
			ev[i].kind = REC_METRIC;
			ev[i].res = (int16_t)(*seq % 2 ? REC_METRIC_THREADS : REC_METRIC_RSS_KB);
			ev[i].value = (int64_t)(*seq % 2000);
		} else if (lap % 2) {
			ev[i].kind = REC_OP;
			ev[i].op = (int32_t)(lap % 4);
			ev[i].value = PROG_OP_AWAIT;
		} else {
			ev[i].kind = REC_STATE;
			ev[i].state = cycle[(lap / 2) % sizeof cycle];
		}
	}
}

/* The crowd: 5 M events loaded, then live frames, the group row's query and an idle frame. */
static int
bench_crowd(void)
{
	static const char src[] = "scenario crowd\ntitle \"Crowd\"\n"
	    "loop \"Server\" { task \"Request\" * 10000 { await 1ms } }\n"
	    "thread \"Worker\" * 2000 { io 1ms }\n";
	struct crt_opts o = { TUI_COLOR_ALWAYS, false, false };
	struct diag *d = diag_new(stderr);
	struct prog *p = scn_parse_buffer("crowd.ks", src, strlen(src), d);
	struct rec_event *batch = xcalloc(BATCH, sizeof *batch);
	uint64_t (*cols)[REC_ST_COUNT] = xcalloc(COLS_, sizeof *cols);
	uint64_t t = 1000000000ull, tw0, tw1;
	unsigned seq = 0;
	double total = 0, query = 0, t0;
	long long w0, w1;
	char *cause = NULL;
	struct tl *tl;
	struct view v;
	size_t events;
	int status = 0;

	diag_free(d);
	if (p == NULL)
		return 1;
	tl = tl_new(p, &p->variants[0], (size_t)8 << 20);
	while (seq < CROWD_EVENTS) {
		crowd_batch(batch, BATCH, &t, &seq);
		tl_add(tl, batch, BATCH);
	}
	if (crt_start_offscreen(&o, COLS_, LINES_, &cause) != 0) {
		fprintf(stderr, "bench_tui: %s\n", cause);
		return 1;
	}
	view_init(&v, p, 0, tl);
	v.sel = VIEW_SEL_GROUP(0);
	for (int f = 0; f < FRAMES; f++) {
		crowd_batch(batch, BATCH, &t, &seq);
		t0 = now_s();
		tl_add(tl, batch, BATCH);
		view_draw(&v);
		wnoutrefresh(stdscr);
		doupdate();
		total += now_s() - t0;
	}
	view_window(&v, &tw0, &tw1);
	for (int k = 0; k < 100; k++) {
		t0 = now_s();
		tl_group_columns(tl, 1, CROWD_TASKS, tw0, tw1, COLS_, cols);
		query += now_s() - t0;
	}
	/* Idle: nothing new, nothing moved: a frame must write nothing. */
	view_draw(&v);
	wnoutrefresh(stdscr);
	doupdate();
	w0 = bytes_written();
	view_draw(&v);
	wnoutrefresh(stdscr);
	doupdate();
	w1 = bytes_written();
	crt_stop();
	events = tl_end(tl) - tl_first(tl);
	printf("bench_tui, crowds: %d tasks + %d threads, %zu events in the model\n", CROWD_TASKS, CROWD_THREADS,
	    events);
	printf("  live frame (add %d events + query + draw, group rows and metric rows): mean %.3f ms   target <= 3 ms  %s\n",
	    BATCH, total / FRAMES * 1e3, total / FRAMES <= 0.003 ? "ok" : "MISSED");
	printf("  group row of 10,000 members over the window, 200 columns: %.3f ms   target <= 2 ms  %s\n",
	    query / 100 * 1e3, query / 100 <= 0.002 ? "ok" : "MISSED");
	printf("  memory per stored event: %.1f B   target <= 48 B  %s\n", (double)tl_bytes(tl) / (double)events,
	    (double)tl_bytes(tl) / (double)events <= 48 ? "ok" : "MISSED");
	printf("  an idle frame writes %lld bytes   target 0  %s\n", w1 - w0, w1 == w0 ? "ok" : "MISSED");
	if (total / FRAMES > 0.003 || query / 100 > 0.002 || w1 != w0)
		status = 1;
	view_done(&v);
	tl_free(tl);
	prog_free(p);
	free(batch);
	free(cols);
	return status;
}

int
main(void)
{
	struct crt_opts o = { TUI_COLOR_ALWAYS, false, false };
	struct rec_event *batch = xcalloc(BATCH, sizeof *batch);
	struct prog *p;
	struct tl *tl;
	struct view v;
	char *cause = NULL;
	uint64_t t = 1000000000ull;
	unsigned seq = 0;
	double worst = 0, total = 0, t0;
	int status = 0;

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TERM", "xterm-256color", 1);
	p = make_prog();
	tl = tl_new(p, &p->variants[0], 0);
	if (crt_start_offscreen(&o, COLS_, LINES_, &cause) != 0) {
		fprintf(stderr, "bench_tui: %s\n", cause);
		return 1;
	}
	view_init(&v, p, 0, tl);
	v.sel = 5;
	for (int f = 0; f < FRAMES; f++) {
		double dt;
		make_batch(batch, BATCH, &t, &seq);
		t0 = now_s();
		tl_add(tl, batch, BATCH);
		view_draw(&v);
		wnoutrefresh(stdscr);
		doupdate();
		dt = now_s() - t0;
		total += dt;
		if (dt > worst)
			worst = dt;
	}
	/* A paused screen with the cursor on: scrubbing frames, no new events. */
	v.cursor_on = true;
	{
		double scrub = 0;
		for (int f = 0; f < 100; f++) {
			v.cursor = tl_t_begin(tl) + (tl_t_end(tl) - tl_t_begin(tl)) / 100 * (uint64_t)f;
			t0 = now_s();
			view_draw(&v);
			wnoutrefresh(stdscr);
			doupdate();
			scrub += now_s() - t0;
		}
		crt_stop();
		printf("bench_tui: %dx%d, %d actors, %zu events in the model at the end\n", COLS_, LINES_, ACTORS,
		    (size_t)(tl_end(tl) - tl_first(tl)));
		printf("  live frame (add %d events + query + draw): mean %.3f ms, worst %.3f ms   target < 3 ms\n",
		    BATCH, total / FRAMES * 1e3, worst * 1e3);
		printf("  live frames/s possible: %.0f                                       target >= 30\n",
		    FRAMES / total);
		printf("  scrubbing frame (cursor moves, no new events): mean %.3f ms      target < 3 ms\n",
		    scrub / 100 * 1e3);
		if (total / FRAMES >= 0.003 || scrub / 100 >= 0.003 || FRAMES / total < 30)
			status = 1;
	}
	view_done(&v);
	tl_free(tl);
	prog_free(p);
	free(batch);
	return bench_crowd() != 0 ? 1 : status;
}
