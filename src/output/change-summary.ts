// What a write changed, with every value masked: for JSON objects the keys added, changed
// and removed; for anything else only whether the value changed and its size. This is the
// "what changed" half of invariant 4 and contains names and sizes, never content.
import type {SecretValue} from '../secret-value.js'

export interface ChangeSummary {
  kind: 'json' | 'text' | 'binary'
  /** False when the new value is byte-for-byte the current one. */
  changed: boolean
  bytesBefore?: number
  bytesAfter: number
  added: string[]
  modified: string[]
  removed: string[]
}

export function summarizeChange(before: SecretValue | undefined, after: SecretValue): ChangeSummary {
  const summary: ChangeSummary = {
    kind: after.isBinary ? 'binary' : 'text',
    changed: before === undefined || !before.equals(after),
    bytesBefore: before?.byteLength,
    bytesAfter: after.byteLength,
    added: [],
    modified: [],
    removed: [],
  }
  const afterObject = after.revealJsonObject()
  if (!afterObject) return summary
  const beforeObject = before ? before.revealJsonObject() : {}
  if (before && !beforeObject) return summary // text became JSON: report as a plain value change

  summary.kind = 'json'
  for (const key of Object.keys(afterObject)) {
    if (!(key in beforeObject!)) summary.added.push(key)
    else if (JSON.stringify(beforeObject![key]) !== JSON.stringify(afterObject[key])) summary.modified.push(key)
  }

  for (const key of Object.keys(beforeObject!)) if (!(key in afterObject)) summary.removed.push(key)
  return summary
}

/** "keys: +host +password ~port -hint (values masked)" or "value set (32 bytes, masked)". */
export function formatChangeSummary(summary: ChangeSummary): string {
  if (!summary.changed) return 'value unchanged'
  if (summary.kind === 'json') {
    const keys = [
      ...summary.added.map((key) => `+${key}`),
      ...summary.modified.map((key) => `~${key}`),
      ...summary.removed.map((key) => `-${key}`),
    ]
    if (keys.length > 0) return `keys ${keys.join(' ')} (values masked)`
    return 'key order or formatting changed (values masked)'
  }

  const what = summary.kind === 'binary' ? 'binary value' : 'value'
  if (summary.bytesBefore === undefined) return `${what} set (${summary.bytesAfter} bytes, masked)`
  return `${what} changed (${summary.bytesBefore} → ${summary.bytesAfter} bytes, masked)`
}
