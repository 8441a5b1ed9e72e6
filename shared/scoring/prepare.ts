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

/** One view resized for the model, before packing. */
export interface ResizedView {
  image: RgbImage;
  placement: Placement;
  tile: Tile;
}

/** Decode, orient, tile and resize with the card's kernel, handing each view to `each` as soon as
 * it is resized (packing it then finds it still in cache). */
export async function resizeViews<T>(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource: string | undefined,
  each: (view: ResizedView) => T,
): Promise<{ width: number; height: number; views: T[] }> {
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
    const image = await toRgb(pipeline, resource);
    const tile: Tile = { left: 0, top: 0, width: info.width, height: info.height };
    return { width: info.width, height: info.height, views: [each({ image, placement, tile })] };
  }
  const rgb = await decodeImage(bytes, decode);
  const tiles: Tile[] = [{ left: 0, top: 0, width: rgb.width, height: rgb.height }];
  if (params.tileGridSize !== undefined) {
    tiles.push(...tileGrid(rgb.width, rgb.height, params.tileGridSize, params.tileOverlapRatio));
  }
  const views: T[] = [];
  for (const [i, tile] of tiles.entries()) {
    const region = i === 0 ? rgb : cropRgb(rgb, tile.left, tile.top, tile.width, tile.height);
    const placement = planPlacement(region.width, region.height, input, preprocess);
    const image =
      preprocess.resize.kernel === 'sharp'
        ? await resizeWithSharp(region, placement.scaledWidth, placement.scaledHeight)
        : resizeForInput(region, placement, input, preprocess);
    views.push(each({ image, placement, tile }));
  }
  return { width: rgb.width, height: rgb.height, views };
}

export function prepareImage(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource?: string,
  recycled?: TensorRecycler,
): Promise<PreparedImage> {
  const { input, preprocess } = card;
  return resizeViews(bytes, card, params, maxPixels, resource, ({ image, placement, tile }) => ({
    data: packTensor(image, placement, input, preprocess, recycled?.()),
    placement,
    tile,
  }));
}
