// Runs the real binary under module-trace-preload.mjs and reports which npm packages the run
// loaded, through import or require(), so tests can hold start-up to "heavy modules only on
// the path that needs them".
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {type CliOptions, type CliResult, makeTempDir, runCli} from './run-cli.js'

const PRELOAD = pathToFileURL(join(import.meta.dirname, 'module-trace-preload.mjs')).href
export const TRACE_ENV = 'SECRETSMITH_TEST_MODULE_TRACE'

export interface TracedRun {
  result: CliResult
  /** Package names loaded either way (e.g. "@oclif/core", "zod"), from the innermost node_modules of each path. */
  packages: Set<string>
  /** Package names by how they were loaded: `import` (ESM resolve hook) or `require` (Module._load). */
  packagesLoadedBy: {import: Set<string>; require: Set<string>}
  /** Every traced module path, for failure messages. */
  modules: string[]
}

export async function runCliTracingModules(args: string[], options: CliOptions = {}): Promise<TracedRun> {
  const directory = await makeTempDir('secretsmith-trace-')
  const traceFile = join(directory.path, 'modules.log')
  try {
    const result = await runCli(args, {
      ...options,
      nodeArgs: [...(options.nodeArgs ?? []), '--import', PRELOAD],
      env: {...options.env, [TRACE_ENV]: traceFile},
    })
    const lines = (await readFile(traceFile, 'utf8').catch(() => '')).split('\n').filter(Boolean)
    const packagesOf = (selected: string[]) =>
      new Set(selected.map(modulePath).map(packageOf).filter((name): name is string => name !== undefined))
    return {
      result,
      packages: packagesOf(lines),
      packagesLoadedBy: {
        import: packagesOf(lines.filter((line) => line.startsWith('esm '))),
        require: packagesOf(lines.filter((line) => line.startsWith('cjs '))),
      },
      modules: [...new Set(lines.map(modulePath))],
    }
  } finally {
    await directory.remove()
  }
}

/** "esm file:///…" or "cjs /…" → a file path (other URL schemes kept as they are). */
function modulePath(line: string): string {
  const location = line.slice(line.indexOf(' ') + 1)
  return location.startsWith('file:') ? fileURLToPath(location) : location
}

function packageOf(path: string): string | undefined {
  const segments = path.split(/[\\/]/)
  const index = segments.lastIndexOf('node_modules')
  if (index === -1 || index + 1 >= segments.length) return undefined
  const first = segments[index + 1]
  return first.startsWith('@') ? `${first}/${segments[index + 2] ?? ''}` : first
}
