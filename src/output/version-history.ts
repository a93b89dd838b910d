// Human rendering of `versions`: one row per version, newest first, with its labels (or
// "deprecated"), dates and the masked key changes against the version before it.
import {type ChangeSummary, formatChangeSummary} from './change-summary.js'
import {formatDate} from './secret-details.js'
import {renderTable} from './table.js'

export interface HistoryEntry {
  versionId: string
  stages: string[]
  /** No staging label: kept by the store for now, never served by default, purged in time. */
  deprecated: boolean
  createdDate: string
  lastAccessedDate?: string
  /** Against the next older version (absent for the oldest, and without values). */
  changes?: ChangeSummary
}

export async function formatVersionHistory(versions: HistoryEntry[]): Promise<string> {
  if (versions.length === 0) return 'No versions.'
  return renderTable(
    ['Version', 'Labels', 'Created', 'Last accessed', 'Changes (from the version below)'],
    versions.map((version) => [
      version.versionId,
      version.deprecated ? '(deprecated)' : version.stages.join(','),
      formatDate(new Date(version.createdDate)) ?? '',
      version.lastAccessedDate?.slice(0, 10) ?? '',
      version.changes ? formatChangeSummary(version.changes) : '',
    ]),
  )
}
