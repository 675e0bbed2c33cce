/* scn.c: the scenario language's entry points: file -> checks -> struct prog. */
#include "config.h"

#include "scn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "scn-check.h"
#include "scn-lex.h"
#include "scn-parse.h"
#include "xalloc.h"

/* Reports NUL bytes and invalid UTF-8, at most one per line; returns false if any. */
static bool
scn_check_bytes(const char *buf, size_t len, struct diag *d)
{
	size_t i = 0;
	bool ok = true;

	while (i < len && !diag_full(d)) {
		size_t end = i, bad;
		const char *nul;
		while (end < len && buf[end] != '\n')
			end++;
		nul = memchr(buf + i, '\0', end - i);
		bad = diag_utf8_check(buf + i, end - i);
		if (nul != NULL && (size_t)(nul - buf) <= i + bad) {
			diag_error(d, (size_t)(nul - buf), 1, "%s", _("NUL byte in the file"));
			diag_hint(d, "%s", _("a scenario is a text file; is this a binary file?"));
			ok = false;
		} else if (bad < end - i) {
			diag_error(d, i + bad, 1, _("invalid UTF-8 (byte 0x%02x)"),
			    (unsigned char)buf[i + bad]);
			diag_hint(d, "%s", _("save the file as UTF-8"));
			ok = false;
		}
		i = end + 1;
	}
	return ok;
}

struct prog *
scn_parse_buffer(const char *name, const char *buf, size_t len, struct diag *d)
{
	struct scn_toks toks;
	struct scn_file file;
	struct prog *prog;

	diag_set_source(d, name, buf, len);
	if (len > SCN_MAX_FILE) {
		diag_file_error(d, _("the file is larger than the limit of %d bytes (1 MiB)"),
		    SCN_MAX_FILE);
		return NULL;
	}
	if (!scn_check_bytes(buf, len, d))
		return NULL;
	scn_lex(&toks, buf, len, d);
	memset(&file, 0, sizeof file);
	scn_parse(&file, &toks, buf, len, d);
	/* names are checked after syntax errors too; scn_check then reports only
	 * the unknown names no skipped statement can have declared */
	prog = scn_check(&file, name, d);
	scn_parse_free(&file);
	scn_lex_free(&toks);
	if (diag_errors(d) > 0) {
		prog_free(prog);
		return NULL;
	}
	prog->source = xmalloc(len + 1);
	memcpy(prog->source, buf, len);
	prog->source[len] = '\0';
	prog->source_len = len;
	return prog;
}

struct prog *
scn_load(const char *path, struct diag *d)
{
	FILE *fp;
	char *buf;
	size_t len;
	struct prog *prog;

	diag_set_source(d, path, NULL, 0);
	fp = fopen(path, "rb");
	if (fp == NULL) {
		diag_file_error(d, _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	/* read one byte past the limit to tell a file at the limit from a larger one */
	buf = xmalloc(SCN_MAX_FILE + 2);
	len = fread(buf, 1, SCN_MAX_FILE + 1, fp);
	if (ferror(fp)) {
		diag_file_error(d, _("cannot read: %s"), strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[len] = '\0';
	prog = scn_parse_buffer(path, buf, len, d);
	free(buf);
	return prog;
}
