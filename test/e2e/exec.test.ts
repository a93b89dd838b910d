// `exec` through the real binary: a child that prints the secret in every encoded form and
// in pieces (masked), exit codes and signals passed through, --files leaving nothing behind
// however the child ends, and secrets whose keys try to set PATH.
import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {dirname} from 'node:path'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, runCli} from '../support/run-cli.js'

const PASSWORD = `${CANARY}/p@ss wörd"+\\`

/** A child written in JavaScript, run by the same node, so the test needs no shell tools. */
const node = (script: string) => [process.execPath, '-e', script]

describe('exec: secrets handed to a program (local store)', function () {
  this.timeout(120_000)
  let store: CliStore
  // The store flags go before the specs: everything after -- belongs to the program.
  const cli = (args: string[], stdin?: string): Promise<CliResult> =>
    runCli([args[0], ...store.args, ...args.slice(1)], {env: store.env, stdin, timeoutMs: 30_000})

  before(async () => {
    store = await startCliStore('local')
    assert.equal(
      (
        await cli(
          ['create', 'app/db', '--from-stdin'],
          JSON.stringify({username: 'app_user', password: PASSWORD, port: 5432}),
        )
      ).code,
      0,
    )
    assert.equal((await cli(['create', 'ci/deploy-token', '--from-stdin'], `${CANARY}-token`)).code, 0)
    assert.equal(
      (await cli(['create', 'evil/keys', '--from-stdin'], JSON.stringify({PATH: '/tmp/evil', token: 'x'}))).code,
      0,
    )
  })
  after(async () => store.stop())

  /** Spawns `secretsmith exec ...` without waiting, to signal it mid-run. */
  function startExec(args: string[]): {
    child: ChildProcess
    stdout: () => string
    stderr: () => string
    exited: Promise<{code: number | null; signal: string | null}>
  } {
    const child = spawn(process.execPath, [BIN, 'exec', ...store.args, ...args], {
      cwd: REPO_ROOT,
      env: store.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<{code: number | null; signal: string | null}>((resolve) =>
      child.on('close', (code, signal) => resolve({code, signal})),
    )
    return {child, stdout: () => stdout, stderr: () => stderr, exited}
  }

  async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
    for (let i = 0; i < 300; i++) {
      const match = read().match(pattern)
      if (match) return match
      await new Promise((resolve) => setTimeout(resolve, 50))
    }

    throw new Error(`timed out waiting for ${pattern}; saw: ${read()}`)
  }

  it('masks every form of the value in stdout and stderr, even split across writes, and passes the exit code on', async () => {
    const script = `
      const p = process.env.PASSWORD
      const forms = [p, Buffer.from(p).toString('base64'), encodeURIComponent(p), JSON.stringify({p}), Buffer.from('u:' + p).toString('base64')]
      const write = (stream, text) => new Promise((resolve) => stream.write(text, resolve))
      ;(async () => {
        for (const form of forms) {
          const cut = Math.floor(form.length / 2)
          await write(process.stdout, 'out[' + form.slice(0, cut))
          await new Promise((resolve) => setTimeout(resolve, 20))
          await write(process.stdout, form.slice(cut) + ']\\n')
          await write(process.stderr, 'err[' + form + ']\\n')
        }
        await write(process.stdout, 'user=' + process.env.USERNAME + ' port=' + process.env.PORT + '\\n')
        process.exit(3)
      })()`
    const result = await cli(['exec', 'app/db', '--', ...node(script)])
    assert.equal(result.code, 3, result.stderr)
    for (const stream of [result.stdout, result.stderr]) {
      assert.ok(!stream.includes(CANARY), stream)
      assert.ok(!stream.includes(Buffer.from(PASSWORD).toString('base64').slice(4, 20)), stream)
    }

    assert.equal(result.stdout.match(/out\[\*\*\*\*\*\]/g)?.length, 3, result.stdout)
    assert.match(result.stdout, /out\[\{"p":"\*\*\*\*\*"\}\]/)
    assert.match(result.stdout, /user=\*\*\*\*\* port=5432/, 'fields are variables; the username is masked too')
    assert.equal(result.stderr.match(/err\[/g)?.length, 5)
  })

  it('--no-masking passes the output through untouched; NAME=VAR sets one variable', async () => {
    const result = await cli([
      'exec',
      '--no-masking',
      'ci/deploy-token=TOKEN',
      '--',
      ...node('process.stdout.write(process.env.TOKEN)'),
    ])
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, `${CANARY}-token`)
  })

  it('a secret without keys is named after its last path segment, with --prefix', async () => {
    const result = await cli([
      'exec',
      '--prefix',
      'CI_',
      'ci/deploy-token',
      'app/db:port',
      '--',
      ...node('console.log(Object.keys(process.env).filter((k) => /^CI_|^PORT$/.test(k)).sort().join(","))'),
    ])
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trim(), 'CI_DEPLOY_TOKEN,CI_PORT')
  })

  it('refuses a secret whose keys would set PATH, unless named explicitly; nothing runs', async () => {
    const refused = await cli(['exec', 'evil/keys', '--', ...node('console.log("ran")')])
    assert.equal(refused.code, 2)
    assert.match(refused.stderr, /would set PATH/)
    assert.equal(refused.stdout, '')
    const prefixed = await cli([
      'exec',
      '--prefix',
      'X_',
      'evil/keys',
      '--',
      ...node('console.log(process.env.X_PATH === "/tmp/evil")'),
    ])
    assert.equal(prefixed.stdout.trim(), 'true')
  })

  it('two secrets setting one variable are refused instead of one silently winning', async () => {
    const result = await cli([
      'exec',
      'ci/deploy-token=TOKEN',
      'app/db:password=TOKEN',
      '--',
      ...node('console.log("ran")'),
    ])
    assert.equal(result.code, 2)
    assert.match(result.stderr, /would set TOKEN/)
    assert.ok(!result.stderr.includes(CANARY))
  })

  it('needs -- and a program; a missing program is a one-line error', async () => {
    assert.equal((await cli(['exec', 'app/db'])).code, 2)
    const missing = await cli(['exec', 'app/db', '--', 'no-such-program-here'])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /^Error: Could not run no-such-program-here: not found/)
  })

  it('passes SIGTERM on to the program and exits with its code', async () => {
    const run = startExec([
      'app/db',
      '--',
      ...node(
        'process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(7) }); console.log("ready"); setInterval(() => {}, 1000)',
      ),
    ])
    await waitFor(run.stdout, /ready/)
    run.child.kill('SIGTERM')
    const {code} = await run.exited
    assert.equal(code, 7)
    assert.match(run.stdout(), /got SIGTERM/)
  })

  describe('--files', () => {
    const printPath =
      'console.log("file=" + process.env.PASSWORD); console.log("sha256=" + require("crypto").createHash("sha256").update(require("fs").readFileSync(process.env.PASSWORD)).digest("hex"))'

    it('hands over a path to a 0600 file on a tmpfs, and removes the directory after a normal exit', async () => {
      const run = startExec([
        '--files',
        'app/db:password=PASSWORD',
        '--',
        ...node(
          `${printPath}; const fs = require("fs"); console.log("mode=" + (fs.statSync(process.env.PASSWORD).mode & 0o777).toString(8) + " dir=" + (fs.statSync(require("path").dirname(process.env.PASSWORD)).mode & 0o777).toString(8))`,
        ),
      ])
      run.child.stdin?.end()
      const {code} = await run.exited
      assert.equal(code, 0, run.stderr())
      const [, file] = run.stdout().match(/file=(\S+)/)!
      assert.match(file, /^(\/dev\/shm|\/run)/)
      assert.match(run.stdout(), /mode=600 dir=700/)
      assert.match(
        run.stdout(),
        new RegExp(`sha256=${createHash('sha256').update(PASSWORD).digest('hex')}`),
        'the file holds the value',
      )
      assert.ok(!existsSync(dirname(file)), 'the directory is gone')
      assert.ok(!run.stdout().includes(CANARY) && !run.stderr().includes(CANARY))
    })

    it('removes the directory when the program is killed', async () => {
      const run = startExec([
        '--files',
        'app/db:password=PASSWORD',
        '--',
        ...node('console.log("file=" + process.env.PASSWORD); process.kill(process.pid, "SIGKILL")'),
      ])
      const {code} = await run.exited
      assert.equal(code, 128 + 9)
      const [, file] = run.stdout().match(/file=(\S+)/)!
      assert.ok(!existsSync(dirname(file)))
    })

    it('removes the directory when secretsmith is interrupted (the program gets the signal too)', async () => {
      const run = startExec([
        '--files',
        'app/db:password=PASSWORD',
        '--',
        ...node(
          'process.on("SIGINT", () => process.exit(130)); console.log("file=" + process.env.PASSWORD); setInterval(() => {}, 1000)',
        ),
      ])
      const [, file] = await waitFor(run.stdout, /file=(\S+)/)
      assert.ok(existsSync(file))
      run.child.kill('SIGINT')
      const {code} = await run.exited
      assert.equal(code, 130)
      assert.ok(!existsSync(dirname(file)))
    })
  })
})
