"""Torch eager peer for bench/scoring.ts: the fixture detector in torch (same architecture and, when
fixtures/generator/work/v1.pt exists, the same weights as fixtures/models/v1/model.onnx), run on
the same golden images end to end: PIL decode + EXIF + alpha flatten, cv2.resize, tensor, model.
Prints one JSON line: {"images": n, "seconds": s, "images_per_s": r, "weights": ...}.
usage: /usr/bin/python3 bench/scoring_torch_eager.py --threads N --repeat R IMG...
"""
import argparse
import json
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "fixtures", "generator"))

import torch  # noqa: E402
from infer import load_model, load_rgb, to_tensor  # noqa: E402
from model import Detector, PostprocessedExport  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--repeat", type=int, default=1)
ap.add_argument("images", nargs="+")
a = ap.parse_args()
torch.set_num_threads(a.threads)
work = os.path.join(here, "..", "fixtures", "generator", "work")
ckpt = next((os.path.join(work, f) for f in ("v1.pt", "smoke.pt") if os.path.exists(os.path.join(work, f))), None)
if ckpt:
    model = load_model(ckpt)
    weights = os.path.basename(ckpt)
else:  # same architecture and cost; weights do not change the speed much
    model = PostprocessedExport(Detector(4), 0.05, 0.5, 100).eval()
    weights = "random init"
with torch.no_grad():
    model(to_tensor(load_rgb(a.images[0])))  # warm-up
    t = time.perf_counter()
    n = 0
    for _ in range(a.repeat):
        for path in a.images:
            model(to_tensor(load_rgb(path)))
            n += 1
    s = time.perf_counter() - t
print(json.dumps({"images": n, "seconds": s, "images_per_s": n / s, "weights": weights}))
