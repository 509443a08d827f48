#!/usr/bin/env bash
# Peak resident memory of the window on a 25088 × 4096 dense layer (see README, Measuring).
# Usage: DISPLAY=:NN src/bench/memory/measure-memory.sh [--applies K] [-- JVM OPTIONS…]
# Generates target/wide-dense.zip once (seeded), then runs MemoryScenario against target/shears.jar
# (or $SHEARS_JAR, e.g. a jar built from an earlier commit, for a before/after comparison).
set -euo pipefail
cd "$(dirname "$0")/../../.."
applies=0
if [[ "${1:-}" == "--applies" ]]; then applies=$2; shift 2; fi
[[ "${1:-}" == "--" ]] && shift
jar=${SHEARS_JAR:-target/shears.jar}
model=target/wide-dense.zip
[[ -f $jar ]] || { echo "build the jar first: mvn -B -o -DskipTests package" >&2; exit 1; }
[[ -f $model ]] || java -cp "$jar" src/bench/memory/GenerateWideDense.java "$model"
/usr/bin/time -f 'time: max resident %M kB, wall %e s, CPU %U s user + %S s system' \
  java -Dprism.order=sw "$@" -cp "$jar" src/bench/memory/MemoryScenario.java "$model" fc6 "$applies"
