// Everything before the model for one image: decode, orient, tile, resize, pack. A pure function
// of (bytes, card, parameters).
import type { InferenceParams, ModelCard } from './card.js';
import { decodeImage, openImage, resizeWithSharp, toRgb } from './image.js';
import {
  type InputTensorData,
  type Placement,
  packTensor,
  planPlacement,
  resizeAndPack,
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

/** One view before the JS kernels: the region it covers (the whole image or a tile of it), or,
 * where libvips resizes (the `sharp` kernel), that region already resized. */
interface ViewSource {
  region: RgbImage;
  resized: boolean;
  placement: Placement;
  tile: Tile;
}

/** Decode, orient and tile, handing each view to `each` in turn (so what `each` resizes or packs
 * is still in cache) and waiting for it before cutting the next: what a view needs is held only
 * while `each` uses it, so a tiled image costs one tile at a time, not one tensor per tile. */
async function forEachView<T>(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource: string | undefined,
  each: (view: ViewSource) => T | Promise<T>,
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
    const region = await toRgb(pipeline, resource);
    const tile: Tile = { left: 0, top: 0, width: info.width, height: info.height };
    return {
      width: info.width,
      height: info.height,
      views: [await each({ region, resized: true, placement, tile })],
    };
  }
  const rgb = await decodeImage(bytes, decode);
  const tiles: Tile[] = [{ left: 0, top: 0, width: rgb.width, height: rgb.height }];
  if (params.tileGridSize !== undefined) {
    for (const t of tileGrid(rgb.width, rgb.height, params.tileGridSize, params.tileOverlapRatio))
      tiles.push(t);
  }
  const views: T[] = [];
  for (const [i, tile] of tiles.entries()) {
    const region = i === 0 ? rgb : cropRgb(rgb, tile.left, tile.top, tile.width, tile.height);
    const placement = planPlacement(region.width, region.height, input, preprocess);
    views.push(
      preprocess.resize.kernel === 'sharp'
        ? await each({
            region: await resizeWithSharp(region, placement.scaledWidth, placement.scaledHeight),
            resized: true,
            placement,
            tile,
          })
        : await each({ region, resized: false, placement, tile }),
    );
  }
  return { width: rgb.width, height: rgb.height, views };
}

/** Decode, orient, tile and resize with the card's kernel, handing each view to `each` as soon as
 * it is resized. */
export function resizeViews<T>(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource: string | undefined,
  each: (view: ResizedView) => T,
): Promise<{ width: number; height: number; views: T[] }> {
  return forEachView(bytes, card, params, maxPixels, resource, ({ region, resized, placement, tile }) =>
    each({
      image: resized ? region : resizeForInput(region, placement, card.input, card.preprocess),
      placement,
      tile,
    }),
  );
}

/** Each view resized and packed into an input tensor, handed to `each` and awaited before the
 * next is cut: a caller that runs the model inside `each` holds one tile's tensor at a time. */
export function forEachPreparedView<T>(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource: string | undefined,
  recycled: TensorRecycler | undefined,
  each: (view: PreparedView) => Promise<T>,
): Promise<{ width: number; height: number; views: T[] }> {
  const { input, preprocess } = card;
  return forEachView(bytes, card, params, maxPixels, resource, ({ region, resized, placement, tile }) =>
    each({
      data: resized
        ? packTensor(region, placement, input, preprocess, recycled?.())
        : resizeAndPack(region, placement, input, preprocess, recycled?.()),
      placement,
      tile,
    }),
  );
}

/** Everything before the model: each view resized and packed into an input tensor (in one pass
 * where the kernel allows, see resizeAndPack), all views at once. */
export function prepareImage(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource?: string,
  recycled?: TensorRecycler,
): Promise<PreparedImage> {
  return forEachPreparedView(bytes, card, params, maxPixels, resource, recycled, (view) =>
    Promise.resolve(view),
  );
}
