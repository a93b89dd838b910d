// Where the local store keeps its key: the OS keychain when one answers, otherwise a 0600
// key file with a warning the one time it is created; and never a silent switch from one to
// the other once a store exists.
import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {chmod, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import {IntegrityError, UnavailableError, UsageError} from '../../src/errors.js'
import {type Keychain, KeychainUnavailableError} from '../../src/keychain.js'
import {LocalStore} from '../../src/stores/local.js'
import {withStoreLock} from '../../src/stores/local-lock.js'
import {CANARY, type TempStore, createSecret, encodingsOf, everythingOnDisk, tempStore} from './local-store-fixture.js'

/** A keychain in memory, as the OS one behaves when it answers. */
function memoryKeychain(): Keychain & {entries: Map<string, string>} {
  const entries = new Map<string, string>()
  return {
    entries,
    label: 'a test keychain',
    async get(account) {
      return entries.get(account)
    },
    async set(account, secret) {
      entries.set(account, secret)
    },
    async delete(account) {
      return entries.delete(account)
    },
  }
}

/** A keychain that does not answer, as on a headless Linux box without a Secret Service. */
function deadKeychain(reason = 'no Secret Service on the session bus'): Keychain {
  const fail = async (): Promise<never> => {
    throw new KeychainUnavailableError(reason)
  }

  return {label: 'a dead keychain', get: fail, set: fail, delete: fail}
}

const keyFileWarnings = (temp: TempStore) => temp.warnings.filter((warning) => warning.includes('store.key'))

describe('local store key', function () {
  let temp: TempStore

  afterEach(async function () {
    await temp?.remove()
  })

  describe('key file fallback', function () {
    it('keeps the key in a 0600 key file, without a warning, when SECRETSMITH_KEYCHAIN=off asks for it', async function () {
      temp = await tempStore({keychain: 'off'})
      await createSecret(temp.store, 'demo/a')
      await createSecret(temp.reopen(), 'demo/b')
      assert.equal((await temp.reopen().getValue('demo/a')).value.revealText(), CANARY)
      assert.deepEqual(temp.warnings, [])
      assert.equal((await stat(join(temp.home, 'store.key'))).mode & 0o777, 0o600)
      const manifest = JSON.parse(await readFile(join(temp.home, 'store.json'), 'utf8'))
      assert.equal(manifest.keySource, 'file')
    })

    it('honours SECRETSMITH_KEYCHAIN=off from the environment when no option says otherwise', async function () {
      temp = await tempStore()
      const saved = process.env.SECRETSMITH_KEYCHAIN
      process.env.SECRETSMITH_KEYCHAIN = 'off'
      try {
        // Without the variable this would reach for the OS keychain (and warn where none answers).
        const warnings: string[] = []
        const store = new LocalStore(temp.home, {warn: (message) => warnings.push(message)})
        await createSecret(store, 'demo/a')
        assert.equal(JSON.parse(await readFile(join(temp.home, 'store.json'), 'utf8')).keySource, 'file')
        assert.deepEqual(warnings, [])
      } finally {
        if (saved === undefined) delete process.env.SECRETSMITH_KEYCHAIN
        else process.env.SECRETSMITH_KEYCHAIN = saved
      }
    })

    it('falls back to a key file when no keychain answers, and warns exactly once per store, saying why and where', async function () {
      temp = await tempStore({keychain: deadKeychain()})
      await createSecret(temp.store, 'demo/a')
      await createSecret(temp.store, 'demo/b')
      await createSecret(temp.reopen(), 'demo/c')
      assert.equal((await temp.reopen().getValue('demo/a')).value.revealText(), CANARY)
      assert.equal(keyFileWarnings(temp).length, 1, temp.warnings.join('\n'))
      assert.match(keyFileWarnings(temp)[0], /no Secret Service on the session bus/)
      assert.ok(keyFileWarnings(temp)[0].includes(join(temp.home, 'store.key')))
      assert.equal((await stat(join(temp.home, 'store.key'))).mode & 0o777, 0o600)
    })

    it('falls back when the keychain accepts the key but cannot give it back', async function () {
      const forgetful = memoryKeychain()
      forgetful.set = async () => {}
      temp = await tempStore({keychain: forgetful})
      await createSecret(temp.store, 'demo/a')
      assert.equal(keyFileWarnings(temp).length, 1)
      assert.match(keyFileWarnings(temp)[0], /did not return the key/)
    })

    it('warns when the key file is readable by others', async function () {
      temp = await tempStore({keychain: 'off'})
      await createSecret(temp.store, 'demo/a')
      await chmod(join(temp.home, 'store.key'), 0o644)
      await temp.reopen().getValue('demo/a')
      assert.ok(
        temp.warnings.some((warning) => warning.includes('readable by others') && warning.includes('chmod 600')),
        temp.warnings.join('\n'),
      )
    })

    it('refuses a key file holding another key, as IntegrityError, instead of calling every record damaged', async function () {
      temp = await tempStore({keychain: 'off'})
      await createSecret(temp.store, 'demo/a')
      await writeFile(join(temp.home, 'store.key'), `${randomBytes(32).toString('base64')}\n`)
      await assert.rejects(
        temp.reopen().getValue('demo/a'),
        (error: unknown) => error instanceof IntegrityError && /does not belong/.test(error.message),
      )
    })

    it('reports a missing or damaged key file as IntegrityError naming it', async function () {
      temp = await tempStore({keychain: 'off'})
      await createSecret(temp.store, 'demo/a')
      const keyFile = join(temp.home, 'store.key')
      await rm(keyFile)
      await assert.rejects(
        temp.reopen().getValue('demo/a'),
        (error: unknown) =>
          error instanceof IntegrityError && error.message.includes(keyFile) && /missing/.test(error.message),
      )
      await writeFile(keyFile, 'not a key')
      await assert.rejects(
        temp.reopen().getValue('demo/a'),
        (error: unknown) =>
          error instanceof IntegrityError && error.message.includes(keyFile) && /damaged/.test(error.message),
      )
    })
  })

  describe('keychain', function () {
    it('keeps the key in the keychain under the store directory, with no key file and no warning', async function () {
      const keychain = memoryKeychain()
      temp = await tempStore({keychain})
      await createSecret(temp.store, 'demo/a')
      assert.deepEqual([...keychain.entries.keys()], [resolve(temp.home)])
      assert.equal(Buffer.from(keychain.entries.get(resolve(temp.home))!, 'base64').length, 32)
      await assert.rejects(stat(join(temp.home, 'store.key')), {code: 'ENOENT'})
      assert.deepEqual(temp.warnings, [])
      assert.equal((await temp.reopen().getValue('demo/a')).value.revealText(), CANARY)

      // The key is not on disk in any form.
      const disk = await everythingOnDisk(temp.home)
      for (const needle of encodingsOf(keychain.entries.get(resolve(temp.home))!))
        assert.equal(disk.indexOf(needle), -1)
    })

    it('never falls back to a new key file for a store whose key is in the keychain', async function () {
      const keychain = memoryKeychain()
      temp = await tempStore({keychain})
      await createSecret(temp.store, 'demo/a')

      await assert.rejects(
        temp.reopen({keychain: deadKeychain('unlock prompt was dismissed')}).getValue('demo/a'),
        (error: unknown) => {
          assert.ok(error instanceof UnavailableError, String(error))
          assert.match(error.message, /unlock prompt was dismissed/)
          assert.ok(error.message.includes(temp.home))
          return true
        },
      )
      await assert.rejects(
        temp.reopen({keychain: 'off'}).getValue('demo/a'),
        (error: unknown) => error instanceof UsageError && /SECRETSMITH_KEYCHAIN=off/.test(error.message),
      )
      keychain.entries.clear()
      await assert.rejects(
        temp.reopen({keychain}).getValue('demo/a'),
        (error: unknown) => error instanceof UnavailableError && /has no key/.test(error.message),
      )
      await assert.rejects(stat(join(temp.home, 'store.key')), {code: 'ENOENT'})
    })

    it('agrees on one key when several first writes race on a new store', async function () {
      const keychain = memoryKeychain()
      temp = await tempStore({keychain})
      const handles = Array.from({length: 5}, () => temp.reopen())
      await Promise.all(
        handles.map((handle, index) => createSecret(handle, `demo/racer-${index}`, `${CANARY}-${index}`)),
      )
      const reader = temp.reopen()
      for (let index = 0; index < 5; index++) {
        assert.equal((await reader.getValue(`demo/racer-${index}`)).value.revealText(), `${CANARY}-${index}`)
      }

      assert.equal(keychain.entries.size, 1)
    })
  })

  describe('a key in a key file, and moving it into the keychain', function () {
    /** A keychain that counts every call, to prove it was not asked. */
    function countingKeychain(inner: Keychain): Keychain & {calls: number} {
      const counted = {
        calls: 0,
        label: inner.label,
        get: async (account: string) => (counted.calls++, inner.get(account)),
        set: async (account: string, secret: string) => (counted.calls++, inner.set(account, secret)),
        delete: async (account: string) => (counted.calls++, inner.delete(account)),
      }
      return counted
    }

    const keyFile = (temp: TempStore) => join(temp.home, 'store.key')
    const manifestOf = async (temp: TempStore) => JSON.parse(await readFile(join(temp.home, 'store.json'), 'utf8'))

    it('opens a store whose key is in a key file without asking the keychain anything, reads and writes alike', async function () {
      temp = await tempStore({keychain: deadKeychain()})
      await createSecret(temp.store, 'demo/a')
      const keychain = countingKeychain(memoryKeychain())
      const store = temp.reopen({keychain})
      assert.equal((await store.getValue('demo/a')).value.revealText(), CANARY)
      await createSecret(store, 'demo/b')
      assert.equal(keychain.calls, 0)
      assert.equal((await manifestOf(temp)).keySource, 'file')
    })

    it('moves the key into the keychain on request: written, read back, then the manifest names the keychain and the key file is removed', async function () {
      temp = await tempStore({keychain: deadKeychain()})
      await createSecret(temp.store, 'demo/a')
      const fileKey = (await readFile(keyFile(temp), 'utf8')).trim()
      const keychain = memoryKeychain()
      const notices: string[] = []
      const moving = temp.reopen({keychain, moveKeyToKeychain: true, notice: (line) => notices.push(line)})
      assert.equal((await moving.getValue('demo/a')).value.revealText(), CANARY)

      assert.equal(keychain.entries.get(resolve(temp.home)), fileKey, 'the same key, now in the keychain')
      await assert.rejects(stat(keyFile(temp)), {code: 'ENOENT'})
      const manifest = await manifestOf(temp)
      assert.equal(manifest.keySource, 'keychain')
      assert.equal(manifest.keychainAccount, resolve(temp.home))
      assert.equal(notices.length, 1)
      assert.match(notices[0], /^Moved the local store key from .*store\.key into the OS keychain/)
      assert.ok(!notices[0].includes(fileKey))
      // Later invocations read it from the keychain; asking again changes nothing.
      assert.equal((await temp.reopen({keychain}).getValue('demo/a')).value.revealText(), CANARY)
      assert.equal(
        (await temp.reopen({keychain, moveKeyToKeychain: true}).getValue('demo/a')).value.revealText(),
        CANARY,
      )
      assert.equal(notices.length, 1)
      assert.ok(!temp.warnings.some((warning) => warning.includes(fileKey)))
    })

    for (const [label, keychain] of [
      ['does not answer', () => deadKeychain('no Secret Service on the session bus')],
      [
        'accepts the key but gives back something else',
        () => ({...memoryKeychain(), get: async () => 'not-the-key'}) as Keychain,
      ],
    ] as const) {
      it(`leaves the key file in place, with a warning, when the keychain ${label}`, async function () {
        temp = await tempStore({keychain: deadKeychain()})
        await createSecret(temp.store, 'demo/a')
        const before = await readFile(keyFile(temp))
        temp.warnings.length = 0
        const store = temp.reopen({keychain: keychain(), moveKeyToKeychain: true})
        assert.equal((await store.getValue('demo/a')).value.revealText(), CANARY)
        assert.deepEqual(await readFile(keyFile(temp)), before)
        assert.equal((await manifestOf(temp)).keySource, 'file')
        assert.equal(temp.warnings.length, 1)
        assert.match(temp.warnings[0], /key stays in the file .*store\.key: SECRETSMITH_KEYCHAIN=on asks/)
        assert.equal((await temp.reopen().getValue('demo/a')).value.revealText(), CANARY)
      })
    }

    it('does not wait for another process’s lock to move the key: the command goes on with the key file, the next run moves it', async function () {
      temp = await tempStore({keychain: deadKeychain()})
      await createSecret(temp.store, 'demo/a')
      const keychain = memoryKeychain()
      await withStoreLock(temp.home, async () => {
        const store = temp.reopen({keychain, moveKeyToKeychain: true, lockWaitMs: 60_000})
        assert.equal((await store.getValue('demo/a')).value.revealText(), CANARY)
      })
      assert.equal((await manifestOf(temp)).keySource, 'file')
      assert.equal(keychain.entries.size, 0)
      await temp.reopen({keychain, moveKeyToKeychain: true}).getValue('demo/a')
      assert.equal((await manifestOf(temp)).keySource, 'keychain')
    })

    it('finishes a move cut short after the manifest was written: the leftover key file goes once the keychain holds the same key', async function () {
      temp = await tempStore({keychain: deadKeychain()})
      await createSecret(temp.store, 'demo/a')
      const saved = await readFile(keyFile(temp))
      const keychain = memoryKeychain()
      await temp.reopen({keychain, moveKeyToKeychain: true}).getValue('demo/a')
      await writeFile(keyFile(temp), saved, {mode: 0o600}) // as if the process died before removing it

      assert.equal((await temp.reopen({keychain}).getValue('demo/a')).value.revealText(), CANARY)
      assert.deepEqual(await readFile(keyFile(temp)), saved, 'not asked to: left alone')
      const notices: string[] = []
      await temp.reopen({keychain, moveKeyToKeychain: true, notice: (line) => notices.push(line)}).getValue('demo/a')
      await assert.rejects(stat(keyFile(temp)), {code: 'ENOENT'})
      assert.match(notices.join('\n'), /Removed .*store\.key: the local store key is in the OS keychain/)
    })
  })
})
