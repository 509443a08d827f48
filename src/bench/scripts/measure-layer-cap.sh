#!/usr/bin/env bash
# Measures the per-layer cap of the global channel ranking (decision 0025): every bundled sample pruned
# one-shot by 50 % of its channels (l1, global) under each cap, then graded on the validation split
# (Fashion-MNIST test images 0-4999). Usage: src/bench/scripts/measure-layer-cap.sh [JAR] [CAPS...]
# Environment: SAMPLES (default: all four), CRITERION (default l1), IMPORTANCE (default producer).
# Prints one TSV line per sample and cap: sample, cap, params kept, accuracy, smallest layer kept.
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=${1:-target/shears.jar}
shift || true
[ $# -gt 0 ] && caps=("$@") || caps=(1 0.9 0.8 0.7 0.5)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the samples' built-in profile, written out so that the pruned copies are graded on the same split
cat > "$work/Profile.java" <<'JAVA'
public class Profile { public static void main(String[] a) throws Exception {
  System.out.println(dev.shears.data.DataProfileJson.write(dev.shears.io.ModelData.fashionMnistProfile(
      java.nio.file.Path.of(a[0]).toAbsolutePath())));
}}
JAVA
java -cp "$jar" "$work/Profile.java" sample-models/data/fashion-mnist > "$work/profile.json" 2>/dev/null
printf 'sample\tcap\tparams\tvalidation\tsmallest layer\n'
criterion=${CRITERION:-l1}
importance=${IMPORTANCE:-producer}
for sample in ${SAMPLES:-lenet-300-100 lenet-5 bn-cnn mini-resnet}; do
  base=$(java -jar "$jar" eval "sample-models/$sample.zip" --split validation --json 2>/dev/null \
    | grep -o '"accuracy" *: *[0-9.]*' | head -1 | grep -o '[0-9.]*$')
  printf '%s\tunpruned\t-\t%s\t-\n' "$sample" "$base"
  for cap in "${caps[@]}"; do
    out="$work/$sample-$cap.zip"
    java -jar "$jar" prune "sample-models/$sample.zip" --ratio 0.5 --global --max-layer-ratio "$cap" \
      --criterion "$criterion" --importance "$importance" \
      --out "$out" --report "$work/$sample-$cap.json" > "$work/prune.txt" 2>/dev/null
    params=$(grep '^params' "$work/prune.txt" | sed 's/^params *//')
    acc=$(java -jar "$jar" eval "$out" --split validation --profile "$work/profile.json" --json 2>/dev/null \
      | grep -o '"accuracy" *: *[0-9.]*' | head -1 | grep -o '[0-9.]*$')
    smallest=$(python3 - "$work/$sample-$cap.json" <<'PY' 2>/dev/null || echo '?'
import json, sys
r = json.load(open(sys.argv[1]))
rows = [l for l in r.get("layers", []) if l.get("channelsBefore")]
worst = min(rows, key=lambda l: l["channelsAfter"] / l["channelsBefore"])
print(f'{worst["name"]} {worst["channelsAfter"]}/{worst["channelsBefore"]}')
PY
)
    printf '%s\t%s\t%s\t%s\t%s\n' "$sample ($criterion, $importance)" "$cap" "$params" "$acc" "$smallest"
  done
done
