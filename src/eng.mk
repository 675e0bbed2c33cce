## The engine: shared state and primitives, the interpreter, loop tasks on
## libuv, the supervisor and its public API, and the `run` command.
src_libks_a_SOURCES += \
	src/eng.c src/eng.h src/eng-int.h \
	src/eng-sup.c src/eng-outcome.c src/eng-policy.c \
	src/eng-launch.c src/eng-loop.c src/eng-op.c src/eng-work.c src/eng-emit.c \
	src/eng-sync.c src/eng-sync.h src/eng-sync-int.h src/eng-detect.c src/eng-slot.c \
	src/run-out.c src/run-out.h \
	src/cmd-run.c \
	src/sweep.c src/sweep.h src/sweep-plot.c src/sweep-plot.h src/cmd-sweep.c \
	src/export-svg.c src/export-svg.h
