import {Flags} from '@oclif/core'

import {deleteSecret} from '../authoring/delete-secret.js'
import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {isInteractive} from '../input/terminal.js'
import {DEFAULT_RECOVERY_WINDOW_DAYS, MAX_RECOVERY_WINDOW_DAYS, MIN_RECOVERY_WINDOW_DAYS} from '../stores/limits.js'

export default class Delete extends SecretsmithCommand<typeof Delete> {
  static override summary =
    'Schedule a secret for deletion after a recovery window (default 30 days), or delete it at once with --force.'
  static override description = `Asks for confirmation on a terminal; elsewhere --yes is required. --force deletes without recovery: on a terminal you type the secret's name to confirm.

Secrets Manager deletes a secret replicated to other regions only once its replicas are gone: such a delete is refused (exit 4) naming the regions, and --remove-replicas removes them first (they are deleted at once, so it is confirmed like --force).`

  static override examples = [
    {
      description: 'Recoverable for 30 days (restore undoes it)',
      command: '<%= config.bin %> <%= command.id %> demo/api-key --store local',
    },
    {
      description: 'A runbook step, recoverable for 7 days',
      command: '<%= config.bin %> <%= command.id %> prod/old-token --recovery-window-days 7 --yes',
    },
    {
      description: 'A replicated secret: remove its replicas first, then schedule the deletion',
      command: '<%= config.bin %> <%= command.id %> prod/shared-token --remove-replicas',
    },
    {
      description: 'Gone at once, no recovery',
      command: '<%= config.bin %> <%= command.id %> scratch/test --force --yes',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    'recovery-window-days': Flags.integer({
      summary: `Days the secret stays recoverable (${MIN_RECOVERY_WINDOW_DAYS}–${MAX_RECOVERY_WINDOW_DAYS}).`,
      default: DEFAULT_RECOVERY_WINDOW_DAYS,
      min: MIN_RECOVERY_WINDOW_DAYS,
      max: MAX_RECOVERY_WINDOW_DAYS,
      exclusive: ['force'],
    }),
    force: Flags.boolean({summary: 'Delete at once, without any recovery window.'}),
    'remove-replicas': Flags.boolean({
      summary:
        "First remove the secret's replicas in other regions (at once, no recovery; confirmed like --force), then delete it.",
    }),
  }

  async run() {
    const {flags, args} = this
    return deleteSecret(
      {store: await this.store(), notify: (line) => this.note(line)},
      {
        name: args.name,
        force: flags.force,
        recoveryWindowDays: flags['recovery-window-days'],
        removeReplicas: flags['remove-replicas'],
        yes: flags.yes,
        interactive: isInteractive(),
      },
    )
  }
}
