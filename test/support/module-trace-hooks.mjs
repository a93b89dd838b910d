// Module customization hooks for module-trace-preload.mjs: records every resolved ES module URL
// (built-ins left out) in the trace file. Runs on the loader thread, hence the file rather than
// shared memory.
import {appendFileSync} from 'node:fs'

let traceFile

export function initialize(data) {
  traceFile = data.traceFile
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  if (!resolved.url.startsWith('node:')) appendFileSync(traceFile, `esm ${resolved.url}\n`)
  return resolved
}
