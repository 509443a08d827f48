#!/usr/bin/env bash
# Start-up time of Shears, N runs: JVM start → first frame, → first model shown (the layer tree laid out
# with the model's layers: its outline, decision 0030), → first model loaded (weights read, statistics
# shown) — the app's own -Dshears.reportStartup=true lines; each run is stopped once the model is loaded.
#
#   packaging/measure-startup.sh [-n RUNS] [-t] -- COMMAND...
#   DISPLAY=:98 packaging/measure-startup.sh -n 3 -- java -Dprism.order=sw -jar target/shears.jar sample-models/bn-cnn.zip
#   DISPLAY=:98 packaging/measure-startup.sh -n 3 -- target/dist/Shears/bin/Shears sample-models/bn-cnn.zip
#
# The flag reaches the JVM through JAVA_TOOL_OPTIONS, so it works for the jar and for the
# installed launcher alike. Each run uses a fresh settings folder (no recent files). Prints one
# line per run: wall-clock ms since JVM start, the process's CPU ms by then (less disturbed by other
# load), and the 1-minute load average when the run started. -t adds where that CPU went: each
# thread's CPU time at the first frame, the model shown and the model loaded, read by the app itself
# from /proc (-Dshears.reportStartup.threads=true), the busiest first — the JavaFX thread, the JIT
# compilers, the worker lanes (shears-worker, -preview). Builds from before decision 0030 print no
# "first model loaded" and no thread lines (their -t took a jcmd Thread.print after the model was shown).
set -euo pipefail
runs=3
threads=false
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -t) threads=true; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-n RUNS] [-t] -- COMMAND..." >&2; exit 2; }
: "${DISPLAY:?set DISPLAY (e.g. Xvfb :98 -screen 0 1600x1000x24 & export DISPLAY=:98)}"

for i in $(seq 1 "$runs"); do
  config=$(mktemp -d)
  log=$(mktemp)
  load=$(cut -d' ' -f1 /proc/loadavg)
  JAVA_TOOL_OPTIONS="-Dshears.reportStartup=true -Dshears.reportStartup.threads=$threads -Dshears.config.dir=$config ${JAVA_TOOL_OPTIONS:-}" \
    "$@" >"$log" 2>&1 &
  pid=$!
  shown_at=
  for n in $(seq 1 1200); do   # up to 120 s
    if grep -q 'first model loaded' "$log"; then break; fi
    # without an outline ("outline read": builds before decision 0030, or a format that gives none) the
    # model is loaded when shown, and older builds never say "first model loaded": 2 s more, then stop
    if [ -z "$shown_at" ] && grep -q 'first model shown' "$log"; then shown_at=$n; fi
    if [ -n "$shown_at" ] && [ $((n - shown_at)) -ge 20 ] && ! grep -q 'outline read' "$log"; then break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  sleep 0.2   # the thread lines follow their milestone
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # "startup: first frame 1234 ms after JVM start (CPU 2345 ms)"; older builds print no CPU time
  at() { sed -n "s/.*startup: $1 \([0-9]*\) ms[^(]*\((CPU [0-9-]*\)\{0,1\}.*/\1 ms \2)/p" "$log" | sed 's/ )$//'; }
  frame=$(at 'first frame')
  model=$(at 'first model shown')
  loaded=$(at 'first model loaded')
  echo "run $i: first frame ${frame:-?}, model shown ${model:-?}, model loaded ${loaded:-?}; load average $load"
  if [ -z "$model" ]; then sed 's/^/    /' "$log" | tail -20; fi
  if $threads; then
    for milestone in 'first model shown' 'first model loaded'; do
      if grep -q "ms CPU .*($milestone)" "$log"; then
        echo "  threads at $milestone:"
        grep "ms CPU .*($milestone)" "$log" | head -10 | sed "s/^startup: *\(.*\) ($milestone)$/    \1/"
      fi
    done
  fi
  rm -rf "$config" "$log"
done
