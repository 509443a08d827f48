#!/usr/bin/env bash
# Sensitivity-allocated budget vs one uniform ratio at the same MACs budget, one-shot and fine-tuned.
# Usage: src/bench/budget/compare-budget.sh [WORK_DIR] (default target/budget-compare); needs target/shears.jar.
# Per sample (bn-cnn, mini-resnet): a sensitivity scan (l1, all 5,000 validation images, 0.1…0.9), then
#   allocated: shears budget MODEL --macs 0.5 --scan SCAN       → prune --recipe
#   uniform:   shears prune MODEL --target-macs 0.5 (per layer, l1: the smallest common ratio that meets it)
# each one-shot and with FT_EPOCHS epochs of fine-tuning on the first TRAIN_IMAGES training images, every model
# evaluated on the test split. Prints a Markdown table. Long: about an hour on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
work="${1:-$here/target/budget-compare}"
jar="${SHEARS_JAR:-$here/target/shears.jar}"
macs="${MACS:-0.5}"
ft_epochs="${FT_EPOCHS:-2}"
train_images="${TRAIN_IMAGES:-10000}"
samples="${SAMPLES:-bn-cnn mini-resnet}"
# pruned copies live in a folder named sample-models beside the samples' data, so they get the samples' profile
mkdir -p "$work/sample-models"
ln -sfn "$here/sample-models/data" "$work/sample-models/data"
out="$work/sample-models"
shears() { java -jar "$jar" "$@"; }
test_accuracy() { shears eval "$1" --split test | sed -n 's/.*accuracy \([0-9.]* %\).*/\1/p' | head -1; }
rows=()
for s in $samples; do
    model="$here/sample-models/$s.zip"
    scan="$out/$s-scan.csv"
    [ -f "$scan" ] || shears sensitivity "$model" --out "$scan" --criterion l1 >"$out/$s-scan.log" 2>&1
    shears budget "$model" --macs "$macs" --scan "$scan" --out "$out/$s-alloc.json" | tee "$out/$s-alloc.log"
    for method in alloc uniform; do
        for ft in 0 "$ft_epochs"; do
            name="$s-$method-ft$ft"
            args=(--out "$out/$name.zip" --report "$out/$name.json")
            [ "$ft" = 0 ] || args+=(--finetune "$ft" --train-images "$train_images")
            if [ "$method" = alloc ]; then
                shears prune "$model" --recipe "$out/$s-alloc.json" "${args[@]}" >"$out/$name.log" 2>&1
            else
                shears prune "$model" --target-macs "$macs" --criterion l1 "${args[@]}" >"$out/$name.log" 2>&1
            fi
            acc="$(test_accuracy "$out/$name.zip")"
            rows+=("| $s | $method | $ft | $acc | $(grep -m1 '^MACs' "$out/$name.log" | sed 's/^MACs *//') |")
        done
    done
done
echo "| model | ratios | fine-tune epochs | test top-1 | MACs (prune's line) |"
echo "|---|---|---:|---:|---|"
printf '%s\n' "${rows[@]}"
