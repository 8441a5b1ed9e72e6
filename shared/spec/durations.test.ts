// ISO 8601 durations for request settings and probes.
import { describe, expect, it } from 'vitest';
import { isoDurationFromMs, isoDurationFromSeconds, msFromIsoDuration } from './durations.js';

describe('ISO 8601 durations', () => {
  it.each([
    [0, 'PT0S'],
    [500, 'PT0.5S'],
    [1, 'PT0.001S'],
    [1500, 'PT1.5S'],
    [5000, 'PT5S'],
    [60_000, 'PT1M'],
    [90_000, 'PT1M30S'],
    [90_250, 'PT1M30.25S'],
    [180_000, 'PT3M'],
    [3_600_000, 'PT1H'],
    [3_661_001, 'PT1H1M1.001S'],
    [90_000_000, 'PT25H'],
  ])('%i ms is %s, and back', (ms, iso) => {
    expect(isoDurationFromMs(ms)).toBe(iso);
    expect(msFromIsoDuration(iso)).toBe(ms);
  });

  it('seconds (probes) map the same way', () => {
    expect(isoDurationFromSeconds(10)).toBe('PT10S');
    expect(isoDurationFromSeconds(90)).toBe('PT1M30S');
    expect(isoDurationFromSeconds(0)).toBe('PT0S');
  });

  it('refuses fractions and negatives', () => {
    expect(() => isoDurationFromMs(1.5)).toThrow(RangeError);
    expect(() => isoDurationFromMs(-1)).toThrow(RangeError);
    expect(() => isoDurationFromSeconds(0.5)).toThrow(RangeError);
  });

  it('reads what ARM returns, and nothing else', () => {
    expect(msFromIsoDuration('P1DT1S')).toBe(86_401_000);
    expect(msFromIsoDuration('PT0.5S')).toBe(500);
    expect(msFromIsoDuration('P1Y')).toBeUndefined();
    expect(msFromIsoDuration('PT')).toBeUndefined();
    expect(msFromIsoDuration('P')).toBeUndefined();
    expect(msFromIsoDuration('5s')).toBeUndefined();
  });
});
