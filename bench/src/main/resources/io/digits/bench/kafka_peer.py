"""The Kafka service a Python user would write instead: consume MNIST images, classify them in batches with
PyTorch, produce prediction JSON (the same fields as ours), commit after each batch (at-least-once).

usage: kafka_peer.py BOOTSTRAP INPUT OUTPUT GROUP WEIGHTS BATCH THREADS
Prints {"ready": true} once it has its partitions, then runs until stdin closes.
"""
import json
import sys
import threading
import time

import torch
from confluent_kafka import Consumer, Producer

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from infer_peer import load_weights  # noqa: E402
from train_peer import seed_cnn  # noqa: E402


def main():
    bootstrap, input_topic, output_topic, group, weights, batch, threads = sys.argv[1:8]
    batch, threads = int(batch), int(threads)
    torch.set_num_threads(threads)
    net = seed_cnn().eval()
    load_weights(net, weights)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "enable.idempotence": True})
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()

    def on_assign(c, partitions):
        print(json.dumps({"ready": True, "partitions": len(partitions)}), flush=True)

    consumer.subscribe([input_topic], on_assign=on_assign)
    with torch.inference_mode():
        while not stop.is_set():
            messages = consumer.consume(num_messages=batch, timeout=0.005)
            if not messages:
                continue
            good = [m for m in messages if m.error() is None and m.value() is not None and len(m.value()) == 784]
            if good:
                x = torch.frombuffer(bytearray(b"".join(m.value() for m in good)), dtype=torch.uint8)
                x = x.reshape(-1, 1, 28, 28).float().div_(255)
                probabilities = torch.softmax(net(x), 1)
                confidence, digit = probabilities.max(1)
                now = int(time.time() * 1000)
                for m, p, c, d in zip(good, probabilities.tolist(), confidence.tolist(), digit.tolist()):
                    headers = dict(m.headers() or [])
                    label = headers.get("label")
                    producer.produce(output_topic, key=m.key(), value=json.dumps({
                        "id": m.key().decode(), "digit": d, "confidence": c, "probabilities": p, "model": "python-peer",
                        "label": int(label) if label else None, "lowConfidence": c < 0.9,
                        "inputTimestamp": m.timestamp()[1], "predictedAt": now}).encode())
                producer.poll(0)
            producer.flush()
            consumer.commit(asynchronous=True)
    consumer.close()


if __name__ == "__main__":
    main()
