import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {confirmDestructive} from '../input/confirm.js'
import {isInteractive} from '../input/terminal.js'
import {formatDate} from '../output/secret-details.js'
import {formatWriteSummary} from '../output/write-summary.js'
import {DEFAULT_RECOVERY_WINDOW_DAYS, MAX_RECOVERY_WINDOW_DAYS, MIN_RECOVERY_WINDOW_DAYS} from '../stores/limits.js'
import {suggestCommand} from '../command-hint.js'

export default class Delete extends SecretsmithCommand<typeof Delete> {
  static override summary =
    'Schedule a secret for deletion after a recovery window (default 30 days), or delete it at once with --force.'
  static override description = `Asks for confirmation on a terminal; elsewhere --yes is required. --force deletes without recovery: on a terminal you type the secret's name to confirm.`

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
  }

  async run() {
    const {flags, args} = this
    const store = await this.store()
    const secret = await store.describe(args.name) // fail with "not found" before asking anything
    const target = await store.target()
    if (secret.deletedDate && !flags.force) {
      // Already scheduled: a re-run (retry, runbook repeated) changes nothing, and says so
      // rather than pretending a new recovery window was applied.
      const detail = `already scheduled for deletion on ${formatDate(secret.deletedDate)}; to choose another window, restore it and delete again`
      const summary = formatWriteSummary({action: 'Unchanged', name: secret.name, target, arn: secret.arn, detail})
      this.note(summary)
      return {
        action: 'unchanged',
        name: secret.name,
        arn: secret.arn,
        deletionDate: secret.deletedDate,
        store: target,
        summary,
      }
    }

    const action = flags.force
      ? `Permanently delete ${secret.name} from ${target.label} (no recovery)`
      : `Schedule ${secret.name} in ${target.label} for deletion in ${flags['recovery-window-days']} days`
    await confirmDestructive({
      action,
      name: secret.name,
      yes: flags.yes,
      requireTypedName: flags.force && isInteractive(),
    })

    const deleted = await store.delete(
      args.name,
      flags.force ? {force: true, existenceChecked: true} : {recoveryWindowDays: flags['recovery-window-days']},
    )
    const detail = flags.force
      ? 'deleted without recovery'
      : `deletion scheduled for ${formatDate(deleted.deletionDate)}; undo before then with: ${suggestCommand('restore', deleted.name)}`
    const summary = formatWriteSummary({
      action: flags.force ? 'Deleted' : 'Scheduled deletion of',
      name: deleted.name,
      target,
      arn: deleted.arn,
      detail,
    })
    this.note(summary)
    return {action: flags.force ? 'deleted' : 'scheduled-deletion', ...deleted, store: target, summary}
  }
}
