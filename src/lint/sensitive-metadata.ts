// The metadata-side sensitive-information warning: sensitive text in the unencrypted parts of a secret — its name,
// description, and tag keys and values. Secrets Manager encrypts only the value; the rest is
// readable by anyone with secretsmanager:ListSecrets/DescribeSecret, shows up in CloudTrail,
// the console, Config and cost reports. Four checks:
//   metadata-contains-value     the value, or one of its secret fields' values, appears in it
//   metadata-credential-shape   a known credential format (AKIA…, ghp_…, a PEM key, user:pass@host)
//   metadata-high-entropy       a random-looking token
//   metadata-password-hint      hint-like words ("pw: …", "hint: …", "the password is …")
//   metadata-recovery-info      recovery information (security questions, maiden names, MFA seeds)
// A message says where and what kind of thing was found, never the text that matched.
import type {Tag} from '../stores/store.js'
import type {SecretValue} from '../secret-value.js'
import type {JsonObject} from '../schemas/json-value.js'
import type {SecretSchema} from '../schemas/schema.js'
import {
  CATEGORY_DESCRIPTIONS,
  classifyFieldName,
  holdsSensitiveContent,
  matchFieldName,
  tokenizeFieldName,
} from './sensitive-fields.js'
import {looksLikePasswordHintText, recoveryTextCategory} from './sensitive-text.js'
import {credentialShapesIn} from './credential-shapes.js'
import {looksRandom, randomLookingSegments, shannonEntropy} from './entropy.js'
import {displayKey, fieldLabel} from './field-labels.js'
import type {Finding} from './finding.js'
import {keywordMatches} from './keyword-context.js'
import {LANGUAGE_NAMES} from './label-lexicon.js'
import type {ProviderShape} from './provider-rules.js'
import {describeProviderShape} from './value-fields.js'

export interface MetadataCheckInput {
  name?: string
  description?: string
  tags?: Tag[]
  value?: SecretValue
  /** The value parsed as a JSON object, when it is one. */
  json?: JsonObject
  schema?: SecretSchema
  /** Provider shapes the rule set found in each metadata text (provider-rules.ts). */
  providerShapes?: ReadonlyMap<string, ProviderShape[]>
}

interface LeakCandidate {
  /** "the secret's value" / "the value of field 'password'". */
  label: string
  needle: string
}

interface MetadataText {
  location: string
  /** "the name", "the description", "tag key #2"… for messages. */
  what: string
  text: string
  /** Free text where hint phrases can appear (descriptions and tag values, not names or keys). */
  prose: boolean
  /** For a tag key: the tag's value (a sensitive-looking key over an empty value marks nothing). */
  tagValue?: string
}

/** The texts of the name, description and tags that the checks read (for the provider rule set). */
export function metadataTextsToScan(input: {name?: string; description?: string; tags?: Tag[]}): string[] {
  const texts = [input.name, input.description]
  for (const tag of input.tags ?? []) if (!tag.key.startsWith(OWN_TAG_PREFIX)) texts.push(tag.key, tag.value)
  return texts.filter((text): text is string => Boolean(text))
}

/** Tags secretsmith writes itself (the schema name): never the user's text. */
const OWN_TAG_PREFIX = 'secretsmith:'

export function metadataFindings(input: MetadataCheckInput): Finding[] {
  const candidates = leakCandidates(input)
  const findings: Finding[] = []
  for (const item of metadataTexts(input, candidates))
    findings.push(...checkText(item, candidates, input.providerShapes))
  return findings
}

function metadataTexts(input: MetadataCheckInput, candidates: LeakCandidate[]): MetadataText[] {
  const texts: MetadataText[] = []
  if (input.name) texts.push({location: 'name', what: 'The name', text: input.name, prose: false})
  if (input.description)
    texts.push({location: 'description', what: 'The description', text: input.description, prose: true})
  for (const [index, tag] of (input.tags ?? []).entries()) {
    if (tag.key.startsWith(OWN_TAG_PREFIX)) continue
    // A key that itself leaks must not be printed as the tag's label: use its position then.
    const keyLeaks = checkText(
      {location: '', what: '', text: tag.key, prose: false},
      candidates,
      input.providerShapes,
    ).some((finding) => finding.ruleId !== 'metadata-recovery-info' && finding.ruleId !== 'metadata-password-hint')
    const label = keyLeaks ? `#${index + 1}` : displayKey(tag.key, index + 1)
    texts.push({
      location: `tag:${label}`,
      what: `Tag key ${quoteLabel(label)}`,
      text: tag.key,
      prose: false,
      tagValue: tag.value,
    })
    if (tag.value)
      texts.push({
        location: `tag-value:${label}`,
        what: `The value of tag ${quoteLabel(label)}`,
        text: tag.value,
        prose: true,
      })
  }

  return texts
}

function quoteLabel(label: string): string {
  return label.startsWith('#') ? label : `'${label}'`
}

function checkText(
  item: MetadataText,
  candidates: LeakCandidate[],
  providerShapes?: ReadonlyMap<string, ProviderShape[]>,
): Finding[] {
  const findings: Finding[] = []
  const warn = (ruleId: string, message: string, reason: string) =>
    findings.push({ruleId, severity: 'warning', location: item.location, message, reason})
  const lower = item.text.toLowerCase()

  const leaked = candidates.filter((candidate) => lower.includes(candidate.needle))
  if (leaked.length > 0) {
    warn(
      'metadata-contains-value',
      `${item.what} contains ${leaked.map((candidate) => candidate.label).join(' and ')}; metadata is stored unencrypted. Remove it from there.`,
      `exact match (case-insensitive) of ${leaked.map((candidate) => candidate.label).join(' and ')}`,
    )
  }

  const ownShapes = credentialShapesIn(item.text).map((shape) => shape.description)
  const ruleSetShapes = providerShapes?.get(item.text) ?? []
  const shapes = [...new Set([...ownShapes, ...ruleSetShapes.map((shape) => shape.description)])]
  if (shapes.length > 0) {
    const classes = [
      ...ownShapes.map((description) => `${description} (secretsmith shape)`),
      ...ruleSetShapes.map(describeProviderShape),
    ]
    warn(
      'metadata-credential-shape',
      `${item.what} contains what looks like ${shapes.join(' and ')}; metadata is stored unencrypted. ` +
        'Move it into the secret value (or drop it), and rotate it if it was real.',
      `shape class: ${[...new Set(classes)].join('; ')}`,
    )
  }

  const quiet = leaked.length === 0 && shapes.length === 0
  if (quiet && randomLookingSegments(item.text).length > 0) {
    warn(
      'metadata-high-entropy',
      `${item.what} contains a random-looking token, which may be a key or password; metadata is stored unencrypted. ` +
        'Keep credentials in the secret value only.',
      'a token of 20+ characters mixing letters and digits in short runs, with high entropy, that is not a known public identifier',
    )
  }

  const keywords = keywordMatches(item.text)
  const hint =
    item.prose && (looksLikePasswordHintText(item.text) || (quiet && keywords.some((match) => match.passwordWord)))
  if (hint) {
    const passwordKeyword = keywords.find((match) => match.passwordWord)
    warn(
      'metadata-password-hint',
      `${item.what} reads like a password hint or gives the password away; metadata is stored unencrypted. ` +
        'Remove it; anything that helps reach the credential belongs, if anywhere, inside the encrypted value.',
      passwordKeyword
        ? keywordReason(passwordKeyword)
        : 'hint wording ("hint: …", "same as the old one", "the password is my …")',
    )
  }

  const otherKeyword = keywords.find((match) => !match.passwordWord)
  if (quiet && !hint && findings.length === 0 && otherKeyword) {
    warn(
      'metadata-credential-keyword',
      `${item.what} names a credential and then gives what looks like it; metadata is stored unencrypted. ` +
        'Move it into the secret value (or drop it), and rotate it if it was real.',
      keywordReason(otherKeyword),
    )
  }

  const match = item.location.startsWith('tag:') ? matchFieldName(item.text) : undefined
  const marks = match && holdsSensitiveContent(item.tagValue ?? '', match.category) ? match : undefined
  if (marks) {
    const reason = `tag key matched the ${LANGUAGE_NAMES[marks.language]} term "${marks.term}" (${marks.category})`
    if (marks.category === 'password-hint') {
      warn(
        'metadata-password-hint',
        `${item.what} marks ${CATEGORY_DESCRIPTIONS[marks.category]}; tags are stored unencrypted. Remove the tag.`,
        reason,
      )
    } else {
      warn(
        'metadata-recovery-info',
        `${item.what} marks ${CATEGORY_DESCRIPTIONS[marks.category]}; tags are stored unencrypted. Remove the tag.`,
        reason,
      )
    }
  } else if (item.prose && !hint) {
    const category = recoveryTextCategory(item.text)
    if (category) {
      warn(
        'metadata-recovery-info',
        `${item.what} mentions account-recovery information (security questions, recovery codes, MFA seeds, maiden names…); ` +
          'metadata is stored unencrypted. Remove it.',
        `recovery wording followed by what it is (${category})`,
      )
    }
  }

  return findings
}

function keywordReason(match: {keyword: string; language: string; valueClass: string}): string {
  return `the ${LANGUAGE_NAMES[match.language]} credential word "${match.keyword}", a separator, then a ${match.valueClass}`
}

/** Tokens in field names that mark the field's value as secret even without a schema. */
const SECRET_NAME_TOKENS = new Set([
  'password',
  'passwd',
  'pwd',
  'pw',
  'pass',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'private',
  'pin',
  'seed',
  'otp',
  'totp',
  'mfa',
  'signature',
  'salt',
  'cookie',
  'session',
  'bearer',
  'jwt',
  'hash',
  'cert',
])

/** Values too common to mean anything when they turn up in metadata. */
const COMMON_VALUES = new Set([
  'true',
  'false',
  'null',
  'none',
  'undefined',
  'default',
  'example',
  'localhost',
  'password',
  'secret',
  'mysql',
  'mariadb',
  'postgres',
  'postgresql',
  'oracle',
  'sqlserver',
  'redshift',
  'mongo',
  'admin',
  'master',
])

/**
 * What must not appear in metadata: the whole text value, and each string field of a JSON
 * value that is secret (by schema, or by its name) or looks random. Non-secret schema
 * fields (host, username, engine, port…) are left out: "billing" in a description is fine
 * even when the database is called billing.
 */
function leakCandidates(input: MetadataCheckInput): LeakCandidate[] {
  const candidates: LeakCandidate[] = []
  const value = input.value
  if (!value || value.isBinary || value.isEmpty) return candidates
  if (input.json) {
    const schemaFields = new Map((input.schema?.fields ?? []).map((field) => [field.name, field]))
    collectFields(input.json, [], schemaFields, candidates, 0)
    // The whole JSON text is not a useful needle (metadata never holds a whole object verbatim).
    return candidates
  }

  const text = value.revealText().trim()
  if (isDistinctive(text, true)) candidates.push({label: "the secret's value", needle: text.toLowerCase()})
  return candidates
}

function collectFields(
  node: unknown,
  path: Array<string | number>,
  schemaFields: ReadonlyMap<string, {secret: boolean}>,
  candidates: LeakCandidate[],
  depth: number,
): void {
  if (depth > 16) return
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries())
      collectFields(item, [...path, index], schemaFields, candidates, depth + 1)
    return
  }

  if (node === null || typeof node !== 'object') return
  for (const [index, [key, child]] of Object.entries(node as JsonObject).entries()) {
    const childPath = [...path, displayKey(key, index + 1)]
    const schemaField = depth === 0 ? schemaFields.get(key) : undefined
    if (typeof child === 'string') {
      if (schemaField && !schemaField.secret) continue
      const secretish = schemaField?.secret === true || hasSecretName(path, key) || classifyFieldName(key) !== undefined
      if (isDistinctive(child.trim(), secretish)) {
        candidates.push({label: `the value of field ${fieldLabel(childPath)}`, needle: child.trim().toLowerCase()})
      }
    } else {
      collectFields(child, childPath, schemaFields, candidates, depth + 1)
    }
  }
}

function hasSecretName(path: Array<string | number>, key: string): boolean {
  return [...path.filter((part): part is string => typeof part === 'string'), key].some((name) =>
    tokenizeFieldName(name).some((token) => SECRET_NAME_TOKENS.has(token)),
  )
}

/**
 * Long and unusual enough that finding it in metadata is no coincidence. A secret field
 * needs 6 characters (short passwords leak too); any other field must look generated.
 */
export function isDistinctive(text: string, secretish: boolean): boolean {
  if (COMMON_VALUES.has(text.toLowerCase())) return false
  if (secretish) {
    if (text.length < 6) return false
    if (/^\d+$/.test(text) && text.length < 8) return false
    return shannonEntropy(text) >= 1.5
  }

  return text.length >= 12 && looksRandom(text.replaceAll(/[\s/:@=.]/g, ''), 12)
}
