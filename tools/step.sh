#!/bin/sh
# One step of `make setup`: say what it does, run it with its output kept in a log file, then
# say how long it took; on failure, show the end of the log and where the rest is.
#     tools/step.sh LOG "what the step does" COMMAND [ARG ...]
log=$1
what=$2
shift 2
mkdir -p "$(dirname "$log")"
printf '%s ... ' "$what"
start=$(date +%s)
echo "== $what: $*" >>"$log"
if "$@" >>"$log" 2>&1; then
    echo "done ($(($(date +%s) - start)) s)"
else
    status=$?
    echo "FAILED after $(($(date +%s) - start)) s; the end of $log:"
    tail -n 25 "$log" | sed 's/^/    /'
    exit "$status"
fi
