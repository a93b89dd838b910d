// Recognises access-recovery information by a field's name or content: password hints,
// security questions and answers, recovery and backup codes, PINs, MFA/TOTP seeds, previous
// passwords and personal-knowledge answers (mother's maiden name, first pet...). AWS's
// guidance: anything that helps someone reach a credential must be protected like it, and
// is better not kept at all.
//
// Names are split into lower-case tokens at camelCase, snake_case, kebab-case and digit
// boundaries ("secQuestion1" → sec, question, 1; "pwd-hint" → pwd, hint) and matched as
// token combinations, so that every common spelling is caught while words that merely
// contain a fragment ("spinner", "passenger", "hinterland") are not. Labels in other
// languages come from label-lexicon.ts.
import {type LabelCategory, matchForeignLabel} from './label-lexicon.js'
import {looksLikePasswordHintText, looksLikeRecoveryCodes, looksLikeSecurityQuestion} from './sensitive-text.js'

export type SensitiveCategory = LabelCategory | 'stray-credential'

// prettier-ignore
export const CATEGORY_DESCRIPTIONS: Record<SensitiveCategory, string> = {
  'password-hint': 'a password hint',
  'security-question': 'a security question or its answer',
  'recovery-code': 'account-recovery information (recovery or backup codes, a recovery contact or phrase)',
  pin: 'a PIN',
  'mfa-seed': 'an MFA/TOTP seed',
  'previous-password': 'a previous password',
  'personal-answer': "a personal-knowledge answer (such as a mother's maiden name or a first pet)",
  'stray-credential': 'a credential written into a free-text note',
}

/** "passwordHint" → ["password", "hint"]; "MFASecret2" → ["mfa", "secret", "2"]. */
export function tokenizeFieldName(name: string): string[] {
  return name
    .replaceAll(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replaceAll(/([A-Za-z])(\d)/g, '$1 $2')
    .replaceAll(/(\d)([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((token) => token.toLowerCase())
}

// prettier-ignore
const PASSWORDISH = new Set(['password', 'passwords', 'passwd', 'pwd', 'pw', 'pass', 'passw', 'pword', 'passphrase', 'passcode', 'pin'])
// prettier-ignore
const HINT = new Set(['hint', 'hints', 'clue', 'clues'])
// prettier-ignore
const REMINDER = new Set(['reminder', 'reminders'])
// prettier-ignore
const QUESTION = new Set(['question', 'questions', 'answer', 'answers', 'ques', 'ans', 'kba'])
// prettier-ignore
const QUESTION_CONTEXT = new Set(['sec', 'security', 'secret', 'challenge', 'recovery', 'verification', 'verify', 'knowledge'])
// prettier-ignore
const QUESTION_SHORT = new Set(['q', 'a', 'qa', 'qs'])
// prettier-ignore
const RECOVERY_CONTEXT = new Set(['recovery', 'recover', 'backup', 'rescue', 'emergency', 'scratch', 'fallback', 'reset'])
// Disaster recovery and backup settings are operations vocabulary, not a way back into an account.
// prettier-ignore
const RECOVERY_EXCEPTIONS = new Set(['disaster', 'dr', 'window', 'point', 'time', 'objective', 'rpo', 'rto', 'tier', 'plan', 'region', 'retention', 'days', 'bucket', 'vault', 'schedule', 'policy', 'enabled'])
// prettier-ignore
const RECOVERY_OBJECT = new Set([
  'code',
  'codes',
  'key',
  'keys',
  'token',
  'tokens',
  'phrase',
  'phrases',
  'words',
  'email',
  'mail',
  'phone',
  'number',
  'question',
  'answer',
  'link',
  'pin',
])
// prettier-ignore
const PIN = new Set(['pin', 'pins', 'pincode', 'pinnumber', 'puk'])
// prettier-ignore
const PIN_EXCEPTIONS = new Set(['sha', 'sha256', 'hash', 'cert', 'certificate', 'spki', 'tls', 'ssl', 'fingerprint', 'public', 'hpkp', 'pinned', 'pinning', 'gpio'])
// prettier-ignore
const OTP = new Set(['otp', 'totp', 'hotp', 'otpauth', 'authenticator'])
// prettier-ignore
const OTP_SETTINGS = new Set(['length', 'digits', 'period', 'interval', 'enabled', 'enable', 'required', 'algorithm', 'issuer', 'type', 'window', 'step', 'mode', 'policy'])
// prettier-ignore
const MFA = new Set(['mfa', 'twofactor', 'tfa', '2fa'])
// prettier-ignore
const SECRETISH = new Set(['secret', 'seed', 'key', 'code', 'codes', 'token', 'backup', 'recovery', 'uri', 'url'])
// prettier-ignore
const PREVIOUS = new Set(['old', 'previous', 'prev', 'former', 'last', 'past', 'expired', 'retired', 'legacy', 'prior', 'history', 'historic', 'historical', 'original'])
// prettier-ignore
const PREVIOUS_OBJECT = new Set([...PASSWORDISH, 'secret'])
// prettier-ignore
const PREVIOUS_EXCEPTIONS = new Set([
  'change',
  'changed',
  'rotated',
  'rotation',
  'date',
  'time',
  'at',
  'updated',
  'set',
  'age',
  'expiry',
  'expires',
  'policy',
  'length',
  'min',
  'max',
  'count',
  'reuse',
])
// prettier-ignore
const FIRST_THINGS = new Set(['pet', 'school', 'car', 'job', 'teacher', 'street', 'concert', 'employer', 'kiss', 'love', 'friend', 'boss'])
// prettier-ignore
const PLACE = new Set(['city', 'place', 'town', 'country', 'hospital'])

/**
 * Words that make a name a setting about the thing rather than the thing: "hint_enabled",
 * "answer_timeout_ms", "recovery_mode", "pinLength", "otp_digits". A setting is not a secret.
 */
// prettier-ignore
const SETTING_TOKENS = new Set([
  'enabled',
  'enable',
  'disabled',
  'disable',
  'required',
  'require',
  'mode',
  'policy',
  'timeout',
  'ttl',
  'ms',
  'seconds',
  'minutes',
  'attempts',
  'retries',
  'max',
  'min',
  'length',
  'count',
  'size',
  'limit',
  'type',
  'format',
  'style',
  'version',
  'period',
  'interval',
  'window',
  'algorithm',
  'digits',
  'status',
  'state',
  'allowed',
  'allow',
  'supported',
  'flag',
  'visible',
  'show',
  'shown',
  'display',
  'at',
  'date',
  'updated',
  'created',
  'changed',
  'expiry',
  'expires',
  'issuer',
  'label',
  'provider',
  'strategy',
  'method',
  'channel',
  'configured',
  'set',
  'lockout',
  'threshold',
  // What a field points at rather than holds: the URL of a PIN service, a recovery key's id.
  'host',
  'endpoint',
  'service',
  'path',
  'file',
  'dir',
  'bucket',
  'queue',
  'topic',
  'arn',
  'id',
])

// prettier-ignore
const ENGLISH_VOCABULARY = new Set<string>(
  [PASSWORDISH, HINT, REMINDER, QUESTION, QUESTION_CONTEXT, QUESTION_SHORT, RECOVERY_CONTEXT, RECOVERY_OBJECT, PIN, OTP, MFA, SECRETISH, PREVIOUS, PREVIOUS_OBJECT, FIRST_THINGS, PLACE].flatMap(
    (set) => [...set],
  ).concat(['seed', 'phrase', 'words', 'mnemonic', 'maiden', 'first', 'childhood', 'pet', 'name', 'birth', 'born', 'birthplace', 'birthcity', 'hometown', 'memorable']),
)

/** Why a name was flagged: the category, and the lexicon term (ours, not the user's text) that matched. */
export interface NameMatch {
  category: SensitiveCategory
  /** "password + hint" / "Sicherheitsfrage": our own vocabulary, safe to print. */
  term: string
  language: string
}

/** The category a field name marks, or undefined for an ordinary name. */
export function classifyFieldName(name: string): SensitiveCategory | undefined {
  return matchFieldName(name)?.category
}

/** Like classifyFieldName, with the term and language that matched (for lint --explain). */
export function matchFieldName(name: string): NameMatch | undefined {
  const tokens = tokenizeFieldName(name)
  if (tokens.some((token) => SETTING_TOKENS.has(token))) return undefined
  const english = classifyEnglishTokens(tokens)
  if (english) {
    // Only our own vocabulary is named: a name may carry a pasted token beside "hint".
    const term = tokens.filter((token) => ENGLISH_VOCABULARY.has(token)).join(' ')
    return {category: english, term: term === '' ? english : term, language: 'en'}
  }
  const foreign = matchForeignLabel(name)
  if (!foreign) return undefined
  // A setting written in another language keeps its English setting word more often than not
  // ("sicherheitsfrage_enabled"); the token check above has already seen those.
  return {category: foreign.category, term: foreign.term, language: foreign.language}
}

function classifyEnglishTokens(tokens: string[]): SensitiveCategory | undefined {
  if (tokens.length === 0) return undefined
  const has = (set: Set<string>) => tokens.some((token) => set.has(token))
  const joined = tokens.join('')

  // Hints: "hint" on its own is enough; "reminder" only next to a password word.
  if (
    has(HINT) ||
    (has(REMINDER) && has(PASSWORDISH)) ||
    /(password|passwd|pwd|pass|pw)(hint|clue|reminder)/.test(joined)
  ) {
    return 'password-hint'
  }

  if (has(MFA) && has(SECRETISH)) return 'mfa-seed'
  if (
    /^(2fa|twofa|twofactor|mfa)(secret|seed|key|code|codes|token|backup|recovery)/.test(joined) ||
    joined.includes('2fa')
  ) {
    if (!tokens.some((token) => OTP_SETTINGS.has(token))) return 'mfa-seed'
  }

  if (has(OTP) && !tokens.some((token) => OTP_SETTINGS.has(token))) return 'mfa-seed'
  if (tokens.includes('seed') && (tokens.includes('phrase') || tokens.includes('words'))) return 'recovery-code'
  if (tokens.includes('mnemonic') || joined.includes('seedphrase')) return 'recovery-code'

  if (has(QUESTION)) return 'security-question'
  if (has(QUESTION_CONTEXT) && has(QUESTION_SHORT)) return 'security-question'
  if (/(security|secret|challenge)(question|answer|ques|ans)/.test(joined)) return 'security-question'
  if (/^(secq|seca|secqa)\d*$/.test(joined)) return 'security-question'

  if (!has(RECOVERY_EXCEPTIONS)) {
    if (has(RECOVERY_CONTEXT) && has(RECOVERY_OBJECT)) return 'recovery-code'
    if (tokens.includes('recovery') || /(recovery|backup|scratch)(code|codes|key|phrase|email|phone)/.test(joined))
      return 'recovery-code'
  }

  if (has(PREVIOUS) && has(PREVIOUS_OBJECT) && !has(PREVIOUS_EXCEPTIONS)) return 'previous-password'
  if (/^(old|prev|previous|former)(password|passwd|pwd|pass|passphrase|secret|pin)s?$/.test(joined))
    return 'previous-password'

  if (has(PIN) && !has(PIN_EXCEPTIONS)) return 'pin'
  if (/^(pin)(code|number|no)$/.test(joined)) return 'pin'

  if (tokens.includes('maiden')) return 'personal-answer'
  if (tokens.includes('first') && has(FIRST_THINGS)) return 'personal-answer'
  if (tokens.includes('childhood')) return 'personal-answer'
  if (tokens.includes('pet') && tokens.includes('name')) return 'personal-answer'
  if ((tokens.includes('birth') || tokens.includes('born')) && has(PLACE)) return 'personal-answer'
  if (['birthplace', 'birthcity', 'hometown', 'memorable'].some((word) => tokens.includes(word) || joined === word)) {
    return 'personal-answer'
  }

  if (joined.includes('mothersmaiden')) return 'personal-answer'
  // "favorite", "dob", "birthday" and "ssn" alone are profile data, not answers to a recovery question.
  return undefined
}

/** Placeholders and setting words that stand where a value would go: nothing is given away. */
const PLACEHOLDER_TEXT =
  /^(\*+|x{3,}|\.{3,}|-+|<[^>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{[^}]*\}\}|%[sd]|\[[^\]]*\]|redacted|todo|tbd|n\/?a|none|null|nil|undefined|empty|true|false|yes|no|on|off|enabled|disabled|auto|default|unset|not set)$/i

/** Whether a field's value holds something (a named-sensitive field that is empty, null, a flag or a count is a setting). */
export function holdsSensitiveContent(value: unknown, category: SensitiveCategory, depth = 0): boolean {
  if (depth > 8) return false
  if (typeof value === 'string') return !isPlaceholderText(value)
  // A PIN is often kept as a number; nothing else is a number when it is a secret.
  if (typeof value === 'number')
    return (
      category === 'pin' &&
      Number.isInteger(value) &&
      value >= 0 &&
      String(value).length >= 4 &&
      String(value).length <= 8
    )
  if (Array.isArray(value)) return value.some((item) => holdsSensitiveContent(item, category, depth + 1))
  if (value !== null && typeof value === 'object')
    return Object.values(value).some((item) => holdsSensitiveContent(item, category, depth + 1))
  return false
}

function isPlaceholderText(text: string): boolean {
  const trimmed = text.trim()
  return trimmed === '' || PLACEHOLDER_TEXT.test(trimmed)
}

/** What a field's content alone gives away, whatever it is called. */
export function classifyFieldContent(name: string, value: unknown): SensitiveCategory | undefined {
  if (Array.isArray(value)) return looksLikeRecoveryCodes(value) ? 'recovery-code' : undefined
  if (typeof value !== 'string') return undefined
  if (/\botpauth(-migration)?:\/\//i.test(value)) return 'mfa-seed'
  const tokens = tokenizeFieldName(name)
  const seedish = tokens.some((token) =>
    ['mfa', 'seed', '2fa', 'twofactor', 'authenticator', 'auth', 'totp', 'otp'].includes(token),
  )
  if (seedish && /^[A-Z2-7]{16,}={0,6}$/i.test(value.replaceAll(/[\s-]/g, ''))) return 'mfa-seed'
  if (looksLikeRecoveryCodes(value.split(/[\s,;]+/).filter(Boolean))) return 'recovery-code'
  if (value.length <= 300 && looksLikeSecurityQuestion(value)) return 'security-question'
  if (value.length <= 500 && looksLikePasswordHintText(value)) return 'password-hint'
  return undefined
}
