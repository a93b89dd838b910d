import {Flags} from '@oclif/core'

import {putSecret} from '../authoring/write-secret.js'
import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {diffValues} from '../history/value-diff.js'
import {confirmDestructive} from '../input/confirm.js'
import {chooseValueSource} from '../input/read-secret.js'
import {isInteractive} from '../input/terminal.js'
import {formatValueDiff} from '../output/value-diff.js'

export default class Edit extends SecretsmithCommand<typeof Edit> {
  static override summary =
    'Edit the current value in $VISUAL / $EDITOR, review the masked diff, and store it as a new version.'
  static override description = `The put --edit flow as its own verb: the current value opens in your editor (a private temp file in memory where possible, removed afterwards); after you save and quit, the new value is validated (a save that is not valid JSON or fails the schema opens the editor again on what you saved, the problems noted at the top; an empty save cancels), the masked diff is shown, and you confirm before anything is written. Written only if nobody changed the secret in the meantime (exit 4 otherwise). Needs a terminal.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> prod/app/config',
    {
      description: 'With another editor',
      command: 'EDITOR="code --wait" <%= config.bin %> <%= command.id %> demo/config --store local',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    schema: Flags.string({summary: 'Validate against this schema instead of the one recorded on the secret.'}),
    'if-version': Flags.string({summary: 'Write only if AWSCURRENT is still this version id (exit 4 otherwise).'}),
    'keep-newline': Flags.boolean({summary: 'Keep the trailing newline the editor leaves.'}),
    strict: Flags.boolean({
      summary: 'Treat every warning as an error (exit 5, nothing written).',
      env: 'SECRETSMITH_STRICT',
    }),
  }

  async run() {
    const {flags, args} = this
    const source = chooseValueSource(
      {edit: true, 'keep-newline': flags['keep-newline']},
      {interactive: isInteractive()},
    )
    return putSecret(
      {
        ...(await this.authoringContext(flags.strict)),
        review: async (current, next) => {
          this.note(formatValueDiff(args.name, {label: 'current'}, {label: 'edited'}, diffValues(current, next)))
          await confirmDestructive({
            action: `Write the edited value of ${args.name} as a new version`,
            name: args.name,
            yes: flags.yes,
          })
        },
      },
      {name: args.name, source, schema: flags.schema, ifVersion: flags['if-version']},
    )
  }
}
