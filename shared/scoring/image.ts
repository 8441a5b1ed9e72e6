// Image decoding with sharp: EXIF auto-orientation, alpha flattened onto the card's background,
// grayscale/CMYK/16-bit converted to 8-bit sRGB, embedded ICC profiles not applied (as PIL and
// cv2 do not), and a pixel limit checked from the header before any pixels are decoded (a
// 30000x30000 PNG is a few KB on the wire and 2.7 GB in memory).
import { loadSharp } from '../native/load.js';
import { ImageDecodeError, ImageTooLargeError } from './errors.js';
import type { RgbImage } from './resize.js';

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

/** Opens the bytes, checks the header and the pixel limit, and returns an oriented, flattened
 * 8-bit sRGB sharp pipeline plus the oriented size. */
export async function openImage(
  bytes: Uint8Array,
  options: DecodeOptions,
): Promise<{ pipeline: SharpInstance; info: ImageInfo }> {
  const { resource } = options;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.byteLength === 0) throw new ImageDecodeError('image is empty (0 bytes)', resource);
  const sharp = await loadSharp();
  try {
    // failOn 'truncated' refuses cut-off files instead of returning grey-filled pixels.
    // ignoreIcc: the endpoint decodes with PIL or cv2, which leave the pixel values as stored and do
    // not apply an embedded ICC profile; applying it would move every pixel (and costs more than
    // the decode itself on a 768x576 JPEG).
    const pipeline = sharp(bytes, {
      limitInputPixels: maxPixels,
      failOn: 'truncated',
      sequentialRead: true,
      ignoreIcc: true,
    });
    const meta = await pipeline.metadata();
    if (!meta.width || !meta.height) throw new ImageDecodeError('image has no dimensions', resource);
    if (meta.width * meta.height > maxPixels) {
      throw new ImageTooLargeError(
        `image is ${meta.width}x${meta.height} = ${meta.width * meta.height} pixels, over the limit of ${maxPixels}`,
        resource,
      );
    }
    const swap = (meta.orientation ?? 1) >= 5;
    const [r, g, b] = options.alphaBackground;
    pipeline.rotate().flatten({ background: { r, g, b } }).toColourspace('srgb').removeAlpha();
    return {
      pipeline,
      info: { width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height },
    };
  } catch (e) {
    throw wrapDecodeError(e, resource);
  }
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

/** Full decode to oriented RGB. */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<RgbImage> {
  const { pipeline } = await openImage(bytes, options);
  return toRgb(pipeline, options.resource);
}

/** Resizes raw RGB with sharp (libvips; its default lanczos3 kernel, antialiased). */
export async function resizeWithSharp(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (img.width === width && img.height === height) return img;
  const sharp = await loadSharp();
  const pipeline = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(
    width,
    height,
    { fit: 'fill' },
  );
  return toRgb(pipeline);
}
