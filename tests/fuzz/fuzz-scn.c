/* fuzz-scn.c: the scenario front end: bytes -> lex, parse, check, compile,
 * diagnostics (with their source lines and carets), then every variant
 * printed as `kitchensync show` does, in both languages. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "fuzz.h"
#include "prog-print.h"
#include "prog.h"
#include "scn.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct diag *d;
	struct prog *prog;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	d = diag_new(sink);
	prog = scn_parse_buffer("fuzz.ks", (const char *)data, size, d);
	diag_free(d);
	if (prog == NULL)
		return 0;
	for (size_t i = 0; i < prog->nvariants; i++) {
		prog_print_variant(sink, prog, &prog->variants[i], NULL);
		prog_print_variant(sink, prog, &prog->variants[i], "zh_TW");
	}
	prog_free(prog);
	return 0;
}
