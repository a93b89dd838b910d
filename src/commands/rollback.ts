import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {rollbackSecret} from '../history/rollback.js'
import {confirmDestructive} from '../input/confirm.js'

export default class Rollback extends SecretsmithCommand<typeof Rollback> {
  static override summary = 'Make an earlier version current again (default: the AWSPREVIOUS version); reversible.'
  static override description = `Shows the masked diff it is about to apply, asks on a terminal (elsewhere --yes is required), then moves AWSCURRENT with UpdateSecretVersionStage. The version that was current becomes AWSPREVIOUS, so running rollback again rolls forward. If someone writes in between, nothing moves and the exit code is 4. Refused (exit 4) while a version holds AWSPENDING (a rotation in progress) unless --force.`

  static override examples = [
    {description: 'Undo the last put', command: '<%= config.bin %> <%= command.id %> prod/billing/db'},
    {
      description: 'Back to a given version, in a runbook',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --to 3f1c2a9e-0b5d-4c1e-9a7f-2d8e6b4c1a00 --yes',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    to: Flags.string({summary: 'The version id to make current (default: the version labelled AWSPREVIOUS).'}),
    force: Flags.boolean({summary: 'Roll back even while a rotation is in progress (a version holds AWSPENDING).'}),
  }

  async run() {
    const {flags, args} = this
    return rollbackSecret(
      {
        store: await this.store(),
        notify: (line) => this.note(line),
        confirm: (action) => confirmDestructive({action, name: args.name, yes: flags.yes}),
        changes: this.changes,
      },
      {name: args.name, to: flags.to, force: flags.force},
    )
  }
}
