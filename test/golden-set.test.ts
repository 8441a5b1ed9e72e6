// Loading a golden set: every image entry is resolved when the set is loaded and must be a file
// inside images/. A set whose file_name reaches outside (../, an absolute path, a link) is refused
// before anything is scored or sent, and so is a missing image or a folder in its place.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../shared/cli/main.js';
import { isRolloutError } from '../shared/errors.js';
import { loadGoldenSet } from '../shared/gate/golden.js';
import type { GateReport } from '../shared/gate/report.js';

const repo = path.resolve(import.meta.dirname, '..');
let tmp: string;

/** A golden set with one real image `a.jpg`, extra images/ entries from `make`, and these file names. */
function goldenSet(name: string, fileNames: unknown[], make: (images: string) => void = () => {}): string {
  const dir = path.join(tmp, name);
  const images = path.join(dir, 'images');
  mkdirSync(images, { recursive: true });
  writeFileSync(path.join(images, 'a.jpg'), 'jpeg bytes');
  make(images);
  const gt = {
    images: fileNames.map((f, i) => ({ id: i + 1, file_name: f, width: 10, height: 10 })),
    annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 4, 4], area: 16 }],
    categories: [{ id: 1, name: 'valve' }],
  };
  writeFileSync(path.join(dir, 'instances.json'), JSON.stringify(gt));
  return dir;
}

async function refusal(dir: string): Promise<{ code: string; message: string; remediation?: string }> {
  try {
    await loadGoldenSet(dir);
  } catch (e) {
    if (!isRolloutError(e)) throw e;
    return { code: e.code, message: e.message, ...(e.remediation ? { remediation: e.remediation } : {}) };
  }
  throw new Error(`${dir} loaded`);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'golden-'));
  writeFileSync(path.join(tmp, 'outside.jpg'), 'not a golden image');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadGoldenSet', () => {
  it('resolves each image inside images/, through a link that stays inside', async () => {
    const dir = goldenSet('ok', ['a.jpg', 'again.jpg', 'sub/b.jpg'], (images) => {
      symlinkSync('a.jpg', path.join(images, 'again.jpg'));
      mkdirSync(path.join(images, 'sub'));
      writeFileSync(path.join(images, 'sub', 'b.jpg'), 'b');
    });
    const set = await loadGoldenSet(dir);
    expect(set.images.map((i) => [i.fileName, path.relative(path.join(dir, 'images'), i.file)])).toEqual([
      ['a.jpg', 'a.jpg'],
      ['again.jpg', 'a.jpg'],
      ['sub/b.jpg', path.join('sub', 'b.jpg')],
    ]);
  });

  it('refuses a file_name that leads outside images/, naming the entry', async () => {
    const images = (name: string) => path.join(tmp, name, 'images');
    const cases = [
      {
        dir: goldenSet('dotdot', ['a.jpg', '../../etc/passwd']),
        message: `golden image 2 ('../../etc/passwd' in ${path.join(tmp, 'dotdot', 'instances.json')}): '../../etc/passwd' points outside the golden set images folder ${images('dotdot')} (to ${path.resolve(images('dotdot'), '../../etc/passwd')})`,
      },
      {
        dir: goldenSet('absolute', ['/etc/passwd']),
        message: `golden image 1 ('/etc/passwd' in ${path.join(tmp, 'absolute', 'instances.json')}): '/etc/passwd' is an absolute path`,
      },
      {
        dir: goldenSet('link', ['a.jpg', 'evil.jpg'], (d) =>
          symlinkSync('/etc/passwd', path.join(d, 'evil.jpg')),
        ),
        message: `golden image 2 ('evil.jpg' in ${path.join(tmp, 'link', 'instances.json')}): ${path.join(images('link'), 'evil.jpg')} (a link to /etc/passwd) resolves to /etc/passwd, outside the golden set images folder`,
      },
      {
        dir: goldenSet('up-link', ['up/outside.jpg'], (d) => symlinkSync('../..', path.join(d, 'up'))),
        message: `resolves to ${path.join(tmp, 'outside.jpg')}, outside the golden set images folder`,
      },
    ];
    for (const c of cases) {
      const r = await refusal(c.dir);
      expect(r.code, c.dir).toBe('PathOutsideFolder');
      expect(r.message, c.dir).toContain(c.message);
      expect(r.remediation).toBe('keep every golden image inside images/ and give file_name relative to it');
    }
  });

  it('a missing image, a folder in its place, a broken link or a bad file_name is a clear error naming the entry', async () => {
    const gt = (name: string) => path.join(tmp, name, 'instances.json');
    const img = (name: string, f: string) => path.join(tmp, name, 'images', f);
    expect(await refusal(goldenSet('missing', ['a.jpg', 'gone.jpg']))).toEqual({
      code: 'GoldenImageMissing',
      message: `golden image 2 ('gone.jpg' in ${gt('missing')}): ${img('missing', 'gone.jpg')} is missing`,
      remediation: 'add the image to images/ or remove its entry (and its annotations) from instances.json',
    });
    expect(await refusal(goldenSet('folder', ['sub'], (d) => mkdirSync(path.join(d, 'sub'))))).toMatchObject({
      code: 'GoldenImageNotAFile',
      message: `golden image 1 ('sub' in ${gt('folder')}): ${img('folder', 'sub')} is a folder, not an image`,
    });
    expect(
      await refusal(goldenSet('broken', ['b.jpg'], (d) => symlinkSync('nothing.jpg', path.join(d, 'b.jpg')))),
    ).toMatchObject({
      code: 'BrokenLink',
      message: `golden image 1 ('b.jpg' in ${gt('broken')}): ${img('broken', 'b.jpg')} is a link to nothing.jpg, which does not exist`,
    });
    expect(await refusal(goldenSet('not-a-name', [42]))).toMatchObject({
      code: 'InvalidInput',
      message: `input 'golden': image 1 ('42' in ${gt('not-a-name')}): file_name must be a path relative to images/`,
    });
    const noImages = path.join(tmp, 'no-images');
    mkdirSync(noImages);
    writeFileSync(path.join(noImages, 'instances.json'), '{"images":[],"annotations":[],"categories":[]}');
    expect((await refusal(noImages)).message).toBe(
      `input 'golden': ${path.join(noImages, 'images')} is not a folder`,
    );
  });
});

describe('aml-rollout gate with a golden set that reads outside its folder', () => {
  let server: http.Server;
  let requests = 0;
  let uri: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is refused before any image is scored or any request is sent; no report is written', async () => {
    const dir = goldenSet('cli', ['a.jpg', 'evil.jpg'], (d) =>
      symlinkSync('/etc/passwd', path.join(d, 'evil.jpg')),
    );
    const model = path.join(repo, 'fixtures', 'models', 'v2');
    const common = [
      '--golden',
      dir,
      '--model',
      path.join(model, 'model.onnx'),
      '--card',
      path.join(model, 'model-card.yaml'),
    ];
    const runs = [
      { what: 'local only', args: [] as string[] },
      { what: 'against a scoring URI', args: ['--scoring-uri', uri, '--deployment', 'green'] },
    ];
    for (const run of runs) {
      const reportDir = path.join(tmp, 'cli-report', run.what.replaceAll(' ', '-'));
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['gate', ...common, ...run.args, '--report-dir', reportDir], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
      });
      expect(code, run.what).toBe(1);
      expect(out, run.what).toEqual([]);
      expect(err.join('\n'), run.what).toMatch(
        /PathOutsideFolder: golden image 2 \('evil\.jpg' in .*\): .*evil\.jpg \(a link to \/etc\/passwd\) resolves to \/etc\/passwd/,
      );
      expect(err.join('\n'), run.what).not.toMatch(/root:x:0:0/);
      expect(existsSync(reportDir), run.what).toBe(false);
    }
    expect(requests).toBe(0);
  });
});

/** Runs `aml-rollout gate` in-process (the real CLI), local scorer only unless `extra` says more. */
async function gateCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['gate', ...args], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const v1 = path.join(repo, 'fixtures', 'models', 'v1');
const fixtureGt = () =>
  JSON.parse(readFileSync(path.join(repo, 'fixtures', 'golden', 'instances.json'), 'utf8')) as {
    images: { id: number; file_name: string }[];
    annotations: { id: number; image_id: number; category_id: number; bbox: number[]; area: number }[];
    categories: { id: number; name: string }[];
  };

/** A golden set of the fixture's first `n` images (real files) with `gt` edited by `edit`. */
function realSet(name: string, n: number, edit: (gt: ReturnType<typeof fixtureGt>) => unknown): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const gt = fixtureGt();
  gt.images = gt.images.slice(0, n);
  const ids = new Set(gt.images.map((i) => i.id));
  gt.annotations = gt.annotations.filter((a) => ids.has(a.image_id));
  for (const img of gt.images)
    copyFileSync(
      path.join(repo, 'fixtures', 'golden', 'images', img.file_name),
      path.join(dir, 'images', img.file_name),
    );
  writeFileSync(path.join(dir, 'instances.json'), JSON.stringify(edit(gt) ?? gt));
  return dir;
}

describe('aml-rollout gate with ground truth that cannot measure anything (hardening 8)', () => {
  const common = (dir: string, reportDir: string) => [
    '--golden',
    dir,
    '--model',
    path.join(v1, 'model.onnx'),
    '--card',
    path.join(v1, 'model-card.yaml'),
    '--report-dir',
    reportDir,
  ];

  it('an empty set, or one without annotations, is refused when loaded: no report, no verdict', async () => {
    const empty = realSet('empty', 0, (gt) => gt);
    const bare = realSet('no-annotations', 2, (gt) => {
      gt.annotations = [];
    });
    const cases: Array<[string, string[]]> = [
      [
        empty,
        [
          'images: the set has no image',
          'annotations: the set has no annotation, so no metric could be measured (AP would be -1)',
        ],
      ],
      [bare, ['annotations: the set has no annotation, so no metric could be measured (AP would be -1)']],
    ];
    for (const [dir, listed] of cases) {
      const reportDir = path.join(dir, 'report');
      const r = await gateCli(common(dir, reportDir));
      expect(r.code, dir).toBe(1);
      expect(r.stderr, dir).toContain(
        `InvalidGoldenSet: golden set ${path.join(dir, 'instances.json')} has ${listed.length} error`,
      );
      for (const line of listed) expect(r.stderr, dir).toContain(`\n  ${line}`);
      expect(r.stderr, dir).toContain('(fix instances.json: every annotation needs a known image_id');
      expect(existsSync(reportDir), dir).toBe(false);
    }
  });

  it('unknown ids and invalid boxes are all listed with their index, before any image is scored', async () => {
    const dir = realSet('bad-annotations', 2, (gt) => {
      const [a0, a1, a2, a3, a4, a5, a6] = gt.annotations as Array<Record<string, unknown>>;
      Object.assign(a0 as object, { image_id: 999 });
      Object.assign(a1 as object, { category_id: 77 });
      Object.assign(a2 as object, { bbox: [10, 10, -5, 8] });
      Object.assign(a3 as object, { bbox: [10, 10, 0, 8] });
      Object.assign(a4 as object, { bbox: [10, null, 5, 8] });
      Object.assign(a5 as object, { bbox: null });
      Object.assign(a6 as object, { bbox: [10, 10, 5] });
    });
    const gtPath = path.join(dir, 'instances.json');
    const reportDir = path.join(dir, 'report');
    const r = await gateCli(common(dir, reportDir));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`InvalidGoldenSet: golden set ${gtPath} has 7 errors:`);
    for (const line of [
      'annotations[0]: image_id 999 is not the id of an image in images',
      'annotations[1]: category_id 77 is not the id of a category in categories',
      'annotations[2]: bbox [10,10,-5,8] has a width or height that is not positive',
      'annotations[3]: bbox [10,10,0,8] has a width or height that is not positive',
      'annotations[4]: bbox must be [x, y, width, height] (4 finite numbers), got [10,null,5,8]',
      'annotations[5]: bbox must be [x, y, width, height] (4 finite numbers), got null',
      'annotations[6]: bbox must be [x, y, width, height] (4 finite numbers), got [10,10,5]',
    ])
      expect(r.stderr).toContain(`\n  ${line}`);
    expect(r.stdout).not.toContain('golden set:');
    expect(existsSync(reportDir)).toBe(false);

    writeFileSync(gtPath, readFileSync(gtPath, 'utf8').replace(/"bbox":\[[^\]]*\]/, '"bbox":[1,2,NaN,4]'));
    const nan = await gateCli(common(dir, reportDir));
    expect(nan.code).toBe(1);
    expect(nan.stderr).toContain(`InvalidInput: input 'golden': ${gtPath} is not valid JSON`);
  });

  it('a configured check whose metric is undefined fails; metrics no check names are shown, not judged', async () => {
    // Only medium boxes (32² < area <= 96²) and no tank: APs, APl and tank's recall are undefined (-1).
    const dir = realSet('undefined-metrics', 3, (gt) => {
      const tank = gt.categories.find((c) => c.name === 'tank')?.id;
      gt.annotations = gt.annotations.filter(
        (a) => a.area > 32 * 32 && a.area <= 96 * 96 && a.category_id !== tank,
      );
    });
    const reportDir = path.join(dir, 'report');
    const thresholds = path.join(dir, 'thresholds.yaml');
    writeFileSync(
      thresholds,
      'metrics: { AP50: 0 }\nbaseline: { APs: { absolute: 0.02 } }\nclass_recall: { tank: 0.5, "*": 0 }\n',
    );
    const r = await gateCli([
      ...common(dir, reportDir),
      '--baseline-model',
      path.join(v1, 'model.onnx'),
      '--thresholds',
      thresholds,
    ]);
    const report = JSON.parse(readFileSync(path.join(reportDir, 'gate.json'), 'utf8')) as GateReport;
    expect(report.local.coco.APs).toBe(-1);
    expect(report.local.coco.APl).toBe(-1); // shown, named by no check, not judged
    expect(r.code).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(report.reasons).toEqual([
      'APs vs baseline: local APs is undefined (nothing in the golden set to measure it on)',
      "class 'tank': recall is undefined (no ground truth of this class in the golden set), floor 0.5",
    ]);
    expect(r.stderr).toContain('GateFailed: gate fail: APs vs baseline: local APs is undefined');
  });
});
