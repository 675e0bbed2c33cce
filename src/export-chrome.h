/* export-chrome.h: a run as Chrome Trace Event Format JSON (opens in Perfetto and chrome://tracing).
 *
 * Tracks: one "process" per scenario process (pid 1 is the main process that
 * holds the scenario's threads and loops; a `process` actor P gets pid P+2),
 * one "thread" per actor (tid = actor index + 1), and a "CPUs" process
 * (pid 100000) with a thread per CPU (tid = cpu + 1).  Events:
 *   - metadata ("ph":"M"): process_name, thread_name, thread_sort_index;
 *   - complete events ("ph":"X", cat "state") for every state span but
 *     "not started" and "done", named by the state; on the CPU tracks, one per
 *     running span, named by the actor;
 *   - instant events ("ph":"i", thread scope) for lock, value, queue,
 *     narration and problem events; run end and expectations are global;
 *   - flow events ("ph":"s" / "f", cat "unblock") from the release that let
 *     an actor in to its acquire, and from a wake to the woken actor;
 *   - counter events ("ph":"C", one series per key of "args"; a counter is
 *     a track of its process): "threads" and "memory (RSS, KiB)" (cat
 *     "metric", pid 1) at every REC_METRIC sample; per family (cat "crowd",
 *     the pid of its first member) "NAME states", its members per state as
 *     stacked series (exact, at every time the counts change, up to 20,000
 *     changes; beyond, the average over each of 500 columns of the run),
 *     "NAME in flight" (exact, at every change), and from tl_metric_columns
 *     over 500 columns of the run, written where a value changes:
 *     "NAME done/s" and "NAME latency"
 *     (series "p50 ms" and "p99 ms"; columns where nobody finished are left out).
 * Timestamps are microseconds from the run's start, with nanosecond decimals.
 */
#ifndef KS_EXPORT_CHROME_H
#define KS_EXPORT_CHROME_H

#include <stdio.h>

#include "tl.h"

/* Writes the JSON for TL to OUT; returns 0, or -1 when writing failed. */
int export_chrome(FILE *out, const struct tl *tl);

#endif
