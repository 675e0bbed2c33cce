## The recorder: per-writer lock-free rings in one shared mapping.
src_libks_a_SOURCES += src/rec.c src/rec.h
