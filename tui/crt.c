/* crt.c: all curses setup, teardown and fatal paths, so every exit restores the terminal.
 *
 * Normal exits call crt_stop(); SIGINT, SIGTERM and SIGWINCH reach the UI loop
 * through libuv's signal handles (a self-pipe), so the loop tears down.  Faults
 * in this process (SIGSEGV, SIGABRT from a failed assert, ...) cannot return
 * to the loop: their handler writes precomputed reset strings and the saved
 * terminal modes with async-signal-safe calls, then re-raises the signal.
 */
#include "config.h"

#include "crt.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "i18n.h"
#include "theme.h"
#include "xalloc.h"

static SCREEN *crt_screen;
static FILE *crt_devnull_in, *crt_devnull_out;
static bool crt_active;
static bool crt_is_ascii;
static bool crt_has_mouse;
static pid_t crt_pid;
static int crt_tty_fd = -1;
static struct termios crt_saved_tio;
static bool crt_have_tio;
static int crt_saved_fl = -1;  /* stdin's file status flags: libuv's poll makes it non-blocking */
static char crt_reset[256];
static size_t crt_reset_len;
static bool crt_handlers;

static const int crt_fault_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
#define N_FAULTS (sizeof crt_fault_signals / sizeof crt_fault_signals[0])
static struct sigaction crt_old_actions[N_FAULTS];

/* Appends terminfo capability NAME to the emergency reset string. */
static void
crt_reset_add(const char *s)
{
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (crt_reset_len + n >= sizeof crt_reset)
		return;
	memcpy(crt_reset + crt_reset_len, s, n);
	crt_reset_len += n;
}

/* Fault handler: restore the terminal with async-signal-safe calls only, then die of SIG. */
static void
crt_fault(int sig)
{
	if (crt_active && getpid() == crt_pid) {
		ssize_t r = write(crt_tty_fd >= 0 ? crt_tty_fd : STDOUT_FILENO, crt_reset, crt_reset_len);
		(void)r;
		if (crt_have_tio)
			tcsetattr(crt_tty_fd, TCSAFLUSH, &crt_saved_tio);
		if (crt_saved_fl >= 0)
			fcntl(STDIN_FILENO, F_SETFL, crt_saved_fl);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
crt_install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crt_fault;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < N_FAULTS; i++)
		if (sigaction(crt_fault_signals[i], &sa, &crt_old_actions[i]) != 0)
			crt_fatal(1, _("kitchensync: sigaction: %s\n"), strerror(errno));
	crt_handlers = true;
}

static void
crt_remove_handlers(void)
{
	if (!crt_handlers)
		return;
	for (size_t i = 0; i < N_FAULTS; i++)
		sigaction(crt_fault_signals[i], &crt_old_actions[i], NULL);
	crt_handlers = false;
}

/* exit() from anywhere in the UI process still gives the terminal back; forked children do not touch it. */
static void
crt_atexit(void)
{
	if (getpid() == crt_pid)
		crt_stop();
}

static bool
crt_want_ascii(const struct crt_opts *opts)
{
	const char *cs;

	if (opts->ascii)
		return true;
	cs = nl_langinfo(CODESET);
	return cs == NULL || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0);
}

static bool
crt_want_color(const struct crt_opts *opts)
{
	const char *nc;

	if (opts->color == TUI_COLOR_NEVER)
		return false;
	if (!has_colors())
		return false;
	if (opts->color == TUI_COLOR_ALWAYS)
		return true;
	nc = getenv("NO_COLOR");
	return nc == NULL || nc[0] == '\0';
}

/* The modes every screen gets, live or off-screen. */
static void
crt_modes(const struct crt_opts *opts)
{
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	crt_is_ascii = crt_want_ascii(opts);
	if (crt_want_color(opts) && start_color() == OK) {
		use_default_colors();
		theme_init(true);
	} else {
		theme_init(false);
	}
	crt_has_mouse = false;
	if (opts->mouse) {
		mmask_t want = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
		crt_has_mouse = mousemask(want, NULL) != 0;
		mouseinterval(0);
	}
}

static int crt_term_usable(const char *term);

int
crt_start(const struct crt_opts *opts, char **cause)
{
	const char *term = getenv("TERM");

	if (crt_active) {
		*cause = xstrdup("the terminal is already in use");
		return -1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup(_("the terminal UI needs a terminal on standard input and output"));
		return -1;
	}
	crt_tty_fd = STDOUT_FILENO;
	crt_have_tio = tcgetattr(crt_tty_fd, &crt_saved_tio) == 0;
	crt_saved_fl = fcntl(STDIN_FILENO, F_GETFL);
	/* The type is looked up first, on its own: an unknown one is refused
	 * (newterm would leave memory behind), and so is one that cannot move
	 * its cursor (TERM=dumb: a blank, unusable screen). */
	switch (crt_term_usable(term && *term ? term : "vt100")) {
	case -1:
		*cause = xasprintf(_("cannot use the terminal type '%s'"), term ? term : "");
		return -1;
	case 0:
		*cause = xasprintf(_("cannot use the terminal type '%s': it cannot move the cursor"), term ? term : "");
		return -1;
	}
	crt_screen = newterm(term && *term ? NULL : "vt100", stdout, stdin);
	if (crt_screen == NULL) {
		*cause = xasprintf(_("cannot use the terminal type '%s'"), term ? term : "");
		return -1;
	}
	set_term(crt_screen);
	crt_pid = getpid();
	crt_reset_len = 0;
	crt_reset_add("\033[?1000l\033[?1002l\033[?1006l");
	crt_reset_add(tigetstr("sgr0"));
	crt_reset_add(tigetstr("cnorm"));
	crt_reset_add(tigetstr("rmkx"));
	crt_reset_add(tigetstr("rmcup"));
	crt_reset_add("\r\n");
	crt_active = true;
	crt_modes(opts);
	crt_install_handlers();
	{
		static bool registered;
		if (!registered && atexit(crt_atexit) == 0)
			registered = true;
	}
	return 0;
}

int
crt_start_offscreen(const struct crt_opts *opts, int cols, int lines, char **cause)
{
	if (crt_active) {
		*cause = xstrdup("the terminal is already in use");
		return -1;
	}
	crt_devnull_out = fopen("/dev/null", "w");
	crt_devnull_in = fopen("/dev/null", "r");
	if (crt_devnull_out == NULL || crt_devnull_in == NULL) {
		*cause = xasprintf("/dev/null: %s", strerror(errno));
		return -1;
	}
	crt_screen = newterm("xterm-256color", crt_devnull_out, crt_devnull_in);
	if (crt_screen == NULL) {
		*cause = xstrdup(_("cannot use the terminal type 'xterm-256color'"));
		return -1;
	}
	set_term(crt_screen);
	crt_pid = getpid();
	crt_tty_fd = -1;
	crt_have_tio = false;
	crt_active = true;
	crt_modes(opts);
	resizeterm(lines, cols);
	return 0;
}

void
crt_stop(void)
{
	if (!crt_active)
		return;
	crt_active = false;
	if (crt_has_mouse)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(crt_screen);
	crt_screen = NULL;
	if (crt_have_tio)
		tcsetattr(crt_tty_fd, TCSAFLUSH, &crt_saved_tio);
	/* The terminal is shared with the shell: give back blocking reads. */
	if (crt_saved_fl >= 0 && fcntl(STDIN_FILENO, F_SETFL, crt_saved_fl) != 0)
		fprintf(stderr, "kitchensync: restoring standard input's mode: %s\n", strerror(errno));
	crt_saved_fl = -1;
	crt_remove_handlers();
	if (crt_devnull_out)
		fclose(crt_devnull_out);
	if (crt_devnull_in)
		fclose(crt_devnull_in);
	crt_devnull_out = crt_devnull_in = NULL;
}

static int crt_loop_fl = -1;

void
crt_suspend(void)
{
	if (!crt_active)
		return;
	def_prog_mode();
	endwin();
	/* The child gets the terminal as the shell had it: blocking reads. */
	crt_loop_fl = fcntl(STDIN_FILENO, F_GETFL);
	if (crt_saved_fl >= 0)
		fcntl(STDIN_FILENO, F_SETFL, crt_saved_fl);
}

void
crt_resume(void)
{
	if (!crt_active)
		return;
	if (crt_loop_fl >= 0)
		fcntl(STDIN_FILENO, F_SETFL, crt_loop_fl);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

void
crt_resize(void)
{
	struct winsize ws;

	if (!crt_active || crt_tty_fd < 0)
		return;
	if (ioctl(crt_tty_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

void
crt_read(struct crt_event *ev)
{
	wint_t wch;
	int r;
	MEVENT me;

	memset(ev, 0, sizeof *ev);
	ev->kind = CRT_NONE;
	if (!crt_active)
		return;
	r = wget_wch(stdscr, &wch);
	if (r == ERR)
		return;
	if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
		ev->kind = CRT_RESIZE;
		return;
	}
	if (r == KEY_CODE_YES && wch == KEY_MOUSE) {
		if (getmouse(&me) != OK)
			return;
		ev->kind = CRT_MOUSE;
		ev->mouse_y = me.y;
		ev->mouse_x = me.x;
		if (me.bstate & BUTTON4_PRESSED)
			ev->button = CRT_WHEEL_UP;
		else if (me.bstate & BUTTON5_PRESSED)
			ev->button = CRT_WHEEL_DOWN;
		else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
			ev->button = CRT_CLICK;
		else
			ev->kind = CRT_NONE;
		return;
	}
	ev->kind = CRT_KEY;
	ev->key = (int)wch;
	ev->fkey = r == KEY_CODE_YES;
}

void
crt_fatal(int status, const char *fmt, ...)
{
	va_list ap;

	crt_stop();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(status);
}

bool
crt_ascii(void)
{
	return crt_is_ascii;
}

bool
crt_colors(void)
{
	return theme_has_colors();
}

bool
crt_too_small(void)
{
	return COLS < CRT_MIN_COLS || LINES < CRT_MIN_LINES;
}

/* Last in the file: term.h defines a macro per capability (lines, columns...). */
#include <term.h>

/* Whether terminal type TERM can be drawn on: 1 yes, 0 known but it cannot
 * move its cursor, -1 unknown.  Looked up in a child process, so that none
 * of the lookup's state (or its leak) stays in this one; 1 when no child can
 * be made (newterm then says what fails). */
static int
crt_term_usable(const char *term)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		int err = 0;
		const char *cup;
		if (setupterm(term, crt_tty_fd, &err) != OK)
			_exit(2);
		cup = tigetstr("cup");
		_exit(cup != NULL && cup != (char *)-1 ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (!WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status) == 0 ? 1 : WEXITSTATUS(status) == 1 ? 0 : -1;
}
