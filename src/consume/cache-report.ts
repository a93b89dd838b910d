// `cache status` and `cache clear`: what the client-side cache holds (counts and ages; names
// only when asked, since names can be sensitive too), and emptying it whole or for one secret.
import type {CacheStatus, CacheStatusEntry} from '../output/cache-status.js'
import type {CacheSettings} from './cache-setup.js'
import {DEFAULT_MAX_ENTRIES, type SecretCache} from './secret-cache.js'

export async function cacheStatus(
  cache: SecretCache,
  settings: CacheSettings,
  options: {names: boolean; now?: number},
): Promise<CacheStatus> {
  const now = options.now ?? Date.now()
  const exists = await cache.exists()
  const infos = exists ? await cache.entries(options.names) : []
  const items = infos.map((info): CacheStatusEntry => {
    const item: CacheStatusEntry = {
      fetchedSecondsAgo: Math.max(0, Math.round((now - info.fetchedAt) / 1000)),
      lastUsedSecondsAgo: Math.max(0, Math.round((now - info.lastUsedAt) / 1000)),
      fresh: now - info.fetchedAt < settings.ttlMs,
      bytes: info.bytes,
    }
    if (info.opened) {
      const [, region, endpoint] = JSON.parse(info.opened.scope) as [string, string, string]
      const {selector} = info.opened
      Object.assign(item, {
        name: info.opened.name,
        version: 'versionId' in selector ? selector.versionId : selector.versionStage,
        region,
        ...(info.opened.account ? {account: info.opened.account} : {}),
        ...(endpoint ? {endpoint} : {}),
      })
    }

    return item
  })
  const fresh = items.filter((item) => item.fresh).length
  return {
    directory: cache.directory,
    enabled: settings.enabled,
    ttlSeconds: settings.ttlMs / 1000,
    ...(exists ? {keySource: await cache.keySource()} : {}),
    capacity: DEFAULT_MAX_ENTRIES,
    entries: items.length,
    fresh,
    expired: items.length - fresh,
    counts: await cache.stats(),
    items,
  }
}

/** Drops everything, or every entry of one secret (by name or ARN, in any target). Returns how many. */
export async function clearCache(cache: SecretCache, name?: string): Promise<number> {
  if (!(await cache.exists())) return 0
  return name === undefined ? cache.clearAll() : cache.clearSecret(name)
}
