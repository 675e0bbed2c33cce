/* app.c: the UI loop.
 *
 * libuv drives everything: a poll handle on stdin for keys and the mouse,
 * a ~30 Hz timer that drains the runs into their timeline models and
 * redraws only when something changed, and signal handles (a self-pipe
 * inside libuv) for SIGWINCH, SIGINT, SIGTERM and SIGHUP.  The timer stops
 * when nothing can change (no run going), so an idle screen costs nothing
 * and writes nothing.  Handlers (action.c) return what must happen; the
 * loop does it.
 */
#include "config.h"

#include "app.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "action.h"
#include "catalog.h"
#include "crt.h"
#include "i18n.h"
#include "picker.h"
#include "state.h"
#include "view-draw.h"
#include "xalloc.h"

enum { FRAME_MS = 33 };

struct app {
	uv_loop_t loop;
	uv_poll_t input;
	uv_timer_t timer;
	uv_signal_t sig_winch, sig_int, sig_term, sig_hup, sig_quit;
	bool timer_on;
	bool dirty;
	bool quitting;
	int status;
	struct state st;
};

static void app_timer_cb(uv_timer_t *t);

/* Draws the screen the state shows. */
static void
app_draw(struct app *app)
{
	struct state *s = &app->st;

	if (s->screen == STATE_PICKER) {
		picker_draw(&s->picker);
		if (s->picker_help && !crt_too_small())
			view_help_draw(1, 0, LINES - 2, COLS, s->help_top);
	} else if (s->have_view) {
		view_draw(&s->view);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* Makes sure the frame timer ticks while anything can change. */
static void
app_kick(struct app *app)
{
	if (!app->timer_on && !app->quitting) {
		uv_timer_start(&app->timer, app_timer_cb, FRAME_MS, FRAME_MS);
		app->timer_on = true;
	}
}

static void
app_quit(struct app *app)
{
	if (app->quitting)
		return;
	app->quitting = true;
	uv_timer_stop(&app->timer);
	uv_poll_stop(&app->input);
	uv_signal_stop(&app->sig_winch);
	uv_signal_stop(&app->sig_int);
	uv_signal_stop(&app->sig_term);
	uv_signal_stop(&app->sig_hup);
	uv_signal_stop(&app->sig_quit);
	uv_stop(&app->loop);
}

/* The man(1) command line that shows the tutorial, at PATTERN when there is one. */
static void
app_man_command(const char *pattern, char *cmd, size_t size)
{
	/* Installed, man finds the page; run from the build tree, the source's copy. */
	static const char src_page[] = KS_ABS_SRCDIR "/man/kitchensync-tutorial.7";
	char pager[128];

	if (pattern[0])
		snprintf(pager, sizeof pager, "-P \"less -p '%s'\" ", pattern);
	else
		pager[0] = '\0';
	if (strchr(src_page, '\'') == NULL && access(src_page, R_OK) == 0)
		snprintf(cmd, size, "man -w kitchensync-tutorial >/dev/null 2>&1 && "
		    "exec man %skitchensync-tutorial || exec man %s-l '%s'", pager, pager, src_page);
	else
		snprintf(cmd, size, "exec man %skitchensync-tutorial", pager);
}

/* Reads the tutorial in man(1) with the terminal given back meanwhile. */
static void
app_man(struct app *app)
{
	struct state *s = &app->st;
	bool live = s->run && s->have_view && s->view.mode == VIEW_LIVE && !s->view.paused;
	char pattern[80] = "", cmd[1024];
	pid_t pid;
	int st = 0;

	if (s->prog && s->prog->tutorial) {
		size_t j = 0;
		for (const char *c = s->prog->tutorial; *c && j < sizeof pattern - 1; c++)
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			    *c == ' ' || *c == '-' || *c == '_')
				pattern[j++] = *c;
		pattern[j] = '\0';
	}
	app_man_command(pattern, cmd, sizeof cmd);
	if (live)
		run_pause(s->run);
	crt_suspend();
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	crt_resume();
	if (live)
		run_resume(s->run);
	if (pid < 0)
		state_status(s, _("cannot start man: %s"), strerror(errno));
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
		state_status(s, _("man kitchensync-tutorial failed (is the manual installed?)"));
}

/* Does what the handlers asked for (enum action_result bits). */
static void
app_do(struct app *app, unsigned what)
{
	if (what & ACTION_QUIT) {
		/* q after a run that failed or missed an expectation says so, as headless does */
		if (app->status == 0 && app->st.run != NULL)
			app->status = run_exit_status(app->st.run);
		app_quit(app);
		return;
	}
	if (what & ACTION_RESIZE)
		crt_resize();
	if (what & ACTION_MAN)
		app_man(app);
	if (what & (ACTION_REDRAW | ACTION_RESIZE | ACTION_MAN))
		app->dirty = true;
	if ((what & ACTION_KICK) || state_busy(&app->st))
		app_kick(app);
	if (app->dirty) {
		app_draw(app);
		app->dirty = false;
	}
}

/* ---- the loop's callbacks ------------------------------------------------ */

static void
app_input_cb(uv_poll_t *h, int status, int events)
{
	struct app *app = h->data;
	unsigned what = ACTION_NONE;
	struct crt_event ev;

	(void)events;
	if (status < 0) {
		app->status = 1;
		app_quit(app);
		return;
	}
	for (int i = 0; i < 256 && !(what & ACTION_QUIT); i++) {
		crt_read(&ev);
		if (ev.kind == CRT_NONE)
			break;
		what |= action_input(&app->st, &ev);
		if (what & ACTION_MAN) {
			app_do(app, what);
			what = ACTION_NONE;
		}
	}
	app_do(app, what);
}

static void
app_timer_cb(uv_timer_t *t)
{
	struct app *app = t->data;

	if (state_poll(&app->st))
		app->dirty = true;
	if (app->dirty) {
		app_draw(app);
		app->dirty = false;
	}
	if (!state_busy(&app->st)) {
		uv_timer_stop(&app->timer);
		app->timer_on = false;
	}
}

static void
app_signal_cb(uv_signal_t *h, int signum)
{
	struct app *app = h->data;

	if (signum == SIGWINCH) {
		app_do(app, ACTION_RESIZE | ACTION_REDRAW);
		return;
	}
	app->status = 128 + signum;
	app_quit(app);
}

static void
app_close_cb(uv_handle_t *h)
{
	(void)h;
}

static void
app_walk_close(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, app_close_cb);
}

static int
app_uv_check(int r, const char *what)
{
	if (r < 0)
		crt_fatal(1, "kitchensync: %s: %s\n", what, uv_strerror(r));
	return r;
}

/* ---- start and end ------------------------------------------------------- */

/* Loads what ARGS ask for before the terminal is taken, so errors print plainly.  0, or 2. */
static int
app_load(struct app *app, const struct tui_args *args)
{
	struct state *s = &app->st;
	char *cause = NULL, *path;
	struct prog *prog;

	if (args->replay) {
		if (state_open_trace(s, args->replay, &cause) != 0) {
			fprintf(stderr, "kitchensync: %s\n", cause);
			free(cause);
			return 2;
		}
		return 0;
	}
	if (args->scenario == NULL) {
		catalog_fill(&s->picker);
		return 0;
	}
	path = catalog_find(args->scenario);
	if (path == NULL) {
		fprintf(stderr, _("kitchensync: no scenario named '%s' (kitchensync list shows them)\n"), args->scenario);
		return 2;
	}
	prog = catalog_load(path, &cause);
	free(path);
	if (prog == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return 2;
	}
	if (args->variant && prog_variant_find(prog, args->variant) == NULL) {
		fprintf(stderr, _("kitchensync: scenario '%s' has no variant '%s'\n"), prog->name, args->variant);
		prog_free(prog);
		return 2;
	}
	s->prog = prog;
	return 0;
}

/* Sets up the loop's handles: stdin, the frame timer, the signals. */
static void
app_loop_init(struct app *app)
{
	uv_signal_t *sigs[] = { &app->sig_winch, &app->sig_int, &app->sig_term, &app->sig_hup, &app->sig_quit };
	int signums[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT };

	app_uv_check(uv_loop_init(&app->loop), "uv_loop_init");
	app_uv_check(uv_poll_init(&app->loop, &app->input, STDIN_FILENO), "uv_poll_init");
	app_uv_check(uv_timer_init(&app->loop, &app->timer), "uv_timer_init");
	app->input.data = app->timer.data = app;
	for (size_t i = 0; i < sizeof signums / sizeof signums[0]; i++) {
		app_uv_check(uv_signal_init(&app->loop, sigs[i]), "uv_signal_init");
		sigs[i]->data = app;
		app_uv_check(uv_signal_start(sigs[i], app_signal_cb, signums[i]), "uv_signal_start");
	}
	app_uv_check(uv_poll_start(&app->input, UV_READABLE, app_input_cb), "uv_poll_start");
}

int
app_run(const struct tui_args *args)
{
	struct app *app = xcalloc(1, sizeof *app);
	struct crt_opts co = { args->color, args->ascii, true };
	char *cause = NULL;
	int status;

	state_init(&app->st, args->speed, args->step);
	if (!args->no_progress) {
		char *path = progress_default_path();
		state_progress_open(&app->st, path);
		free(path);
		/* Said on the terminal too: the UI's screen goes when it ends. */
		if (app->st.progress_note)
			fprintf(stderr, "kitchensync: %s\n", app->st.progress_note);
	}
	status = app_load(app, args);
	if (status == 0 && crt_start(&co, &cause) != 0) {
		fprintf(stderr, "kitchensync: %s\n", cause);
		free(cause);
		status = 2;
	}
	if (status != 0) {
		state_done(&app->st);
		free(app);
		return status;
	}
	app_loop_init(app);
	if (app->st.prog && !app->st.replay) {
		struct prog *prog = app->st.prog;
		app->st.prog = NULL;
		state_open_prog(&app->st, prog, args->variant);
	} else if (!app->st.replay) {
		app->st.screen = STATE_PICKER;
	}
	app->dirty = true;
	app_do(app, ACTION_REDRAW | ACTION_KICK);
	uv_run(&app->loop, UV_RUN_DEFAULT);

	/* Teardown: the runs first (threads joined, processes reaped), then the terminal. */
	state_close_prog(&app->st);
	uv_walk(&app->loop, app_walk_close, NULL);
	uv_run(&app->loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&app->loop) != 0)
		fputs("kitchensync: warning: the UI loop did not close cleanly\n", stderr);
	crt_stop();
	state_done(&app->st);
	status = app->status;
	free(app);
	if (status == 128 + SIGINT || status == 128 + SIGTERM || status == 128 + SIGHUP ||
	    status == 128 + SIGQUIT) {
		int sig = status - 128;
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return status;
}

int
tui_main(const struct tui_args *args)
{
	return app_run(args);
}

int
tui_color_parse(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return TUI_COLOR_AUTO;
	if (strcmp(s, "never") == 0 || strcmp(s, "no") == 0)
		return TUI_COLOR_NEVER;
	if (strcmp(s, "always") == 0 || strcmp(s, "yes") == 0)
		return TUI_COLOR_ALWAYS;
	return -1;
}
