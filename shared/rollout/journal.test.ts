import { describe, expect, it } from 'vitest';
import { InputError, RolloutError } from '../errors.js';
import {
  canPauseAfter,
  decideRecovery,
  decodeJournal,
  describeJournal,
  encodeJournal,
  forwardStages,
  JOURNAL_TAG,
  MAX_TAG_VALUE,
  MAX_TAGS,
  nextStage,
  parseOnInterrupted,
  parseStage,
  stagePercent,
  withJournal,
  withoutJournal,
  type JournalRecord,
  type Stage,
  type StageRoute,
} from './journal.js';

const route: StageRoute = { steps: [10, 50, 100], mirrorPercent: 20 };

const record = (over: Partial<JournalRecord> = {}): JournalRecord => ({
  runId: '4242',
  runUrl: 'https://github.com/acme/detector/actions/runs/4242',
  stage: 'traffic:50',
  newDeployment: 'green',
  oldDeployment: 'blue',
  route,
  startedAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:07:00.000Z',
  original: { traffic: { blue: 100, green: 0 }, mirrorTraffic: {} },
  createdEndpoint: false,
  createdDeployment: true,
  ...over,
});

const thrown = (f: () => unknown): RolloutError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RolloutError) return e;
    throw e;
  }
  throw new Error('expected a RolloutError');
};

describe('stages', () => {
  it('parses every stage name and traffic:<1..100>', () => {
    for (const s of ['validated', 'gate', 'traffic:1', 'traffic:100', 'rolled-back', 'paused'])
      expect(parseStage(s)).toBe(s);
    for (const s of ['traffic:0', 'traffic:101', 'traffic:05', 'traffic:', 'Gate', 'deployed'])
      expect(parseStage(s)).toBeUndefined();
    expect(stagePercent('traffic:50')).toBe(50);
    expect(stagePercent('gate')).toBeUndefined();
  });

  it('the forward path follows the route', () => {
    expect(forwardStages(route)).toEqual([
      'validated',
      'endpoint-ready',
      'locked',
      'deploying',
      'smoke',
      'gate',
      'mirror',
      'traffic:10',
      'traffic:50',
      'traffic:100',
      'finalizing',
      'done',
    ]);
    expect(forwardStages({ steps: [100], mirrorPercent: 0 })).toEqual([
      'validated',
      'endpoint-ready',
      'locked',
      'deploying',
      'smoke',
      'gate',
      'traffic:100',
      'finalizing',
      'done',
    ]);
  });
});

describe('transitions', () => {
  const ctx = { route };

  it('success walks the path to done', () => {
    let s: Stage = 'validated';
    const seen: Stage[] = [s];
    while (s !== 'done') {
      s = nextStage(s, 'succeeded', ctx);
      seen.push(s);
    }
    expect(seen).toEqual(forwardStages(route));
    expect(() => nextStage('done', 'succeeded', ctx)).toThrow(
      /at stage 'done' cannot take the event 'succeeded'/,
    );
  });

  it('failure before finalizing rolls back; finalizing and rolling-back retry where they are', () => {
    for (const s of [
      'validated',
      'locked',
      'deploying',
      'smoke',
      'gate',
      'mirror',
      'traffic:10',
      'traffic:100',
    ] as Stage[])
      expect(nextStage(s, 'failed', ctx)).toBe('rolling-back');
    expect(nextStage('finalizing', 'failed', ctx)).toBe('finalizing');
    expect(nextStage('rolling-back', 'failed', ctx)).toBe('rolling-back');
    expect(nextStage('rolling-back', 'succeeded', ctx)).toBe('rolled-back');
    for (const s of ['done', 'rolled-back', 'paused'] as Stage[])
      expect(thrown(() => nextStage(s, 'failed', ctx)).code).toBe('IllegalTransition');
  });

  it('a stage not on the route is illegal', () => {
    expect(() => nextStage('traffic:30', 'succeeded', ctx)).toThrow(RolloutError);
    expect(() => nextStage('mirror', 'succeeded', { route: { steps: [50, 100], mirrorPercent: 0 } })).toThrow(
      RolloutError,
    );
  });

  it('pauses after gate, mirror or a step below 100; promote continues, reject rolls back', () => {
    expect(['gate', 'mirror', 'traffic:10', 'traffic:50'].every((s) => canPauseAfter(s as Stage))).toBe(true);
    expect(['smoke', 'deploying', 'traffic:100', 'finalizing'].some((s) => canPauseAfter(s as Stage))).toBe(
      false,
    );
    expect(nextStage('traffic:10', 'paused', ctx)).toBe('paused');
    expect(() => nextStage('traffic:100', 'paused', ctx)).toThrow(RolloutError);
    expect(nextStage('paused', 'promoted', { route, pausedAfter: 'traffic:10' })).toBe('traffic:50');
    expect(nextStage('paused', 'promoted', { route, pausedAfter: 'gate' })).toBe('mirror');
    expect(() => nextStage('paused', 'promoted', ctx)).toThrow(RolloutError);
    expect(nextStage('paused', 'rejected', ctx)).toBe('rolling-back');
    expect(nextStage('traffic:50', 'rejected', ctx)).toBe('rolling-back');
    expect(() => nextStage('finalizing', 'rejected', ctx)).toThrow(RolloutError);
    expect(() => nextStage('traffic:50', 'promoted', ctx)).toThrow(RolloutError);
  });
});

describe('encoding in tags', () => {
  it('round-trips a record', () => {
    const tags = encodeJournal(record());
    expect(tags[JOURNAL_TAG]).toMatch(/^v1 stage=traffic:50 parts=\d+ fnv=[0-9a-f]{8}$/);
    expect(decodeJournal(tags)).toEqual({ record: record() });
  });

  it('keeps every value within 256 characters, splitting a large record into parts', () => {
    const many: Record<string, number> = { blue: 100 };
    for (let i = 0; i < 19; i++) many[`idle-deployment-number-${String(i).padStart(2, '0')}-x`] = 0;
    const big = record({ original: { traffic: many, mirrorTraffic: { 'idle-deployment-number-00-x': 0 } } });
    const tags = encodeJournal(big);
    const parts = Object.keys(tags).filter((k) => k !== JOURNAL_TAG);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts).toEqual(parts.map((_, i) => `${JOURNAL_TAG}.${i + 1}`));
    for (const [k, v] of Object.entries(tags)) {
      expect(v.length).toBeLessThanOrEqual(MAX_TAG_VALUE);
      expect(k.length).toBeLessThanOrEqual(512);
    }
    expect(decodeJournal(tags).record).toEqual(big);
  });

  it('non-ASCII text is escaped, so every part is plain ASCII even where a cut falls', () => {
    const r = record({ runUrl: `https://example.org/${'é'.repeat(300)}/😀` });
    const tags = encodeJournal(r);
    for (const v of Object.values(tags)) expect(/^[\x20-\x7e]*$/.test(v)).toBe(true);
    expect(decodeJournal(tags).record).toEqual(r);
  });

  it('refuses to encode an invalid record', () => {
    expect(thrown(() => encodeJournal(record({ runId: '' }))).code).toBe('InvalidJournal');
    expect(() => encodeJournal(record({ stage: 'traffic:30' }))).toThrow(
      /stage traffic:30 is not on the route/,
    );
    expect(() => encodeJournal(record({ stage: 'paused' }))).toThrow(/paused is not set/);
    expect(() => encodeJournal(record({ stage: 'paused', paused: 'traffic:100' }))).toThrow(
      /not a stage a rollout pauses after/,
    );
  });

  it('merges into the endpoint tags, replacing an older journal and keeping other tags', () => {
    const first = withJournal({ team: 'vision', 'cost-centre': '42' }, record({ stage: 'gate' }));
    const longer = record({ stage: 'traffic:10', runUrl: `https://x/${'a'.repeat(600)}` });
    const second = withJournal(first, longer);
    expect(second.team).toBe('vision');
    expect(second['cost-centre']).toBe('42');
    expect(decodeJournal(second).record).toEqual(longer);
    const shorter = withJournal(second, record({ stage: 'traffic:50' }));
    expect(Object.keys(shorter).filter((k) => k.startsWith(`${JOURNAL_TAG}.`))).toHaveLength(
      Object.keys(encodeJournal(record({ stage: 'traffic:50' }))).length - 1,
    );
    expect(decodeJournal(shorter).record?.stage).toBe('traffic:50');
  });

  it('strips journal tags whatever their case, and nothing else', () => {
    const tags = { ...encodeJournal(record()), team: 'vision', 'aml-rollout.journalist': 'keep me' };
    const upper = Object.fromEntries(
      Object.entries(tags).map(([k, v]) => [
        k.startsWith(JOURNAL_TAG) && k !== 'aml-rollout.journalist' ? k.toUpperCase() : k,
        v,
      ]),
    );
    expect(withoutJournal(upper)).toEqual({ team: 'vision', 'aml-rollout.journalist': 'keep me' });
    expect(withoutJournal(undefined)).toEqual({});
  });

  it('decodes tag names without case (Azure treats them so)', () => {
    const upper = Object.fromEntries(
      Object.entries(encodeJournal(record())).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect(decodeJournal(upper).record).toEqual(record());
  });

  it('refuses to pass the 50-tag limit, saying how many to remove', () => {
    const own: Record<string, string> = {};
    for (let i = 0; i < MAX_TAGS - 1; i++) own[`t${i}`] = 'x';
    const e = thrown(() => withJournal(own, record()));
    expect(e.code).toBe('TooManyTags');
    expect(e.message).toMatch(
      /the endpoint has 49 tags of its own and the rollout journal needs 3; Azure allows 50/,
    );
    expect(e.remediation).toMatch(/remove 2 tags/);
    delete own.t0;
    delete own.t1;
    expect(Object.keys(withJournal(own, record()))).toHaveLength(50);
  });
});

describe('decoding tolerates missing or garbled tags', () => {
  const good = () => encodeJournal(record());

  it('no tags: no journal, not garbled', () => {
    expect(decodeJournal(undefined)).toEqual({
      record: undefined,
      reason: 'the endpoint has no rollout journal',
      garbled: false,
    });
    expect(decodeJournal({ team: 'vision' }).garbled).toBe(false);
  });

  it.each<[string, (t: Record<string, string>) => void, RegExp]>([
    ['header gone', (t) => delete t[JOURNAL_TAG], /parts without the .* header/],
    ['header edited', (t) => (t[JOURNAL_TAG] = 'stage is gate'), /is not 'v1 stage=/],
    ['newer version', (t) => (t[JOURNAL_TAG] = (t[JOURNAL_TAG] ?? '').replace('v1', 'v2')), /version v2/],
    ['a part missing', (t) => delete t[`${JOURNAL_TAG}.1`], /part 1 of \d+ is missing/],
    ['an extra part', (t) => (t[`${JOURNAL_TAG}.9`] = 'x'), /parts beyond the/],
    [
      'a part edited',
      (t) => (t[`${JOURNAL_TAG}.1`] = (t[`${JOURNAL_TAG}.1`] ?? '').replace('green', 'GREEN')),
      /checksum does not match/,
    ],
    [
      'stage in header differs',
      (t) => (t[JOURNAL_TAG] = (t[JOURNAL_TAG] ?? '').replace('traffic:50', 'gate')),
      /header says stage gate, the record traffic:50/,
    ],
    [
      'zero parts announced',
      (t) => (t[JOURNAL_TAG] = (t[JOURNAL_TAG] ?? '').replace(/parts=\d+/, 'parts=0')),
      /announces 0 parts/,
    ],
  ])('%s', (_, spoil, reason) => {
    const tags = good();
    spoil(tags);
    const read = decodeJournal(tags);
    expect(read.record).toBeUndefined();
    expect(read.garbled).toBe(true);
    expect(read.reason).toMatch(reason);
  });

  it('well-formed tags around a bad record', () => {
    const forge = (value: unknown) => {
      const json = JSON.stringify(value);
      let h = 0x811c9dc5;
      for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 0x01000193) >>> 0;
      return {
        [JOURNAL_TAG]: `v1 stage=gate parts=1 fnv=${h.toString(16).padStart(8, '0')}`,
        [`${JOURNAL_TAG}.1`]: json,
      };
    };
    expect(decodeJournal(forge([1, 2])).reason).toMatch(/not an object/);
    expect(decodeJournal(forge({ ...record(), stage: 'gate', createdDeployment: 'yes' })).reason).toMatch(
      /createdDeployment is not true or false/,
    );
    expect(
      decodeJournal(forge({ ...record(), stage: 'gate', original: { traffic: { blue: '100' } } })).reason,
    ).toMatch(/original traffic/);
    expect(
      decodeJournal(forge({ ...record(), stage: 'gate', route: { steps: [50, 10], mirrorPercent: 0 } }))
        .reason,
    ).toMatch(/route.steps/);
    expect(
      decodeJournal(forge({ ...record(), stage: 'gate', route: { steps: [100], mirrorPercent: 60 } })).reason,
    ).toMatch(/mirrorPercent/);
    expect(decodeJournal(forge({ ...record(), stage: 'gate', runId: undefined })).reason).toMatch(
      /runId is missing/,
    );
    expect(decodeJournal(forge({ ...record(), stage: 'gate', oldDeployment: 7 })).reason).toMatch(
      /oldDeployment is not a string/,
    );
    expect(decodeJournal(forge({ ...record(), stage: 'launched' })).reason).toMatch(
      /stage launched is unknown/,
    );
    expect(decodeJournal(forge({ ...record(), stage: 'gate' })).record?.stage).toBe('gate');
    const notJson = forge({});
    notJson[`${JOURNAL_TAG}.1`] = '{';
    let h = 0x811c9dc5;
    h = Math.imul(h ^ '{'.charCodeAt(0), 0x01000193) >>> 0;
    notJson[JOURNAL_TAG] = `v1 stage=gate parts=1 fnv=${h.toString(16).padStart(8, '0')}`;
    expect(decodeJournal(notJson).reason).toMatch(/not JSON/);
  });
});

describe('recovery at start', () => {
  const found = (over: Partial<JournalRecord> = {}) => decodeJournal(encodeJournal(record(over)));
  const none = decodeJournal({});
  const deploy = { action: 'deploy' as const, onInterrupted: 'rollback' as const };

  it('on-interrupted defaults to rollback', () => {
    expect(parseOnInterrupted(undefined)).toBe('rollback');
    expect(parseOnInterrupted(' ')).toBe('rollback');
    expect(parseOnInterrupted('resume')).toBe('resume');
    expect(() => parseOnInterrupted('retry')).toThrow(InputError);
  });

  it('no journal, or a finished one: nothing to do', () => {
    expect(decideRecovery(none, deploy)).toEqual({
      kind: 'nothing',
      reason: 'the endpoint has no rollout journal',
    });
    expect(decideRecovery(found({ stage: 'done' }), deploy).kind).toBe('nothing');
    expect(decideRecovery(found({ stage: 'rolled-back' }), { ...deploy, action: 'reject' }).kind).toBe(
      'nothing',
    );
    expect(decideRecovery(none, { ...deploy, action: 'reject' }).kind).toBe('nothing');
  });

  it('promote with nothing paused is refused', () => {
    expect(thrown(() => decideRecovery(none, { ...deploy, action: 'promote' })).code).toBe(
      'NothingToPromote',
    );
    expect(
      thrown(() => decideRecovery(found({ stage: 'done' }), { ...deploy, action: 'promote' })).code,
    ).toBe('NothingToPromote');
  });

  it('a garbled journal is refused, with the reason', () => {
    const tags = encodeJournal(record());
    delete tags[`${JOURNAL_TAG}.1`];
    const e = thrown(() => decideRecovery(decodeJournal(tags), deploy));
    expect(e.code).toBe('JournalUnreadable');
    expect(e.message).toMatch(/part 1 of \d+ is missing/);
  });

  it('an interrupted rollout rolls back by default, then this run deploys', () => {
    const r = decideRecovery(found(), deploy);
    expect(r).toMatchObject({ kind: 'rollback', thenDeploy: true });
    expect(r.kind === 'rollback' && r.journal.original.traffic).toEqual({ blue: 100, green: 0 });
    expect(r.reason).toBe(
      "rolling back the interrupted rollout of 'green' (from 'blue') by run 4242 (https://github.com/acme/detector/actions/runs/4242), at traffic:50 (on-interrupted: rollback)",
    );
  });

  it('on-interrupted: resume carries on from the journalled stage, never before deploying', () => {
    const opts = { ...deploy, onInterrupted: 'resume' as const };
    expect(decideRecovery(found(), opts)).toMatchObject({ kind: 'resume', from: 'traffic:50' });
    expect(decideRecovery(found({ stage: 'smoke' }), opts)).toMatchObject({ kind: 'resume', from: 'smoke' });
    for (const stage of ['validated', 'endpoint-ready', 'locked'] as Stage[])
      expect(decideRecovery(found({ stage }), opts)).toMatchObject({ kind: 'resume', from: 'deploying' });
  });

  it('a resume for another deployment is refused', () => {
    const e = thrown(() =>
      decideRecovery(found(), { action: 'deploy', onInterrupted: 'resume', newDeployment: 'canary' }),
    );
    expect(e.code).toBe('ResumeMismatch');
    expect(e.remediation).toMatch(/on-interrupted: rollback/);
    expect(
      decideRecovery(found(), { action: 'deploy', onInterrupted: 'resume', newDeployment: 'GREEN' }).kind,
    ).toBe('resume');
  });

  it('a paused rollout refuses a new deploy until promote or reject', () => {
    const paused = found({ stage: 'paused', paused: 'traffic:10' });
    const e = thrown(() => decideRecovery(paused, deploy));
    expect(e.code).toBe('RolloutPaused');
    expect(e.message).toMatch(/paused after traffic:10 is waiting for a decision/);
    expect(e.remediation).toMatch(/action: promote .* action: reject/);
    expect(decideRecovery(paused, { ...deploy, action: 'promote' })).toMatchObject({
      kind: 'resume',
      from: 'traffic:50',
    });
    expect(decideRecovery(paused, { ...deploy, action: 'reject' })).toMatchObject({
      kind: 'rollback',
      thenDeploy: false,
    });
  });

  it('promote resumes an interrupted rollout; reject rolls it back without deploying', () => {
    expect(decideRecovery(found({ stage: 'gate' }), { ...deploy, action: 'promote' })).toMatchObject({
      kind: 'resume',
      from: 'gate',
    });
    expect(decideRecovery(found(), { ...deploy, onInterrupted: 'resume', action: 'reject' })).toMatchObject({
      kind: 'rollback',
      thenDeploy: false,
    });
  });

  it('an interrupted rollback is always finished', () => {
    const rb = found({ stage: 'rolling-back' });
    expect(decideRecovery(rb, { ...deploy, onInterrupted: 'resume' })).toMatchObject({
      kind: 'rollback',
      thenDeploy: true,
    });
    expect(decideRecovery(rb, { ...deploy, action: 'reject' })).toMatchObject({
      kind: 'rollback',
      thenDeploy: false,
    });
    expect(thrown(() => decideRecovery(rb, { ...deploy, action: 'promote' })).code).toBe('NothingToPromote');
  });

  it('an interrupted finalize always goes forward; reject is too late', () => {
    const fin = found({ stage: 'finalizing' });
    expect(decideRecovery(fin, deploy)).toMatchObject({ kind: 'resume', from: 'finalizing' });
    expect(decideRecovery(fin, { ...deploy, action: 'promote' })).toMatchObject({
      kind: 'resume',
      from: 'finalizing',
    });
    expect(thrown(() => decideRecovery(fin, { ...deploy, action: 'reject' })).code).toBe('TooLateToReject');
  });

  it('describes a first deployment', () => {
    expect(describeJournal(record({ oldDeployment: undefined, runUrl: undefined, stage: 'gate' }))).toBe(
      "rollout of 'green' (first deployment) by run 4242, at gate",
    );
  });
});
