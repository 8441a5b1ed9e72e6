"""Torch eager peer for bench/scoring.ts: the fixture detector's own torch module with the weights of
the ONNX export the scorer runs (fixtures/models/v1/model.onnx), run on the same golden images end
to end: PIL decode + EXIF + alpha flatten, cv2.resize, tensor, model (with its post-processing).
Prints one JSON line: {"images": n, "seconds": s, "images_per_s": r, "round_seconds": [one per pass
over the images], "round_cpu_seconds": [CPU of each pass], "weights": ..., "detections":
per image [[x1, y1, x2, y2, score, class], ...] in original pixels, so the bench can check the peer
finds what the scorer finds}.
With --tile-grid-size COLSxROWS each image is scored whole and as tiles, merged as AutoML does
(fixtures/generator/infer.py's predict, which made the golden torch references).
usage: /usr/bin/python3 bench/scoring_torch_eager.py --model M.onnx [--tile-grid-size 3x2] --threads N
       --repeat R IMG...
"""
import argparse
import json
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "fixtures", "generator"))

import torch  # noqa: E402
from infer import load_rgb, predict, to_tensor  # noqa: E402
from model import Detector, PostprocessedExport  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--repeat", type=int, default=1)
ap.add_argument("--model", required=True, help="the ONNX export whose weights the torch module loads")
ap.add_argument("--tile-grid-size", help="COLSxROWS: score each image whole and as tiles, merged as AutoML does")
ap.add_argument("images", nargs="+")
a = ap.parse_args()
torch.set_num_threads(a.threads)


def from_onnx(path):
    """The detector with the weights of a committed ONNX export (BatchNorm was folded into each Conv
    on export: load the folded weights and make each BatchNorm the identity plus the bias)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(path).graph
    init = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    det = Detector(4)
    modules = [m for m in det.modules() if isinstance(m, torch.nn.Conv2d)]  # forward order
    by_name = dict(det.named_modules())
    names = {m: n for n, m in by_name.items()}
    assert len(modules) == len(convs), (len(modules), len(convs))
    with torch.no_grad():
        for node, conv in zip(convs, modules):
            conv.weight.copy_(init[node.input[1]])
            bias = init[node.input[2]]
            if conv.bias is not None:
                conv.bias.copy_(bias)
                continue
            bn = by_name[names[conv][: -len("0")] + "1"]  # cbr(): Conv2d at <block>.0, BatchNorm2d at .1
            bn.weight.fill_(1.0)
            bn.bias.copy_(bias)
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)  # (x - 0) / sqrt(var + eps) = x
    return PostprocessedExport(det, 0.05, 0.5, 100).eval()


model = from_onnx(a.model)
weights = os.path.relpath(a.model, os.path.join(here, ".."))
# AutoML's defaults, as in the model card; tiling as the scorer's tile_grid_size.
params = {"box_score_thresh": 0.3, "box_detections_per_img": 100, "tile_overlap_ratio": 0.25,
          "tile_predictions_nms_thresh": 0.25,
          "tile_grid_size": tuple(int(v) for v in a.tile_grid_size.split("x")) if a.tile_grid_size else None}


def score(path):
    if params["tile_grid_size"]:
        return predict(model, load_rgb(path), params)
    return model(to_tensor(load_rgb(path)))


with torch.no_grad():
    score(a.images[0])  # warm-up
    cpu = []  # CPU seconds of the process (every thread) per pass
    rounds = []  # seconds per pass over the images: the bench takes the median, as for the scorer
    for _ in range(a.repeat):
        t, c = time.perf_counter(), time.process_time()
        for path in a.images:
            score(path)
        rounds.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    n = len(a.images) * len(rounds)
    s = sum(rounds)
    # What the peer finds at the card's threshold (0.3), in original pixels.
    detections = []
    for path in a.images:
        b, labels, scores = predict(model, load_rgb(path), params)
        detections.append([[*map(float, box), float(sc), int(lb)] for box, lb, sc in zip(b, labels, scores)])
print(json.dumps({"images": n, "seconds": s, "images_per_s": n / s, "round_seconds": rounds,
                  "round_cpu_seconds": cpu, "weights": weights, "detections": detections}))
