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

enum scn_expr_kind { SCN_E_NUM, SCN_E_NAME, SCN_E_LEN, SCN_E_ME, SCN_E_UNARY, SCN_E_BINARY };

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
	SCN_S_TRYLOCK,    /* name, dur, els; also `lock M for D else {...}` */
	SCN_S_PUSH,       /* name, expr */
	SCN_S_POP,        /* name, into (optional) */
	SCN_S_CALL,       /* name, expr: push expr, then wait for its reply */
	SCN_S_REPLY,      /* name, expr: answer the oldest caller waiting for expr */
	SCN_S_LET,        /* name = expr */
	SCN_S_ASSIGN,     /* name = expr */
	SCN_S_ADD,        /* name += / -= expr (neg) */
	SCN_S_ATOMIC,     /* atomic name += / -= expr */
	SCN_S_SPAWN,      /* name: an actor, a family or a family's member */
	SCN_S_JOIN,       /* name */
	SCN_S_SAY,        /* text */
	SCN_S_MARK,       /* text, body */
	SCN_S_REPEAT,     /* expr, body */
	SCN_S_IF,         /* expr, body, els */
	SCN_S_WHILE,      /* expr, body */
	SCN_S_BREAK,
	SCN_S_CONTINUE,
	SCN_S_ASSERT,     /* expr, text */
	SCN_S_CRITICAL,   /* name, body */
	SCN_S_FAIL,       /* text: the actor fails here, as if it crashed */
	SCN_S_TRANSACTION, /* body: all or nothing (see prog.h, PROG_OP_TX_BEGIN) */
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
	bool bounded;           /* a wait with `for D else {...}`: dur, els */
	struct scn_block body, els;
	struct scn_actor *actor;
	struct scn_stmt *next;
};

struct scn_actor {
	enum prog_actor_kind kind;
	struct scn_name name;
	bool idle;
	size_t off, len;        /* the keyword */
	int count;              /* a family's members (`NAME * N`); 0: a single actor */
	size_t count_off, count_len;
	int64_t every_ns;       /* `every [~]D`, or 0 */
	bool every_random;
	size_t every_off, every_len;  /* the `every` keyword; len 0 when absent */
	int64_t deadline_ns;    /* `deadline D`, or 0 */
	size_t deadline_off, deadline_len;
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

/* An expectation, or a choice's condition (`when`, which takes the same). */
struct scn_expect {
	enum prog_expect_kind kind;
	enum prog_expect_mode mode;
	struct scn_expr *expr;
	int64_t dur_ns;
	struct scn_name actor;  /* first NAME */
	size_t off, len;
	struct scn_expect *next;
};

/* challenge TEXT { goal ...; hint TEXT; explain TEXT } */
struct scn_challenge {
	struct prog_text title, hint, explain;
	bool has_goal;
	enum prog_goal_kind goal;
	struct scn_expr *expr;  /* goal EXPR, goal final EXPR */
	size_t off, len;        /* the keyword */
	size_t goal_off, goal_len;
	struct scn_challenge *next;
};

/* choice TEXT when CONDITION */
struct scn_choice {
	struct prog_text text;
	struct scn_expect when;
	struct scn_choice *next;
};

/* question TEXT { choice ... | answer EXPR; explain TEXT } */
struct scn_question {
	struct prog_text text, explain;
	struct scn_choice *choices, *choices_last;
	size_t nchoices;
	struct scn_expr *answer;
	size_t answer_off, answer_len;
	size_t off, len;        /* the keyword */
	struct scn_question *next;
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
	struct scn_challenge *challenges, *challenges_last;
	struct scn_question *questions, *questions_last;
	struct scn_sched *sched, *sched_last;
	size_t sched_off;
	bool has_gil, has_cpus;     /* which options this scope sets */
	bool has_max_threads, has_stack;
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
	size_t *bad;                /* where each syntax error is (byte offsets) */
	size_t nbad, abad;
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
/* A size such as "8MiB", "64KiB" or "65536" (bytes) in bytes; -1 with *WHY set when bad. */
int64_t scn_parse_size(const char *s, size_t len, const char **why);
/* True when WORD (LEN bytes) is a keyword that cannot name a declaration or
 * a local (a statement, an actor kind, else, true, false, len, me, deadlock,
 * elapsed); the scenario and its variants may take any identifier. */
bool scn_parse_is_keyword(const char *word, size_t len);
/* The word among WORDS closest to WORD (edit distance), or NULL when none is close. */
const char *scn_parse_closest(const char *word, size_t len, const char *const *words, size_t n);
void scn_text_free(struct prog_text *t);

#endif
