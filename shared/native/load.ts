// The one place native modules are imported. Bundles that run outside the repo will need the
// packages installed into the runner's tool cache first; keeping every import here means that
// logic has exactly one home. Both loaders are cached so repeated calls are free.
import type * as OrtModule from 'onnxruntime-node';
import type SharpModule from 'sharp';

export type OnnxRuntime = typeof OrtModule;
export type Sharp = typeof SharpModule;

let ort: Promise<OnnxRuntime> | undefined;
let sharp: Promise<Sharp> | undefined;

export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  ort ??= import('onnxruntime-node').then((m) => (m.default ?? m) as OnnxRuntime);
  return ort;
}

export function loadSharp(): Promise<Sharp> {
  sharp ??= import('sharp').then((m) => m.default);
  return sharp;
}
