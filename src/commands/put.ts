import {Flags} from '@oclif/core'

import {putSecret} from '../authoring/write-secret.js'
import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {chooseValueSource} from '../input/read-secret.js'
import {isInteractive} from '../input/terminal.js'
import {passwordFlags, valueSourceFlags} from '../input/value-flags.js'

export default class Put extends SecretsmithCommand<typeof Put> {
  static override summary =
    'Store a new version of an existing secret (AWSCURRENT moves to it, the old one becomes AWSPREVIOUS).'
  static override description = `The value comes from a hidden prompt, stdin, a file, $EDITOR (prefilled with the current value) or a generator, never from argv. The write is checked against the version it was computed from: if someone else wrote in between, your value is not made current and the exit code is 4.

With --field KEY only that field of a JSON secret changes; the rest is kept. A secret created with --schema is validated against it on every put.`

  static override examples = [
    {
      description: 'Type the new value at a hidden prompt',
      command: '<%= config.bin %> <%= command.id %> prod/billing/stripe-key',
    },
    {
      description: 'Change only the password of a database secret',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --field password',
    },
    {
      description: 'Rotate by hand: a new generated password, other fields kept',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --generate',
    },
    {
      description: 'Edit the current value in $EDITOR',
      command: '<%= config.bin %> <%= command.id %> demo/config --edit --store local',
    },
    {
      description: 'A runbook step that must not overwrite a concurrent change',
      command:
        'jq -c . new.json | <%= config.bin %> <%= command.id %> prod/app/config --from-stdin --if-version "$VERSION_ID"',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    ...valueSourceFlags,
    ...passwordFlags,
    field: Flags.string({
      summary: 'Change only this field of a JSON secret (the value of the field comes from the source).',
    }),
    schema: Flags.string({summary: 'Validate against this schema instead of the one recorded on the secret.'}),
    'if-version': Flags.string({summary: 'Write only if AWSCURRENT is still this version id (exit 4 otherwise).'}),
    strict: Flags.boolean({
      summary: 'Treat every warning as an error (exit 5, nothing written).',
      env: 'SECRETSMITH_STRICT',
    }),
  }

  async run() {
    const {flags, args} = this
    const source = chooseValueSource(flags, {interactive: isInteractive()})
    return putSecret(
      {
        store: await this.store(),
        interactive: isInteractive(),
        strict: flags.strict,
        notify: (line) => this.note(line),
        changes: this.changes,
      },
      {name: args.name, source, schema: flags.schema, field: flags.field, ifVersion: flags['if-version']},
    )
  }
}
