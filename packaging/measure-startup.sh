#!/usr/bin/env bash
# Start-up time of Shears, N runs: JVM start → first frame, → first model shown (the app's own
# -Dshears.reportStartup=true lines), each run stopped once the model is shown.
#
#   packaging/measure-startup.sh [-n RUNS] [-t] -- COMMAND...
#   DISPLAY=:98 packaging/measure-startup.sh -n 3 -- java -Dprism.order=sw -jar target/shears.jar sample-models/bn-cnn.zip
#   DISPLAY=:98 packaging/measure-startup.sh -n 3 -- target/dist/Shears/bin/Shears sample-models/bn-cnn.zip
#
# The flag reaches the JVM through JAVA_TOOL_OPTIONS, so it works for the jar and for the
# installed launcher alike. Each run uses a fresh settings folder (no recent files). Prints one
# line per run: wall-clock ms since JVM start, the process's CPU ms by then (less disturbed by other
# load), and the 1-minute load average when the run started. -t adds where that CPU went: each
# thread's CPU time when the model is shown (`jcmd PID Thread.print`, from the JDK on the PATH), the
# busiest first — the JavaFX thread, the JIT compilers, the worker lanes (shears-worker, -preview).
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
  JAVA_TOOL_OPTIONS="-Dshears.reportStartup=true -Dshears.config.dir=$config ${JAVA_TOOL_OPTIONS:-}" \
    "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do   # up to 120 s
    if grep -q 'first model shown' "$log"; then
      if $threads; then
        jcmd "$pid" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".* cpu=\([0-9.]*\)ms.*/\2 \1/p' | sort -rn \
          | head -12 | awk '{ printf "    %7.0f ms CPU  %s\n", $1, substr($0, index($0, " ") + 1) }' > "$log.threads" || true
      fi
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # "startup: first frame 1234 ms after JVM start (CPU 2345 ms)"; older builds print no CPU time
  frame=$(sed -n 's/.*first frame \([0-9]*\) ms[^(]*\((CPU [0-9-]*\)\{0,1\}.*/\1 ms \2)/p' "$log" | sed 's/ )$//')
  model=$(sed -n 's/.*first model shown \([0-9]*\) ms[^(]*\((CPU [0-9-]*\)\{0,1\}.*/\1 ms \2)/p' "$log" | sed 's/ )$//')
  echo "run $i: first frame ${frame:-?}, model shown ${model:-?}; load average $load"
  if [ -z "$model" ]; then sed 's/^/    /' "$log" | tail -20; fi
  if $threads && [ -s "$log.threads" ]; then cat "$log.threads"; fi
  rm -rf "$config" "$log" "$log.threads"
done
