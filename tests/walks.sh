#!/bin/sh
# walks.sh: every lesson of kitchensync-tutorial(7) walked in tmux, on the
# shipped scenarios, at 80x24 and at 100x30, from the table in
# tests/data/walks: for each lesson, the commands the text gives, the keys it
# says to press, and what it says the screen then shows.  The text's claims
# about the screen are checked, not only its commands: a change to a
# scenario, a key or the text that breaks a lesson fails here.
#
# Determinism: every wait is a bounded poll for screen content (tests/tmux.sh);
# claims that depend on the machine's speed are not in the table, and the
# runs that must end a certain way are in step mode or on a schedule.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-walk-$$ WAIT_S=${KS_WALK_WAIT:-30}
. "$KS_SRCDIR/tests/tmux.sh"

walks=$KS_TESTDATA/walks
tutorial=$KS_SRCDIR/man/kitchensync-tutorial.7

# The table's rows: LESSON | KEYS | SCREEN, with blank lines and # comments
# left out and the fields trimmed (separated by the unit separator, \037,
# from here on: empty fields stay fields).
rows() {
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$walks" |
		awk -F'|' '{ for (i = 1; i <= 4; i++) { gsub(/^[ \t]+|[ \t]+$/, "", $i) } print $1 "\037" $2 "\037" $3 "\037" $4 }'
}
us=$(printf '\037')

# The tutorial's commands, as a reader types them.
. "$KS_SRCDIR/tests/tutorial.sh"
tut_commands() { tutorial_examples | sed -n 's/^cmd //p' | tr -s ' '; }
# The tutorial's lessons: 1.1, 1.2, ...
tut_lessons() { sed -n 's/^\.SS \([0-9][0-9]*\.[0-9][0-9]*\) .*/\1/p' "$tutorial"; }

# The table follows the text: each of its commands is one the tutorial
# gives, and each lesson of the tutorial is walked.
rows >"$tmp/rows"
tut_commands >"$tmp/commands"
cut -d "$us" -f2 "$tmp/rows" | sed -n 's/^\$ //p' | tr -s ' ' | sort -u >"$tmp/walked-commands"
while IFS= read -r c; do
	check "walks: the tutorial gives the command $c" grep -qxF -- "$c" "$tmp/commands"
done <"$tmp/walked-commands"
for l in $(tut_lessons); do
	check "walks: lesson $l is walked" sh -c 'cut -d "$3" -f1 "$1" | grep -qxF -- "$2"' sh "$tmp/rows" "$l" "$us"
done

# end_command: whatever the pane runs (a kitchensync of the last row) ends:
# F10 quits from everywhere (q would be typed into an open question).
end_command() {
	k=0
	while [ -n "$(procs)" ] && [ $k -lt 3 ]; do
		T send-keys -t ks F10
		i=0
		while [ -n "$(procs)" ] && [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		k=$((k + 1))
	done
	[ -z "$(procs)" ] || { echo "# the last command did not end on F10"; return 1; }
}

# lacks TEXT: TEXT is not on the screen now.
lacks() {
	case $(screen) in *"$1"*) printf '# on screen, and should not be: %s\n' "$1"; screen | sed 's/^/#  |/'; return 1;; esac
	return 0
}

# step LESSON KEYS SCREEN SIZE: one row of the table.
step() {
	keys=$2 want=$3 ok=true
	case $keys in
	'$ '*)
		end_command || ok=false
		T send-keys -t ks "clear; ${keys#\$ }" Enter ;;
	hint:*)
		follow_hint "$want" "${keys#hint:}" || ok=false
		want= ;;
	'') ;;
	*)
		for k in $keys; do
			case $k in
			grant:*) grant "${k#grant:}" || ok=false ;;
			*) T send-keys -t ks "$k" ;;
			esac
		done ;;
	esac
	case $want in
	'') ;;
	'~'*) wait_re "${want#\~}" || ok=false ;;
	'!'*) lacks "${want#!}" || ok=false ;;
	*) wait_for "$want" || ok=false ;;
	esac
	$ok
}

for size in ${KS_WALK_SIZES:-80x24 100x30}; do
	T kill-server 2>/dev/null
	cat >"$tmp/rc" <<RC
PS1='walk\$ '
kitchensync() { "\$KS_BIN" "\$@"; }
RC
	T -f /dev/null new-session -d -s ks -x "${size%x*}" -y "${size#*x}" \
		"env -u TMUX ENV=$tmp/rc sh -i" || exit 99
	shell_pid=$(T display-message -p -t ks '#{pane_pid}')
	mkdir -p "$tmp/$size"
	T send-keys -t ks "export KS_BIN='$KITCHENSYNC' KITCHENSYNC_PATH='$KS_SRCDIR/scenarios' XDG_STATE_HOME='$tmp/$size' LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= TERM=xterm-256color NO_COLOR=; cd '$tmp/$size'" Enter
	wait_for 'walk$' >/dev/null
	while IFS=$us read -r lesson keys want todo; do
		# KS_WALK_FROM=N starts at lesson N (while mending a lesson by hand)
		[ "${lesson%%.*}" -ge "${KS_WALK_FROM:-0}" ] || continue
		desc="$size $lesson: ${keys:-(no keys)} -> ${want:-(nothing to see)}"
		if [ -n "$todo" ] && ! step "$lesson" "$keys" "$want" </dev/null; then
			# a known bug, named in the table's fourth field: TAP's TODO
			# (an expected failure: not counted against the exit status)
			ks_n=$((ks_n + 1))
			echo "not ok $ks_n - $desc # TODO ${todo#todo }"
			continue
		fi
		[ -n "$todo" ] && { check "$desc" true; continue; }
		check "$desc" step "$lesson" "$keys" "$want" </dev/null
	done <"$tmp/rows"
	check "$size: the walk ends at the prompt" end_command
done

done_testing
