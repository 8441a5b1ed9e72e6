// Module hooks of test/support/load-trace.cjs: append the URL of every ESM load to the trace file.
// Hooks run on their own thread, so each load is written at once rather than kept in memory.
import { appendFileSync } from 'node:fs';

let trace = '';

export function initialize(data) {
  trace = data.trace;
}

export async function load(url, context, nextLoad) {
  appendFileSync(trace, `esm ${url}\n`);
  return nextLoad(url, context);
}
