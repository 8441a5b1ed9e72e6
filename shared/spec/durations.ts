// ISO 8601 durations, as ARM takes request settings and probe timings: the YAML says
// `request_timeout_ms: 90000` and `period: 10`, ARM wants `PT1M30S` and `PT10S`. The same
// shapes the CLI sends (isodate's duration_isoformat of a timedelta), hours as the largest unit.

/** `90000` -> `PT1M30S`, `500` -> `PT0.5S`, `0` -> `PT0S`. Whole, non-negative milliseconds. */
export function isoDurationFromMs(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0)
    throw new RangeError(`duration must be whole non-negative ms, got ${ms}`);
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const restMs = ms % 60_000;
  let out = 'PT';
  if (hours) out += `${hours}H`;
  if (minutes) out += `${minutes}M`;
  if (restMs || out === 'PT') {
    const seconds = Math.floor(restMs / 1000);
    const fraction = restMs % 1000;
    out += fraction ? `${seconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}S` : `${seconds}S`;
  }
  return out;
}

/** `10` -> `PT10S`, `90` -> `PT1M30S`. Whole, non-negative seconds. */
export function isoDurationFromSeconds(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new RangeError(`duration must be whole non-negative seconds, got ${seconds}`);
  }
  return isoDurationFromMs(seconds * 1000);
}

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `PT1M30S` -> 90000; days count 24 h. Undefined for anything else (years, months, weeks). */
export function msFromIsoDuration(text: string): number | undefined {
  const m = ISO_DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return Math.round(((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000);
}
