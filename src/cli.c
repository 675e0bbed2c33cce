/* cli.c: command and option tables; parsing and --help are both made from them. */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

#define CMD(c) (1u << (c))

struct cli_command_entry {
	enum cli_command command;
	const char *name;
	const char *operands;  /* shown in usage; NULL for none */
	int min_args, max_args; /* max -1: any number */
	const char *summary;
};

static const struct cli_command_entry cli_commands[] = {
	{ CLI_LIST, "list", NULL, 0, 0,
	  N_("list the built-in scenarios with their titles and variants") },
	{ CLI_CHECK, "check", N_("FILE..."), 1, -1,
	  N_("check scenario files and report every error") },
	{ CLI_SHOW, "show", N_("SCENARIO"), 1, 1,
	  N_("print the compiled program of each worker, one step a line") },
	{ CLI_RUN, "run", N_("SCENARIO"), 1, 1,
	  N_("watch a scenario run in the terminal UI (with --headless or no terminal: report what happened)") },
	{ CLI_REPLAY, "replay", N_("FILE"), 1, 1,
	  N_("scrub a recorded trace in the terminal UI (with --headless or no terminal: print its timeline)") },
	{ CLI_EXPORT, "export", N_("FILE"), 1, 1,
	  N_("convert a trace: --chrome OUT.json writes Chrome Trace Event JSON (Perfetto); a sweep's CSV: --svg OUT.svg draws its curves") },
	{ CLI_EXPLORE, "explore", N_("SCENARIO"), 1, 1,
	  N_("try every order of a variant's steps: every outcome, and the shortest schedule to each") },
	{ CLI_SWEEP, "sweep", N_("SCENARIO"), 1, 1,
	  N_("run variants at rising arrival rates and print latency, throughput and cost per rate") },
};

struct cli_option_entry {
	struct option opt;
	const char *arg_name;
	const char *help;
	unsigned commands;  /* which commands accept it; 0: any */
};

enum { OPT_VARIANT = 1000, OPT_HEADLESS, OPT_EVENTS, OPT_SPEED, OPT_SEED, OPT_SCHEDULE,
	OPT_CPUS, OPT_REPEAT, OPT_STEP, OPT_KEYS, OPT_WIDTH, OPT_ASCII, OPT_COLOR, OPT_CHROME,
	OPT_RECORD, OPT_MAX_STATES, OPT_REDUCE, OPT_ANSWER, OPT_NO_PROGRESS,
	OPT_RATES, OPT_CSV, OPT_SVG, OPT_MAX_MEMORY, OPT_OUTCOMES };

static const struct cli_option_entry cli_options[] = {
	{ { "help", no_argument, NULL, 'h' }, NULL, N_("show this help and exit"), 0 },
	{ { "version", no_argument, NULL, 'V' }, NULL, N_("show the version and exit"), 0 },
	{ { "variant", required_argument, NULL, OPT_VARIANT }, N_("NAME"),
	  N_("use the scenario's variant NAME (sweep: may be given more than once)"),
	  CMD(CLI_SHOW) | CMD(CLI_RUN) | CMD(CLI_EXPLORE) | CMD(CLI_SWEEP) },
	{ { "headless", no_argument, NULL, OPT_HEADLESS }, NULL,
	  N_("print instead of opening the terminal UI"), CMD(CLI_RUN) | CMD(CLI_REPLAY) | CMD(CLI_SWEEP) },
	{ { "events", no_argument, NULL, OPT_EVENTS }, NULL,
	  N_("print every recorded event, one a line"), CMD(CLI_RUN) },
	{ { "speed", required_argument, NULL, OPT_SPEED }, N_("X"),
	  N_("divide every duration by X (live mode)"), CMD(CLI_RUN) },
	{ { "seed", required_argument, NULL, OPT_SEED }, N_("N"),
	  N_("step mode: pick who moves next at random, seeded with N"), CMD(CLI_RUN) },
	{ { "schedule", required_argument, NULL, OPT_SCHEDULE }, N_("LIST"),
	  N_("step mode: grant steps in this order (worker names or numbers, comma-separated)"), CMD(CLI_RUN) },
	{ { "cpus", required_argument, NULL, OPT_CPUS }, N_("N"),
	  N_("pin every worker to N CPUs"), CMD(CLI_RUN) },
	{ { "repeat", required_argument, NULL, OPT_REPEAT }, N_("N"),
	  N_("run N times and print how often each outcome happened"), CMD(CLI_RUN) },
	{ { "step", no_argument, NULL, OPT_STEP }, NULL,
	  N_("open the terminal UI in step mode: you choose who moves next"), CMD(CLI_RUN) },
	{ { "width", required_argument, NULL, OPT_WIDTH }, N_("N"),
	  N_("draw the timeline N columns wide (default: the terminal's width, or 100)"),
	  CMD(CLI_RUN) | CMD(CLI_REPLAY) },
	{ { "record", required_argument, NULL, OPT_RECORD }, N_("FILE"),
	  N_("save the run as a trace in FILE, for replay and export"), CMD(CLI_RUN) },
	{ { "answer", required_argument, NULL, OPT_ANSWER }, N_("LIST"),
	  N_("answer the variant's questions before the run (a choice's number or letter, or a number; comma-separated) and be told right or wrong"),
	  CMD(CLI_RUN) },
	{ { "ascii", no_argument, NULL, OPT_ASCII }, NULL,
	  N_("draw with ASCII characters only (automatic when the locale is not UTF-8)"), 0 },
	{ { "color", required_argument, NULL, OPT_COLOR }, N_("WHEN"),
	  N_("colours: auto (default; not when NO_COLOR is set), always, never"), 0 },
	{ { "chrome", required_argument, NULL, OPT_CHROME }, N_("OUT.json"),
	  N_("write Chrome Trace Event Format JSON to OUT.json"), CMD(CLI_EXPORT) },
	{ { "svg", required_argument, NULL, OPT_SVG }, N_("OUT.svg"),
	  N_("write an SVG picture to OUT.svg (of a sweep's CSV: its load curves)"), CMD(CLI_EXPORT) },
	{ { "max-states", required_argument, NULL, OPT_MAX_STATES }, N_("N"),
	  N_("explore at most N states (default 1000000)"), CMD(CLI_EXPLORE) },
	{ { "max-memory", required_argument, NULL, OPT_MAX_MEMORY }, N_("SIZE"),
	  N_("explore in at most SIZE bytes (K, M, G: binary units; default the smaller of 1G and a quarter "
	     "of the machine's memory)"), CMD(CLI_EXPLORE) },
	{ { "outcomes", required_argument, NULL, OPT_OUTCOMES }, N_("N"),
	  N_("explore: list N outcomes in full, or all (default 12)"), CMD(CLI_EXPLORE) },
	{ { "reduce", no_argument, NULL, OPT_REDUCE }, NULL,
	  N_("explore: take steps that touch only a worker's locals first (fewer states)"), CMD(CLI_EXPLORE) },
	{ { "no-progress", no_argument, NULL, OPT_NO_PROGRESS }, NULL,
	  N_("terminal UI: neither read nor record lessons seen, questions answered, challenges solved"),
	  CMD(CLI_RUN) },
	{ { "rates", required_argument, NULL, OPT_RATES }, N_("LIST"),
	  N_("sweep at these arrival rates (per second, comma-separated; default: the family's own rate times 0.2, 0.5, 1, 2, 4, 8)"),
	  CMD(CLI_SWEEP) },
	{ { "csv", no_argument, NULL, OPT_CSV }, NULL,
	  N_("sweep: print comma-separated values, one line per variant and rate"), CMD(CLI_SWEEP) },
	{ { "keys", no_argument, NULL, OPT_KEYS }, NULL,
	  N_("list the terminal UI's keys and exit"), 0 },
};

#define N_COMMANDS (sizeof cli_commands / sizeof cli_commands[0])
#define N_OPTIONS (sizeof cli_options / sizeof cli_options[0])

static const struct cli_command_entry *
cli_find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* Applies one parsed option; records it so it can be checked against the command. */
static void
cli_apply(struct cli *cli, int val, const char *arg)
{
	switch (val) {
	case 'h':
		cli->command = CLI_HELP;
		break;
	case 'V':
		if (cli->command != CLI_HELP)
			cli->command = CLI_VERSION;
		break;
	case OPT_VARIANT:
		cli->variant = arg;
		if (cli->nvariants < CLI_MAX_VARIANTS)
			cli->variants[cli->nvariants] = arg;
		cli->nvariants++;
		break;
	case OPT_HEADLESS:
		cli->headless = true;
		break;
	case OPT_EVENTS:
		cli->events = true;
		break;
	case OPT_COLOR:
		cli->color = arg;
		break;
	case OPT_ASCII:
		cli->ascii = true;
		break;
	case OPT_STEP:
		cli->step = true;
		break;
	case OPT_SPEED:
		cli->speed = arg;
		break;
	case OPT_SEED:
		cli->seed = arg;
		break;
	case OPT_SCHEDULE:
		cli->schedule = arg;
		break;
	case OPT_CPUS:
		cli->cpus = arg;
		break;
	case OPT_REPEAT:
		cli->repeat = arg;
		break;
	case OPT_KEYS:
		if (cli->command == CLI_DEFAULT)
			cli->command = CLI_KEYS;
		break;
	case OPT_CHROME:
		cli->chrome = arg;
		break;
	case OPT_RECORD:
		cli->record = arg;
		break;
	case OPT_MAX_STATES:
		cli->max_states = arg;
		break;
	case OPT_REDUCE:
		cli->reduce = true;
		break;
	case OPT_MAX_MEMORY:
		cli->max_memory = arg;
		break;
	case OPT_OUTCOMES:
		cli->outcomes = arg;
		break;
	case OPT_ANSWER:
		cli->answer = arg;
		break;
	case OPT_NO_PROGRESS:
		cli->no_progress = true;
		break;
	case OPT_RATES:
		cli->rates = arg;
		break;
	case OPT_CSV:
		cli->csv = true;
		break;
	case OPT_SVG:
		cli->svg = arg;
		break;
	}
}

/* --width N: a whole number of columns the timeline can be drawn in. */
static int
cli_parse_width(struct cli *cli, const char *arg, char **err)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 20 || v > 10000) {
		*err = xasprintf(_("--width takes a number of columns from 20 to 10000, not '%s'"), arg);
		return -1;
	}
	cli->width = (int)v;
	return 0;
}

static int
cli_check_operands(struct cli *cli, const struct cli_command_entry *ce, char **err)
{
	if (cli->nargs < ce->min_args) {
		*err = xasprintf(_("'%s' needs %s"), ce->name, _(ce->operands));
		return -1;
	}
	if (ce->max_args >= 0 && cli->nargs > ce->max_args) {
		*err = xasprintf(_("'%s' takes at most %d operand(s), got %d"),
		    ce->name, ce->max_args, cli->nargs);
		return -1;
	}
	return 0;
}

int
cli_parse(struct cli *cli, int argc, char **argv, char **err)
{
	struct option longopts[N_OPTIONS + 1];
	unsigned seen[N_OPTIONS];
	const struct cli_command_entry *ce = NULL;
	int c;

	memset(cli, 0, sizeof *cli);
	memset(longopts, 0, sizeof longopts);
	memset(seen, 0, sizeof seen);
	for (size_t i = 0; i < N_OPTIONS; i++)
		longopts[i] = cli_options[i].opt;
	*err = NULL;
	optind = 0;  /* full re-initialisation, so the parser can run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		if (c == '?') {
			if (optopt)
				*err = xasprintf(_("unknown option '-%c'"), optopt);
			else
				*err = xasprintf(_("unknown option '%s'"), argv[optind - 1]);
			return -1;
		}
		if (c == ':') {
			*err = xasprintf(_("option '%s' needs an argument"), argv[optind - 1]);
			return -1;
		}
		for (size_t i = 0; i < N_OPTIONS; i++)
			if (cli_options[i].opt.val == c)
				seen[i] = 1;
		if (c == OPT_WIDTH && cli_parse_width(cli, optarg, err) < 0)
			return -1;
		if (c == OPT_COLOR && strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
		    strcmp(optarg, "never") != 0) {
			*err = xasprintf(_("--color takes auto, always or never, not '%s'"), optarg);
			return -1;
		}
		cli_apply(cli, c, optarg);
	}
	if (cli->command == CLI_HELP || cli->command == CLI_VERSION || cli->command == CLI_KEYS)
		return 0;
	/* Options were permuted to the front; the first operand names the command. */
	if (optind >= argc)
		return 0;
	ce = cli_find_command(argv[optind]);
	if (ce == NULL) {
		*err = xasprintf(_("unknown command '%s'"), argv[optind]);
		return -1;
	}
	optind++;
	cli->command = ce->command;
	cli->command_name = ce->name;
	cli->args = argv + optind;
	cli->nargs = argc - optind;
	for (size_t i = 0; i < N_OPTIONS; i++) {
		unsigned mask = cli_options[i].commands;
		if (seen[i] && mask != 0 && !(mask & CMD(ce->command))) {
			*err = xasprintf(_("option '--%s' does not apply to '%s'"),
			    cli_options[i].opt.name, ce->name);
			return -1;
		}
	}
	if (cli->nvariants > CLI_MAX_VARIANTS) {
		*err = xasprintf(_("at most %d --variant options, got %d"), CLI_MAX_VARIANTS, cli->nvariants);
		return -1;
	}
	if (ce->command == CLI_EXPORT && (cli->chrome == NULL) == (cli->svg == NULL)) {
		*err = xasprintf(_("'export' needs --chrome OUT.json or --svg OUT.svg"));
		return -1;
	}
	return cli_check_operands(cli, ce, err);
}

void
cli_help(FILE *out, const char *progname)
{
	fprintf(out, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), progname);
	fputs(_("Watch real threads, processes and event-loop tasks run a scenario.\n"
		"With no command, pick a scenario to watch (on a terminal) or list them.\n"), out);
	fputs(_("\nCommands:\n"), out);
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct cli_command_entry *ce = &cli_commands[i];
		char *head = xasprintf("%s %s", ce->name, ce->operands ? _(ce->operands) : "");
		fprintf(out, "  %-22s %s\n", head, _(ce->summary));
		free(head);
	}
	fputs(_("\nOptions:\n"), out);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct cli_option_entry *o = &cli_options[i];
		char *head;
		if (o->opt.val < 256)
			head = xasprintf("-%c, --%s%s%s", o->opt.val, o->opt.name,
			    o->arg_name ? "=" : "", o->arg_name ? _(o->arg_name) : "");
		else
			head = xasprintf("    --%s%s%s", o->opt.name,
			    o->arg_name ? "=" : "", o->arg_name ? _(o->arg_name) : "");
		fprintf(out, "  %-22s %s\n", head, _(o->help));
		free(head);
	}
	fputs(_("\nExit status:\n"
		"  0  success: the command worked and every expectation held\n"
		"  1  a run failed or one of its expectations did not hold\n"
		"  2  bad usage, or a bad scenario or trace file\n"), out);
	fputs(_("  run --answer: 0 when every answer was right, 1 otherwise\n"), out);
	fputs(_("  128+N  stopped by signal N (a headless run: SIGINT, SIGTERM, SIGHUP, SIGQUIT)\n"), out);
	fputs(_("\nSee kitchensync(1), kitchensync-scenario(5) and kitchensync-tutorial(7).\n"), out);
}

void
cli_version(FILE *out)
{
	fprintf(out, "kitchensync %s\n", PACKAGE_VERSION);
}
