import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {cacheFlags} from '../cache-flags.js'
import {nameArg} from '../command-args.js'
import {readSecretThroughCache} from '../consume/read-through.js'
import {selectField, writeRevealed} from '../output/reveal-value.js'

export default class Get extends SecretsmithCommand<typeof Get> {
  static override summary = 'Print a secret value (or one field of it) to stdout, and nothing else.'
  static override description = `Prints the exact stored bytes (a newline is added only when stdout is a terminal). With --json: the value with its version id, stages and dates; binary values as base64.

On the AWS store, reads go through an encrypted client-side cache with the Secrets Manager Agent's semantics: within the TTL (300 s by default) no call at all; after it, one DescribeSecret, and GetSecretValue only if the version changed. Writes made through secretsmith drop the cached copy at once.`

  static override examples = [
    {
      description: 'Current value into a variable',
      command: 'TOKEN="$(<%= config.bin %> <%= command.id %> ci/deploy-token)"',
    },
    {
      description: 'One field of a database secret',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --field password',
    },
    {
      description: 'The current value with its version id and stages, as JSON',
      command: '<%= config.bin %> <%= command.id %> demo/api-key --store local --json',
    },
    {
      description: 'The version before the last put',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --version-stage AWSPREVIOUS',
    },
    {
      description: 'Always ask Secrets Manager, never the cache',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --no-cache',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    'version-id': Flags.string({summary: 'Read this version id.', exclusive: ['version-stage']}),
    'version-stage': Flags.string({summary: 'Read the version holding this staging label (default AWSCURRENT).'}),
    field: Flags.string({summary: 'Print only this field of a JSON secret.'}),
    ...cacheFlags,
  }

  async run() {
    const {flags, args} = this
    const secret = await readSecretThroughCache(this.cachedReads(flags), {
      name: args.name,
      versionId: flags['version-id'],
      versionStage: flags['version-stage'],
    })
    const selected = await selectField(secret.value, flags.field)
    if (!this.jsonEnabled()) {
      writeRevealed(selected)
      return
    }

    return {
      name: secret.name,
      arn: secret.arn,
      versionId: secret.versionId,
      stages: secret.stages,
      createdDate: secret.createdDate,
      ...(flags.field === undefined ? {} : {field: flags.field}),
      ...(selected.bytes ? {valueBase64: selected.bytes.toString('base64')} : {value: selected.text}),
    }
  }
}
