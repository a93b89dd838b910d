import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {UsageError} from '../errors.js'
import {formatSecretList} from '../output/secret-list.js'
import {LIST_FILTER_KEYS, type ListFilter, type SecretListEntry} from '../stores/store.js'

const FILTER_KEYS = LIST_FILTER_KEYS

export default class List extends SecretsmithCommand<typeof List> {
  static override summary = 'List secrets (names and metadata, never values), following every page.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --store local',
    {description: 'Secrets whose name starts with prod/billing/', command: '<%= config.bin %> <%= command.id %> --filter name=prod/billing/'},
    {description: 'Tagged team=payments, as JSON', command: '<%= config.bin %> <%= command.id %> --filter tag-key=team --filter tag-value=payments --json'},
  ]

  static override flags = {
    filter: Flags.string({
      summary: `Filter KEY=VALUE, KEY one of ${FILTER_KEYS.join(', ')} (prefix match, as in Secrets Manager); repeatable.`,
      multiple: true,
    }),
    'include-planned-deletion': Flags.boolean({summary: 'Also list secrets scheduled for deletion.'}),
  }

  async run() {
    const store = await this.store()
    const secrets: SecretListEntry[] = []
    for await (const secret of store.list({
      filters: parseFilters(this.flags.filter),
      includePlannedDeletion: this.flags['include-planned-deletion'],
    })) {
      secrets.push(secret)
    }

    if (!this.jsonEnabled()) this.log(await formatSecretList(secrets))
    return {store: await store.target(), secrets}
  }
}

function parseFilters(raw: string[] | undefined): ListFilter[] {
  const filters: ListFilter[] = []
  for (const entry of raw ?? []) {
    const at = entry.indexOf('=')
    const key = entry.slice(0, Math.max(0, at)) as ListFilter['key']
    if (at <= 0 || !FILTER_KEYS.includes(key)) {
      throw new UsageError(`A filter is KEY=VALUE with KEY one of ${FILTER_KEYS.join(', ')}.`)
    }

    const existing = filters.find((filter) => filter.key === key)
    if (existing) existing.values.push(entry.slice(at + 1))
    else filters.push({key, values: [entry.slice(at + 1)]})
  }

  return filters
}
