// The flags of the commands that read through the client-side cache (get, exec, export).
import {Flags} from '@oclif/core'

import {DEFAULT_CACHE_TTL_SECONDS, MAX_CACHE_TTL_SECONDS} from './consume/cache-setup.js'

export const cacheFlags = {
  cache: Flags.boolean({
    default: true,
    allowNo: true,
    summary:
      'Read through the encrypted client-side cache (AWS store only); --no-cache or SECRETSMITH_CACHE=off asks the store every time.',
    helpGroup: 'CACHE',
  }),
  'cache-ttl': Flags.integer({
    min: 0,
    max: MAX_CACHE_TTL_SECONDS,
    summary: `Seconds a cached value is used without asking the store (default: SECRETSMITH_CACHE_TTL or ${DEFAULT_CACHE_TTL_SECONDS}, as the Secrets Manager Agent; 0 turns caching off).`,
    helpGroup: 'CACHE',
  }),
  'allow-stale': Flags.boolean({
    summary:
      'When the store cannot be reached (network error, throttling after retries), use a cached value past its TTL, with a warning.',
    helpGroup: 'CACHE',
  }),
}
