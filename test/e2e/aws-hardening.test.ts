// What the binary says when the AWS side misbehaves or is misconfigured: a server that picks
// its own error type (and echoes the value into it), a server that never answers, a profile
// that does not exist, a quota hit on a read.
import assert from 'node:assert/strict'
import {createServer, type Server, type Socket} from 'node:net'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

describe('the aws store when the service misbehaves, through the CLI', function () {
  this.timeout(120_000)
  let store: CliStore
  const cli = (args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli([...args, ...store.args], {
      env: {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1', ...env},
      stdin,
      timeoutMs: 60_000,
    })

  before(async () => {
    store = await startCliStore('aws')
    assert.equal((await cli(['create', 'app/db', '--from-stdin'], 'v0')).code, 0)
  })
  afterEach(() => store.server!.clearFaults())
  after(async () => store.stop())

  function assertNoCanary(result: CliResult): void {
    assert.ok(!result.stderr.includes(CANARY), `value on stderr: ${result.stderr}`)
    assert.ok(!result.stdout.includes(CANARY), `value on stdout: ${result.stdout}`)
  }

  const echoes: Array<[number, string[]]> = [
    [400, ['--debug']],
    [400, ['--json']],
    [500, ['--debug']],
  ]
  for (const [status, mode] of echoes) {
    it(`an error type chosen by the server (HTTP ${status}, echoing the value) is never printed (${mode.join(' ')})`, async () => {
      store.server!.fail({operation: 'GetSecretValue', status, errorType: CANARY, message: CANARY})
      const result = await cli(['get', 'app/db', ...mode])
      assertNoCanary(result)
      assert.equal(result.code, status === 500 ? 6 : 1, result.stderr)
      assert.match(
        mode.includes('--json') ? JSON.parse(result.stdout).error.message : result.stderr,
        /an unrecognised error/,
      )
    })
  }

  it('a documented error type is still named', async () => {
    store.server!.fail({operation: 'GetSecretValue', status: 400, errorType: 'DecryptionFailure', message: CANARY})
    const result = await cli(['get', 'app/db'])
    assert.equal(result.code, 7)
    assert.match(result.stderr, /\(DecryptionFailure, HTTP 400/)
    assertNoCanary(result)
  })

  it('a LimitExceededException on a read names the request-rate quota and does not speak of writing', async () => {
    store.server!.fail({operation: 'GetSecretValue', status: 400, errorType: 'LimitExceededException', message: CANARY})
    const result = await cli(['get', 'app/db'])
    assert.equal(result.code, 5, result.stderr)
    assert.match(result.stderr, /^Error: GetSecretValue on app\/db would exceed the request-rate quota/)
    assert.doesNotMatch(result.stderr, /written/)
    assertNoCanary(result)
  })

  it('a profile that does not exist is reported as not found, as the AWS CLI does (exit 7)', async () => {
    const env = {...store.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined}
    const result = await runCli(['get', 'app/db', ...store.args, '--profile', 'no-such-profile'], {
      env,
      timeoutMs: 60_000,
    })
    assert.equal(result.code, 7, result.stderr)
    assert.match(
      result.stderr,
      /^Error: The AWS profile no-such-profile could not be found in the shared config or credentials file/,
    )
  })

  it('--debug states the default connect and per-attempt timeouts, which give up within 30 s over 3 attempts', async () => {
    const result = await runCli(['describe', 'app/db', ...store.args, '--debug'], {env: store.env})
    assert.equal(result.code, 0, result.stderr)
    const [, connect, attempt] = /timeouts: connect (\d+) ms, attempt (\d+) ms/.exec(result.stderr) ?? []
    assert.ok(attempt, `timeouts in --debug: ${result.stderr}`)
    assert.ok(Number(connect) <= Number(attempt))
    assert.ok(3 * Number(attempt) <= 27_000, 'three attempts fit in 30 s with room for backoff')
  })

  describe('a server that accepts the connection and never answers', () => {
    let silent: Server
    const sockets = new Set<Socket>()
    let url = ''

    before(async () => {
      silent = createServer((socket) => {
        sockets.add(socket)
        socket.on('error', () => {})
        socket.on('close', () => sockets.delete(socket))
      })
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
      const address = silent.address()
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    })

    after(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    })

    it('is given up on after the per-attempt timeout (SECRETSMITH_AWS_TIMEOUT_MS wins), saying the service timed out (exit 6)', async () => {
      const started = Date.now()
      const result = await runCli(['get', 'app/db', '--store', 'aws', '--endpoint-url', url], {
        env: {...store.env, SECRETSMITH_AWS_TIMEOUT_MS: '700', SECRETSMITH_AWS_RETRY_BASE_MS: '1'},
        timeoutMs: 60_000,
      })
      const elapsed = Date.now() - started
      assert.equal(result.code, 6, result.stderr)
      assert.match(
        result.stderr,
        /^Error: Secrets Manager at http:\/\/127\.0\.0\.1:\d+ timed out: no answer to GetSecretValue on app\/db .*within 700 ms per attempt; gave up \(TimeoutError, after 3 attempts\)/,
      )
      assert.ok(elapsed < 20_000, `gave up after ${elapsed} ms`)
    })
  })
})
