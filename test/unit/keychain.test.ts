// The OS keychain adapter: the SECRETSMITH_KEYCHAIN switch, time-bounded calls that turn a
// stalled or broken keychain into KeychainUnavailableError, and — where a Secret Service is
// reachable (CI runs under dbus-run-session with gnome-keyring unlocked) — the real round
// trip, including a local store whose key lives there.
import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {mkdtemp, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {
  type KeytarApi,
  KEYCHAIN_SERVICE,
  KeychainUnavailableError,
  keychainDisabledByEnvironment,
  keychainRequestedByEnvironment,
  osKeychain,
} from '../../src/keychain.js'
import {LocalStore} from '../../src/stores/local.js'
import {CANARY, createSecret} from './local-store-fixture.js'

function binding(overrides: Partial<KeytarApi>): () => Promise<KeytarApi> {
  return async () => ({
    getPassword: async () => null,
    setPassword: async () => {},
    deletePassword: async () => false,
    ...overrides,
  })
}

async function rejectsUnavailable(promise: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KeychainUnavailableError, String(error))
    assert.match(error.reason, reason)
    return true
  })
}

describe('keychain', function () {
  describe('SECRETSMITH_KEYCHAIN', function () {
    it('switches the keychain off for off, 0, false and no, in any case', function () {
      for (const value of ['off', 'OFF', '0', 'false', 'no', ' off '])
        assert.equal(keychainDisabledByEnvironment({SECRETSMITH_KEYCHAIN: value}), true, value)
      for (const value of [undefined, '', 'on', '1', 'os'])
        assert.equal(keychainDisabledByEnvironment({SECRETSMITH_KEYCHAIN: value}), false, String(value))
      for (const value of ['of', 'disabled', '2'])
        assert.throws(
          () => keychainDisabledByEnvironment({SECRETSMITH_KEYCHAIN: value}),
          /SECRETSMITH_KEYCHAIN must be true or false/,
        )
    })

    it('asks for the keychain (moving a key file into it) only when set to on, 1, true, yes or os; unset asks nothing', function () {
      for (const value of ['on', 'ON', '1', 'true', 'yes', 'os'])
        assert.equal(keychainRequestedByEnvironment({SECRETSMITH_KEYCHAIN: value}), true, value)
      for (const value of [undefined, '', 'off', '0'])
        assert.equal(keychainRequestedByEnvironment({SECRETSMITH_KEYCHAIN: value}), false, String(value))
    })
  })

  describe('adapter', function () {
    it('gives up on a keychain that does not answer within the time limit, instead of hanging', async function () {
      const stalled = osKeychain({timeoutMs: 50, loadBinding: binding({getPassword: () => new Promise(() => {})})})
      const started = Date.now()
      await rejectsUnavailable(stalled.get('/some/store'), /reading took longer than 50ms/)
      assert.ok(Date.now() - started < 5000)
    })

    it('reports a binding that cannot load, or a platform failure, as KeychainUnavailableError with the reason', async function () {
      await rejectsUnavailable(
        osKeychain({loadBinding: async () => Promise.reject(new Error('libsecret missing'))}).get('/s'),
        /could not be loaded: libsecret missing/,
      )
      const denied = osKeychain({
        loadBinding: binding({
          setPassword: async () =>
            Promise.reject(new Error("Couldn't access platform storage: Secret Service: unlock prompt was dismissed")),
        }),
      })
      await rejectsUnavailable(
        denied.set('/s', 'key'),
        /^writing failed: Secret Service: unlock prompt was dismissed(;|$)/,
      )
    })

    it('passes service, account and secret through, and maps "no entry" to undefined', async function () {
      const calls: string[][] = []
      const keychain = osKeychain({
        service: 'svc',
        loadBinding: binding({
          getPassword: async (service, account) => (
            calls.push(['get', service, account]),
            account === '/known' ? 'stored' : null
          ),
          setPassword: async (service, account, password) => void calls.push(['set', service, account, password]),
          deletePassword: async (service, account) => (calls.push(['delete', service, account]), true),
        }),
      })
      assert.equal(await keychain.get('/known'), 'stored')
      assert.equal(await keychain.get('/unknown'), undefined)
      await keychain.set('/known', 'new')
      assert.equal(await keychain.delete('/known'), true)
      assert.deepEqual(calls, [
        ['get', 'svc', '/known'],
        ['get', 'svc', '/unknown'],
        ['set', 'svc', '/known', 'new'],
        ['delete', 'svc', '/known'],
      ])
    })
  })

  describe('the real OS keychain', function () {
    this.timeout(60_000)
    const testService = `${KEYCHAIN_SERVICE}-test`
    let unavailable: string | undefined

    before(async function () {
      if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
        unavailable = 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)'
        return
      }

      if (process.platform !== 'linux') {
        // Never touch a developer's own login keychain from a test run.
        unavailable = 'real keychain tests run only on Linux under a throwaway Secret Service'
        return
      }

      const probe = osKeychain({service: testService, timeoutMs: 10_000})
      const account = `probe-${randomBytes(6).toString('hex')}`
      try {
        await probe.set(account, 'probe')
        const readBack = await probe.get(account)
        await probe.delete(account)
        if (readBack !== 'probe') unavailable = 'the Secret Service did not return what was stored'
      } catch (error) {
        unavailable = error instanceof KeychainUnavailableError ? error.reason : String(error)
      }
    })

    function requireKeychain(context: Mocha.Context): void {
      if (unavailable === undefined) return
      context.test!.title += ` (pending: ${unavailable})`
      context.skip()
    }

    it('stores, reads back and deletes an entry', async function () {
      requireKeychain(this)
      const keychain = osKeychain({service: testService})
      const account = `roundtrip-${randomBytes(6).toString('hex')}`
      const secret = randomBytes(32).toString('base64')
      try {
        assert.equal(await keychain.get(account), undefined)
        await keychain.set(account, secret)
        assert.equal(await keychain.get(account), secret)
      } finally {
        assert.equal(await keychain.delete(account), true)
      }

      assert.equal(await keychain.get(account), undefined)
    })

    it('keeps a local store key in the keychain: no key file, no warning, readable by the next invocation', async function () {
      requireKeychain(this)
      const root = await mkdtemp(join(tmpdir(), 'secretsmith-keychain-'))
      const home = join(root, 'store')
      const warnings: string[] = []
      try {
        const store = new LocalStore(home, {keychain: 'os', warn: (message) => warnings.push(message)})
        await createSecret(store, 'demo/keychained')
        assert.deepEqual(warnings, [])
        await assert.rejects(stat(join(home, 'store.key')), {code: 'ENOENT'})
        const stored = await osKeychain().get(resolve(home))
        assert.equal(Buffer.from(stored!, 'base64').length, 32)
        const next = new LocalStore(home, {keychain: 'os'})
        assert.equal((await next.getValue('demo/keychained')).value.revealText(), CANARY)
      } finally {
        await osKeychain()
          .delete(resolve(home))
          .catch(() => false)
        await rm(root, {recursive: true, force: true})
      }
    })
  })
})
