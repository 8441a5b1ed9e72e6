"""Torch eager peer for bench/scoring.ts on a YOLOX-style acceptance model, for which no torch
source is vendored: the ONNX graph is executed node by node with torch operators (each op
dispatched eagerly, as an nn.Module forward would), with the ONNX file's own weights. End to end
like the scorer: cv2 decode (BGR), top-left letterbox with cv2.INTER_LINEAR and pad 114, the
model, grid decoding, objectness x class score, threshold and class-agnostic NMS (torchvision).
Prints one JSON line: {"images", "seconds", "images_per_s", "round_seconds" (one per pass over the
images), "round_cpu_seconds", "weights", "detections": [[x1, y1, x2, y2, score, class], ...] per
image (first pass)} so the caller can check the peer agrees with the scorer before comparing speeds.
usage: /usr/bin/python3 bench/onnx_torch_eager.py --model M.onnx --size 416 --threads N --repeat R
       [--score-thresh 0.3] [--iou 0.45] [--strides 8,16,32] IMG...
"""
import argparse
import json
import math
import os
import time

import cv2
import numpy as np
import onnx
import torch
import torch.nn.functional as F
import torchvision
from onnx import numpy_helper

INT64_MAX = 2**63 - 1


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv(x, w, b, a):
    pads = list(a.get("pads", [0, 0, 0, 0]))
    half = len(pads) // 2
    if pads[:half] != pads[half:]:  # asymmetric: pad explicitly (F.pad wants last dim first)
        x = F.pad(x, [p for i in reversed(range(half)) for p in (pads[i], pads[i + half])])
        pads = [0] * len(pads)
    return F.conv2d(x, w, b, a.get("strides", 1), pads[:half], a.get("dilations", 1), a.get("group", 1))


def slice_(x, starts, ends, axes=None, steps=None):
    axes = axes if axes is not None else list(range(len(starts)))
    steps = steps if steps is not None else [1] * len(starts)
    index = [slice(None)] * x.dim()
    for s, e, ax, st in zip(starts, ends, axes, steps):
        index[int(ax)] = slice(int(s), None if e >= INT64_MAX else int(e), int(st))
    return x[tuple(index)]


def reshape(x, shape):
    shape = [x.shape[i] if d == 0 else int(d) for i, d in enumerate(shape)]
    return x.reshape(shape)


def resize(x, scales, a):
    if a.get("mode", b"nearest") != b"nearest":
        raise SystemExit(f"Resize mode {a.get('mode')} is not supported by this peer")
    return F.interpolate(x, scale_factor=[float(s) for s in scales[2:]], mode="nearest")


def maxpool(x, a):
    pads = a.get("pads", [0, 0, 0, 0])
    return F.max_pool2d(x, a["kernel_shape"], a.get("strides", 1), pads[: len(pads) // 2], ceil_mode=bool(a.get("ceil_mode", 0)))


class EagerGraph:
    """The ONNX graph run op by op with torch. Constant inputs (shapes, slice bounds, scales) are
    kept as Python lists; everything else is a torch tensor."""

    def __init__(self, path):
        self.model = onnx.load(path)
        g = self.model.graph
        # Inputs that are parameters of an op, not data: shapes, slice bounds, resize scales.
        param_inputs = {"Slice": slice(1, None), "Reshape": slice(1, None), "Resize": slice(1, None)}
        as_list = {i for n in g.node if n.op_type in param_inputs for i in list(n.input)[param_inputs[n.op_type]]}
        self.consts = {}
        for t in g.initializer:
            arr = numpy_helper.to_array(t)
            self.consts[t.name] = arr.tolist() if t.name in as_list else torch.from_numpy(arr.copy())
        self.input = g.input[0].name
        self.output = g.output[0].name
        self.nodes = [(n.op_type, list(n.input), list(n.output), attrs(n)) for n in g.node]

    def __call__(self, x):
        env = dict(self.consts)
        env[self.input] = x
        get = lambda name: env[name] if name else None  # noqa: E731
        for op, ins, outs, a in self.nodes:
            v = [get(i) for i in ins]
            if op == "Conv":
                y = conv(v[0], v[1], v[2] if len(v) > 2 else None, a)
            elif op == "Sigmoid":
                y = torch.sigmoid(v[0])
            elif op == "Mul":
                y = v[0] * v[1]
            elif op == "Add":
                y = v[0] + v[1]
            elif op == "Concat":
                y = torch.cat(v, a["axis"])
            elif op == "Slice":
                y = slice_(v[0], *v[1:])
            elif op == "MaxPool":
                y = maxpool(v[0], a)
            elif op == "Reshape":
                y = reshape(v[0], v[1])
            elif op == "Resize":
                y = resize(v[0], v[2] if len(v) > 2 and v[2] else v[1], a)
            elif op == "Transpose":
                y = v[0].permute(*a["perm"])
            else:
                raise SystemExit(f"op {op} is not supported by this peer")
            env[outs[0]] = y
        return env[self.output]


def letterbox(bgr, size):
    h, w = bgr.shape[:2]
    r = min(size / h, size / w)
    nw, nh = math.floor(w * r), math.floor(h * r)
    out = np.full((size, size, 3), 114, np.uint8)
    out[:nh, :nw] = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_LINEAR)
    return torch.from_numpy(out.transpose(2, 0, 1).astype(np.float32)).unsqueeze(0), r


def grids(size, strides):
    cells, mults = [], []
    for s in strides:
        n = size // s
        yv, xv = torch.meshgrid(torch.arange(n), torch.arange(n), indexing="ij")
        cells.append(torch.stack((xv, yv), 2).reshape(-1, 2))
        mults.append(torch.full((n * n, 1), float(s)))
    return torch.cat(cells).float(), torch.cat(mults)


def postprocess(out, grid, stride, r, score_thresh, iou):
    p = out[0]
    xy = (p[:, :2] + grid) * stride
    wh = torch.exp(p[:, 2:4]) * stride
    scores, cls = (p[:, 4:5] * p[:, 5:]).max(1)
    keep = scores > score_thresh
    xy, wh, scores, cls = xy[keep], wh[keep], scores[keep], cls[keep]
    boxes = torch.cat((xy - wh / 2, xy + wh / 2), 1) / r
    kept = torchvision.ops.nms(boxes, scores, iou)[:100]
    return torch.cat((boxes[kept], scores[kept, None], cls[kept, None].float()), 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--score-thresh", type=float, default=0.3)
    ap.add_argument("--iou", type=float, default=0.45)
    ap.add_argument("--strides", default="8,16,32")
    ap.add_argument("images", nargs="+")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = EagerGraph(a.model)
    grid, stride = grids(a.size, [int(s) for s in a.strides.split(",")])

    def score(path):
        x, r = letterbox(cv2.imread(path, cv2.IMREAD_COLOR), a.size)
        return postprocess(model(x), grid, stride, r, a.score_thresh, a.iou)

    with torch.no_grad():
        detections = [score(p).tolist() for p in a.images]  # also the warm-up
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
    print(json.dumps({"images": n, "seconds": s, "images_per_s": n / s, "round_seconds": rounds,
                      "round_cpu_seconds": cpu, "weights": os.path.basename(a.model), "detections": detections}))


if __name__ == "__main__":
    main()
