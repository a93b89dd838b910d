// Preload for tests that check which modules a command loads (pass with `node --import` before
// bin/run.js). Appends one line per module to the file named by SECRETSMITH_TEST_MODULE_TRACE:
// `esm <url>` for every ES module resolution (through a module.register() resolve hook, which
// runs off-thread, so it writes the file itself) and `cjs <path>` for every require(), including
// createRequire() (through a wrapped Module._load, which the ESM hooks never see on Node 20).
// Without the variable it does nothing.
import {appendFileSync} from 'node:fs'
import Module, {isBuiltin, register} from 'node:module'

const traceFile = process.env.SECRETSMITH_TEST_MODULE_TRACE

if (traceFile) {
  register('./module-trace-hooks.mjs', import.meta.url, {data: {traceFile}})

  const load = Module._load
  Module._load = function tracedLoad(request, parent, isMain) {
    if (!isBuiltin(request)) {
      let filename
      try {
        filename = Module._resolveFilename(request, parent, isMain)
      } catch {
        // Unresolvable: the real load below throws the error the caller expects.
      }

      if (filename) appendFileSync(traceFile, `cjs ${filename}\n`)
    }

    return load.apply(this, arguments)
  }
}
