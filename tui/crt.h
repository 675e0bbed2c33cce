/* crt.h: the terminal: every curses setup, teardown and fatal path lives in crt.c.
 *
 * crt.c calls: theme.c (the scheme, at start).  Called by: app.c, action.c,
 * picker.c, view-model.c, view-bar.c, view-help.c; tests and the benchmark
 * (the off-screen terminal).
 */
#ifndef KS_CRT_H
#define KS_CRT_H

#include <stdbool.h>
#include <wchar.h>

#include "tui.h"

/* The smallest terminal the scenario view is laid out for. */
enum { CRT_MIN_COLS = 80, CRT_MIN_LINES = 24 };

struct crt_opts {
	enum tui_color color;
	bool ascii;
	bool mouse;
};

/* What one read from the keyboard gave. */
enum crt_input {
	CRT_NONE,    /* nothing waiting */
	CRT_KEY,     /* key: a character (wide) or a KEY_* code */
	CRT_MOUSE,   /* mouse_y, mouse_x, mouse_button */
	CRT_RESIZE,
};

enum crt_button {
	CRT_CLICK = 1,
	CRT_WHEEL_UP,
	CRT_WHEEL_DOWN,
};

struct crt_event {
	enum crt_input kind;
	int key;        /* a character, or KEY_* (>= KEY_MIN) */
	bool fkey;      /* key is a KEY_* code */
	int mouse_y, mouse_x;
	enum crt_button button;
};

/* Takes over the terminal on stdin/stdout.  Returns 0, or -1 with *CAUSE set. */
int crt_start(const struct crt_opts *opts, char **cause);
/* Gives the terminal back as it was; safe to call more than once. */
void crt_stop(void);
/* An off-screen terminal of COLS x LINES (output to /dev/null), for tests and benchmarks. */
int crt_start_offscreen(const struct crt_opts *opts, int cols, int lines, char **cause);
/* Leaves curses mode for a child program (man) and comes back. */
void crt_suspend(void);
void crt_resume(void);
/* Reads the terminal's size again after SIGWINCH and resizes the screen. */
void crt_resize(void);
/* Reads one input without waiting. */
void crt_read(struct crt_event *ev);
/* Prints a message with the terminal restored, and exits with STATUS. */
void crt_fatal(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

bool crt_ascii(void);
bool crt_colors(void);
/* The terminal is below the smallest layout. */
bool crt_too_small(void);

#endif
