"""The peer a user would write instead: the seed CNN in PyTorch for Python, driven line by line over stdin.

Commands (one per line; each answers one JSON line on stdout):
  weights PATH       load the DJL-exported parameters (a JSON header line, then little-endian float32)
  threads N          torch.set_num_threads(N)
  infer BATCH SECS   classify random batches for SECS seconds -> {"images": n, "seconds": s, "cpuSeconds": c}
  classify PATH      probabilities of the 784-float images in PATH -> {"probabilities": [[...], ...]}
  info               -> {"torch": version, "threads": n}
"""
import json
import sys
import time

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from train_peer import seed_cnn  # noqa: E402  the one Python definition of the network


def load_weights(net, path):
    with open(path, "rb") as f:
        header = json.loads(f.readline())
        params = list(net.parameters())
        if len(params) != len(header["layers"]):
            raise ValueError(f"{len(header['layers'])} parameters in {path}, the network has {len(params)}")
        for param, layer in zip(params, header["layers"]):
            if list(param.shape) != layer["shape"]:
                raise ValueError(f"{layer['name']} has shape {layer['shape']}, expected {list(param.shape)}")
            count = param.numel()
            data = f.read(4 * count)
            with torch.no_grad():
                param.copy_(torch.frombuffer(bytearray(data), dtype=torch.float32).reshape(param.shape))


def main():
    net = seed_cnn().eval()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        command = words[0]
        if command == "weights":
            load_weights(net, words[1])
            answer = {"ok": True}
        elif command == "threads":
            torch.set_num_threads(int(words[1]))
            answer = {"threads": torch.get_num_threads()}
        elif command == "infer":
            batch, seconds = int(words[1]), float(words[2])
            x = torch.rand(batch, 1, 28, 28)
            images = 0
            with torch.inference_mode():
                cpu_start = time.process_time()
                start = time.perf_counter()
                deadline = start + seconds
                while True:
                    torch.softmax(net(x), 1).numpy()
                    images += batch
                    now = time.perf_counter()
                    if now >= deadline:
                        break
            answer = {"images": images, "seconds": now - start, "cpuSeconds": time.process_time() - cpu_start}
        elif command == "classify":
            with open(words[1], "rb") as f:
                x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(-1, 1, 28, 28)
            with torch.inference_mode():
                answer = {"probabilities": torch.softmax(net(x), 1).tolist()}
        elif command == "info":
            answer = {"torch": torch.__version__, "threads": torch.get_num_threads()}
        else:
            answer = {"error": "unknown command " + command}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
