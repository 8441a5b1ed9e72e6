// The card's `preprocess` section: resize (mode, kernel, geometry, padding) and normalization.
import type { FieldReader } from './fields.js';
import type { PreprocessSpec } from './types.js';

const RESIZE_MODES = ['stretch', 'letterbox'] as const;
const RESIZE_KERNELS = ['sharp', 'opencv-bilinear', 'pil-bilinear'] as const;
const ALIGNS = ['center', 'top-left'] as const;
const GEOMETRIES = ['resize', 'warp'] as const;

export function parsePreprocess(r: FieldReader): PreprocessSpec {
  const resize = r.object('resize', false);
  const normalize = r.object('normalize', false);
  const mode = resize.enumOf('mode', RESIZE_MODES, 'stretch');
  const kernel = resize.enumOf('kernel', RESIZE_KERNELS, 'sharp');
  const geometry = resize.enumOf('geometry', GEOMETRIES, 'resize');
  if (geometry === 'warp' && kernel !== 'opencv-bilinear') {
    resize.fail('geometry', "'warp' is only available with kernel 'opencv-bilinear'");
  }
  const scale = normalize.number('scale', 1 / 255, { min: Number.MIN_VALUE });
  const mean = normalize.numbers('mean', [0, 0, 0], 3) as [number, number, number];
  const std = normalize.numbers('std', [1, 1, 1], 3) as [number, number, number];
  if (std.some((s) => s === 0)) normalize.fail('std', 'must not contain 0');
  return {
    resize: {
      mode,
      kernel,
      align: resize.enumOf('align', ALIGNS, 'center'),
      geometry,
      padValue: resize.rgb('pad_value', [114, 114, 114]),
      upscale: resize.boolean('upscale', true),
      sizeRounding: resize.enumOf('size_rounding', ['round', 'floor'] as const, 'round'),
    },
    normalize: { scale, mean, std },
    alphaBackground: r.rgb('alpha_background', [255, 255, 255]),
  };
}
