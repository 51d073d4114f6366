#!/bin/sh
# `make demo`'s server: granian serving wsgi:app as in production (docs/operations/production.md),
# with `goodword worker` beside it. Needs PORT and BIN (the virtualenv's bin directory).
#
# granian reads requests on its own event loop and hands a request to a Python thread only once
# it has arrived whole, so clients that trickle their headers hold no thread: gunicorn's sync
# and gthread workers stopped answering everyone when 12 connections sent a header line every
# 5 s (tests/integration/test_demo.py shows this one does not).
#
# Ctrl-C signals the whole process group, and granian's worker processes, stopped by the
# terminal's SIGINT and by their main process at once, hung now and then (about one stop in
# three). So granian runs in a session of its own, out of the terminal's reach: the trap stops
# its main process, which stops its workers, and the goodword worker, which finishes the job in
# hand first. `wait` (not a foreground command) lets the trap run as soon as the signal comes.
set -u
"$BIN/goodword" worker & worker=$!
setsid "$BIN/granian" --interface wsgi --host 127.0.0.1 --port "$PORT" --workers 1 \
    --blocking-threads 4 --no-ws --access-log wsgi:app & server=$!
trap 'trap - INT TERM HUP; kill -TERM $server $worker 2>/dev/null' INT TERM HUP
wait $server  # returns at once when a trapped signal comes
kill -TERM $server $worker 2>/dev/null
wait $server
status=$?  # granian's own: 0 once stopped, not 0 when it could not start (a port in use)
wait $worker
exit $status
