#!/bin/sh
# layers.sh: the engine's files call one way: no file calls into a file that
# calls it back, directly or around a circle.  Read from the objects' symbol
# tables (what each defines, what each needs), so the check cannot drift
# from the code.  eng-int.h describes the intended order.
. "${KS_SRCDIR:-.}/tests/tap.sh"
top=${KS_BUILDDIR:-$(dirname "$KITCHENSYNC")/..}
objs=
for c in "${KS_SRCDIR:-.}"/src/eng*.c; do
	o="$top/src/$(basename "$c" .c).o"
	[ -f "$o" ] && objs="$objs $o"
done
if [ -z "$objs" ] || ! command -v nm >/dev/null || ! command -v tsort >/dev/null; then
	echo "ok 1 - # SKIP the engine's objects, nm or tsort are not here"
	echo "1..1"
	exit 0
fi
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for o in $objs; do
	for d in $(nm --defined-only -g "$o" | awk '$2 == "T" { print $3 }'); do
		echo "D $(basename "$o" .o) $d"
	done
	for u in $(nm -u "$o" | awk '{ print $2 }'); do
		echo "U $(basename "$o" .o) $u"
	done
done | awk '$1 == "D" { def[$3] = $2; next }
	{ use[++n] = $2 " " $3 }
	END { for (i = 1; i <= n; i++) { split(use[i], p, " "); if ((p[2] in def) && def[p[2]] != p[1]) print p[1], def[p[2]] } }' |
	sort -u >"$edges"
check "the engine's files have calls between them" test -s "$edges"
# tsort reports a loop when the "calls" graph has a cycle.
cycle=$(tsort "$edges" 2>&1 >/dev/null)
[ -n "$cycle" ] && { echo "$cycle" | sed 's/^/# /'; sed 's/^/#   calls: /' "$edges"; }
check "no engine file calls back into one that calls it" test -z "$cycle"
done_testing
