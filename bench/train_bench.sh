#!/usr/bin/env bash
# Training speed, DJL (./digits train) against PyTorch for Python (train_peer.py in bench/src/main/resources/io/digits/bench/), in one run:
# same network, loss, optimizer, batch size and thread count, no augmentation; the two alternate ROUNDS times
# so both see the same machine load. Reports each epoch's images/s; compare the medians of epoch 2
# (epoch 1 includes warm-up). Usage: bench/train_bench.sh [IMAGES=10000 BATCH=128 THREADS=2 ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
images=${IMAGES:-10000}
batch=${BATCH:-128}
threads=${THREADS:-2}
rounds=${ROUNDS:-3}
# the trainer holds out 10% for validation: give it 10/9 as many so both train on $images per epoch
limit=$(( images * 10 / 9 ))
registry=$(mktemp -d)
trap 'rm -rf "$registry"' EXIT
export OMP_WAIT_POLICY=PASSIVE
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "images per epoch $images, batch $batch, threads $threads, $rounds rounds"
for round in $(seq "$rounds"); do
  /usr/bin/python3 bench/src/main/resources/io/digits/bench/train_peer.py --images "$images" --epochs 2 --batch-size "$batch" --threads "$threads" \
    | sed "s/^/round $round /"
  ./digits train --limit "$limit" --epochs 2 --no-augment --batch-size "$batch" --threads "$threads" \
      --registry "$registry" 2>&1 >/dev/null \
    | grep -a 'INFO.*epoch [0-9]*/' | sed -E "s/.*epoch ([0-9]+)\/[0-9]+: .*\| ([0-9.]+) s, ([0-9]+) img\/s.*/round $round djl  epoch \1: $images images in \2 s = \3 img\/s/"
done
