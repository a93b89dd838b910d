// The client-side cache's key and manifest (cache.json), kept where the local store keeps
// its key: the OS keychain (service "secretsmith", account = the cache directory), or where
// no keychain answers a 0600 key file in the 0700 cache directory, with a warning the one time
// that file is created (SECRETSMITH_KEYCHAIN=off asks for the file outright: a --debug line).
// Unlike the local store, a cache can always be rebuilt from the store: a missing or damaged
// key starts an empty cache rather than failing the read.
import {randomBytes} from 'node:crypto'
import {join, resolve} from 'node:path'

import {KEYCHAIN_SERVICE, type Keychain, KeychainUnavailableError} from '../keychain.js'
import {readFileIfExists, syncDirectory, writeFileAtomically} from '../stores/local-records.js'
import {readTrustedFile} from '../stores/local-trust.js'
import {CACHE_KEY_BYTES, keyCheckOf} from './cache-entry.js'

const CACHE_MANIFEST_FILE = 'cache.json'
const CACHE_KEY_FILE = 'cache.key'
const MANIFEST_FORMAT = 1

export interface CacheManifest {
  format: number
  keySource: 'keychain' | 'file'
  keychainAccount?: string
  keyCheck: string
  /** Keys the entry file names; not the encryption key, so invalidating needs no keychain. */
  namingSalt: string
  createdDate: string
}

export interface CacheKeyContext {
  directory: string
  keychain: Keychain | undefined
  warn: (message: string) => void
  debug: (message: string) => void
}

/** The manifest, or undefined when there is none or it is unreadable (the cache then starts over). */
export async function readCacheManifest(directory: string): Promise<CacheManifest | undefined> {
  const raw = await readFileIfExists(join(directory, CACHE_MANIFEST_FILE))
  if (raw === undefined) return undefined
  try {
    const manifest = JSON.parse(raw.toString('utf8')) as Partial<CacheManifest>
    const valid =
      manifest?.format === MANIFEST_FORMAT &&
      (manifest.keySource === 'keychain' || manifest.keySource === 'file') &&
      typeof manifest.keyCheck === 'string' &&
      typeof manifest.namingSalt === 'string'
    return valid ? (manifest as CacheManifest) : undefined
  } catch {
    return undefined
  }
}

/**
 * The cache key of an existing cache, or undefined when it cannot be found or does not match
 * (the caller then starts an empty cache). Throws KeychainUnavailableError when the keychain
 * holding it does not answer: that is passing, so the cache is bypassed, not reset.
 */
export async function loadCacheKey(context: CacheKeyContext, manifest: CacheManifest): Promise<Buffer | undefined> {
  let encoded: string | undefined
  if (manifest.keySource === 'file') {
    const path = join(context.directory, CACHE_KEY_FILE)
    // Refused (exit 2) when another user owns it or can write it: they could have chosen the key.
    const raw = await readTrustedFile(path, 'cache key file', ({mode}) => {
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        context.warn(
          `The cache key file ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
        )
      }
    })
    if (raw === undefined) return undefined

    encoded = raw.toString('utf8')
  } else {
    // The keychain was switched off after the cache was made: start over with a key file.
    if (!context.keychain) return undefined
    encoded = await context.keychain.get(manifest.keychainAccount ?? resolve(context.directory))
  }

  const key = decodeKey(encoded)
  return key && keyCheckOf(key) === manifest.keyCheck ? key : undefined
}

/** Makes a new key (keychain first, key file otherwise) and the manifest that says where it is. */
export async function createCacheKey(
  context: CacheKeyContext,
  now: Date,
): Promise<{key: Buffer; manifest: CacheManifest}> {
  const key = randomBytes(CACHE_KEY_BYTES)
  const base = {
    format: MANIFEST_FORMAT,
    keyCheck: keyCheckOf(key),
    namingSalt: randomBytes(32).toString('base64'),
    createdDate: now.toISOString(),
  }
  let fallbackReason: string | undefined
  if (context.keychain) {
    const account = resolve(context.directory)
    try {
      const encoded = key.toString('base64')
      await context.keychain.set(account, encoded)
      // Some backends accept a write they cannot read back (a session keyring that is not persisted).
      if ((await context.keychain.get(account)) !== encoded)
        throw new KeychainUnavailableError('it did not return the key it was given')
      context.debug(`cache key kept in the OS keychain (service ${KEYCHAIN_SERVICE})`)
      return {key, manifest: {...base, keySource: 'keychain', keychainAccount: account}}
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error
      fallbackReason = error.reason
      context.debug(`OS keychain unavailable for the cache key: ${fallbackReason}`)
    }
  }

  const path = join(context.directory, CACHE_KEY_FILE)
  // Replaced, never appended to: an old key file here belongs to a cache being started over.
  await writeFileAtomically(path, `${key.toString('base64')}\n`)
  await syncDirectory(context.directory)
  if (fallbackReason === undefined) {
    context.debug(`cache key kept in ${path} (SECRETSMITH_KEYCHAIN=off)`)
  } else {
    context.warn(
      `No OS keychain answered (${fallbackReason}); the cache key is kept in the file ${path} (mode 0600). ` +
        'Anyone who can read that file can read cached secrets; --no-cache or SECRETSMITH_CACHE=off turns the cache off.',
    )
  }

  return {key, manifest: {...base, keySource: 'file'}}
}

export async function writeCacheManifest(directory: string, manifest: CacheManifest): Promise<void> {
  await writeFileAtomically(join(directory, CACHE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
}

function decodeKey(encoded: string | undefined): Buffer | undefined {
  const text = encoded?.trim()
  if (!text || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined
  const key = Buffer.from(text, 'base64')
  return key.length === CACHE_KEY_BYTES ? key : undefined
}
