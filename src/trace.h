/* trace.h: saved runs (`run --record FILE`, `replay FILE`, `export`).
 *
 * A trace embeds the scenario's source so it replays anywhere, even where
 * the scenario file does not exist.  Format, version 1, every integer
 * little-endian, no padding:
 *
 *   offset  size  field
 *        0     8  magic "KSTRACE" followed by byte 0x1a
 *        8     2  version (1)
 *       10     2  bytes per event record (32)
 *       12     4  flags (0; readers reject unknown flags)
 *       16     8  number of events N (0 while a recording is unfinished)
 *       24     8  events the recorder dropped (its rings were full)
 *       32     4  length P of the scenario path (at most 4096)
 *       36     4  length V of the variant name (at most 4096; 0: the first variant)
 *       40     4  length S of the scenario source (at most 16 MiB)
 *       44     4  CRC-32 of bytes 0 to 43 (the header; written last)
 *       48     P  the path as recorded, UTF-8, no NUL
 *     48+P     V  the variant name
 *   48+P+V     S  the scenario source, byte for byte
 *  then N event records of 32 bytes:
 *        0     8  t_ns (CLOCK_MONOTONIC; nondecreasing from record to record)
 *        8     8  value (signed)
 *       16     4  op (signed; -1 none)
 *       20     2  actor (signed; -1 the run)
 *       22     2  other (signed)
 *       24     2  res (signed)
 *       26     1  kind (enum rec_kind, below REC_KIND_COUNT)
 *       27     1  state (enum rec_state, below REC_ST_COUNT)
 *       28     2  cpu (65535 unknown)
 *       30     2  writer (the ring that carried it)
 *  and last, 4 bytes: CRC-32 (the zlib/PNG polynomial) of every byte from
 *  offset 48 up to the CRC, so a flipped bit is caught.
 *
 * A reader checks the magic, version, sizes against the file's length,
 * the checksum and each record (kind, state, time order); any failure is an
 * error that names the file and the byte offset.  It reads no more than the
 * header's own sizes call for.
 *
 * A recording is written to FILE.partial-PID beside FILE, each batch flushed
 * as it comes, and renamed to FILE once complete.  A run killed mid-way
 * leaves only the partial file: its count and header checksum are still 0.
 * Such an unfinished trace is read up to its last whole event, with a
 * warning (trace.warning), since nothing after the header can be checked.
 */
#ifndef KS_TRACE_H
#define KS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rec.h"

#define TRACE_VERSION 1
#define TRACE_HEADER_SIZE 48
#define TRACE_EVENT_SIZE 32
#define TRACE_MAX_NAME 4096
#define TRACE_MAX_SOURCE ((uint64_t)16 << 20)

struct trace {
	char *path;             /* the scenario's path when it was recorded */
	char *variant;          /* the variant's name, "" for the first */
	char *source;           /* the scenario's source, NUL-terminated for convenience */
	size_t source_len;
	struct rec_event *events;
	size_t nevents;
	uint64_t rec_dropped;
	char *warning;          /* NULL, or why the trace is incomplete ("FILE: warning: ...") */
};

/*
 * Reads FILE.  Returns 0 with *OUT set, or -1 with *ERR set to an allocated
 * message "FILE: error: at byte N: ..." (no trailing newline).
 */
int trace_read(const char *file, struct trace **out, char **err);
/* The same from LEN bytes at BUF; NAME is used in messages. */
int trace_read_mem(const char *name, const void *buf, size_t len, struct trace **out, char **err);
void trace_free(struct trace *tr);

/*
 * An output file written atomically: under a temporary name beside FILE
 * (through a symbolic link: beside its target), renamed over FILE by
 * trace_out_commit after an fsync, removed by trace_out_discard.  A FILE
 * that exists and is not a regular file (a device, a fifo) is written in
 * place.  RW: opened for reading too.  Returns the stream, or NULL with
 * *ERR set ("FILE: error: ...").
 */
struct trace_out {
	FILE *f;
	char *file;  /* the final name */
	char *tmp;   /* the temporary one, or NULL when writing in place */
};
FILE *trace_out_open(struct trace_out *o, const char *file, bool rw, char **err);
/* Flushes, syncs, closes and renames.  Returns 0, or -1 with *ERR set (the temporary is removed). */
int trace_out_commit(struct trace_out *o, char **err);
/* Closes and removes the temporary: FILE is left as it was. */
void trace_out_discard(struct trace_out *o);

/* Whether a trace can be recorded to FILE at all: it names something, and
 * not a pipe, a socket or a terminal (the count and checksum are written
 * back into the header at the end, so the file must be seekable).  False
 * with *ERR set ("FILE: error: ..."), before anything is run or created. */
bool trace_writer_can(const char *file, char **err);

/* Writing as a run goes: the header first, events in batches, then the count and checksum. */
struct trace_writer;
struct trace_writer *trace_writer_new(const char *file, const char *path, const char *variant,
    const char *source, size_t source_len, char **err);
int trace_writer_add(struct trace_writer *w, const struct rec_event *ev, size_t n, char **err);
/*
 * Completes the file, puts it in place and frees W (also on error).  Returns
 * 0, or -1 with *ERR set, or set to NULL when trace_writer_add already
 * reported the failure.  On failure FILE is left as it was.
 */
int trace_writer_finish(struct trace_writer *w, uint64_t rec_dropped, char **err);
/* Drops the recording: removes the temporary file, leaves FILE as it was, frees W. */
void trace_writer_discard(struct trace_writer *w);
/* Writes TR to FILE in one go. */
int trace_write(const char *file, const struct trace *tr, char **err);

#endif
