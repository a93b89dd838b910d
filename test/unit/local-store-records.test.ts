// The sealed record format and the file discipline under the local store: AES-256-GCM with
// the record's identity bound in, distinct derived keys, opaque names, atomic private writes.
import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {IntegrityError} from '../../src/errors.js'
import {
  deriveRecordKeys,
  seal,
  secretFileId,
  unseal,
  versionFileName,
  writeFileAtomically,
} from '../../src/stores/local-records.js'
import {CANARY} from './local-store-fixture.js'

describe('local store records', function () {
  const keys = deriveRecordKeys(randomBytes(32))
  const plaintext = Buffer.from(CANARY)

  it('seals so that only the same key and identity open it', function () {
    const sealed = seal(keys.encryption, plaintext, 'secrets/abc/secret.rec')
    assert.equal(sealed.indexOf(plaintext), -1)
    assert.ok(unseal(keys.encryption, sealed, 'secrets/abc/secret.rec', 'test record').equals(plaintext))
    assert.throws(() => unseal(keys.encryption, sealed, 'secrets/def/secret.rec', 'test record'), IntegrityError)
    assert.throws(
      () => unseal(deriveRecordKeys(randomBytes(32)).encryption, sealed, 'secrets/abc/secret.rec', 'test record'),
      IntegrityError,
    )
  })

  it('uses a fresh IV for every write, so equal values never look equal on disk', function () {
    const first = seal(keys.encryption, plaintext, 'id')
    const second = seal(keys.encryption, plaintext, 'id')
    assert.notDeepEqual(first, second)
    assert.notDeepEqual(first.subarray(5, 17), second.subarray(5, 17))
  })

  it('detects a flipped bit in the header, the IV, the body or the tag', function () {
    const sealed = seal(keys.encryption, plaintext, 'id')
    for (const index of [0, 4, 5, 16, 17, sealed.length - 17, sealed.length - 1]) {
      const tampered = Buffer.from(sealed)
      tampered[index] ^= 0x80
      assert.throws(
        () => unseal(keys.encryption, tampered, 'id', 'record X'),
        (error: unknown) => {
          assert.ok(error instanceof IntegrityError)
          assert.match(error.message, /record X/)
          assert.ok(!error.message.includes(CANARY))
          return true
        },
      )
    }
  })

  it('reports a record cut short as truncated', function () {
    const sealed = seal(keys.encryption, plaintext, 'id')
    for (const length of [0, 10, 32]) {
      assert.throws(() => unseal(keys.encryption, sealed.subarray(0, length), 'id', 'record Y'), /truncated/)
    }

    assert.throws(
      () => unseal(keys.encryption, sealed.subarray(0, sealed.length - 1), 'id', 'record Y'),
      IntegrityError,
    )
  })

  it('derives separate keys for sealing, naming and the key check', function () {
    assert.notDeepEqual(keys.encryption, keys.naming)
    assert.equal(keys.check.length, 32)
    const again = deriveRecordKeys(Buffer.from(keys.encryption))
    assert.notEqual(again.check, keys.check)
  })

  it('names secret directories opaquely and per store, and version files by a hash', function () {
    const id = secretFileId(keys, 'prod/billing/db')
    assert.match(id, /^[0-9a-f]{40}$/)
    assert.equal(secretFileId(keys, 'prod/billing/db'), id)
    assert.notEqual(secretFileId(keys, 'prod/billing/DB'), id, 'names are case-sensitive')
    assert.notEqual(
      secretFileId(deriveRecordKeys(randomBytes(32)), 'prod/billing/db'),
      id,
      'another store, another name',
    )
    assert.match(versionFileName('d5d128a1-e756-4e32-b221-94a76b6d81d1'), /^v-[0-9a-f]{32}\.rec$/)
  })

  it('writes files atomically with mode 0600 and leaves no temp file behind', async function () {
    const directory = await mkdtemp(join(tmpdir(), 'secretsmith-records-'))
    try {
      const path = join(directory, 'record.rec')
      await writeFile(path, 'old', {mode: 0o644})
      await writeFileAtomically(path, Buffer.from('new'))
      assert.equal(await readFile(path, 'utf8'), 'new')
      assert.equal((await stat(path)).mode & 0o777, 0o600)
      assert.deepEqual(await readdir(directory), ['record.rec'])
    } finally {
      await rm(directory, {recursive: true, force: true})
    }
  })

  it('removes its temp file when the write cannot complete', async function () {
    const directory = await mkdtemp(join(tmpdir(), 'secretsmith-records-'))
    try {
      // Renaming a file over a directory fails after the temp file was written.
      const blocker = join(directory, 'occupied')
      await writeFile(join(directory, 'keep'), 'x')
      await mkdir(join(blocker, 'child'), {recursive: true})
      await assert.rejects(writeFileAtomically(blocker, Buffer.from(CANARY)))
      assert.deepEqual((await readdir(directory)).sort(), ['keep', 'occupied'])
    } finally {
      await rm(directory, {recursive: true, force: true})
    }
  })
})
