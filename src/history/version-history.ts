// `versions`: every version of a secret, newest first, with its labels and dates and, for JSON
// values, which keys changed against the version before it (names only). The values are read
// one version at a time (GetSecretValue by id) only to compute those key changes, and are
// dropped at once; without values only ListSecretVersionIds is called.
import {summarizeChange} from '../output/change-summary.js'
import type {SecretValue} from '../secret-value.js'
import type {SecretStore, StoreTarget} from '../stores/store.js'
import type {HistoryEntry} from '../output/version-history.js'

export interface HistoryOutcome {
  name: string
  store: StoreTarget
  versions: HistoryEntry[]
}

export async function versionHistory(
  context: {store: SecretStore},
  request: {name: string; values: boolean},
): Promise<HistoryOutcome> {
  const {store} = context
  const listed = await store.listVersions(request.name, {includeDeprecated: true})
  // Newest first for display; compared oldest first so each version meets its predecessor.
  const ordered = [...listed].sort((a, b) => b.createdDate.getTime() - a.createdDate.getTime())
  const entries: HistoryEntry[] = ordered.map((version) => ({
    versionId: version.versionId,
    stages: version.stages,
    deprecated: version.stages.length === 0,
    createdDate: version.createdDate.toISOString(),
    ...(version.lastAccessedDate ? {lastAccessedDate: version.lastAccessedDate.toISOString()} : {}),
  }))

  if (request.values) {
    let older: SecretValue | undefined
    for (let index = entries.length - 1; index >= 0; index--) {
      const {value} = await store.getValue(request.name, {versionId: entries[index].versionId})
      if (older) entries[index].changes = summarizeChange(older, value)
      older = value
    }
  }

  return {name: request.name, store: await store.target(), versions: entries}
}
