import {SecretsmithCommand} from '../../base-command.js'
import {optionalNameArg} from '../../command-args.js'
import {clearCache} from '../../consume/cache-report.js'
import {openSecretCache} from '../../consume/cache-setup.js'
import {plural} from '../../wording.js'

export default class CacheClear extends SecretsmithCommand<typeof CacheClear> {
  static override summary = 'Empty the client-side cache, or drop one secret from it.'
  static override description = `With NAME, every cached version of that secret (read by that name or ARN, from any account or region) is dropped; without, everything. The next read asks the store. Writes made through secretsmith already drop their secret's entries; this is for changes made elsewhere.`

  static override examples = [
    {
      description: 'After rotating a secret in the console',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db',
    },
    {description: 'Everything', command: '<%= config.bin %> <%= command.id %>'},
  ]

  static override args = {
    name: optionalNameArg('Name or ARN of the secret (default: every cached secret)'),
  }

  async run() {
    const {args} = this
    const cache = openSecretCache(this.storeOptions())
    const removed = await clearCache(cache, args.name)
    this.note(
      `${args.name === undefined ? 'Cleared' : `Dropped ${args.name}:`} ${plural(removed, 'cached entry', 'cached entries')} (${cache.directory}).`,
    )
    return {directory: cache.directory, removed, ...(args.name === undefined ? {} : {name: args.name})}
  }
}
