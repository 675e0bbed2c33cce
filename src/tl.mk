## The timeline model and its terminal-free outputs: headless text timeline,
## trace files, Chrome Trace Event export, and the replay / export commands.
src_libks_a_SOURCES += \
	src/tl.c src/tl.h \
	src/tl-at.c src/tl-at.h \
	src/tl-crowd.c src/tl-crowd.h src/tl-cvec.h \
	src/tl-axis.c src/tl-axis.h \
	src/tl-text.c src/tl-text.h \
	src/tl-verdict.c src/tl-verdict.h \
	src/trace.c src/trace.h \
	src/export-chrome.c src/export-chrome.h \
	src/cmd-trace.c

# The headless timeline's layout, for the kitchensync(1) author.
EXTRA_DIST += man/timeline-layout.txt
# The recorder's contract header, which the model reads (the recorder's own
# fragment may list it too: dist deduplicates).
EXTRA_DIST += src/rec.h
