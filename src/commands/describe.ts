import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {formatSecretDetails} from '../output/secret-details.js'

export default class Describe extends SecretsmithCommand<typeof Describe> {
  static override summary =
    "Show a secret's metadata: description, tags, dates, rotation, versions and stages (never the value)."

  static override examples = [
    '<%= config.bin %> <%= command.id %> prod/billing/db',
    '<%= config.bin %> <%= command.id %> demo/api-key --store local --json',
  ]

  static override args = {
    name: nameArg(),
  }

  async run() {
    const store = await this.store()
    const secret = await store.describe(this.args.name)
    const target = await store.target()
    if (!this.jsonEnabled()) this.log(formatSecretDetails(secret, target))
    return {...secret, store: target}
  }
}
