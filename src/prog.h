/* prog.h: a compiled scenario, the contract between the language and the engine.
 *
 * The scenario language (scn-*.c) produces a struct prog; the engine runs one
 * variant of it; `kitchensync show` prints it.  Every actor's behaviour is a
 * flat array of ops: control flow is compiled to jumps, and an op is the unit
 * the engine's step mode grants (ops flagged PROG_OPF_INTERNAL are
 * bookkeeping, such as repeat counters and jumps, and are never a step).
 * Indices, not pointers, link the parts so a program is easy to copy, print
 * and embed in a trace.
 */
#ifndef KS_PROG_H
#define KS_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t prog_value;

/* Limits.  The language enforces the first ones when it compiles; the engine
 * enforces PROG_MAX_EXEC_OPS when it runs (a run past it ends as failed). */
#define PROG_MAX_ACTORS     16000        /* per variant, tasks, loops and family members included
                                            (10,000 tasks and 2,000 threads fit, with room) */
#define PROG_MAX_THREADS    2500         /* per variant: threads and loops (each an OS thread) */
#define PROG_MAX_PROCESSES  64           /* per variant */
#define PROG_MAX_FAMILY     10000        /* members of one family */
#define PROG_MAX_DUR_NS     (600LL * 1000000000LL)  /* 10 minutes */
#define PROG_MAX_EXEC_OPS   1000000      /* executed ops per actor and run */

/* A source position, 1-based. */
struct prog_loc {
	int line, col;
};

/* A text with optional translations: title, summary, say, mark, assert. */
struct prog_tr {
	char *lang;  /* e.g. "zh_TW" */
	char *text;
};
struct prog_text {
	char *text;  /* the untranslated (English) text; NULL when absent */
	struct prog_tr *tr;
	size_t ntr;
};

enum prog_decl_kind {
	PROG_VAR,        /* shared by the threads of one process; a process has its own copy */
	PROG_SHM,        /* shared by everyone, processes too */
	PROG_MUTEX,
	PROG_SEMAPHORE,  /* init = initial count */
	PROG_RWLOCK,
	PROG_QUEUE,      /* capacity; 0 = unbounded */
};

enum prog_rw_prefer {
	PROG_PREFER_READERS,
	PROG_PREFER_WRITERS,
};

struct prog_decl {
	enum prog_decl_kind kind;
	char *name;
	prog_value init;
	int capacity;
	enum prog_rw_prefer prefer;
	bool fair;              /* a mutex or rwlock: `fair`, granted first come, first served
	                           (an rwlock: readers and writers in one line; the readers at
	                           its head enter together; prefer is then not used) */
	struct prog_loc loc;
};

enum prog_actor_kind {
	PROG_THREAD,
	PROG_PROCESS,
	PROG_LOOP,  /* an event loop on its own thread; its tasks are actors with parent = the loop */
	PROG_TASK,
};

enum prog_opcode {
	PROG_OP_WORK,          /* spin a CPU for dur_ns */
	PROG_OP_SLEEP,         /* block for dur_ns (a timer) */
	PROG_OP_IO,            /* block for dur_ns (waiting on I/O) */
	PROG_OP_AWAIT,         /* loop task: suspend for dur_ns; the loop runs others */
	PROG_OP_OFFLOAD_WORK,  /* loop task: work on the thread pool, suspended meanwhile */
	PROG_OP_OFFLOAD_SLEEP, /* loop task: a blocking wait on the thread pool */
	PROG_OP_LOCK,          /* res: mutex */
	PROG_OP_UNLOCK,        /* res: mutex or rwlock */
	PROG_OP_TRYLOCK,       /* res: mutex; wait at most dur_ns (0: try once); failure jumps to target */
	PROG_OP_ACQUIRE,       /* res: semaphore */
	PROG_OP_RELEASE,       /* res: semaphore */
	PROG_OP_READ_LOCK,     /* res: rwlock */
	PROG_OP_WRITE_LOCK,    /* res: rwlock */
	PROG_OP_PUSH,          /* res: queue; pushes eval(expr), blocks while full */
	PROG_OP_POP,           /* res: queue; pops into local dst, blocks while empty */
	PROG_OP_LOAD,          /* local dst = shared res (one step: the read) */
	PROG_OP_STORE,         /* shared res = eval(expr) (one step: the write) */
	PROG_OP_ATOMIC_ADD,    /* shared res += eval(expr), indivisibly */
	PROG_OP_SET,           /* local dst = eval(expr) */
	PROG_OP_BRANCH,        /* evaluate expr; when false, jump to target (if/while checks) */
	PROG_OP_JUMP,          /* jump to target */
	PROG_OP_SPAWN,         /* start actor (declared idle) */
	PROG_OP_JOIN,          /* wait for actor to finish */
	PROG_OP_SAY,           /* narration: text */
	PROG_OP_MARK_BEGIN,    /* a named span begins: text */
	PROG_OP_MARK_END,      /* the innermost open span ends */
	PROG_OP_ASSERT,        /* when eval(expr) is false the run fails: text says why */
	PROG_OP_ENTER,         /* enter critical region res_name/text; two inside at once is a violation */
	PROG_OP_LEAVE,         /* leave it */
	PROG_OP_CALL,          /* res: queue; pushes eval(expr) (blocking while full), then waits until
	                          someone replies to that value: a request and its response */
	PROG_OP_REPLY,         /* res: queue; answers the oldest caller waiting on res for eval(expr);
	                          nobody waiting (the caller gave up): the reply is lost */
	/*
	 * Failure and transactions (scenario(5): fail, transaction).  Kept simple
	 * on purpose, so every interpreter can do the same:
	 *  - FAIL: the actor stops here as if it crashed: text says why.  It ends
	 *    FAILED; the others go on and the run is not stopped (unlike a failed
	 *    assert, which is the lesson's own check).  Locks it holds stay held.
	 *    Inside a transaction, the transaction is rolled back first (below).
	 *  - TX_BEGIN: takes res, the hidden fair mutex `transaction` the
	 *    compiler declares in each variant that has transactions: one
	 *    transaction at a time, in arrival order, as a database's write lock,
	 *    so two transactions never interleave.  From here on the actor's
	 *    stores and atomic adds to var and shm values go to a buffer of its
	 *    own: its own loads and expressions see the buffered values, nobody
	 *    else does, and nothing is recorded as stored.
	 *  - TX_COMMIT (the block's end): applies every buffered write at once,
	 *    in one step under the engine's big lock (recorded then as stores),
	 *    and releases res.  FAIL inside discards the buffer (the rollback)
	 *    and releases res.  Only plain statements may be inside (the
	 *    checker refuses locks, queues, spawn, join, await, offload,
	 *    critical, nested transactions and a break or continue that would
	 *    leave it), so the block always reaches its commit or a FAIL.
	 */
	PROG_OP_FAIL,          /* text: why */
	PROG_OP_TX_BEGIN,      /* res: the variant's `transaction` mutex */
	PROG_OP_TX_COMMIT,     /* res: the same */
	PROG_OP_END,           /* the actor is done; every op array ends with one */
	PROG_OP_COUNT,
};

enum prog_op_flags {
	PROG_OPF_INTERNAL = 1u << 0,  /* bookkeeping: not a step, not shown as a step */
	PROG_OPF_BOUNDED = 1u << 1,   /* a wait bounded by dur_ns (`for D else {...}`): lock, acquire,
	                                 read_lock, write_lock, push, pop, call, join; when it times out
	                                 the actor jumps to target (the else block, or past it) */
};

struct prog_op {
	enum prog_opcode code;
	unsigned flags;
	int res;         /* declaration index, or -1 */
	int dst;         /* local slot, or -1 */
	int expr;        /* expression index, or -1 */
	int target;      /* jump target (op index), or -1 */
	int actor;       /* spawn / join: actor index, or -1 */
	int family;      /* spawn / join of a whole family: family index (actor is -1); else -1.
	                    spawn starts the family's next unstarted member; join waits for every
	                    started member (a bounded join: for all of them within dur_ns) */
	int region;      /* enter / leave: critical region index, or -1 */
	int text;        /* say / mark / assert: text index, or -1 */
	int64_t dur_ns;
	struct prog_loc loc;
};

enum prog_expr_kind {
	PROG_EX_CONST,   /* value */
	PROG_EX_LOCAL,   /* index: local slot of the evaluating actor */
	PROG_EX_SHARED,  /* index: declaration (var or shm) */
	PROG_EX_QLEN,    /* index: declaration (queue): number of items */
	PROG_EX_ME,      /* the evaluating actor's member number in its family (1..N); 0 outside one */
	PROG_EX_UNARY,   /* op: '-' or '!'; lhs */
	PROG_EX_BINARY,  /* op: one of enum prog_binop; lhs, rhs */
};

enum prog_binop {
	PROG_ADD = '+', PROG_SUB = '-', PROG_MUL = '*', PROG_DIV = '/', PROG_MOD = '%',
	PROG_LT = '<', PROG_GT = '>', PROG_LE = 256, PROG_GE, PROG_EQ, PROG_NE,
	PROG_AND, PROG_OR,
};

struct prog_expr {
	enum prog_expr_kind kind;
	int op;
	int index;
	int lhs, rhs;
	prog_value value;
};

struct prog_actor {
	enum prog_actor_kind kind;
	char *name;
	int parent;        /* task: its loop; thread or loop inside a process: that process; else -1 */
	bool idle;         /* starts only when another actor spawns it */
	int family;        /* the family it is a member of, or -1 */
	int member;        /* its number in that family, 1-based; 0 outside a family */
	bool shared;       /* ops and locals belong to the family's first member: not freed here */
	struct prog_op *ops;
	size_t nops;       /* a loop has none of its own: only END */
	char **locals;     /* local slot names; hidden temporaries start with '$' */
	size_t nlocals;
	struct prog_loc loc;
};

enum prog_expect_kind {
	PROG_EXPECT_TRUE,         /* expr holds over the final values */
	PROG_EXPECT_DEADLOCK,
	PROG_EXPECT_NO_DEADLOCK,
	PROG_EXPECT_ELAPSED_LT,   /* the run took less than dur_ns (scaled by speed) */
	PROG_EXPECT_ELAPSED_GT,
	PROG_EXPECT_FIRST,        /* actor finished first of all the workers */
	PROG_EXPECT_STALL,        /* the run stalls: everyone waits, no cycle (`stall`) */
	PROG_EXPECT_LIVELOCK,     /* workers move for ever without progress (`livelock`) */
	PROG_EXPECT_LOSE,         /* an update is lost (`lose`) */
	PROG_EXPECT_FAIL,         /* an assert, a critical region, a `fail` or an invariant fails (`fail`) */
	PROG_EXPECT_COUNT,
};

/*
 * What an expectation claims.  MUST (`expect C`): C holds at the end of every
 * run.  CAN (`expect can C`), a demonstration: some run ends with C -- what a
 * lesson variant shows can happen; one run shows it or was lucky.  ALWAYS
 * (`always EXPR`), an invariant: EXPR holds in every state of every run.
 */
enum prog_expect_mode {
	PROG_MUST,
	PROG_CAN,
	PROG_ALWAYS,
};

struct prog_expect {
	enum prog_expect_kind kind;
	enum prog_expect_mode mode;  /* a choice's `when`: MUST */
	int expr;
	int64_t dur_ns;
	int actor;                /* PROG_EXPECT_FIRST: the worker; else -1 */
	struct prog_loc loc;
};

/*
 * A challenge: what the learner must make happen by choosing who moves
 * (step mode).  `kitchensync explore` finds the fewest steps it takes and,
 * from any point, the next step of a shortest way there (the hint).
 */
enum prog_goal_kind {
	PROG_GOAL_TRUE,           /* expr holds over the shared values after some step */
	PROG_GOAL_FINAL,          /* expr holds over the final values, every worker finished */
	PROG_GOAL_DEADLOCK,       /* the run deadlocks */
	PROG_GOAL_ASSERT,         /* an assert fails */
	PROG_GOAL_CRITICAL,       /* two workers inside one critical region */
	PROG_GOAL_LOST,           /* an update is lost (a store over a value it never read) */
};

struct prog_challenge {
	struct prog_text title;   /* the goal, as the learner reads it on screen */
	enum prog_goal_kind goal;
	int expr;                 /* PROG_GOAL_TRUE, PROG_GOAL_FINAL: the condition; else -1 */
	struct prog_text hint;    /* a nudge in words (text NULL: none) */
	struct prog_text explain; /* shown on success: why it happened */
	struct prog_loc loc;
};

/*
 * A question asked before a run ("predict, then reveal"): choices, each
 * right when its condition holds over the run's outcome, or a number to
 * guess (the value of an expression over the final values).
 */
enum prog_question_kind {
	PROG_QUESTION_CHOICE,
	PROG_QUESTION_NUMBER,
};

struct prog_choice {
	struct prog_text text;
	struct prog_expect when;  /* right when this holds, as an expectation would */
};

struct prog_question {
	struct prog_text text;
	enum prog_question_kind kind;
	struct prog_choice *choices;  /* CHOICE: at least two */
	size_t nchoices;
	int expr;                 /* NUMBER: the value to guess; else -1 */
	struct prog_text explain; /* shown with the answer */
	struct prog_loc loc;
};

/*
 * A family: one declaration (`task "Request" * 2000 every 1ms deadline 500ms {...}`)
 * made COUNT actors, contiguous from FIRST, named "NAME 1" ... "NAME COUNT",
 * sharing one op array.  Inside a loop the members are tasks of that loop.
 */
struct prog_family {
	char *name;            /* without the member number */
	enum prog_actor_kind kind;
	int first, count;      /* actor indices first .. first + count - 1 */
	int parent;            /* the loop (tasks) or process (threads) it lives in, or -1 */
	bool idle;             /* members start only by `spawn` (one each time) */
	int64_t every_ns;      /* arrivals: member k arrives (k-1) * every_ns after the run starts;
	                          0: all at once (an idle family: when spawned) */
	bool every_random;     /* `every ~D`: exponential gaps of mean every_ns, from the run's seed */
	int64_t deadline_ns;   /* a member unfinished this long after its arrival has timed out; 0: none */
	struct prog_loc loc;
};

struct prog_options {
	bool gil;                 /* thread `work` holds one global lock, as in CPython */
	int64_t gil_switch_ns;    /* the GIL's switch interval */
	int cpus;                 /* pin every actor to the first N CPUs, as --cpus does;
	                             --cpus on the command line wins; 0 = not set */
	int max_threads;          /* `option max_threads N`: the engine refuses to create more
	                             OS threads for the scenario than N at once; 0 = no limit */
	int64_t stack_bytes;      /* `option stack 8MiB`: each scenario thread's stack; 0 = default */
	bool stack_touched;       /* `option stack 256KiB touched`: each thread writes every
	                             page of its stack when it starts, so the stack is real memory */
};

struct prog_variant {
	char *name;
	struct prog_text title;
	struct prog_decl *decls;  /* the scenario's own declarations first, then the variant's */
	size_t ndecls;
	char **regions;           /* critical region names */
	size_t nregions;
	struct prog_actor *actors;
	size_t nactors;
	struct prog_expr *exprs;
	size_t nexprs;
	struct prog_expect *expects;
	size_t nexpects;
	struct prog_options options;
	struct prog_family *families;
	size_t nfamilies;
	struct prog_challenge *challenge;  /* at most one; NULL: none */
	struct prog_question *questions;
	size_t nquestions;
	int *schedule;            /* a default step-mode schedule: actor indices, one grant each, */
	size_t nschedule;         /* or PROG_SCHED_FAMILY(f): any ready member of family f; 0: none */
	struct prog_loc loc;
};

/* A schedule entry naming a whole family: the lowest ready member moves. */
#define PROG_SCHED_FAMILY(f)     (-(f) - 2)
#define PROG_SCHED_IS_FAMILY(x)  ((x) <= -2)
#define PROG_SCHED_FAMILY_OF(x)  (-(x) - 2)

struct prog {
	char *path;
	char *source;           /* the whole file, so a trace can embed it */
	size_t source_len;
	char *name;
	struct prog_text title;
	struct prog_text summary;
	char *tutorial;         /* the kitchensync-tutorial(7) section that teaches it, or NULL */
	struct prog_text *texts;  /* say / mark / assert texts, by index */
	size_t ntexts;
	struct prog_variant *variants;  /* at least one; a file without variants gets "main" */
	size_t nvariants;
};

void prog_free(struct prog *prog);
/* The variant NAME, or the first when NAME is NULL; NULL when there is none. */
const struct prog_variant *prog_variant_find(const struct prog *prog, const char *name);
/* TEXT in the language LANG ("zh_TW", "zh_TW.UTF-8", "zh"), or the untranslated text. */
const char *prog_text_get(const struct prog_text *text, const char *lang);
/* A deep copy of SRC into DST (freed with the program that holds it). */
void prog_text_copy(struct prog_text *dst, const struct prog_text *src);
/* The language of the current locale for prog_text_get (from LC_MESSAGES, LANGUAGE). */
const char *prog_lang(void);
const char *prog_opcode_name(enum prog_opcode code);
const char *prog_actor_kind_name(enum prog_actor_kind kind);
const char *prog_decl_kind_name(enum prog_decl_kind kind);
/* Source line LINE of PROG, without its indent and comment (allocated), or NULL. */
char *prog_source_line(const struct prog *prog, int line);

#endif
