// The native packages the suite needs at run time, pinned. The bundles keep them external (ncc
// cannot carry their .node binaries), and shared/native/load.ts installs exactly these versions
// into the runner's tool cache when a bundle runs outside this repository.
export interface NativePackage {
  name: string;
  version: string;
}

export const NATIVE_PACKAGES: readonly NativePackage[] = [
  { name: 'onnxruntime-node', version: '1.23.2' },
  { name: 'sharp', version: '0.34.5' },
];
