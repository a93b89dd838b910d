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
})
