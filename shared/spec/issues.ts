// Problems found in the deploy step's YAML files and inputs. Validation collects every problem
// before it throws, so a user fixes a file in one pass instead of one error per run.
import { RolloutError } from '../errors.js';

/** Which document a problem is in: decides the error code when all problems share one. */
export type SpecSourceKind = 'endpoint' | 'deployment' | 'input';

export interface SpecIssue {
  kind: SpecSourceKind;
  /** A file as the user named it (`deploy/deployment.yml`), or `input 'image'`. */
  source: string;
  /** Where in the document, e.g. `request_settings.max_queue_wait_ms`; '' for the whole document. */
  path: string;
  message: string;
  hint?: string;
  /** 1-based position in the file, when the problem has one. */
  line?: number;
  column?: number;
}

/** One line: `deployment.yml: request_settings.x: expected integer, got "4" (line 7, column 3); hint`. */
export function formatIssue(issue: SpecIssue): string {
  const where = issue.path ? `${issue.source}: ${issue.path}` : issue.source;
  const at = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
  return `${where}: ${issue.message}${at}${issue.hint ? `; ${issue.hint}` : ''}`;
}

const CODES: Record<SpecSourceKind, string> = {
  endpoint: 'InvalidEndpointYaml',
  deployment: 'InvalidDeploymentYaml',
  input: 'InvalidInput',
};

/** The code for a set of problems: the document kind's own code, or `InvalidDeploySpec` when mixed. */
export function codeForIssues(issues: readonly SpecIssue[]): string {
  const kinds = new Set(issues.map((i) => i.kind));
  const [only] = kinds;
  return kinds.size === 1 && only ? CODES[only] : 'InvalidDeploySpec';
}

/** Every problem in the deploy YAML and inputs, thrown once before anything is changed. */
export class SpecError extends RolloutError {
  readonly issues: readonly SpecIssue[];

  constructor(found: readonly SpecIssue[]) {
    const sources = [...new Set(found.map((i) => i.source))];
    // Each file's problems in the order they appear in it; files in the order first reported.
    const issues = [...found].sort(
      (a, b) =>
        sources.indexOf(a.source) - sources.indexOf(b.source) ||
        (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
        (a.column ?? 0) - (b.column ?? 0),
    );
    const message =
      issues.length === 1
        ? formatIssue(issues[0] as SpecIssue)
        : `${issues.length} problems in ${sources.join(', ')}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`;
    super(codeForIssues(issues), message, {
      resource: sources.join(', '),
      remediation: 'fix every listed field (docs/deploy-yaml.md lists what the deploy step accepts)',
    });
    this.name = 'SpecError';
    this.issues = issues;
  }
}

/** Throws a SpecError when there is anything to report. */
export function throwIfIssues(issues: readonly SpecIssue[]): void {
  if (issues.length > 0) throw new SpecError(issues);
}
