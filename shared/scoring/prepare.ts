// Everything before the model for one image: decode, orient, tile, resize, pack. A pure function
// of (bytes, card, parameters).
import type { InferenceParams, ModelCard } from './card.js';
import { decodeImage, openImage, resizeWithSharp, toRgb } from './image.js';
import {
  type InputTensorData,
  type Placement,
  packTensor,
  planPlacement,
  resizeForInput,
} from './preprocess.js';
import { cropRgb, type RgbImage } from './resize.js';
import { type Tile, tileGrid } from './tiling.js';

/** One model input prepared from the whole image or one tile of it. */
export interface PreparedView {
  data: InputTensorData;
  placement: Placement;
  /** Where the view sits in the original image (the whole image for the untiled view). */
  tile: Tile;
}

export interface PreparedImage {
  width: number;
  height: number;
  views: PreparedView[];
}

/** Hands out a spent float32 tensor to overwrite, if one is free. */
export type TensorRecycler = () => Float32Array | undefined;

async function prepareView(
  img: RgbImage,
  tile: Tile,
  card: ModelCard,
  recycled?: TensorRecycler,
): Promise<PreparedView> {
  const { input, preprocess } = card;
  const placement = planPlacement(img.width, img.height, input, preprocess);
  const resized =
    preprocess.resize.kernel === 'sharp'
      ? await resizeWithSharp(img, placement.scaledWidth, placement.scaledHeight)
      : resizeForInput(img, placement, input, preprocess);
  return { data: packTensor(resized, placement, input, preprocess, recycled?.()), placement, tile };
}

export async function prepareImage(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource?: string,
  recycled?: TensorRecycler,
): Promise<PreparedImage> {
  const { input, preprocess } = card;
  const decode = {
    alphaBackground: preprocess.alphaBackground,
    maxPixels,
    ...(resource === undefined ? {} : { resource }),
  };
  if (preprocess.resize.kernel === 'sharp' && params.tileGridSize === undefined) {
    // One libvips pipeline from the compressed bytes: JPEG shrink-on-load makes this the fast path.
    const { pipeline, info } = await openImage(bytes, decode);
    const placement = planPlacement(info.width, info.height, input, preprocess);
    pipeline.resize(placement.scaledWidth, placement.scaledHeight, { fit: 'fill' });
    const img = await toRgb(pipeline, resource);
    const whole: Tile = { left: 0, top: 0, width: info.width, height: info.height };
    return {
      width: info.width,
      height: info.height,
      views: [{ data: packTensor(img, placement, input, preprocess, recycled?.()), placement, tile: whole }],
    };
  }
  const rgb = await decodeImage(bytes, decode);
  const whole: Tile = { left: 0, top: 0, width: rgb.width, height: rgb.height };
  const views = [await prepareView(rgb, whole, card, recycled)];
  if (params.tileGridSize !== undefined) {
    for (const tile of tileGrid(rgb.width, rgb.height, params.tileGridSize, params.tileOverlapRatio)) {
      const crop = cropRgb(rgb, tile.left, tile.top, tile.width, tile.height);
      views.push(await prepareView(crop, tile, card, recycled));
    }
  }
  return { width: rgb.width, height: rgb.height, views };
}
