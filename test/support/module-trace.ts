// Runs the real binary under module-trace-preload.mjs and reports which npm packages the run
// loaded, through import or require(), so tests can hold start-up to "heavy modules only on
// the path that needs them". A file of the bundle (dist/bundle) counts as loading every package
// built into it, as the bundler recorded in dist/bundle/packages.json.
import {readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {REPO_ROOT, type CliOptions, type CliResult, makeTempDir, runCli} from './run-cli.js'

const BUNDLE_DIR = join(REPO_ROOT, 'dist', 'bundle')

const PRELOAD = pathToFileURL(join(import.meta.dirname, 'module-trace-preload.mjs')).href
export const TRACE_ENV = 'SECRETSMITH_TEST_MODULE_TRACE'

export interface TracedRun {
  result: CliResult
  /** Package names loaded either way (e.g. "@oclif/core", "zod"), from the innermost node_modules of each path. */
  packages: Set<string>
  /** Package names by how they were loaded: `import` (ESM resolve hook) or `require` (Module._load). */
  packagesLoadedBy: {import: Set<string>; require: Set<string>}
  /** Module paths by how they were loaded, the same way. */
  modulesLoadedBy: {import: Set<string>; require: Set<string>}
  /**
   * Every traced module path, for failure messages. A loaded bundle file also adds the compiled
   * path of each secretsmith module built into it (dist/<module>.js), as if loaded unbundled.
   */
  modules: string[]
  /** Those added paths: modules that ran from inside the bundle. */
  bundled: Set<string>
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
    const bundled = bundlePackages()
    const bundledSources = bundleFile<Record<string, string[]>>('sources.json')
    const bundledModules = new Set(
      lines.map(modulePath).flatMap((path) => {
        const inBundle = relative(BUNDLE_DIR, path)
        if (inBundle.startsWith('..') || inBundle.startsWith(sep)) return []
        const sources = bundledSources[inBundle.split(sep).join('/')] ?? []
        return sources.map((source) => join(REPO_ROOT, 'dist', source.replace(/\.ts$/, '.js')))
      }),
    )
    const packagesOf = (selected: string[]) =>
      new Set(selected.map(modulePath).flatMap((path) => packagesIn(path, bundled)))
    return {
      result,
      packages: packagesOf(lines),
      packagesLoadedBy: {
        import: packagesOf(lines.filter((line) => line.startsWith('esm '))),
        require: packagesOf(lines.filter((line) => line.startsWith('cjs '))),
      },
      modulesLoadedBy: {
        import: new Set(lines.filter((line) => line.startsWith('esm ')).map(modulePath)),
        require: new Set(lines.filter((line) => line.startsWith('cjs ')).map(modulePath)),
      },
      modules: [...new Set([...lines.map(modulePath), ...bundledModules])],
      bundled: bundledModules,
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

/** Which packages each bundle file holds (written by scripts/bundle.mjs). */
function bundlePackages(): Record<string, string[]> {
  return bundleFile<Record<string, string[]>>('packages.json')
}

function bundleFile<T>(name: string): T {
  return JSON.parse(readFileSync(join(BUNDLE_DIR, name), 'utf8')) as T
}

function packagesIn(path: string, bundled: Record<string, string[]>): string[] {
  const inBundle = relative(BUNDLE_DIR, path)
  if (!inBundle.startsWith('..') && !inBundle.startsWith(sep)) return bundled[inBundle.split(sep).join('/')] ?? []
  const name = packageOf(path)
  return name === undefined ? [] : [name]
}

function packageOf(path: string): string | undefined {
  const segments = path.split(/[\\/]/)
  const index = segments.lastIndexOf('node_modules')
  if (index === -1 || index + 1 >= segments.length) return undefined
  const first = segments[index + 1]
  return first.startsWith('@') ? `${first}/${segments[index + 2] ?? ''}` : first
}
