/* progress.c: the learner's progress file: read, merged, written atomically. */
#include "config.h"

#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "xalloc.h"

#define PROGRESS_MAGIC "kitchensync-progress 1"
#define PROGRESS_MAX_BYTES (4u << 20)  /* larger than any learner's: damaged */
#define PROGRESS_MAX_STEPS 1000000000u

enum progress_kind {
	PK_SEEN,
	PK_ANSWER,
	PK_SOLVED,
};

struct progress_fact {
	enum progress_kind kind;
	char *scenario;
	char *variant;      /* NULL for PK_SEEN */
	size_t question;    /* PK_ANSWER */
	bool right;         /* PK_ANSWER */
	unsigned steps;     /* PK_SOLVED: the fewest taken */
	unsigned fewest;    /* PK_SOLVED: the fewest possible, 0 unknown */
};

struct progress {
	char *path;
	struct progress_fact *facts;
	size_t nfacts, afacts;
	size_t *slots;      /* the facts by key: index + 1, 0 empty (open addressing), so a
	                       file of many facts is read and saved in linear time */
	size_t nslots;      /* a power of two, more than twice nfacts; 0: none yet */
	bool damaged;       /* the file on disk is damaged: set it aside before writing */
};

char *
progress_default_path(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	/* The XDG base directory spec: a relative XDG_STATE_HOME is to be ignored. */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/kitchensync/progress", xdg);
	if (home && home[0] == '/')
		return xasprintf("%s/.local/state/kitchensync/progress", home);
	return NULL;
}

struct progress *
progress_new(const char *path)
{
	struct progress *p = xcalloc(1, sizeof *p);

	p->path = path ? xstrdup(path) : NULL;
	return p;
}

static void
progress_clear(struct progress *p)
{
	for (size_t i = 0; i < p->nfacts; i++) {
		free(p->facts[i].scenario);
		free(p->facts[i].variant);
	}
	p->nfacts = 0;
	free(p->slots);
	p->slots = NULL;
	p->nslots = 0;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	progress_clear(p);
	free(p->facts);
	free(p->path);
	free(p);
}

const char *
progress_path(const struct progress *p)
{
	return p->path;
}

/* ---- facts ---------------------------------------------------------------- */

static bool
progress_same(const struct progress_fact *f, enum progress_kind kind, const char *scenario,
    const char *variant, size_t question)
{
	if (f->kind != kind || strcmp(f->scenario, scenario) != 0)
		return false;
	if (kind == PK_SEEN)
		return true;
	if (strcmp(f->variant, variant) != 0)
		return false;
	return kind != PK_ANSWER || f->question == question;
}

static unsigned long progress_nprobes;  /* progress_probes() */

unsigned long
progress_probes(void)
{
	return progress_nprobes;
}

/* The hash of a fact's key (FNV-1a over kind, scenario, variant, question). */
static size_t
progress_hash(enum progress_kind kind, const char *scenario, const char *variant, size_t question)
{
	size_t h = 2166136261u ^ (size_t)kind;
	for (const char *c = scenario; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	if (kind != PK_SEEN)
		for (const char *c = variant ? variant : ""; *c; c++)
			h = (h ^ (unsigned char)*c) * 16777619u;
	if (kind == PK_ANSWER)
		h = (h ^ question) * 16777619u;
	return h;
}

/* The slot of fact I's key: where it is, or the empty one it would take. */
static size_t
progress_slot(const struct progress *p, enum progress_kind kind, const char *scenario, const char *variant,
    size_t question)
{
	size_t i = progress_hash(kind, scenario, variant, question) & (p->nslots - 1);

	while (p->slots[i] != 0) {
		progress_nprobes++;
		if (progress_same(&p->facts[p->slots[i] - 1], kind, scenario, variant, question))
			break;
		i = (i + 1) & (p->nslots - 1);
	}
	return i;
}

/* Puts fact I in the index, growing it to stay under half full. */
static void
progress_index(struct progress *p, size_t i)
{
	const struct progress_fact *f;

	if ((p->nfacts + 1) * 2 > p->nslots) {
		free(p->slots);
		p->nslots = p->nslots ? p->nslots * 2 : 64;
		while (p->nslots < (p->nfacts + 1) * 2)
			p->nslots *= 2;
		p->slots = xcalloc(p->nslots, sizeof *p->slots);
		for (size_t k = 0; k < p->nfacts; k++) {
			f = &p->facts[k];
			p->slots[progress_slot(p, f->kind, f->scenario, f->variant, f->question)] = k + 1;
		}
	}
	f = &p->facts[i];
	p->slots[progress_slot(p, f->kind, f->scenario, f->variant, f->question)] = i + 1;
}

static struct progress_fact *
progress_find(const struct progress *p, enum progress_kind kind, const char *scenario, const char *variant,
    size_t question)
{
	size_t i;

	if (p->nslots == 0)
		return NULL;
	i = progress_slot(p, kind, scenario, variant, question);
	return p->slots[i] ? &p->facts[p->slots[i] - 1] : NULL;
}

/* The fact of that kind and key, added (not yet true of anything) when new. */
static struct progress_fact *
progress_get(struct progress *p, enum progress_kind kind, const char *scenario, const char *variant,
    size_t question, bool *added)
{
	struct progress_fact *f = progress_find(p, kind, scenario, variant, question);

	*added = f == NULL;
	if (f)
		return f;
	p->facts = xgrow(p->facts, &p->afacts, p->nfacts + 1, sizeof *p->facts);
	f = &p->facts[p->nfacts++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->scenario = xstrdup(scenario);
	f->variant = kind == PK_SEEN ? NULL : xstrdup(variant ? variant : "");
	f->question = question;
	progress_index(p, p->nfacts - 1);
	return &p->facts[p->nfacts - 1];
}

bool
progress_set_seen(struct progress *p, const char *scenario)
{
	bool added;

	progress_get(p, PK_SEEN, scenario, NULL, 0, &added);
	return added;
}

bool
progress_set_answer(struct progress *p, const char *scenario, const char *variant, size_t question, bool right)
{
	bool added;
	struct progress_fact *f = progress_get(p, PK_ANSWER, scenario, variant ? variant : "", question, &added);

	if (right && !f->right) {
		f->right = true;
		return true;
	}
	return added;
}

bool
progress_set_solved(struct progress *p, const char *scenario, const char *variant, unsigned steps,
    unsigned fewest)
{
	bool added, changed;
	struct progress_fact *f = progress_get(p, PK_SOLVED, scenario, variant ? variant : "", 0, &added);

	changed = added;
	if (added || (steps > 0 && steps < f->steps)) {
		f->steps = steps;
		changed = true;
	}
	if (fewest > 0 && fewest != f->fewest) {
		f->fewest = fewest;
		changed = true;
	}
	return changed;
}

bool
progress_seen(const struct progress *p, const char *scenario)
{
	return progress_find(p, PK_SEEN, scenario, NULL, 0) != NULL;
}

int
progress_answer(const struct progress *p, const char *scenario, const char *variant, size_t question)
{
	const struct progress_fact *f = progress_find(p, PK_ANSWER, scenario, variant ? variant : "", question);

	return f == NULL ? -1 : f->right ? 1 : 0;
}

bool
progress_solved(const struct progress *p, const char *scenario, const char *variant, unsigned *steps,
    unsigned *fewest)
{
	const struct progress_fact *f = progress_find(p, PK_SOLVED, scenario, variant ? variant : "", 0);

	if (f == NULL)
		return false;
	if (steps)
		*steps = f->steps;
	if (fewest)
		*fewest = f->fewest;
	return true;
}

/* Adds F's truth to P (the better of the two). */
static void
progress_merge_fact(struct progress *p, const struct progress_fact *f)
{
	switch (f->kind) {
	case PK_SEEN:
		progress_set_seen(p, f->scenario);
		break;
	case PK_ANSWER:
		progress_set_answer(p, f->scenario, f->variant, f->question, f->right);
		break;
	case PK_SOLVED: {
		unsigned ours = 0;
		/* The fewest possible is the challenge's; ours, when known, is as new as theirs. */
		progress_solved(p, f->scenario, f->variant, NULL, &ours);
		progress_set_solved(p, f->scenario, f->variant, f->steps, ours ? 0 : f->fewest);
		break;
	}
	}
}

/* ---- the file's text -------------------------------------------------------- */

/* Writes NAME with bytes up to space, '%' and DEL as %XX. */
static void
progress_put_name(FILE *f, const char *name)
{
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		if (*c <= ' ' || *c == '%' || *c == 0x7f)
			fprintf(f, "%%%02X", *c);
		else
			fputc(*c, f);
	}
}

static int
progress_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes a written name in place; false when it is not one. */
static bool
progress_get_name(char *s)
{
	char *out = s;

	if (*s == '\0')
		return false;
	for (char *c = s; *c; c++) {
		if (*c == '%') {
			int hi = progress_hex((unsigned char)c[1]), lo = hi < 0 ? -1 : progress_hex((unsigned char)c[2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return false;
			*out++ = (char)(hi * 16 + lo);
			c += 2;
		} else {
			*out++ = *c;
		}
	}
	*out = '\0';
	return true;
}

/* A whole decimal number from 0 to MAX; false when S is not one. */
static bool
progress_get_number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

/* Splits LINE at spaces and tabs into at most MAX words; returns how many (MAX + 1: too many). */
static size_t
progress_words(char *line, char **w, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return max + 1;
		w[n++] = t;
	}
	return n;
}

/* One line of facts into P; false when it is not one. */
static bool
progress_parse_line(struct progress *p, char *line)
{
	char *w[6];
	size_t n = progress_words(line, w, 6);
	unsigned long a, b;
	struct progress_fact f;

	if (n == 0)
		return true;
	memset(&f, 0, sizeof f);
	if (strcmp(w[0], "seen") == 0 && n == 2 && progress_get_name(w[1])) {
		f.kind = PK_SEEN;
	} else if (strcmp(w[0], "answer") == 0 && n == 5 && progress_get_name(w[1]) && progress_get_name(w[2]) &&
	    progress_get_number(w[3], 100000, &a) && (strcmp(w[4], "right") == 0 || strcmp(w[4], "wrong") == 0)) {
		f.kind = PK_ANSWER;
		f.question = a;
		f.right = strcmp(w[4], "right") == 0;
	} else if (strcmp(w[0], "solved") == 0 && n == 5 && progress_get_name(w[1]) && progress_get_name(w[2]) &&
	    progress_get_number(w[3], PROGRESS_MAX_STEPS, &a) && a > 0 &&
	    progress_get_number(w[4], PROGRESS_MAX_STEPS, &b)) {
		f.kind = PK_SOLVED;
		f.steps = (unsigned)a;
		f.fewest = (unsigned)b;
	} else {
		return false;
	}
	f.scenario = w[1];
	f.variant = f.kind == PK_SEEN ? NULL : w[2];
	progress_merge_fact(p, &f);
	return true;
}

/* The facts of TEXT (LEN bytes) into P; 0, or the 1-based number of the first bad line. */
static size_t
progress_parse(struct progress *p, char *text, size_t len)
{
	size_t lineno = 0;
	bool magic = false;
	char *line = text, *end = text + len;

	if (len == 0)
		return 0;  /* nothing written yet */
	if (memchr(text, '\0', len) != NULL)
		return 1;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		char *stop = nl ? nl : end;
		lineno++;
		*stop = '\0';
		if (stop > line && stop[-1] == '\r')
			stop[-1] = '\0';
		if (line[0] != '#') {
			if (!magic) {
				if (strcmp(line, PROGRESS_MAGIC) != 0)
					return lineno;
				magic = true;
			} else if (!progress_parse_line(p, line)) {
				return lineno;
			}
		}
		line = stop + 1;
	}
	return magic ? 0 : lineno + 1;
}

/* Reads PATH whole into *TEXT; 0, 1 when it does not exist, -1 with errno set. */
static int
progress_read(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 4096, got;
	char *buf;
	int saved;

	*text = NULL;
	*len = 0;
	if (f == NULL)
		return errno == ENOENT ? 1 : -1;
	buf = xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > PROGRESS_MAX_BYTES)
			break;
		if (n == cap)
			buf = xrealloc(buf, (cap *= 2) + 1);
	}
	saved = errno;
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = saved ? saved : EIO;
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int
progress_load(struct progress *p, char **warn)
{
	char *text;
	size_t len, bad;
	int r;

	*warn = NULL;
	progress_clear(p);
	p->damaged = false;
	if (p->path == NULL)
		return 0;
	r = progress_read(p->path, &text, &len);
	if (r == 1)
		return 0;
	if (r < 0) {
		*warn = xasprintf(_("cannot read the progress file %s: %s; starting without it"), p->path,
		    strerror(errno));
		return -1;
	}
	bad = len > PROGRESS_MAX_BYTES ? 1 : progress_parse(p, text, len);
	free(text);
	if (bad == 0)
		return 0;
	progress_clear(p);
	p->damaged = true;
	*warn = xasprintf(_("%s:%zu: the progress file is damaged; it is ignored (kept as %s.damaged once "
	    "progress is saved)"), p->path, bad, p->path);
	return -1;
}

/* ---- writing ---------------------------------------------------------------- */

/* Makes the directories of PATH's parent as mkdir -p does; 0, or -1 with errno set. */
static int
progress_mkdirs(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int r = 0;

	if (slash == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *c = dir + 1; ; c++) {
		if (*c != '/' && *c != '\0')
			continue;
		char keep = *c;
		*c = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			r = -1;
			break;
		}
		*c = keep;
		if (keep == '\0')
			break;
	}
	free(dir);
	return r;
}

static void
progress_write_facts(const struct progress *p, FILE *f)
{
	fputs("# kitchensync: lessons seen, questions answered, challenges solved.\n"
	    "# Written by kitchensync; kitchensync --no-progress neither reads nor writes it.\n", f);
	fputs(PROGRESS_MAGIC "\n", f);
	for (size_t i = 0; i < p->nfacts; i++) {
		const struct progress_fact *x = &p->facts[i];
		static const char *const words[] = { "seen", "answer", "solved" };
		fputs(words[x->kind], f);
		fputc(' ', f);
		progress_put_name(f, x->scenario);
		if (x->kind != PK_SEEN) {
			fputc(' ', f);
			progress_put_name(f, x->variant);
		}
		if (x->kind == PK_ANSWER)
			fprintf(f, " %zu %s", x->question, x->right ? "right" : "wrong");
		else if (x->kind == PK_SOLVED)
			fprintf(f, " %u %u", x->steps, x->fewest);
		fputc('\n', f);
	}
}

/* What the file holds now, merged into P (unless it is damaged: then set aside). */
static void
progress_merge_file(struct progress *p)
{
	struct progress *disk;
	char *warn = NULL;

	if (p->damaged)
		return;
	disk = progress_new(p->path);
	if (progress_load(disk, &warn) == 0) {
		for (size_t i = 0; i < disk->nfacts; i++)
			progress_merge_fact(p, &disk->facts[i]);
	} else if (disk->damaged) {
		p->damaged = true;
	}
	free(warn);
	progress_free(disk);
}

/* Writes P into a new file beside PATH, then renames it over PATH. */
static int
progress_write(struct progress *p, char **err)
{
	char *tmp = xasprintf("%s.XXXXXX", p->path);
	int fd = mkstemp(tmp), saved;
	FILE *f;

	if (fd < 0) {
		*err = xasprintf(_("cannot save progress: creating %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	progress_write_facts(p, f);
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
		saved = errno ? errno : EIO;
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, p->path) != 0) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	*err = xasprintf(_("cannot save progress: writing %s: %s"), tmp, strerror(saved));
	if (unlink(tmp) != 0 && errno != ENOENT)
		fprintf(stderr, "kitchensync: warning: cannot remove %s: %s\n", tmp, strerror(errno));
	free(tmp);
	return -1;
}

int
progress_save(struct progress *p, char **err)
{
	*err = NULL;
	if (p->path == NULL)
		return 0;
	if (progress_mkdirs(p->path) != 0) {
		*err = xasprintf(_("cannot save progress: making the directory of %s: %s"), p->path, strerror(errno));
		return -1;
	}
	progress_merge_file(p);
	if (p->damaged) {
		/* The damaged file is kept for whoever wants to look at it, not overwritten. */
		char *aside = xasprintf("%s.damaged", p->path);
		int r = rename(p->path, aside);
		if (r != 0 && errno != ENOENT) {
			*err = xasprintf(_("cannot save progress: moving the damaged %s aside: %s"), p->path,
			    strerror(errno));
			free(aside);
			return -1;
		}
		free(aside);
		p->damaged = false;
	}
	return progress_write(p, err);
}
