// Image decoding with sharp: EXIF auto-orientation, alpha flattened onto the card's background,
// grayscale/CMYK/16-bit converted to 8-bit sRGB, embedded ICC profiles not applied (as PIL and
// cv2 do not), and a pixel limit checked from the header before any pixels are decoded (a
// 30000x30000 PNG is a few KB on the wire and 2.7 GB in memory).
import { loadSharp } from '../native/load.js';
import { ImageDecodeError, ImageTooLargeError } from './errors.js';
import { compact, type RgbImage } from './resize.js';

/** 40 megapixels: more than any diagram scan we expect, well under what would exhaust memory. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

export interface DecodeOptions {
  alphaBackground: readonly [number, number, number];
  maxPixels?: number;
  /** Names the image in errors (file name, request index). */
  resource?: string;
}

export interface ImageInfo {
  /** Size after EXIF orientation. */
  width: number;
  height: number;
}

type SharpInstance = ReturnType<Awaited<ReturnType<typeof loadSharp>>>;

function wrapDecodeError(e: unknown, resource: string | undefined): Error {
  if (e instanceof ImageDecodeError || e instanceof ImageTooLargeError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(message))
    return new ImageTooLargeError(`image exceeds the pixel limit: ${message}`, resource);
  return new ImageDecodeError(`cannot decode image: ${message.split('\n')[0]}`, resource, e);
}

/** A sharp pipeline over the bytes that orients, flattens alpha and converts to 8-bit sRGB. The
 * pixel limit is enforced by libvips from the header, before any pixel is decoded. */
async function orientedPipeline(bytes: Uint8Array, options: DecodeOptions): Promise<SharpInstance> {
  if (bytes.byteLength === 0) throw new ImageDecodeError('image is empty (0 bytes)', options.resource);
  const sharp = await loadSharp();
  const [r, g, b] = options.alphaBackground;
  // failOn 'truncated' refuses cut-off files instead of returning grey-filled pixels.
  // ignoreIcc: the endpoint decodes with PIL or cv2, which leave the pixel values as stored and do
  // not apply an embedded ICC profile; applying it would move every pixel (and costs more than
  // the decode itself on a 768x576 JPEG).
  return sharp(bytes, {
    limitInputPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    failOn: 'truncated',
    sequentialRead: true,
    ignoreIcc: true,
  })
    .rotate()
    .flatten({ background: { r, g, b } })
    .toColourspace('srgb')
    .removeAlpha();
}

/** The header's size, for a clear error when the image is over the pixel limit. */
async function checkSize(
  bytes: Uint8Array,
  options: DecodeOptions,
): Promise<{ width: number; height: number }> {
  const { resource } = options;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const sharp = await loadSharp();
  let meta: { width?: number | undefined; height?: number | undefined; orientation?: number | undefined };
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw wrapDecodeError(e, resource);
  }
  if (!meta.width || !meta.height) throw new ImageDecodeError('image has no dimensions', resource);
  if (meta.width * meta.height > maxPixels) {
    throw new ImageTooLargeError(
      `image is ${meta.width}x${meta.height} = ${meta.width * meta.height} pixels, over the limit of ${maxPixels}`,
      resource,
    );
  }
  const swap = (meta.orientation ?? 1) >= 5;
  return { width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height };
}

/** Opens the bytes, checks the header and the pixel limit, and returns an oriented, flattened
 * 8-bit sRGB sharp pipeline plus the oriented size (for resizing inside the same pipeline). */
export async function openImage(
  bytes: Uint8Array,
  options: DecodeOptions,
): Promise<{ pipeline: SharpInstance; info: ImageInfo }> {
  const pipeline = await orientedPipeline(bytes, options);
  return { pipeline, info: await checkSize(bytes, options) };
}

/** Raw interleaved 8-bit RGB of a pipeline. */
export async function toRgb(pipeline: SharpInstance, resource?: string): Promise<RgbImage> {
  try {
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3)
      throw new ImageDecodeError(`decoded to ${info.channels} channels, expected 3`, resource);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (e) {
    throw wrapDecodeError(e, resource);
  }
}

/** Full decode to oriented RGB. The header is read once, by the decode itself: a separate
 * metadata pass only runs to explain a refusal (the pixel limit). */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<RgbImage> {
  const pipeline = await orientedPipeline(bytes, options);
  try {
    return await toRgb(pipeline, options.resource);
  } catch (e) {
    if (e instanceof ImageTooLargeError) await checkSize(bytes, options);
    throw e;
  }
}

/** Resizes raw RGB with sharp (libvips; its default lanczos3 kernel, antialiased). */
export async function resizeWithSharp(view: RgbImage, width: number, height: number): Promise<RgbImage> {
  const img = compact(view);
  if (img.width === width && img.height === height) return img;
  const sharp = await loadSharp();
  const pipeline = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(
    width,
    height,
    { fit: 'fill' },
  );
  return toRgb(pipeline);
}
