// What a write changed, with every value masked: for JSON objects the keys added, changed
// and removed; for anything else only whether the value changed and its size. This is the
// "what changed" half of every write's summary and contains names and sizes, never content.
import {displayKey} from '../lint/field-labels.js'
import type {SecretValue} from '../secret-value.js'

export interface ChangeSummary {
  kind: 'json' | 'text' | 'binary'
  /** False when the new value is byte-for-byte the current one. */
  changed: boolean
  bytesBefore?: number
  bytesAfter: number
  /** Display-safe key names ("#3" for a key that must not be shown). */
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
  // Keys are names, shown as such, except one that looks like a credential or holds control
  // characters (a value pasted where a key goes): that one is named by its position.
  for (const [index, key] of Object.keys(afterObject).entries()) {
    if (!Object.hasOwn(beforeObject!, key)) summary.added.push(displayKey(key, index + 1))
    else if (JSON.stringify(beforeObject![key]) !== JSON.stringify(afterObject[key]))
      summary.modified.push(displayKey(key, index + 1))
  }

  for (const [index, key] of Object.keys(beforeObject!).entries()) {
    if (!Object.hasOwn(afterObject, key)) summary.removed.push(displayKey(key, index + 1))
  }

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
