// Human rendering of the local change log (`log`): one row per recorded write, newest last,
// with version ids shortened and key names as the masked summaries show them.
import type {StoreTarget} from '../stores/store.js'
import {formatDate} from './secret-details.js'
import {renderTable} from './table.js'

/** Key names as the masked change summary shows them ("#3" for a key that must not be shown). */
export interface KeyChanges {
  added: string[]
  modified: string[]
  removed: string[]
}

export interface ChangeLogEntry {
  /** ISO 8601, UTC. */
  time: string
  user: string
  host: string
  /** The secretsmith command, e.g. "put", "rollback". */
  command: string
  store: {kind: StoreTarget['kind']; label: string}
  secret: string
  /** The store operation: create, put-value, move-stage, update-metadata, tag, untag, delete, force-delete, restore, rotate, cancel-rotation, replicate, remove-replicas. */
  operation: string
  versionBefore?: string
  versionAfter?: string
  /** The staging label a move-stage moved. */
  stage?: string
  keys?: KeyChanges
  /** Set when key lists were dropped to keep the line short: how many keys changed. */
  keyCount?: number
  summary?: string
}

export async function formatChangeLog(entries: ChangeLogEntry[]): Promise<string> {
  if (entries.length === 0) return 'No recorded changes.'
  return renderTable(
    ['Time', 'Who', 'Command', 'Secret', 'Change'],
    entries.map((entry) => [
      formatDate(new Date(entry.time)) ?? entry.time,
      `${entry.user}@${entry.host}`,
      entry.command,
      entry.secret,
      describeEntry(entry),
    ]),
  )
}

/** "put-value 1a2b3c4d → 5e6f7a8b; keys +host ~password", "move-stage AWSCURRENT 5e6f… → 1a2b…". */
function describeEntry(entry: ChangeLogEntry): string {
  const parts = [entry.stage ? `${entry.operation} ${entry.stage}` : entry.operation]
  if (entry.versionBefore || entry.versionAfter) {
    parts.push(
      entry.versionBefore && entry.versionAfter
        ? `${short(entry.versionBefore)} → ${short(entry.versionAfter)}`
        : `→ ${short(entry.versionAfter ?? entry.versionBefore!)}`,
    )
  }

  const details: string[] = []
  if (entry.keys) {
    const keys = [
      ...entry.keys.added.map((key) => `+${key}`),
      ...entry.keys.modified.map((key) => `~${key}`),
      ...entry.keys.removed.map((key) => `-${key}`),
    ]
    if (keys.length > 0) details.push(`keys ${keys.join(' ')}`)
  } else if (entry.keyCount !== undefined) {
    details.push(`${entry.keyCount} keys`)
  }

  if (entry.summary) details.push(entry.summary)
  details.push(entry.store.label)
  return `${parts.join(' ')}; ${details.join('; ')}`
}

function short(versionId: string): string {
  return versionId.length > 12 ? `${versionId.slice(0, 8)}…` : versionId
}
