## The scenario language: diagnostics, lexer, parser, checker, the compiled
## program, printing it, and finding scenario files.
src_libks_a_SOURCES += \
	src/diag.c src/diag.h \
	src/prog.c src/prog.h \
	src/prog-eval.c src/prog-eval.h \
	src/prog-print.c src/prog-print.h \
	src/verdict.c src/verdict.h \
	src/scn.c src/scn.h \
	src/scn-lex.c src/scn-lex.h \
	src/scn-parse.c src/scn-parse.h \
	src/scn-check.c src/scn-check.h \
	src/scn-find.c src/scn-find.h
