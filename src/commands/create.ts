import {Flags} from '@oclif/core'

import {createSecret} from '../authoring/write-secret.js'
import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {chooseValueSource} from '../input/read-secret.js'
import {isInteractive} from '../input/terminal.js'
import {passwordFlags, valueSourceFlags} from '../input/value-flags.js'
import {parseTagFlags} from '../metadata-flags.js'
import {assertValidDescription} from '../stores/limits.js'

export default class Create extends SecretsmithCommand<typeof Create> {
  static override summary =
    'Create a secret; its value comes from a hidden prompt, stdin, a file, $EDITOR or a generator.'
  static override description = `The value never travels through argv. With no source flag and a terminal, secretsmith asks for it twice, hidden. Without a terminal (pipelines, CI) a source flag is required.

The name, description and tags are stored unencrypted: they are checked for anything that looks like the value or a credential, and --schema validates the value's structure (see "secretsmith schema list"). With --schema, --generate can take a JSON template of the other fields from --from-stdin or --from-file: the schema's password field is generated into it.`

  static override examples = [
    {
      description: 'Type the value at a hidden prompt',
      command: '<%= config.bin %> <%= command.id %> prod/billing/stripe-key --store local',
    },
    {
      description: 'A pipeline step piping the value',
      command:
        'vault-export | <%= config.bin %> <%= command.id %> ci/deploy-token --from-stdin --description "Deploy token for CI"',
    },
    {
      description: 'A generated 40-character password',
      command: '<%= config.bin %> <%= command.id %> demo/api-key --store local --generate --length 40',
    },
    {
      description: 'A database credential in a pipeline: the fields from a template, the password generated',
      command:
        'jq -n \'{host: "db.example.com", username: "app"}\' | <%= config.bin %> <%= command.id %> prod/billing/db --schema rds-postgres --generate --from-stdin',
    },
    {
      description: 'A database credential, prompted field by field',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --schema rds-postgres --tag team=billing',
    },
  ]

  static override args = {
    name: nameArg('Secret name: 1–512 letters, digits and /_+=.@-'),
  }

  static override flags = {
    ...valueSourceFlags,
    ...passwordFlags,
    schema: Flags.string({summary: 'Validate against this schema and record it on the secret (see schema list).'}),
    description: Flags.string({summary: 'Description (stored unencrypted: no secrets here).'}),
    tag: Flags.string({summary: 'Tag KEY=VALUE (stored unencrypted); repeatable.', multiple: true}),
    'kms-key-id': Flags.string({summary: 'KMS key id, ARN or alias to encrypt with (aws store).'}),
    'replica-region': Flags.string({summary: 'Replicate to this region (aws store); repeatable.', multiple: true}),
    strict: Flags.boolean({
      summary: 'Treat every warning as an error (exit 5, nothing written).',
      env: 'SECRETSMITH_STRICT',
    }),
  }

  async run() {
    const {flags, args} = this
    assertValidDescription(flags.description)
    const tags = parseTagFlags(flags.tag)
    // Only a schema says which field of a template to generate: without one, two sources are two sources.
    const source = chooseValueSource(flags, {
      interactive: isInteractive(),
      generateTemplate: flags.schema !== undefined,
    })
    return createSecret(await this.authoringContext(flags.strict), {
      name: args.name,
      source,
      schema: flags.schema,
      description: flags.description,
      tags,
      kmsKeyId: flags['kms-key-id'],
      replicaRegions: flags['replica-region'],
    })
  }
}
