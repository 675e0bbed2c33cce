/* diag.c: compiler-style diagnostics with the source line and a caret. */
#include "config.h"

#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

#define DIAG_MAX_SEEN 256

struct diag {
	FILE *out;
	const char *path;
	const char *buf;
	size_t len;
	size_t *lines;     /* byte offset where each line starts */
	size_t nlines, alines;
	int errors, warnings;
	bool last_shown;   /* whether the last error or warning was printed */
	bool said_full;
	uint64_t seen[DIAG_MAX_SEEN];  /* hashes of printed messages, to print each once */
	size_t nseen;
};

struct diag *
diag_new(FILE *out)
{
	struct diag *d = xcalloc(1, sizeof *d);
	d->out = out;
	d->path = "";
	d->buf = "";
	return d;
}

void
diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	free(d->lines);
	free(d);
}

void
diag_set_source(struct diag *d, const char *path, const char *buf, size_t len)
{
	d->path = path;
	d->buf = buf ? buf : "";
	d->len = buf ? len : 0;
	d->nlines = 0;
	d->lines = xgrow(d->lines, &d->alines, 1, sizeof *d->lines);
	d->lines[d->nlines++] = 0;
	for (size_t i = 0; i < d->len; i++)
		if (d->buf[i] == '\n') {
			d->lines = xgrow(d->lines, &d->alines, d->nlines + 1, sizeof *d->lines);
			d->lines[d->nlines++] = i + 1;
		}
	d->errors = d->warnings = 0;
	d->last_shown = false;
	d->said_full = false;
	d->nseen = 0;
}

int
diag_errors(const struct diag *d)
{
	return d->errors;
}

int
diag_warnings(const struct diag *d)
{
	return d->warnings;
}

bool
diag_full(const struct diag *d)
{
	return d->errors >= DIAG_MAX_ERRORS;
}

size_t
diag_utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Length of the valid UTF-8 sequence at S (at most LEN bytes), or 0 when invalid. */
static size_t
diag_utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff))
	    || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t
diag_utf8_check(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = diag_utf8_seq(s + i, len - i, &cp);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

/* Terminal columns taken by code point CP: 2 for East Asian wide characters. */
static int
diag_cp_width(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf)
	    || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff)
	    || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
	    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff)
	    || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

static size_t
diag_line_index(const struct diag *d, size_t off)
{
	size_t lo = 0, hi = d->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void
diag_locate(const struct diag *d, size_t off, int *line, int *col)
{
	size_t li;

	if (off > d->len)
		off = d->len;
	if (d->nlines == 0) {
		*line = *col = 1;
		return;
	}
	li = diag_line_index(d, off);
	*line = (int)li + 1;
	*col = (int)diag_utf8_chars(d->buf + d->lines[li], off - d->lines[li]) + 1;
}

/* FNV-1a over the offset and the text, to print a message only once. */
static bool
diag_seen(struct diag *d, size_t off, const char *kind, const char *msg)
{
	uint64_t h = 1469598103934665603ULL;
	const char *parts[2] = { kind, msg };

	for (size_t i = 0; i < sizeof off; i++) {
		h ^= (off >> (8 * i)) & 0xff;
		h *= 1099511628211ULL;
	}
	for (int p = 0; p < 2; p++)
		for (const char *s = parts[p]; *s; s++) {
			h ^= (unsigned char)*s;
			h *= 1099511628211ULL;
		}
	for (size_t i = 0; i < d->nseen; i++)
		if (d->seen[i] == h)
			return true;
	if (d->nseen < DIAG_MAX_SEEN)
		d->seen[d->nseen++] = h;
	return false;
}

/* Prints the source line holding OFF and a caret line under LEN bytes of it. */
static void
diag_show_line(struct diag *d, size_t off, size_t len)
{
	const unsigned char *s = (const unsigned char *)d->buf;
	size_t li, start, end, i, n;
	int line, width;
	uint32_t cp;

	if (d->nlines == 0)
		return;
	if (off > d->len)
		off = d->len;
	li = diag_line_index(d, off);
	start = d->lines[li];
	end = start;
	while (end < d->len && s[end] != '\n')
		end++;
	if (end > start && s[end - 1] == '\r')
		end--;
	if (off > end)
		off = end;
	if (off + len > end)
		len = end > off ? end - off : 0;
	line = (int)li + 1;
	/* the line itself, control characters but tabs shown as spaces */
	fprintf(d->out, "%5d | ", line);
	for (i = start; i < end; i += n) {
		n = diag_utf8_seq(s + i, end - i, &cp);
		if (n == 0) {
			fputc('?', d->out);
			n = 1;
		} else if (cp == '\t') {
			fputc('\t', d->out);
		} else if (cp < 0x20 || cp == 0x7f) {
			fputc(' ', d->out);
		} else {
			fwrite(s + i, 1, n, d->out);
		}
	}
	fputs("\n      | ", d->out);
	for (i = start; i < off; i += n) {
		n = diag_utf8_seq(s + i, off - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		if (cp == '\t') {
			fputc('\t', d->out);
			continue;
		}
		for (width = diag_cp_width(cp); width > 0; width--)
			fputc(' ', d->out);
	}
	fputc('^', d->out);
	/* the rest of the span, one '~' per column */
	for (i = off, n = 0; i < off + len; i += n) {
		n = diag_utf8_seq(s + i, off + len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		width = diag_cp_width(cp);
		if (i == off)
			width--;
		for (; width > 0; width--)
			fputc('~', d->out);
	}
	fputc('\n', d->out);
}

static void
diag_emit(struct diag *d, const char *kind, size_t off, size_t len, const char *msg)
{
	int line, col;

	diag_locate(d, off, &line, &col);
	fprintf(d->out, "%s:%d:%d: %s: %s\n", d->path, line, col, kind, msg);
	diag_show_line(d, off, len);
}

void
diag_error(struct diag *d, size_t off, size_t len, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	d->last_shown = false;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (diag_seen(d, off, "e", msg)) {
		free(msg);
		return;
	}
	d->errors++;
	if (d->errors > DIAG_MAX_ERRORS) {
		if (!d->said_full) {
			fprintf(d->out, _("%s: note: too many errors; stopping after %d\n"),
			    d->path, DIAG_MAX_ERRORS);
			d->said_full = true;
		}
		free(msg);
		return;
	}
	diag_emit(d, _("error"), off, len, msg);
	d->last_shown = true;
	free(msg);
}

void
diag_warning(struct diag *d, size_t off, size_t len, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	d->last_shown = false;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (!diag_seen(d, off, "w", msg) && !d->said_full) {
		d->warnings++;
		diag_emit(d, _("warning"), off, len, msg);
		d->last_shown = true;
	}
	free(msg);
}

void
diag_note(struct diag *d, size_t off, size_t len, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!d->last_shown)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_emit(d, _("note"), off, len, msg);
	free(msg);
}

void
diag_hint(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!d->last_shown)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(d->out, _("  hint: %s\n"), msg);
	free(msg);
}

void
diag_file_error(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	d->errors++;
	fprintf(d->out, "%s: %s: %s\n", d->path, _("error"), msg);
	d->last_shown = true;
	free(msg);
}
