// --filter KEY=VALUE, shared by the commands that list secrets (list, audit): ListSecrets'
// filter keys, repeatable, values of one key OR-ed together as Secrets Manager does.
import {Flags} from '@oclif/core'

import {UsageError} from './errors.js'
import {LIST_FILTER_KEYS, type ListFilter} from './stores/store.js'

export const filterFlag = Flags.string({
  summary: `Filter KEY=VALUE, KEY one of ${LIST_FILTER_KEYS.join(', ')} (prefix match, as in Secrets Manager); repeatable.`,
  multiple: true,
})

export function parseFilters(raw: string[] | undefined): ListFilter[] {
  const filters: ListFilter[] = []
  for (const entry of raw ?? []) {
    const at = entry.indexOf('=')
    const key = entry.slice(0, Math.max(0, at)) as ListFilter['key']
    if (at <= 0 || !LIST_FILTER_KEYS.includes(key)) {
      throw new UsageError(`A filter is KEY=VALUE with KEY one of ${LIST_FILTER_KEYS.join(', ')}.`)
    }

    const existing = filters.find((filter) => filter.key === key)
    if (existing) existing.values.push(entry.slice(at + 1))
    else filters.push({key, values: [entry.slice(at + 1)]})
  }

  return filters
}
