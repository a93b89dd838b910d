// `cache status` for humans: a few summary lines, and with --names a table of entries.
import {renderTable} from './table.js'

/** Hit, miss, refresh and stale-served counts (the cache's stats.json). */
export interface CacheCounts {
  hits: number
  misses: number
  refreshes: number
  stale: number
  since?: string
}

export interface CacheStatusEntry {
  fetchedSecondsAgo: number
  lastUsedSecondsAgo: number
  fresh: boolean
  bytes: number
  name?: string
  version?: string
  region?: string
  account?: string
  endpoint?: string
}

export interface CacheStatus {
  directory: string
  enabled: boolean
  ttlSeconds: number
  keySource?: string
  capacity: number
  entries: number
  fresh: number
  expired: number
  counts: CacheCounts
  /** Each entry, most recently used first (names only with --names). */
  items: CacheStatusEntry[]
}

/** An age in the largest unit that keeps it readable: 45s, 12m, 3h. */
export function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 120) return `${s}s`
  if (s < 7200) return `${Math.round(s / 60)}m`
  return `${Math.round(s / 3600)}h`
}

export async function formatCacheStatus(status: CacheStatus): Promise<string> {
  const {counts} = status
  const lines = [
    `Cache: ${status.directory}${status.keySource ? ` (key in ${status.keySource})` : ''}${status.enabled ? '' : ' — off for this run (--no-cache, SECRETSMITH_CACHE=off or TTL 0)'}`,
    `Entries: ${status.entries} of at most ${status.capacity}: ${status.fresh} fresh, ${status.expired} past the TTL of ${status.ttlSeconds}s`,
    `Reads: ${counts.hits} hit(s), ${counts.misses} miss(es), ${counts.refreshes} refreshed by DescribeSecret, ${counts.stale} stale served${counts.since ? ` (since ${counts.since})` : ''}`,
  ]
  if (status.items.length > 0 && status.items[0].name === undefined) {
    const ages = status.items.map((item) => item.fetchedSecondsAgo)
    lines.push(
      `Fetched between ${seconds(Math.min(...ages) * 1000)} and ${seconds(Math.max(...ages) * 1000)} ago; --names lists them.`,
    )
  }

  if (status.items.length > 0 && status.items[0].name !== undefined) {
    const rows = status.items.map((item) => [
      item.name ?? '',
      item.version ?? '',
      [item.account, item.region].filter(Boolean).join(' '),
      `${seconds(item.fetchedSecondsAgo * 1000)} ago${item.fresh ? '' : ' (expired)'}`,
      `${seconds(item.lastUsedSecondsAgo * 1000)} ago`,
    ])
    lines.push('', await renderTable(['Name', 'Version', 'Account / region', 'Fetched', 'Last used'], rows))
  }

  return lines.join('\n')
}
