import {Flags} from '@oclif/core'

import {startAuditProgress} from '../audit/progress.js'
import {auditJson} from '../audit/render-json.js'
import {auditSarif} from '../audit/render-sarif.js'
import {formatAuditSummary, renderAuditTable} from '../audit/render-table.js'
import {auditSecrets, hasFindingsAtOrAbove} from '../audit/scan.js'
import {SEVERITIES} from '../audit/finding.js'
import {SecretsmithCommand} from '../base-command.js'
import {ExitCode} from '../errors.js'
import {filterFlag, parseFilters} from '../filter-flags.js'
import type {StoreOptions} from '../stores/store.js'

export default class Audit extends SecretsmithCommand<typeof Audit> {
  static override summary =
    'Find every secret that falls short: rotation, use, encryption, tags, sensitive metadata, resource policies, replicas.'
  static override description = `Rules: AWS Config's managed rules for Secrets Manager with the Security Hub controls that run them (SecretsManager.1 rotation enabled, .2 rotation succeeded, .3 unused, .4 rotated within N days, .5 tagged; a customer managed key with --require-cmk), and beyond them: never rotated, rotation left half done, scheduled for deletion, sensitive text in names, descriptions and tags, resource policies open to everyone or another account, failed replicas, and with --check-values database secrets lacking what their rotation function reads.

Values are never read unless --check-values is given; then they are fetched 20 at a time (BatchGetSecretValue) and checked in memory only. Calls are paced below Secrets Manager's quotas. --fail-on sets exit code 5 when a finding at or above that severity exists, so CI can gate on it.`

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Gate a pipeline on high findings, SARIF for code scanning',
      command: '<%= config.bin %> <%= command.id %> --format sarif --fail-on high > secretsmith.sarif',
    },
    {
      description: 'Production secrets, rotated at least every 30 days, owned and on a customer managed key',
      command:
        '<%= config.bin %> <%= command.id %> --prefix prod/ --max-rotation-days 30 --require-tag owner --require-cmk',
    },
    {
      description: 'Also check database secrets have what their rotation needs',
      command: '<%= config.bin %> <%= command.id %> --check-values --json',
    },
  ]

  static override flags = {
    'max-rotation-days': Flags.integer({
      summary: 'A secret must rotate at least this often.',
      default: 30,
      min: 1,
      max: 1000,
    }),
    'unused-days': Flags.integer({
      summary: 'A secret not read for this long is unused.',
      default: 90,
      min: 1,
      max: 3650,
    }),
    'require-cmk': Flags.boolean({
      summary: 'Report secrets encrypted with the AWS managed key instead of a customer managed key.',
    }),
    'require-tag': Flags.string({summary: 'A tag key every secret must have; repeatable.', multiple: true}),
    prefix: Flags.string({summary: 'Audit only secrets whose name starts with this.'}),
    filter: filterFlag,
    'check-values': Flags.boolean({
      summary: 'Read values (BatchGetSecretValue, in memory only) for the rules that need them.',
    }),
    format: Flags.option({
      options: ['table', 'json', 'sarif'] as const,
      default: 'table' as const,
      summary: 'Output format (--json is the same as --format json).',
    })(),
    'fail-on': Flags.option({
      options: SEVERITIES,
      summary: 'Exit 5 when a finding at or above this severity exists.',
    })(),
  }

  #calls = 0

  async run() {
    const {flags} = this
    const store = await this.store()
    const progress = flags.format === 'table' && !this.jsonEnabled() ? await startAuditProgress() : undefined
    const report = await auditSecrets(
      {store, onProgress: progress ? (update) => progress.update(update) : undefined},
      {
        settings: {
          now: new Date(),
          maxRotationDays: flags['max-rotation-days'],
          unusedDays: flags['unused-days'],
          requireCmk: Boolean(flags['require-cmk']),
          requireTags: flags['require-tag'] ?? [],
          checkValues: Boolean(flags['check-values']),
        },
        prefix: flags.prefix,
        filters: parseFilters(flags.filter),
      },
    ).finally(() => progress?.stop())
    const calls = store.kind === 'aws' ? this.#calls : undefined
    const target = await store.target()
    const json = auditJson(report, target, calls)
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') this.log(JSON.stringify(json, null, 2))
      else if (flags.format === 'sarif')
        this.log(JSON.stringify(auditSarif(report, {version: this.config.version}), null, 2))
      else this.log(await renderAuditTable(report))
    }

    this.note(formatAuditSummary(report, {calls}))
    if (flags['fail-on'] && hasFindingsAtOrAbove(report, flags['fail-on'])) process.exitCode = ExitCode.Validation
    return json
  }

  protected override storeOptions(): StoreOptions {
    return {...super.storeOptions(), onRequest: () => this.#calls++}
  }
}
