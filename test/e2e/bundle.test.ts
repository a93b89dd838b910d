// The published build is what runs: bin/run.js loads the prebuilt bundle (dist/bundle), whose
// command index is generated from src/commands, so every command file must be in it under the
// id oclif gives it; commands run without any command file being looked up on disk; --version
// answers in oclif's words without loading oclif; packages left in node_modules are required, so
// Node's ES module loader never starts; and Node's compile cache is used where the running Node
// has it, from a directory only this user can write to.
import assert from 'node:assert/strict'
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import {pathToFileURL} from 'node:url'

import {Config} from '@oclif/core'

import {runCliTracingModules} from '../support/module-trace.js'
import {runCliTracingStart} from '../support/run-trace.js'
import {CANARY, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

const BUNDLE_ENTRY = join(REPO_ROOT, 'dist', 'bundle', 'cli.js')

interface BundledCommand {
  load(): Promise<{run: unknown; summary?: string}>
}

/** Command ids as oclif derives them from files: path segments joined by ":", "index" dropped. */
function commandIdsInSources(): string[] {
  const root = join(REPO_ROOT, 'src', 'commands')
  const ids: string[] = []
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, {withFileTypes: true})) {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.startsWith('_')) {
        const segments = relative(root, path).replace(/\.ts$/, '').split(sep)
        if (segments.at(-1) === 'index') segments.pop()
        ids.push(segments.join(':'))
      }
    }
  }

  walk(root)
  return ids.sort()
}

function nodeHasCompileCache(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number)
  return major > 22 || (major === 22 && minor >= 1)
}

describe('the bundled build (what bin/run.js runs)', function () {
  this.timeout(60_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>

  before(async () => {
    home = await makeTempDir('secretsmith-bundle-')
    env = isolatedEnv(home.path)
  })
  after(async () => home.remove())

  it('holds every command file of src/commands under its oclif id, each loading a command class', async function () {
    const {COMMANDS} = (await import(pathToFileURL(BUNDLE_ENTRY).href)) as {COMMANDS: Record<string, BundledCommand>}
    assert.deepEqual(
      Object.keys(COMMANDS).sort(),
      commandIdsInSources(),
      'a command file is missing from the bundle (run npm run build)',
    )
    for (const [id, command] of Object.entries(COMMANDS)) {
      const loaded = await command.load()
      assert.equal(typeof loaded.run, 'function', `${id}: not a command class`)
    }
  })

  it('lists in its manifest exactly the commands the bundle holds', async function () {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>
    }
    assert.deepEqual(
      Object.keys(manifest.commands).sort(),
      commandIdsInSources(),
      'oclif.manifest.json is stale (run npm run build)',
    )
  })

  it('runs a command from the bundle alone: no command file and no compiled source module is loaded', async function () {
    const created = await runCli(['create', 'bundle/secret', '--store', 'local', '--from-stdin'], {
      env,
      stdin: CANARY,
      timeoutMs: 30_000,
    })
    assert.equal(created.code, 0, created.stderr)
    const run = await runCliTracingModules(['get', 'bundle/secret', '--store', 'local'], {env, timeoutMs: 30_000})
    assert.equal(run.result.code, 0, run.result.stderr)
    assert.equal(run.result.stdout, CANARY)
    const outsideBundle = run.modules
      .filter((path) => !run.bundled.has(path))
      .filter((path) => {
        const inRepo = relative(REPO_ROOT, path)
        return (
          !inRepo.startsWith('..') &&
          !inRepo.startsWith(`node_modules${sep}`) &&
          !inRepo.startsWith(join('dist', 'bundle')) &&
          inRepo !== join('bin', 'run.js')
        )
      })
    assert.deepEqual(outsideBundle, [], 'modules loaded from outside the bundle')
  })

  it('loads its own files with require(), never through Node’s ES module loader', async function () {
    const run = await runCliTracingModules(['list', '--store', 'local'], {env, timeoutMs: 30_000})
    assert.equal(run.result.code, 0, run.result.stderr)
    const inBundle = (path: string) => !relative(join(REPO_ROOT, 'dist', 'bundle'), path).startsWith('..')
    const required = [...run.modulesLoadedBy.require].filter(inBundle)
    assert.ok(required.length > 2, `the bundle's entry and chunks were not seen being required: ${required.join(', ')}`)
    assert.deepEqual([...run.modulesLoadedBy.import].filter(inBundle), [], 'bundle files loaded as ES modules')
  })

  it('takes the local store’s lock, for a write and for a read recording its date, from the bundle alone: no ES module loader, no graceful-fs', async function () {
    const create = await runCli(['create', 'bundle/locked', '--store', 'local', '--from-stdin'], {env, stdin: 'first'})
    assert.equal(create.code, 0, create.stderr)
    // put takes the lock; the get after it records the new version's access date under it.
    const runs = [
      {args: ['put', 'bundle/locked', '--store', 'local', '--from-stdin'], stdin: 'second'},
      {args: ['get', 'bundle/locked', '--store', 'local'], stdin: ''},
    ]
    for (const {args, stdin} of runs) {
      const run = await runCliTracingModules(args, {env, stdin, timeoutMs: 30_000})
      assert.equal(run.result.code, 0, run.result.stderr)
      assert.ok(run.packages.has('proper-lockfile'), `${args[0]} did not take the lock`)
      // The trace's own --import makes Node start the entry point through the ES module loader.
      const imported = [...run.modulesLoadedBy.import].filter((path) => path !== join(REPO_ROOT, 'bin', 'run.js'))
      assert.deepEqual(imported, [], `${args[0]}: modules loaded as ES modules`)
      assert.ok(!run.packages.has('graceful-fs'), `${args[0]} loaded graceful-fs`)
      const fromNodeModules = run.modules.filter((path) => relative(REPO_ROOT, path).startsWith(`node_modules${sep}`))
      assert.deepEqual(fromNodeModules, [], `${args[0]}: files loaded from node_modules, not the bundle`)
    }
  })

  it('reads the local store without starting the thread pool or creating stderr: a get makes no asynchronous file-system call', async function () {
    const created = await runCli(['create', 'bundle/sync-read', '--store', 'local', '--from-stdin'], {
      env,
      stdin: CANARY,
    })
    assert.equal(created.code, 0, created.stderr)
    // The first read records the day's access (a durable write under the lock); the second only reads.
    for (const expected of ['written', 'read only']) {
      const {result, threadPool, streams} = await runCliTracingStart(['get', 'bundle/sync-read', '--store', 'local'], {
        env,
      })
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout, CANARY)
      assert.deepEqual(streams, ['stdout'], 'process.stderr was created by a run that writes nothing to it')
      if (expected === 'written') assert.ok(threadPool.FSREQPROMISE > 0, 'the tracer saw no file-system request')
      else assert.deepEqual(threadPool, {}, 'requests through the thread pool')
    }
  })

  it('answers --version in the words oclif itself uses', async function () {
    const config = await Config.load(REPO_ROOT)
    const result = await runCli(['--version'], {env})
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, `${config.userAgent}\n`)
    assert.equal(result.stderr, '')
  })

  it('keeps Node’s compile cache in the user’s cache directory where Node has it, and nowhere on Node 20', async function () {
    const cacheDir = join(home.path, 'xdg-cache', 'secretsmith', 'node-compile-cache')
    const result = await runCli(['--help'], {env})
    assert.equal(result.code, 0, result.stderr)
    if (nodeHasCompileCache()) {
      assert.ok(existsSync(cacheDir) && readdirSync(cacheDir).length > 0, `no compile cache in ${cacheDir}`)
    } else {
      assert.equal(
        existsSync(cacheDir),
        false,
        `Node ${process.version} has no compile cache, yet ${cacheDir} was created`,
      )
    }
  })

  it('does not use a compile cache directory that others can write to', async function () {
    if (!nodeHasCompileCache()) this.skip() // Node 20 has no compile cache to refuse.
    const shared = await makeTempDir('secretsmith-shared-cache-')
    try {
      const cacheDir = join(shared.path, 'secretsmith', 'node-compile-cache')
      mkdirSync(cacheDir, {recursive: true})
      chmodSync(cacheDir, 0o777)
      const result = await runCli(['--help'], {env: {...env, XDG_CACHE_HOME: shared.path}})
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual(readdirSync(cacheDir), [], 'a world-writable compile cache directory was used')
    } finally {
      await shared.remove()
    }
  })
})
