// Builds what bin/run.js loads: one CommonJS module (dist/bundle/cli.js) holding @oclif/core, every
// command and the command-not-found hook, with heavy, rarely used parts split into chunks that
// load only on the paths that import them (the AWS SDK, @inquirer, table and lock libraries,
// the schema modules and the sensitive-information rules). The command index is generated here
// from the files under src/commands, so a new command file is in the bundle with no other step.
// Writes dist/bundle/packages.json (which npm packages each output file holds) for the
// module-trace test, which must see a bundled package load just as an unbundled one.
import {mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'

import * as esbuild from 'esbuild'

const root = resolve(import.meta.dirname, '..')
const commandsDir = join(root, 'src', 'commands')
const outdir = join(root, 'dist', 'bundle')

/** Command ids as oclif's pattern strategy derives them: path segments joined by ":", "index" dropped. */
function commandFiles(directory = commandsDir) {
  const found = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.ts$/.test(entry.name) && !/\.(d|test|spec)\.ts$/.test(entry.name)) found.push(path)
    }
  }

  walk(directory)
  return found.sort().map((path) => {
    const segments = relative(directory, path).replace(/\.ts$/, '').split(sep)
    if (segments.at(-1) === 'index') segments.pop()
    return {id: segments.join(':'), path}
  })
}

/** package.json's hook paths (./dist/hooks/x.js) as the sources they are built from (./hooks/x.ts). */
function hookSources() {
  const {oclif} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return Object.entries(oclif.hooks ?? {}).flatMap(([event, paths]) =>
    [paths].flat().map((path, index) => ({
      identifier: `HOOK_${event.replaceAll(/\W/g, '_')}_${index}`,
      source: path.replace(/^\.\/dist\//, './').replace(/\.js$/, '.ts'),
    })),
  )
}

// Each command is a chunk of its own, imported when that command runs: --version and --help load
// only oclif, and a command loads only what it uses (Node's built-ins included).
function entrySource() {
  const commands = commandFiles()
  const lines = [
    "import {lazyCommand, run as runCommandLine} from './cli.ts'",
    '/** Runs the command line in process.argv; `root` is the package directory. */',
    'export const run = (root) => runCommandLine(root, COMMANDS)',
    ...hookSources().map(({identifier, source}) => `export {default as ${identifier}} from ${JSON.stringify(source)}`),
    'export const COMMANDS = {',
    ...commands.map(({id, path}) => {
      const source = `./${relative(join(root, 'src'), path).split(sep).join('/')}`
      return `  ${JSON.stringify(id)}: lazyCommand(${JSON.stringify(id)}, () => import(${JSON.stringify(source)})),`
    }),
    '}',
  ]
  return lines.join('\n')
}

/**
 * A CommonJS-only package imported with import() stays in node_modules, and toCommonJs requires
 * it with the named exports Node's import() would give (`const {parse} = await import('dotenv')`).
 * The exceptions are bundled: @oclif/core, which the bundle exists to hold (src/cli.ts reads its
 * default export), and proper-lockfile (lockWithNodeFs).
 */
const BUNDLED_COMMONJS = new Set(['@oclif/core', 'proper-lockfile'])
const commonJsDynamicImports = {
  name: 'secretsmith-commonjs-dynamic-imports',
  setup(build) {
    build.onResolve({filter: /^[^./]/}, (args) => {
      if (args.kind !== 'dynamic-import') return undefined
      const segments = args.path.split('/')
      const name = args.path.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0]
      if (BUNDLED_COMMONJS.has(name)) return undefined
      try {
        const pjson = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'))
        const hasEsm =
          pjson.type === 'module' ||
          pjson.module !== undefined ||
          JSON.stringify(pjson.exports ?? {}).includes('"import"')
        return hasEsm ? undefined : {path: args.path, external: true}
      } catch {
        return undefined
      }
    })
  },
}

/**
 * proper-lockfile takes the local store's lock for every write and for the first read of a new
 * version each day (the access date). It is bundled, with node:fs in place of graceful-fs, whose
 * load (about 6.5 ms, with node:assert) was most of the lock's cost. graceful-fs queues and
 * retries calls that fail with EMFILE; the lock makes a handful of calls, and graceful-fs also
 * patched the process's own fs.close and fs.closeSync. Its signal-exit gets node:assert's equal()
 * alone, loading node:assert only to throw: loading it creates process.stderr (to choose colours).
 */
const LOCK_ASSERT = 'secretsmith:lock-assert'
const lockAssertSource = `
exports.equal = function equal(actual, expected, message) {
  if (actual != expected) {
    const {AssertionError} = require('node:assert')
    throw new AssertionError({actual, expected, operator: '==', message})
  }
}
`
const lockWithNodeFs = {
  name: 'secretsmith-lock-with-node-fs',
  setup(build) {
    const inLockfile = (args) => args.importer.split(sep).includes('proper-lockfile')
    build.onResolve({filter: /^graceful-fs$/}, (args) =>
      inLockfile(args) ? {path: 'node:fs', external: true} : undefined,
    )
    build.onResolve({filter: /^assert$/}, (args) =>
      inLockfile(args) ? {path: LOCK_ASSERT, namespace: 'secretsmith-lock'} : undefined,
    )
    build.onLoad({filter: /.*/, namespace: 'secretsmith-lock'}, () => ({contents: lockAssertSource, loader: 'js'}))
  },
}

/**
 * oclif's modules require() one another at their top, so loading any part of @oclif/core runs
 * nearly all of it (the plugin loader and its glob libraries, the help renderer and its
 * template engine, the spinners' table) before the first flag is parsed. In the bundle each of
 * those bindings becomes a module that loads on first use: a `const x_1 = require("./y")` (or
 * `exports.Y = __importStar(require("./y"))`) is a stand-in object whose first property access
 * runs ./y. What oclif does is unchanged; only what a run never touches is never run.
 * oclif's own modules stay in the bundle; the packages it depends on (ejs, tinyglobby, semver,
 * debug, …) are not parsed on every run but required from node_modules, resolved from
 * @oclif/core's own directory exactly as oclif resolves them, when first used (help, plugins).
 */
const OCLIF_RUNTIME = 'secretsmith:oclif-runtime'
const oclifRuntimeSource = `
let oclifRequire
exports.lazy = function lazy(load) {
  let loaded
  const get = () => (loaded ??= load())
  return new Proxy({}, {
    get: (_, key) => get()[key],
    has: (_, key) => key in get(),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Object.getOwnPropertyDescriptor(get(), key)
      return descriptor && {...descriptor, configurable: true}
    },
  })
}
exports.dependency = function dependency(id) {
  // require is the bundle's own (its banner's createRequire): @oclif/core as Node finds it from here.
  oclifRequire ??= require('node:module').createRequire(require.resolve('@oclif/core/package.json'))
  return oclifRequire(id)
}
`

/** A package oclif depends on (not a built-in, not oclif's own file, not typescript, which stays external). */
function isOclifDependency(id) {
  return !id.startsWith('.') && !id.startsWith('node:') && !id.startsWith('@oclif/core') && id !== 'typescript'
}

function lazyRequires(source) {
  let changed = false
  const load = (path) => {
    return isOclifDependency(JSON.parse(path)) ? `__secretsmithOclif.dependency(${path})` : `require(${path})`
  }

  const result = source.replace(
    /^(\s*)(const|var|let) (\w+) = ((?:__importDefault|__importStar)\()?require\(("[^"]+")\)(\))?;$|^(\s*)exports\.(\w+) = (__importStar\()require\(("[^"]+")\)\);$/gm,
    (whole, indent, kind, name, wrapper, path, close, exportIndent, exportName, exportWrapper, exportPath) => {
      if (exportName) {
        changed = true
        return `${exportIndent}exports.${exportName} = __secretsmithOclif.lazy(() => ${exportWrapper}${load(exportPath)}));`
      }

      if (path.endsWith('.json"') || Boolean(wrapper) !== Boolean(close)) return whole
      changed = true
      return `${indent}${kind} ${name} = __secretsmithOclif.lazy(() => ${wrapper ?? ''}${load(path)}${close ?? ''});`
    },
  )
  // A package required inside a function (semver for the engine check, get-package-type for
  // module loading) loads from node_modules the same way, when that function runs.
  const deferred = result.replace(/\brequire\((["'])([^."'][^"']*)\1\)/g, (whole, quote, id) => {
    if (!isOclifDependency(id)) return whole
    changed = true
    return `__secretsmithOclif.dependency(${JSON.stringify(id)})`
  })
  return changed ? `const __secretsmithOclif = require(${JSON.stringify(OCLIF_RUNTIME)});\n${deferred}` : source
}

const lazyOclif = {
  name: 'secretsmith-lazy-oclif',
  setup(build) {
    build.onResolve({filter: /^secretsmith:oclif-runtime$/}, () => ({
      path: 'oclif-runtime',
      namespace: 'secretsmith-oclif',
    }))
    build.onLoad({filter: /.*/, namespace: 'secretsmith-oclif'}, () => ({contents: oclifRuntimeSource, loader: 'js'}))
    build.onLoad({filter: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/].*\.js$/}, (args) => ({
      contents: lazyRequires(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }))
  },
}

const commandIndex = {
  name: 'secretsmith-command-index',
  setup(build) {
    build.onResolve({filter: /^secretsmith:cli$/}, () => ({path: 'cli', namespace: 'secretsmith'}))
    build.onLoad({filter: /.*/, namespace: 'secretsmith'}, () => ({
      contents: entrySource(),
      resolveDir: join(root, 'src'),
      loader: 'js',
    }))
  },
}

rmSync(outdir, {recursive: true, force: true})
// A help class (package.json's oclif.helpClass, ./dist/x.js) is an entry of its own, loaded by
// oclif only to show help, so --version never loads it; src/cli.ts points oclif at it.
const {oclif: oclifConfig} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const helpEntry =
  typeof oclifConfig.helpClass === 'string'
    ? [{in: join(root, 'src', oclifConfig.helpClass.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')), out: 'help'}]
    : []

const result = await esbuild.build({
  entryPoints: [
    {in: 'secretsmith:cli', out: 'cli'},
    {in: join(root, 'src', 'compile-cache.ts'), out: 'compile-cache'},
    ...helpEntry,
  ],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The keychain binding is a native addon and stays in node_modules, loaded only when used;
  // oclif reaches for typescript only when running from sources (bin/dev.js), never from here.
  external: ['@napi-rs/keyring', '@napi-rs/keyring/*', 'typescript'],
  // ES module builds where packages ship them: their dynamic import()s become chunks (the SDK's
  // credential providers load only for the credential source in use).
  mainFields: ['module', 'main'],
  chunkNames: 'chunks/[name]-[hash]',
  // oclif checks the Node version against its own package.json, which is not beside the bundle
  // (the check would fail to find it, after a failed module lookup, on every run); npm enforces
  // secretsmith's engines at install.
  define: {'process.env.OCLIF_DISABLE_ENGINE_WARNING': '"true"'},
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [commandIndex, commonJsDynamicImports, lockWithNodeFs, lazyOclif],
  metafile: true,
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
})

/**
 * esbuild splits code into chunks only for ES module output; each output file is then turned into
 * CommonJS on its own. Node loads CommonJS with require(): no ES module loader (asynchronous file
 * reads, URL resolution, package scope lookups and a facade of every built-in imported), and
 * Node's compile cache (compile-cache.ts) covers it. esbuild's chunks import one another without
 * cycles, so require() runs them in the same order as import did; a named import becomes a
 * property read of the chunk's exports (getters, so bindings stay live). A chunk imported with
 * import() is required instead, so the loader that runs is always the same one, and so is a
 * package left in node_modules; file URLs (oclif loading a plugin) keep import().
 */
async function toCommonJs(file) {
  const {code, warnings} = await esbuild.transform(file.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    define: {'import.meta.url': '__secretsmithImportMetaUrl'},
    logLevel: 'silent',
  })
  if (warnings.length > 0 || /\bimport\.meta\b/.test(code)) {
    throw new Error(`${relative(root, file.path)}: cannot be CommonJS: ${warnings.map((w) => w.text).join('; ')}`)
  }

  // A built-in imported with import() is required too: an ES module facade of a built-in reads
  // every export, and on Node 24 node:http's lazy WebSocket getters load undici (with http2,
  // assert and perf_hooks) for the AWS SDK's import("node:http"); on Node 20 the first import()
  // loads the ES module loader itself. The SDK reads `module.default ?? module`.
  const builtinsRequired = code.replaceAll(
    /\bimport\(("(?:\.\.?\/|node:)[^"]+")\)/g,
    'Promise.resolve().then(()=>require($1))',
  )
  // A CommonJS package left in node_modules (commonJsDynamicImports) is required as well, and
  // handed over as Node's import() hands over CommonJS: its exports' own keys as named exports
  // and module.exports as the default. Otherwise the first such import(), e.g. proper-lockfile
  // when a read records its access date, starts the ES module loader and its CommonJS lexer.
  const required = builtinsRequired.replaceAll(
    /\bimport\(("[^".][^"]*")\)/g,
    'Promise.resolve().then(()=>__secretsmithNamespace(require($1)))',
  )
  const banner = [
    // createRequire(import.meta.url), as a module resolving a package relative to itself writes it.
    required.includes('__secretsmithImportMetaUrl')
      ? 'var __secretsmithImportMetaUrl=require("node:url").pathToFileURL(__filename).href;'
      : '',
    required.includes('__secretsmithNamespace') ? 'var __secretsmithNamespace=(m)=>({...m,default:m});' : '',
  ]
  return `${banner.join('')}${required}`
}

for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), {recursive: true})
  writeFileSync(file.path, file.path.endsWith('.js') ? await toCommonJs(file) : file.contents)
}

// The package is "type": "module"; the bundle's files are CommonJS.
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({type: 'commonjs'}, null, 2)}\n`)

const packageOf = (input) => {
  const segments = input.split('/')
  const index = segments.lastIndexOf('node_modules')
  if (index === -1) return undefined
  const first = segments[index + 1]
  return first.startsWith('@') ? `${first}/${segments[index + 2]}` : first
}

const packages = {}
const sources = {}
for (const [output, details] of Object.entries(result.metafile.outputs)) {
  if (!output.endsWith('.js')) continue
  const file = relative(outdir, join(root, output)).split(sep).join('/')
  const names = new Set(Object.keys(details.inputs).map(packageOf).filter(Boolean))
  packages[file] = [...names].sort()
  sources[file] = Object.keys(details.inputs)
    .filter((input) => input.startsWith('src/'))
    .map((input) => input.slice('src/'.length))
    .sort()
}

writeFileSync(join(outdir, 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`)
// Which of secretsmith's own modules (src/-relative) each output file holds, for the same tests.
writeFileSync(join(outdir, 'sources.json'), `${JSON.stringify(sources, null, 2)}\n`)
