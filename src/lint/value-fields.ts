// The sensitive-field warning: extra fields in a value that hold access-recovery information.
// Fields the schema defines (a database secret's password, an SSH key's passphrase) are the
// point of the secret and are not judged; every other field is — for key-value and generic
// secrets that is all of them, at any depth. A flagged field's subtree is reported once.
//
// Three ways a field is recognised:
//   by its name      in any casing and in the lexicon's languages ("Sicherheitsfrage_1")
//   by its label     password-manager exports keep the label as data: {name: "PIN", value: "1234"},
//                    or a section titled "Security Questions" holding the fields
//   by its content   an otpauth:// URI, a list of recovery codes, a personal security question,
//                    and in free-text notes also hints, old passwords, "the password is …" and
//                    credentials (provider token shapes, a credential word then a token)
// A named field that holds nothing — empty, null, a flag, a count — is a setting, not a secret.
import type {JsonObject} from '../schemas/json-value.js'
import {credentialShapesIn} from './credential-shapes.js'
import {displayKey, fieldLabel, fieldLocation} from './field-labels.js'
import type {Finding} from './finding.js'
import {keywordMatches} from './keyword-context.js'
import {LANGUAGE_NAMES, normalizeLabel} from './label-lexicon.js'
import type {ProviderShape} from './provider-rules.js'
import {
  CATEGORY_DESCRIPTIONS,
  type NameMatch,
  type SensitiveCategory,
  classifyFieldContent,
  holdsSensitiveContent,
  matchFieldName,
  tokenizeFieldName,
} from './sensitive-fields.js'
import {
  containsSecurityQuestion,
  looksLikePasswordHintText,
  looksLikeRecoveryCodes,
  recoveryTextCategory,
} from './sensitive-text.js'

const MAX_DEPTH = 16

export interface FieldCheckOptions {
  /** Provider shapes found by the rule set in free-text strings of the value (provider-rules.ts). */
  providerShapes?: ReadonlyMap<string, ProviderShape[]>
}

/** Findings for the fields of `json` outside `schemaFields` (and everything nested under them). */
export function sensitiveFieldFindings(
  json: JsonObject,
  schemaFields: ReadonlySet<string>,
  options: FieldCheckOptions = {},
): Finding[] {
  const findings: Finding[] = []
  walk(json, [], schemaFields, findings, 0, options)
  return findings
}

// Labels of free-text fields, in the lexicon's languages (normal form, see label-lexicon.ts).
const NOTE_WORDS = new Set([
  'note',
  'notes',
  'comment',
  'comments',
  'memo',
  'memos',
  'remark',
  'remarks',
  'description',
  'desc',
  'info',
  'details',
  'extra',
  'additional',
  'misc',
  'text',
  'body',
  'annotation',
  'annotations',
  'notiz',
  'notizen',
  'bemerkung',
  'bemerkungen',
  'kommentar',
  'anmerkung',
  'anmerkungen',
  'remarque',
  'remarques',
  'commentaire',
  'commentaires',
  'nota',
  'notas',
  'comentario',
  'comentarios',
  'observaciones',
  'observacoes',
  'anotacoes',
  'commento',
  'commenti',
  'osservazioni',
  'notitie',
  'notities',
  'opmerking',
  'opmerkingen',
  'заметка',
  'заметки',
  'примечание',
  'примечания',
  'комментарий',
])
const CJK_NOTE_WORDS = ['メモ', '備考', 'ノート', 'コメント', '备注', '笔记', '注释', '说明', '메모', '비고', '노트']

/** "notes", "Notizen", "備考", "additional_info": a field people write prose into. */
function isNoteLabel(label: string): boolean {
  const normal = normalizeLabel(label)
  return normal.split(' ').some((word) => NOTE_WORDS.has(word)) || CJK_NOTE_WORDS.some((word) => normal.includes(word))
}

// Keys password managers and configs use for a label kept as data, and for its value.
const LABEL_KEYS = ['name', 'label', 'title', 't', 'n', 'fieldName', 'field_name', 'designation', 'key', 'question']
const VALUE_KEYS = ['value', 'v', 'string', 'content', 'data', 'text', 'answer', 'concealed', 'secret']
const SECTION_KEYS = ['fields', 'items', 'entries', 'sections', 'values', 'children', 'questions']

interface Why {
  category: SensitiveCategory
  /** For lint --explain: the rule's own words, never the value. */
  reason: string
}

function walk(
  object: JsonObject,
  path: Array<string | number>,
  schemaFields: ReadonlySet<string>,
  findings: Finding[],
  depth: number,
  options: FieldCheckOptions,
): void {
  if (depth > MAX_DEPTH) return
  if (path.length > 0 && checkLabelledObject(object, path, findings, options)) return
  const keys = Object.keys(object)
  const flagged = new Map<string, SensitiveCategory>()
  for (const [index, key] of keys.entries()) {
    if (depth === 0 && schemaFields.has(key)) continue
    const value = object[key]
    const keyPath = [...path, displayKey(key, index + 1)]
    const byName = matchFieldName(key)
    if (byName) {
      // A named field that holds nothing is a setting ("totp": "", "hint_enabled": false): not reported, not entered.
      if (holdsSensitiveContent(value, byName.category)) {
        flagged.set(key, byName.category)
        findings.push(finding(keyPath, {category: byName.category, reason: nameReason('field name', byName)}, 'name'))
      }

      continue
    }

    const byContent = contentOf(key, value, options)
    if (byContent) {
      flagged.set(key, byContent.category)
      findings.push(finding(keyPath, byContent, 'content'))
      continue
    }

    descend(value, keyPath, findings, depth, options)
  }

  // "q1"/"a1" pairs: the answer next to a flagged question is an answer, whatever its name.
  for (const [index, key] of keys.entries()) {
    if (flagged.has(key) || (depth === 0 && schemaFields.has(key))) continue
    const tokens = tokenizeFieldName(key)
    if (tokens.length !== 2 || !['a', 'ans', 'answer'].includes(tokens[0]) || !/^\d+$/.test(tokens[1])) continue
    const question = keys.find((other) => {
      const otherTokens = tokenizeFieldName(other)
      return (
        otherTokens.length === 2 && ['q', 'ques', 'question'].includes(otherTokens[0]) && otherTokens[1] === tokens[1]
      )
    })
    if (
      question &&
      flagged.get(question) === 'security-question' &&
      holdsSensitiveContent(object[key], 'security-question')
    ) {
      findings.push(
        finding(
          [...path, displayKey(key, index + 1)],
          {category: 'security-question', reason: 'the answer next to a flagged security question'},
          'pair',
        ),
      )
    }
  }
}

function descend(
  value: unknown,
  path: Array<string | number>,
  findings: Finding[],
  depth: number,
  options: FieldCheckOptions,
): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) descend(item, [...path, index], findings, depth + 1, options)
  } else if (value !== null && typeof value === 'object') {
    walk(value as JsonObject, path, new Set(), findings, depth + 1, options)
  }
}

/**
 * {name: "PIN", value: "1234"}, {t: "Security answer", v: "…"}, or a section {title: "Security
 * Questions", fields: […]}: the label is data, and the field rules apply to it. Returns true
 * when the object was judged as a whole (flagged, or a labelled setting that holds nothing).
 */
function checkLabelledObject(
  object: JsonObject,
  path: Array<string | number>,
  findings: Finding[],
  options: FieldCheckOptions,
): boolean {
  const labelKey = LABEL_KEYS.find((key) => typeof object[key] === 'string' && object[key] !== '')
  if (!labelKey) return false
  const label = object[labelKey] as string
  const valueKey = VALUE_KEYS.find((key) => key !== labelKey && Object.hasOwn(object, key))
  const sectionKey = SECTION_KEYS.find(
    (key) => Array.isArray(object[key]) || (object[key] !== null && typeof object[key] === 'object'),
  )
  if (!valueKey && !sectionKey) return false

  const match = matchFieldName(label)
  if (match) {
    const held = valueKey ? object[valueKey] : object[sectionKey!]
    if (!holdsSensitiveContent(held, match.category)) return valueKey !== undefined
    const what = valueKey ? `a label kept as data (${labelKey}/${valueKey})` : `a section title (${labelKey})`
    findings.push(finding(path, {category: match.category, reason: nameReason(what, match)}, 'label'))
    return true
  }

  if (valueKey && typeof object[valueKey] === 'string') {
    const byContent = contentOf(label, object[valueKey], options)
    if (byContent) {
      findings.push(finding(path, byContent, 'content'))
      return true
    }
  }

  return false
}

/** What a field's content gives away: for every field the fixed shapes, for notes also prose and credentials. */
function contentOf(label: string, value: unknown, options: FieldCheckOptions): Why | undefined {
  if (typeof value === 'string' && isNoteLabel(label)) return noteContent(value, options)
  const category = classifyFieldContent(label, value)
  return category
    ? {category, reason: `content: ${CONTENT_REASONS[category] ?? CATEGORY_DESCRIPTIONS[category]}`}
    : undefined
}

const CONTENT_REASONS: Partial<Record<SensitiveCategory, string>> = {
  'mfa-seed': 'an otpauth:// URI or a base32 seed under an MFA name',
  'recovery-code': 'a list of four or more codes of one shape',
  'security-question': 'a personal question ending in a question mark',
  'password-hint': 'hint wording ("hint: …", "the password is …", a password word then a value)',
}

/** A free-text note: everything a note can give away, most specific first. */
function noteContent(text: string, options: FieldCheckOptions = {}): Why | undefined {
  if (/\botpauth(-migration)?:\/\//i.test(text))
    return {category: 'mfa-seed', reason: 'note content: an otpauth:// URI'}
  if (looksLikeRecoveryCodes(text.split(/[\s,;]+/).filter(Boolean)))
    return {category: 'recovery-code', reason: 'note content: a list of codes of one shape'}
  const recovery = recoveryTextCategory(text)
  if (recovery) {
    const reason =
      containsSecurityQuestion(text) && recovery === 'security-question'
        ? 'a personal question ending in a question mark'
        : 'recovery wording followed by its answer'
    return {category: recovery, reason: `note content: ${reason}`}
  }

  if (
    /(?<![\p{L}])(pin|pin\s*code|pincode|geheimzahl|code pin|codigo pin|пин|暗証番号|핀\s*번호)\s*(is|ist|est|es|e|:|=|は|는)\s*\d{4,8}\b/iu.test(
      text,
    )
  ) {
    return {category: 'pin', reason: 'note content: a PIN word followed by four to eight digits'}
  }

  const keyword = keywordMatches(text)[0]
  if (keyword) {
    const category: SensitiveCategory = keyword.passwordWord ? 'password-hint' : 'stray-credential'
    return {
      category,
      reason: `note content: the ${LANGUAGE_NAMES[keyword.language]} credential word "${keyword.keyword}" followed by a ${keyword.valueClass}`,
    }
  }

  if (looksLikePasswordHintText(text))
    return {
      category: 'password-hint',
      reason: 'note content: hint wording ("hint: …", "same as the old one", "the password is my …")',
    }
  const shapes = [
    ...credentialShapesIn(text).map((shape) => shape.description),
    ...(options.providerShapes?.get(text) ?? []).map(describeProviderShape),
  ]
  if (shapes.length > 0)
    return {category: 'stray-credential', reason: `note content: the shape of ${[...new Set(shapes)].join(' and ')}`}
  return undefined
}

export function describeProviderShape(shape: ProviderShape): string {
  return `${shape.description} (secretlint ${shape.ruleId.replace('@secretlint/secretlint-rule-', '')}: ${shape.messageId})`
}

/** Strings in the value that free-text checks read: notes (by key or by label), for the provider rule set. */
export function noteTexts(node: unknown, depth = 0, into: string[] = []): string[] {
  if (depth > MAX_DEPTH) return into
  if (Array.isArray(node)) {
    for (const item of node) noteTexts(item, depth + 1, into)
  } else if (node !== null && typeof node === 'object') {
    const object = node as JsonObject
    const labelKey = LABEL_KEYS.find((key) => typeof object[key] === 'string')
    const valueKey = VALUE_KEYS.find((key) => key !== labelKey && typeof object[key] === 'string')
    if (labelKey && valueKey && isNoteLabel(object[labelKey] as string)) into.push(object[valueKey] as string)
    for (const [key, value] of Object.entries(object)) {
      if (typeof value === 'string' && isNoteLabel(key)) into.push(value)
      else noteTexts(value, depth + 1, into)
    }
  }

  return into
}

function nameReason(where: string, match: NameMatch): string {
  return `${where} matched the ${LANGUAGE_NAMES[match.language]} term "${match.term}" (${match.category})`
}

const HOW: Record<'name' | 'content' | 'pair' | 'label', string> = {
  name: 'by its name',
  content: 'by its content',
  pair: 'as the answer next to a security question',
  label: 'by the label stored with it',
}

function finding(path: Array<string | number>, why: Why, how: keyof typeof HOW): Finding {
  const advice =
    why.category === 'stray-credential'
      ? 'A credential in a note is not rotated or audited as one: give it a secret of its own, and rotate it if it was real.'
      : 'Better drop it; if it must exist, keep it only inside this encrypted value, never in the name, description or tags.'
  const consequence = why.category === 'stray-credential' ? '' : ', which helps someone reach the credential'
  return {
    ruleId: 'sensitive-field',
    severity: 'warning',
    location: fieldLocation(path),
    message: `Field ${fieldLabel(path)} looks like ${CATEGORY_DESCRIPTIONS[why.category]} (${HOW[how]})${consequence}. ${advice}`,
    reason: why.reason,
  }
}
