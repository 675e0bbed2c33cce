#!/bin/sh
# autogen.sh: make sure the build dependencies are there, then generate
# ./configure.  As root on Debian or Ubuntu it installs what is missing;
# otherwise it prints the exact apt-get line to run and stops.
set -eu
cd "$(dirname "$0")"

# Build: compiler, autotools, gettext, libraries.  Tests: check, tmux, mandoc,
# xmllint (libxml2-utils: the SVG export is parsed as XML).
packages="gcc make autoconf automake autopoint gettext pkg-config \
libncurses-dev libuv1-dev check tmux mandoc libxml2-utils"

missing=
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $packages; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
			missing="$missing $p"
		fi
	done
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "autogen.sh: installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q || { echo "autogen.sh: apt-get update failed" >&2; exit 1; }
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $missing || {
			echo "autogen.sh: apt-get install failed for:$missing" >&2; exit 1; }
	else
		echo "autogen.sh: missing build dependencies. Install them with:" >&2
		echo "  sudo apt-get install -y$missing" >&2
		exit 1
	fi
fi

autoreconf -fi
echo "autogen.sh: done; now run ./configure && make"
