// Human rendering of a version diff: a header per side, then one line per key added (+),
// changed (~) or removed (-), values masked as "*** (N bytes, fp 1a2b3c4d)" unless revealed.
import {formatDate} from './secret-details.js'
import {plural} from '../wording.js'

export interface MaskedValue {
  /** UTF-8 bytes of the value (a string field's text; any other field's JSON). */
  bytes: number
  /** 8 hex digits, meaningful only within this run. */
  fingerprint: string
  /** Only with --reveal: the value itself. */
  revealed?: string
}

export type KeyChange = 'added' | 'removed' | 'changed'

export interface KeyDiff {
  /** As the masked summaries show it: a credential-looking key is "#3" (its position). */
  key: string
  change: KeyChange
  from?: MaskedValue
  to?: MaskedValue
}

export interface ValueDiff {
  /** json: both sides are JSON objects; otherwise the values are compared whole. */
  kind: 'json' | 'text' | 'binary'
  equal: boolean
  keys: KeyDiff[]
  unchangedKeys: number
  /** The whole values, masked (compared whole for text/binary; sizes for JSON too). */
  from: MaskedValue
  to: MaskedValue
}

/** A stored version, or a value not stored yet ({label: 'edited'}). */
export type DiffSideLabel = {versionId: string; stages: string[]; createdDate: string} | {label: string}

export function formatValueDiff(name: string, from: DiffSideLabel, to: DiffSideLabel, diff: ValueDiff): string {
  const lines = [`--- ${name} ${sideLabel(from)}`, `+++ ${name} ${sideLabel(to)}`]
  if (diff.kind !== 'json') {
    const what = diff.kind === 'binary' ? 'binary value' : 'value'
    lines.push(
      diff.equal ? `  ${what} unchanged ${masked(diff.to)}` : `~ ${what} ${masked(diff.from)} → ${masked(diff.to)}`,
    )
    return lines.join('\n')
  }

  const width = Math.max(0, ...diff.keys.map((key) => key.key.length))
  for (const key of diff.keys) {
    const label = key.key.padEnd(width)
    if (key.change === 'added') lines.push(`+ ${label}  ${masked(key.to!)}`)
    else if (key.change === 'removed') lines.push(`- ${label}  ${masked(key.from!)}`)
    else lines.push(`~ ${label}  ${masked(key.from!)} → ${masked(key.to!)}`)
  }

  if (diff.keys.length === 0)
    lines.push(diff.equal ? '  no differences' : '  same keys and values; formatting or key order differs')
  if (diff.unchangedKeys > 0) lines.push(`  (${plural(diff.unchangedKeys, 'key')} unchanged)`)
  return lines.join('\n')
}

function sideLabel(side: DiffSideLabel): string {
  if ('label' in side) return side.label
  const labels = side.stages.length > 0 ? side.stages.join(',') : 'unlabelled'
  return `${labels} (version ${side.versionId}, ${formatDate(new Date(side.createdDate))})`
}

function masked(value: MaskedValue): string {
  if (value.revealed !== undefined) return JSON.stringify(value.revealed)
  return `*** (${value.bytes} bytes, fp ${value.fingerprint})`
}
