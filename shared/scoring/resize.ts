// Resize kernels that reproduce the Python preprocessing a live endpoint runs, bit for bit on
// uint8 RGB (HWC) images: OpenCV's INTER_LINEAR resize and warp, and PIL's antialiased bilinear.
// A half-pixel or rounding difference here moves model scores by several hundredths, which would
// break local-vs-endpoint parity, so each function follows its library's fixed-point arithmetic.
// Pure functions, no native code.

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGB, row-major, 3 bytes per pixel. */
  data: Uint8Array;
  /** Bytes from one row to the next when the image is a view into a wider one (a tile); default
   * width * 3. */
  stride?: number;
}

/** Bytes from one row of `img` to the next. */
export function rowStride(img: RgbImage): number {
  return img.stride ?? img.width * 3;
}

/** The image with its rows packed (a copy only for views into a wider image). */
export function compact(img: RgbImage): RgbImage {
  const st = rowStride(img);
  const rowLen = img.width * 3;
  if (st === rowLen) return img;
  const out = new Uint8Array(rowLen * img.height);
  for (let y = 0; y < img.height; y++) out.set(img.data.subarray(y * st, y * st + rowLen), y * rowLen);
  return { width: img.width, height: img.height, data: out };
}

const CV_RESIZE_COEF_BITS = 11;
const CV_RESIZE_COEF_SCALE = 1 << CV_RESIZE_COEF_BITS;

/** cvRound / saturate_cast<int>(double): round half to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Per-axis source offsets and fixed-point weights, as cv::resize computes them for INTER_LINEAR.
 * The fraction is computed in float32, as OpenCV does. */
function cvLinearAxis(
  srcSize: number,
  dstSize: number,
  clampWeights: boolean,
): { ofs: Int32Array; w0: Int32Array; w1: Int32Array } {
  const scale = srcSize / dstSize;
  const ofs = new Int32Array(dstSize);
  const w0 = new Int32Array(dstSize);
  const w1 = new Int32Array(dstSize);
  for (let d = 0; d < dstSize; d++) {
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = Math.fround(f - s);
    // Only the horizontal axis zeroes the fraction at the borders; vertically OpenCV keeps the
    // weights and clamps the row index instead.
    if (clampWeights && s < 0) {
      f = 0;
      s = 0;
    }
    if (clampWeights && s >= srcSize - 1) {
      f = 0;
      s = srcSize - 1;
    }
    ofs[d] = s;
    w0[d] = roundHalfEven(Math.fround(1 - f) * CV_RESIZE_COEF_SCALE);
    w1[d] = roundHalfEven(f * CV_RESIZE_COEF_SCALE);
  }
  return { ofs, w0, w1 };
}

/** Taps and weights of cv2's INTER_LINEAR resize of a sw x sh image to dstW x dstH. */
function cvPlan(sw: number, sh: number, dstW: number, dstH: number) {
  const xs = cvLinearAxis(sw, dstW, true);
  const ys = cvLinearAxis(sh, dstH, false);
  // Byte offsets of each output pixel's two horizontal taps. At the right border OpenCV takes the
  // edge pixel times ONE (weights 2048/0), so pointing the second tap at the same pixel is exact.
  const tap0 = new Int32Array(dstW);
  const tap1 = new Int32Array(dstW);
  for (let dx = 0; dx < dstW; dx++) {
    const sx = xs.ofs[dx] as number;
    tap0[dx] = sx * 3;
    tap1[dx] = (sx + 1 < sw ? sx + 1 : sx) * 3;
  }
  /** The two source rows output row dy blends (clamped to the image) and their weights. */
  const rows = (dy: number) => {
    const sy = ys.ofs[dy] as number;
    return {
      y0: Math.min(Math.max(sy, 0), sh - 1),
      y1: Math.min(Math.max(sy + 1, 0), sh - 1),
      b0: ys.w0[dy] as number,
      b1: ys.w1[dy] as number,
    };
  };
  return { tap0, tap1, w0: xs.w0, w1: xs.w1, rows };
}

/** Whether OpenCV's INTER_LINEAR takes the downscaling path here, which blends both source rows
 * per pixel in one pass (an exact 2x downscale is switched to INTER_AREA instead). */
export function cvDownscalesInOnePass(sw: number, sh: number, dstW: number, dstH: number): boolean {
  return sh > dstH && !(sw === 2 * dstW && sh === 2 * dstH);
}

/** cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR) on uint8, 3 channels. */
export function resizeOpenCvBilinear(src: RgbImage, dstW: number, dstH: number): RgbImage {
  const { width: sw, height: sh, data } = src;
  const st = rowStride(src);
  if (sw === dstW && sh === dstH) {
    const c = compact(src);
    return { width: dstW, height: dstH, data: c === src ? data.slice(0, sw * sh * 3) : c.data };
  }
  // OpenCV switches an exact 2x downscale to INTER_AREA (same result in float, cheaper).
  if (sw === 2 * dstW && sh === 2 * dstH) return resizeAreaHalf(src);
  const { tap0, tap1, w0, w1, rows } = cvPlan(sw, sh, dstW, dstH);
  const rowLen = dstW * 3;
  const out = new Uint8Array(rowLen * dstH);
  if (cvDownscalesInOnePass(sw, sh, dstW, dstH)) {
    // Downscaling, consecutive output rows share few source rows: blend both rows' horizontal
    // taps and the vertical weights in one pass per pixel (same arithmetic; 1.3-2x faster here
    // than caching horizontal rows, which only pays off when upscaling).
    for (let dy = 0; dy < dstH; dy++) {
      const { y0, y1, b0, b1 } = rows(dy);
      cvFusedRow(data, y0 * st, y1 * st, tap0, tap1, w0, w1, b0, b1, out, dy * rowLen);
    }
    return { width: dstW, height: dstH, data: out };
  }
  // The horizontal pass of the two source rows a destination row blends; consecutive output rows
  // mostly share one, so the previous bottom row is reused as the next top row.
  let top = new Int32Array(rowLen);
  let bottom = new Int32Array(rowLen);
  let topRow = -1;
  let bottomRow = -1;
  for (let dy = 0; dy < dstH; dy++) {
    const { y0, y1, b0, b1 } = rows(dy);
    if (y0 !== topRow && y0 === bottomRow) {
      [top, bottom] = [bottom, top];
      [topRow, bottomRow] = [bottomRow, topRow];
    }
    if (y0 !== topRow) {
      cvHorizontalRow(data, y0 * st, tap0, tap1, w0, w1, top);
      topRow = y0;
    }
    if (y1 !== bottomRow) {
      if (y1 === topRow) bottom.set(top);
      else cvHorizontalRow(data, y1 * st, tap0, tap1, w0, w1, bottom);
      bottomRow = y1;
    }
    cvVerticalRow(top, bottom, b0, b1, out, dy * rowLen);
  }
  return { width: dstW, height: dstH, data: out };
}

/** One source row resampled horizontally into 11-bit fixed point. */
function cvHorizontalRow(
  data: Uint8Array,
  base: number,
  tap0: Int32Array,
  tap1: Int32Array,
  w0: Int32Array,
  w1: Int32Array,
  row: Int32Array,
): void {
  const n = tap0.length;
  for (let dx = 0, o = 0; dx < n; dx++, o += 3) {
    const p = base + (tap0[dx] as number);
    const q = base + (tap1[dx] as number);
    const a0 = w0[dx] as number;
    const a1 = w1[dx] as number;
    row[o] = (data[p] as number) * a0 + (data[q] as number) * a1;
    row[o + 1] = (data[p + 1] as number) * a0 + (data[q + 1] as number) * a1;
    row[o + 2] = (data[p + 2] as number) * a0 + (data[q + 2] as number) * a1;
  }
}

/** The vertical blend of two horizontal rows. OpenCV's vertical pass is SIMD: each weighted row is
 * shifted (mul-hi on 16-bit lanes) before the sum, so it rounds differently from plain fixed point;
 * this reproduces that arithmetic. */
function cvVerticalRow(
  r0: Int32Array,
  r1: Int32Array,
  b0: number,
  b1: number,
  out: Uint8Array,
  offset: number,
): void {
  const n = r0.length;
  for (let x = 0; x < n; x++) {
    const v = (((b0 * ((r0[x] as number) >> 4)) >> 16) + ((b1 * ((r1[x] as number) >> 4)) >> 16) + 2) >> 2;
    out[offset + x] = v > 255 ? 255 : v;
  }
}

/** cvHorizontalRow on two source rows and cvVerticalRow on the results, fused per pixel. */
function cvFusedRow(
  data: Uint8Array,
  top: number,
  bottom: number,
  tap0: Int32Array,
  tap1: Int32Array,
  w0: Int32Array,
  w1: Int32Array,
  b0: number,
  b1: number,
  out: Uint8Array,
  offset: number,
): void {
  const n = tap0.length;
  for (let dx = 0, o = offset; dx < n; dx++, o += 3) {
    const t0 = tap0[dx] as number;
    const t1 = tap1[dx] as number;
    const a0 = w0[dx] as number;
    const a1 = w1[dx] as number;
    const p = top + t0;
    const q = top + t1;
    const r = bottom + t0;
    const s = bottom + t1;
    for (let c = 0; c < 3; c++) {
      const h0 = (data[p + c] as number) * a0 + (data[q + c] as number) * a1;
      const h1 = (data[r + c] as number) * a0 + (data[s + c] as number) * a1;
      const v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
      out[o + c] = v > 255 ? 255 : v;
    }
  }
}

/** Where resized pixels go when written straight into a float32 NCHW tensor. */
export interface PlanarTarget {
  out: Float32Array;
  /** The tensor's row length, and where the resized image's top-left pixel lands in it. */
  rowLength: number;
  offsetX: number;
  offsetY: number;
  /** How much of the resized image fits in the tensor. */
  width: number;
  height: number;
  /** Per source channel (R, G, B): where its tensor plane starts in `out`, and the table that
   * normalizes its bytes. */
  planes: readonly [number, number, number];
  tables: readonly [Float32Array, Float32Array, Float32Array];
}

/** resizeOpenCvBilinear's one-pass downscale (see cvDownscalesInOnePass) written straight into
 * float planes through per-channel tables: the values resizing then packing gives, without the
 * interleaved image in between and the packing pass over it (resize and pack of the golden set
 * went from 2.9 to 2.3 ms an image on the dev machine). */
export function resizeOpenCvBilinearToPlanes(
  src: RgbImage,
  dstW: number,
  dstH: number,
  target: PlanarTarget,
): void {
  const { width: sw, height: sh, data } = src;
  const st = rowStride(src);
  const { tap0, tap1, w0, w1, rows } = cvPlan(sw, sh, dstW, dstH);
  const { out, rowLength, offsetX, offsetY } = target;
  const [p0, p1, p2] = target.planes;
  const [t0, t1, t2] = target.tables;
  const width = Math.min(target.width, dstW);
  const height = Math.min(target.height, dstH);
  for (let dy = 0; dy < height; dy++) {
    const { y0, y1, b0, b1 } = rows(dy);
    const top = y0 * st;
    const bottom = y1 * st;
    let o = (dy + offsetY) * rowLength + offsetX;
    // The three channels written out, each into its own plane.
    for (let dx = 0; dx < width; dx++, o++) {
      const a0 = w0[dx] as number;
      const a1 = w1[dx] as number;
      const p = top + (tap0[dx] as number);
      const q = top + (tap1[dx] as number);
      const r = bottom + (tap0[dx] as number);
      const s = bottom + (tap1[dx] as number);
      let h0 = (data[p] as number) * a0 + (data[q] as number) * a1;
      let h1 = (data[r] as number) * a0 + (data[s] as number) * a1;
      let v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
      out[p0 + o] = t0[v > 255 ? 255 : v] as number;
      h0 = (data[p + 1] as number) * a0 + (data[q + 1] as number) * a1;
      h1 = (data[r + 1] as number) * a0 + (data[s + 1] as number) * a1;
      v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
      out[p1 + o] = t1[v > 255 ? 255 : v] as number;
      h0 = (data[p + 2] as number) * a0 + (data[q + 2] as number) * a1;
      h1 = (data[r + 2] as number) * a0 + (data[s + 2] as number) * a1;
      v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
      out[p2 + o] = t2[v > 255 ? 255 : v] as number;
    }
  }
}

function resizeAreaHalf(src: RgbImage): RgbImage {
  const dstW = src.width / 2;
  const dstH = src.height / 2;
  const out = new Uint8Array(dstW * dstH * 3);
  const stride = rowStride(src);
  const d = src.data;
  for (let y = 0; y < dstH; y++) {
    for (let x = 0; x < dstW; x++) {
      const p = 2 * y * stride + 2 * x * 3;
      for (let c = 0; c < 3; c++) {
        const s = (d[p + c] as number) + (d[p + 3 + c] as number) + (d[p + stride + c] as number);
        out[(y * dstW + x) * 3 + c] = (s + (d[p + stride + 3 + c] as number) + 2) >> 2;
      }
    }
  }
  return { width: dstW, height: dstH, data: out };
}

/** An affine letterbox drawn like cv2.warpAffine / warpPerspective (INTER_LINEAR, constant border):
 * output pixel (x, y) samples the source at ((x - tx)/scale, (y - ty)/scale), quantised to 1/32 px,
 * with 15-bit weights; taps outside the source read `border`. */
export function warpOpenCvBilinear(
  src: RgbImage,
  dstW: number,
  dstH: number,
  scale: number,
  tx: number,
  ty: number,
  border: readonly [number, number, number],
): RgbImage {
  const { width: sw, height: sh, data } = compact(src);
  const out = new Uint8Array(dstW * dstH * 3);
  const inv = 1 / scale;
  const ax = new Int32Array(dstW);
  for (let x = 0; x < dstW; x++) ax[x] = roundHalfEven((x - tx) * inv * 32);
  for (let y = 0; y < dstH; y++) {
    const Y = roundHalfEven((y - ty) * inv * 32);
    const sy = Y >> 5;
    const fy = Y & 31;
    for (let x = 0; x < dstW; x++) {
      const X = ax[x] as number;
      const sx = X >> 5;
      const fx = X & 31;
      const o = (y * dstW + x) * 3;
      if (sx >= sw || sx + 1 < 0 || sy >= sh || sy + 1 < 0) {
        out[o] = border[0];
        out[o + 1] = border[1];
        out[o + 2] = border[2];
        continue;
      }
      // Weights are exact integers on the 1/32 grid: (32-f)*(32-g)*32 sums to 32768.
      const w00 = (32 - fy) * (32 - fx) * 32;
      const w01 = (32 - fy) * fx * 32;
      const w10 = fy * (32 - fx) * 32;
      const w11 = fy * fx * 32;
      const in0 = sy >= 0 && sy < sh;
      const in1 = sy + 1 >= 0 && sy + 1 < sh;
      const inX0 = sx >= 0 && sx < sw;
      const inX1 = sx + 1 >= 0 && sx + 1 < sw;
      const p00 = (sy * sw + sx) * 3;
      for (let c = 0; c < 3; c++) {
        const b = border[c] as number;
        const v00 = in0 && inX0 ? (data[p00 + c] as number) : b;
        const v01 = in0 && inX1 ? (data[p00 + 3 + c] as number) : b;
        const v10 = in1 && inX0 ? (data[p00 + sw * 3 + c] as number) : b;
        const v11 = in1 && inX1 ? (data[p00 + sw * 3 + 3 + c] as number) : b;
        const v = (v00 * w00 + v01 * w01 + v10 * w10 + v11 * w11 + (1 << 14)) >> 15;
        out[o + c] = v < 0 ? 0 : Math.min(v, 255);
      }
    }
  }
  return { width: dstW, height: dstH, data: out };
}

const PIL_PRECISION_BITS = 32 - 8 - 2;

/** PIL's precompute_coeffs + normalize_coeffs_8bpc for the bilinear (triangle) filter. */
function pilAxis(inSize: number, outSize: number): { bounds: Int32Array; k: Int32Array; ksize: number } {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 1 * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const k = new Int32Array(outSize * ksize);
  const ss = 1 / filterscale;
  const w = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      let t = Math.abs((x + xmin - center + 0.5) * ss);
      t = t < 1 ? 1 - t : 0;
      w[x] = t;
      ww += t;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? (w[x] as number) / ww : (w[x] as number);
      // C's (int) truncates toward zero after the +-0.5.
      k[xx * ksize + x] =
        v < 0
          ? Math.trunc(-0.5 + v * (1 << PIL_PRECISION_BITS))
          : Math.trunc(0.5 + v * (1 << PIL_PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, k, ksize };
}

function clip8(v: number): number {
  // v is a sum of products that may exceed 2^31 for negative kernels; Math.floor division keeps it exact.
  const r = Math.floor(v / (1 << PIL_PRECISION_BITS));
  return r < 0 ? 0 : Math.min(r, 255);
}

/** PIL `Image.resize((w, h), Image.BILINEAR)` on an RGB image (antialiased, Pillow >= 7, no reducing_gap). */
export function resizePilBilinear(image: RgbImage, dstW: number, dstH: number): RgbImage {
  const src = compact(image);
  const { width: sw, height: sh } = src;
  let cur = src;
  const needH = dstW !== sw;
  const needV = dstH !== sh;
  const vert = pilAxis(sh, dstH);
  if (needH) {
    // Only the source rows the vertical pass reads are resampled horizontally.
    const yFirst = needV ? (vert.bounds[0] as number) : 0;
    const yLast = needV ? (vert.bounds[dstH * 2 - 2] as number) + (vert.bounds[dstH * 2 - 1] as number) : sh;
    const horiz = pilAxis(sw, dstW);
    const rows = yLast - yFirst;
    const out = new Uint8Array(dstW * rows * 3);
    const half = 1 << (PIL_PRECISION_BITS - 1);
    for (let y = 0; y < rows; y++) {
      const rowBase = (y + yFirst) * sw * 3;
      for (let xx = 0; xx < dstW; xx++) {
        const xmin = horiz.bounds[xx * 2] as number;
        const xmax = horiz.bounds[xx * 2 + 1] as number;
        const kb = xx * horiz.ksize;
        let s0 = half;
        let s1 = half;
        let s2 = half;
        for (let x = 0; x < xmax; x++) {
          const kv = horiz.k[kb + x] as number;
          const p = rowBase + (x + xmin) * 3;
          s0 += (cur.data[p] as number) * kv;
          s1 += (cur.data[p + 1] as number) * kv;
          s2 += (cur.data[p + 2] as number) * kv;
        }
        const o = (y * dstW + xx) * 3;
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
    cur = { width: dstW, height: rows, data: out };
    if (needV) for (let i = 0; i < dstH; i++) vert.bounds[i * 2] = (vert.bounds[i * 2] as number) - yFirst;
  }
  if (needV) {
    const w = cur.width;
    const out = new Uint8Array(w * dstH * 3);
    const half = 1 << (PIL_PRECISION_BITS - 1);
    for (let yy = 0; yy < dstH; yy++) {
      const ymin = vert.bounds[yy * 2] as number;
      const ymax = vert.bounds[yy * 2 + 1] as number;
      const kb = yy * vert.ksize;
      for (let xx = 0; xx < w * 3; xx++) {
        let s = half;
        for (let y = 0; y < ymax; y++)
          s += (cur.data[(y + ymin) * w * 3 + xx] as number) * (vert.k[kb + y] as number);
        out[yy * w * 3 + xx] = clip8(s);
      }
    }
    cur = { width: w, height: dstH, data: out };
  }
  return cur === src ? { width: sw, height: sh, data: src.data.slice() } : cur;
}

/** Copies a rectangle out of an image (used for tiles). */
/** A tile of `src` as a view into its pixels (no copy: `stride` carries the parent's rows). */
export function cropRgb(src: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const st = rowStride(src);
  const start = top * st + left * 3;
  const end = (top + height - 1) * st + (left + width) * 3;
  return { width, height, stride: st, data: src.data.subarray(start, end) };
}
