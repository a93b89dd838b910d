import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {formatWriteSummary} from '../output/write-summary.js'

export default class Restore extends SecretsmithCommand<typeof Restore> {
  static override summary = 'Cancel the scheduled deletion of a secret within its recovery window.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> prod/billing/db',
    '<%= config.bin %> <%= command.id %> demo/api-key --store local',
  ]

  static override args = {
    name: nameArg(),
  }

  async run() {
    const store = await this.store()
    const secret = await store.describe(this.args.name)
    const target = await store.target()
    if (!secret.deletedDate) {
      const summary = formatWriteSummary({
        action: 'Unchanged',
        name: secret.name,
        target,
        arn: secret.arn,
        detail: 'it is not scheduled for deletion',
      })
      this.note(summary)
      return {action: 'unchanged', name: secret.name, arn: secret.arn, store: target, summary}
    }

    const restored = await store.restore(this.args.name)
    const summary = formatWriteSummary({
      action: 'Restored',
      name: restored.name,
      target,
      arn: restored.arn,
      detail: 'deletion cancelled; the secret is usable again',
    })
    this.note(summary)
    return {action: 'restored', ...restored, store: target, summary}
  }
}
