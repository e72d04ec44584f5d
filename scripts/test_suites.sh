#!/usr/bin/env bash
# The whole pytest suite on SQLite and on PostgreSQL at the same time (one core each), for
# `make test`. Each run writes its own log under var/test-logs/; while they run, a progress
# line is printed every minute; when a run ends its log is printed whole under a header that
# names the database and says PASSED or FAILED. The script fails when either run fails, and,
# under CI=true, when PostgreSQL cannot be reached (locally that run is skipped with a note).
#
#   scripts/test_suites.sh [pytest arguments...]
#   env: PY (python, default .venv/bin/python), TEST_DATABASE_URL, CI
set -uo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cleanprod}"
LOGS="var/test-logs"
mkdir -p "$LOGS"
rm -f "$LOGS/sqlite.log" "$LOGS/postgresql.log"

names=()    # suite names, in start order
pids=()     # their pytest processes ("" when not started)
results=()  # PASSED / FAILED / SKIPPED / running
started=$(date +%s)

elapsed() { local s=$(($(date +%s) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

start() {  # start NAME DATABASE_URL(or "") pytest-args...
  local name=$1 url=$2; shift 2
  local log="$LOGS/$name.log"
  if [ -n "$url" ]; then
    env DATABASE_URL="$url" DJANGO_SETTINGS_MODULE=config.settings.test \
      "$PY" -m pytest "$@" >"$log" 2>&1 &
  else
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test \
      "$PY" -m pytest "$@" >"$log" 2>&1 &
  fi
  names+=("$name"); pids+=("$!"); results+=("running")
  echo "== $name: started (pid $!, log $log)"
}

stop_all() {
  for pid in "${pids[@]}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  echo; echo "== interrupted: test runs stopped"
  exit 130
}
trap stop_all INT TERM

progress() {  # the last "[ NN%]" pytest printed to the log
  local p
  p=$(grep -o '\[ *[0-9]*%\]' "$LOGS/$1.log" 2>/dev/null | tail -n 1 | tr -d '[] ')
  echo "${p:-starting}"
}

report() {  # print one finished suite's log under a header
  local i=$1 status=$2
  local name=${names[$i]}
  echo
  echo "======================== $name: $status after $(elapsed "$started") ========================"
  cat "$LOGS/$name.log"
  echo "======================== end of $name ($status) ========================"
}

start sqlite "" "$@"
if "$PY" scripts/pg_available.py "$TEST_DATABASE_URL"; then
  start postgresql "$TEST_DATABASE_URL" "$@"
elif [ "${CI:-}" = "true" ]; then
  names+=("postgresql"); pids+=(""); results+=("FAILED (not reachable; CI=true needs it)")
  echo "PostgreSQL at $TEST_DATABASE_URL is not reachable; in CI that is a failure" \
    >"$LOGS/postgresql.log"
  echo "== postgresql: FAILED, not reachable at $TEST_DATABASE_URL (CI=true)"
else
  names+=("postgresql"); pids+=(""); results+=("SKIPPED (not reachable)")
  echo "== postgresql: not reachable at $TEST_DATABASE_URL: PostgreSQL run skipped"
fi

last_beat=$(date +%s)
while :; do
  running=0
  for i in "${!pids[@]}"; do
    [ "${results[$i]}" = "running" ] || continue
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      running=$((running + 1))
    else
      wait "${pids[$i]}"; rc=$?
      if [ "$rc" = 0 ]; then results[$i]="PASSED"; else results[$i]="FAILED (exit $rc)"; fi
      report "$i" "${results[$i]}"
    fi
  done
  [ "$running" = 0 ] && break
  if [ $(($(date +%s) - last_beat)) -ge 60 ]; then
    line="== $(elapsed "$started"):"
    for i in "${!names[@]}"; do
      [ "${results[$i]}" = "running" ] && line+=" ${names[$i]} $(progress "${names[$i]}")"
    done
    echo "$line"
    last_beat=$(date +%s)
  fi
  sleep 1
done

echo
echo "== test suites after $(elapsed "$started"):"
failed=0
for i in "${!names[@]}"; do
  echo "   ${names[$i]}: ${results[$i]}"
  case "${results[$i]}" in PASSED | SKIPPED*) ;; *) failed=1 ;; esac
done
if [ "$failed" = 1 ]; then
  echo "== FAILED: the log of each failed run is printed above, under its name"
fi
exit "$failed"
