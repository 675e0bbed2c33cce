#!/bin/sh
# sweep.sh: `kitchensync sweep` runs each variant named at each rate given,
# one CSV line per variant and rate naming the variant, every arrival
# accounted for once (finished, timed out, refused or unfinished); the
# table says the same; bad options and scenarios without arrivals are
# refused with exit status 2.  Only floors are judged, never speed: a pool
# of four workers each waiting 40 ms serves at most 100 a second, so at
# 1000 a second most of its 400 clients must give up, however fast the
# machine; the loop holds one thread at every rate.
. "$KS_SRCDIR/tests/tap.sh"

server=$KS_SRCDIR/scenarios/server.ks

ks sweep --csv --rates 1000,2000 --variant pool --variant loop "$server"
check "sweep --csv: exit status 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || printf '%s\n' "$err" | sed 's/^/# /'
check "sweep --csv: a header and one line per variant and rate" \
    test "$(printf '%s\n' "$out" | wc -l)" -eq 5
check "sweep --csv: the header names the columns" \
    contains "$(printf '%s\n' "$out" | head -n 1)" "variant,offered_per_s,arrived,finished,timed_out,refused,unfinished"
check "sweep --csv: variants and rates in the order given" \
    test "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,2 | tr '\n' ' ')" = \
    "pool,1000.000 pool,2000.000 loop,1000.000 loop,2000.000 "
check "sweep --csv: every line has every column" \
    test "$(printf '%s\n' "$out" | awk -F, '{ print NF }' | sort -u)" = 18
check "sweep --csv: all 400 arrived at every rate" \
    test "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | sort -u)" = 400
check "sweep --csv: each arrival finished, timed out, was refused or left unfinished, once" \
    test -z "$(printf '%s\n' "$out" | sed 1d | awk -F, '$4 + $5 + $6 + $7 != $3')"
check "sweep --csv: four workers cannot keep up with 1000 a second: clients time out" \
    test "$(printf '%s\n' "$out" | awk -F, '$1 == "pool" && $2 == 1000 { print ($5 > 200) }')" = 1
check "sweep --csv: the loop is one thread at every rate" \
    test "$(printf '%s\n' "$out" | awk -F, '$1 == "loop" { print $11 }' | sort -u)" = 1

# export --svg: the CSV's curves as SVG that a real XML parser reads.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '%s\n' "$out" >"$tmp/sweep.csv"
# parses FILE: an XML parser reads it and its root is an SVG element; prints why not.
parses() {
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1" && grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$1"
	else
		python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$1"
	fi
}
if command -v xmllint >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1; then
	ks export --svg "$tmp/sweep.svg" "$tmp/sweep.csv"
	check "export --svg of a sweep: exit status 0" test "$rc" -eq 0
	check "export --svg of a sweep: the SVG parses" parses "$tmp/sweep.svg"
	check "export --svg of a sweep: a legend entry per variant" \
	    test "$(grep -c -e '>pool</text>' -e '>loop</text>' "$tmp/sweep.svg")" -eq 2
	check "export --svg of a sweep: a line per variant in each of the two charts" \
	    test "$(grep -c '<path fill="none"' "$tmp/sweep.svg")" -eq 4
	check "export --svg of a sweep: the deadline is drawn" grep -q '>deadline 500 ms</text>' "$tmp/sweep.svg"
else
	ks_n=$((ks_n + 1))
	echo "ok $ks_n - export --svg of a sweep parses # SKIP neither xmllint nor python3 is here"
fi
printf 'variant,offered_per_s\n' >"$tmp/bad.csv"
ks export --svg "$tmp/bad.svg" "$tmp/bad.csv"
check "export --svg of a file that is no sweep: exit status 2" test "$rc" -eq 2
check "export --svg of a file that is no sweep: file:line:col: error" contains "$err" "bad.csv:1:1: error: not a sweep's CSV"
check "export --svg of a file that is no sweep: no picture" test ! -e "$tmp/bad.svg"
{ head -n 2 "$tmp/sweep.csv"; echo "pool,1,2"; } >"$tmp/short.csv"
ks export --svg "$tmp/short.svg" "$tmp/short.csv"
check "export --svg of a cut line: exit status 2" test "$rc" -eq 2
check "export --svg of a cut line: says where" contains "$err" "short.csv:3:"
"$KITCHENSYNC" run --headless --record "$tmp/race.kst" "$KS_SRCDIR/scenarios/race.ks" >/dev/null 2>&1 </dev/null
ks export --svg "$tmp/race.svg" "$tmp/race.kst"
check "export --svg of a trace: exit status 2, not drawn yet" test "$rc" -eq 2
check "export --svg of a trace: says so" contains "$err" "cannot be drawn as SVG yet"
ks export --svg "$tmp/x.svg" --chrome "$tmp/x.json" "$tmp/sweep.csv"
check "export with both --svg and --chrome: exit status 2" test "$rc" -eq 2

ks sweep --headless --rates 2000 --variant loop "$server"
check "sweep table: exit status 0" test "$rc" -eq 0
check "sweep table: the head names the variant and its deadline" \
    contains "$out" "Sweep of server, variant loop (One event loop): 400 arrivals of Request a run, deadline 500 ms"
check "sweep table: the columns" contains "$out" "offered/s  served/s    p50 ms    p99 ms timed out  refused  threads"
check "sweep table: one row at 2000 a second" \
    test "$(printf '%s\n' "$out" | grep -c '^ *2000 ')" -eq 1

# the curves under the table, in ASCII with --ascii: a chart of p99 and one
# of throughput, each rate under its column, a legend naming the variants
COLUMNS=80 ks sweep --headless --ascii --rates 1000,2000 --variant pool --variant loop "$server"
check "sweep charts: exit status 0" test "$rc" -eq 0
check "sweep charts: the p99 chart" contains "$out" "p99 latency (ms) against offered load (arrivals per second):"
check "sweep charts: the throughput chart" contains "$out" "served per second against offered load:"
check "sweep charts: the legend" contains "$out" "  o pool  x loop  @ several  --- deadline"
check "sweep charts: the deadline's row is labelled" \
    test "$(printf '%s\n' "$out" | grep -c '^   500 |')" -eq 1
check "sweep charts: each rate under its column" \
    test "$(printf '%s\n' "$out" | grep -Ec '^ +1000 +2000 *$')" -eq 2
check "sweep charts: --ascii draws in ASCII only" \
    test -z "$(printf '%s\n' "$out" | LC_ALL=C grep -n '[^ -~]')"
check "sweep charts: no line wider than the 80 columns asked for" \
    test "$(printf '%s\n' "$out" | sed -n '/^p99 latency/,$p' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')" -le 80

ks sweep --rates 10,x "$server"
check "sweep --rates 10,x: exit status 2" test "$rc" -eq 2
check "sweep --rates 10,x: says why" contains "$err" "--rates takes arrivals per second"
ks sweep --rates 0 "$server"
check "sweep --rates 0: exit status 2" test "$rc" -eq 2
ks sweep --variant nosuch "$server"
check "sweep --variant nosuch: exit status 2" test "$rc" -eq 2
check "sweep --variant nosuch: names the variants there are" contains "$err" "has no variant 'nosuch'"
ks sweep "$KS_SRCDIR/scenarios/race.ks"
check "sweep of a scenario with no arrivals: exit status 2" test "$rc" -eq 2
check "sweep of a scenario with no arrivals: says why" contains "$err" "nothing to sweep"
ks sweep --csv --variant unsafe "$KS_SRCDIR/scenarios/race.ks"
check "sweep of a variant with no arrivals: exit status 2" test "$rc" -eq 2
check "sweep of a variant with no arrivals: says why" contains "$err" "no family arrives over time"
check "sweep of a variant with no arrivals: nothing is run" test -z "$out"
ks sweep --schedule 1 "$server"
check "sweep --schedule: not an option of sweep" test "$rc" -eq 2
done_testing
