#!/bin/sh
# crowd.sh: the crowds files run headless to the end and report every member:
# 2,000 requests on a thread each, a fixed pool, 10,000 tasks on one loop.
. "$KS_SRCDIR/tests/tap.sh"
D="$KS_TESTDATA/eng"

ks run --headless "$D/crowd-per-request.ks"
check "thread per request runs to the end" contains "$out" "finished after"
check "thread per request: every handler accounted for" contains "$out" "Handler: 2000 arrived: 2000 finished in time, 0 timed out, 0 refused, 0 unfinished"
check "thread per request: latency percentiles" contains "$out" "latency p50"
check "thread per request: the run's threads and memory" contains "$out" "processes at once"
check "thread per request exits 0" test "$rc" -eq 0

ks run --headless "$D/crowd-pool.ks"
check "the pool runs to the end" contains "$out" "finished after"
check "the pool: 400 requests arrived" contains "$out" "Request: 400 arrived:"
check "the pool: some requests timed out (4 workers, 20 ms each, one request a ms)" \
	sh -c 'echo "$1" | grep -q "Request: 400 arrived: [0-9]* finished in time, [1-9][0-9]* timed out"' - "$out"

ks run --headless "$D/crowd-loop.ks"
check "10,000 tasks run to the end" contains "$out" "finished after"
check "10,000 tasks: every one accounted for" contains "$out" "Request: 10000 arrived: 10000 finished in time, 0 timed out, 0 refused, 0 unfinished"
check "10,000 tasks: one thread served them" contains "$out" "at most 1 threads and 0 processes at once"
check "10,000 tasks exit 0" test "$rc" -eq 0

ks run --headless --repeat 2 "$D/crowd-loop.ks"
check "--repeat tallies the family over every run" contains "$out" "Request, over every run: 20000 arrived"
done_testing
