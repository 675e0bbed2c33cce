#!/bin/sh
# lang.sh: `kitchensync check` over the valid and bad corpus and scenarios/;
# `show` and `list` on the real binary.
. "$KS_SRCDIR/tests/tap.sh"

for f in "$KS_TESTDATA"/valid/*.ks; do
	ks check "$f"
	check "valid: $(basename "$f") checks clean" test "$rc" -eq 0 -a -z "$err"
done
for f in "$KS_TESTDATA"/bad/*.ks; do
	ks check "$f"
	# exit status 2 (not a crash: a signal gives 128+N) and a located error
	check "bad: $(basename "$f") exits 2" test "$rc" -eq 2
	check "bad: $(basename "$f") has a located error" contains "$err" "$f:"
done
for f in "$KS_SRCDIR"/scenarios/*.ks; do
	[ -e "$f" ] || continue
	ks check "$f"
	check "scenario: $(basename "$f") checks clean" test "$rc" -eq 0 -a -z "$err"
done

# the man page's worked example is a valid scenario
ks_tmp=$(mktemp -d) || exit 99
awk '/^\.Sh EXAMPLES/ { ex = 1 } ex && /^\.Ed/ { exit } ex && on { print } ex && /^\.Bd -literal/ { on = 1 }' \
	"$KS_SRCDIR/man/kitchensync-scenario.5" >"$ks_tmp/race.ks"
ks check "$ks_tmp/race.ks"
check "the man page's worked example checks clean" test "$rc" -eq 0 -a -z "$err"
check "the worked example is there" contains "$(cat "$ks_tmp/race.ks")" "variant locked"
rm -rf "$ks_tmp"

# check prints every error of every file and fails when any file is bad
ks check "$KS_TESTDATA/valid/race.ks" "$KS_TESTDATA/bad/unknown_name.ks" "$KS_TESTDATA/bad/await_in_thread.ks"
check "check of a mix exits 2" test "$rc" -eq 2
check "check reports the valid file" contains "$out" "race.ks: ok"
check "check reports the first bad file" contains "$err" "unknown_name.ks:3:3: error: unknown name 'ordrs'"
check "check suggests the closest name" contains "$err" "hint: did you mean 'orders'?"
check "check reports the second bad file" contains "$err" "await_in_thread.ks:2:3: error: 'await' is only for loop tasks"
ks check "$KS_TESTDATA/no-such-file.ks"
check "a missing file exits 2" test "$rc" -eq 2
check "a missing file is named" contains "$err" "no-such-file.ks: error: cannot open"
ks check "$KS_TESTDATA/bad/many_errors.ks"
check "at most 20 errors are printed" test "$(printf '%s\n' "$err" | grep -c ': error: ')" -eq 20
check "the cut is said" contains "$err" "too many errors"

# show prints the compiled program
ks show "$KS_TESTDATA/valid/race.ks" --variant locked
check "show exits 0" test "$rc" -eq 0
check "show prints the load of +=" contains "$out" "load orders -> \$t0"
check "show prints the store of +=" contains "$out" "store orders = \$t0 + 1"
check "show marks bookkeeping ops" contains "$out" "* set \$r0 = 5"
ks show "$KS_TESTDATA/valid/race.ks" --variant nosuch
check "show of an unknown variant exits 2" test "$rc" -eq 2
check "show names the variants" contains "$err" "unsafe locked"

# list and show find scenarios by name in KITCHENSYNC_PATH
KITCHENSYNC_PATH="/nonexistent:$KS_TESTDATA/valid"; export KITCHENSYNC_PATH
ks list
check "list exits 0" test "$rc" -eq 0
check "list shows a name and its title" contains "$out" "race             Race condition: two cooks, one order count"
check "list shows the variants" contains "$out" "variants: unsafe, locked"
ks show race
check "show finds a scenario by name" contains "$out" "scenario race"
ks show no_such_scenario
check "show of an unknown name exits 2" test "$rc" -eq 2
done_testing
