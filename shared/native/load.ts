// The one place native modules are imported. Inside the repo they resolve from node_modules; a
// bundle running elsewhere gets the pinned versions from the runner's tool cache (install.ts).
// Both loaders are cached so repeated calls are free. webpackIgnore keeps ncc from hoisting the
// imports to static ones, which would fail before the fallback could run.
import type * as OrtModule from 'onnxruntime-node';
import type SharpModule from 'sharp';
import { importNative } from './install.js';
import { NATIVE_PACKAGES, type NativePackage } from './packages.js';

export type OnnxRuntime = typeof OrtModule;
export type Sharp = typeof SharpModule;

let ort: Promise<OnnxRuntime> | undefined;
let sharp: Promise<Sharp> | undefined;

function pinned(name: string): NativePackage {
  const pkg = NATIVE_PACKAGES.find((p) => p.name === name);
  if (!pkg) throw new Error(`${name} is not a pinned native package`);
  return pkg;
}

export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  ort ??= importNative(pinned('onnxruntime-node'), () =>
    import(/* webpackIgnore: true */ 'onnxruntime-node').then((m) => (m.default ?? m) as OnnxRuntime),
  );
  return ort;
}

export function loadSharp(): Promise<Sharp> {
  sharp ??= importNative(pinned('sharp'), () =>
    import(/* webpackIgnore: true */ 'sharp').then((m) => m.default),
  );
  return sharp;
}
