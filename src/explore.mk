## explore: every interleaving of a variant's steps, searched without threads,
## and the `explore` command.
src_libks_a_SOURCES += \
	src/explore.c src/explore.h \
	src/explore-step.c src/explore-step.h \
	src/cmd-explore.c
