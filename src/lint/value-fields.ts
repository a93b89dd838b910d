// Warning 1 of issue 3: extra fields in a JSON value that hold access-recovery information.
// Fields the schema defines (a database secret's password, an SSH key's passphrase) are the
// point of the secret and are not judged; every other field is — for key-value and generic
// secrets that is all of them, at any depth. A flagged field's subtree is reported once.
import {CATEGORY_DESCRIPTIONS, type SensitiveCategory, classifyFieldContent, classifyFieldName, tokenizeFieldName} from './sensitive-fields.js'
import type {JsonObject} from '../schemas/json-value.js'
import {displayKey, fieldLabel, fieldLocation} from './field-labels.js'
import type {Finding} from './finding.js'

const MAX_DEPTH = 16

/** Findings for the fields of `json` outside `schemaFields` (and everything nested under them). */
export function sensitiveFieldFindings(json: JsonObject, schemaFields: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = []
  walk(json, [], schemaFields, findings, 0)
  return findings
}

function walk(object: JsonObject, path: Array<string | number>, schemaFields: ReadonlySet<string>, findings: Finding[], depth: number): void {
  if (depth > MAX_DEPTH) return
  const keys = Object.keys(object)
  const flagged = new Map<string, SensitiveCategory>()
  for (const [index, key] of keys.entries()) {
    if (depth === 0 && schemaFields.has(key)) continue
    const value = object[key]
    const byName = classifyFieldName(key)
    const category = byName ?? classifyFieldContent(key, value)
    const keyPath = [...path, displayKey(key, index + 1)]
    if (category) {
      flagged.set(key, category)
      findings.push(finding(keyPath, category, byName ? 'name' : 'content'))
      continue
    }

    descend(value, keyPath, findings, depth)
  }

  // "q1"/"a1" pairs: the answer next to a flagged question is an answer, whatever its name.
  for (const [index, key] of keys.entries()) {
    if (flagged.has(key) || (depth === 0 && schemaFields.has(key))) continue
    const tokens = tokenizeFieldName(key)
    if (tokens.length !== 2 || !['a', 'ans', 'answer'].includes(tokens[0]) || !/^\d+$/.test(tokens[1])) continue
    const question = keys.find((other) => {
      const otherTokens = tokenizeFieldName(other)
      return otherTokens.length === 2 && ['q', 'ques', 'question'].includes(otherTokens[0]) && otherTokens[1] === tokens[1]
    })
    if (question && flagged.get(question) === 'security-question') {
      findings.push(finding([...path, displayKey(key, index + 1)], 'security-question', 'pair'))
    }
  }
}

function descend(value: unknown, path: Array<string | number>, findings: Finding[], depth: number): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) descend(item, [...path, index], findings, depth + 1)
  } else if (value !== null && typeof value === 'object') {
    walk(value as JsonObject, path, new Set(), findings, depth + 1)
  }
}

const HOW: Record<'name' | 'content' | 'pair', string> = {
  name: 'by its name',
  content: 'by its content',
  pair: 'as the answer next to a security question',
}

function finding(path: Array<string | number>, category: SensitiveCategory, how: 'name' | 'content' | 'pair'): Finding {
  return {
    ruleId: 'sensitive-field',
    severity: 'warning',
    location: fieldLocation(path),
    message:
      `Field ${fieldLabel(path)} looks like ${CATEGORY_DESCRIPTIONS[category]} (${HOW[how]}), which helps someone reach the credential. ` +
      'Better drop it; if it must exist, keep it only inside this encrypted value, never in the name, description or tags.',
  }
}
