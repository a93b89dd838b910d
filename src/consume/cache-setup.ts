// How a command gets its client-side cache: whether it is on (--no-cache, SECRETSMITH_CACHE),
// the TTL (--cache-ttl, SECRETSMITH_CACHE_TTL), the cache itself (under the XDG cache
// directory, its key where the local store keeps its key) and the read context that ties
// them to the store the command opened.
import {UsageError} from '../errors.js'
import {keychainDisabledByEnvironment, osKeychain} from '../keychain.js'
import {resolveCacheDir} from '../paths.js'
import type {SecretStore, StoreKind, StoreOptions} from '../stores/store.js'
import {invalidatingCacheOnWrite} from './cache-invalidation.js'
import {cacheScope, scopeFromRegion} from './cache-scope.js'
import type {CachedReadContext} from './read-through.js'
import {SecretCache} from './secret-cache.js'
import {plural} from '../wording.js'

/**
 * The Secrets Manager Agent's default refresh interval (ttl_seconds); the ceiling is a day, as
 * in the config file (a copy kept longer than that outlives the rotations it should follow).
 */
export const DEFAULT_CACHE_TTL_SECONDS = 300
export const MAX_CACHE_TTL_SECONDS = 86_400
const CACHE_ENV = 'SECRETSMITH_CACHE'
const CACHE_TTL_ENV = 'SECRETSMITH_CACHE_TTL'

type Environment = Record<string, string | undefined>

export interface CacheFlagValues {
  cache?: boolean
  'cache-ttl'?: number
  'allow-stale'?: boolean
}

export interface CacheSettings {
  enabled: boolean
  ttlMs: number
  allowStale: boolean
}

export function cacheSettings(flags: CacheFlagValues, env: Environment = process.env): CacheSettings {
  const switchedOff = /^(off|0|false|no)$/i.test(env[CACHE_ENV]?.trim() ?? '')
  let ttlSeconds = flags['cache-ttl']
  if (ttlSeconds === undefined && env[CACHE_TTL_ENV] !== undefined && env[CACHE_TTL_ENV].trim() !== '') {
    const parsed = Number(env[CACHE_TTL_ENV].trim())
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > MAX_CACHE_TTL_SECONDS) {
      throw new UsageError(`${CACHE_TTL_ENV} must be a whole number of seconds from 0 to ${MAX_CACHE_TTL_SECONDS}.`)
    }

    ttlSeconds = parsed
  }

  const ttlMs = (ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS) * 1000
  return {enabled: flags.cache !== false && !switchedOff && ttlMs > 0, ttlMs, allowStale: flags['allow-stale'] ?? false}
}

export function openSecretCache(
  options: Pick<StoreOptions, 'warn' | 'debug'>,
  env: Environment = process.env,
): SecretCache {
  return new SecretCache({
    directory: resolveCacheDir(env),
    keychain: keychainDisabledByEnvironment(env) ? undefined : osKeychain(),
    warn: options.warn ?? (() => {}),
    debug: options.debug ?? (() => {}),
  })
}

/**
 * The store as a command should use it: on a cached target, every write through it drops the
 * cached copies of what it wrote. Applied once, where commands open their store.
 */
export function withCacheInvalidation(
  store: SecretStore,
  kind: StoreKind,
  options: StoreOptions,
  env: Environment = process.env,
): SecretStore {
  if (kind !== 'aws') return store
  const cache = openSecretCache(options, env)
  return invalidatingCacheOnWrite(store, async (secretIds) => {
    try {
      const scope = cacheScope(kind, options, env) ?? scopeFromRegion((await store.target()).region ?? '', options, env)
      const removed = await cache.invalidate(scope, secretIds)
      if (removed > 0)
        options.debug?.(`cache: dropped ${plural(removed, 'cached entry', 'cached entries')} after the write`)
    } catch (error) {
      options.warn?.(
        `the cached copy of ${secretIds[0]} could not be dropped (${(error as NodeJS.ErrnoException).code ?? 'error'}); run: secretsmith cache clear ${secretIds[0]}`,
      )
    }
  })
}

/** The read context of a command: its store (opened only on a miss), its cache and its target's scope. */
export function cachedReadContext(
  kind: StoreKind,
  options: StoreOptions,
  settings: CacheSettings,
  openStore: () => Promise<SecretStore>,
  env: Environment = process.env,
): CachedReadContext {
  const cheapScope = cacheScope(kind, options, env)
  return {
    store: openStore,
    cache: settings.enabled && kind === 'aws' ? openSecretCache(options, env) : undefined,
    async scope() {
      if (cheapScope) return cheapScope
      // The region comes from a profile only the SDK reads: ask the opened store.
      const {region} = await (await openStore()).target()
      return region ? scopeFromRegion(region, options, env) : undefined
    },
    ttlMs: settings.ttlMs,
    allowStale: settings.allowStale,
    warn: options.warn ?? (() => {}),
    debug: options.debug ?? (() => {}),
  }
}
