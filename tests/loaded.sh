#!/bin/sh
# loaded.sh COMMAND...: runs COMMAND (make check-loaded runs `make check`)
# with one CPU-burning process per core beside it, so a test that depends
# on the machine's speed shows itself.  The burners are stopped however
# COMMAND ends; each also watches this script and stops when it is gone,
# so not even a SIGKILL here leaves one spinning.  Exits with COMMAND's
# status.
if [ $# -eq 0 ]; then
	echo "usage: loaded.sh COMMAND..." >&2
	exit 2
fi

ncpu=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
me=$$
burners=
stop() {
	for p in $burners; do kill "$p" 2>/dev/null; done
	for p in $burners; do wait "$p" 2>/dev/null; done
	burners=
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

i=0
while [ "$i" -lt "$ncpu" ]; do
	# Busy in user space; looks up this script once every 100,000 rounds.
	sh -c 'while kill -0 "$1" 2>/dev/null; do
		n=0; while [ "$n" -lt 100000 ]; do n=$((n + 1)); done
	done' burner "$me" </dev/null >/dev/null 2>&1 &
	burners="$burners $!"
	i=$((i + 1))
done
echo "loaded.sh: $ncpu CPU-burning processes ($burners ) beside: $*"

rc=0
"$@" || rc=$?
stop
echo "loaded.sh: the burners are stopped; $* exited $rc"
exit "$rc"
