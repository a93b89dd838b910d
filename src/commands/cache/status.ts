import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../../base-command.js'
import {cacheFlags} from '../../cache-flags.js'
import {cacheStatus} from '../../consume/cache-report.js'
import {cacheSettings, openSecretCache} from '../../consume/cache-setup.js'
import {formatCacheStatus} from '../../output/cache-status.js'

export default class CacheStatus extends SecretsmithCommand<typeof CacheStatus> {
  static override summary = 'Show what the client-side cache holds: entries, ages, hits and misses; never values.'
  static override description = `Secret names are shown only with --names (which reads the cache key; the counts and ages do not).`

  static override examples = [
    {description: 'Counts and ages', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Which secrets are cached, and how fresh', command: '<%= config.bin %> <%= command.id %> --names'},
  ]

  static override flags = {
    names: Flags.boolean({summary: 'List the cached secrets by name.'}),
    'cache-ttl': cacheFlags['cache-ttl'],
  }

  async run() {
    const {flags} = this
    const status = await cacheStatus(openSecretCache(this.storeOptions()), cacheSettings(flags), {names: flags.names})
    if (!this.jsonEnabled()) this.log(await formatCacheStatus(status))
    return status
  }
}
