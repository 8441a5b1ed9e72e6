// The one way the suite writes a file for people (the gate's JSON, JUnit XML, Markdown and HTML
// reports, and whatever report a step adds): every text and every string of a JSON document goes
// through the run's masker (the host's `mask`, shared/secrets.ts) on its way to disk. A writer
// cannot forget a field: there is no other way in. Only node built-ins.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class ReportFolder {
  constructor(
    /** Absolute. */
    readonly dir: string,
    private readonly mask: (text: string) => string,
  ) {}

  /** Where `name` is written. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Writes `text`, masked; returns the file's path. */
  writeText(name: string, text: string): Promise<string> {
    return this.write(name, this.mask(text));
  }

  /** Writes `value` as JSON with every string in it (keys too) masked, so the file stays valid
   * JSON whatever a secret contains; `indent` as JSON.stringify takes it. */
  writeJson(name: string, value: unknown, indent?: number): Promise<string> {
    const text = JSON.stringify(maskStrings(value, this.mask), null, indent);
    return this.write(name, indent ? `${text}\n` : text);
  }

  private async write(name: string, masked: string): Promise<string> {
    const file = this.file(name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, masked);
    return file;
  }
}

function maskStrings(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, mask));
  if (value === null || typeof value !== 'object') return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return maskStrings(json.call(value), mask);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [mask(k), maskStrings(v, mask)]));
}
