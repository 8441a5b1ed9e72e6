// The gate's verdict as evidence on a model version: the tags the gate writes onto the version it
// judged (given by `model-ref`) and `promote` reads back before it copies anything. One format,
// written and parsed here only. Pure: no I/O.
import { CONTENT_HASH_TAG } from '../model/spec.js';

export const EVIDENCE_TAGS = {
  verdict: 'aml-rollout.gate.verdict',
  ap: 'aml-rollout.gate.ap',
  ap50: 'aml-rollout.gate.ap50',
  /** `<disagreeing>/<compared>` images between the local scorer and the endpoint; `n/a` without an endpoint. */
  parity: 'aml-rollout.gate.parity',
  /** Where the report is: the artifact's URL on a CI host, else the report folder. */
  report: 'aml-rollout.gate.report',
  /** The CI run that judged (its URL), or `local`. */
  run: 'aml-rollout.gate.run',
  /** What was judged: `<endpoint>/<deployment>`, or `local` for the local scorer alone. */
  target: 'aml-rollout.gate.target',
  /** The model's content hash (register-model's `aml-rollout.content-sha256`) when it was judged. */
  contentHash: 'aml-rollout.gate.content-sha256',
  at: 'aml-rollout.gate.at',
} as const;

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface GateEvidence {
  verdict: Verdict;
  ap: number;
  ap50: number;
  parity: string;
  report: string;
  run: string;
  target: string;
  contentHash: string;
  at: string;
}

export function evidenceTags(e: GateEvidence): Record<string, string> {
  return {
    [EVIDENCE_TAGS.verdict]: e.verdict,
    [EVIDENCE_TAGS.ap]: String(e.ap),
    [EVIDENCE_TAGS.ap50]: String(e.ap50),
    [EVIDENCE_TAGS.parity]: e.parity,
    [EVIDENCE_TAGS.report]: e.report,
    [EVIDENCE_TAGS.run]: e.run,
    [EVIDENCE_TAGS.target]: e.target,
    [EVIDENCE_TAGS.contentHash]: e.contentHash,
    [EVIDENCE_TAGS.at]: e.at,
  };
}

/** Why a model version's tags do not carry a passing verdict for its own content; undefined when they do. */
export function evidenceProblem(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  const t = tags ?? {};
  const verdict = t[EVIDENCE_TAGS.verdict];
  if (!verdict) return 'it carries no gate verdict (run the gate with model-ref, or deploy with a gate)';
  if (verdict !== 'pass')
    return `its gate verdict is '${verdict}' (${t[EVIDENCE_TAGS.run] ?? 'unknown run'})`;
  const judged = t[EVIDENCE_TAGS.contentHash];
  const content = t[CONTENT_HASH_TAG];
  if (!content) return `it has no ${CONTENT_HASH_TAG} tag: it was not registered by register-model`;
  if (judged !== content)
    return `its gate verdict was made for other content (judged ${judged ?? 'unknown'}, registered ${content})`;
  return undefined;
}

/** The evidence in a model version's tags, when it is complete. */
export function readEvidence(tags: Readonly<Record<string, string>> | undefined): GateEvidence | undefined {
  const t = tags ?? {};
  const verdict = t[EVIDENCE_TAGS.verdict];
  if (verdict !== 'pass' && verdict !== 'fail' && verdict !== 'inconclusive') return undefined;
  return {
    verdict,
    ap: Number(t[EVIDENCE_TAGS.ap]),
    ap50: Number(t[EVIDENCE_TAGS.ap50]),
    parity: t[EVIDENCE_TAGS.parity] ?? '',
    report: t[EVIDENCE_TAGS.report] ?? '',
    run: t[EVIDENCE_TAGS.run] ?? '',
    target: t[EVIDENCE_TAGS.target] ?? '',
    contentHash: t[EVIDENCE_TAGS.contentHash] ?? '',
    at: t[EVIDENCE_TAGS.at] ?? '',
  };
}
