#!/bin/sh
# tui-keys.sh: the key table (kitchensync --keys) and kitchensync(1)'s KEYS
# section list the same keys, so the manual cannot drift from the program.
. "$KS_SRCDIR/tests/tap.sh"

ks --keys
check "--keys exits 0" test "$rc" -eq 0
check "--keys lists pause" contains "$out" "Space	pause or resume the run"
check "--keys lists help" contains "$out" "?, F1	show or hide this help"

page="$KS_SRCDIR/man/kitchensync.1"
if [ ! -f "$page" ]; then
	echo "ok $((ks_n + 1)) # SKIP man/kitchensync.1 is not in this tree"
	ks_n=$((ks_n + 1))
	done_testing
	exit $?
fi
# The KEYS section's bold lines (where keys are set), as plain words:
# roff's \- is a hyphen, font escapes go, "1 \(en 9" is 1-9.
keys_text=$(sed -n '/^\.SH KEYS/,/^\.SH [^K]/p' "$page" | grep '^\.B' |
	sed 's/\\-/-/g; s/\\f[BIRP]//g; s/ *\\(e[mn] */-/g; s/"//g; s/^\.B[RI]* //')
printf '%s\n' "$out" | while IFS='	' read -r labels help; do
	printf '%s\n' "$labels" | tr ',' '\n' | sed 's/^ *//' | while read -r key; do
		[ -n "$key" ] || continue
		if printf '%s\n' "$keys_text" | grep -qwF -- "$key"; then
			echo "found	$key"
		else
			echo "missing	$key"
		fi
	done
done >keys-found.$$
while IFS='	' read -r what key; do
	check "kitchensync(1) KEYS lists '$key'" test "$what" = found
done <keys-found.$$
rm -f keys-found.$$
done_testing
