// What the local store leaves on disk, and what it does when the disk is not what it wrote:
// private permissions, no plaintext, opaque names, tamper and truncation detection, crash
// leftovers, purging expired deletions, version pruning.
import assert from 'node:assert/strict'
import {randomBytes, randomUUID} from 'node:crypto'
import {chmod, copyFile, mkdir, readFile, readdir, rm, stat, truncate, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {IntegrityError, NotFoundError} from '../../src/errors.js'
import {SecretValue} from '../../src/secret-value.js'
import type {LocalStore} from '../../src/stores/local.js'
import {versionFileName} from '../../src/stores/local-records.js'
import {AWSCURRENT, AWSPREVIOUS} from '../../src/stores/store.js'
import {
  CANARY,
  type TempStore,
  createSecret,
  encodingsOf,
  everythingOnDisk,
  secretDirectories,
  tempStore,
  text,
  valueFiles,
  walk,
} from './local-store-fixture.js'

const DAY_MS = 24 * 60 * 60 * 1000

async function rejectsWithIntegrity(promise: Promise<unknown>, mentions: string[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(
      error instanceof IntegrityError,
      `expected IntegrityError, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`,
    )
    for (const expected of mentions)
      assert.ok(error.message.includes(expected), `the message names ${expected}: ${error.message}`)
    assert.ok(!error.message.includes(CANARY), 'the message carries the value')
    return true
  })
}

function flipByte(buffer: Buffer, index: number): Buffer {
  const copy = Buffer.from(buffer)
  copy[index] ^= 0x01
  return copy
}

describe('local store on disk', function () {
  let temp: TempStore
  let store: LocalStore

  beforeEach(async function () {
    temp = await tempStore()
    store = temp.store
  })

  afterEach(async function () {
    await temp.remove()
  })

  describe('privacy', function () {
    it('keeps the store directory and every directory in it 0700, and every file 0600', async function () {
      await createSecret(store, 'team/a')
      await createSecret(store, 'team/b')
      await store.putValue({name: 'team/a', value: text(`${CANARY}-2`), clientRequestToken: randomUUID()})
      assert.equal((await stat(temp.home)).mode & 0o777, 0o700)
      const entries = await walk(temp.home)
      assert.ok(entries.length >= 8)
      for (const entry of entries) {
        assert.equal(entry.mode, entry.isDirectory ? 0o700 : 0o600, `${entry.path} has mode ${entry.mode.toString(8)}`)
      }
    })

    it('makes a pre-existing empty store directory private when it creates the store', async function () {
      await mkdir(temp.home, {mode: 0o755})
      await chmod(temp.home, 0o755)
      await createSecret(store, 'demo/a')
      assert.equal((await stat(temp.home)).mode & 0o777, 0o700)
    })

    it('warns when the store directory is open to other users', async function () {
      await createSecret(store, 'demo/a')
      await chmod(temp.home, 0o755)
      await temp.reopen().getValue('demo/a')
      assert.ok(
        temp.warnings.some((warning) => warning.includes('open to other users') && warning.includes(temp.home)),
        temp.warnings.join('\n'),
      )
    })

    it('never writes a value, text or binary, or a secret name in plaintext', async function () {
      const name = `canary-name-${randomBytes(6).toString('hex')}`
      await createSecret(store, name, JSON.stringify({password: CANARY}))
      await store.putValue({
        name,
        value: SecretValue.fromBinary(Buffer.from(`${CANARY}-binary`)),
        clientRequestToken: randomUUID(),
      })
      await store.tag(name, [{key: 'team', value: 'payments'}])
      await store.getValue(name)
      await store.delete(name, {recoveryWindowDays: 7})
      await store.restore(name)
      await createSecret(store, `${name}-second`, `${CANARY}-second`)

      const disk = await everythingOnDisk(temp.home)
      for (const needle of [...encodingsOf(CANARY), ...encodingsOf(name), Buffer.from('payments')]) {
        assert.equal(disk.indexOf(needle), -1, `found ${needle.toString('latin1').slice(0, 40)} on disk`)
      }
    })

    it('reads a secret without touching other secrets (a damaged neighbour does not matter)', async function () {
      await createSecret(store, 'demo/wanted')
      const [wanted] = await secretDirectories(temp.home)
      await createSecret(store, 'demo/neighbour')
      const neighbour = (await secretDirectories(temp.home)).find((directory) => directory !== wanted)!
      await writeFile(join(neighbour, 'secret.rec'), 'garbage')

      assert.equal((await temp.reopen().getValue('demo/wanted')).value.revealText(), CANARY)
      await rejectsWithIntegrity(temp.reopen().getValue('demo/neighbour'), ['demo/neighbour'])
    })
  })

  describe('integrity', function () {
    it('reports a tampered value record as IntegrityError naming the secret and file, and never uses it', async function () {
      await createSecret(store, 'demo/tampered')
      const [directory] = await secretDirectories(temp.home)
      const [valueFile] = await valueFiles(directory)
      const sealed = await readFile(valueFile)
      for (const index of [5, 20, sealed.length - 1]) {
        await writeFile(valueFile, flipByte(sealed, index))
        await rejectsWithIntegrity(temp.reopen().getValue('demo/tampered'), ['demo/tampered', valueFile])
      }

      // The metadata is intact, so describe still works and says nothing false.
      assert.equal((await temp.reopen().describe('demo/tampered')).name, 'demo/tampered')
    })

    it('reports a tampered secret record as IntegrityError on get, describe and list', async function () {
      await createSecret(store, 'demo/tampered-meta')
      const [directory] = await secretDirectories(temp.home)
      const record = join(directory, 'secret.rec')
      await writeFile(record, flipByte(await readFile(record), 30))
      await rejectsWithIntegrity(temp.reopen().getValue('demo/tampered-meta'), ['demo/tampered-meta', record])
      await rejectsWithIntegrity(temp.reopen().describe('demo/tampered-meta'), [record])
      await rejectsWithIntegrity(
        (async () => {
          for await (const entry of temp.reopen().list()) assert.fail(`listed ${entry.name}`)
        })(),
        [record],
      )
      // A write never builds on a damaged record either.
      await rejectsWithIntegrity(
        temp.reopen().putValue({name: 'demo/tampered-meta', value: text('x'), clientRequestToken: randomUUID()}),
        [record],
      )
    })

    it('reports truncated records as IntegrityError, whether cut short or emptied', async function () {
      await createSecret(store, 'demo/truncated')
      const [directory] = await secretDirectories(temp.home)
      const [valueFile] = await valueFiles(directory)
      const {size} = await stat(valueFile)
      await truncate(valueFile, size - 1)
      await rejectsWithIntegrity(temp.reopen().getValue('demo/truncated'), ['demo/truncated'])
      await truncate(valueFile, 10)
      await rejectsWithIntegrity(temp.reopen().getValue('demo/truncated'), ['truncated'])
      await truncate(join(directory, 'secret.rec'), 0)
      await rejectsWithIntegrity(temp.reopen().describe('demo/truncated'), ['truncated'])
    })

    it('refuses a value record copied over another version, or a secret record copied from another secret', async function () {
      const first = await createSecret(store, 'demo/swap', `${CANARY}-1`)
      const second = randomUUID()
      await store.putValue({name: 'demo/swap', value: text(`${CANARY}-2`), clientRequestToken: second})
      const [directory] = await secretDirectories(temp.home)
      await copyFile(join(directory, versionFileName(first)), join(directory, versionFileName(second)))
      await rejectsWithIntegrity(temp.reopen().getValue('demo/swap'), ['demo/swap', second])
      assert.equal((await temp.reopen().getValue('demo/swap', {versionId: first})).value.revealText(), `${CANARY}-1`)

      await createSecret(store, 'demo/other')
      const directories = await secretDirectories(temp.home)
      const otherDirectory = directories.find((candidate) => candidate !== directory)!
      await copyFile(join(otherDirectory, 'secret.rec'), join(directory, 'secret.rec'))
      await rejectsWithIntegrity(temp.reopen().describe('demo/swap'), ['demo/swap'])
    })

    it('reports a damaged manifest without quoting it', async function () {
      await createSecret(store, 'demo/a')
      await writeFile(join(temp.home, 'store.json'), `{"format": 1, "keySource": "${CANARY}`)
      await rejectsWithIntegrity(temp.reopen().getValue('demo/a'), ['store.json'])
    })
  })

  describe('crash leftovers', function () {
    it('ignores a secret directory whose record was never committed, and creates over it', async function () {
      await createSecret(store, 'demo/committed')
      const [committed] = await secretDirectories(temp.home)
      const indexBefore = await readFile(join(temp.home, 'index.rec'))
      await createSecret(store, 'demo/crashed', `${CANARY}-lost`)
      const crashed = (await secretDirectories(temp.home)).find((directory) => directory !== committed)!
      // As if the process died after writing the value but before committing the record (so
      // before the index heard of it).
      await rm(join(crashed, 'secret.rec'))
      await writeFile(join(temp.home, 'index.rec'), indexBefore, {mode: 0o600})
      await writeFile(join(crashed, '.tmp-0123456789abcdef'), randomBytes(64), {mode: 0o600})

      const reopened = temp.reopen()
      const names: string[] = []
      for await (const entry of reopened.list()) names.push(entry.name)
      assert.deepEqual(names, ['demo/committed'])
      await assert.rejects(reopened.describe('demo/crashed'), NotFoundError)
      await createSecret(reopened, 'demo/crashed', `${CANARY}-again`)
      assert.equal((await reopened.getValue('demo/crashed')).value.revealText(), `${CANARY}-again`)
      assert.equal((await reopened.listVersions('demo/crashed', {includeDeprecated: true})).length, 1)
      assert.deepEqual(
        (await readdir(crashed)).filter((entry) => entry.startsWith('.tmp-')),
        [],
      )
    })

    it('sweeps a crashed writer’s temp files and unreferenced value files on the next write', async function () {
      await createSecret(store, 'demo/sweep')
      const [directory] = await secretDirectories(temp.home)
      await writeFile(join(directory, '.tmp-deadbeef'), randomBytes(40), {mode: 0o600})
      await writeFile(join(directory, 'v-orphan.rec'), randomBytes(40), {mode: 0o600})
      await store.putValue({name: 'demo/sweep', value: text(`${CANARY}-2`), clientRequestToken: randomUUID()})
      const left = (await readdir(directory)).sort()
      assert.equal(left.length, 3, left.join(', '))
      assert.ok(!left.includes('.tmp-deadbeef') && !left.includes('v-orphan.rec'))
    })

    it('leaves no lock and no temp file behind after writes', async function () {
      await createSecret(store, 'demo/a')
      await store.delete('demo/a', {force: true})
      await createSecret(store, 'demo/b')
      for (const entry of await walk(temp.home)) {
        assert.ok(
          !entry.path.includes('.tmp-') && !entry.path.includes('write.lock') && !entry.path.includes('.trash-'),
          entry.path,
        )
      }
    })
  })

  describe('reading where there is no store', function () {
    it('finds nothing and creates nothing: no directory, no key, no warning', async function () {
      await assert.rejects(store.getValue('demo/a'), NotFoundError)
      await assert.rejects(store.describe('demo/a'), NotFoundError)
      await assert.rejects(store.delete('demo/a'), NotFoundError)
      await assert.rejects(
        store.putValue({name: 'demo/a', value: text(CANARY), clientRequestToken: randomUUID()}),
        NotFoundError,
      )
      const listed: string[] = []
      for await (const entry of store.list()) listed.push(entry.name)
      assert.deepEqual(listed, [])
      await assert.rejects(stat(temp.home), {code: 'ENOENT'})
      assert.deepEqual(temp.warnings, [])
    })
  })

  describe('time', function () {
    it('purges a secret once its recovery window has passed, on the next open', async function () {
      const start = new Date('2031-05-06T10:00:00Z')
      const early = await tempStore({clock: () => start})
      try {
        await createSecret(early.store, 'demo/expiring')
        await createSecret(early.store, 'demo/staying')
        await early.store.delete('demo/expiring', {recoveryWindowDays: 7})

        const sixDaysLater = early.reopen({clock: () => new Date(start.getTime() + 6 * DAY_MS)})
        assert.ok((await sixDaysLater.describe('demo/expiring')).deletedDate)
        assert.equal((await secretDirectories(early.home)).length, 2)

        const eightDaysLater = early.reopen({clock: () => new Date(start.getTime() + 8 * DAY_MS)})
        await assert.rejects(eightDaysLater.describe('demo/expiring'), NotFoundError)
        await assert.rejects(eightDaysLater.restore('demo/expiring'), NotFoundError)
        assert.equal((await secretDirectories(early.home)).length, 1, 'the expired secret is gone from disk')
        const manifest = JSON.parse(await readFile(join(early.home, 'store.json'), 'utf8'))
        assert.equal(manifest.purgeDueDate, undefined, 'nothing else is due')
        await createSecret(eightDaysLater, 'demo/expiring', `${CANARY}-reborn`)
        assert.equal((await eightDaysLater.getValue('demo/expiring')).value.revealText(), `${CANARY}-reborn`)
        assert.equal((await eightDaysLater.getValue('demo/staying')).value.revealText(), CANARY)
      } finally {
        await early.remove()
      }
    })

    it('records the day of the last access (midnight UTC), for the secret and the version read', async function () {
      const now = new Date('2031-05-06T15:30:12Z')
      const clocked = await tempStore({clock: () => now})
      try {
        const token = await createSecret(clocked.store, 'demo/accessed')
        assert.equal((await clocked.store.describe('demo/accessed')).lastAccessedDate, undefined)
        await clocked.store.getValue('demo/accessed')
        assert.equal(
          (await clocked.store.describe('demo/accessed')).lastAccessedDate?.toISOString(),
          '2031-05-06T00:00:00.000Z',
        )
        const [version] = await clocked.store.listVersions('demo/accessed')
        assert.equal(version.versionId, token)
        assert.equal(version.lastAccessedDate?.toISOString(), '2031-05-06T00:00:00.000Z')
      } finally {
        await clocked.remove()
      }
    })
  })

  describe('versions', function () {
    it('past 100 versions drops the oldest unlabelled ones older than 24 hours, and their files', async function () {
      this.timeout(60_000)
      let now = new Date('2031-05-06T12:00:00.000Z')
      const aged = temp.reopen({clock: () => now})
      const ids = [await createSecret(aged, 'demo/many', `${CANARY}-0`)]
      for (let index = 1; index < 105; index++) {
        // The last put comes a day later: only then are the old unlabelled versions old enough to go.
        if (index === 104) now = new Date(now.getTime() + 25 * 60 * 60 * 1000)
        const id = randomUUID()
        await aged.putValue({name: 'demo/many', value: text(`${CANARY}-${index}`), clientRequestToken: id})
        ids.push(id)
      }

      const versions = await aged.listVersions('demo/many', {includeDeprecated: true})
      assert.equal(versions.length, 100)
      assert.deepEqual(new Set(versions.map((version) => version.versionId)), new Set(ids.slice(5)))
      await assert.rejects(aged.getValue('demo/many', {versionId: ids[0]}), NotFoundError)
      assert.equal((await aged.getValue('demo/many', {versionId: ids[5]})).value.revealText(), `${CANARY}-5`)
      assert.deepEqual((await aged.describe('demo/many')).versions, {
        [ids[104]]: [AWSCURRENT],
        [ids[103]]: [AWSPREVIOUS],
      })
      const [directory] = await secretDirectories(temp.home)
      assert.equal((await valueFiles(directory)).length, 100)
    })
  })
})
