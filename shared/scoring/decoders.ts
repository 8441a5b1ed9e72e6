// Output decoders, chosen and parameterised by the card: each turns the model's output tensors
// into candidates (boxes in model-input pixels, class id, score) above the score threshold.
// Thresholding here keeps NMS small; NMS and the detection cap are the scorer's job.
import type {
  BoxFormat,
  GflOutput,
  OutputSpec,
  PostprocessedOutput,
  SsdOutput,
  SsdPriors,
  YoloOutput,
} from './card.js';
import type { Candidate } from './detection.js';

/** The slice of an onnxruntime tensor the decoders read. */
export interface OutputTensor {
  dims: readonly number[];
  data: ArrayLike<number | bigint>;
}

export interface DecodeContext {
  inputWidth: number;
  inputHeight: number;
  scoreThreshold: number;
  /** Output tensors by the names the card's refs resolve to. */
  get(ref: string | number): OutputTensor;
}

function num(v: number | bigint | undefined): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** Converts one box in `format` to corners. */
function corners(
  a: number,
  b: number,
  c: number,
  d: number,
  format: BoxFormat,
): [number, number, number, number] {
  switch (format) {
    case 'xyxy':
      return [a, b, c, d];
    case 'yxyx':
      return [b, a, d, c];
    case 'xywh':
      return [a, b, a + c, b + d];
    case 'cxcywh':
      return [a - c / 2, b - d / 2, a + c / 2, b + d / 2];
  }
}

function decodePostprocessed(o: PostprocessedOutput, ctx: DecodeContext): Candidate[] {
  const boxes = ctx.get(o.outputs.boxes).data;
  const scores = ctx.get(o.outputs.scores).data;
  const labels = o.outputs.labels === undefined ? undefined : ctx.get(o.outputs.labels).data;
  const n = Math.floor(boxes.length / 4);
  const sx = o.boxUnits === 'normalized' ? ctx.inputWidth : 1;
  const sy = o.boxUnits === 'normalized' ? ctx.inputHeight : 1;
  const out: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    const score = num(scores[i]);
    if (!(score > ctx.scoreThreshold)) continue;
    const [x1, y1, x2, y2] = corners(
      num(boxes[4 * i]),
      num(boxes[4 * i + 1]),
      num(boxes[4 * i + 2]),
      num(boxes[4 * i + 3]),
      o.boxFormat,
    );
    const label = labels === undefined ? 0 : Math.round(num(labels[i]));
    out.push({ x1: x1 * sx, y1: y1 * sy, x2: x2 * sx, y2: y2 * sy, score, classId: label - o.labelOffset });
  }
  return out;
}

function decodeYolo(o: YoloOutput, ctx: DecodeContext): Candidate[] {
  const t = ctx.get(o.outputs.predictions);
  const data = t.data as ArrayLike<number>;
  const k = t.dims[t.dims.length - 1] as number;
  const rows = Math.floor(data.length / k);
  const first = o.objectness ? 5 : 4;
  const classes = k - first;
  if (classes < 1)
    throw new Error(
      `yolo output rows have ${k} columns, too few for 4 box values${o.objectness ? ', objectness' : ''} and a class`,
    );
  const act = o.scoreActivation === 'sigmoid' ? sigmoid : (v: number) => v;
  // Grid cell and stride of every row, for raw YOLOX heads.
  let gridX: Int32Array | undefined;
  let gridY: Int32Array | undefined;
  let gridS: Int32Array | undefined;
  if (o.strides.length > 0) {
    gridX = new Int32Array(rows);
    gridY = new Int32Array(rows);
    gridS = new Int32Array(rows);
    const cells = o.strides.reduce(
      (n, s) => n + Math.floor(ctx.inputWidth / s) * Math.floor(ctx.inputHeight / s),
      0,
    );
    if (cells !== rows) {
      throw new Error(
        `yolo strides [${o.strides.join(', ')}] give ${cells} grid cells but the output has ${rows} rows`,
      );
    }
    let r = 0;
    for (const s of o.strides) {
      const fw = Math.floor(ctx.inputWidth / s);
      const fh = Math.floor(ctx.inputHeight / s);
      for (let gy = 0; gy < fh; gy++) {
        for (let gx = 0; gx < fw; gx++, r++) {
          gridX[r] = gx;
          gridY[r] = gy;
          gridS[r] = s;
        }
      }
    }
    if (r !== rows) {
      throw new Error(
        `yolo strides [${o.strides.join(', ')}] give ${r} grid cells but the output has ${rows} rows`,
      );
    }
  }
  const out: Candidate[] = [];
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    const obj = o.objectness ? act(data[base + 4] as number) : 1;
    if (!(obj > ctx.scoreThreshold) && o.objectness) continue;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) {
      const v = data[base + first + c] as number;
      if (v > bestScore) {
        bestScore = v;
        best = c;
      }
    }
    const score = obj * act(bestScore);
    if (!(score > ctx.scoreThreshold)) continue;
    let a = data[base] as number;
    let b = data[base + 1] as number;
    let c = data[base + 2] as number;
    let d = data[base + 3] as number;
    if (gridS) {
      const s = gridS[i] as number;
      a = (a + ((gridX as Int32Array)[i] as number)) * s;
      b = (b + ((gridY as Int32Array)[i] as number)) * s;
      c = Math.exp(c) * s;
      d = Math.exp(d) * s;
    }
    const [x1, y1, x2, y2] = corners(a, b, c, d, o.boxFormat);
    out.push({ x1, y1, x2, y2, score, classId: best - o.labelOffset });
  }
  return out;
}

function decodeGfl(o: GflOutput, ctx: DecodeContext): Candidate[] {
  const out: Candidate[] = [];
  const bins = o.regMax + 1;
  const act = o.scoreActivation === 'sigmoid' ? sigmoid : (v: number) => v;
  const prob = new Float64Array(bins);
  o.strides.forEach((s, level) => {
    const scores = ctx.get(o.outputs.scores[level] as string | number);
    const dist = ctx.get(o.outputs.distances[level] as string | number);
    const classes = scores.dims[scores.dims.length - 1] as number;
    const sd = scores.data as ArrayLike<number>;
    const dd = dist.data as ArrayLike<number>;
    const cells = Math.floor(sd.length / classes);
    if (dd.length !== cells * 4 * bins) {
      throw new Error(`gfl level ${level}: ${cells} score cells but distance tensor has ${dd.length} values`);
    }
    const fw = Math.ceil(ctx.inputWidth / s);
    // Best class score per cell, to keep the top-K cells of the level.
    const best = new Float32Array(cells);
    for (let i = 0; i < cells; i++) {
      let m = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) m = Math.max(m, act(sd[i * classes + c] as number));
      best[i] = m;
    }
    let idx = Array.from({ length: cells }, (_, i) => i).filter(
      (i) => (best[i] as number) > ctx.scoreThreshold,
    );
    if (o.preNmsTopKPerLevel > 0 && idx.length > o.preNmsTopKPerLevel) {
      idx = idx.sort((a, b) => (best[b] as number) - (best[a] as number)).slice(0, o.preNmsTopKPerLevel);
    }
    for (const i of idx) {
      const row = Math.floor(i / fw);
      const col = i % fw;
      const cx = (col + o.cellOffset) * s;
      const cy = (row + o.cellOffset) * s;
      const side = [0, 0, 0, 0];
      for (let k = 0; k < 4; k++) {
        const off = i * 4 * bins + k * bins;
        let mx = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < bins; j++) mx = Math.max(mx, dd[off + j] as number);
        let sum = 0;
        for (let j = 0; j < bins; j++) {
          prob[j] = Math.exp((dd[off + j] as number) - mx);
          sum += prob[j] as number;
        }
        let e = 0;
        for (let j = 0; j < bins; j++) e += (j * (prob[j] as number)) / sum;
        side[k] = e * s;
      }
      for (let c = 0; c < classes; c++) {
        const score = act(sd[i * classes + c] as number);
        if (!(score > ctx.scoreThreshold)) continue;
        out.push({
          x1: cx - (side[0] as number),
          y1: cy - (side[1] as number),
          x2: cx + (side[2] as number),
          y2: cy + (side[3] as number),
          score,
          classId: c - o.labelOffset,
        });
      }
    }
  });
  return out;
}

/** SSD prior boxes (normalized cx, cy, w, h): level, row, column, size order. */
export function ssdPriors(p: SsdPriors, inputWidth: number, inputHeight: number): Float32Array {
  const list: number[] = [];
  const clamp = (v: number) => (p.clamp ? Math.min(1, Math.max(0, v)) : v);
  p.strides.forEach((s, level) => {
    const fw = Math.ceil(inputWidth / s);
    const fh = Math.ceil(inputHeight / s);
    for (let row = 0; row < fh; row++) {
      for (let col = 0; col < fw; col++) {
        for (const m of p.minSizes[level] as number[]) {
          list.push(
            clamp((col + 0.5) / fw),
            clamp((row + 0.5) / fh),
            clamp(m / inputWidth),
            clamp(m / inputHeight),
          );
        }
      }
    }
  });
  return Float32Array.from(list);
}

const priorCache = new WeakMap<SsdPriors, Float32Array>();

function decodeSsd(o: SsdOutput, ctx: DecodeContext): Candidate[] {
  const scores = ctx.get(o.outputs.scores);
  const boxes = ctx.get(o.outputs.boxes).data as ArrayLike<number>;
  const k = scores.dims[scores.dims.length - 1] as number;
  const sd = scores.data as ArrayLike<number>;
  const n = Math.floor(sd.length / k);
  let priors: Float32Array | undefined;
  if (o.encoding === 'offsets' && o.priors) {
    priors = priorCache.get(o.priors);
    if (!priors) {
      priors = ssdPriors(o.priors, ctx.inputWidth, ctx.inputHeight);
      priorCache.set(o.priors, priors);
    }
    if (priors.length / 4 !== n) {
      throw new Error(`ssd priors give ${priors.length / 4} boxes but the model outputs ${n}`);
    }
  }
  const W = ctx.inputWidth;
  const H = ctx.inputHeight;
  const out: Candidate[] = [];
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (o.scoreActivation === 'softmax') {
      let mx = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) mx = Math.max(mx, sd[i * k + c] as number);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        row[c] = Math.exp((sd[i * k + c] as number) - mx);
        sum += row[c] as number;
      }
      for (let c = 0; c < k; c++) row[c] = (row[c] as number) / sum;
    } else {
      for (let c = 0; c < k; c++) {
        const v = sd[i * k + c] as number;
        row[c] = o.scoreActivation === 'sigmoid' ? sigmoid(v) : v;
      }
    }
    let x1 = 0;
    let y1 = 0;
    let x2 = 0;
    let y2 = 0;
    let decoded = false;
    for (let c = 0; c < k; c++) {
      if (c === o.backgroundClass) continue;
      const score = row[c] as number;
      if (!(score > ctx.scoreThreshold)) continue;
      if (!decoded) {
        decoded = true;
        const b0 = boxes[4 * i] as number;
        const b1 = boxes[4 * i + 1] as number;
        const b2 = boxes[4 * i + 2] as number;
        const b3 = boxes[4 * i + 3] as number;
        if (priors) {
          const pcx = priors[4 * i] as number;
          const pcy = priors[4 * i + 1] as number;
          const pw = priors[4 * i + 2] as number;
          const ph = priors[4 * i + 3] as number;
          const cx = pcx + b0 * o.centerVariance * pw;
          const cy = pcy + b1 * o.centerVariance * ph;
          const w = pw * Math.exp(b2 * o.sizeVariance);
          const h = ph * Math.exp(b3 * o.sizeVariance);
          x1 = (cx - w / 2) * W;
          y1 = (cy - h / 2) * H;
          x2 = (cx + w / 2) * W;
          y2 = (cy + h / 2) * H;
        } else {
          x1 = b0 * W;
          y1 = b1 * H;
          x2 = b2 * W;
          y2 = b3 * H;
        }
      }
      out.push({ x1, y1, x2, y2, score, classId: c - o.labelOffset });
    }
  }
  if (o.preNmsTopK > 0 && out.length > o.preNmsTopK) {
    out.sort((a, b) => b.score - a.score);
    out.length = o.preNmsTopK;
  }
  return out;
}

export function decodeOutputs(spec: OutputSpec, ctx: DecodeContext): Candidate[] {
  switch (spec.decoder) {
    case 'postprocessed':
      return decodePostprocessed(spec, ctx);
    case 'yolo':
      return decodeYolo(spec, ctx);
    case 'gfl':
      return decodeGfl(spec, ctx);
    case 'ssd':
      return decodeSsd(spec, ctx);
  }
}
