/* scn-lex.h: the scenario language's tokens. */
#ifndef KS_SCN_LEX_H
#define KS_SCN_LEX_H

#include <stddef.h>

#include "diag.h"

#define SCN_MAX_IDENT   64    /* bytes in an identifier */
#define SCN_MAX_STRING  1024  /* bytes in a string, after escapes */

enum scn_tok_kind {
	SCN_T_EOF,
	SCN_T_NEWLINE,  /* also ';' */
	SCN_T_IDENT,
	SCN_T_NUMBER,   /* digits, an optional fraction and an optional unit: 20ms, 1.5s, 7 */
	SCN_T_STRING,   /* text holds the decoded value */
	SCN_T_PUNCT,    /* punct holds the character or one of enum scn_punct */
};

enum scn_punct {
	SCN_P_LE = 256, SCN_P_GE, SCN_P_EQ, SCN_P_NE, SCN_P_AND, SCN_P_OR,
	SCN_P_ADD_ASSIGN, SCN_P_SUB_ASSIGN,
};

struct scn_tok {
	enum scn_tok_kind kind;
	int punct;
	size_t off, len;  /* bytes in the source */
	char *text;       /* SCN_T_STRING: the decoded string (owned by the token list) */
};

struct scn_toks {
	struct scn_tok *v;
	size_t n, cap;
};

/* Splits BUF into tokens, reporting bad characters, strings and lengths to D.
 * The list always ends with SCN_T_EOF. */
void scn_lex(struct scn_toks *toks, const char *buf, size_t len, struct diag *d);
void scn_lex_free(struct scn_toks *toks);
/* A printable description of the token, for "expected X, found Y" messages. */
char *scn_lex_describe(const struct scn_tok *t, const char *buf);

#endif
