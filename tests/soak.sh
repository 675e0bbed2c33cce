#!/bin/sh
# soak.sh (make soak): a scenario that never ends, live in the terminal UI
# in tmux for SOAK_SECONDS (600 unless set), with the memory of kitchensync
# and of its child processes (resident KiB, /proc/PID/status) sampled every
# SOAK_EVERY seconds (5).  Not part of make check: it takes ten minutes.
#
# The timeline keeps at most TL_DEFAULT_CAP events (src/tl.h: 4,194,304);
# past that it folds its oldest chunk of 16,384 events into a base snapshot
# and drops it (tl_drop_oldest in src/tl.c), and the Events pane's title
# says "(oldest dropped)".  tests/data/soak/forever.ks makes some 25,000
# events a second (60 loop tasks narrating and counting every 20 ms, a
# thread, a process), so the cap is reached after two to three minutes on
# an idle machine.  Memory still rises for as long again: until every event
# kept from before the cap has been dropped once, the heap holds a mix of
# what was allocated while growing and what is reused at the cap.  So the
# verdict looks only at the samples after one such turnover (from twice the
# time the screen took to say so): memory is flat when the least-squares
# trend over them, times their span, is under 1% of their mean plus 1 MiB,
# and none of them lies more than that above the first.  It fails when the
# cap is not reached in half the time, or fewer than 12 samples are left
# to judge, as then nothing can be judged.
#
# Environment (make soak sets the first three): KITCHENSYNC, KS_SRCDIR,
# KS_TESTDATA; SOAK_SECONDS, SOAK_EVERY.
: "${KITCHENSYNC:?}" "${KS_TESTDATA:?}"
secs=${SOAK_SECONDS:-600}
every=${SOAK_EVERY:-5}

if ! command -v tmux >/dev/null 2>&1; then
	echo "soak: SKIP: tmux is not installed"
	exit 77
fi

sock=ks-soak-$$
T() { tmux -L "$sock" "$@"; }
tmp=$(mktemp -d) || exit 99
cleanup() { T kill-server 2>/dev/null; [ -n "$sockpath" ] && rm -f "$sockpath"; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

screen() { T capture-pane -p -t soak 2>/dev/null; }
# wait_for TEXT: polls the pane for up to 30 s.
wait_for() {
	i=0
	while [ $i -lt 600 ]; do
		case $(screen) in *"$1"*) return 0;; esac
		sleep 0.05
		i=$((i + 1))
	done
	echo "soak: waited 30 s for: $1; the screen:"
	screen | sed 's/^/  |/'
	return 1
}
# tree PID: PID and every process below it.
tree() {
	echo "$1"
	for c in $(pgrep -P "$1"); do tree "$c"; done
}
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
# ticks PID: its CPU time so far, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)

T -f /dev/null new-session -d -s soak -x 100 -y 30 \
    "env -u TMUX LC_ALL=C.UTF-8 TERM=xterm-256color '$KITCHENSYNC' run '$KS_TESTDATA/soak/forever.ks'; echo status=\$?; sleep 600" || exit 99
# tmux leaves its socket behind when killed: cleanup removes it.
sockpath=$(T display-message -p '#{socket_path}')
wait_for "LIVE" || exit 1
shell=$(T display-message -p -t soak '#{pane_pid}')
pid=$(pgrep -P "$shell" -x kitchensync | head -1)
[ -z "$pid" ] && pid=$shell  # exec'd in place
echo "soak: kitchensync $pid, ${secs} s, a sample every ${every} s"
echo "soak:   time  kitchensync KiB  children KiB  total KiB  its CPU  timeline"

start=$(date +%s)
cap_at=
last_t=$start last_ticks=$(ticks "$pid")
: >"$tmp/samples"
while :; do
	now=$(date +%s)
	el=$((now - start))
	[ "$el" -ge "$secs" ] && break
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "soak: FAIL: kitchensync ended after $el s"
		screen | sed 's/^/  |/'
		exit 1
	fi
	main=$(rss "$pid")
	kids=0
	for p in $(tree "$pid"); do
		[ "$p" = "$pid" ] && continue
		r=$(rss "$p")
		kids=$((kids + ${r:-0}))
	done
	# its CPU use since the last sample, in per cent of one CPU
	tk=$(ticks "$pid")
	cpu=$(( (${tk:-0} - ${last_ticks:-0}) * 100 / hz / (now > last_t ? now - last_t : 1) ))
	last_t=$now last_ticks=$tk
	state="filling"
	if [ -z "$cap_at" ] && screen | grep -q "(oldest dropped)"; then
		cap_at=$el
	fi
	[ -n "$cap_at" ] && state="at its cap since ${cap_at} s"
	printf 'soak: %5d s  %15s  %12s  %9s  %6s%%  %s\n' "$el" "$main" "$kids" $((main + kids)) "$cpu" "$state"
	[ -n "$cap_at" ] && [ "$el" -ge $((2 * cap_at)) ] && echo "$el $((main + kids))" >>"$tmp/samples"
	if [ -z "$cap_at" ] && [ "$el" -gt $((secs / 2)) ]; then
		echo "soak: FAIL: the timeline did not reach its cap in $el s, half the time (a busy machine?): nothing to judge"
		exit 1
	fi
	sleep "$every"
done

T send-keys -t soak q
wait_for "status=" >/dev/null || echo "soak: q did not end kitchensync"
status=$(screen | sed -n 's/^status=\([0-9]*\).*/\1/p' | tail -1)
echo "soak: q: exit status ${status:-none}"

if [ -z "$cap_at" ]; then
	echo "soak: FAIL: the timeline never reached its cap: nothing to judge"
	exit 1
fi
awk -v every="$every" '
	{ t[NR] = $1; m[NR] = $2; st += $1; sm += $2 }
	END {
		n = NR
		if (n < 12) {
			printf "soak: FAIL: only %d samples after a turnover at the cap (give SOAK_SECONDS more)\n", n
			exit 1
		}
		mt = st / n; mm = sm / n
		for (i = 1; i <= n; i++) { sxy += (t[i] - mt) * (m[i] - mm); sxx += (t[i] - mt) ^ 2 }
		slope = sxx > 0 ? sxy / sxx : 0          # KiB per second
		span = t[n] - t[1]
		drift = slope * span
		top = m[1]
		for (i = 1; i <= n; i++) if (m[i] > top) top = m[i]
		allow = mm / 100 + 1024
		printf "soak: %d samples over %d s after a turnover at the cap: first %d KiB, last %d KiB, mean %d KiB, highest %d KiB\n", n, span, m[1], m[n], mm, top
		printf "soak: trend %+.1f KiB/min, %+d KiB over the span; allowed %d KiB\n", slope * 60, drift, allow
		if (drift <= allow && top - m[1] <= allow) { print "soak: PASS: memory is flat at the cap"; exit 0 }
		print "soak: FAIL: memory grows at the cap"
		exit 1
	}' "$tmp/samples"
