/* scn-parse.c: recursive-descent parser for scenario files, with panic-mode recovery. */
#include "config.h"

#include "scn-parse.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

struct parser {
	struct scn_file *f;
	const struct scn_tok *t;
	size_t n, i;
	const char *buf;
	struct diag *d;
	bool panic;    /* an error in this statement was reported; report no more */
	int depth;     /* nested blocks */
	int edepth;    /* nested expressions */
};

/* Words a declaration or a local cannot take as its name, because the name
 * would then read as something else: a statement or an actor where a line
 * starts (`work = 1`), `else` after a block, a value (`true`, `len(q)`), or
 * an expectation (`expect deadlock`, `expect elapsed < 1s`, `expect can lose`).  Other keywords
 * (scenario, title, var, mutex, variant, ...) only start top-level lines,
 * where a name never stands, so they are fine names; so is any word after
 * `scenario` and `variant`. */
static const char *const scn_keywords[] = {
	"work", "sleep", "io", "await", "offload", "lock", "unlock", "trylock",
	"acquire", "release", "read_lock", "write_lock", "push", "pop", "call", "reply",
	"let", "atomic", "spawn", "join", "say", "mark", "repeat", "if", "while", "break",
	"continue", "assert", "critical", "fail", "transaction", "thread", "process", "loop",
	"task", "idle", "else",
	"true", "false", "len", "me", "deadlock", "elapsed", "stall", "livelock", "lose", "can",
};

/* Statement keywords, for "did you mean" on an unknown statement. */
static const char *const scn_stmt_words[] = {
	"work", "sleep", "io", "await", "offload", "lock", "unlock", "trylock",
	"acquire", "release", "read_lock", "write_lock", "push", "pop", "call", "reply",
	"let", "atomic", "spawn", "join", "say", "mark", "repeat", "if", "while", "break",
	"continue", "assert", "critical", "fail", "transaction",
};

/* Words that start top-level lines only, for the error when one is found
 * inside an actor's block. */
static const char *const scn_top_words[] = {
	"expect", "always", "schedule", "option", "variant", "var", "shm", "mutex", "semaphore",
	"rwlock", "queue", "scenario", "title", "summary", "tutorial", "challenge", "question",
};

#define N_ELEMS(a) (sizeof (a) / sizeof (a)[0])

bool
scn_parse_is_keyword(const char *word, size_t len)
{
	for (size_t i = 0; i < N_ELEMS(scn_keywords); i++)
		if (strlen(scn_keywords[i]) == len && memcmp(scn_keywords[i], word, len) == 0)
			return true;
	return false;
}

static void *
parser_alloc(struct parser *p, size_t size)
{
	struct scn_file *f = p->f;
	void *m = xcalloc(1, size);
	f->allocs = xgrow(f->allocs, &f->aallocs, f->nallocs + 1, sizeof *f->allocs);
	f->allocs[f->nallocs++] = m;
	return m;
}

static char *
parser_strndup(struct parser *p, const char *s, size_t n)
{
	char *m = parser_alloc(p, n + 1);
	memcpy(m, s, n);
	return m;
}

static const struct scn_tok *
peek(const struct parser *p)
{
	return &p->t[p->i];
}

static const struct scn_tok *
peek_at(const struct parser *p, size_t k)
{
	return &p->t[p->i + k < p->n ? p->i + k : p->n - 1];
}

static const struct scn_tok *
advance(struct parser *p)
{
	const struct scn_tok *t = &p->t[p->i];
	if (t->kind != SCN_T_EOF)
		p->i++;
	return t;
}

static bool
tok_is(const struct parser *p, const struct scn_tok *t, const char *word)
{
	return t->kind == SCN_T_IDENT && strlen(word) == t->len
	    && memcmp(p->buf + t->off, word, t->len) == 0;
}

static bool
tok_punct(const struct scn_tok *t, int c)
{
	return t->kind == SCN_T_PUNCT && t->punct == c;
}

static bool
tok_ends(const struct scn_tok *t)
{
	return t->kind == SCN_T_NEWLINE || t->kind == SCN_T_EOF || tok_punct(t, '}');
}

/* Notes a syntax error at byte OFF, so the name check can tell what the
 * statements it skipped may have declared. */
static void
parser_note_bad(struct parser *p, size_t off)
{
	p->f->bad = xgrow(p->f->bad, &p->f->abad, p->f->nbad + 1, sizeof *p->f->bad);
	p->f->bad[p->f->nbad++] = off;
}

static void
perror_at(struct parser *p, const struct scn_tok *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports an error at token T unless this statement already has one. */
static void
perror_at(struct parser *p, const struct scn_tok *t, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (p->panic)
		return;
	p->panic = true;
	parser_note_bad(p, t->off);
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(p->d, t->off, t->len ? t->len : 1, "%s", msg);
	free(msg);
}

/* "expected WHAT, found ..." at the current token. */
static void
expected(struct parser *p, const char *what)
{
	char *found = scn_lex_describe(peek(p), p->buf);
	perror_at(p, peek(p), _("expected %s, found %s"), what, found);
	free(found);
}

/* Skips a block from its '{' to the matching '}', without recursion. */
static void
skip_block(struct parser *p)
{
	int level = 0;

	do {
		const struct scn_tok *t = advance(p);
		if (t->kind == SCN_T_EOF)
			return;
		if (tok_punct(t, '{'))
			level++;
		else if (tok_punct(t, '}'))
			level--;
	} while (level > 0);
}

/* Panic-mode recovery: skips to the end of the statement (a new line, ';' or
 * the '}' closing the block, which is left for the block). */
static void
sync_stmt(struct parser *p)
{
	for (;;) {
		const struct scn_tok *t = peek(p);
		if (t->kind == SCN_T_EOF || tok_punct(t, '}'))
			break;
		if (t->kind == SCN_T_NEWLINE) {
			advance(p);
			if (tok_punct(peek(p), '@'))
				continue;  /* a translation line belongs to the failed statement */
			break;
		}
		if (tok_punct(t, '{')) {
			skip_block(p);
			continue;
		}
		advance(p);
	}
	p->panic = false;
}

/* A line that starts with '@' where no text precedes it: reports it and
 * returns true (the caller skips the line). */
static bool
stray_translation(struct parser *p)
{
	const struct scn_tok *at = peek(p), *lang = peek_at(p, 1);
	size_t len = 1;

	if (!tok_punct(at, '@'))
		return false;
	if (!p->panic) {
		if (lang->kind == SCN_T_IDENT && lang->off == at->off + 1)
			len += lang->len;
		parser_note_bad(p, at->off);
		diag_error(p->d, at->off, len, "%s",
		    _("a translation line continues a text, but the line before has none"));
		diag_hint(p->d, "%s", _("write it on the line right after the text it translates (say, mark, assert, title, summary or a variant's title)"));
		p->panic = true;
	}
	return true;
}

/* Ends a statement: a new line or ';', or the block's '}' left in place. */
static void
end_stmt(struct parser *p)
{
	const struct scn_tok *t = peek(p);

	if (t->kind == SCN_T_NEWLINE) {
		advance(p);
	} else if (p->i > 0 && tok_punct(&p->t[p->i - 1], '}')) {
		/* a statement that ends with a block may be followed on the same line */
	} else if (t->kind != SCN_T_EOF && !tok_punct(t, '}') && !p->panic) {
		char *found = scn_lex_describe(t, p->buf);
		perror_at(p, t, _("unexpected %s after the statement"), found);
		free(found);
		diag_hint(p->d, "%s", _("put one statement on a line, or separate them with ';'"));
	}
	if (p->panic)
		sync_stmt(p);
}

static void
skip_newlines(struct parser *p)
{
	while (peek(p)->kind == SCN_T_NEWLINE)
		advance(p);
}

static bool
parse_ident(struct parser *p, struct scn_name *name, const char *what)
{
	const struct scn_tok *t = peek(p);

	if (t->kind != SCN_T_IDENT) {
		expected(p, what);
		return false;
	}
	advance(p);
	name->str = parser_strndup(p, p->buf + t->off, t->len);
	name->off = t->off;
	name->len = t->len;
	return true;
}

/* An actor's or a region's name: a string or an identifier. */
static bool
parse_name(struct parser *p, struct scn_name *name, const char *what)
{
	const struct scn_tok *t = peek(p);

	if (t->kind == SCN_T_STRING) {
		advance(p);
		if (t->text[0] == '\0') {
			perror_at(p, t, "%s", _("a name cannot be empty"));
			return false;
		}
		name->str = parser_strndup(p, t->text, strlen(t->text));
		name->off = t->off;
		name->len = t->len;
		return true;
	}
	return parse_ident(p, name, what);
}

/* `me` where a name is assigned or declared: an error. */
static void
me_is_read_only(struct parser *p, const struct scn_tok *t)
{
	perror_at(p, t, "%s", _("'me' is the member's number in its family: it is read-only"));
	diag_hint(p->d, "%s", _("copy it into a local of its own: let n = me"));
}

/* A declaration's or a local's name: an identifier that is not a reserved keyword. */
static bool
parse_decl_name(struct parser *p, struct scn_name *name)
{
	if (!parse_ident(p, name, _("a name")))
		return false;
	if (strcmp(name->str, "me") == 0) {
		me_is_read_only(p, &p->t[p->i - 1]);
		return false;
	}
	if (scn_parse_is_keyword(name->str, name->len)) {
		perror_at(p, &p->t[p->i - 1], _("'%s' is a keyword and cannot be a name"), name->str);
		return false;
	}
	return true;
}

int64_t
scn_parse_duration(const char *s, size_t len, const char **why)
{
	static const struct { const char *unit; int64_t ns; } units[] = {
		{ "us", 1000LL }, { "ms", 1000000LL }, { "s", 1000000000LL },
		{ "min", 60000000000LL },
	};
	int64_t whole = 0, frac = 0, scale = 1, mul = 0;
	size_t i = 0;
	int fdigits = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		whole = whole * 10 + (s[i] - '0');
		if (whole > 100000000000000LL) {
			*why = N_("a duration can be at most 10 minutes");
			return -1;
		}
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (fdigits < 9) {
				frac = frac * 10 + (s[i] - '0');
				scale *= 10;
				fdigits++;
			}
		}
	}
	if (i == len) {
		*why = N_("a duration needs a unit: us, ms, s or min (as in 20ms)");
		return -1;
	}
	for (size_t u = 0; u < N_ELEMS(units); u++)
		if (strlen(units[u].unit) == len - i && memcmp(units[u].unit, s + i, len - i) == 0)
			mul = units[u].ns;
	if (mul == 0) {
		*why = N_("unknown unit: use us, ms, s or min");
		return -1;
	}
	if (whole > PROG_MAX_DUR_NS / mul
	    || whole * mul + frac * mul / scale > PROG_MAX_DUR_NS) {
		*why = N_("a duration can be at most 10 minutes");
		return -1;
	}
	if ((whole * mul + frac * mul / scale) % 1000 != 0 || (frac * mul) % scale != 0) {
		*why = N_("a duration is counted in whole microseconds at most");
		return -1;
	}
	return whole * mul + frac * mul / scale;
}

int64_t
scn_parse_size(const char *s, size_t len, const char **why)
{
	static const struct { const char *unit; int64_t bytes; } units[] = {
		{ "", 1 }, { "KiB", 1LL << 10 }, { "MiB", 1LL << 20 }, { "GiB", 1LL << 30 },
	};
	int64_t whole = 0, mul = 0;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		whole = whole * 10 + (s[i] - '0');
		if (whole > (1LL << 40)) {
			*why = N_("a stack must be 16KiB to 1GiB");
			return -1;
		}
	}
	if (i < len && s[i] == '.') {
		*why = N_("a size is a whole number of bytes, KiB, MiB or GiB (as in 8MiB)");
		return -1;
	}
	for (size_t u = 0; u < N_ELEMS(units); u++)
		if (strlen(units[u].unit) == len - i && memcmp(units[u].unit, s + i, len - i) == 0)
			mul = units[u].bytes;
	if (mul == 0) {
		*why = N_("unknown size unit: use KiB, MiB or GiB, or a number of bytes");
		return -1;
	}
	if (whole > (1LL << 40) / mul) {
		*why = N_("a stack must be 16KiB to 1GiB");
		return -1;
	}
	return whole * mul;
}

static bool
parse_dur(struct parser *p, int64_t *ns)
{
	const struct scn_tok *t = peek(p);
	const char *why = NULL;

	if (t->kind != SCN_T_NUMBER) {
		expected(p, _("a duration such as 20ms"));
		return false;
	}
	advance(p);
	*ns = scn_parse_duration(p->buf + t->off, t->len, &why);
	if (*ns < 0) {
		perror_at(p, t, "%s", _(why));
		return false;
	}
	return true;
}

/* An integer literal (no unit, no fraction). */
static bool
parse_int(struct parser *p, const struct scn_tok *t, prog_value *v)
{
	prog_value x = 0;

	for (size_t i = 0; i < t->len; i++) {
		char c = p->buf[t->off + i];
		if (c < '0' || c > '9') {
			perror_at(p, t, "%s", _("expected a whole number here, not a duration or fraction"));
			return false;
		}
		x = x * 10 + (c - '0');
		if (x > SCN_MAX_NUMBER) {
			perror_at(p, t, _("number is too large (at most %lld)"), (long long)SCN_MAX_NUMBER);
			return false;
		}
	}
	*v = x;
	return true;
}

/* A whole number from MIN to MAX (WHAT names it when missing, RANGE when out of range). */
static bool
parse_count(struct parser *p, const char *what, prog_value min, prog_value max,
    const char *range, prog_value *v)
{
	const struct scn_tok *t = peek(p);

	if (t->kind != SCN_T_NUMBER) {
		expected(p, what);
		return false;
	}
	advance(p);
	if (!parse_int(p, t, v))
		return false;
	if (*v < min || *v > max) {
		perror_at(p, t, "%s", range);
		return false;
	}
	return true;
}

/* True at the end of a line whose next line starts with '@': a translation
 * that continues the text before it. */
static bool
at_continuation(const struct parser *p)
{
	const struct scn_tok *t = peek(p);
	return t->kind == SCN_T_NEWLINE && t->punct == '\n' && tok_punct(peek_at(p, 1), '@');
}

static int
parse_text_into(struct parser *p, struct prog_text *text)
{
	for (;;) {
		const struct scn_tok *at, *lang, *str;
		if (at_continuation(p))
			advance(p);
		if (!tok_punct(peek(p), '@'))
			break;
		at = advance(p);
		lang = peek(p);
		if (lang->kind != SCN_T_IDENT) {
			expected(p, _("a language such as zh_TW after '@'"));
			return -1;
		}
		advance(p);
		str = peek(p);
		if (str->kind != SCN_T_STRING) {
			expected(p, _("the translated text (a string)"));
			return -1;
		}
		advance(p);
		for (size_t i = 0; i < text->ntr; i++)
			if (strlen(text->tr[i].lang) == lang->len
			    && memcmp(text->tr[i].lang, p->buf + lang->off, lang->len) == 0) {
				perror_at(p, at, _("the text has two '%.*s' translations"),
				    (int)lang->len, p->buf + lang->off);
				return -1;
			}
		text->tr = xrealloc(text->tr, (text->ntr + 1) * sizeof *text->tr);
		text->tr[text->ntr].lang = xstrndup(p->buf + lang->off, lang->len);
		text->tr[text->ntr].text = xstrdup(str->text);
		text->ntr++;
	}
	return 0;
}

/* TEXT := STRING { [new line] '@' LANG STRING } */
static int
parse_text(struct parser *p)
{
	struct scn_file *f = p->f;
	struct prog_text *text;
	const struct scn_tok *t = peek(p);

	if (t->kind != SCN_T_STRING) {
		expected(p, _("a text (a string in double quotes)"));
		return -1;
	}
	advance(p);
	f->texts = xgrow(f->texts, &f->atexts, f->ntexts + 1, sizeof *f->texts);
	text = &f->texts[f->ntexts++];
	memset(text, 0, sizeof *text);
	text->text = xstrdup(t->text);
	if (parse_text_into(p, text) < 0)
		return -1;
	return (int)(f->ntexts - 1);
}

/* ---- expressions ---- */

static struct scn_expr *parse_expr(struct parser *p);

static struct scn_expr *
new_expr(struct parser *p, enum scn_expr_kind kind, size_t off, size_t len)
{
	struct scn_expr *e = parser_alloc(p, sizeof *e);
	e->kind = kind;
	e->off = off;
	e->len = len;
	return e;
}

static bool
expr_enter(struct parser *p)
{
	if (++p->edepth > SCN_MAX_EXPR_DEPTH) {
		perror_at(p, peek(p), _("expression is nested deeper than %d levels"),
		    SCN_MAX_EXPR_DEPTH);
		return false;
	}
	return true;
}

static struct scn_expr *
parse_primary(struct parser *p)
{
	const struct scn_tok *t = peek(p);
	struct scn_expr *e;

	if (t->kind == SCN_T_NUMBER) {
		e = new_expr(p, SCN_E_NUM, t->off, t->len);
		advance(p);
		if (!parse_int(p, t, &e->value))
			return NULL;
		return e;
	}
	if (tok_is(p, t, "true") || tok_is(p, t, "false")) {
		e = new_expr(p, SCN_E_NUM, t->off, t->len);
		e->value = tok_is(p, t, "true");
		advance(p);
		return e;
	}
	if (tok_is(p, t, "len") && tok_punct(peek_at(p, 1), '(')) {
		e = new_expr(p, SCN_E_LEN, t->off, t->len);
		advance(p);
		advance(p);
		if (!parse_ident(p, &e->name, _("a queue's name")))
			return NULL;
		if (!tok_punct(peek(p), ')')) {
			expected(p, "')'");
			return NULL;
		}
		e->len = peek(p)->off + 1 - e->off;
		advance(p);
		return e;
	}
	if (tok_is(p, t, "me")) {
		e = new_expr(p, SCN_E_ME, t->off, t->len);
		advance(p);
		return e;
	}
	if (t->kind == SCN_T_IDENT) {
		e = new_expr(p, SCN_E_NAME, t->off, t->len);
		parse_ident(p, &e->name, "");
		return e;
	}
	if (tok_punct(t, '(')) {
		advance(p);
		if (!expr_enter(p))
			return NULL;
		e = parse_expr(p);
		p->edepth--;
		if (e == NULL)
			return NULL;
		if (!tok_punct(peek(p), ')')) {
			expected(p, "')'");
			return NULL;
		}
		advance(p);
		return e;
	}
	expected(p, _("a value (a number, a name or '(')"));
	return NULL;
}

static struct scn_expr *
parse_unary(struct parser *p)
{
	const struct scn_tok *t = peek(p);
	struct scn_expr *e, *sub;

	if (tok_punct(t, '-') || tok_punct(t, '!')) {
		advance(p);
		if (!expr_enter(p))
			return NULL;
		sub = parse_unary(p);
		p->edepth--;
		if (sub == NULL)
			return NULL;
		e = new_expr(p, SCN_E_UNARY, t->off, sub->off + sub->len - t->off);
		e->op = t->punct;
		e->lhs = sub;
		return e;
	}
	return parse_primary(p);
}

/* Binary operators by precedence level, lowest first. */
static const struct { int punct, op, level; } scn_binops[] = {
	{ SCN_P_OR, PROG_OR, 0 }, { SCN_P_AND, PROG_AND, 1 },
	{ SCN_P_EQ, PROG_EQ, 2 }, { SCN_P_NE, PROG_NE, 2 },
	{ '<', PROG_LT, 3 }, { '>', PROG_GT, 3 }, { SCN_P_LE, PROG_LE, 3 }, { SCN_P_GE, PROG_GE, 3 },
	{ '+', PROG_ADD, 4 }, { '-', PROG_SUB, 4 },
	{ '*', PROG_MUL, 5 }, { '/', PROG_DIV, 5 }, { '%', PROG_MOD, 5 },
};
#define SCN_LEVELS 6

static int
binop_at(const struct scn_tok *t, int level)
{
	if (t->kind != SCN_T_PUNCT)
		return -1;
	for (size_t i = 0; i < N_ELEMS(scn_binops); i++)
		if (scn_binops[i].punct == t->punct && scn_binops[i].level == level)
			return scn_binops[i].op;
	return -1;
}

static struct scn_expr *
parse_level(struct parser *p, int level)
{
	struct scn_expr *lhs, *rhs, *e;
	int op;

	if (level == SCN_LEVELS)
		return parse_unary(p);
	lhs = parse_level(p, level + 1);
	while (lhs != NULL && (op = binop_at(peek(p), level)) >= 0) {
		if (tok_punct(peek(p), '=')) /* not an operator; never reached */
			break;
		advance(p);
		rhs = parse_level(p, level + 1);
		if (rhs == NULL)
			return NULL;
		e = new_expr(p, SCN_E_BINARY, lhs->off, rhs->off + rhs->len - lhs->off);
		e->op = op;
		e->lhs = lhs;
		e->rhs = rhs;
		lhs = e;
	}
	return lhs;
}

static struct scn_expr *
parse_expr(struct parser *p)
{
	struct scn_expr *e = parse_level(p, 0);

	if (e != NULL && tok_punct(peek(p), '=')) {
		perror_at(p, peek(p), "%s", _("'=' assigns; to compare, write '=='"));
		return NULL;
	}
	return e;
}

/* ---- statements ---- */

static void parse_block(struct parser *p, struct scn_block *b, enum prog_actor_kind ctx);
static struct scn_actor *parse_actor(struct parser *p);

static struct scn_stmt *
new_stmt(struct parser *p, enum scn_stmt_kind kind, const struct scn_tok *kw)
{
	struct scn_stmt *s = parser_alloc(p, sizeof *s);
	s->kind = kind;
	s->off = kw->off;
	s->len = kw->len;
	s->dur_ns = -1;
	s->text = -1;
	return s;
}

static void
block_add(struct scn_block *b, struct scn_stmt *s)
{
	if (b->last)
		b->last->next = s;
	else
		b->first = s;
	b->last = s;
}

/* Looks past new lines for 'else'; consumes them and it when found. */
static bool
accept_else(struct parser *p)
{
	size_t k = 0;

	while (peek_at(p, k)->kind == SCN_T_NEWLINE)
		k++;
	if (!tok_is(p, peek_at(p, k), "else"))
		return false;
	p->i += k + 1;
	return true;
}

const char *
scn_parse_closest(const char *word, size_t len, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t bestd = len / 3 + 1;

	if (len > 40)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t m = strlen(words[i]), row[48], prev, tmp;
		if (m > 40)
			continue;
		for (size_t j = 0; j <= m; j++)
			row[j] = j;
		for (size_t a = 1; a <= len; a++) {
			prev = row[0];
			row[0] = a;
			for (size_t j = 1; j <= m; j++) {
				size_t cost = word[a - 1] == words[i][j - 1] ? 0 : 1;
				tmp = row[j];
				row[j] = prev + cost;
				if (row[j - 1] + 1 < row[j])
					row[j] = row[j - 1] + 1;
				if (tmp + 1 < row[j])
					row[j] = tmp + 1;
				prev = tmp;
			}
		}
		if (row[m] <= bestd && (best == NULL || row[m] < bestd)) {
			best = words[i];
			bestd = row[m];
		}
	}
	return best;
}

static const struct {
	const char *word;
	enum prog_opcode code;
} scn_res_ops[] = {
	{ "lock", PROG_OP_LOCK }, { "unlock", PROG_OP_UNLOCK },
	{ "acquire", PROG_OP_ACQUIRE }, { "release", PROG_OP_RELEASE },
	{ "read_lock", PROG_OP_READ_LOCK }, { "write_lock", PROG_OP_WRITE_LOCK },
}, scn_dur_ops[] = {
	{ "work", PROG_OP_WORK }, { "sleep", PROG_OP_SLEEP }, { "io", PROG_OP_IO },
	{ "await", PROG_OP_AWAIT },
};

/* An optional `for D else { ... }` after a wait: makes S a bounded wait. */
static bool
parse_bound(struct parser *p, struct scn_stmt *s, enum prog_actor_kind ctx)
{
	if (!tok_is(p, peek(p), "for"))
		return true;
	advance(p);
	if (!parse_dur(p, &s->dur_ns))
		return false;
	if (!tok_is(p, peek(p), "else")) {
		expected(p, _("'else { ... }' (what to do when the wait times out)"));
		return false;
	}
	advance(p);
	s->bounded = true;
	parse_block(p, &s->els, ctx);
	return true;
}

/* One statement inside an actor of kind CTX; NULL after an error. */
static struct scn_stmt *
parse_stmt_body(struct parser *p, enum prog_actor_kind ctx)
{
	const struct scn_tok *kw = peek(p), *op;
	struct scn_stmt *s;

	if (tok_is(p, kw, "thread") || tok_is(p, kw, "process") || tok_is(p, kw, "loop")
	    || tok_is(p, kw, "task") || tok_is(p, kw, "idle")) {
		const struct scn_tok *k2 = tok_is(p, kw, "idle") ? peek_at(p, 1) : kw;
		bool ok;
		if (ctx == PROG_LOOP)
			ok = tok_is(p, k2, "task");
		else if (ctx == PROG_PROCESS)
			ok = tok_is(p, k2, "thread") || tok_is(p, k2, "loop");
		else
			ok = false;
		if (!ok) {
			if (tok_is(p, k2, "task"))
				perror_at(p, k2, "%s", _("a task belongs inside a loop { ... }"));
			else if (tok_is(p, k2, "process"))
				perror_at(p, k2, "%s", _("a process cannot be declared inside another actor"));
			else if (ctx == PROG_LOOP)
				perror_at(p, k2, "%s", _("a loop holds only tasks"));
			else if (ctx == PROG_PROCESS)
				perror_at(p, k2, "%s", _("expected thread or loop"));
			else
				perror_at(p, k2, _("a %.*s cannot be declared inside a thread or task"),
				    (int)k2->len, p->buf + k2->off);
			diag_hint(p->d, "%s", _("declare actors side by side; threads that share a process's memory go inside process NAME { ... }"));
			return NULL;
		}
		s = new_stmt(p, SCN_S_ACTOR, kw);
		s->actor = parse_actor(p);
		return s->actor ? s : NULL;
	}
	if (ctx == PROG_LOOP) {
		perror_at(p, kw, "%s", _("a loop holds only tasks"));
		diag_hint(p->d, "%s", _("write task NAME { ... } inside the loop"));
		return NULL;
	}
	if (kw->kind != SCN_T_IDENT) {
		expected(p, _("a statement"));
		return NULL;
	}
	for (size_t i = 0; i < N_ELEMS(scn_dur_ops); i++)
		if (tok_is(p, kw, scn_dur_ops[i].word)) {
			s = new_stmt(p, SCN_S_DUR, advance(p));
			s->code = scn_dur_ops[i].code;
			return parse_dur(p, &s->dur_ns) ? s : NULL;
		}
	for (size_t i = 0; i < N_ELEMS(scn_res_ops); i++)
		if (tok_is(p, kw, scn_res_ops[i].word)) {
			s = new_stmt(p, SCN_S_RES, advance(p));
			s->code = scn_res_ops[i].code;
			if (!parse_ident(p, &s->name, _("a name")))
				return NULL;
			if ((s->code == PROG_OP_UNLOCK || s->code == PROG_OP_RELEASE)
			    && tok_is(p, peek(p), "for")) {
				perror_at(p, peek(p), _("'%s' never waits, so it takes no 'for'"),
				    scn_res_ops[i].word);
				return NULL;
			}
			if (!parse_bound(p, s, ctx))
				return NULL;
			if (s->bounded && s->code == PROG_OP_LOCK)
				s->kind = SCN_S_TRYLOCK;  /* the same as trylock ... for D else */
			return s;
		}
	if (tok_is(p, kw, "offload")) {
		s = new_stmt(p, SCN_S_DUR, advance(p));
		if (tok_is(p, peek(p), "work"))
			s->code = PROG_OP_OFFLOAD_WORK;
		else if (tok_is(p, peek(p), "sleep"))
			s->code = PROG_OP_OFFLOAD_SLEEP;
		else {
			expected(p, _("'work' or 'sleep' after offload"));
			return NULL;
		}
		advance(p);
		return parse_dur(p, &s->dur_ns) ? s : NULL;
	}
	if (tok_is(p, kw, "trylock")) {
		s = new_stmt(p, SCN_S_TRYLOCK, advance(p));
		if (!parse_ident(p, &s->name, _("a mutex's name")))
			return NULL;
		s->dur_ns = 0;
		if (tok_is(p, peek(p), "for")) {
			advance(p);
			if (!parse_dur(p, &s->dur_ns))
				return NULL;
		}
		if (!tok_is(p, peek(p), "else")) {
			expected(p, _("'else { ... }' (what to do when the lock is not taken)"));
			return NULL;
		}
		advance(p);
		parse_block(p, &s->els, ctx);
		return s;
	}
	if (tok_is(p, kw, "push") || tok_is(p, kw, "call") || tok_is(p, kw, "reply")) {
		s = new_stmt(p, tok_is(p, kw, "push") ? SCN_S_PUSH
		    : tok_is(p, kw, "call") ? SCN_S_CALL : SCN_S_REPLY, advance(p));
		if (!parse_ident(p, &s->name, _("a queue's name")))
			return NULL;
		s->expr = parse_expr(p);
		if (s->expr == NULL)
			return NULL;
		if (s->kind == SCN_S_REPLY && tok_is(p, peek(p), "for")) {
			perror_at(p, peek(p), _("'%s' never waits, so it takes no 'for'"), "reply");
			diag_hint(p->d, "%s", _("a reply nobody waits for is lost; bound the call instead: call Q X for D else { ... }"));
			return NULL;
		}
		return parse_bound(p, s, ctx) ? s : NULL;
	}
	if (tok_is(p, kw, "pop")) {
		s = new_stmt(p, SCN_S_POP, advance(p));
		if (!parse_ident(p, &s->name, _("a queue's name")))
			return NULL;
		if (tok_is(p, peek(p), "into")) {
			advance(p);
			if (!parse_decl_name(p, &s->into))
				return NULL;
		} else if (tok_punct(peek(p), '-') && p->i + 1 < p->n && tok_punct(&p->t[p->i + 1], '>')) {
			/* show prints the compiled step as "pop Q -> X": the source says into */
			perror_at(p, peek(p), _("'pop' names where the item goes with 'into', not '->'"));
			diag_hint(p->d, _("write it as: pop %s into NAME ('show' prints that step as 'pop %s -> NAME')"),
			    s->name.str, s->name.str);
			return NULL;
		}
		return parse_bound(p, s, ctx) ? s : NULL;
	}
	if (tok_is(p, kw, "let")) {
		s = new_stmt(p, SCN_S_LET, advance(p));
		if (!parse_decl_name(p, &s->name))
			return NULL;
		if (!tok_punct(peek(p), '=')) {
			expected(p, "'='");
			return NULL;
		}
		advance(p);
		s->expr = parse_expr(p);
		return s->expr ? s : NULL;
	}
	if (tok_is(p, kw, "atomic")) {
		s = new_stmt(p, SCN_S_ATOMIC, advance(p));
		if (!parse_ident(p, &s->name, _("a variable's name")))
			return NULL;
		if (strcmp(s->name.str, "me") == 0) {
			me_is_read_only(p, &p->t[p->i - 1]);
			return NULL;
		}
		op = peek(p);
		if (!tok_punct(op, SCN_P_ADD_ASSIGN) && !tok_punct(op, SCN_P_SUB_ASSIGN)) {
			expected(p, _("'+=' or '-='"));
			return NULL;
		}
		advance(p);
		s->neg = op->punct == SCN_P_SUB_ASSIGN;
		s->expr = parse_expr(p);
		return s->expr ? s : NULL;
	}
	if (tok_is(p, kw, "spawn") || tok_is(p, kw, "join")) {
		s = new_stmt(p, tok_is(p, kw, "spawn") ? SCN_S_SPAWN : SCN_S_JOIN, advance(p));
		if (!parse_name(p, &s->name, _("an actor's name")))
			return NULL;
		if (s->kind == SCN_S_SPAWN && tok_is(p, peek(p), "for")) {
			perror_at(p, peek(p), "%s", _("'spawn' never waits, so it takes no 'for'"));
			return NULL;
		}
		return parse_bound(p, s, ctx) ? s : NULL;
	}
	if (tok_is(p, kw, "say")) {
		s = new_stmt(p, SCN_S_SAY, advance(p));
		s->text = parse_text(p);
		return s->text >= 0 ? s : NULL;
	}
	if (tok_is(p, kw, "mark")) {
		s = new_stmt(p, SCN_S_MARK, advance(p));
		s->text = parse_text(p);
		if (s->text < 0)
			return NULL;
		parse_block(p, &s->body, ctx);
		return s;
	}
	if (tok_is(p, kw, "repeat") || tok_is(p, kw, "while") || tok_is(p, kw, "if")) {
		s = new_stmt(p, tok_is(p, kw, "repeat") ? SCN_S_REPEAT
		    : tok_is(p, kw, "while") ? SCN_S_WHILE : SCN_S_IF, advance(p));
		if (tok_punct(peek(p), '{')) {
			expected(p, s->kind == SCN_S_REPEAT ? _("a count") : _("a condition"));
			return NULL;
		}
		s->expr = parse_expr(p);
		if (s->expr == NULL)
			return NULL;
		parse_block(p, &s->body, ctx);
		if (s->kind == SCN_S_IF && accept_else(p)) {
			if (tok_is(p, peek(p), "if")) {
				/* else if: the else block holds one if statement */
				struct scn_stmt *sub;
				if (++p->depth > SCN_MAX_DEPTH) {
					perror_at(p, peek(p), _("blocks are nested deeper than %d levels"),
					    SCN_MAX_DEPTH);
					p->depth--;
					return NULL;
				}
				sub = parse_stmt_body(p, ctx);
				p->depth--;
				if (sub == NULL)
					return NULL;
				block_add(&s->els, sub);
			} else {
				parse_block(p, &s->els, ctx);
			}
		}
		return s;
	}
	if (tok_is(p, kw, "break") || tok_is(p, kw, "continue")) {
		return new_stmt(p, tok_is(p, kw, "break") ? SCN_S_BREAK : SCN_S_CONTINUE, advance(p));
	}
	if (tok_is(p, kw, "assert")) {
		s = new_stmt(p, SCN_S_ASSERT, advance(p));
		s->expr = parse_expr(p);
		if (s->expr == NULL)
			return NULL;
		s->text = parse_text(p);
		return s->text >= 0 ? s : NULL;
	}
	if (tok_is(p, kw, "fail")) {
		s = new_stmt(p, SCN_S_FAIL, advance(p));
		s->text = parse_text(p);
		return s->text >= 0 ? s : NULL;
	}
	if (tok_is(p, kw, "transaction")) {
		s = new_stmt(p, SCN_S_TRANSACTION, advance(p));
		parse_block(p, &s->body, ctx);
		return s;
	}
	if (tok_is(p, kw, "critical")) {
		s = new_stmt(p, SCN_S_CRITICAL, advance(p));
		if (!parse_name(p, &s->name, _("the critical region's name")))
			return NULL;
		parse_block(p, &s->body, ctx);
		return s;
	}
	op = peek_at(p, 1);
	if (kw->kind == SCN_T_IDENT && (tok_punct(op, '=') || tok_punct(op, SCN_P_ADD_ASSIGN)
	    || tok_punct(op, SCN_P_SUB_ASSIGN))) {
		if (tok_is(p, kw, "me")) {
			me_is_read_only(p, kw);
			return NULL;
		}
		s = new_stmt(p, tok_punct(op, '=') ? SCN_S_ASSIGN : SCN_S_ADD, kw);
		parse_ident(p, &s->name, "");
		advance(p);
		s->neg = op->punct == SCN_P_SUB_ASSIGN;
		s->expr = parse_expr(p);
		return s->expr ? s : NULL;
	}
	for (size_t i = 0; i < N_ELEMS(scn_top_words); i++)
		if (tok_is(p, kw, scn_top_words[i])) {
			/* a top-level line inside a block: most often a '}' left out above */
			perror_at(p, kw, _("'%s' belongs at the top level or in a variant, not inside an actor"),
			    scn_top_words[i]);
			diag_hint(p->d, "%s", _("is a '}' missing above it?"));
			return NULL;
		}
	{
		const char *near = scn_parse_closest(p->buf + kw->off, kw->len, scn_stmt_words,
		    N_ELEMS(scn_stmt_words));
		perror_at(p, kw, _("unknown statement '%.*s'"), (int)kw->len, p->buf + kw->off);
		if (near)
			diag_hint(p->d, _("did you mean '%s'?"), near);
	}
	return NULL;
}

static void
parse_block(struct parser *p, struct scn_block *b, enum prog_actor_kind ctx)
{
	const struct scn_tok *open = peek(p);

	if (!tok_punct(open, '{')) {
		expected(p, "'{'");
		return;
	}
	if (p->depth + 1 > SCN_MAX_DEPTH) {
		perror_at(p, open, _("blocks are nested deeper than %d levels"), SCN_MAX_DEPTH);
		skip_block(p);
		return;
	}
	p->depth++;
	advance(p);
	for (;;) {
		struct scn_stmt *s;
		skip_newlines(p);
		if (tok_punct(peek(p), '}')) {
			advance(p);
			break;
		}
		if (peek(p)->kind == SCN_T_EOF) {
			p->panic = false;
			perror_at(p, open, "%s", _("this '{' is never closed"));
			break;
		}
		if (stray_translation(p)) {
			sync_stmt(p);
			continue;
		}
		s = parse_stmt_body(p, ctx);
		if (s != NULL) {
			block_add(b, s);
			end_stmt(p);
		} else {
			sync_stmt(p);
		}
	}
	p->depth--;
}

/* A family's clauses after the actor's name, in any order after the count:
 * [* N] [every [~]D] [deadline D].  The checker says where they are allowed. */
static bool
parse_family(struct parser *p, struct scn_actor *a)
{
	const struct scn_tok *t = peek(p);

	if (tok_punct(t, '*')) {
		prog_value v;
		char range[128];
		if (a->kind == PROG_LOOP) {
			perror_at(p, t, "%s", _("a loop cannot be a family"));
			diag_hint(p->d, "%s", _("make its tasks a family: loop L { task \"Request\" * 100 { ... } }"));
			return false;
		}
		advance(p);
		a->count_off = peek(p)->off;
		a->count_len = peek(p)->len;
		snprintf(range, sizeof range, _("a family has 1 to %d members"), PROG_MAX_FAMILY);
		if (!parse_count(p, _("how many members"), 1, PROG_MAX_FAMILY, range, &v))
			return false;
		a->count = (int)v;
	}
	for (;;) {
		t = peek(p);
		if (tok_is(p, t, "every")) {
			if (a->every_len) {
				perror_at(p, t, "%s", _("'every' is given twice"));
				return false;
			}
			advance(p);
			a->every_off = t->off;
			a->every_len = t->len;
			if (tok_punct(peek(p), '~')) {
				advance(p);
				a->every_random = true;
			}
			if (!parse_dur(p, &a->every_ns))
				return false;
			if (a->every_ns == 0) {
				perror_at(p, &p->t[p->i - 1], "%s", _("the time between arrivals must be longer than 0"));
				diag_hint(p->d, "%s", _("without 'every', all members start at once"));
				return false;
			}
		} else if (tok_is(p, t, "deadline")) {
			if (a->deadline_len) {
				perror_at(p, t, "%s", _("'deadline' is given twice"));
				return false;
			}
			advance(p);
			a->deadline_off = t->off;
			a->deadline_len = t->len;
			if (!parse_dur(p, &a->deadline_ns))
				return false;
			if (a->deadline_ns == 0) {
				perror_at(p, &p->t[p->i - 1], "%s", _("a deadline must be longer than 0"));
				return false;
			}
		} else {
			return true;
		}
	}
}

/* [idle] thread|process|loop|task NAME [* N] [every [~]D] [deadline D] { ... } */
static struct scn_actor *
parse_actor(struct parser *p)
{
	struct scn_actor *a = parser_alloc(p, sizeof *a);
	const struct scn_tok *kw;

	if (tok_is(p, peek(p), "idle")) {
		a->idle = true;
		advance(p);
	}
	kw = peek(p);
	a->off = kw->off;
	a->len = kw->len;
	if (tok_is(p, kw, "thread"))
		a->kind = PROG_THREAD;
	else if (tok_is(p, kw, "process"))
		a->kind = PROG_PROCESS;
	else if (tok_is(p, kw, "loop"))
		a->kind = PROG_LOOP;
	else if (tok_is(p, kw, "task"))
		a->kind = PROG_TASK;
	else {
		expected(p, _("thread, process, loop or task after idle"));
		return NULL;
	}
	advance(p);
	if (!parse_name(p, &a->name, _("the actor's name (such as \"Cook A\")")))
		return NULL;
	if (!parse_family(p, a))
		return NULL;
	parse_block(p, &a->body, a->kind);
	return a;
}

/* ---- the top level and variants ---- */

static void
parse_decl(struct parser *p, struct scn_scope *sc)
{
	const struct scn_tok *kw = advance(p);
	struct scn_decl *dc = parser_alloc(p, sizeof *dc);

	dc->off = kw->off;
	dc->len = kw->len;
	if (tok_is(p, kw, "var"))
		dc->kind = PROG_VAR;
	else if (tok_is(p, kw, "shm"))
		dc->kind = PROG_SHM;
	else if (tok_is(p, kw, "mutex"))
		dc->kind = PROG_MUTEX;
	else if (tok_is(p, kw, "semaphore"))
		dc->kind = PROG_SEMAPHORE;
	else if (tok_is(p, kw, "rwlock"))
		dc->kind = PROG_RWLOCK;
	else
		dc->kind = PROG_QUEUE;
	if (!parse_decl_name(p, &dc->name))
		return;
	if (dc->kind == PROG_VAR || dc->kind == PROG_SHM || dc->kind == PROG_SEMAPHORE) {
		if (tok_punct(peek(p), '=')) {
			const struct scn_tok *t;
			bool neg;
			advance(p);
			neg = tok_punct(peek(p), '-');
			if (neg)
				advance(p);
			t = peek(p);
			if (!neg && dc->kind != PROG_SEMAPHORE &&
			    (tok_is(p, t, "true") || tok_is(p, t, "false"))) {
				/* true and false are 1 and 0, as in an expression. */
				advance(p);
				dc->init = tok_is(p, t, "true");
			} else if (t->kind != SCN_T_NUMBER) {
				expected(p, _("a number"));
				return;
			} else {
				advance(p);
				if (!parse_int(p, t, &dc->init))
					return;
			}
			if (neg && dc->kind == PROG_SEMAPHORE) {
				perror_at(p, t, "%s", _("a semaphore's count cannot be negative"));
				return;
			}
			if (neg)
				dc->init = -dc->init;
		} else if (dc->kind == PROG_SEMAPHORE) {
			expected(p, _("'= N', the semaphore's initial count"));
			return;
		}
	} else if (dc->kind == PROG_RWLOCK && tok_is(p, peek(p), "prefer")) {
		advance(p);
		if (tok_is(p, peek(p), "readers"))
			dc->prefer = PROG_PREFER_READERS;
		else if (tok_is(p, peek(p), "writers"))
			dc->prefer = PROG_PREFER_WRITERS;
		else {
			expected(p, _("readers or writers"));
			return;
		}
		advance(p);
	} else if ((dc->kind == PROG_MUTEX || dc->kind == PROG_RWLOCK) &&
	    tok_is(p, peek(p), "fair")) {
		/* A lock has no capacity: the field holds its fairness (1: fair).
		 * A fair rwlock serves in arrival order, so it takes no `prefer`. */
		advance(p);
		dc->capacity = 1;
	} else if (dc->kind == PROG_QUEUE && tok_is(p, peek(p), "capacity")) {
		prog_value v;
		advance(p);
		if (!parse_count(p, _("the queue's capacity"), 1, 1000000,
		    _("a queue's capacity must be 1 to 1000000"), &v))
			return;
		dc->capacity = (int)v;
	}
	if (sc->decls_last)
		sc->decls_last->next = dc;
	else
		sc->decls = dc;
	sc->decls_last = dc;
}

/* CONDITION := deadlock | stall | livelock | lose | fail | no deadlock
 *            | elapsed (< | >) D | first NAME | EXPR:
 * what `expect` and a choice's `when` take.  False after an error (reported). */
static bool
parse_cond(struct parser *p, struct scn_expect *e)
{
	const struct scn_tok *t = peek(p), *t1 = peek_at(p, 1);

	e->off = t->off;
	e->len = t->len;
	if (tok_is(p, t, "deadlock") && tok_ends(t1)) {
		advance(p);
		e->kind = PROG_EXPECT_DEADLOCK;
	} else if (tok_is(p, t, "stall") && tok_ends(t1)) {
		advance(p);
		e->kind = PROG_EXPECT_STALL;
	} else if (tok_is(p, t, "livelock") && tok_ends(t1)) {
		advance(p);
		e->kind = PROG_EXPECT_LIVELOCK;
	} else if (tok_is(p, t, "lose") && tok_ends(t1)) {
		advance(p);
		e->kind = PROG_EXPECT_LOSE;
	} else if (tok_is(p, t, "fail") && tok_ends(t1)) {
		advance(p);
		e->kind = PROG_EXPECT_FAIL;
	} else if (tok_is(p, t, "no") && tok_is(p, t1, "deadlock")) {
		advance(p);
		advance(p);
		e->kind = PROG_EXPECT_NO_DEADLOCK;
	} else if (tok_is(p, t, "elapsed")) {
		advance(p);
		if (tok_punct(peek(p), '<'))
			e->kind = PROG_EXPECT_ELAPSED_LT;
		else if (tok_punct(peek(p), '>'))
			e->kind = PROG_EXPECT_ELAPSED_GT;
		else {
			expected(p, _("'<' or '>' after elapsed"));
			return false;
		}
		advance(p);
		if (!parse_dur(p, &e->dur_ns))
			return false;
	} else if (tok_is(p, t, "first") && (t1->kind == SCN_T_STRING || t1->kind == SCN_T_IDENT)) {
		/* `first` followed by a name: a variable called first stays usable in EXPR */
		advance(p);
		e->kind = PROG_EXPECT_FIRST;
		if (!parse_name(p, &e->actor, _("the name of an actor")))
			return false;
	} else {
		e->kind = PROG_EXPECT_TRUE;
		e->expr = parse_expr(p);
		if (e->expr == NULL)
			return false;
	}
	return true;
}

/* expect [can] CONDITION, or always EXPR (KW: expect or always). */
static void
parse_expect(struct parser *p, struct scn_scope *sc)
{
	const struct scn_tok *kw = advance(p), *t = peek(p);
	struct scn_expect *e = parser_alloc(p, sizeof *e);
	bool always = tok_is(p, kw, "always");

	e->mode = PROG_MUST;
	if (!always && tok_is(p, t, "can")) {
		advance(p);
		e->mode = PROG_CAN;
	}
	if (always) {
		e->mode = PROG_ALWAYS;
		e->kind = PROG_EXPECT_TRUE;
		e->expr = parse_expr(p);
		if (e->expr == NULL)
			return;
	} else if (!parse_cond(p, e)) {
		return;
	}
	e->off = kw->off;
	e->len = kw->len;
	if (sc->expects_last)
		sc->expects_last->next = e;
	else
		sc->expects = e;
	sc->expects_last = e;
}

/* A text of a challenge or question given after its keyword KW: STRING
 * [@LANG STRING]...; false after an error (reported). */
static bool
parse_item_text(struct parser *p, struct prog_text *text, const struct scn_tok *kw)
{
	const struct scn_tok *t = peek(p);

	if (text->text != NULL) {
		perror_at(p, kw, _("'%.*s' is given twice"), (int)kw->len, p->buf + kw->off);
		return false;
	}
	if (t->kind != SCN_T_STRING) {
		expected(p, _("a text (a string in double quotes)"));
		return false;
	}
	advance(p);
	text->text = xstrdup(t->text);
	return parse_text_into(p, text) == 0;
}

/* goal lost | deadlock | assert | critical | final EXPR | EXPR */
static void
parse_goal(struct parser *p, struct scn_challenge *ch, const struct scn_tok *kw)
{
	static const struct { const char *word; enum prog_goal_kind goal; } words[] = {
		{ "lost", PROG_GOAL_LOST }, { "deadlock", PROG_GOAL_DEADLOCK },
		{ "assert", PROG_GOAL_ASSERT }, { "critical", PROG_GOAL_CRITICAL },
	};
	const struct scn_tok *t = peek(p), *t1 = peek_at(p, 1);

	if (ch->has_goal) {
		perror_at(p, kw, "%s", _("a challenge has one goal"));
		return;
	}
	ch->has_goal = true;
	ch->goal_off = kw->off;
	ch->goal_len = kw->len;
	for (size_t i = 0; i < N_ELEMS(words); i++)
		if (tok_is(p, t, words[i].word) && tok_ends(t1)) {
			advance(p);
			ch->goal = words[i].goal;
			return;
		}
	ch->goal = PROG_GOAL_TRUE;
	if (tok_is(p, t, "final") && (t1->kind == SCN_T_IDENT || t1->kind == SCN_T_NUMBER
	    || tok_punct(t1, '(') || tok_punct(t1, '!'))) {
		advance(p);
		ch->goal = PROG_GOAL_FINAL;
	}
	if (tok_ends(peek(p))) {
		expected(p, _("a goal (lost, deadlock, assert, critical, a condition, or final and a condition)"));
		return;
	}
	ch->expr = parse_expr(p);
}

/* Opens the block of a challenge or question: '{' on the line of its text
 * (or of the text's last translation); false after an error (reported). */
static bool
parse_item_open(struct parser *p, const struct scn_tok **open)
{
	*open = peek(p);
	if (!tok_punct(*open, '{')) {
		expected(p, "'{'");
		return false;
	}
	advance(p);
	return true;
}

/* The lines of a challenge's or question's block up to its '}': ITEM parses
 * one line starting with token KW (taking it) and returns false, taking
 * nothing, when KW is none of its keywords. */
static void
parse_item_block(struct parser *p, const struct scn_tok *open, void *obj, const char *what,
    bool (*item)(struct parser *, void *, const struct scn_tok *))
{
	p->depth++;
	for (;;) {
		const struct scn_tok *kw;
		skip_newlines(p);
		kw = peek(p);
		if (tok_punct(kw, '}')) {
			advance(p);
			break;
		}
		if (kw->kind == SCN_T_EOF) {
			p->panic = false;
			perror_at(p, open, "%s", _("this '{' is never closed"));
			break;
		}
		if (stray_translation(p)) {
			/* reported; end_stmt skips the line */
		} else if (!item(p, obj, kw)) {
			char *found = scn_lex_describe(kw, p->buf);
			perror_at(p, kw, _("expected %s, found %s"), what, found);
			free(found);
		}
		end_stmt(p);
	}
	p->depth--;
}

static bool
parse_challenge_item(struct parser *p, void *obj, const struct scn_tok *kw)
{
	struct scn_challenge *ch = obj;

	if (!tok_is(p, kw, "goal") && !tok_is(p, kw, "hint") && !tok_is(p, kw, "explain"))
		return false;
	advance(p);
	if (tok_is(p, kw, "goal"))
		parse_goal(p, ch, kw);
	else
		parse_item_text(p, tok_is(p, kw, "hint") ? &ch->hint : &ch->explain, kw);
	return true;
}

/* challenge TEXT { goal ...  hint TEXT  explain TEXT } */
static void
parse_challenge(struct parser *p, struct scn_scope *sc)
{
	const struct scn_tok *kw = advance(p), *open;
	struct scn_challenge *ch = parser_alloc(p, sizeof *ch);

	ch->off = kw->off;
	ch->len = kw->len;
	/* joined at once, so its texts are freed with the tree whatever follows */
	if (sc->challenges_last)
		sc->challenges_last->next = ch;
	else
		sc->challenges = ch;
	sc->challenges_last = ch;
	if (!parse_item_text(p, &ch->title, kw) || !parse_item_open(p, &open))
		return;
	parse_item_block(p, open, ch, _("goal, hint or explain in the challenge"), parse_challenge_item);
	if (!ch->has_goal && !p->panic)
		perror_at(p, kw, "%s", _("the challenge has no goal"));
}

static bool
parse_question_item(struct parser *p, void *obj, const struct scn_tok *kw)
{
	struct scn_question *q = obj;

	if (!tok_is(p, kw, "choice") && !tok_is(p, kw, "answer") && !tok_is(p, kw, "explain"))
		return false;
	advance(p);
	if (tok_is(p, kw, "choice")) {
		struct scn_choice *c = parser_alloc(p, sizeof *c);
		if (q->choices_last)
			q->choices_last->next = c;
		else
			q->choices = c;
		q->choices_last = c;
		q->nchoices++;
		if (!parse_item_text(p, &c->text, kw))
			return true;
		if (!tok_is(p, peek(p), "when")) {
			expected(p, _("'when' and the condition that makes the choice right"));
			return true;
		}
		advance(p);
		parse_cond(p, &c->when);
	} else if (tok_is(p, kw, "answer")) {
		if (q->answer != NULL) {
			perror_at(p, kw, "%s", _("'answer' is given twice"));
			return true;
		}
		q->answer_off = kw->off;
		q->answer_len = kw->len;
		q->answer = parse_expr(p);
	} else {
		parse_item_text(p, &q->explain, kw);
	}
	return true;
}

/* question TEXT { choice TEXT when CONDITION ...  | answer EXPR;  explain TEXT } */
static void
parse_question(struct parser *p, struct scn_scope *sc)
{
	const struct scn_tok *kw = advance(p), *open;
	struct scn_question *q = parser_alloc(p, sizeof *q);

	q->off = kw->off;
	q->len = kw->len;
	if (sc->questions_last)
		sc->questions_last->next = q;
	else
		sc->questions = q;
	sc->questions_last = q;
	if (!parse_item_text(p, &q->text, kw) || !parse_item_open(p, &open))
		return;
	parse_item_block(p, open, q, _("choice, answer or explain in the question"), parse_question_item);
}

/* option gil [switch D] | option cpus N | option max_threads N | option stack SIZE [touched] */
static void
parse_option(struct parser *p, struct scn_scope *sc)
{
	const struct scn_tok *name;

	advance(p);
	name = peek(p);
	if (tok_is(p, name, "max_threads")) {
		prog_value v;
		char range[128];
		advance(p);
		if (sc->has_max_threads) {
			perror_at(p, name, "%s", _("'option max_threads' is given twice here"));
			return;
		}
		snprintf(range, sizeof range, _("option max_threads takes 1 to %d threads"),
		    PROG_MAX_THREADS);
		if (!parse_count(p, _("how many threads"), 1, PROG_MAX_THREADS, range, &v))
			return;
		sc->has_max_threads = true;
		sc->options.max_threads = (int)v;
		return;
	}
	if (tok_is(p, name, "stack")) {
		const struct scn_tok *t;
		const char *why = NULL;
		int64_t bytes;
		advance(p);
		if (sc->has_stack) {
			perror_at(p, name, "%s", _("'option stack' is given twice here"));
			return;
		}
		t = peek(p);
		if (t->kind != SCN_T_NUMBER) {
			expected(p, _("a stack size such as 8MiB"));
			return;
		}
		advance(p);
		bytes = scn_parse_size(p->buf + t->off, t->len, &why);
		if (bytes < 0) {
			perror_at(p, t, "%s", _(why));
			return;
		}
		if (bytes < 16 * 1024 || bytes > 1024 * 1024 * 1024) {
			perror_at(p, t, "%s", _("a stack must be 16KiB to 1GiB"));
			return;
		}
		sc->has_stack = true;
		sc->options.stack_bytes = bytes;
		if (tok_is(p, peek(p), "touched")) {
			advance(p);
			sc->options.stack_touched = true;
		}
		return;
	}
	if (tok_is(p, name, "cpus")) {
		prog_value v;
		advance(p);
		if (sc->has_cpus) {
			perror_at(p, name, "%s", _("'option cpus' is given twice here"));
			return;
		}
		if (!parse_count(p, _("how many CPUs"), 1, 1024,
		    _("option cpus takes 1 to 1024 CPUs"), &v))
			return;
		sc->has_cpus = true;
		sc->options.cpus = (int)v;
		return;
	}
	if (!tok_is(p, name, "gil")) {
		expected(p, _("an option (gil, cpus, max_threads or stack)"));
		return;
	}
	advance(p);
	if (sc->has_gil) {
		perror_at(p, name, "%s", _("'option gil' is given twice here"));
		return;
	}
	sc->has_gil = true;
	sc->options.gil = true;
	sc->options.gil_switch_ns = 5000000;  /* CPython's default switch interval */
	if (tok_is(p, peek(p), "switch")) {
		advance(p);
		if (!parse_dur(p, &sc->options.gil_switch_ns))
			return;
		if (sc->options.gil_switch_ns <= 0) {
			perror_at(p, &p->t[p->i - 1], "%s", _("the GIL's switch interval must be longer than 0"));
			return;
		}
	}
}

/* schedule NAME [* N] {, NAME [* N]} */
static void
parse_schedule(struct parser *p, struct scn_scope *sc)
{
	const struct scn_tok *kw = advance(p);

	if (sc->sched != NULL) {
		perror_at(p, kw, "%s", _("there is already a schedule here"));
		return;
	}
	sc->sched_off = kw->off;
	for (;;) {
		struct scn_sched *e = parser_alloc(p, sizeof *e);
		if (!parse_name(p, &e->name, _("an actor's name")))
			return;
		e->times = 1;
		if (tok_punct(peek(p), '*')) {
			prog_value v;
			advance(p);
			if (!parse_count(p, _("how many steps"), 1, 10000,
			    _("a schedule repeats an actor 1 to 10000 times"), &v))
				return;
			e->times = (int)v;
		}
		if (sc->sched_last)
			sc->sched_last->next = e;
		else
			sc->sched = e;
		sc->sched_last = e;
		if (!tok_punct(peek(p), ','))
			break;
		advance(p);
		skip_newlines(p);
	}
}

/* A header text field: title "..." [@lang "..."]... or title@lang "..." */
static void
parse_header_text(struct parser *p, struct prog_text *text, const struct scn_tok *kw)
{
	const struct scn_tok *t = peek(p);

	if (t->kind == SCN_T_STRING) {
		if (text->text != NULL) {
			perror_at(p, kw, _("'%.*s' is given twice"), (int)kw->len, p->buf + kw->off);
			return;
		}
		advance(p);
		text->text = xstrdup(t->text);
	} else if (!tok_punct(t, '@')) {
		expected(p, _("a text (a string in double quotes)"));
		return;
	}
	parse_text_into(p, text);
}

static bool
parse_scope_item(struct parser *p, struct scn_scope *sc, bool top)
{
	const struct scn_tok *kw = peek(p);
	static const char *const decls[] = { "var", "shm", "mutex", "semaphore", "rwlock", "queue" };

	for (size_t i = 0; i < N_ELEMS(decls); i++)
		if (tok_is(p, kw, decls[i])) {
			parse_decl(p, sc);
			return true;
		}
	if (tok_is(p, kw, "thread") || tok_is(p, kw, "process") || tok_is(p, kw, "loop")
	    || tok_is(p, kw, "idle")) {
		struct scn_actor *a = parse_actor(p);
		if (a) {
			if (sc->actors_last)
				sc->actors_last->next = a;
			else
				sc->actors = a;
			sc->actors_last = a;
		}
		return true;
	}
	if (tok_is(p, kw, "task")) {
		perror_at(p, kw, "%s", _("a task belongs inside a loop { ... }"));
		diag_hint(p->d, "%s", _("write loop NAME { task NAME { ... } }"));
		return true;
	}
	if (tok_is(p, kw, "expect") || tok_is(p, kw, "always")) {
		parse_expect(p, sc);
		return true;
	}
	if (tok_is(p, kw, "challenge")) {
		parse_challenge(p, sc);
		return true;
	}
	if (tok_is(p, kw, "question")) {
		parse_question(p, sc);
		return true;
	}
	if (tok_is(p, kw, "option")) {
		parse_option(p, sc);
		return true;
	}
	if (tok_is(p, kw, "schedule")) {
		parse_schedule(p, sc);
		return true;
	}
	for (size_t i = 0; i < N_ELEMS(scn_stmt_words); i++)
		if (tok_is(p, kw, scn_stmt_words[i])) {
			perror_at(p, kw, _("'%s' is a statement and belongs inside an actor"),
			    scn_stmt_words[i]);
			diag_hint(p->d, "%s", _("put it inside thread NAME { ... }"));
			return true;
		}
	(void)top;
	return false;
}

static void
parse_variant(struct parser *p)
{
	const struct scn_tok *kw = advance(p), *open;
	struct scn_variant *v = parser_alloc(p, sizeof *v);
	struct scn_file *f = p->f;

	v->off = kw->off;
	v->len = kw->len;
	if (!parse_ident(p, &v->name, _("the variant's name")))
		return;
	/* only a named variant joins the file: the name check runs after syntax errors too */
	if (f->variants_last)
		f->variants_last->next = v;
	else
		f->variants = v;
	f->variants_last = v;
	f->nvariants++;
	if (peek(p)->kind == SCN_T_STRING || tok_punct(peek(p), '@'))
		parse_header_text(p, &v->title, kw);
	if (p->panic)
		return;
	open = peek(p);
	if (!tok_punct(open, '{')) {
		expected(p, "'{'");
		return;
	}
	advance(p);
	p->depth++;
	for (;;) {
		skip_newlines(p);
		if (tok_punct(peek(p), '}')) {
			advance(p);
			break;
		}
		if (peek(p)->kind == SCN_T_EOF) {
			p->panic = false;
			perror_at(p, open, "%s", _("this '{' is never closed"));
			break;
		}
		if (stray_translation(p)) {
			/* reported; end_stmt skips the line */
		} else if (!parse_scope_item(p, &v->scope, false)) {
			char *found = scn_lex_describe(peek(p), p->buf);
			perror_at(p, peek(p), _("expected a declaration, an actor or an expect in the variant, found %s"), found);
			free(found);
		}
		end_stmt(p);
	}
	p->depth--;
}

void
scn_parse(struct scn_file *f, const struct scn_toks *toks, const char *buf, size_t len,
    struct diag *d)
{
	struct parser ps = { .f = f, .t = toks->v, .n = toks->n, .buf = buf, .d = d };
	struct parser *p = &ps;

	f->buf = buf;
	f->len = len;
	for (;;) {
		const struct scn_tok *kw;
		skip_newlines(p);
		kw = peek(p);
		if (kw->kind == SCN_T_EOF || diag_full(d))
			break;
		if (tok_is(p, kw, "scenario")) {
			advance(p);
			if (f->name.str != NULL)
				perror_at(p, kw, "%s", _("'scenario' is given twice"));
			else
				parse_ident(p, &f->name, _("the scenario's name"));
		} else if (tok_is(p, kw, "title")) {
			advance(p);
			parse_header_text(p, &f->title, kw);
		} else if (tok_is(p, kw, "summary")) {
			advance(p);
			parse_header_text(p, &f->summary, kw);
		} else if (tok_is(p, kw, "tutorial")) {
			advance(p);
			if (peek(p)->kind != SCN_T_STRING)
				expected(p, _("the tutorial section's name (a string)"));
			else if (f->tutorial != NULL)
				perror_at(p, kw, "%s", _("'tutorial' is given twice"));
			else
				f->tutorial = xstrdup(advance(p)->text);
		} else if (tok_is(p, kw, "variant")) {
			parse_variant(p);
		} else if (stray_translation(p)) {
			/* reported; end_stmt skips the line */
		} else if (!parse_scope_item(p, &f->top, true)) {
			char *found = scn_lex_describe(kw, buf);
			perror_at(p, kw, _("expected a header, a declaration, an actor or a variant, found %s"), found);
			free(found);
		}
		if (tok_punct(peek(p), '}') && !p->panic) {
			perror_at(p, peek(p), "%s", _("this '}' closes nothing"));
			advance(p);
		}
		end_stmt(p);
		if (tok_punct(peek(p), '}'))
			advance(p);  /* a stray '}' after recovery */
	}
}

void
scn_text_free(struct prog_text *t)
{
	free(t->text);
	for (size_t i = 0; i < t->ntr; i++) {
		free(t->tr[i].lang);
		free(t->tr[i].text);
	}
	free(t->tr);
	memset(t, 0, sizeof *t);
}

/* The texts of a scope's challenges and questions (the checker copies them). */
static void
scope_texts_free(struct scn_scope *sc)
{
	for (struct scn_challenge *ch = sc->challenges; ch; ch = ch->next) {
		scn_text_free(&ch->title);
		scn_text_free(&ch->hint);
		scn_text_free(&ch->explain);
	}
	for (struct scn_question *q = sc->questions; q; q = q->next) {
		scn_text_free(&q->text);
		scn_text_free(&q->explain);
		for (struct scn_choice *c = q->choices; c; c = c->next)
			scn_text_free(&c->text);
	}
}

void
scn_parse_free(struct scn_file *f)
{
	scope_texts_free(&f->top);
	for (struct scn_variant *v = f->variants; v; v = v->next) {
		scn_text_free(&v->title);
		scope_texts_free(&v->scope);
	}
	for (size_t i = 0; i < f->nallocs; i++)
		free(f->allocs[i]);
	free(f->allocs);
	free(f->bad);
	for (size_t i = 0; i < f->ntexts; i++)
		scn_text_free(&f->texts[i]);
	free(f->texts);
	scn_text_free(&f->title);
	scn_text_free(&f->summary);
	free(f->tutorial);
	memset(f, 0, sizeof *f);
}
