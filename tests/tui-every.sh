#!/bin/sh
# tui-every.sh: every shipped scenario and variant in the terminal UI, on the
# real binary in tmux.  Each variant is opened live and walked with fixed keys
# (a family's group row: e, Enter; the program pane; step mode: s, n; the next
# variant: v; the comparison: c), then sent a seeded random sequence of keys and
# resizes (the key fuzzer).  After each: no crash (the exit status, no core),
# nothing on stderr from the sanitizers, the terminal's modes as they were
# before (stty, the alternate screen, the cursor, the mouse and keypad modes),
# no process left.  A trace of a variant with only family rows is replayed too.
#
# KS_FUZZ_SEED (default: the time) seeds the keys, printed first so a failure
# can be replayed; KS_FUZZ_KEYS (default 12) random keys per variant and
# KS_FUZZ_ROUNDS (default 1) sequences per variant make a longer run (.ci/run);
# KS_EVERY="race server" walks those scenarios only.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-every-$$ WAIT_S=10
. "$KS_SRCDIR/tests/tmux.sh"

seed=${KS_FUZZ_SEED:-$(date +%s)}
nkeys=${KS_FUZZ_KEYS:-12}
rounds=${KS_FUZZ_ROUNDS:-1}
echo "# KS_FUZZ_SEED=$seed KS_FUZZ_KEYS=$nkeys KS_FUZZ_ROUNDS=$rounds"

# One run in the pane: the terminal's modes before and after, the status, then
# a sleep that swallows whatever keys come after kitchensync has gone.
cat >"$tmp/one.sh" <<ONE
#!/bin/sh
n=\$1; shift
export XDG_STATE_HOME='$tmp/state' KITCHENSYNC_PATH= LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= TERM=xterm-256color
case \$1 in TERM=*) export "\$1"; shift;; esac  # a terminal type to try
KS_PIN=; case \$1 in one-cpu) KS_PIN='taskset -c 0'; shift;; esac  # one CPU for every thread
cd '$tmp/run' || exit 1
stty -g >'$tmp/stty-before'
\$KS_PIN '$KITCHENSYNC' "\$@" 2>'$tmp/err'
echo \$? >'$tmp/rc.tmp'
stty -g >'$tmp/stty-after'
mv '$tmp/rc.tmp' "$tmp/rc.\$n"
exec sleep 100000
ONE
chmod +x "$tmp/one.sh"
mkdir "$tmp/run" || exit 99
# The modes the UI may change, as tmux sees the pane.
modes() { T display-message -p -t ks '#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_cursor_flag}'; }
T -f /dev/null new-session -d -s ks -x 100 -y 30 "sleep 100000" || exit 99
T set-option -g remain-on-exit on >/dev/null
modes_before=$(modes)

runs=0
# start ARGS...: runs kitchensync with ARGS in the pane.
start() {
	runs=$((runs + 1))
	rm -f "$tmp/err"
	T resize-window -t ks -x 100 -y 30
	T respawn-pane -k -t ks "$tmp/one.sh $runs $*"
	shell_pid=$(T display-message -p -t ks '#{pane_pid}')
}
# ended: kitchensync has exited (within WAIT_S seconds).
ended() {
	i=0
	while [ $i -lt $((WAIT_S * 20)) ]; do
		[ -f "$tmp/rc.$runs" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# quit: q; then, were it still open, Esc and q, then Ctrl-C.  True when it ended.
quit() {
	T send-keys -t ks q
	ended && return 0
	echo "# q did not quit; the screen:"; screen | sed 's/^/#  |/'
	T send-keys -t ks Escape q
	ended && return 0
	T send-keys -t ks C-c
	ended
}
# clean WHAT: the run ended well: its status, no core, no sanitizer report, the
# terminal's modes back, no process left.  One check line for all of it.
clean() {
	rc=$(cat "$tmp/rc.$runs" 2>/dev/null)
	ok=true
	case $rc in
	0|1) ;;
	*) echo "# $1: exit status '$rc'"; ok=false;;
	esac
	if ls "$tmp/run" | grep -q core; then echo "# $1: a core file"; ok=false; fi
	if grep -Eq 'Sanitizer|runtime error|LeakSanitizer' "$tmp/err" 2>/dev/null; then
		echo "# $1: a sanitizer report:"; sed 's/^/#  /' "$tmp/err" | head -40; ok=false
	fi
	if ! cmp -s "$tmp/stty-before" "$tmp/stty-after"; then
		echo "# $1: the terminal's settings changed: $(cat "$tmp/stty-before") -> $(cat "$tmp/stty-after")"; ok=false
	fi
	m=$(modes)
	if [ "$m" != "$modes_before" ]; then
		echo "# $1: the pane's modes (alternate cursor mouse keypad) $modes_before -> $m"; ok=false
	fi
	no_procs || ok=false
	$ok
}
# header K N V: waits for the header of variant K of N, V (a question about it
# is skipped with Esc first).
header() {
	hk=0
	while [ $hk -lt 8 ]; do
		case $(screen) in
		*"Predict, then watch"*) T send-keys -t ks Escape;;
		*"[$1/$2 $3"*) return 0;;
		esac
		[ -f "$tmp/rc.$runs" ] && break
		wait_re "Predict, then watch|\\[$1/$2 $3" 2 >/dev/null
		hk=$((hk + 1))
	done
	wait_for "[$1/$2 $3"
}

# The shipped scenarios and their variants, as `list` prints them.
"$KITCHENSYNC" list </dev/null | awk '
	/^[^ ]/ { s = $1 }
	/^ +variants:/ { sub(/^ +variants: */, ""); n = split($0, v, /, */); for (i = 1; i <= n; i++) print s, i, n, v[i] }
' >"$tmp/variants"
check "list names the shipped variants" test "$(wc -l <"$tmp/variants")" -gt 20
# KS_EVERY="race deadlock": those scenarios only (a failure looked at again).
if [ -n "${KS_EVERY:-}" ]; then
	for s in $KS_EVERY; do grep "^$s " "$tmp/variants"; done >"$tmp/variants.some"
	mv "$tmp/variants.some" "$tmp/variants"
fi

# walked WHAT: the walk's waits held ($ok) and the run ended clean.
walked() { clean "$1" && $ok; }

# The fixed walk: every variant opens live (a question skipped), its family's
# group row opens and folds, the program pane, step mode and a step, the next
# variant (v), the comparison (c), quit.
while read -r s idx cnt v; do
	start --no-progress run --variant "$v" "$s"
	if ! header "$idx" "$cnt" "$v"; then
		check "$s $v: opens in the UI" false
		quit; clean "$s $v" >/dev/null
		continue
	fi
	T send-keys -t ks e Enter Enter p p s n n
	T send-keys -t ks v
	next=$((idx % cnt + 1))
	nv=$(awk -v s="$s" -v k="$next" '$1 == s && $2 == k { print $4 }' "$tmp/variants")
	ok=true
	header "$next" "$cnt" "$nv" || ok=false
	T send-keys -t ks e c
	wait_for "Every variant on one time axis" || ok=false
	T send-keys -t ks c
	quit || ok=false
	check "$s $v: live, e Enter p s n, v to $nv, c, q: no crash, terminal back" walked "$s $v"
done <"$tmp/variants"

# A recorded run of a variant whose workers are all in families (the server's
# per_request: the Internet is a loop of tasks, the requests a family), replayed.
"$KITCHENSYNC" run --headless --variant per_request --record "$tmp/run/per_request.kst" server \
	>/dev/null 2>&1 </dev/null
check "a run of the server's per_request variant is recorded" test -s "$tmp/run/per_request.kst"
start replay per_request.kst
check "its replay opens" wait_for "REPLAY"
T send-keys -t ks e Enter p '[' ']' z
check "... e, Enter, p, [, ], z and q" quit
check "... leave it clean" clean "replay per_request"

# Terminals the UI cannot draw on are refused, the terminal left as it was:
# an unknown type, and one that cannot move its cursor (TERM=dumb).
for t in nosuch-terminal dumb; do
	start TERM=$t --no-progress run race
	ended
	check "TERM=$t: refused (exit 2)" test "$(cat "$tmp/rc.$runs" 2>/dev/null)" = 2
	check "TERM=$t: says why" grep -q "cannot use the terminal type '$t'" "$tmp/err"
	check "TERM=$t: the terminal's settings and modes as before" \
	    sh -c 'cmp -s "$1/stty-before" "$1/stty-after" && [ "$2" = "$3" ]' - "$tmp" "$(modes)" "$modes_before"
done

# The CPUs busy (two workers spinning on one CPU, taskset): the end box, the
# state pane and the comparison say so, with the headless report's words.
if command -v taskset >/dev/null; then
	cp "$KS_TESTDATA/busy/one-cpu.ks" "$tmp/run/" || exit 99
	start one-cpu --no-progress run one-cpu.ks
	check "a run on one busy CPU asks how long first" wait_for "Predict, then watch"
	T send-keys -t ks 2 Enter
	check "... ends" wait_for "NOT met: elapsed < 150ms"
	check "... and the end box says the CPUs were busy" wait_re "│ . the CPUs were busy: durations ended up to"
	T send-keys -t ks Escape
	check "... and the state pane" wait_re "│.  the CPUs were busy: durations ended up to"
	check "the event log has no metric samples (threads: N, memory: N KiB)" \
		sh -c '! printf "%s\n" "$1" | grep -Eq "(threads: [0-9]|memory: [0-9]+ KiB)"' - "$(screen)"
	T send-keys -t ks c
	check "the comparison runs it again" wait_for "Every variant on one time axis"
	check "... says so" wait_re "^  the CPUs were busy: durations ended up to"
	quit
	check "... and quits clean" clean "one-cpu"
fi

# The key fuzzer: per variant, seeded random keys and resizes, then q.
keys='v c e Enter 1 2 3 4 5 6 7 8 9 n u h s r z Z [ ] Escape q ? Space Tab BTab Up Down Left Right a p f g G { } + - . j k BSpace x'
sizes='100x30 80x24 120x45 70x20 200x50 90x28'
fuzz_n=0
while read -r s idx cnt v; do
	r=0
	while [ $r -lt "$rounds" ]; do
		fuzz_n=$((fuzz_n + 1))
		# The sequence: seed, variant and round decide it (awk's own generator).
		seq=$(awk -v seed="$seed" -v i="$fuzz_n" -v n="$nkeys" -v keys="$keys" -v sizes="$sizes" 'BEGIN {
			srand(seed * 1000 + i); nk = split(keys, K, " "); ns = split(sizes, S, " ")
			for (j = 0; j < n; j++)
				printf "%s ", rand() < 0.08 ? "resize:" S[1 + int(rand() * ns)] : K[1 + int(rand() * nk)]
		}')
		start --no-progress run --variant "$v" "$s"
		header "$idx" "$cnt" "$v" >/dev/null
		for key in $seq; do
			case $key in
			resize:*) wh=${key#resize:}; T resize-window -t ks -x "${wh%x*}" -y "${wh#*x}";;
			*) T send-keys -t ks "$key";;
			esac
		done
		quit >/dev/null
		if ! check "fuzz $s $v #$fuzz_n: no crash, terminal back" clean "fuzz $s $v"; then
			echo "# the keys: $seq"
		fi
		r=$((r + 1))
	done
done <"$tmp/variants"
done_testing
