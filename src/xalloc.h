/* xalloc.h: allocation that cannot return NULL (it exits with a message). */
#ifndef KS_XALLOC_H
#define KS_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* COUNT elements of SIZE, checked for overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
/* Grows an array of COUNT elements of SIZE to at least NEED, doubling. */
void *xgrow(void *ptr, size_t *count, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
