// The layers of shared/ (docs/architecture.md), enforced by dependency-cruiser in `npm test`
// (`npm run deps`). Each layer imports only from the layers below it and from itself; a rule's
// name says which layer it guards, so a wrong arrow fails with the rule that forbids it.
//
// Tests are classified by where they live, like any module: a test may import its own layer and
// those below (plus local/, the test plane, from layer 4 up). test/, bench/ and scripts/ sit on
// top and may import anything. Type-only imports count (tsPreCompilationDeps): a type arrow is
// still an arrow.
import path from 'node:path';

/** From the ground up; each entry is one layer. Future folders are listed so they land right. */
const LAYERS = [
  {
    name: 'errors-and-masker',
    paths: ['^shared/(errors|secrets)([.]test)?[.]ts$', '^shared/(inputs|files)/'],
  },
  {
    name: 'azure-endpoint-native-registry-spec-http-launch',
    paths: ['^shared/(azure|endpoint|native|registry|spec|http|launch)/'],
  },
  { name: 'scoring-host', paths: ['^shared/(scoring|host)/'] },
  { name: 'model-gate-image', paths: ['^shared/(model|gate|image)/'] },
  { name: 'rollout', paths: ['^shared/rollout/'] },
  { name: 'promote', paths: ['^shared/promote/'] },
  { name: 'steps', paths: ['^shared/steps/'] },
  { name: 'cli-entries', paths: ['^shared/cli/', '^entries/'] },
];
/** The local AML plane: uses the layers up to scoring; only tests and the CLI use it. */
const LOCAL = '^local/';
/** On top of everything: integration tests, benchmarks, build scripts. */
const TOOLING = ['^test/', '^bench/', '^scripts/', '^vitest[.]config[.]ts$'];
const TEST = '[.]test[.]ts$';
/** Layer index of scoring-host: local/ sits just above it. */
const LOCAL_ABOVE = 2;

const above = (i) => LAYERS.slice(i + 1).flatMap((l) => l.paths);

export default {
  forbidden: [
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `layer-${i + 1}-${layer.name}-imports-only-lower-layers`,
      comment: `layer ${i + 1} (${layer.paths.join(', ')}) may import only layers 1-${i + 1}; see docs/architecture.md`,
      severity: 'error',
      from: { path: layer.paths },
      to: { path: [...above(i), ...(i <= LOCAL_ABOVE ? [LOCAL] : []), ...TOOLING] },
    })),
    {
      name: 'layer-8-cli-entries-imports-no-tooling',
      comment: 'the CLI and the entries ship in the bundles: they never import tests, benchmarks or scripts',
      severity: 'error',
      from: { path: LAYERS[LAYERS.length - 1].paths },
      to: { path: TOOLING },
    },
    {
      name: 'local-uses-layers-up-to-scoring-no-step-no-cli',
      comment: 'local/ (the local AML plane) may use layers 1-3 only: no model, gate, rollout, step or CLI',
      severity: 'error',
      from: { path: LOCAL },
      to: { path: [...above(LOCAL_ABOVE), ...TOOLING] },
    },
    {
      name: 'local-is-started-only-by-the-cli-and-tests',
      comment: 'shared/ code outside the CLI never imports local/ (tests from layer 4 up may)',
      severity: 'error',
      from: { path: '^shared/', pathNot: ['^shared/cli/', TEST] },
      to: { path: LOCAL },
    },
    {
      name: 'shared-module-outside-the-layers',
      comment:
        'every module of shared/ belongs to a layer: add its folder to LAYERS in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^shared/', pathNot: LAYERS.flatMap((l) => l.paths) },
      to: {},
    },
    {
      name: 'no-cycles',
      comment: 'modules must not import each other, directly or through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|out|fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(import.meta.dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.node'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
