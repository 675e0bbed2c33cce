/* prog.c: freeing, looking up and naming the parts of a compiled scenario. */
#include "config.h"

#include "prog.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

static void
prog_text_done(struct prog_text *t)
{
	free(t->text);
	for (size_t i = 0; i < t->ntr; i++) {
		free(t->tr[i].lang);
		free(t->tr[i].text);
	}
	free(t->tr);
}

void
prog_text_copy(struct prog_text *dst, const struct prog_text *src)
{
	dst->text = src->text ? xstrdup(src->text) : NULL;
	dst->tr = src->ntr ? xcalloc(src->ntr, sizeof *dst->tr) : NULL;
	dst->ntr = src->ntr;
	for (size_t i = 0; i < src->ntr; i++) {
		dst->tr[i].lang = xstrdup(src->tr[i].lang);
		dst->tr[i].text = xstrdup(src->tr[i].text);
	}
}

static void
prog_variant_done(struct prog_variant *v)
{
	free(v->name);
	prog_text_done(&v->title);
	for (size_t i = 0; i < v->ndecls; i++)
		free(v->decls[i].name);
	free(v->decls);
	for (size_t i = 0; i < v->nregions; i++)
		free(v->regions[i]);
	free(v->regions);
	for (size_t i = 0; i < v->nactors; i++) {
		struct prog_actor *a = &v->actors[i];
		free(a->name);
		if (a->shared)
			continue;
		free(a->ops);
		for (size_t j = 0; j < a->nlocals; j++)
			free(a->locals[j]);
		free(a->locals);
	}
	free(v->actors);
	for (size_t i = 0; i < v->nfamilies; i++)
		free(v->families[i].name);
	free(v->families);
	free(v->exprs);
	free(v->expects);
	free(v->schedule);
	if (v->challenge) {
		prog_text_done(&v->challenge->title);
		prog_text_done(&v->challenge->hint);
		prog_text_done(&v->challenge->explain);
		free(v->challenge);
	}
	for (size_t i = 0; i < v->nquestions; i++) {
		struct prog_question *q = &v->questions[i];
		prog_text_done(&q->text);
		prog_text_done(&q->explain);
		for (size_t j = 0; j < q->nchoices; j++)
			prog_text_done(&q->choices[j].text);
		free(q->choices);
	}
	free(v->questions);
}

void
prog_free(struct prog *prog)
{
	if (prog == NULL)
		return;
	free(prog->path);
	free(prog->source);
	free(prog->name);
	prog_text_done(&prog->title);
	prog_text_done(&prog->summary);
	free(prog->tutorial);
	for (size_t i = 0; i < prog->ntexts; i++)
		prog_text_done(&prog->texts[i]);
	free(prog->texts);
	for (size_t i = 0; i < prog->nvariants; i++)
		prog_variant_done(&prog->variants[i]);
	free(prog->variants);
	free(prog);
}

const struct prog_variant *
prog_variant_find(const struct prog *prog, const char *name)
{
	if (prog == NULL || prog->nvariants == 0)
		return NULL;
	if (name == NULL)
		return &prog->variants[0];
	for (size_t i = 0; i < prog->nvariants; i++)
		if (strcmp(prog->variants[i].name, name) == 0)
			return &prog->variants[i];
	return NULL;
}

/* Length of the language_TERRITORY part of a locale name ("zh_TW.UTF-8@x" -> 5). */
static size_t
prog_lang_len(const char *lang)
{
	return strcspn(lang, ".@:");
}

const char *
prog_text_get(const struct prog_text *text, const char *lang)
{
	size_t n, ln;

	if (text == NULL)
		return NULL;
	if (lang != NULL && *lang != '\0') {
		n = prog_lang_len(lang);
		ln = strcspn(lang, "_.@:");
		/* the exact language and territory first */
		for (size_t i = 0; i < text->ntr; i++)
			if (strlen(text->tr[i].lang) == n && strncmp(text->tr[i].lang, lang, n) == 0)
				return text->tr[i].text;
		/* then the language alone: "zh" for zh_TW */
		for (size_t i = 0; i < text->ntr; i++)
			if (strlen(text->tr[i].lang) == ln && strncmp(text->tr[i].lang, lang, ln) == 0)
				return text->tr[i].text;
		/* then another territory of the language: zh_TW for "zh" */
		for (size_t i = 0; i < text->ntr; i++)
			if (strncmp(text->tr[i].lang, lang, ln) == 0
			    && (text->tr[i].lang[ln] == '\0' || text->tr[i].lang[ln] == '_'))
				return text->tr[i].text;
	}
	if (text->text == NULL && text->ntr > 0)
		return text->tr[0].text;
	return text->text;
}

const char *
prog_lang(void)
{
	static char buf[64];
	const char *l = getenv("LANGUAGE");
	const char *cur;

	/* LANGUAGE counts only when a locale other than C is set, as in gettext */
	cur = setlocale(LC_MESSAGES, NULL);
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
		const char *e = getenv("LC_ALL");
		if (e == NULL || *e == '\0')
			e = getenv("LC_MESSAGES");
		if (e == NULL || *e == '\0')
			e = getenv("LANG");
		cur = e;
	}
	if (cur == NULL || *cur == '\0' || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		return "C";
	/* glibc's gettext honours LANGUAGE under C.UTF-8 too; so must the scenario texts */
	if (l != NULL && *l != '\0')
		cur = l;
	else if (strncmp(cur, "C.", 2) == 0)
		return "C";
	snprintf(buf, sizeof buf, "%.*s", (int)strcspn(cur, ":"), cur);
	return buf;
}

const char *
prog_opcode_name(enum prog_opcode code)
{
	static const char *const names[PROG_OP_COUNT] = {
		[PROG_OP_WORK] = "work", [PROG_OP_SLEEP] = "sleep", [PROG_OP_IO] = "io",
		[PROG_OP_AWAIT] = "await", [PROG_OP_OFFLOAD_WORK] = "offload work",
		[PROG_OP_OFFLOAD_SLEEP] = "offload sleep", [PROG_OP_LOCK] = "lock",
		[PROG_OP_UNLOCK] = "unlock", [PROG_OP_TRYLOCK] = "trylock",
		[PROG_OP_ACQUIRE] = "acquire", [PROG_OP_RELEASE] = "release",
		[PROG_OP_READ_LOCK] = "read_lock", [PROG_OP_WRITE_LOCK] = "write_lock",
		[PROG_OP_PUSH] = "push", [PROG_OP_POP] = "pop", [PROG_OP_LOAD] = "load",
		[PROG_OP_STORE] = "store", [PROG_OP_ATOMIC_ADD] = "atomic add",
		[PROG_OP_SET] = "set", [PROG_OP_BRANCH] = "branch", [PROG_OP_JUMP] = "jump",
		[PROG_OP_SPAWN] = "spawn", [PROG_OP_JOIN] = "join", [PROG_OP_SAY] = "say",
		[PROG_OP_MARK_BEGIN] = "mark begin", [PROG_OP_MARK_END] = "mark end",
		[PROG_OP_ASSERT] = "assert", [PROG_OP_ENTER] = "enter", [PROG_OP_LEAVE] = "leave",
		[PROG_OP_CALL] = "call", [PROG_OP_REPLY] = "reply", [PROG_OP_FAIL] = "fail",
		[PROG_OP_TX_BEGIN] = "begin", [PROG_OP_TX_COMMIT] = "commit",
		[PROG_OP_END] = "end",
	};
	if ((unsigned)code >= PROG_OP_COUNT)
		return "?";
	return names[code];
}

const char *
prog_actor_kind_name(enum prog_actor_kind kind)
{
	switch (kind) {
	case PROG_THREAD: return "thread";
	case PROG_PROCESS: return "process";
	case PROG_LOOP: return "loop";
	case PROG_TASK: return "task";
	}
	return "?";
}

const char *
prog_decl_kind_name(enum prog_decl_kind kind)
{
	switch (kind) {
	case PROG_VAR: return "var";
	case PROG_SHM: return "shm";
	case PROG_MUTEX: return "mutex";
	case PROG_SEMAPHORE: return "semaphore";
	case PROG_RWLOCK: return "rwlock";
	case PROG_QUEUE: return "queue";
	}
	return "?";
}

char *
prog_source_line(const struct prog *prog, int line)
{
	const char *p = prog->source, *end;
	if (p == NULL || line < 1)
		return NULL;
	for (int l = 1; l < line; l++) {
		p = memchr(p, '\n', prog->source_len - (size_t)(p - prog->source));
		if (p == NULL)
			return NULL;
		p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	end = p;
	/* Up to the line's end or its comment: a '#' outside a string. */
	for (bool quoted = false; end < prog->source + prog->source_len && *end != '\n' &&
	    *end != '\r' && (quoted || *end != '#'); end++) {
		if (*end == '"')
			quoted = !quoted;
		else if (*end == '\\' && quoted && end + 1 < prog->source + prog->source_len)
			end++;
	}
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(p, (size_t)(end - p));
}
