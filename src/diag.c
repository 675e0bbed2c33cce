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
/* A source line wider than DIAG_WINDOW columns is shown as a window of it,
 * DIAG_LEFT columns of it before the caret, cut ends marked "...". */
#define DIAG_WINDOW 100
#define DIAG_LEFT 40
/* Characters before every DIAG_MARK bytes, so a column costs O(DIAG_MARK). */
#define DIAG_MARK 1024

struct diag {
	FILE *out;
	const char *path;
	const char *buf;
	size_t len;
	size_t *lines;     /* byte offset where each line starts */
	size_t nlines, alines;
	size_t *marks;     /* marks[k]: characters in the first k * DIAG_MARK bytes */
	size_t amarks;
	int errors, warnings, warnings_shown;
	char *ob;          /* one message, written in one go */
	size_t obn, obcap;
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
	free(d->marks);
	free(d->ob);
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
	d->marks = xgrow(d->marks, &d->amarks, d->len / DIAG_MARK + 1, sizeof *d->marks);
	d->marks[0] = 0;
	for (size_t i = 0, chars = 0; i < d->len; i++) {
		if (i % DIAG_MARK == 0)
			d->marks[i / DIAG_MARK] = chars;
		if (((unsigned char)d->buf[i] & 0xc0) != 0x80)
			chars++;
		if (d->buf[i] == '\n') {
			d->lines = xgrow(d->lines, &d->alines, d->nlines + 1, sizeof *d->lines);
			d->lines[d->nlines++] = i + 1;
		}
	}
	d->errors = d->warnings = d->warnings_shown = 0;
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

/* Characters in the first OFF bytes of the source, from the nearest mark. */
static size_t
diag_chars_before(const struct diag *d, size_t off)
{
	size_t k = off / DIAG_MARK;

	return d->marks[k] + diag_utf8_chars(d->buf + k * DIAG_MARK, off - k * DIAG_MARK);
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
	*col = (int)(diag_chars_before(d, off) - diag_chars_before(d, d->lines[li])) + 1;
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

/* Appends N bytes at P to the message being built. */
static void
diag_put(struct diag *d, const void *p, size_t n)
{
	d->ob = xgrow(d->ob, &d->obcap, d->obn + n + 1, 1);
	memcpy(d->ob + d->obn, p, n);
	d->obn += n;
}

static void
diag_putc(struct diag *d, char c, size_t times)
{
	d->ob = xgrow(d->ob, &d->obcap, d->obn + times + 1, 1);
	memset(d->ob + d->obn, c, times);
	d->obn += times;
}

/* Writes the message built, in one go. */
static void
diag_flush(struct diag *d)
{
	if (d->obn > 0)
		fwrite(d->ob, 1, d->obn, d->out);
	d->obn = 0;
}

/*
 * The character at byte I (of at most LIM - I bytes): its length in *N and
 * its code point in *CP ('?' for a byte that is not UTF-8); returns the
 * columns it takes (a tab and a control character take one).
 */
static int
diag_char(const unsigned char *s, size_t i, size_t lim, size_t *n, uint32_t *cp)
{
	*n = diag_utf8_seq(s + i, lim - i, cp);
	if (*n == 0) {
		*n = 1;
		*cp = '?';
	}
	return *cp < 0x20 || *cp == 0x7f ? 1 : diag_cp_width(*cp);
}

/* The start of the character that ends at byte I (after START). */
static size_t
diag_prev(const unsigned char *s, size_t start, size_t i)
{
	size_t b = i - 1;
	uint32_t cp;

	while (b > start && i - b < 4 && (s[b] & 0xc0) == 0x80)
		b--;
	if (diag_utf8_seq(s + b, i - b, &cp) != i - b)
		return i - 1;
	return b;
}

/*
 * Prints the source line holding OFF and a caret line under LEN bytes of
 * it.  A line wider than DIAG_WINDOW columns is shown as a window around
 * OFF, so each message is bounded however long the line.
 */
static void
diag_show_line(struct diag *d, size_t off, size_t len)
{
	const unsigned char *s = (const unsigned char *)d->buf;
	size_t li, start, end, ws, we, i, n;
	int w, cols;
	uint32_t cp;
	char num[32];

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
	/* the window [ws, we): the whole line when it fits */
	for (i = start, cols = 0; i < end && cols <= DIAG_WINDOW; i += n)
		cols += diag_char(s, i, end, &n, &cp);
	if (cols <= DIAG_WINDOW) {
		ws = start;
		we = end;
	} else {
		ws = off;
		cols = 0;
		while (ws > start) {
			size_t b = diag_prev(s, start, ws);
			w = diag_char(s, b, ws, &n, &cp);
			if (cols + w > DIAG_LEFT)
				break;
			ws = b;
			cols += w;
		}
		for (we = off; we < end; we += n) {
			w = diag_char(s, we, end, &n, &cp);
			if (cols + w > DIAG_WINDOW)
				break;
			cols += w;
		}
		while (we == end && ws > start) {
			size_t b = diag_prev(s, start, ws);
			w = diag_char(s, b, ws, &n, &cp);
			if (cols + w > DIAG_WINDOW)
				break;
			ws = b;
			cols += w;
		}
	}
	if (off + len > we)
		len = we > off ? we - off : 0;
	/* the line itself, control characters but tabs shown as spaces */
	snprintf(num, sizeof num, "%5d | ", (int)li + 1);
	diag_put(d, num, strlen(num));
	if (ws > start)
		diag_put(d, "...", 3);
	for (i = ws; i < we; i += n) {
		n = diag_utf8_seq(s + i, we - i, &cp);
		if (n == 0) {
			diag_putc(d, '?', 1);
			n = 1;
		} else if (cp == '\t') {
			diag_putc(d, '\t', 1);
		} else if (cp < 0x20 || cp == 0x7f) {
			diag_putc(d, ' ', 1);
		} else {
			diag_put(d, s + i, n);
		}
	}
	if (we < end)
		diag_put(d, "...", 3);
	diag_put(d, "\n      | ", 9);
	if (ws > start)
		diag_putc(d, ' ', 3);
	for (i = ws; i < off; i += n) {
		n = diag_utf8_seq(s + i, off - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		if (cp == '\t')
			diag_putc(d, '\t', 1);
		else
			diag_putc(d, ' ', (size_t)diag_cp_width(cp));
	}
	diag_putc(d, '^', 1);
	/* the rest of the span, one '~' per column */
	for (i = off, n = 0; i < off + len; i += n) {
		n = diag_utf8_seq(s + i, off + len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		w = diag_cp_width(cp);
		if (i == off)
			w--;
		if (w > 0)
			diag_putc(d, '~', (size_t)w);
	}
	diag_putc(d, '\n', 1);
}

static void
diag_emit(struct diag *d, const char *kind, size_t off, size_t len, const char *msg)
{
	int line, col;
	char *head;

	diag_locate(d, off, &line, &col);
	head = xasprintf("%s:%d:%d: %s: %s\n", d->path, line, col, kind, msg);
	diag_put(d, head, strlen(head));
	free(head);
	diag_show_line(d, off, len);
	diag_flush(d);
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
		if (d->warnings_shown < DIAG_MAX_ERRORS) {
			diag_emit(d, _("warning"), off, len, msg);
			d->last_shown = true;
			d->warnings_shown++;
		} else if (d->warnings_shown == DIAG_MAX_ERRORS) {
			fprintf(d->out, _("%s: note: too many warnings; showing the first %d\n"),
			    d->path, DIAG_MAX_ERRORS);
			d->warnings_shown++;
		}
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
