// Rollback and removal of records by someone with write access to the store's files: every
// record carries a write count, the sealed index (index.rec) holds the last one committed, and
// an older copy put back, a removed directory, or a removed index is reported as tampering
// (IntegrityError, exit 1), never used. A crash between a record and its index update is not
// tampering: the record one write ahead is read as valid and the next write catches up. A read
// recording its access date rewrites the record without moving its count.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {cp, readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {IntegrityError, NotFoundError} from '../../src/errors.js'
import type {LocalStore} from '../../src/stores/local.js'
import {deriveRecordKeys, seal, unseal} from '../../src/stores/local-records.js'
import {CANARY, type TempStore, createSecret, secretDirectories, tempStore, text} from './local-store-fixture.js'

async function put(store: LocalStore, name: string, value: string): Promise<void> {
  await store.putValue({name, value: text(value), clientRequestToken: randomUUID()})
}

async function current(store: LocalStore, name: string): Promise<string> {
  return (await store.getValue(name)).value.revealText()
}

async function names(store: LocalStore): Promise<string[]> {
  const found: string[] = []
  for await (const entry of store.list({includePlannedDeletion: true})) found.push(entry.name)
  return found
}

/** A copy of a directory (or file) to put back later. */
async function snapshot(temp: TempStore, path: string): Promise<() => Promise<void>> {
  const copy = join(temp.root, `copy-${randomUUID()}`)
  await cp(path, copy, {recursive: true, preserveTimestamps: true})
  return async () => {
    await rm(path, {recursive: true, force: true})
    await cp(copy, path, {recursive: true, preserveTimestamps: true})
  }
}

function tampering(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof IntegrityError, String(error))
    assert.match(error.message, pattern)
    assert.ok(!error.message.includes(CANARY), 'the value is in the message')
    return true
  }
}

describe('local store: rollback and removal of records', function () {
  this.timeout(30_000)
  let temp: TempStore

  beforeEach(async () => {
    temp = await tempStore()
  })
  afterEach(async () => temp.remove())

  it('refuses an older copy of a secret put back: get, describe, list and put all report tampering', async () => {
    await createSecret(temp.store, 'app/db', `${CANARY}-old`)
    const [directory] = await secretDirectories(temp.home)
    const putBack = await snapshot(temp, directory)
    await put(temp.store, 'app/db', `${CANARY}-new`)
    await putBack()

    const store = temp.reopen()
    const rolledBack = tampering(/older copy was put back \(tampering\)/)
    await assert.rejects(store.getValue('app/db'), rolledBack)
    await assert.rejects(store.describe('app/db'), rolledBack)
    await assert.rejects(names(store), rolledBack)
    await assert.rejects(put(store, 'app/db', 'another'), rolledBack)
  })

  it('reports a secret whose directory was removed as tampering, not as "not found"', async () => {
    await createSecret(temp.store, 'app/db')
    await createSecret(temp.store, 'app/other')
    const [first] = await secretDirectories(temp.home)
    await rm(first, {recursive: true})
    const store = temp.reopen()
    const removed = tampering(/is gone: it was removed outside secretsmith \(tampering\)/)
    const results = await Promise.allSettled([store.getValue('app/db'), store.getValue('app/other')])
    assert.equal(results.filter((result) => result.status === 'rejected').length, 1)
    for (const result of results) if (result.status === 'rejected') removed(result.reason)
    await assert.rejects(names(store), removed)
  })

  it('reads a record one write ahead of the index (a crash between the two) and catches the index up on the next write', async () => {
    await createSecret(temp.store, 'app/db', 'v1')
    const indexFile = join(temp.home, 'index.rec')
    const indexBefore = await readFile(indexFile)
    await put(temp.store, 'app/db', 'v2')
    // As if the process died after committing v2's record but before updating the index.
    await writeFile(indexFile, indexBefore, {mode: 0o600})

    const store = temp.reopen()
    assert.equal(await current(store, 'app/db'), 'v2')
    assert.deepEqual(await names(store), ['app/db'])
    const [directory] = await secretDirectories(temp.home)
    const putBack = await snapshot(temp, directory)
    await put(store, 'app/db', 'v3')
    assert.equal(await current(store, 'app/db'), 'v3')
    // The index caught up: the v2 record is now two writes behind.
    await putBack()
    await assert.rejects(temp.reopen().getValue('app/db'), tampering(/older copy was put back/))
  })

  it('records an access date without moving the write count: the index is untouched, and a write put back is still refused', async () => {
    await createSecret(temp.store, 'app/db', 'v1')
    const [directory] = await secretDirectories(temp.home)
    const beforeV2 = await snapshot(temp, directory)
    await put(temp.store, 'app/db', 'v2')
    const indexFile = join(temp.home, 'index.rec')
    const indexBefore = await readFile(indexFile)
    const beforeRead = await snapshot(temp, directory)
    const recordBefore = await readFile(join(directory, 'secret.rec'))

    assert.equal(await current(temp.store, 'app/db'), 'v2') // v2's first read records the day
    assert.notDeepEqual(await readFile(join(directory, 'secret.rec')), recordBefore, 'no access date was recorded')
    assert.deepEqual(await readFile(indexFile), indexBefore, 'the index was rewritten for an access date')
    // The documented limit: the copy from just before the read differs only in that date.
    await beforeRead()
    assert.equal(await current(temp.reopen(), 'app/db'), 'v2')
    await beforeV2()
    await assert.rejects(temp.reopen().getValue('app/db'), tampering(/older copy was put back/))
  })

  it('refuses records when the index was removed, or rolled back by more than one write', async () => {
    await createSecret(temp.store, 'app/db', 'v1')
    const indexFile = join(temp.home, 'index.rec')
    const putIndexBack = await snapshot(temp, indexFile)
    await put(temp.store, 'app/db', 'v2')
    await put(temp.store, 'app/db', 'v3')
    await putIndexBack()
    await assert.rejects(temp.reopen().getValue('app/db'), tampering(/store's index was rolled back/))
    await rm(indexFile)
    await assert.rejects(temp.reopen().getValue('app/db'), tampering(/index .* is missing/))
    await assert.rejects(put(temp.reopen(), 'app/db', 'v4'), tampering(/index .* is missing/))
  })

  it('keeps a force-deleted secret deleted: its last copy put back reads as absent, an older one as tampering', async () => {
    await createSecret(temp.store, 'app/db', 'v1')
    const [directory] = await secretDirectories(temp.home)
    const putOlderBack = await snapshot(temp, directory)
    await put(temp.store, 'app/db', 'v2')
    const putLastBack = await snapshot(temp, directory)
    await temp.store.delete('app/db', {force: true})

    // The last copy is what a crash between marking it gone and removing it leaves behind.
    await putLastBack()
    await assert.rejects(temp.reopen().getValue('app/db'), NotFoundError)
    await putOlderBack()
    await assert.rejects(temp.reopen().getValue('app/db'), tampering(/older copy was put back/))
  })

  it('creates a secret again over the leftovers of a force-deleted one, and reads it', async () => {
    await createSecret(temp.store, 'app/db', 'v1')
    const [directory] = await secretDirectories(temp.home)
    const putLastBack = await snapshot(temp, directory)
    await temp.store.delete('app/db', {force: true})
    await putLastBack()
    const store = temp.reopen()
    await createSecret(store, 'app/db', 'again')
    assert.equal(await current(store, 'app/db'), 'again')
    assert.equal(await current(temp.reopen(), 'app/db'), 'again')
  })

  it('upgrades a store from before the index on its first write, and then detects rollbacks in it', async () => {
    await createSecret(temp.store, 'app/db', 'v1')
    await createSecret(temp.store, 'app/other', 'o1')
    // Make it look as an older release left it: no index, records without a write count.
    const keys = deriveRecordKeys(Buffer.from((await readFile(join(temp.home, 'store.key'), 'utf8')).trim(), 'base64'))
    for (const directory of await secretDirectories(temp.home)) {
      const path = join(directory, 'secret.rec')
      const identity = `secrets/${directory.split('/').at(-1)}/secret.rec`
      const record = JSON.parse(unseal(keys.encryption, await readFile(path), identity, path).toString('utf8'))
      delete record.writeCount
      await writeFile(path, seal(keys.encryption, Buffer.from(JSON.stringify(record)), identity), {mode: 0o600})
    }

    await rm(join(temp.home, 'index.rec'))
    const legacy = temp.reopen()
    assert.equal(await current(legacy, 'app/db'), 'v1')
    assert.deepEqual(await names(legacy), ['app/db', 'app/other'])
    const putBack = await Promise.all(
      (await secretDirectories(temp.home)).map((directory) => snapshot(temp, directory)),
    )
    await put(legacy, 'app/db', 'v2')
    await put(legacy, 'app/other', 'o2')
    for (const restore of putBack) await restore()
    const store = temp.reopen()
    await assert.rejects(store.getValue('app/db'), tampering(/older copy was put back/))
    await assert.rejects(store.getValue('app/other'), tampering(/older copy was put back/))
  })
})
