// Help shown without oclif's Config (src/fast-help.ts) is the help oclif shows: the real binary
// run as a user runs it, and again with oclif debugging named (DEBUG set to a namespace nothing
// logs to), which sends every run through oclif's execute() as before; stdout, stderr and the
// exit code are the same byte for byte, at several widths, with colour forced, at a terminal,
// and for words that name no command. A module trace shows the first run took the fast path.
import assert from 'node:assert/strict'
import {join, relative} from 'node:path'

import {runCliTracingModules} from '../support/module-trace.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

/** Sends a run through oclif's execute(): the fast paths leave any run with DEBUG set to oclif. */
const THROUGH_OCLIF = {DEBUG: 'secretsmith-test-no-such-namespace'}

const LINES: string[][] = [
  [],
  ['--help'],
  ['-h'],
  ['--help', '--all'],
  ['help'],
  ['help', 'get'],
  ['help', 'cache', 'clear'],
  ['help', '--help'],
  ['cache'],
  ['schema'],
  ['get', '--help'],
  ['put', '-h', '--all'],
  ['cache', 'clear', '--help'],
  ['schema:show', '--help'],
  ['completion', '--help'],
]

/** Words that name no command, and a value typed before --help: answered without being repeated. */
const VALUE_LINES: string[][] = [
  ['help', CANARY],
  [CANARY, '--help'],
  ['get', CANARY, '--help'],
  ['cache', CANARY, '--help'],
]

describe('help without oclif’s Config is the help oclif shows', function () {
  this.timeout(180_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>

  before(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
  })
  after(async () => home.remove())

  /** Both runs of a command line, one after the other (the machine running the tests may be small). */
  async function bothWays(args: string[], extra: Record<string, string> = {}): Promise<[CliResult, CliResult]> {
    const fast = await runCli(args, {env: {...env, ...extra}, timeoutMs: 30_000})
    const oclif = await runCli(args, {env: {...env, ...extra, ...THROUGH_OCLIF}, timeoutMs: 30_000})
    return [fast, oclif]
  }

  function assertSame([fast, oclif]: [CliResult, CliResult], label: string): void {
    assert.equal(fast.stdout, oclif.stdout, `${label}: stdout`)
    assert.equal(fast.stderr, oclif.stderr, `${label}: stderr`)
    assert.equal(fast.code, oclif.code, `${label}: exit code`)
  }

  for (const args of LINES)
    it(`secretsmith ${args.join(' ') || '(no arguments)'} prints the same help, exit 0`, async () => {
      const results = await bothWays(args)
      assertSame(results, args.join(' '))
      assert.equal(results[0].code, 0, results[0].stderr)
      assert.ok(results[0].stdout.length > 0)
    })

  for (const [columns, args] of [
    ['60', ['--help']],
    ['132', ['get', '--help']],
    ['48', ['help', 'cache', 'clear']],
  ] as const)
    it(`OCLIF_COLUMNS=${columns} secretsmith ${args.join(' ')} is wrapped the same way`, async () => {
      assertSame(await bothWays([...args], {OCLIF_COLUMNS: columns}), `${columns} columns`)
    })

  for (const args of [['--help'], ['put', '--help'], ['cache']])
    it(`with colour forced (FORCE_COLOR=1) secretsmith ${args.join(' ')} prints the same escapes`, async () => {
      const results = await bothWays(args, {FORCE_COLOR: '1'})
      assertSame(results, 'FORCE_COLOR=1')
      assert.ok(results[0].stdout.includes('\u001B['), 'no colour at all: the case tests nothing')
    })

  for (const args of [['--help'], ['get', '-h'], ['cache']])
    it(`at a terminal (bold headers, its width) secretsmith ${args.join(' ')} shows the same`, async () => {
      const atTerminal = async (extra: Record<string, string> = {}) => {
        const session = spawnInPty(process.execPath, [BIN, ...args], {env: {...env, ...extra}, columns: 92})
        assert.equal((await session.exit).code, 0, session.text)
        return session.output
      }

      const fast = await atTerminal()
      assert.equal(fast, await atTerminal(THROUGH_OCLIF))
      assert.ok(fast.includes('\u001B[1m'), 'no bold header: the terminal case tests nothing')
    })

  for (const args of VALUE_LINES)
    it(`secretsmith ${args.join(' ').replace(CANARY, 'VALUE')} answers the same and never repeats VALUE`, async () => {
      const results = await bothWays(args)
      assertSame(results, args.join(' '))
      assert.ok(!results[0].stdout.includes(CANARY) && !results[0].stderr.includes(CANARY), 'VALUE repeated')
    })

  it('takes the fast path: oclif’s module loader (get-package-type) is never loaded, and the help class is required', async () => {
    const fast = await runCliTracingModules(['--help'], {env, timeoutMs: 30_000})
    const oclif = await runCliTracingModules(['--help'], {env: {...env, ...THROUGH_OCLIF}, timeoutMs: 30_000})
    assert.equal(fast.result.code, 0, fast.result.stderr)
    assert.equal(fast.result.stdout, oclif.result.stdout)
    assert.ok(oclif.packages.has('get-package-type'), 'the oclif run loaded no get-package-type: the probe is stale')
    assert.ok(!fast.packages.has('get-package-type'), 'the help run went through oclif’s Config')
    // The help class is required like every other bundle file: Node's ES module loader never starts.
    const inBundle = (path: string) => !relative(join(REPO_ROOT, 'dist', 'bundle'), path).startsWith('..')
    assert.ok([...fast.modulesLoadedBy.require].some((path) => path.endsWith(join('bundle', 'help.js'))))
    assert.deepEqual([...fast.modulesLoadedBy.import].filter(inBundle), [], 'bundle files loaded as ES modules')
  })
})
