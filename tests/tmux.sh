# tmux.sh: what the shell tests that drive the real binary in tmux share:
# a private server, the pane's text, and waits for a screen state (never a
# fixed time).  Sourced after tap.sh, with SOCK set to the server's name
# and WAIT_S to how long a wait may take (default 10 s).  Sets $tmp and a
# trap that kills the server and removes $tmp.

if ! command -v tmux >/dev/null 2>&1; then
	echo "ok 1 # SKIP tmux is not installed"
	echo "1..1"
	exit 0
fi

T() { tmux -L "$SOCK" "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$tmp"; }
tmp=$(mktemp -d) || exit 99
trap cleanup EXIT INT TERM

# screen: the pane's text now.
screen() { T capture-pane -p -t ks 2>/dev/null; }
# wait_for TEXT: polls the pane for up to WAIT_S seconds.
wait_for() {
	i=0 n=$(( ${WAIT_S:-10} * 20 ))
	while [ $i -lt $n ]; do
		case $(screen) in *"$1"*) return 0;; esac
		sleep 0.05
		i=$((i + 1))
	done
	printf '# waited %s s for: %s\n# the screen:\n' "${WAIT_S:-10}" "$1"
	screen | sed 's/^/#  |/'
	return 1
}
# wait_gone TEXT: polls until TEXT is no longer on screen.
wait_gone() {
	i=0 n=$(( ${WAIT_S:-10} * 20 ))
	while [ $i -lt $n ]; do
		case $(screen) in *"$1"*) ;; *) return 0;; esac
		sleep 0.05
		i=$((i + 1))
	done
	printf '# still on screen after %s s: %s\n' "${WAIT_S:-10}" "$1"
	return 1
}
# wait_re REGEX [SECONDS]: polls until a line matches REGEX (grep -E), WAIT_S or SECONDS.
wait_re() {
	i=0 n=$(( ${2:-${WAIT_S:-10}} * 20 ))
	while [ $i -lt $n ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	printf '# waited %s s for a line matching: %s\n# the screen:\n' "${2:-${WAIT_S:-10}}" "$1"
	screen | sed 's/^/#  |/'
	return 1
}
# procs: every process in the pane's session but its shell ($shell_pid).
procs() {
	sid=$(ps -o sid= -p "$shell_pid" | tr -d ' ')
	ps -e -o sid=,pid=,comm= | awk -v s="$sid" -v sh="$shell_pid" '$1 == s && $2 != sh { print $2, $3 }'
}
# no_procs: polls (up to 5 s) until procs lists nothing; else says what is left.
no_procs() {
	i=0
	while [ $i -lt 100 ]; do
		[ -z "$(procs)" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	printf '# left behind:\n'; procs | sed 's/^/#  /'
	return 1
}
# grant N: step the worker of row N (N, then n), again while it is still busy
# with its last step, until the header's step count grows.
grant() {
	steps=$(screen | sed -n 's/.* step \([0-9]*\) .*/\1/p' | head -n 1)
	i=0
	while [ $i -lt 50 ]; do
		T send-keys -t ks "$1" n
		wait_re " step $((steps + 1)) " 1 >/dev/null 2>&1 && return 0
		i=$((i + 1))
	done
	printf '# worker %s never took step %s\n' "$1" "$((steps + 1))"
	return 1
}
# follow_hint TEXT MAX: at most MAX times, asks for the hint (h) and steps the
# worker it names (its number, n), until TEXT is on screen.  A worker still busy
# with its step is asked again until it takes the grant (the step count grows).
follow_hint() {
	k=0
	while [ $k -lt "$2" ]; do
		case $(screen) in *"$1"*) return 0;; esac
		T send-keys -t ks h
		wait_re "Next on a shortest way: [0-9]|$1" >/dev/null || return 1
		who=$(screen | sed -n 's/.*Next on a shortest way: \([0-9]\).*/\1/p' | head -n 1)
		[ -n "$who" ] || break
		grant "$who" || return 1
		k=$((k + 1))
	done
	wait_for "$1"
}
