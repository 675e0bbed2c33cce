/* tui.h: the terminal UI's one entry point, free of curses so src/ may include it.
 *
 * Implemented by app.c (tui_main, tui_color_parse) and keys.c (tui_keys_print).
 * Called by: src/main.c.
 */
#ifndef KS_TUI_H
#define KS_TUI_H

#include <stdbool.h>
#include <stdio.h>

enum tui_color {
	TUI_COLOR_AUTO,    /* colours unless NO_COLOR is set or the terminal has none */
	TUI_COLOR_NEVER,
	TUI_COLOR_ALWAYS,
};

struct tui_args {
	const char *scenario;  /* a name or a path; NULL opens the picker */
	const char *variant;   /* NULL: the first */
	const char *replay;    /* a trace file to open in REPLAY mode, or NULL */
	enum tui_color color;
	bool ascii;            /* ASCII glyphs even in a UTF-8 locale */
	bool step;             /* start in step mode */
	double speed;          /* 0: the default */
	bool no_progress;      /* neither read nor write the learner's progress file */
};

/* Runs the terminal UI until the user quits; returns an exit status. */
int tui_main(const struct tui_args *args);
/* Writes every key of the key table, one per line, for the man page. */
void tui_keys_print(FILE *out);
/* Parses a --color argument ("auto", "never", "always"); -1 when unknown. */
int tui_color_parse(const char *s);

#endif
