// Preload (`node --require test/support/load-trace.cjs`) that records every module a process
// loads into the file named by $LOAD_TRACE, one a line: `cjs <path>` from Module._load (require),
// `esm <url>` from a module hook (import, including the dynamic `import("./<id>.index.js")` by which
// ncc's ESM bundles load their chunks, and `import('sharp')`-style externals). Used by
// test/startup.test.ts; a CommonJS file because --require takes nothing else.
'use strict';
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const trace = process.env.LOAD_TRACE;
if (trace) {
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    let file = request;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Unresolvable: the real load throws just below; record the request as given.
    }
    appendFileSync(trace, `cjs ${file}\n`);
    return load.apply(this, arguments);
  };
  // ESM loads never pass through Module._load: a `load` hook sees each one, builtins included.
  Module.register(pathToFileURL(path.join(__dirname, 'load-trace-hooks.mjs')), { data: { trace } });
}
