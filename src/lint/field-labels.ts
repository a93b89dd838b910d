// How findings refer to JSON fields and tags. Field names and tag keys are names, not values,
// and are shown — except a name that itself looks like a credential or a random token (a key
// pasted where a field name goes), which is referred to by position instead.
import {credentialShapesIn} from './credential-shapes.js'
import {looksRandom} from './entropy.js'

// Letters and digits of any script (a label may be "Sicherheitsfrage" or "秘密の質問"), spaces and
// the usual separators; never control, format or bidirectional characters.
const PLAIN_NAME = /^[\p{L}\p{M}\p{N} _.:@$#/+=’'-]{1,64}$/u

export function isDisplaySafeName(name: string): boolean {
  if (!PLAIN_NAME.test(name)) return false
  if (credentialShapesIn(name).length > 0) return false
  return !name.split(/[\s/:@=._-]+/).some((segment) => looksRandom(segment, 12))
}

/** `name`, or `#3` (the key's 1-based position) when the name must not be shown. */
export function displayKey(key: string, position: number): string {
  return isDisplaySafeName(key) ? key : `#${position}`
}

/** "value.port", "value.replica.host", "value.codes[2]", "value.#4". */
export function fieldLocation(path: ReadonlyArray<string | number>): string {
  let location = 'value'
  for (const part of path) location += typeof part === 'number' ? `[${part}]` : `.${part}`
  return location
}

/** "'port'" / "'replica.host'" — the field as the message names it. */
export function fieldLabel(path: ReadonlyArray<string | number>): string {
  let label = ''
  for (const part of path) label += typeof part === 'number' ? `[${part}]` : label === '' ? part : `.${part}`
  return `'${label}'`
}

/** Rewrites a path of raw keys to display-safe ones, using each key's position in its object. */
export function displayPath(root: unknown, path: ReadonlyArray<PropertyKey>): Array<string | number> {
  const display: Array<string | number> = []
  let node: unknown = root
  for (const part of path) {
    if (typeof part === 'number') {
      display.push(part)
      node = Array.isArray(node) ? node[part] : undefined
      continue
    }

    const key = String(part)
    const keys = node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : []
    const position = keys.indexOf(key) + 1
    display.push(position > 0 ? displayKey(key, position) : isDisplaySafeName(key) ? key : '#?')
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  }

  return display
}
