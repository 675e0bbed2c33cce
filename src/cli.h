/* cli.h: the command line: commands, options, and the --help text made from them. */
#ifndef KS_CLI_H
#define KS_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses, documented in --help and kitchensync(1). */
enum {
	KS_EXIT_OK = 0,      /* success, every expectation held */
	KS_EXIT_FAILED = 1,  /* a run failed or an expectation did not hold */
	KS_EXIT_USAGE = 2,   /* bad usage or a bad scenario or trace file */
};

enum cli_command {
	CLI_DEFAULT,  /* no command: open the picker (the scenario list until the UI exists) */
	CLI_HELP,
	CLI_VERSION,
	CLI_LIST,
	CLI_CHECK,
	CLI_SHOW,
	CLI_RUN,
	CLI_REPLAY,
	CLI_EXPORT,
	CLI_EXPLORE,
	CLI_SWEEP,
	CLI_KEYS,     /* --keys: the terminal UI's key list, for the manual */
	CLI_COMMAND_COUNT,
};

/* sweep: at most this many --variant options. */
#define CLI_MAX_VARIANTS 32

struct cli {
	enum cli_command command;
	const char *command_name;
	char **args;   /* operands after the command, not owned */
	int nargs;
	const char *variant;   /* the last --variant */
	const char *variants[CLI_MAX_VARIANTS];  /* sweep: every --variant, in order */
	int nvariants;
	/* run */
	bool headless, events;
	const char *speed, *seed, *schedule, *cpus, *repeat;  /* as given; checked by the command */
	bool step;             /* --step: the terminal UI opens in step mode */
	int width;             /* --width N; 0: the terminal's width, or 100 */
	bool ascii;            /* --ascii */
	const char *color;     /* --color WHEN: auto, always or never; NULL: auto */
	const char *chrome;    /* --chrome OUT.json */
	const char *svg;       /* export --svg OUT.svg */
	const char *record;    /* run --record FILE */
	const char *answer;    /* run --answer LIST: the learner's answers to the variant's questions */
	const char *max_states;  /* explore --max-states N */
	bool reduce;           /* explore --reduce */
	const char *rates;     /* sweep --rates LIST */
	bool csv;              /* sweep --csv */
	const char *max_memory;  /* explore --max-memory SIZE */
	const char *outcomes;  /* explore --outcomes N|all */
	bool no_progress;      /* --no-progress: the terminal UI neither reads nor writes progress */
};

/* Parses ARGV into CLI.  Returns 0, or -1 with *ERR set to an allocated message. */
int cli_parse(struct cli *cli, int argc, char **argv, char **err);
/* Writes the --help text, made from the command and option tables. */
void cli_help(FILE *out, const char *progname);
void cli_version(FILE *out);

#endif
