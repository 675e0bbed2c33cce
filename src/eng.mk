## The engine: shared state and primitives, the interpreter, loop tasks on
## libuv, the supervisor and its public API, and the `run` command.
src_libks_a_SOURCES += \
	src/eng.c src/eng.h src/eng-int.h \
	src/eng-sync.c src/eng-sync.h \
	src/eng-run.c \
	src/eng-loop.c \
	src/run-out.c src/run-out.h \
	src/cmd-run.c
