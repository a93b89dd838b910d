// Comparing two versions of a secret without showing them: for JSON objects the keys added,
// removed and changed; for anything else whether it changed, and its sizes. Values are masked
// as a length and a short fingerprint, an HMAC under a key drawn at random for each run, so
// equal values match within one diff while nothing stable (nothing to compare across runs,
// nothing to brute-force offline against a known hash) ever leaves the process.
import {createHmac, randomBytes} from 'node:crypto'

import {displayKey} from '../lint/field-labels.js'
import type {SecretValue} from '../secret-value.js'
import type {MaskedValue, ValueDiff} from '../output/value-diff.js'

/** One masking key per diff (per run): fingerprints compare within it and mean nothing outside. */
export class Fingerprinter {
  readonly #key = randomBytes(32)

  mask(bytes: Buffer, reveal: boolean): MaskedValue {
    const fingerprint = createHmac('sha256', this.#key).update(bytes).digest('hex').slice(0, 8)
    return {bytes: bytes.length, fingerprint, ...(reveal ? {revealed: bytes.toString('utf8')} : {})}
  }
}

export function diffValues(
  from: SecretValue,
  to: SecretValue,
  options: {reveal?: boolean; fingerprinter?: Fingerprinter} = {},
): ValueDiff {
  const reveal = options.reveal ?? false
  const fingerprinter = options.fingerprinter ?? new Fingerprinter()
  const whole = (value: SecretValue): MaskedValue => {
    const bytes = value.revealBytes()
    try {
      // A binary value is never revealed as text: the caller prints it as base64 if at all.
      return fingerprinter.mask(bytes, reveal && !value.isBinary)
    } finally {
      bytes.fill(0)
    }
  }

  const diff: ValueDiff = {
    kind: from.isBinary || to.isBinary ? 'binary' : 'text',
    equal: from.equals(to),
    keys: [],
    unchangedKeys: 0,
    from: whole(from),
    to: whole(to),
  }
  if (diff.kind === 'binary') return diff
  const before = from.revealJsonObject()
  const after = to.revealJsonObject()
  if (!before || !after) return diff

  diff.kind = 'json'
  const field = (value: unknown) =>
    fingerprinter.mask(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8'), reveal)
  const afterKeys = Object.keys(after)
  const beforeKeys = Object.keys(before)
  for (const [index, key] of beforeKeys.entries()) {
    const name = displayKey(key, index + 1)
    if (!Object.hasOwn(after, key)) diff.keys.push({key: name, change: 'removed', from: field(before[key])})
    else if (JSON.stringify(before[key]) === JSON.stringify(after[key])) diff.unchangedKeys++
    else diff.keys.push({key: name, change: 'changed', from: field(before[key]), to: field(after[key])})
  }

  for (const [index, key] of afterKeys.entries()) {
    if (!Object.hasOwn(before, key))
      diff.keys.push({key: displayKey(key, index + 1), change: 'added', to: field(after[key])})
  }

  return diff
}
