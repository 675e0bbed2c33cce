## The recorder: per-writer chains of chunks from one shared pool, merged by time.
src_libks_a_SOURCES += src/rec.c src/rec.h
