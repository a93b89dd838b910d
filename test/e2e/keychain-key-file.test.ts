// End-to-end: a local store whose key is in a key file (no OS keychain answered when it was
// created) is opened without probing for a keychain: later commands do not even load the
// keychain binding (issue 7). SECRETSMITH_KEYCHAIN=on asks to move the key into the keychain:
// where none answers, the key file stays and a warning says why; under a real Secret Service
// (CI runs one: .ci/run) the key moves and the file goes.
import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {readFileSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {KeychainUnavailableError, osKeychain} from '../../src/keychain.js'
import {type TracedRun, runCliTracingModules} from '../support/module-trace.js'
import {CANARY, type CliResult, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

const NAME = 'keyfile/secret'

function keyringLoaded(run: TracedRun): string[] {
  return [...run.packages].filter((name) => name === '@napi-rs/keyring' || name.startsWith('@napi-rs/keyring-'))
}

function assertNoCanaryOnStderr(result: CliResult): void {
  assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
}

describe('a local store whose key is in a key file', function () {
  this.timeout(120_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>
  let storeDir: string

  const manifest = () => JSON.parse(readFileSync(join(storeDir, 'store.json'), 'utf8')) as {keySource: string}
  const keyFile = () => join(storeDir, 'store.key')

  before(async function () {
    home = await makeTempDir('secretsmith-keyfile-')
    // The keychain is not switched off, and there is none: no D-Bus session, so no Secret Service.
    env = isolatedEnv(home.path, {SECRETSMITH_KEYCHAIN: undefined, DBUS_SESSION_BUS_ADDRESS: undefined})
    storeDir = env.SECRETSMITH_HOME!
    const created = await runCli(['create', NAME, '--from-stdin', '--store', 'local'], {env, stdin: CANARY})
    assert.equal(created.code, 0, created.stderr)
    assert.match(
      created.stderr,
      /^Warning: No OS keychain answered .*store\.key/m,
      'the store was created probing, once',
    )
    assertNoCanaryOnStderr(created)
    assert.equal(manifest().keySource, 'file')
  })
  after(async () => home.remove())

  for (const [args, stdin] of [
    [['get', NAME, '--store', 'local'], undefined],
    [['put', NAME, '--from-stdin', '--store', 'local'], `${CANARY}-2`],
    [['list', '--store', 'local'], undefined],
  ] as const) {
    it(`${args.join(' ')} does not probe for a keychain: the keychain binding is never loaded`, async function () {
      const run = await runCliTracingModules([...args], {env, stdin, timeoutMs: 60_000})
      assert.equal(run.result.code, 0, run.result.stderr)
      assert.doesNotMatch(run.result.stderr, /keychain|store\.key/i, 'no word about the keychain or the key file')
      assertNoCanaryOnStderr(run.result)
      assert.deepEqual(keyringLoaded(run), [])
      assert.ok(run.modules.length > 0, 'the tracer saw the run')
    })
  }

  it('SECRETSMITH_KEYCHAIN=on with no keychain to move the key into: the key file stays, one warning says why, the command still works', async function () {
    const before = readFileSync(keyFile())
    const result = await runCli(['get', NAME, '--store', 'local'], {env: {...env, SECRETSMITH_KEYCHAIN: 'on'}})
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`^${CANARY}`))
    assert.deepEqual(result.stderr.trim().split('\n').length, 1, result.stderr)
    assert.match(
      result.stderr,
      /^Warning: The local store key stays in the file .*store\.key: SECRETSMITH_KEYCHAIN=on asks to move it into the OS keychain, which did not take it \(.+\)\.\n$/,
    )
    assertNoCanaryOnStderr(result)
    assert.deepEqual(readFileSync(keyFile()), before, 'the key file is untouched')
    assert.equal(manifest().keySource, 'file')
  })

  describe('under a real Secret Service', function () {
    let unavailable: string | undefined

    before(async function () {
      if (process.platform !== 'linux' || !process.env.DBUS_SESSION_BUS_ADDRESS) {
        unavailable = 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)'
        return
      }

      const probe = osKeychain({service: 'secretsmith-test', timeoutMs: 10_000})
      const account = `probe-${randomBytes(6).toString('hex')}`
      try {
        await probe.set(account, 'probe')
        if ((await probe.get(account)) !== 'probe') unavailable = 'the Secret Service did not return what was stored'
        await probe.delete(account)
      } catch (error) {
        unavailable = error instanceof KeychainUnavailableError ? error.reason : String(error)
      }
    })

    it('SECRETSMITH_KEYCHAIN=on moves the key into the keychain, says so, removes the key file; later commands read it from there', async function () {
      if (unavailable !== undefined) {
        this.test!.title += ` (pending: ${unavailable})`
        this.skip()
      }

      const withBus = {...env, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS}
      const fileKey = readFileSync(keyFile(), 'utf8').trim()
      try {
        const moved = await runCli(['get', NAME, '--store', 'local'], {env: {...withBus, SECRETSMITH_KEYCHAIN: 'on'}})
        assert.equal(moved.code, 0, moved.stderr)
        assert.match(moved.stdout, new RegExp(`^${CANARY}`))
        assert.match(moved.stderr, /^Moved the local store key from .*store\.key into the OS keychain/)
        assertNoCanaryOnStderr(moved)
        assert.ok(!moved.stderr.includes(fileKey), 'the key is never printed')
        assert.throws(() => statSync(keyFile()), {code: 'ENOENT'})
        assert.equal(manifest().keySource, 'keychain')
        assert.equal(await osKeychain().get(resolve(storeDir)), fileKey)

        const later = await runCli(['get', NAME, '--store', 'local'], {env: withBus})
        assert.equal(later.code, 0, later.stderr)
        assert.equal(later.stderr, '')
        assert.match(later.stdout, new RegExp(`^${CANARY}`))
      } finally {
        await osKeychain()
          .delete(resolve(storeDir))
          .catch(() => false)
      }
    })
  })
})
