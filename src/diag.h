/* diag.h: compiler-style diagnostics for one source file.
 *
 *   path:line:col: error: message
 *      12 |     ordrs += 1
 *         |     ^~~~~
 *     hint: did you mean 'orders'?
 *
 * Positions are byte offsets into the source; line and column (counted in
 * characters, not bytes) are computed only when a message is printed.  At
 * most DIAG_MAX_ERRORS errors are printed per file; the same message at the
 * same place is printed once.
 */
#ifndef KS_DIAG_H
#define KS_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DIAG_MAX_ERRORS 20

struct diag;

/* Diagnostics go to OUT (not owned; stderr for the program, a memstream in tests). */
struct diag *diag_new(FILE *out);
void diag_free(struct diag *d);
/* Starts a new file: PATH is shown in messages, BUF (LEN bytes, not copied,
 * must outlive its use) is where lines are taken from.  Resets the counts. */
void diag_set_source(struct diag *d, const char *path, const char *buf, size_t len);

/* Messages at byte offset OFF, underlining LEN bytes (at least one character). */
void diag_error(struct diag *d, size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(struct diag *d, size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An error about the whole file ("path: error: message"), such as one that cannot be read. */
void diag_file_error(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note at another place, printed only when the message it belongs to was. */
void diag_note(struct diag *d, size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A "hint:" line under the last message, printed only when that one was. */
void diag_hint(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int diag_errors(const struct diag *d);
int diag_warnings(const struct diag *d);
/* True once DIAG_MAX_ERRORS errors were reported: callers may stop. */
bool diag_full(const struct diag *d);

/* The 1-based line and character column of byte offset OFF in the source. */
void diag_locate(const struct diag *d, size_t off, int *line, int *col);

/* Number of UTF-8 characters in the LEN bytes at S (continuation bytes skipped). */
size_t diag_utf8_chars(const char *s, size_t len);
/* Offset of the first invalid UTF-8 sequence in BUF, or LEN when it is valid. */
size_t diag_utf8_check(const char *buf, size_t len);

#endif
