import {Flags} from '@oclif/core'

import {putSecret} from '../authoring/write-secret.js'
import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {chooseValueSource} from '../input/read-secret.js'
import {isInteractive} from '../input/terminal.js'
import {passwordFlags, valueSourceFlags} from '../input/value-flags.js'
import {parseTagFlags} from '../metadata-flags.js'
import {assertValidDescription} from '../stores/limits.js'

const CREATE_GROUP = 'CREATE IF MISSING'

export default class Put extends SecretsmithCommand<typeof Put> {
  static override summary =
    'Store a new version of an existing secret (AWSCURRENT moves to it, the old one becomes AWSPREVIOUS).'
  static override description = `The value comes from a hidden prompt, stdin, a file, $EDITOR (prefilled with the current value) or a generator, never from argv. The write is checked against the version it was computed from: if someone else wrote in between, your value is not made current and the exit code is 4.

Nothing is replaced that was not asked for: --field KEY changes one field (its type and every other byte kept; a new key needs --add-field); --generate on a JSON object renews only its password field (found by schema, shape or key name); an object stays an object and binary stays binary unless --replace. A secret created with --schema is validated against it on every put.`

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
      description: 'A pipeline step that creates the secret on its first run',
      command:
        'printf %s "$TOKEN" | <%= config.bin %> <%= command.id %> ci/deploy-token --from-stdin --create-if-missing --tag team=ci',
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
      summary: 'Change only this field of a JSON secret.',
    }),
    'add-field': Flags.boolean({
      summary: 'Let --field add a key the JSON object does not have yet.',
      dependsOn: ['field'],
    }),
    replace: Flags.boolean({
      summary: 'Replace the whole value even if its shape or kind changes.',
      exclusive: ['field'],
    }),
    schema: Flags.string({
      summary: 'Validate against this schema, not the recorded one.',
    }),
    'if-version': Flags.string({summary: 'Write only if AWSCURRENT is still this version id (exit 4 otherwise).'}),
    'create-if-missing': Flags.boolean({
      summary: 'Create the secret if missing, as create would (flags below).',
    }),
    description: Flags.string({
      summary: 'With --create-if-missing: the description of a created secret (stored unencrypted).',
      dependsOn: ['create-if-missing'],
      helpGroup: CREATE_GROUP,
    }),
    tag: Flags.string({
      summary: 'With --create-if-missing: a tag KEY=VALUE of a created secret (stored unencrypted); repeatable.',
      multiple: true,
      dependsOn: ['create-if-missing'],
      helpGroup: CREATE_GROUP,
    }),
    'kms-key-id': Flags.string({
      summary: 'With --create-if-missing: the KMS key of a created secret (aws store).',
      dependsOn: ['create-if-missing'],
      helpGroup: CREATE_GROUP,
    }),
    strict: Flags.boolean({
      summary: 'Treat every warning as an error (exit 5, nothing written).',
      env: 'SECRETSMITH_STRICT',
    }),
  }

  async run() {
    const {flags, args} = this
    assertValidDescription(flags.description)
    const tags = parseTagFlags(flags.tag)
    const source = chooseValueSource(flags, {interactive: isInteractive()})
    return putSecret(await this.authoringContext(flags.strict), {
      name: args.name,
      source,
      schema: flags.schema,
      field: flags.field,
      addField: flags['add-field'],
      replace: flags.replace,
      ifVersion: flags['if-version'],
      createIfMissing: flags['create-if-missing']
        ? {description: flags.description, tags, kmsKeyId: flags['kms-key-id']}
        : undefined,
    })
  }
}
