#!/usr/bin/env bash
# The GPU paths proven in one command, a PASS or FAIL line per step: doctor; a shrunk
# clevr-pixels model trained on cuda:0 from `data synth`, its first steps' losses compared with
# the same steps on the CPU (same seed); export; predict on cuda:0 and on the CPU giving the
# same answers; bench on cuda:0 against DJL on the same GPU.
#
# Usage: scripts/gpu-smoke.sh [--cpu] [WORK_DIR]
#   On a host where nvidia-smi lists a GPU the steps run on cuda:0 (build with FILM4J_CUDA=1,
#   see docs/gpu.md); elsewhere, or with --cpu, the same steps run on the CPU, as the tests run
#   them. WORK_DIR (default: a new temporary folder) keeps the data, runs, model and logs.
# Environment:
#   FILM4J            how to run film4j (default: the ./film4j launcher beside this folder)
#   SMOKE_STEPS       training steps (default: 200)
#   SMOKE_COMPARE     first steps whose losses are compared with the CPU's (default: 10)
#   SMOKE_LOSS_TOL    largest relative difference of those losses (default: 0.02; cuDNN's
#                     kernels and TF32 convolutions round differently from the CPU's)
#   SMOKE_ANSWER_TOL  share of answers that may differ between the device and the CPU
#                     (default: 0.02: near-ties can flip)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=auto
if [[ "${1:-}" == --cpu ]]; then
  mode=cpu
  shift
fi
work="${1:-$(mktemp -d -t film4j-gpu-smoke.XXXXXX)}"
mkdir -p "$work/logs"
read -ra film4j <<< "${FILM4J:-$root/film4j}"
steps="${SMOKE_STEPS:-200}"
compare="${SMOKE_COMPARE:-10}"
loss_tol="${SMOKE_LOSS_TOL:-0.02}"
answer_tol="${SMOKE_ANSWER_TOL:-0.02}"

if [[ $mode == auto ]] && command -v nvidia-smi > /dev/null && nvidia-smi -L 2> /dev/null | grep -q '^GPU'; then
  train_device=cuda:0 serve_device=cuda:0 require=cuda
  echo "gpu-smoke: on cuda:0 ($(nvidia-smi -L | head -1)); work in $work"
else
  train_device=cpu serve_device=cpu require=cpu
  echo "gpu-smoke: no GPU (nvidia-smi lists none) or --cpu: the same steps on the CPU; work in $work"
fi

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL $1"
  failed=$((failed + 1))
  [[ -f "${2:-}" ]] && tail -n 5 "$2" | sed 's/^/     | /'
}
# Runs film4j with its output in logs/NAME.log; true when it exits 0.
run() {
  local name=$1
  shift
  "${film4j[@]}" "$@" > "$work/logs/$name.log" 2>&1
}
# The step and loss of each progress record of a run's log.jsonl.
losses() {
  sed -n 's/^{"step":\([0-9]*\),.*"loss":\([-0-9.eE]*\),"train_accuracy".*/\1 \2/p' "$1/log.jsonl"
}

# The shrunk clevr-pixels model: the preset's stem (4 convs, kernel 4, stride 2) on 64 px
# images, narrower everywhere else.
model=(--preset clevr-pixels --set feature_dim=3,64,64 --set rnn_wordvec_dim=32
  --set rnn_hidden_dim=64 --set module_dim=32 --set classifier_proj_dim=32
  --set classifier_fc_dims=64)
train_common=(--data "$work/data" "${model[@]}" --batch-size 32 --schedule constant --seed 7
  --progress-every 1)

if run doctor doctor --require "$require"; then
  pass "doctor --require $require: $(tail -n 1 "$work/logs/doctor.log")"
else
  fail "doctor --require $require: $(tail -n 1 "$work/logs/doctor.log")" "$work/logs/doctor.log"
fi

if run data-train data synth --out "$work/data" --split train --images 64 \
    --questions-per-image 4 --seed 1 --size 64 \
    && run data-val data synth --out "$work/data" --split val --images 16 \
      --questions-per-image 4 --seed 2 --size 64; then
  pass "data synth: 64 train and 16 val images of 64 px, 4 questions each"
else
  fail "data synth" "$work/logs/data-val.log"
fi

if run train train "${train_common[@]}" --out "$work/run" --iterations "$steps" \
    --val-every "$steps" --device "$train_device"; then
  pass "train on $train_device: $steps steps, last loss $(losses "$work/run" | tail -n 1 | cut -d' ' -f2)"
else
  fail "train on $train_device" "$work/logs/train.log"
fi

if run train-cpu train "${train_common[@]}" --out "$work/run-cpu" --iterations "$compare" \
    --val-every "$compare" --device cpu; then
  report=$(paste -d ' ' <(losses "$work/run" | head -n "$compare") <(losses "$work/run-cpu") \
    | awk -v tol="$loss_tol" -v n="$compare" '
        $1 != $3 { next }
        { d = $2 - $4; if (d < 0) d = -d; s = $4 < 0 ? -$4 : $4; r = d / (s > 1 ? s : 1)
          if (r > worst) { worst = r; at = $1 } ; count++ }
        END {
          where = worst > 0 ? " at step " at : ""
          printf("%d of %d steps compared, largest relative difference %.2g%s (tolerance %s)", count, n, worst, where, tol)
          exit !(count == n && worst <= tol)
        }')
  if [[ $? -eq 0 ]]; then
    pass "losses of steps 1-$compare, $train_device against the CPU: $report"
  else
    fail "losses of steps 1-$compare, $train_device against the CPU: $report"
  fi
else
  fail "train $compare steps on the CPU for the comparison" "$work/logs/train-cpu.log"
fi

if run export export --checkpoint "$work/run/latest" --out "$work/model" --data "$work/data" \
    --split val; then
  pass "export: $(grep -m 1 -i 'proof\|proven' "$work/logs/export.log" || echo "$work/model")"
else
  fail "export" "$work/logs/export.log"
fi

if run predict-device predict --model "$work/model" --data "$work/data" --split val \
    --device "$serve_device" --out "$work/predictions-device.jsonl" \
    --answers "$work/answers-device.txt" \
    && run predict-cpu predict --model "$work/model" --data "$work/data" --split val \
      --device cpu --out "$work/predictions-cpu.jsonl" --answers "$work/answers-cpu.txt"; then
  total=$(wc -l < "$work/answers-cpu.txt")
  differ=$(paste "$work/answers-device.txt" "$work/answers-cpu.txt" \
    | awk -F '\t' '$1 != $2' | wc -l)
  verdict="$serve_device and cpu give the same answer to $((total - differ)) of $total questions"
  if [[ $total -gt 0 ]] && awk -v d="$differ" -v t="$total" -v tol="$answer_tol" \
      'BEGIN { exit !(d <= tol * t) }'; then
    pass "predict: $verdict (tolerance $answer_tol)"
  else
    fail "predict: $verdict (tolerance $answer_tol)"
  fi
else
  fail "predict on $serve_device and cpu" "$work/logs/predict-device.log"
fi

if run bench bench --model "$work/model" --device "$serve_device" --compare djl \
    --batch-size 16 --questions 64 --rounds 1; then
  pass "bench on $serve_device: $(grep -m 1 '^provider' "$work/logs/bench.log")"
else
  fail "bench on $serve_device" "$work/logs/bench.log"
fi

echo "gpu-smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
