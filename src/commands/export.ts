import {Args, Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {cacheFlags} from '../cache-flags.js'
import {EXPORT_FORMATS} from '../consume/export-format.js'
import {exportSecrets} from '../consume/export-secrets.js'
import {parseSecretSpec} from '../consume/secret-variables.js'
import {UsageError} from '../errors.js'

export default class Export extends SecretsmithCommand<typeof Export> {
  static override summary = 'Print secrets as variables for other tools: dotenv, json or shell, on stdout only.'
  static override description = `Each SPEC is NAME, NAME:FIELD, NAME=VAR or NAME:FIELD=VAR, named as for exec (a JSON secret gives one variable per key); or --prefix exports every secret whose name starts with it. dotenv and shell output is safe to source: every value is quoted so that no $(...), backtick, quote, backslash or newline in it is ever interpreted. Refuses to print to a terminal without --yes. Prefer exec, which never writes values anywhere.`

  static override examples = [
    {
      description: 'A .env file for docker compose (mode 600)',
      command: '(umask 077; <%= config.bin %> <%= command.id %> prod/billing/db ci/deploy-token=TOKEN > .env)',
    },
    {
      description: 'Every secret under a path, into the current shell',
      command: 'eval "$(<%= config.bin %> <%= command.id %> --prefix dev/myapp/ --format shell)"',
    },
    {
      description: 'As one JSON object',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --format json > db.json',
    },
  ]

  static override args = {
    spec: Args.string({
      description: 'A secret to export: NAME[:FIELD][=VAR] (more may follow)',
      required: false,
      ignoreStdin: true,
    }),
  }

  // Several specs may follow.
  static override strict = false

  static override flags = {
    prefix: Flags.string({summary: 'Export every secret whose name starts with this (instead of naming them).'}),
    format: Flags.option({options: EXPORT_FORMATS, default: 'dotenv' as const, summary: 'Output format.'})(),
    ...cacheFlags,
  }

  async run() {
    const {flags} = this
    const specs = this.positionalArgs().map((spec) => parseSecretSpec(spec))
    if (flags.prefix !== undefined && specs.length > 0) throw new UsageError('Name secrets or give --prefix, not both.')
    if (process.stdout.isTTY && !flags.yes) {
      throw new UsageError(
        'export prints secret values and stdout is a terminal; redirect it (e.g. > .env) or pass --yes.',
      )
    }

    const {variables, text} = await exportSecrets(
      {reads: this.cachedReads(flags)},
      {specs, namePrefix: flags.prefix, format: this.jsonEnabled() ? 'json' : flags.format},
    )
    if (this.jsonEnabled()) return Object.fromEntries(variables.map(({name, value}) => [name, String(value)]))
    process.stdout.write(text)
  }
}
