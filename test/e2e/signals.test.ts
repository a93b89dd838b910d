// Signals sent to the real binary: every signal that can end the process ends it with one
// line and exit 130 (no silent death, no core dump), --edit never leaves its plaintext temp
// directory behind (a SIGKILLed run's is removed by the next run), SIGUSR1 never opens the
// inspector, and a write in flight is finished and reported rather than cut in half.
import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {once} from 'node:events'
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {constants} from 'node:os'
import {dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

/** After the handlers are in, the time a loaded machine gets to reach the wait. */
const SETTLE_MS = 1500

interface Spawned {
  child: ChildProcess
  result: Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>
}

/** The binary with core dumps allowed (so a dump would happen if a signal's default action ran). */
function spawnCli(args: string[], env: Record<string, string | undefined>, cwd: string): Spawned {
  const quoted = [process.execPath, BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
  const child = spawn('sh', ['-c', `ulimit -c unlimited 2>/dev/null; exec ${quoted}`], {
    env: env as NodeJS.ProcessEnv,
    cwd,
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin!.on('error', () => {})
  const result = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }))
  return {child, result}
}

/**
 * Waits until secretsmith's handlers are in (its SigCgt mask in /proc shows `signal` and
 * SIGUSR2 caught: Node itself already catches SIGINT and SIGTERM at start-up, SIGUSR2 only
 * secretsmith does), then a little longer for it to reach its wait.
 */
async function catching(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const bit = (1n << BigInt(constants.signals[signal] - 1)) | (1n << BigInt(constants.signals.SIGUSR2 - 1))
  for (let wait = 0; wait < 400; wait++) {
    try {
      const mask = /SigCgt:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
      if (mask && (BigInt(`0x${mask}`) & bit) === bit) break
    } catch {
      // not started yet
    }

    await sleep(25)
  }

  await sleep(SETTLE_MS)
}

describe('signals sent to secretsmith', function () {
  this.timeout(120_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>

  beforeEach(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
  })
  afterEach(async () => home.remove())

  it('SIGUSR1 does not open the inspector in a process that may hold a value', async () => {
    const run = spawnCli(['create', 'app/x', '--store', 'local', '--from-stdin'], env, home.path)
    run.child.stdin!.write(CANARY.slice(0, 8))
    await catching(run.child, 'SIGUSR1')
    run.child.kill('SIGUSR1')
    await sleep(1000)
    assert.equal(run.child.exitCode, null, 'still running: SIGUSR1 neither ended it nor did anything else')
    run.child.kill('SIGTERM')
    const result = await run.result
    assert.doesNotMatch(result.stderr, /Debugger|inspector/i)
    assert.equal(result.code, 130, result.stderr)
  })

  it('SIGQUIT, SIGUSR2, SIGHUP and SIGALRM at a stdin wait: one line, exit 130, nothing written, no core file', async () => {
    const signals = ['SIGQUIT', 'SIGUSR2', 'SIGHUP', 'SIGALRM'] as const
    const runs = signals.map((signal) => {
      const cwd = join(home.path, signal)
      mkdirSync(cwd)
      const run = spawnCli(['create', `app/${signal}`, '--store', 'local', '--from-stdin'], env, cwd)
      run.child.stdin!.write(CANARY.slice(0, 8))
      return {signal, cwd, run}
    })
    for (const {signal, run} of runs) await catching(run.child, signal)
    for (const {signal, run} of runs) run.child.kill(signal)
    for (const {signal, cwd, run} of runs) {
      const result = await run.result
      assert.equal(result.code, 130, `${signal}: code ${result.code}, signal ${result.signal}, stderr ${result.stderr}`)
      assert.equal(result.stderr, 'Error: Interrupted; nothing was written.\n', signal)
      assert.deepEqual(readdirSync(cwd), [], `${signal}: no core file`)
    }

    const listed = await runCli(['list', '--store', 'local', '--json'], {env})
    assert.deepEqual(JSON.parse(listed.stdout).secrets, [])
  })

  it('SIGTERM while waiting for the store lock: one line saying nothing was written, exit 130', async () => {
    assert.equal((await runCli(['create', 'app/x', '--store', 'local', '--from-stdin'], {env, stdin: 'v1'})).code, 0)
    // A lock another writer holds right now (fresh, so not stale).
    mkdirSync(join(env.SECRETSMITH_HOME!, 'write.lock'))
    const run = spawnCli(['put', 'app/x', '--store', 'local', '--from-stdin'], env, home.path)
    run.child.stdin!.end(CANARY)
    await catching(run.child, 'SIGTERM')
    run.child.kill('SIGTERM')
    const result = await run.result
    assert.equal(result.code, 130, `code ${result.code}, signal ${result.signal}, stderr ${result.stderr}`)
    assert.match(result.stderr, /^Error: Interrupted by SIGTERM; nothing was written\.\n$/m)
    assert.equal(result.stderr.split('Error:').length, 2, 'one error line')
  })

  describe('--edit at a terminal', () => {
    let editor: string
    let log: string

    beforeEach(() => {
      editor = join(home.path, 'slow-editor')
      log = join(home.path, 'editor.log')
      // Writes a value into the temp file, records where it is, then edits for a long time.
      writeFileSync(editor, `#!/bin/sh\nprintf '%s' '${CANARY}' > "$1"\nprintf '%s' "$1" > "${log}"\nexec sleep 60\n`)
      chmodSync(editor, 0o755)
    })

    async function editingSession() {
      const session = spawnInPty(process.execPath, [BIN, 'create', 'app/edited', '--edit', '--store', 'local'], {
        env: {...env, EDITOR: editor} as NodeJS.ProcessEnv,
        cwd: REPO_ROOT,
      })
      for (let wait = 0; wait < 600 && !existsSync(log); wait++) await sleep(25)
      const file = readFileSync(log, 'utf8')
      assert.ok(existsSync(file), 'the temp file exists while editing')
      const cli = session
        .descendantPids()
        .find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bin/run.js'))
      assert.ok(cli, 'found the secretsmith process')
      return {session, file, cli}
    }

    for (const signal of ['SIGQUIT', 'SIGUSR2'] as const) {
      it(`${signal} removes the plaintext temp directory, stops the editor and exits 130`, async () => {
        const {session, file, cli} = await editingSession()
        process.kill(cli, signal)
        const {code} = await session.exit
        assert.equal(code, 130, session.text)
        assert.ok(!existsSync(dirname(file)), 'the temp directory is gone')
        assert.match(session.text, /Error: Editing was interrupted \(SIG[A-Z0-9]+\); nothing was written\./)
        assert.ok(!session.output.includes(CANARY))
      })
    }

    it('a temp directory left by a run killed with SIGKILL is removed by the next run', async () => {
      const {session, file, cli} = await editingSession()
      process.kill(cli, 'SIGKILL')
      session.kill('SIGKILL') // the editor too
      await session.exit
      assert.ok(existsSync(dirname(file)), 'SIGKILL cannot be caught: the directory is still there')
      assert.equal((await runCli(['list', '--store', 'local'], {env})).code, 0)
      assert.ok(!existsSync(dirname(file)), 'the next run removed it')
    })
  })
})

describe('a signal during an AWS write', function () {
  this.timeout(120_000)
  let store: CliStore

  before(async () => {
    store = await startCliStore('aws')
  })
  after(async () => store.stop())

  it('SIGTERM while PutSecretValue is in flight: the write completes and is reported, then one line and exit 130', async () => {
    const env = {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1'}
    assert.equal((await runCli(['create', 'app/db', ...store.args, '--from-stdin'], {env, stdin: 'v1'})).code, 0)
    const held = store.server!.hold({operation: 'PutSecretValue', times: 1})
    const run = spawnCli(['put', 'app/db', ...store.args, '--from-stdin'], env, store.home)
    run.child.stdin!.end(CANARY)
    await held.arrived
    run.child.kill('SIGTERM')
    await sleep(500)
    held.release()
    const result = await run.result
    assert.equal(result.code, 130, `code ${result.code}, signal ${result.signal}, stderr ${result.stderr}`)
    const lines = result.stderr.trim().split('\n')
    assert.ok(
      lines.some((line) => /^Updated app\/db version /.test(line)),
      result.stderr,
    )
    assert.equal(
      lines.at(-1),
      'Error: Interrupted by SIGTERM after the write reported above was completed; nothing else was written.',
    )
    assert.equal((await runCli(['get', 'app/db', ...store.args], {env})).stdout, CANARY)
  })
})
