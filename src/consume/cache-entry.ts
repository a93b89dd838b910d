// The client-side cache's on-disk entry format, apart from any file I/O. An entry is one
// secret version as last read from the store, sealed with AES-256-GCM under the cache key
// (fresh 96-bit IV per write). A small plaintext header (when it was fetched) lets
// `cache status` report ages without the key; it is bound into the authenticated data with
// the entry's file name, so neither an edited header (to stretch the TTL) nor an entry
// copied over another is ever used.
import {createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes} from 'node:crypto'

import {SecretValue} from '../secret-value.js'
import type {SecretVersionValue} from '../stores/store.js'

const MAGIC = Buffer.from('SSC1', 'ascii')
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_LENGTH_BYTES = 2
export const CACHE_KEY_BYTES = 32

/** Which version a cached read asked for: a version id, or the version holding a stage. */
export type VersionSelector = {versionId: string} | {versionStage: string}

export interface CacheEntryHeader {
  /** When the value was last confirmed against the store (ms since the epoch); the TTL runs from here. */
  fetchedAt: number
}

/** What an entry holds once opened. */
export interface CacheEntry {
  /** The store target it was read from (see cache-scope.ts). */
  scope: string
  /** The name or ARN the read asked for. */
  secretId: string
  selector: VersionSelector
  /** The account in the ARN the store answered with, for `cache status --names`. */
  account?: string
  secret: SecretVersionValue
  fetchedAt: number
}

interface SealedPayload {
  scope: string
  secretId: string
  selector: VersionSelector
  name: string
  arn: string
  versionId: string
  stages: string[]
  createdDate: string
  binary: boolean
  value: string
}

export function deriveEntryKey(cacheKey: Buffer): Buffer {
  if (cacheKey.length !== CACHE_KEY_BYTES) throw new TypeError(`a cache key is ${CACHE_KEY_BYTES} bytes`)
  return Buffer.from(hkdfSync('sha256', cacheKey, Buffer.alloc(0), 'secretsmith/cache/entry-encryption', 32))
}

/** The key's fingerprint kept in cache.json, so a key that does not match is noticed, not used. */
export function keyCheckOf(cacheKey: Buffer): string {
  return Buffer.from(hkdfSync('sha256', cacheKey, Buffer.alloc(0), 'secretsmith/cache/key-check', 16)).toString('hex')
}

function selectorText(selector: VersionSelector): string {
  return 'versionId' in selector ? `id:${selector.versionId}` : `stage:${selector.versionStage}`
}

/**
 * An entry's file name: `<secret part>.<version part>`. Both are keyed hashes (under the
 * cache's naming salt), so nothing on disk spells out a name, and every entry of one secret in
 * one target shares a prefix that invalidation finds without the encryption key.
 */
export function entryFileName(namingSalt: Buffer, scope: string, secretId: string, selector: VersionSelector): string {
  return `${secretFilePrefix(namingSalt, scope, secretId)}${hmacHex(namingSalt, `${scope}\0${secretId}\0${selectorText(selector)}`, 16)}.entry`
}

export function secretFilePrefix(namingSalt: Buffer, scope: string, secretId: string): string {
  return `${hmacHex(namingSalt, `${scope}\0${secretId}`, 32)}.`
}

export function isEntryFileName(fileName: string): boolean {
  return /^[0-9a-f]{32}\.[0-9a-f]{16}\.entry$/.test(fileName)
}

export function sealEntry(entryKey: Buffer, fileName: string, entry: CacheEntry): Buffer {
  const {secret} = entry
  const payload: SealedPayload = {
    scope: entry.scope,
    secretId: entry.secretId,
    selector: entry.selector,
    name: secret.name,
    arn: secret.arn,
    versionId: secret.versionId,
    stages: secret.stages,
    createdDate: secret.createdDate.toISOString(),
    binary: secret.value.isBinary,
    value: secret.value.revealBytes().toString('base64'),
  }
  const header = Buffer.from(JSON.stringify({fetchedAt: entry.fetchedAt} satisfies CacheEntryHeader), 'utf8')
  const headerLength = Buffer.alloc(HEADER_LENGTH_BYTES)
  headerLength.writeUInt16BE(header.length)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', entryKey, iv)
  cipher.setAAD(additionalData(fileName, header))
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()])
  return Buffer.concat([MAGIC, headerLength, header, iv, cipher.getAuthTag(), body])
}

/** The plaintext header, or undefined for a file that is not a cache entry. Not authenticated: for display only. */
export function readEntryHeader(sealed: Buffer): CacheEntryHeader | undefined {
  return splitEntry(sealed)?.header
}

/** Opens an entry, or undefined if it is damaged, tampered with, moved, or sealed under another key. */
export function openEntry(entryKey: Buffer, fileName: string, sealed: Buffer): CacheEntry | undefined {
  const parts = splitEntry(sealed)
  if (!parts) return undefined
  let plaintext: Buffer
  try {
    const decipher = createDecipheriv('aes-256-gcm', entryKey, parts.iv)
    decipher.setAAD(additionalData(fileName, parts.headerBytes))
    decipher.setAuthTag(parts.tag)
    plaintext = Buffer.concat([decipher.update(parts.body), decipher.final()])
  } catch {
    return undefined
  }

  let payload: SealedPayload
  try {
    payload = JSON.parse(plaintext.toString('utf8')) as SealedPayload
  } catch {
    return undefined
  } finally {
    plaintext.fill(0)
  }

  const bytes = Buffer.from(payload.value, 'base64')
  const value = payload.binary ? SecretValue.fromBinary(bytes) : SecretValue.fromText(bytes.toString('utf8'))
  bytes.fill(0)
  const account = payload.arn.split(':')[4]
  return {
    scope: payload.scope,
    secretId: payload.secretId,
    selector: payload.selector,
    ...(account && /^\d{12}$/.test(account) ? {account} : {}),
    fetchedAt: parts.header.fetchedAt,
    secret: {
      name: payload.name,
      arn: payload.arn,
      versionId: payload.versionId,
      stages: payload.stages,
      createdDate: new Date(payload.createdDate),
      value,
    },
  }
}

function splitEntry(
  sealed: Buffer,
): {header: CacheEntryHeader; headerBytes: Buffer; iv: Buffer; tag: Buffer; body: Buffer} | undefined {
  const fixed = MAGIC.length + HEADER_LENGTH_BYTES
  if (sealed.length < fixed || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
  const headerEnd = fixed + sealed.readUInt16BE(MAGIC.length)
  if (sealed.length < headerEnd + IV_BYTES + TAG_BYTES) return undefined
  const headerBytes = sealed.subarray(fixed, headerEnd)
  let header: CacheEntryHeader
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as CacheEntryHeader
  } catch {
    return undefined
  }

  if (typeof header?.fetchedAt !== 'number' || !Number.isFinite(header.fetchedAt)) return undefined
  return {
    header,
    headerBytes,
    iv: sealed.subarray(headerEnd, headerEnd + IV_BYTES),
    tag: sealed.subarray(headerEnd + IV_BYTES, headerEnd + IV_BYTES + TAG_BYTES),
    body: sealed.subarray(headerEnd + IV_BYTES + TAG_BYTES),
  }
}

function additionalData(fileName: string, header: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`secretsmith/cache/v1/${fileName}\0`, 'utf8'), header])
}

function hmacHex(key: Buffer, text: string, length: number): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex').slice(0, length)
}
