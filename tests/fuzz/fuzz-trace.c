/* fuzz-trace.c: the trace reader: bytes -> read, compile the embedded
 * scenario, check the events' actors (as `replay` does), build the
 * timeline, print it and its outcome, export Chrome JSON.
 *
 * Checksums would stop nearly every mutant at the door, so they are fixed
 * up first: the header's (unless the header says the recording did not
 * finish: count and checksum 0) and the body's, when the length fits the
 * header's sizes.  The checks themselves are tested by check_tl. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-chrome.h"
#include "fuzz.h"
#include "prog.h"
#include "scn.h"
#include "tl-text.h"
#include "tl.h"
#include "trace.h"

static uint32_t
fuzz_crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

static uint32_t
fuzz_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void
fuzz_put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Sets the checksums of the LEN bytes at P to what they should be. */
static void
fuzz_fix_checksums(unsigned char *p, size_t len)
{
	uint64_t n, off, need;
	bool unfinished;

	if (len < TRACE_HEADER_SIZE)
		return;
	n = (uint64_t)fuzz_get32(p + 16) | (uint64_t)fuzz_get32(p + 20) << 32;
	unfinished = n == 0 && fuzz_get32(p + 44) == 0;
	if (!unfinished)
		fuzz_put32(p + 44, fuzz_crc(p, 44));
	off = TRACE_HEADER_SIZE + (uint64_t)fuzz_get32(p + 32) + fuzz_get32(p + 36) + fuzz_get32(p + 40);
	if (unfinished || n > ((uint64_t)1 << 40))
		return;
	need = off + n * TRACE_EVENT_SIZE + 4;
	if (need == len)
		fuzz_put32(p + len - 4, fuzz_crc(p + TRACE_HEADER_SIZE, len - 4 - TRACE_HEADER_SIZE));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	unsigned char *buf;
	struct trace *tr;
	struct diag *d;
	struct prog *prog;
	const struct prog_variant *var;
	struct tl *tl;
	struct tl_text_opts o;
	char *err;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	fuzz_fix_checksums(buf, size);
	if (trace_read_mem("fuzz.kst", buf, size, &tr, &err) < 0) {
		free(err);
		free(buf);
		return 0;
	}
	free(buf);
	d = diag_new(sink);
	prog = scn_parse_buffer("fuzz.ks", tr->source, tr->source_len, d);
	diag_free(d);
	var = prog ? prog_variant_find(prog, tr->variant[0] ? tr->variant : NULL) : NULL;
	for (size_t i = 0; var && i < tr->nevents; i++) {
		const struct rec_event *ev = &tr->events[i];
		int na = (int)var->nactors;
		if (ev->actor < -1 || ev->actor >= na || ev->other < -1 || ev->other >= na)
			var = NULL;  /* replay refuses it: "names an actor the scenario does not have" */
	}
	if (var) {
		tl = tl_new(prog, var, 0);
		tl_add(tl, tr->events, tr->nevents);
		for (int ascii = 0; ascii < 2; ascii++) {
			memset(&o, 0, sizeof o);
			o.width = ascii ? 44 : 100;
			o.ascii = ascii;
			o.color = !ascii;
			o.lang = ascii ? "zh_TW" : NULL;
			tl_text_print(sink, tl, &o);
			tl_text_outcome(sink, tl, &o);
		}
		export_chrome(sink, tl);
		tl_free(tl);
	}
	prog_free(prog);
	trace_free(tr);
	return 0;
}
