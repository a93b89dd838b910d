import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {describeSecret} from '../history/secret-overview.js'
import {formatSecretDetails} from '../output/secret-details.js'
import {writeWarning} from '../wording.js'

export default class Describe extends SecretsmithCommand<typeof Describe> {
  static override summary =
    "Show a secret's metadata: description, tags, dates, rotation, versions with their labels and created dates (never the value)."

  static override examples = [
    '<%= config.bin %> <%= command.id %> prod/billing/db',
    '<%= config.bin %> <%= command.id %> demo/api-key --store local --json',
  ]

  static override args = {
    name: nameArg(),
  }

  async run() {
    const {secret, versions, store} = await describeSecret(
      {store: await this.store(), warn: writeWarning},
      this.args.name,
    )
    if (!this.jsonEnabled()) this.log(formatSecretDetails(secret, store, versions))
    // `versions` stays the id → labels map it always was; the dated list is beside it.
    return {...secret, versionList: versions, store}
  }
}
