import { describe, expect, it } from 'vitest';
import { InputError, RolloutError } from '../errors.js';
import {
  checkTrafficSteps,
  compareTraffic,
  describeDifferences,
  describeTraffic,
  findDeployment,
  formatTraffic,
  mirrorWithout,
  parseMirrorPercent,
  parseTrafficSteps,
  restoreTarget,
  sameDeployment,
  trafficForStep,
  trafficOf,
  withZeros,
} from './traffic.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof RolloutError ? e.code : 'not a RolloutError';
  }
  return undefined;
};

describe('traffic-steps', () => {
  it('parses whole percentages, with or without %, spaces around', () => {
    expect(parseTrafficSteps(['10', '50', '100'])).toEqual([10, 50, 100]);
    expect(parseTrafficSteps([' 5% ', '25 %', '100%'])).toEqual([5, 25, 100]);
    expect(parseTrafficSteps(['100'])).toEqual([100]);
    expect(parseTrafficSteps(['1', '2', '3', '100'])).toEqual([1, 2, 3, 100]);
  });

  it.each([
    [[], /is empty/],
    [['ten', '100'], /'ten' is not a whole percentage/],
    [['12.5', '100'], /'12.5' is not a whole percentage/],
    [['-5', '100'], /'-5' is not a whole percentage/],
    [['0', '100'], /0 is not a whole percentage between 1 and 100/],
    [['10', '150'], /150 is not a whole percentage between 1 and 100/],
    [['50', '10', '100'], /10 comes after 50: steps must rise strictly \(got 50,10,100\)/],
    [['10', '10', '100'], /10 comes after 10/],
    [['10', '50'], /must end at 100 .*\(got 10,50\)/],
    [[''], /'' is not a whole percentage/],
  ])('refuses %j with an InputError naming traffic-steps', (items, message) => {
    let error: unknown;
    try {
      parseTrafficSteps(items as string[]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.resource).toBe('traffic-steps');
    expect(e.message).toMatch(message);
    expect(e.remediation).toMatch(/ending at 100/);
  });

  it('checks steps that arrive as numbers with the same rules', () => {
    expect(() => checkTrafficSteps([10, 50, 100])).not.toThrow();
    expect(() => checkTrafficSteps([10.5, 100])).toThrow(/10.5 is not a whole percentage/);
    expect(() => checkTrafficSteps([100, 100])).toThrow(/comes after/);
  });
});

describe('mirror-percent', () => {
  it('accepts whole percentages 0..50; absent or blank is 0', () => {
    expect(parseMirrorPercent(undefined)).toBe(0);
    expect(parseMirrorPercent('')).toBe(0);
    expect(parseMirrorPercent(0)).toBe(0);
    expect(parseMirrorPercent(20)).toBe(20);
    expect(parseMirrorPercent('50')).toBe(50);
    expect(parseMirrorPercent('10%')).toBe(10);
  });

  it.each([51, -1, 12.5, 'half', Number.NaN])('refuses %j', (v) => {
    expect(() => parseMirrorPercent(v)).toThrow(InputError);
    expect(() => parseMirrorPercent(v)).toThrow(/input 'mirror-percent'.*between 0 and 50/);
  });
});

describe('names and lookups', () => {
  it('matches deployment names without case, as AML does', () => {
    expect(sameDeployment('Blue', 'blue')).toBe(true);
    expect(sameDeployment('blue', 'green')).toBe(false);
    expect(sameDeployment(undefined, 'blue')).toBe(false);
    expect(trafficOf({ Blue: 90, green: 10 }, 'BLUE')).toBe(90);
    expect(trafficOf({ blue: 100 }, 'green')).toBe(0);
    expect(trafficOf(undefined, 'green')).toBe(0);
    expect(findDeployment(['Blue', 'green'], 'blue')).toBe('Blue');
    expect(findDeployment(['Blue'], 'red')).toBeUndefined();
  });

  it('formats a map without zeros', () => {
    expect(formatTraffic({ blue: 90, green: 10, old: 0 })).toBe('blue 90%, green 10%');
    expect(formatTraffic({})).toBe('none');
    expect(formatTraffic(undefined)).toBe('none');
  });
});

describe('traffic for a step', () => {
  it('gives the new deployment p, the old 100-p, every other deployment 0', () => {
    expect(
      trafficForStep(10, { newDeployment: 'green', oldDeployment: 'blue', deployments: ['blue', 'spare'] }),
    ).toEqual({ blue: 90, spare: 0, green: 10 });
    expect(
      trafficForStep(100, { newDeployment: 'green', oldDeployment: 'blue', deployments: ['blue', 'green'] }),
    ).toEqual({ blue: 0, green: 100 });
  });

  it('keeps the endpoint spelling of names and never lists a name twice', () => {
    const map = trafficForStep(50, {
      newDeployment: 'green',
      oldDeployment: 'blue',
      deployments: ['Blue', 'GREEN', 'green'],
    });
    expect(map).toEqual({ Blue: 50, GREEN: 50 });
  });

  it('always sums to 100 across the listed deployments', () => {
    for (let p = 0; p <= 100; p++) {
      const map = trafficForStep(p, { newDeployment: 'n', oldDeployment: 'o', deployments: ['o', 'x', 'y'] });
      expect(Object.values(map).reduce((a, b) => a + b, 0)).toBe(100);
    }
  });

  it('without an old deployment, only 0 or 100', () => {
    expect(trafficForStep(100, { newDeployment: 'blue', deployments: ['idle'] })).toEqual({
      idle: 0,
      blue: 100,
    });
    expect(trafficForStep(0, { newDeployment: 'blue', deployments: [] })).toEqual({ blue: 0 });
    expect(() => trafficForStep(10, { newDeployment: 'blue', deployments: [] })).toThrow(
      /without an old deployment .* can only take 0% or 100%, not 10%/,
    );
  });

  it('refuses a bad percent or new = old', () => {
    expect(
      codeOf(() => trafficForStep(101, { newDeployment: 'a', oldDeployment: 'b', deployments: [] })),
    ).toBe('InvalidTrafficStep');
    expect(
      codeOf(() => trafficForStep(2.5, { newDeployment: 'a', oldDeployment: 'b', deployments: [] })),
    ).toBe('InvalidTrafficStep');
    expect(() =>
      trafficForStep(50, { newDeployment: 'Blue', oldDeployment: 'blue', deployments: [] }),
    ).toThrow(/the new and the old deployment are the same/);
  });

  it('withZeros names every deployment explicitly without changing the meaning', () => {
    const map = withZeros({ Blue: 100 }, ['blue', 'green']);
    expect(map).toEqual({ Blue: 100, green: 0 });
    expect(compareTraffic({ Blue: 100 }, map)).toEqual([]);
  });
});

describe('comparing a read-back map', () => {
  it('agrees when missing names are 0 and names differ only in case', () => {
    expect(compareTraffic({ blue: 90, green: 10, spare: 0 }, { Blue: 90, GREEN: 10 })).toEqual([]);
    expect(compareTraffic({}, undefined)).toEqual([]);
    expect(compareTraffic({ blue: 0 }, {})).toEqual([]);
  });

  it('lists each difference once, with the expected spelling', () => {
    const diffs = compareTraffic({ blue: 90, green: 10 }, { BLUE: 100, red: 0 });
    expect(diffs).toEqual([
      { deployment: 'blue', expected: 90, actual: 100 },
      { deployment: 'green', expected: 10, actual: 0 },
    ]);
    expect(describeDifferences(diffs)).toBe(
      'blue: expected 90%, read back 100%; green: expected 10%, read back 0%',
    );
  });

  it('notices a deployment that should carry nothing', () => {
    expect(compareTraffic({ green: 100 }, { green: 90, blue: 10 })).toEqual([
      { deployment: 'green', expected: 100, actual: 90 },
      { deployment: 'blue', expected: 0, actual: 10 },
    ]);
  });
});

describe('the traffic found at the start', () => {
  it('one live deployment at 100%', () => {
    const p = describeTraffic({ blue: 100, green: 0 }, { green: 0 });
    expect(p.live).toBe('blue');
    expect(p.firstDeployment).toBe(false);
    expect(p.mirror).toBeUndefined();
    expect(p.traffic).toEqual({ blue: 100, green: 0 });
  });

  it('no traffic anywhere is a first deployment (also with idle deployments)', () => {
    expect(describeTraffic(undefined).firstDeployment).toBe(true);
    expect(describeTraffic({}).live).toBeUndefined();
    const p = describeTraffic({ blue: 0, green: 0 });
    expect(p.firstDeployment).toBe(true);
    expect(p.traffic).toEqual({ blue: 0, green: 0 });
  });

  it('reports the mirror found', () => {
    const p = describeTraffic({ blue: 100 }, { shadow: 20, other: 0 });
    expect(p.mirror).toEqual({ deployment: 'shadow', percent: 20 });
    expect(p.mirrorTraffic).toEqual({ shadow: 20, other: 0 });
  });

  it('refuses more than one deployment carrying traffic, naming them and their percentages', () => {
    let error: unknown;
    try {
      describeTraffic({ blue: 90, green: 10, spare: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RolloutError);
    const e = error as RolloutError;
    expect(e.code).toBe('MultipleLiveDeployments');
    expect(e.message).toBe(
      'a rollout starts from at most one deployment carrying traffic; found blue 90%, green 10%',
    );
    expect(e.remediation).toMatch(/action: promote or reject/);
  });

  it('refuses values AML would not hold', () => {
    expect(codeOf(() => describeTraffic({ blue: 50 }))).toBe('InvalidTraffic');
    expect(codeOf(() => describeTraffic({ blue: -1 }))).toBe('InvalidTraffic');
    expect(codeOf(() => describeTraffic({ blue: 99.5 }))).toBe('InvalidTraffic');
  });

  it('the restore target is an exact copy, zeros and spelling included, not shared with the input', () => {
    const traffic = { Blue: 100, green: 0 };
    const mirror = { shadow: 10 };
    const target = restoreTarget(describeTraffic(traffic, mirror));
    expect(target).toEqual({ traffic: { Blue: 100, green: 0 }, mirrorTraffic: { shadow: 10 } });
    traffic.Blue = 0;
    expect(target.traffic.Blue).toBe(100);
  });

  it('drops a deployment from a mirror map', () => {
    expect(mirrorWithout({ Green: 20, shadow: 0 }, 'green')).toEqual({ shadow: 0 });
    expect(mirrorWithout({}, 'green')).toEqual({});
  });
});
