// The local store's index (index.rec): how many times each secret's record was committed,
// sealed with the store key like every record, so that someone who can write the store's
// files cannot put an older copy of a secret back (a rollback) or remove a secret, unnoticed.
// Each secret.rec carries its own write count; the index holds the last one committed.
//
// Crash safety: a write commits the record first and the index after it, under the store
// lock, so a crash between the two leaves a record one write ahead of the index. That is
// accepted (count = index or index + 1) and the next write to that secret catches the index
// up. A secret is removed by first writing a "gone" entry one past its last count, then
// removing its directory: a record left behind by a crash between the two is exactly one
// behind and reads as removed. A store from before the index (records without a count) is
// indexed on its first write; once records carry counts, a missing index is tampering.
//
// Limit: someone who can write the store can put back the whole store, index included, as it
// was at an earlier time; nothing inside the store can tell. The ancestors check
// (local-trust.ts) keeps other users from doing so; backups restored deliberately are that case.
// A read recording its access date rewrites the record without moving its count (local-write.ts
// recordAccess), so the copy from just before such a read can be put back: it differs only in
// that date.
import {join} from 'node:path'

import {IntegrityError, missingIndexError, removedRecordError, rolledBackRecordError} from '../errors.js'
import {type RecordKeys, listSecretFileIds, seal, unseal, writeFileAtomically} from './local-records.js'
import {readTrustedFile} from './local-trust.js'

const INDEX_FILE = 'index.rec'
const INDEX_IDENTITY = 'index'
const INDEX_FORMAT = 1

export interface IndexEntry {
  /** The write count of the secret's last committed record (for a gone one: one past it). */
  w: number
  /** Set when the secret was removed (force-deleted, purged, replaced by a new create). */
  gone?: true
}

export interface StoreIndex {
  format: typeof INDEX_FORMAT
  secrets: Record<string, IndexEntry>
}

/** The part of an open store the index needs (local-read.ts's OpenStore has more). */
interface IndexedStore {
  readonly directory: string
  readonly keys: RecordKeys
}

/** What the index says about one record just read: use it, treat it as absent, or refuse it. */
export type IndexVerdict = {use: true} | {use: false} | {error: IntegrityError}

export function indexPath(store: Pick<IndexedStore, 'directory'>): string {
  return join(store.directory, INDEX_FILE)
}

/** The index, or undefined when the store has none yet (made before the index existed). */
export async function readIndex(store: IndexedStore): Promise<StoreIndex | undefined> {
  const path = indexPath(store)
  const sealed = await readTrustedFile(path, "local store's index")
  if (sealed === undefined) return undefined
  const plaintext = unseal(store.keys.encryption, sealed, INDEX_IDENTITY, path)
  let index: StoreIndex
  try {
    index = JSON.parse(plaintext.toString('utf8')) as StoreIndex
  } catch {
    throw new IntegrityError(`The local store index ${path} authenticated but does not parse; it was not used.`)
  }

  if (index?.format !== INDEX_FORMAT || typeof index.secrets !== 'object' || index.secrets === null) {
    throw new IntegrityError(`The local store index ${path} is from an unknown format; it was not used.`)
  }

  return index
}

export async function writeIndex(store: IndexedStore, index: StoreIndex): Promise<void> {
  const sealed = seal(store.keys.encryption, Buffer.from(JSON.stringify(index), 'utf8'), INDEX_IDENTITY)
  await writeFileAtomically(indexPath(store), sealed)
}

/**
 * Checks a record read (or found missing) against the index. `writeCount` is the record's
 * count, undefined for a record from before the index; `exists` whether there was a record.
 */
export function verifyRecord(
  index: StoreIndex | undefined,
  fileId: string,
  record: {exists: false} | {exists: true; writeCount: number | undefined},
  where: {what: string; directory: string; indexFile: string},
): IndexVerdict {
  const {what, directory} = where
  if (!index) {
    if (record.exists && record.writeCount !== undefined) return {error: missingIndexError(where.indexFile)}
    return {use: true}
  }

  const entry = index.secrets[fileId]
  if (!record.exists) {
    return entry && !entry.gone ? {error: removedRecordError(what, directory)} : {use: false}
  }

  const count = record.writeCount ?? 0
  const expected = entry?.w ?? 0
  if (entry?.gone) {
    // One behind: the directory of a removed secret that a crash left behind. One ahead: a new create.
    if (count === expected - 1) return {use: false}
    if (count === expected + 1) return {use: true}
    return {error: rolledBackRecordError(what, count, expected)}
  }

  if (count === expected || count === expected + 1) return {use: true}
  return {error: rolledBackRecordError(what, count, expected)}
}

/**
 * The index for a write, under the lock: read it, or build it from the records of a store
 * made before the index (and write it before anything else is written). Records that carry
 * counts without an index mean the index was removed: that is refused, not rebuilt.
 */
export async function indexForWrite(
  store: IndexedStore,
  readCount: (fileId: string) => Promise<{exists: boolean; writeCount: number | undefined}>,
): Promise<StoreIndex> {
  const existing = await readIndex(store)
  if (existing) return existing
  const index: StoreIndex = {format: INDEX_FORMAT, secrets: {}}
  for (const fileId of (await listSecretFileIds(store)) ?? []) {
    let found: {exists: boolean; writeCount: number | undefined}
    try {
      found = await readCount(fileId)
    } catch (error) {
      // A damaged record is reported when it is read; it is simply not indexed.
      if (error instanceof IntegrityError) continue
      throw error
    }

    if (!found.exists) continue
    if (found.writeCount !== undefined) throw missingIndexError(indexPath(store))
    index.secrets[fileId] = {w: 0}
  }

  await writeIndex(store, index)
  return index
}
