// Recognises access-recovery information by a field's name or content: password hints,
// security questions and answers, recovery and backup codes, PINs, MFA/TOTP seeds, previous
// passwords and personal-knowledge answers (mother's maiden name, first pet...). AWS's
// guidance: anything that helps someone reach a credential must be protected like it, and
// is better not kept at all.
//
// Names are split into lower-case tokens at camelCase, snake_case, kebab-case and digit
// boundaries ("secQuestion1" → sec, question, 1; "pwd-hint" → pwd, hint) and matched as
// token combinations, so that every common spelling is caught while words that merely
// contain a fragment ("spinner", "passenger", "hinterland") are not.

export type SensitiveCategory =
  | 'password-hint'
  | 'security-question'
  | 'recovery-code'
  | 'pin'
  | 'mfa-seed'
  | 'previous-password'
  | 'personal-answer'

export const CATEGORY_DESCRIPTIONS: Record<SensitiveCategory, string> = {
  'password-hint': 'a password hint',
  'security-question': 'a security question or its answer',
  'recovery-code': 'account-recovery information (recovery or backup codes, a recovery contact or phrase)',
  pin: 'a PIN',
  'mfa-seed': 'an MFA/TOTP seed',
  'previous-password': 'a previous password',
  'personal-answer': "a personal-knowledge answer (such as a mother's maiden name or a first pet)",
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

const PASSWORDISH = new Set(['password', 'passwords', 'passwd', 'pwd', 'pw', 'pass', 'passw', 'pword', 'passphrase', 'passcode', 'pin'])
const HINT = new Set(['hint', 'hints', 'clue', 'clues'])
const REMINDER = new Set(['reminder', 'reminders'])
const QUESTION = new Set(['question', 'questions', 'answer', 'answers', 'ques', 'ans', 'kba'])
const QUESTION_CONTEXT = new Set(['sec', 'security', 'secret', 'challenge', 'recovery', 'verification', 'verify', 'knowledge'])
const QUESTION_SHORT = new Set(['q', 'a', 'qa', 'qs'])
const RECOVERY_CONTEXT = new Set(['recovery', 'recover', 'backup', 'rescue', 'emergency', 'scratch', 'fallback', 'reset'])
// Disaster recovery and backup settings are operations vocabulary, not a way back into an account.
const RECOVERY_EXCEPTIONS = new Set(['disaster', 'dr', 'window', 'point', 'time', 'objective', 'rpo', 'rto', 'tier', 'plan', 'region', 'retention', 'days', 'bucket', 'vault', 'schedule', 'policy', 'enabled'])
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
const PIN = new Set(['pin', 'pins', 'pincode', 'pinnumber', 'puk'])
const PIN_EXCEPTIONS = new Set(['sha', 'sha256', 'hash', 'cert', 'certificate', 'spki', 'tls', 'ssl', 'fingerprint', 'public', 'hpkp', 'pinned', 'pinning', 'gpio'])
const OTP = new Set(['otp', 'totp', 'hotp', 'otpauth', 'authenticator'])
const OTP_SETTINGS = new Set(['length', 'digits', 'period', 'interval', 'enabled', 'enable', 'required', 'algorithm', 'issuer', 'type', 'window', 'step', 'mode', 'policy'])
const MFA = new Set(['mfa', 'twofactor', 'tfa', '2fa'])
const SECRETISH = new Set(['secret', 'seed', 'key', 'code', 'codes', 'token', 'backup', 'recovery', 'uri', 'url'])
const PREVIOUS = new Set(['old', 'previous', 'prev', 'former', 'last', 'past', 'expired', 'retired', 'legacy', 'prior', 'history', 'historic', 'historical', 'original'])
const PREVIOUS_OBJECT = new Set([...PASSWORDISH, 'secret'])
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
const FIRST_THINGS = new Set(['pet', 'school', 'car', 'job', 'teacher', 'street', 'concert', 'employer', 'kiss', 'love', 'friend', 'boss'])
const PLACE = new Set(['city', 'place', 'town', 'country', 'hospital'])
const FAVOURITE = new Set(['favorite', 'favourite', 'fav', 'favourites', 'favorites'])

/** The category a field name marks, or undefined for an ordinary name. */
export function classifyFieldName(name: string): SensitiveCategory | undefined {
  const tokens = tokenizeFieldName(name)
  if (tokens.length === 0) return undefined
  const has = (set: Set<string>) => tokens.some((token) => set.has(token))
  const joined = tokens.join('')

  // Hints: "hint" on its own is enough; "reminder" only next to a password word.
  if (has(HINT) || (has(REMINDER) && has(PASSWORDISH)) || /(password|passwd|pwd|pass|pw)(hint|clue|reminder)/.test(joined)) {
    return 'password-hint'
  }

  if (has(MFA) && has(SECRETISH)) return 'mfa-seed'
  if (/^(2fa|twofa|twofactor|mfa)(secret|seed|key|code|codes|token|backup|recovery)/.test(joined) || joined.includes('2fa')) {
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
    if (tokens.includes('recovery') || /(recovery|backup|scratch)(code|codes|key|phrase|email|phone)/.test(joined)) return 'recovery-code'
  }

  if (has(PREVIOUS) && has(PREVIOUS_OBJECT) && !has(PREVIOUS_EXCEPTIONS)) return 'previous-password'
  if (/^(old|prev|previous|former)(password|passwd|pwd|pass|passphrase|secret|pin)s?$/.test(joined)) return 'previous-password'

  if (has(PIN) && !has(PIN_EXCEPTIONS)) return 'pin'
  if (/^(pin)(code|number|no)$/.test(joined)) return 'pin'

  if (tokens.includes('maiden')) return 'personal-answer'
  if (tokens.includes('first') && has(FIRST_THINGS)) return 'personal-answer'
  if (tokens.includes('childhood')) return 'personal-answer'
  if (tokens.includes('pet') && tokens.includes('name')) return 'personal-answer'
  if ((tokens.includes('birth') || tokens.includes('born')) && has(PLACE)) return 'personal-answer'
  if (['birthplace', 'birthcity', 'hometown', 'dob', 'birthday', 'birthdate', 'dateofbirth', 'memorable', 'ssn'].some((word) => tokens.includes(word) || joined === word)) {
    return 'personal-answer'
  }

  if (joined.includes('dateofbirth') || joined.includes('mothersmaiden') || joined.includes('socialsecuritynumber')) return 'personal-answer'
  if (has(FAVOURITE)) return 'personal-answer'
  return undefined
}

/** What a field's content alone gives away, whatever it is called. */
export function classifyFieldContent(name: string, value: unknown): SensitiveCategory | undefined {
  if (Array.isArray(value)) return looksLikeRecoveryCodes(value) ? 'recovery-code' : undefined
  if (typeof value !== 'string') return undefined
  if (/\botpauth(-migration)?:\/\//i.test(value)) return 'mfa-seed'
  const tokens = tokenizeFieldName(name)
  const seedish = tokens.some((token) => ['mfa', 'seed', '2fa', 'twofactor', 'authenticator', 'auth', 'totp', 'otp'].includes(token))
  if (seedish && /^[A-Z2-7]{16,}={0,6}$/i.test(value.replaceAll(/[\s-]/g, ''))) return 'mfa-seed'
  if (looksLikeRecoveryCodes(value.split(/[\s,;]+/).filter(Boolean))) return 'recovery-code'
  if (value.length <= 300 && looksLikeSecurityQuestion(value)) return 'security-question'
  if (value.length <= 500 && looksLikePasswordHintText(value)) return 'password-hint'
  return undefined
}

const CODE_SHAPE = /^[A-Za-z0-9]{4,6}-?[A-Za-z0-9]{4,6}$/

/** Four or more codes of one shape, each with a digit: GitHub/Google/AWS-style recovery codes. */
export function looksLikeRecoveryCodes(items: unknown[]): boolean {
  if (items.length < 4 || !items.every((item) => typeof item === 'string')) return false
  const codes = items as string[]
  const length = codes[0].length
  return codes.every((code) => code.length === length && CODE_SHAPE.test(code) && /\d/.test(code))
}

const PERSONAL_TOPICS =
  /\b(pet|dog|cat|mother|mother's|maiden|father|born|birth|city|town|school|teacher|street|car|childhood|friend|favou?rite|first|nickname|grandmother|grandfather|hospital|honeymoon|spouse|wedding)\b/i

/** "What was the name of your first pet?" — a question about the person, not the system. */
export function looksLikeSecurityQuestion(text: string): boolean {
  const trimmed = text.trim()
  return /\?$/.test(trimmed) && /^(what|which|who|where|when|in what|in which|name of|how)\b/i.test(trimmed) && PERSONAL_TOPICS.test(trimmed)
}

/** Words after "password is/=/:" that describe the password rather than give it away. */
const DESCRIPTIVE_WORDS =
  'rotated|managed|stored|generated|kept|used|set|changed|updated|created|required|shared|valid|expired|expiring|expires|automatically|auto|in|at|on|by|for|from|not|never|also|only|now|being|to|the|a|an|see|owned|handled|provided|retrieved|fetched|synced|injected|encrypted|random|unique|per|every|pulled'

const HINT_PATTERNS: readonly RegExp[] = [
  /\b(password|passwd|pwd|pw|passphrase|passcode|pin)[\s_-]*(hint|clue|reminder)s?\b/i,
  /\bhints?\b\s*[:=-]/i,
  /\b(hint|clue)\s+(is|was|for)\b/i,
  new RegExp(String.raw`\b(the|my|our|its|their|your|his|her)\s+(password|passwd|pwd|pw|passphrase|passcode|pin)\s+(is|was|=|:)\s*(?!(${DESCRIPTIVE_WORDS})\b)\S`, 'i'),
  new RegExp(String.raw`(^|[\s(])(password|passwd|pwd|pw|pass|passphrase|passcode|pin)\s*[:=]\s*(?!(${DESCRIPTIVE_WORDS})\b)[^\s]`, 'i'),
  /\bsame\s+(password\s+)?as\s+(the\s+|my\s+|our\s+)?(old|previous|last|usual|other|prod|production|staging|dev|default|personal)\b/i,
  /\b(password|passwd|pwd|pw|passphrase|pin)\b.*\b(starts|begins|ends)\s+with\b/i,
  /\b(starts|begins|ends)\s+with\b.*\b(password|passwd|pwd|pw|passphrase|pin)\b/i,
  /\b(password|passwd|pwd|pw|passphrase|pin)\s+(is|was)\s+(my|our|the|his|her)\s+(dog|cat|pet|wife|husband|kid|son|daughter|birthday|name|team|company)/i,
]

/** Free text that gives the password away or hints at it ("pw: …", "the password is …", "hint: …"). */
export function looksLikePasswordHintText(text: string): boolean {
  return HINT_PATTERNS.some((pattern) => pattern.test(text))
}

const RECOVERY_TEXT_PATTERNS: readonly RegExp[] = [
  /\b(mother'?s?\s+maiden\s+name|maiden\s+name)\b/i,
  /\b(first\s+pet|pet'?s\s+name|name\s+of\s+(my|the|our|his|her|your)\s+(dog|cat|pet))\b/i,
  /\b(security|secret|challenge)\s+(question|answer)s?\b/i,
  /\b(recovery|backup|scratch)\s+(code|codes|key|phrase)\b/i,
  /\b(mfa|totp|otp|2fa|authenticator)\s+(seed|secret)\b/i,
  /\b(old|previous|prior|former)\s+(password|passwd|pwd|passphrase|pin)\s+(is|was|=|:)/i,
]

/** Free text that carries or points at access-recovery information. */
export function looksLikeRecoveryText(text: string): boolean {
  return RECOVERY_TEXT_PATTERNS.some((pattern) => pattern.test(text))
}
