#!/bin/sh
# po.sh: every source file with marked strings is listed for translation, and
# the Traditional Chinese catalog translates every message the sources hold
# now (none missing, none fuzzy).  The installed program speaking it is
# checked by installed.sh (make installcheck, run by distcheck).
. "$KS_SRCDIR/tests/tap.sh"

cd "$KS_SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# listed FILE: FILE is a line of po/POTFILES.in.
listed() {
	grep -qxF -- "$1" po/POTFILES.in && return 0
	echo "# $1 marks strings with _() but po/POTFILES.in does not list it"
	return 1
}
for f in src/*.c tui/*.c; do
	grep -q '\<N\?_("' "$f" || continue
	check "$f is listed for translation" listed "$f"
done

# complete: the catalog, merged with a template extracted now, has every
# message translated and none fuzzy.
complete() {
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 -C \
	    -o "$tmp/now.pot" -f po/POTFILES.in || return 1
	msgmerge -q -o "$tmp/zh_TW.po" po/zh_TW.po "$tmp/now.pot" || return 1
	stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/zh_TW.po" 2>&1) || return 1
	echo "# zh_TW: $stats"
	case $stats in *untranslated*|*fuzzy*) return 1;; esac
	msgattrib --untranslated --no-obsolete "$tmp/zh_TW.po" | grep -q '^msgid' && return 1
	return 0
}
if command -v xgettext >/dev/null && command -v msgmerge >/dev/null &&
    command -v msgfmt >/dev/null && command -v msgattrib >/dev/null; then
	check "zh_TW translates every message in the sources" complete
else
	skip "zh_TW translates every message in the sources" "needs gettext's tools (Debian: gettext)"
fi

# One word for one thing: "context switch" is 上下文切換 in every message, as
# in the tutorial's glossary (情境 is the word for a scenario).
one_word() {
	awk 'function judge() { if (id ~ /context switch/) { n++; if (str !~ /上下文切換/) { print "# " id " -> " str; bad = 1 } }
		id = str = ""; in_id = 0 }
		/^msgid / { judge(); id = $0; in_id = 1; next }
		/^msgstr/ { in_id = 0; str = $0; next }
		/^"/ { if (in_id) id = id $0; else str = str $0 }
		END { judge(); exit bad || n == 0 }' po/zh_TW.po &&
	grep -q '^context switch;上下文切換$' man/kitchensync-tutorial.7
}
check "\"context switch\" is 上下文切換 everywhere, the glossary too" one_word

# From the build tree, without make install, the program's own words come
# from its catalog too (po/locale, made by make), not only the scenarios'.
if command -v msgfmt >/dev/null; then
	check "the build tree's program speaks zh_TW (--help)" \
		sh -c 'LANGUAGE=zh_TW LC_ALL=C.UTF-8 "$1" --help | grep -q "^用法：kitchensync"' - "$KITCHENSYNC"
else
	skip "the build tree's program speaks zh_TW" "needs gettext's msgfmt (Debian: gettext)"
fi

done_testing
