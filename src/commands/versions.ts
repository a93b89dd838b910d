import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {versionHistory} from '../history/version-history.js'
import {formatVersionHistory} from '../output/version-history.js'

export default class Versions extends SecretsmithCommand<typeof Versions> {
  static override summary =
    'List every version of a secret, newest first: labels, dates, and which keys changed (values masked).'
  static override description = `Unlabelled versions are deprecated: Secrets Manager keeps them for a while (about 100 versions per secret; unlabelled ones older than 24 hours are removed past that) and never serves them by default. Each version's value is read, in memory only, to name the keys that changed against the version before it; --no-values skips that and needs only ListSecretVersionIds.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> prod/billing/db',
    {
      description: 'Labels and dates only (one API call per page, no values read)',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --no-values --json',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    values: Flags.boolean({
      summary: 'Read each version to name the keys that changed (--no-values: labels and dates only).',
      default: true,
      allowNo: true,
    }),
  }

  async run() {
    const outcome = await versionHistory({store: await this.store()}, {name: this.args.name, values: this.flags.values})
    if (!this.jsonEnabled()) this.log(await formatVersionHistory(outcome.versions))
    return outcome
  }
}
