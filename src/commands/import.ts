import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {bulkContext, bulkFlags, bulkOptions} from '../bulk/bulk-flags.js'
import {IMPORT_FORMATS, type ImportFormat} from '../bulk/entries.js'
import {importSecrets} from '../bulk/import-secrets.js'
import {openImportSource} from '../bulk/import-source.js'
import {UsageError} from '../errors.js'
import {whileStoppable} from '../bulk/stop-signal.js'
import {warnVia} from '../wording.js'

export default class Import extends SecretsmithCommand<typeof Import> {
  static override summary =
    'Create or update many secrets from a .env file, a JSON object or JSON lines, at the pace Secrets Manager allows.'
  static override description = `Each entry becomes a secret (name = --prefix + key): created if missing, a new version if its value differs, left alone if it is the same (compared in memory, never printed). Every entry is checked first, like create checks a value (--schema, sensitive information); --strict stops before any write if one fails.

Writes are paced just under Secrets Manager's request quotas and carry client request tokens kept in a journal under the data directory (names and tokens, never values), so an interrupted run continues with --resume without writing anything twice. On a terminal the plan is shown and confirmed first (--yes skips that); --dry-run only prints it.

Formats: dotenv (quotes, multi-line values, comments, export), json (one object of name → string, or → object for a JSON secret), jsonl (one {"name", "value", "description"?, "tags"?} per line; read as a stream).`

  static override examples = [
    {
      description: 'See what a .env file would do, then do it',
      command:
        '<%= config.bin %> <%= command.id %> --from-file .env --format dotenv --prefix app/prod/ --dry-run --store local',
    },
    {
      description: 'A pipeline importing JSON lines without prompting',
      command: "jq -c '.[]' export.json | <%= config.bin %> <%= command.id %> --from-stdin --format jsonl --yes",
    },
    {
      description: 'Continue after an interruption',
      command: '<%= config.bin %> <%= command.id %> --from-file secrets.jsonl --format jsonl --resume --yes',
    },
  ]

  static override flags = {
    'from-stdin': Flags.boolean({summary: 'Read the entries from stdin.', exclusive: ['from-file']}),
    'from-file': Flags.string({summary: 'Read the entries from a regular file.', helpValue: 'PATH'}),
    format: Flags.option({
      options: IMPORT_FORMATS,
      summary: 'Input format (default: from the file name: .env, .json, .jsonl).',
    })(),
    prefix: Flags.string({summary: 'Prepended to every entry name, e.g. app/prod/.', default: ''}),
    schema: Flags.string({
      summary: 'Validate every entry against this schema and record it on the secrets (see schema list).',
    }),
    ...bulkFlags,
    strict: Flags.boolean({
      summary: 'Treat every warning as an error: stop before any write (exit 5).',
      env: 'SECRETSMITH_STRICT',
    }),
  }

  async run() {
    const {flags} = this
    const store = await this.store()
    const source = await openImportSource({
      fromStdin: flags['from-stdin'],
      fromFile: flags['from-file'],
      format: flags.format ?? formatFromFileName(flags['from-file']),
      prefix: flags.prefix,
      warn: warnVia((line) => this.note(line)),
    })
    return whileStoppable((stopped) =>
      importSecrets(bulkContext(store, {flags, json: this.jsonEnabled(), notify: (line) => this.note(line), stopped}), {
        ...bulkOptions(flags),
        source,
        schema: flags.schema,
        strict: flags.strict,
      }),
    )
  }
}

function formatFromFileName(path: string | undefined): ImportFormat {
  if (path?.endsWith('.jsonl') || path?.endsWith('.ndjson')) return 'jsonl'
  if (path?.endsWith('.json')) return 'json'
  if (path && /(^|\/)\.env([.\w-]*)$|\.env$/.test(path)) return 'dotenv'
  throw new UsageError('Say which format the input is in: --format dotenv, json or jsonl.')
}
