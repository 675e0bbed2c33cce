/* scn-parse.h: the scenario language's syntax tree and its parser.
 *
 * The parser checks the grammar only; names, kinds and limits are the
 * checker's (scn-check.c), which compiles the tree into a struct prog.
 */
#ifndef KS_SCN_PARSE_H
#define KS_SCN_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "prog.h"
#include "scn-lex.h"

#define SCN_MAX_DEPTH       32   /* nested blocks */
#define SCN_MAX_EXPR_DEPTH  64   /* nested parentheses and unary operators */
#define SCN_MAX_NUMBER      1000000000000LL  /* the largest integer literal */
#define SCN_MAX_FILE        (1024 * 1024)    /* bytes in a scenario file */

/* A name as written: an identifier or a string ("Cook A"). */
struct scn_name {
	const char *str;  /* NUL-terminated; NULL when absent */
	size_t off, len;
};

enum scn_expr_kind { SCN_E_NUM, SCN_E_NAME, SCN_E_LEN, SCN_E_UNARY, SCN_E_BINARY };

struct scn_expr {
	enum scn_expr_kind kind;
	int op;                 /* unary '-' '!'; binary enum prog_binop */
	prog_value value;
	struct scn_name name;   /* NAME, LEN */
	struct scn_expr *lhs, *rhs;
	size_t off, len;
};

enum scn_stmt_kind {
	SCN_S_DUR,        /* work sleep io await offload: code, dur */
	SCN_S_RES,        /* lock unlock acquire release read_lock write_lock: code, name */
	SCN_S_TRYLOCK,    /* name, dur, els */
	SCN_S_PUSH,       /* name, expr */
	SCN_S_POP,        /* name, into (optional) */
	SCN_S_LET,        /* name = expr */
	SCN_S_ASSIGN,     /* name = expr */
	SCN_S_ADD,        /* name += / -= expr (neg) */
	SCN_S_ATOMIC,     /* atomic name += / -= expr */
	SCN_S_SPAWN,
	SCN_S_JOIN,
	SCN_S_SAY,        /* text */
	SCN_S_MARK,       /* text, body */
	SCN_S_REPEAT,     /* expr, body */
	SCN_S_IF,         /* expr, body, els */
	SCN_S_WHILE,      /* expr, body */
	SCN_S_BREAK,
	SCN_S_CONTINUE,
	SCN_S_ASSERT,     /* expr, text */
	SCN_S_CRITICAL,   /* name, body */
	SCN_S_ACTOR,      /* actor: a thread or loop inside a process, a task inside a loop */
};

struct scn_actor;

struct scn_block {
	struct scn_stmt *first, *last;
};

struct scn_stmt {
	enum scn_stmt_kind kind;
	enum prog_opcode code;
	size_t off, len;        /* the keyword */
	struct scn_name name, into;
	struct scn_expr *expr;
	int64_t dur_ns;         /* -1: not given */
	int text;               /* index into scn_file.texts, or -1 */
	bool neg;
	struct scn_block body, els;
	struct scn_actor *actor;
	struct scn_stmt *next;
};

struct scn_actor {
	enum prog_actor_kind kind;
	struct scn_name name;
	bool idle;
	size_t off, len;        /* the keyword */
	struct scn_block body;
	struct scn_actor *next;
};

struct scn_decl {
	enum prog_decl_kind kind;
	struct scn_name name;
	prog_value init;
	int capacity;
	enum prog_rw_prefer prefer;
	size_t off, len;
	bool used;              /* set by the checker */
	struct scn_decl *next;
};

struct scn_expect {
	enum prog_expect_kind kind;
	struct scn_expr *expr;
	int64_t dur_ns;
	size_t off, len;
	struct scn_expect *next;
};

struct scn_sched {
	struct scn_name name;
	int times;
	struct scn_sched *next;
};

/* What a file's top level and a variant's body have in common. */
struct scn_scope {
	struct scn_decl *decls, *decls_last;
	struct scn_actor *actors, *actors_last;
	struct scn_expect *expects, *expects_last;
	struct scn_sched *sched, *sched_last;
	size_t sched_off;
	bool has_option;
	struct prog_options options;
};

struct scn_variant {
	struct scn_name name;
	struct prog_text title;
	size_t off, len;
	struct scn_scope scope;
	struct scn_variant *next;
};

struct scn_file {
	const char *buf;
	size_t len;
	struct scn_name name;       /* scenario NAME */
	struct prog_text title, summary;
	char *tutorial;
	struct prog_text *texts;    /* say / mark / assert texts */
	size_t ntexts, atexts;
	struct scn_scope top;
	struct scn_variant *variants, *variants_last;
	size_t nvariants;
	void **allocs;              /* every node, freed together */
	size_t nallocs, aallocs;
};

/* Parses the tokens of BUF into FILE, reporting errors to D. */
void scn_parse(struct scn_file *file, const struct scn_toks *toks, const char *buf,
    size_t len, struct diag *d);
/* Frees the tree; texts and header fields still in FILE are freed too. */
void scn_parse_free(struct scn_file *file);
/* A duration such as "20ms" or "1.5s" in nanoseconds; -1 with *WHY set when bad. */
int64_t scn_parse_duration(const char *s, size_t len, const char **why);
/* True when WORD (LEN bytes) is a keyword that cannot name a declaration. */
bool scn_parse_is_keyword(const char *word, size_t len);
/* The word among WORDS closest to WORD (edit distance), or NULL when none is close. */
const char *scn_parse_closest(const char *word, size_t len, const char *const *words, size_t n);
void scn_text_free(struct prog_text *t);

#endif
