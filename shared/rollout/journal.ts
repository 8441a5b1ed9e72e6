// The rollout journal: the stages of a blue-green rollout and their legal transitions, the record
// kept in the endpoint's tags (written before each stage acts), its encoding within Azure's tag
// limits, and what a run does when it finds a journal at start. Pure: the caller reads and writes
// the tags, and calls `decideRecovery` only while holding the endpoint lock, so any journal still
// in flight belongs to a runner that died.
//
// Tags: Azure allows 50 tags per resource, names up to 512 characters and values up to 256. The
// record is compact JSON (non-ASCII escaped, so every chunk is plain ASCII), cut into 256-character
// parts `aml-rollout.journal.1..N`, announced by the header `aml-rollout.journal` =
// `v1 stage=<stage> parts=<N> fnv=<8 hex>`; the header shows the stage in the portal, and its count
// and FNV-1a checksum catch a part lost or edited by hand. Other tags are never touched.
import { InputError, RolloutError } from '../errors.js';
import { MAX_MIRROR_PERCENT, type TrafficMap } from './traffic.js';

export type TrafficStage = `traffic:${number}`;

export type Stage =
  | 'validated'
  | 'endpoint-ready'
  | 'locked'
  | 'deploying'
  | 'smoke'
  | 'gate'
  | 'mirror'
  | TrafficStage
  | 'finalizing'
  | 'done'
  | 'paused'
  | 'rolling-back'
  | 'rolled-back';

const NAMED_STAGES: readonly string[] = [
  'validated',
  'endpoint-ready',
  'locked',
  'deploying',
  'smoke',
  'gate',
  'mirror',
  'finalizing',
  'done',
  'paused',
  'rolling-back',
  'rolled-back',
];

export function trafficStage(percent: number): TrafficStage {
  return `traffic:${percent}`;
}

/** The percent of a `traffic:<p>` stage, else undefined. */
export function stagePercent(stage: Stage): number | undefined {
  const m = /^traffic:(\d+)$/.exec(stage);
  return m ? Number(m[1]) : undefined;
}

export function parseStage(text: string): Stage | undefined {
  if (NAMED_STAGES.includes(text)) return text as Stage;
  const m = /^traffic:([1-9]\d?|100)$/.exec(text);
  return m ? trafficStage(Number(m[1])) : undefined;
}

/** What shapes a rollout's path: its traffic steps, and whether it mirrors first. */
export interface StageRoute {
  steps: readonly number[];
  mirrorPercent: number;
}

/** The forward path, `validated` to `done`. */
export function forwardStages(route: StageRoute): Stage[] {
  return [
    'validated',
    'endpoint-ready',
    'locked',
    'deploying',
    'smoke',
    'gate',
    ...(route.mirrorPercent > 0 ? (['mirror'] as const) : []),
    ...route.steps.map(trafficStage),
    'finalizing',
    'done',
  ];
}

export type StageEvent = 'succeeded' | 'failed' | 'paused' | 'promoted' | 'rejected';

/** A rollout may pause once the new deployment is vetted and before it serves everything. */
export function canPauseAfter(stage: Stage): boolean {
  const p = stagePercent(stage);
  return stage === 'gate' || stage === 'mirror' || (p !== undefined && p < 100);
}

/**
 * The stage after `stage` on `event`:
 * - succeeded: the next forward stage; a finished rollback is `rolled-back`;
 * - failed: `rolling-back` from any stage before `finalizing`; `finalizing` stays (the new deployment
 *   already serves 100% and passed its checks, and the old may be gone: only forward is safe);
 *   `rolling-back` stays (retry the restore);
 * - paused: `paused` after gate, mirror or a traffic step below 100;
 * - promoted: from `paused`, the stage after the one it paused after;
 * - rejected: `rolling-back` from `paused` or any stage before `finalizing`.
 */
export function nextStage(
  stage: Stage,
  event: StageEvent,
  ctx: { route: StageRoute; pausedAfter?: Stage | undefined },
): Stage {
  const forward = forwardStages(ctx.route);
  const at = forward.indexOf(stage);
  const beforeFinalizing = at >= 0 && at < forward.indexOf('finalizing');
  const illegal = () =>
    new RolloutError('IllegalTransition', `a rollout at stage '${stage}' cannot take the event '${event}'`, {
      resource: stage,
    });
  switch (event) {
    case 'succeeded':
      if (stage === 'rolling-back') return 'rolled-back';
      if (at >= 0 && stage !== 'done') return forward[at + 1] as Stage;
      throw illegal();
    case 'failed':
      if (beforeFinalizing) return 'rolling-back';
      if (stage === 'finalizing' || stage === 'rolling-back') return stage;
      throw illegal();
    case 'paused':
      if (at >= 0 && canPauseAfter(stage)) return 'paused';
      throw illegal();
    case 'promoted': {
      const after = ctx.pausedAfter === undefined ? -1 : forward.indexOf(ctx.pausedAfter);
      if (stage === 'paused' && after >= 0 && ctx.pausedAfter !== 'done') return forward[after + 1] as Stage;
      throw illegal();
    }
    case 'rejected':
      if (stage === 'paused' || beforeFinalizing) return 'rolling-back';
      throw illegal();
  }
}

export interface JournalRecord {
  runId: string;
  runUrl?: string | undefined;
  /** The stage about to act (journalled before it acts). */
  stage: Stage;
  newDeployment: string;
  /** The deployment live at the start; undefined for a first deployment. */
  oldDeployment?: string | undefined;
  route: StageRoute;
  startedAt: string;
  updatedAt: string;
  /** Traffic and mirror traffic found at the start: what a rollback restores, exactly. */
  original: { traffic: Record<string, number>; mirrorTraffic: Record<string, number> };
  /** This rollout created the endpoint (a rollback leaves it, empty: it costs nothing). */
  createdEndpoint: boolean;
  /** This rollout created the new deployment (a rollback deletes it; one updated in place stays). */
  createdDeployment: boolean;
  /** With stage `paused`: the stage completed before the pause. */
  paused?: Stage | undefined;
  /** The old deployment stays at 0% at finalize (the `keep-old` of the run that started it), so a
   * promote from another run finishes the rollout as it was planned. */
  keepOld?: boolean | undefined;
}

export const JOURNAL_TAG = 'aml-rollout.journal';
export const MAX_TAGS = 50;
export const MAX_TAG_VALUE = 256;
export const MAX_TAG_NAME = 512;

const isJournalTag = (key: string) => {
  const k = key.toLowerCase();
  return (
    k === JOURNAL_TAG || (k.startsWith(`${JOURNAL_TAG}.`) && /^\d+$/.test(k.slice(JOURNAL_TAG.length + 1)))
  );
};

/** FNV-1a, 32 bits, over UTF-16 code units (the text is ASCII here). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** The journal's own tags (header and parts) for a record. */
export function encodeJournal(record: JournalRecord): Record<string, string> {
  const problem = checkRecord(record);
  if (problem) throw new RolloutError('InvalidJournal', `journal record is invalid: ${problem}`);
  const json = asciiJson(record);
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += MAX_TAG_VALUE) parts.push(json.slice(i, i + MAX_TAG_VALUE));
  const tags: Record<string, string> = {
    [JOURNAL_TAG]: `v1 stage=${record.stage} parts=${parts.length} fnv=${fnv1a(json)}`,
  };
  parts.forEach((part, i) => (tags[`${JOURNAL_TAG}.${i + 1}`] = part));
  return tags;
}

/** The endpoint's tags without any journal tag (other tags kept as they are). */
export function withoutJournal(tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (!isJournalTag(k)) out[k] = v;
  return out;
}

/** The endpoint's tags with the journal replaced by `record`; refuses to pass Azure's tag limits. */
export function withJournal(
  tags: Readonly<Record<string, string>> | undefined,
  record: JournalRecord,
): Record<string, string> {
  const others = withoutJournal(tags);
  const mine = encodeJournal(record);
  const total = Object.keys(others).length + Object.keys(mine).length;
  if (total > MAX_TAGS) {
    throw new RolloutError(
      'TooManyTags',
      `the endpoint has ${Object.keys(others).length} tags of its own and the rollout journal needs ${Object.keys(mine).length}; Azure allows ${MAX_TAGS} per resource`,
      {
        resource: 'tags',
        remediation: `remove ${total - MAX_TAGS} tags from the endpoint (or its YAML) and re-run`,
      },
    );
  }
  return { ...others, ...mine };
}

export type JournalRead =
  | { record: JournalRecord; reason?: undefined; garbled?: undefined }
  | { record: undefined; reason: string; garbled: boolean };

/** Reads the journal from an endpoint's tags; never throws: absent or garbled come back with a reason. */
export function decodeJournal(tags: Readonly<Record<string, string>> | undefined): JournalRead {
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(tags ?? {})) if (isJournalTag(k)) lower.set(k.toLowerCase(), v);
  const garbled = (reason: string): JournalRead => ({ record: undefined, reason, garbled: true });
  const header = lower.get(JOURNAL_TAG);
  if (header === undefined) {
    return lower.size === 0
      ? { record: undefined, reason: 'the endpoint has no rollout journal', garbled: false }
      : garbled(`journal parts without the '${JOURNAL_TAG}' header`);
  }
  const m = /^v(\d+) stage=(\S+) parts=(\d+) fnv=([0-9a-f]{8})$/.exec(header.trim());
  if (!m) return garbled(`the '${JOURNAL_TAG}' header '${header}' is not 'v1 stage=.. parts=.. fnv=..'`);
  if (m[1] !== '1') return garbled(`journal version v${m[1]} is not one this version reads (v1)`);
  const count = Number(m[3]);
  if (count < 1 || count > MAX_TAGS) return garbled(`journal header announces ${count} parts`);
  let json = '';
  for (let i = 1; i <= count; i++) {
    const part = lower.get(`${JOURNAL_TAG}.${i}`);
    if (part === undefined) return garbled(`journal part ${i} of ${count} is missing`);
    json += part;
  }
  if (lower.size !== count + 1) return garbled(`journal has parts beyond the ${count} its header announces`);
  if (fnv1a(json) !== m[4]) return garbled('journal checksum does not match its parts (edited or cut short)');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return garbled('journal parts are not JSON');
  }
  const problem = checkRecord(value);
  if (problem) return garbled(`journal record is invalid: ${problem}`);
  const record = value as JournalRecord;
  if (record.stage !== m[2]) return garbled(`journal header says stage ${m[2]}, the record ${record.stage}`);
  return { record };
}

const isMap = (v: unknown): v is TrafficMap =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));

/** Why `v` is not a valid journal record, or undefined when it is. */
function checkRecord(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const r = v as Record<string, unknown>;
  const str = (k: string) => typeof r[k] === 'string' && (r[k] as string) !== '';
  for (const k of ['runId', 'newDeployment', 'startedAt', 'updatedAt']) if (!str(k)) return `${k} is missing`;
  for (const k of ['runUrl', 'oldDeployment'])
    if (r[k] !== undefined && !str(k)) return `${k} is not a string`;
  if (typeof r.stage !== 'string' || parseStage(r.stage) === undefined)
    return `stage ${String(r.stage)} is unknown`;
  for (const k of ['createdEndpoint', 'createdDeployment'])
    if (typeof r[k] !== 'boolean') return `${k} is not true or false`;
  if (r.keepOld !== undefined && typeof r.keepOld !== 'boolean') return 'keepOld is not true or false';
  const original = r.original as Record<string, unknown> | undefined;
  if (!original || !isMap(original.traffic) || !isMap(original.mirrorTraffic))
    return 'original traffic and mirror traffic are missing';
  const route = r.route as Record<string, unknown> | undefined;
  const steps = route?.steps;
  if (
    !Array.isArray(steps) ||
    steps.length === 0 ||
    !steps.every((p, i) => Number.isInteger(p) && p >= 1 && p <= 100 && (i === 0 || p > steps[i - 1])) ||
    steps[steps.length - 1] !== 100
  )
    return 'route.steps is not an ascending list of percentages ending at 100';
  const mirror = route?.mirrorPercent;
  if (typeof mirror !== 'number' || !Number.isInteger(mirror) || mirror < 0 || mirror > MAX_MIRROR_PERCENT)
    return 'route.mirrorPercent is not 0..50';
  const stageRoute: StageRoute = { steps: steps as number[], mirrorPercent: mirror };
  const onRoute = (s: Stage) => forwardStages(stageRoute).includes(s);
  const stage = r.stage as Stage;
  if (stagePercent(stage) !== undefined && !onRoute(stage)) return `stage ${stage} is not on the route`;
  if (r.paused !== undefined) {
    const paused = typeof r.paused === 'string' ? parseStage(r.paused) : undefined;
    if (paused === undefined || !onRoute(paused) || !canPauseAfter(paused))
      return `paused ${String(r.paused)} is not a stage a rollout pauses after`;
  }
  if (stage === 'paused' && r.paused === undefined) return 'stage is paused but paused is not set';
  return undefined;
}

/** The journalled rollout that has not finished (in flight, interrupted or paused), if any. */
export function unfinishedRollout(read: JournalRead): JournalRecord | undefined {
  const r = read.record;
  return r && r.stage !== 'done' && r.stage !== 'rolled-back' ? r : undefined;
}

/** "rollout of 'green' (from 'blue') by run 42 (url), at traffic:50". */
export function describeJournal(r: JournalRecord): string {
  const at = r.stage === 'paused' && r.paused ? `paused after ${r.paused}` : `at ${r.stage}`;
  return `rollout of '${r.newDeployment}'${r.oldDeployment ? ` (from '${r.oldDeployment}')` : ' (first deployment)'} by run ${r.runId}${r.runUrl ? ` (${r.runUrl})` : ''}, ${at}`;
}

export type RolloutAction = 'deploy' | 'promote' | 'reject';
export type OnInterrupted = 'resume' | 'rollback';

export function parseOnInterrupted(value: string | undefined): OnInterrupted {
  const v = (value ?? '').trim() || 'rollback';
  if (v === 'resume' || v === 'rollback') return v;
  throw new InputError(
    'on-interrupted',
    `'${v}' is not one of: resume, rollback`,
    'rollback (the default) restores the traffic found before; resume carries on',
  );
}

export type Recovery =
  /** No rollout in flight: go on with the requested action. */
  | { kind: 'nothing'; reason: string }
  /** Carry the journalled rollout on from `from` (re-running that stage: stages are idempotent). */
  | { kind: 'resume'; from: Stage; journal: JournalRecord; reason: string }
  /** Restore `journal.original`; then start this run's own rollout when `thenDeploy`. */
  | { kind: 'rollback'; journal: JournalRecord; reason: string; thenDeploy: boolean };

/**
 * What to do with the journal found at start (read under the lock):
 * - none, `done` or `rolled-back`: nothing to recover (`promote` is refused: nothing is paused);
 * - `paused`: `deploy` is refused until `promote` (resume after the paused stage) or `reject` (roll back);
 * - `rolling-back`: always finish the rollback;
 * - `finalizing`: always finish forward (`reject` is refused: too late);
 * - any other stage: `deploy` follows `on-interrupted`, `promote` resumes, `reject` rolls back.
 * A resume starts no earlier than `deploying`: this run has redone validate, endpoint and lock itself.
 * When `newDeployment` (what this run would deploy) differs from the journal's, a resume is refused:
 * this run is not the interrupted rollout.
 */
export function decideRecovery(
  read: JournalRead,
  opts: { action: RolloutAction; onInterrupted: OnInterrupted; newDeployment?: string | undefined },
): Recovery {
  if (read.record === undefined) {
    if (read.garbled) {
      throw new RolloutError(
        'JournalUnreadable',
        `the endpoint's rollout journal is unreadable: ${read.reason}`,
        {
          resource: JOURNAL_TAG,
          remediation: `check the endpoint's traffic by hand, then remove the ${JOURNAL_TAG}* tags to start afresh`,
        },
      );
    }
    if (opts.action === 'promote') throw nothingPaused(read.reason);
    return { kind: 'nothing', reason: read.reason };
  }
  const j = read.record;
  const what = describeJournal(j);
  const { action } = opts;
  if (j.stage === 'done' || j.stage === 'rolled-back') {
    if (action === 'promote') throw nothingPaused(`the last ${what} has finished`);
    return { kind: 'nothing', reason: `the last ${what} has finished` };
  }
  const resume = (from: Stage, reason: string): Recovery => {
    if (
      opts.newDeployment !== undefined &&
      opts.newDeployment.toLowerCase() !== j.newDeployment.toLowerCase()
    ) {
      throw new RolloutError(
        'ResumeMismatch',
        `cannot resume the ${what}: this run would deploy '${opts.newDeployment}'`,
        {
          resource: j.newDeployment,
          remediation: 'use on-interrupted: rollback, or re-run with the same inputs',
        },
      );
    }
    return { kind: 'resume', from, journal: j, reason };
  };
  const rollback = (reason: string, thenDeploy: boolean): Recovery => ({
    kind: 'rollback',
    journal: j,
    reason,
    thenDeploy,
  });
  if (j.stage === 'paused') {
    if (action === 'deploy') {
      throw new RolloutError('RolloutPaused', `a ${what} is waiting for a decision`, {
        resource: j.newDeployment,
        remediation: 'run with action: promote to carry it on, or action: reject to roll it back',
      });
    }
    if (action === 'reject') return rollback(`rejecting the ${what}`, false);
    return resume(
      nextStage('paused', 'promoted', { route: j.route, pausedAfter: j.paused }),
      `promoting the ${what}`,
    );
  }
  if (j.stage === 'rolling-back') {
    if (action === 'promote') throw nothingPaused(`the ${what} was being rolled back`);
    return rollback(`finishing the interrupted rollback of the ${what}`, action === 'deploy');
  }
  if (j.stage === 'finalizing') {
    if (action === 'reject') {
      throw new RolloutError('TooLateToReject', `the ${what}: the new deployment already serves 100%`, {
        resource: j.newDeployment,
        remediation: 'let it finish (deploy or promote), then deploy the previous model again',
      });
    }
    return resume('finalizing', `finishing the interrupted ${what}`);
  }
  const from =
    forwardStages(j.route).indexOf(j.stage) < forwardStages(j.route).indexOf('deploying')
      ? 'deploying'
      : j.stage;
  if (action === 'reject') return rollback(`rejecting the interrupted ${what}`, false);
  if (action === 'promote' || opts.onInterrupted === 'resume')
    return resume(from, `resuming the interrupted ${what}`);
  return rollback(`rolling back the interrupted ${what} (on-interrupted: rollback)`, true);
}

function nothingPaused(why: string): RolloutError {
  return new RolloutError('NothingToPromote', `no paused rollout to promote: ${why}`, {
    resource: JOURNAL_TAG,
    remediation: 'run with action: deploy to start a rollout',
  });
}
