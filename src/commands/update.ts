import {Flags} from '@oclif/core'

import {updateMetadata} from '../authoring/update-metadata.js'
import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {parseTagFlags} from '../metadata-flags.js'

export default class Update extends SecretsmithCommand<typeof Update> {
  static override summary = "Change a secret's description, tags or KMS key (no new version; the value is not touched)."
  static override description = `The description and tags are stored unencrypted, so each new one is checked for anything that looks like a value or a credential (a warning; an error under --strict, and then nothing is written). The summary shows each change as old → new.`

  static override examples = [
    {
      description: 'A new description',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --description "Billing database, primary"',
    },
    {
      description: 'Add or replace tags, remove another',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --tag team=payments --tag env=prod --untag owner',
    },
    {
      description: 'Encrypt future versions with another KMS key',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --kms-key-id alias/billing',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    description: Flags.string({summary: 'New description (stored unencrypted: no secrets here).'}),
    tag: Flags.string({
      summary: 'Add a tag or replace its value, KEY=VALUE (stored unencrypted); repeatable.',
      multiple: true,
    }),
    untag: Flags.string({summary: 'Remove the tag with this key; repeatable.', multiple: true}),
    'kms-key-id': Flags.string({summary: 'KMS key (id, ARN or alias) for new versions.'}),
    strict: Flags.boolean({
      summary: 'Treat every warning as an error (exit 5, nothing written).',
      env: 'SECRETSMITH_STRICT',
    }),
  }

  async run() {
    const {flags, args} = this
    return updateMetadata(
      {store: await this.store(), strict: flags.strict, notify: (line) => this.note(line), changes: this.changes},
      {
        name: args.name,
        description: flags.description,
        tags: parseTagFlags(flags.tag),
        untag: flags.untag ?? [],
        kmsKeyId: flags['kms-key-id'],
      },
    )
  }
}
