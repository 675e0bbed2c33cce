## The core library: command line, diagnostics, helpers.
src_libks_a_SOURCES += \
	src/cli.c src/cli.h \
	src/cmd.c src/cmd.h \
	src/i18n.h \
	src/progress.c src/progress.h \
	src/xalloc.c src/xalloc.h
