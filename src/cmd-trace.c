/* cmd-trace.c: the commands that read a saved trace: replay (headless) and export. */
#include "config.h"

#include "cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "export-chrome.h"
#include "i18n.h"
#include "prog.h"
#include "scn.h"
#include "tl-text.h"
#include "tl.h"
#include "trace.h"

struct cmd_trace {
	struct trace *tr;
	struct prog *prog;
	const struct prog_variant *var;
	struct tl *tl;
};

static void
cmd_trace_done(struct cmd_trace *ct)
{
	tl_free(ct->tl);
	prog_free(ct->prog);
	trace_free(ct->tr);
}

/* Reads FILE, compiles the scenario it embeds and builds the model.  Returns 0 or an exit status. */
static int
cmd_trace_load(const char *file, struct cmd_trace *ct)
{
	struct diag *d;
	char *err = NULL;
	uint64_t base;

	memset(ct, 0, sizeof *ct);
	if (trace_read(file, &ct->tr, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return KS_EXIT_USAGE;
	}
	if (ct->tr->warning)
		fprintf(stderr, "%s\n", ct->tr->warning);
	d = diag_new(stderr);
	ct->prog = scn_parse_buffer(ct->tr->path[0] ? ct->tr->path : file, ct->tr->source,
	    ct->tr->source_len, d);
	diag_free(d);
	if (ct->prog == NULL) {
		fprintf(stderr, _("%s: error: at byte %d: the scenario embedded in the trace does not compile\n"),
		    file, TRACE_HEADER_SIZE);
		cmd_trace_done(ct);
		return KS_EXIT_USAGE;
	}
	ct->var = prog_variant_find(ct->prog, ct->tr->variant[0] ? ct->tr->variant : NULL);
	if (ct->var == NULL) {
		fprintf(stderr, _("%s: error: at byte %d: the embedded scenario has no variant '%s'\n"),
		    file, TRACE_HEADER_SIZE, ct->tr->variant);
		cmd_trace_done(ct);
		return KS_EXIT_USAGE;
	}
	base = TRACE_HEADER_SIZE + strlen(ct->tr->path) + strlen(ct->tr->variant) + ct->tr->source_len;
	for (size_t i = 0; i < ct->tr->nevents; i++) {
		const struct rec_event *ev = &ct->tr->events[i];
		int n = (int)ct->var->nactors + REC_MAX_POOL;  /* a loop's pool threads come after */
		if (ev->actor < -1 || ev->actor >= n || ev->other < -1 || ev->other >= n) {
			fprintf(stderr, _("%s: error: at byte %" PRIu64 ": event %zu names an actor the scenario does not have\n"),
			    file, base + (uint64_t)i * TRACE_EVENT_SIZE + 20, i);
			cmd_trace_done(ct);
			return KS_EXIT_USAGE;
		}
	}
	ct->tl = tl_new(ct->prog, ct->var, 0);
	tl_add(ct->tl, ct->tr->events, ct->tr->nevents);
	return 0;
}

void
cmd_trace_text_opts(const struct cli *cli, struct tl_text_opts *o)
{
	enum tl_text_color color = TL_COLOR_AUTO;

	if (cli->color)
		tl_text_color_parse(cli->color, &color);
	memset(o, 0, sizeof *o);
	o->width = cli->width > 0 ? cli->width : tl_text_default_width(STDOUT_FILENO);
	o->ascii = cli->ascii || !tl_text_utf8_locale();
	o->color = tl_text_color_use(color, STDOUT_FILENO);
	o->lang = prog_lang();
}

int
cmd_replay(const struct cli *cli)
{
	struct cmd_trace ct;
	struct tl_text_opts o;
	int status = cmd_trace_load(cli->args[0], &ct);

	if (status != 0)
		return status;
	cmd_trace_text_opts(cli, &o);
	tl_text_print(stdout, ct.tl, &o);
	fputc('\n', stdout);
	status = tl_text_outcome(stdout, ct.tl, &o);
	if (ct.tr->rec_dropped > 0)
		printf(_("  the recorder dropped %" PRIu64 " events (its buffers were full)\n"), ct.tr->rec_dropped);
	cmd_trace_done(&ct);
	return status;
}

int
cmd_export(const struct cli *cli)
{
	struct cmd_trace ct;
	struct trace_out o = { 0 };
	FILE *out;
	char *err = NULL;
	int status;
	bool to_stdout;

	if (cli->svg != NULL)
		return cmd_sweep_svg(cli);
	status = cmd_trace_load(cli->args[0], &ct);
	to_stdout = strcmp(cli->chrome, "-") == 0;
	if (status != 0)
		return status;
	/* a file appears under its name only when complete: a killed export leaves none */
	out = to_stdout ? stdout : trace_out_open(&o, cli->chrome, false, &err);
	if (out == NULL) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		cmd_trace_done(&ct);
		return KS_EXIT_FAILED;
	}
	if (export_chrome(out, ct.tl) < 0) {
		fprintf(stderr, _("kitchensync: %s: cannot write: %s\n"), cli->chrome, strerror(errno));
		if (!to_stdout)
			trace_out_discard(&o);
		status = KS_EXIT_FAILED;
	} else if (!to_stdout && trace_out_commit(&o, &err) < 0) {
		fprintf(stderr, "kitchensync: %s\n", err);
		free(err);
		status = KS_EXIT_FAILED;
	}
	cmd_trace_done(&ct);
	return status;
}
