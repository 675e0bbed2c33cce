/* scn-lex.c: splits a scenario file into tokens. */
#include "config.h"

#include "scn-lex.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

static void
scn_lex_push(struct scn_toks *toks, enum scn_tok_kind kind, int punct, size_t off, size_t len)
{
	struct scn_tok *t;

	toks->v = xgrow(toks->v, &toks->cap, toks->n + 1, sizeof *toks->v);
	t = &toks->v[toks->n++];
	t->kind = kind;
	t->punct = punct;
	t->off = off;
	t->len = len;
	t->text = NULL;
}

static int
scn_lex_is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
scn_lex_is_ident(int c)
{
	return scn_lex_is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Length in bytes of the UTF-8 character at S (1 for a bad byte). */
static size_t
scn_lex_char_len(const unsigned char *s, size_t left)
{
	size_t n = 1;

	if (s[0] >= 0xf0)
		n = 4;
	else if (s[0] >= 0xe0)
		n = 3;
	else if (s[0] >= 0xc0)
		n = 2;
	return n <= left ? n : 1;
}

/* A string starting at the quote at I; returns the offset after it. */
static size_t
scn_lex_string(struct scn_toks *toks, const char *buf, size_t len, size_t i, struct diag *d)
{
	size_t start = i, cap = 0, n = 0;
	char *out = NULL;
	bool bad = false, toolong = false;

	for (i++; ; i++) {
		char c;
		if (i >= len || buf[i] == '\n' || (buf[i] == '\r')) {
			diag_error(d, start, 1, _("unterminated string"));
			diag_hint(d, "%s", _("a string ends with \" on the same line"));
			free(out);
			return i;
		}
		c = buf[i];
		if (c == '"')
			break;
		if (c == '\\') {
			i++;
			switch (i < len ? buf[i] : '\0') {
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			default:
				if (i >= len || buf[i] == '\n') {
					i--;
					continue;
				}
				diag_error(d, i - 1, 2, _("unknown escape '\\%c' in a string"), buf[i]);
				diag_hint(d, "%s", _("the escapes are \\\" \\\\ \\n and \\t"));
				bad = true;
				continue;
			}
		}
		if (n >= SCN_MAX_STRING) {
			toolong = true;
			continue;
		}
		out = xgrow(out, &cap, n + 2, 1);
		out[n++] = c;
	}
	if (toolong) {
		diag_error(d, start, 1, _("string is longer than %d bytes"), SCN_MAX_STRING);
		bad = true;
	}
	if (bad) {
		free(out);
		out = NULL;
	}
	scn_lex_push(toks, SCN_T_STRING, 0, start, i + 1 - start);
	if (out == NULL && !bad)
		out = xstrdup("");
	else if (out != NULL)
		out[n] = '\0';
	toks->v[toks->n - 1].text = out ? out : xstrdup("");
	return i + 1;
}

void
scn_lex(struct scn_toks *toks, const char *buf, size_t len, struct diag *d)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, start;
	int parens = 0;

	memset(toks, 0, sizeof *toks);
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3;  /* a byte order mark */
	while (i < len) {
		int c = s[i];
		start = i;
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
			i++;
		} else if (c == '\r') {
			if (i + 1 < len && s[i + 1] == '\n') {
				i++;  /* CRLF: the \n makes the line end */
				continue;
			}
			diag_error(d, i, 1, "%s", _("carriage return without a line feed"));
			diag_hint(d, "%s", _("end lines with LF or CRLF"));
			i++;
		} else if (c == '#') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '\n' || c == ';') {
			if (parens == 0 || c == ';') {
				if (!(toks->n > 0 && toks->v[toks->n - 1].kind == SCN_T_NEWLINE))
					scn_lex_push(toks, SCN_T_NEWLINE, c, i, c == ';' ? 1 : 0);
			}
			if (c == ';')
				parens = 0;
			i++;
		} else if (scn_lex_is_ident_start(c)) {
			while (i < len && scn_lex_is_ident(s[i]))
				i++;
			if (i - start > SCN_MAX_IDENT)
				diag_error(d, start, i - start, _("identifier is longer than %d characters"),
				    SCN_MAX_IDENT);
			scn_lex_push(toks, SCN_T_IDENT, 0, start, i - start);
		} else if (c >= '0' && c <= '9') {
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i + 1 < len && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
				i++;
				while (i < len && s[i] >= '0' && s[i] <= '9')
					i++;
			}
			while (i < len && scn_lex_is_ident(s[i]))
				i++;
			scn_lex_push(toks, SCN_T_NUMBER, 0, start, i - start);
		} else if (c == '"') {
			i = scn_lex_string(toks, buf, len, i, d);
		} else {
			int p = 0;
			int c2 = i + 1 < len ? s[i + 1] : 0;
			size_t n = 1;
			switch (c) {
			case '<': p = c2 == '=' ? (n = 2, SCN_P_LE) : '<'; break;
			case '>': p = c2 == '=' ? (n = 2, SCN_P_GE) : '>'; break;
			case '=': p = c2 == '=' ? (n = 2, SCN_P_EQ) : '='; break;
			case '!': p = c2 == '=' ? (n = 2, SCN_P_NE) : '!'; break;
			case '+': p = c2 == '=' ? (n = 2, SCN_P_ADD_ASSIGN) : '+'; break;
			case '-': p = c2 == '=' ? (n = 2, SCN_P_SUB_ASSIGN) : '-'; break;
			case '&': p = c2 == '&' ? (n = 2, SCN_P_AND) : 0; break;
			case '|': p = c2 == '|' ? (n = 2, SCN_P_OR) : 0; break;
			case '(':
				parens++;
				p = c;
				break;
			case ')':
				if (parens > 0)
					parens--;
				p = c;
				break;
			case '{': case '}':
				parens = 0;
				p = c;
				break;
			case '*': case '/': case '%': case ',': case '@': case '~':
				p = c;
				break;
			default:
				break;
			}
			if (p == 0) {
				n = scn_lex_char_len(s + i, len - i);
				if (c == '&' || c == '|') {
					diag_error(d, i, 1, _("unexpected '%c'"), c);
					diag_hint(d, _("did you mean '%c%c'?"), c, c);
				} else if (c < 0x20 || c == 0x7f) {
					diag_error(d, i, 1, _("unexpected control character 0x%02x"), (unsigned)c);
				} else {
					diag_error(d, i, n, _("unexpected character '%.*s'"), (int)n, buf + i);
				}
				i += n;
				continue;
			}
			scn_lex_push(toks, SCN_T_PUNCT, p, i, n);
			i += n;
		}
	}
	scn_lex_push(toks, SCN_T_NEWLINE, '\n', len, 0);
	scn_lex_push(toks, SCN_T_EOF, 0, len, 0);
}

void
scn_lex_free(struct scn_toks *toks)
{
	for (size_t i = 0; i < toks->n; i++)
		free(toks->v[i].text);
	free(toks->v);
	memset(toks, 0, sizeof *toks);
}

char *
scn_lex_describe(const struct scn_tok *t, const char *buf)
{
	switch (t->kind) {
	case SCN_T_EOF:
		return xstrdup(_("the end of the file"));
	case SCN_T_NEWLINE:
		return xstrdup(t->punct == ';' ? "';'" : _("the end of the line"));
	case SCN_T_STRING:
		return xstrdup(_("a string"));
	default:
		return xasprintf("'%.*s'", (int)(t->len > 40 ? 40 : t->len), buf + t->off);
	}
}
