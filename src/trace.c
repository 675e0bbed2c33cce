/* trace.c: writing and reading trace files (the format is in trace.h). */
#include "config.h"

#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "xalloc.h"

static const unsigned char trace_magic[8] = { 'K', 'S', 'T', 'R', 'A', 'C', 'E', 0x1a };

/* ---- CRC-32 ------------------------------------------------------------------ */

static uint32_t
trace_crc(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static bool ready;

	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = true;
	}
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- little-endian ------------------------------------------------------------- */

static void
put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint16_t
get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void
trace_pack(unsigned char *p, const struct rec_event *ev)
{
	put64(p, ev->t_ns);
	put64(p + 8, (uint64_t)ev->value);
	put32(p + 16, (uint32_t)ev->op);
	put16(p + 20, (uint16_t)ev->actor);
	put16(p + 22, (uint16_t)ev->other);
	put16(p + 24, (uint16_t)ev->res);
	p[26] = ev->kind;
	p[27] = ev->state;
	put16(p + 28, ev->cpu);
	put16(p + 30, ev->writer);
}

static void
trace_unpack(const unsigned char *p, struct rec_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->t_ns = get64(p);
	ev->value = (int64_t)get64(p + 8);
	ev->op = (int32_t)get32(p + 16);
	ev->actor = (int16_t)get16(p + 20);
	ev->other = (int16_t)get16(p + 22);
	ev->res = (int16_t)get16(p + 24);
	ev->kind = p[26];
	ev->state = p[27];
	ev->cpu = get16(p + 28);
	ev->writer = get16(p + 30);
}

/* ---- output files written under a temporary name ------------------------------------ */

static char *
trace_errno(const char *file, const char *what)
{
	return xasprintf(_("%s: error: %s: %s"), file, what, strerror(errno));
}

FILE *
trace_out_open(struct trace_out *o, const char *file, bool rw, char **err)
{
	struct stat st;
	char *real = NULL;
	int fd = -1;

	memset(o, 0, sizeof *o);
	*err = NULL;
	o->file = xstrdup(file);
	/* Through a symbolic link: the temporary goes beside the file it names. */
	if (lstat(file, &st) == 0 && S_ISLNK(st.st_mode))
		real = realpath(file, NULL);
	if (stat(real ? real : file, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* not a regular file (a device, a fifo): written in place */
		free(real);
		real = NULL;
		o->f = fopen(file, rw ? "w+b" : "wb");
	} else {
		const char *target = real ? real : file;
		for (unsigned i = 0; fd < 0 && i < 100; i++) {
			free(o->tmp);
			o->tmp = i == 0 ? xasprintf("%s.partial-%ld", target, (long)getpid())
			    : xasprintf("%s.partial-%ld-%u", target, (long)getpid(), i);
			fd = open(o->tmp, (rw ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
			if (fd < 0 && errno != EEXIST)
				break;
		}
		if (fd >= 0) {
			o->f = fdopen(fd, rw ? "w+b" : "wb");
			if (o->f == NULL) {
				int e = errno;
				close(fd);
				unlink(o->tmp);
				errno = e;
			}
		}
		if (real) {
			free(o->file);
			o->file = real;
		}
	}
	if (o->f == NULL) {
		*err = trace_errno(file, _("cannot create the file"));
		free(o->tmp);
		free(o->file);
		memset(o, 0, sizeof *o);
		return NULL;
	}
	return o->f;
}

int
trace_out_commit(struct trace_out *o, char **err)
{
	int rc = 0;

	*err = NULL;
	if (o->f == NULL)
		return -1;
	if (fflush(o->f) != 0 || ferror(o->f) || (o->tmp && fsync(fileno(o->f)) != 0)) {
		*err = trace_errno(o->file, _("writing the file"));
		rc = -1;
	}
	if (fclose(o->f) != 0 && rc == 0) {
		*err = trace_errno(o->file, _("writing the file"));
		rc = -1;
	}
	o->f = NULL;
	if (rc == 0 && o->tmp && rename(o->tmp, o->file) != 0) {
		*err = trace_errno(o->file, _("cannot put the file in place"));
		rc = -1;
	}
	if (rc == 0 && o->tmp) {
		/* the rename reaches the disk with its directory */
		char *dir = xstrdup(o->file), *slash = strrchr(dir, '/');
		int dfd;
		if (slash == dir)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			if (fsync(dfd) != 0 && errno != EINVAL && errno != EROFS) {
				*err = trace_errno(o->file, _("writing the file"));
				rc = -1;
			}
			close(dfd);
		}
		free(dir);
	}
	if (rc != 0 && o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->file);
	memset(o, 0, sizeof *o);
	return rc;
}

void
trace_out_discard(struct trace_out *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->file);
	memset(o, 0, sizeof *o);
}

/* ---- writing ----------------------------------------------------------------------- */

struct trace_writer {
	struct trace_out out;
	FILE *f;
	char *file;
	uint64_t n;
	uint32_t crc;
	bool failed;
};

static int
trace_writer_put(struct trace_writer *w, const void *p, size_t n, char **err)
{
	if (w->failed)
		return -1;
	if (n > 0 && fwrite(p, 1, n, w->f) != n) {
		w->failed = true;
		*err = trace_errno(w->file, _("writing the trace"));
		return -1;
	}
	w->crc = trace_crc(w->crc, p, n);
	return 0;
}

bool
trace_writer_can(const char *file, char **err)
{
	struct stat st;
	bool ok = true;

	*err = NULL;
	if (file[0] == '\0') {
		*err = xasprintf(_("--record needs a file name"));
		return false;
	}
	if (stat(file, &st) != 0 || S_ISREG(st.st_mode))
		return true;  /* created beside it, or replaced: trace_out_open says what fails */
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		ok = false;
	else if (S_ISCHR(st.st_mode)) {
		int fd = open(file, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0) {
			ok = lseek(fd, 0, SEEK_CUR) >= 0;
			close(fd);
		}
	}
	if (!ok)
		*err = xasprintf(_("%s: error: a trace cannot be recorded to a pipe or a terminal "
		    "(its header is completed at the end): name a file"), file);
	return ok;
}

struct trace_writer *
trace_writer_new(const char *file, const char *path, const char *variant,
    const char *source, size_t source_len, char **err)
{
	struct trace_writer *w;
	unsigned char h[TRACE_HEADER_SIZE];
	size_t pl = path ? strlen(path) : 0, vl = variant ? strlen(variant) : 0;

	*err = NULL;
	if (pl > TRACE_MAX_NAME || vl > TRACE_MAX_NAME || source_len > TRACE_MAX_SOURCE) {
		*err = xasprintf(_("%s: error: the scenario is too large to record"), file);
		return NULL;
	}
	w = xcalloc(1, sizeof *w);
	w->file = xstrdup(file);
	w->f = trace_out_open(&w->out, file, true, err);
	if (w->f == NULL) {
		free(w->file);
		free(w);
		return NULL;
	}
	memset(h, 0, sizeof h);
	memcpy(h, trace_magic, 8);
	put16(h + 8, TRACE_VERSION);
	put16(h + 10, TRACE_EVENT_SIZE);
	put32(h + 12, 0);
	put64(h + 16, 0);  /* the count comes when the recording finishes */
	put64(h + 24, 0);
	put32(h + 32, (uint32_t)pl);
	put32(h + 36, (uint32_t)vl);
	put32(h + 40, (uint32_t)source_len);
	put32(h + 44, 0);  /* the header's checksum comes with the count */
	if (fwrite(h, 1, sizeof h, w->f) != sizeof h) {
		w->failed = true;
		*err = trace_errno(file, _("writing the trace"));
	}
	w->crc = 0;
	if (!w->failed && (trace_writer_put(w, path ? path : "", pl, err) < 0 ||
	    trace_writer_put(w, variant ? variant : "", vl, err) < 0 ||
	    trace_writer_put(w, source ? source : "", source_len, err) < 0))
		w->failed = true;
	/* on disk at once: a recording cut short still holds the scenario */
	if (!w->failed && fflush(w->f) != 0) {
		w->failed = true;
		*err = trace_errno(file, _("writing the trace"));
	}
	if (w->failed) {
		trace_out_discard(&w->out);
		free(w->file);
		free(w);
		return NULL;
	}
	return w;
}

int
trace_writer_add(struct trace_writer *w, const struct rec_event *ev, size_t n, char **err)
{
	unsigned char buf[TRACE_EVENT_SIZE * 64];

	while (n > 0) {
		size_t k = n < 64 ? n : 64;
		for (size_t i = 0; i < k; i++)
			trace_pack(buf + i * TRACE_EVENT_SIZE, &ev[i]);
		if (trace_writer_put(w, buf, k * TRACE_EVENT_SIZE, err) < 0)
			return -1;
		w->n += k;
		ev += k;
		n -= k;
	}
	/* each batch on disk as it comes, so a killed run leaves it replayable */
	if (fflush(w->f) != 0) {
		w->failed = true;
		*err = trace_errno(w->file, _("writing the trace"));
		return -1;
	}
	return 0;
}

int
trace_writer_finish(struct trace_writer *w, uint64_t rec_dropped, char **err)
{
	unsigned char b[4], h[TRACE_HEADER_SIZE];
	int rc = 0;

	*err = NULL;
	if (!w->failed) {
		put32(b, w->crc);
		if (fwrite(b, 1, 4, w->f) != 4 || fseek(w->f, 0, SEEK_SET) != 0 ||
		    fread(h, 1, sizeof h, w->f) != sizeof h || fseek(w->f, 0, SEEK_SET) != 0) {
			*err = trace_errno(w->file, _("writing the trace"));
			rc = -1;
		} else {
			put64(h + 16, w->n);
			put64(h + 24, rec_dropped);
			put32(h + 44, trace_crc(0, h, 44));
			if (fwrite(h, 1, sizeof h, w->f) != sizeof h) {
				*err = trace_errno(w->file, _("writing the trace"));
				rc = -1;
			}
		}
	} else {
		rc = -1;  /* trace_writer_add said why */
	}
	if (rc == 0)
		rc = trace_out_commit(&w->out, err);
	else
		trace_out_discard(&w->out);
	free(w->file);
	free(w);
	return rc;
}

void
trace_writer_discard(struct trace_writer *w)
{
	if (w == NULL)
		return;
	trace_out_discard(&w->out);
	free(w->file);
	free(w);
}

int
trace_write(const char *file, const struct trace *tr, char **err)
{
	struct trace_writer *w = trace_writer_new(file, tr->path, tr->variant, tr->source,
	    tr->source_len, err);

	if (w == NULL)
		return -1;
	if (trace_writer_add(w, tr->events, tr->nevents, err) < 0) {
		trace_writer_discard(w);
		return -1;
	}
	return trace_writer_finish(w, tr->rec_dropped, err);
}

/* ---- reading ------------------------------------------------------------------------- */

void
trace_free(struct trace *tr)
{
	if (tr == NULL)
		return;
	free(tr->path);
	free(tr->variant);
	free(tr->source);
	free(tr->events);
	free(tr->warning);
	free(tr);
}

#define TRACE_FAIL(...) do { \
		char *m_ = xasprintf(__VA_ARGS__); \
		*err = xasprintf(_("%s: error: %s"), name, m_); \
		free(m_); \
		trace_free(tr); \
		return -1; \
	} while (0)

int
trace_read_mem(const char *name, const void *buf, size_t len, struct trace **out, char **err)
{
	const unsigned char *p = buf;
	struct trace *tr = NULL;
	uint64_t n, pl, vl, sl, need, off;
	uint32_t flags;
	uint16_t version, esize;
	bool unfinished;

	*out = NULL;
	*err = NULL;
	if (len < 8 || memcmp(p, trace_magic, 8) != 0)
		TRACE_FAIL(_("at byte 0: not a kitchensync trace (no KSTRACE signature)"));
	if (len < TRACE_HEADER_SIZE)
		TRACE_FAIL(_("at byte %zu: the trace is truncated inside its %d-byte header"),
		    len, TRACE_HEADER_SIZE);
	version = get16(p + 8);
	esize = get16(p + 10);
	flags = get32(p + 12);
	n = get64(p + 16);
	pl = get32(p + 32);
	vl = get32(p + 36);
	sl = get32(p + 40);
	/* a recording cut short: no count and no header checksum were written */
	unfinished = n == 0 && get32(p + 44) == 0;
	if (!unfinished && trace_crc(0, p, 44) != get32(p + 44))
		TRACE_FAIL(_("at byte 44: header checksum mismatch: the trace is corrupted"));
	if (version != TRACE_VERSION)
		TRACE_FAIL(_("at byte 8: trace format version %u is not supported (this kitchensync reads version %d)"),
		    version, TRACE_VERSION);
	if (esize != TRACE_EVENT_SIZE)
		TRACE_FAIL(_("at byte 10: event records of %u bytes (expected %d): the trace is corrupted"),
		    esize, TRACE_EVENT_SIZE);
	if (flags != 0)
		TRACE_FAIL(_("at byte 12: unknown flags 0x%x"), flags);
	if (pl > TRACE_MAX_NAME)
		TRACE_FAIL(_("at byte 32: a scenario path of %" PRIu64 " bytes: the trace is corrupted"), pl);
	if (vl > TRACE_MAX_NAME)
		TRACE_FAIL(_("at byte 36: a variant name of %" PRIu64 " bytes: the trace is corrupted"), vl);
	if (sl > TRACE_MAX_SOURCE)
		TRACE_FAIL(_("at byte 40: a scenario source of %" PRIu64 " bytes: the trace is corrupted"), sl);
	off = TRACE_HEADER_SIZE + pl + vl + sl;
	if (off > len)
		TRACE_FAIL(_("at byte %zu: the trace is truncated inside the embedded scenario (it needs %" PRIu64 " bytes)"),
		    len, off);
	if (unfinished) {
		/* every whole event; the tail of one and the missing checksum are not errors */
		n = (len - off) / TRACE_EVENT_SIZE;
		if (n > SIZE_MAX / sizeof(struct rec_event))
			TRACE_FAIL(_("at byte 16: %" PRIu64 " events: the trace is corrupted"), n);
		need = off + n * TRACE_EVENT_SIZE;
	} else {
		if (n > (UINT64_MAX - off - 4) / TRACE_EVENT_SIZE || n > SIZE_MAX / sizeof(struct rec_event))
			TRACE_FAIL(_("at byte 16: %" PRIu64 " events: the trace is corrupted"), n);
		need = off + n * TRACE_EVENT_SIZE + 4;
		if (len < need) {
			uint64_t have = len > off ? (len - off) / TRACE_EVENT_SIZE : 0;
			TRACE_FAIL(_("at byte %zu: the trace is truncated: it should hold %" PRIu64
				" events and %" PRIu64 " bytes, it holds %" PRIu64 " whole events"),
			    len, n, need, have);
		}
		if (len > need)
			TRACE_FAIL(_("at byte %" PRIu64 ": %" PRIu64 " unexpected bytes after the trace's end"),
			    need, (uint64_t)len - need);
		if (trace_crc(0, p + TRACE_HEADER_SIZE, (size_t)(need - 4 - TRACE_HEADER_SIZE)) != get32(p + need - 4))
			TRACE_FAIL(_("at byte %" PRIu64 ": checksum mismatch: the trace is corrupted"), need - 4);
	}
	if (memchr(p + TRACE_HEADER_SIZE, '\0', (size_t)(pl + vl)) != NULL)
		TRACE_FAIL(_("at byte %d: a NUL byte in the scenario path or variant name"), TRACE_HEADER_SIZE);

	tr = xcalloc(1, sizeof *tr);
	tr->path = xstrndup((const char *)p + TRACE_HEADER_SIZE, (size_t)pl);
	tr->variant = xstrndup((const char *)p + TRACE_HEADER_SIZE + pl, (size_t)vl);
	tr->source = xmalloc((size_t)sl + 1);
	memcpy(tr->source, p + TRACE_HEADER_SIZE + pl + vl, (size_t)sl);
	tr->source[sl] = '\0';
	tr->source_len = (size_t)sl;
	tr->rec_dropped = get64(p + 24);
	tr->nevents = (size_t)n;
	tr->events = xcalloc(n ? (size_t)n : 1, sizeof *tr->events);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = off + i * TRACE_EVENT_SIZE;
		struct rec_event *ev = &tr->events[i];
		trace_unpack(p + at, ev);
		if (ev->kind >= REC_KIND_COUNT)
			TRACE_FAIL(_("at byte %" PRIu64 ": event %" PRIu64 " has an unknown kind %u"), at + 26, i, ev->kind);
		if (ev->kind == REC_STATE && ev->state >= REC_ST_COUNT)
			TRACE_FAIL(_("at byte %" PRIu64 ": event %" PRIu64 " has an unknown state %u"), at + 27, i, ev->state);
		if (i > 0 && ev->t_ns < tr->events[i - 1].t_ns)
			TRACE_FAIL(_("at byte %" PRIu64 ": event %" PRIu64 " goes back in time"), at, i);
	}
	if (unfinished)
		tr->warning = xasprintf(_("%s: warning: at byte 16: the recording did not finish "
			"(the run was killed or crashed); replaying its %" PRIu64 " whole events, unchecked"),
		    name, n);
	*out = tr;
	return 0;
}

/*
 * How many bytes of a trace to read at most, from its header H (LEN bytes
 * of it): a finished trace's own size (plus one, to see trailing bytes), or
 * for an unfinished one the largest a recording can be.
 */
static uint64_t
trace_read_cap(const unsigned char *h, size_t len)
{
	uint64_t most = TRACE_HEADER_SIZE + 2 * TRACE_MAX_NAME + TRACE_MAX_SOURCE + 4 +
	    (uint64_t)TRACE_EVENT_SIZE * ((uint64_t)1 << 28);
	uint64_t n, off;

	if (len < TRACE_HEADER_SIZE || memcmp(h, trace_magic, 8) != 0 || get32(h + 44) == 0)
		return len;  /* trace_read_mem says what is wrong, or reads an unfinished one */
	if (trace_crc(0, h, 44) != get32(h + 44))
		return len;
	n = get64(h + 16);
	off = TRACE_HEADER_SIZE + (uint64_t)get32(h + 32) + get32(h + 36) + get32(h + 40);
	if (n > (most - off) / TRACE_EVENT_SIZE)
		return len;
	return off + n * TRACE_EVENT_SIZE + 4 + 1;
}

int
trace_read(const char *file, struct trace **out, char **err)
{
	FILE *f;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	uint64_t limit = TRACE_HEADER_SIZE + 2 * TRACE_MAX_NAME + TRACE_MAX_SOURCE + 4 +
	    (uint64_t)TRACE_EVENT_SIZE * ((uint64_t)1 << 28);
	struct stat st;
	int rc;

	*out = NULL;
	*err = NULL;
	f = fopen(file, "rb");
	if (f == NULL) {
		*err = trace_errno(file, _("cannot open the trace"));
		return -1;
	}
	/* the header first: its magic and sizes say how much more to read */
	buf = xgrow(buf, &cap, TRACE_HEADER_SIZE, 1);
	len = fread(buf, 1, TRACE_HEADER_SIZE, f);
	if (!ferror(f) && len == TRACE_HEADER_SIZE) {
		uint64_t want = trace_read_cap(buf, len);
		if (want == len && get32(buf + 44) == 0 && memcmp(buf, trace_magic, 8) == 0)
			want = limit;  /* unfinished: as much as there is */
		/* a regular file's own size: no buffer grown past it, trailing bytes counted */
		if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= len &&
		    ((uint64_t)st.st_size < want || (uint64_t)st.st_size - want < ((uint64_t)1 << 20)))
			want = (uint64_t)st.st_size + 1;
		while ((uint64_t)len < want) {
			size_t got, chunk;
			if (len == cap)
				buf = xgrow(buf, &cap, len + 65536 < want ? len + 65536 : (size_t)want, 1);
			chunk = cap - len;
			if ((uint64_t)chunk > want - len)
				chunk = (size_t)(want - len);
			got = fread(buf + len, 1, chunk, f);
			len += got;
			if (got == 0)
				break;
		}
		if (len >= limit && !ferror(f)) {
			fclose(f);
			free(buf);
			*err = xasprintf(_("%s: error: the file is too large to be a trace"), file);
			return -1;
		}
	}
	if (ferror(f)) {
		*err = trace_errno(file, _("reading the trace"));
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	rc = trace_read_mem(file, buf, len, out, err);
	free(buf);
	return rc;
}
