# tap.sh: sourced by shell tests; TAP output for Automake's harness.
# ok CONDITION-EXIT-STATUS DESCRIPTION is spelled: check "description" command...
ks_n=0
ks_failed=0
# check DESCRIPTION COMMAND...: runs COMMAND, prints "ok" or "not ok".
check() {
	ks_desc=$1; shift
	ks_n=$((ks_n + 1))
	if "$@"; then
		echo "ok $ks_n - $ks_desc"
	else
		echo "not ok $ks_n - $ks_desc"
		ks_failed=$((ks_failed + 1))
	fi
}
# skip DESCRIPTION REASON: a test that cannot run here, counted as skipped.
skip() {
	ks_n=$((ks_n + 1))
	echo "ok $ks_n - $1 # SKIP $2"
}
# done_testing: prints the plan; call last.
done_testing() {
	echo "1..$ks_n"
	[ "$ks_failed" -eq 0 ]
}
# Runs kitchensync with ARGS; leaves stdout in $out, stderr in $err, status in $rc.
ks() {
	ks_tmp_out=$(mktemp) && ks_tmp_err=$(mktemp) || exit 99
	rc=0
	"$KITCHENSYNC" "$@" >"$ks_tmp_out" 2>"$ks_tmp_err" </dev/null || rc=$?
	out=$(cat "$ks_tmp_out"); err=$(cat "$ks_tmp_err")
	rm -f "$ks_tmp_out" "$ks_tmp_err"
}
contains() { case $1 in *"$2"*) return 0;; *) printf '# expected to find: %s\n# in: %s\n' "$2" "$1"; return 1;; esac; }
