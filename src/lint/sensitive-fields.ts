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
import {keywordMatches} from './keyword-context.js'
import {isPlaceholderValue} from './public-identifiers.js'
import {type LabelCategory, matchForeignLabel} from './label-lexicon.js'

export type SensitiveCategory = LabelCategory | 'stray-credential'

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

const PASSWORDISH = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'pw',
  'pass',
  'passw',
  'pword',
  'passphrase',
  'passcode',
  'pin',
])
const HINT = new Set(['hint', 'hints', 'clue', 'clues'])
const REMINDER = new Set(['reminder', 'reminders'])
const QUESTION = new Set(['question', 'questions', 'answer', 'answers', 'ques', 'ans', 'kba'])
const QUESTION_CONTEXT = new Set([
  'sec',
  'security',
  'secret',
  'challenge',
  'recovery',
  'verification',
  'verify',
  'knowledge',
])
const QUESTION_SHORT = new Set(['q', 'a', 'qa', 'qs'])
const RECOVERY_CONTEXT = new Set([
  'recovery',
  'recover',
  'backup',
  'rescue',
  'emergency',
  'scratch',
  'fallback',
  'reset',
])
// Disaster recovery and backup settings are operations vocabulary, not a way back into an account.
const RECOVERY_EXCEPTIONS = new Set([
  'disaster',
  'dr',
  'window',
  'point',
  'time',
  'objective',
  'rpo',
  'rto',
  'tier',
  'plan',
  'region',
  'retention',
  'days',
  'bucket',
  'vault',
  'schedule',
  'policy',
  'enabled',
])
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
const PIN_EXCEPTIONS = new Set([
  'sha',
  'sha256',
  'hash',
  'cert',
  'certificate',
  'spki',
  'tls',
  'ssl',
  'fingerprint',
  'public',
  'hpkp',
  'pinned',
  'pinning',
  'gpio',
])
const OTP = new Set(['otp', 'totp', 'hotp', 'otpauth', 'authenticator'])
const OTP_SETTINGS = new Set([
  'length',
  'digits',
  'period',
  'interval',
  'enabled',
  'enable',
  'required',
  'algorithm',
  'issuer',
  'type',
  'window',
  'step',
  'mode',
  'policy',
])
const MFA = new Set(['mfa', 'twofactor', 'tfa', '2fa'])
const SECRETISH = new Set(['secret', 'seed', 'key', 'code', 'codes', 'token', 'backup', 'recovery', 'uri', 'url'])
const PREVIOUS = new Set([
  'old',
  'previous',
  'prev',
  'former',
  'last',
  'past',
  'expired',
  'retired',
  'legacy',
  'prior',
  'history',
  'historic',
  'historical',
  'original',
])
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
const FIRST_THINGS = new Set([
  'pet',
  'school',
  'car',
  'job',
  'teacher',
  'street',
  'concert',
  'employer',
  'kiss',
  'love',
  'friend',
  'boss',
])
const PLACE = new Set(['city', 'place', 'town', 'country', 'hospital'])

/**
 * Words that make a name a setting about the thing rather than the thing: "hint_enabled",
 * "answer_timeout_ms", "recovery_mode", "pinLength", "otp_digits". A setting is not a secret.
 */
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

const ENGLISH_VOCABULARY = new Set<string>(
  [
    PASSWORDISH,
    HINT,
    REMINDER,
    QUESTION,
    QUESTION_CONTEXT,
    QUESTION_SHORT,
    RECOVERY_CONTEXT,
    RECOVERY_OBJECT,
    PIN,
    OTP,
    MFA,
    SECRETISH,
    PREVIOUS,
    PREVIOUS_OBJECT,
    FIRST_THINGS,
    PLACE,
  ]
    .flatMap((set) => [...set])
    .concat([
      'seed',
      'phrase',
      'words',
      'mnemonic',
      'maiden',
      'first',
      'childhood',
      'pet',
      'name',
      'birth',
      'born',
      'birthplace',
      'birthcity',
      'hometown',
      'memorable',
    ]),
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

export function isPlaceholderText(text: string): boolean {
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

const CODE_SHAPE = /^[A-Za-z0-9]{4,6}-?[A-Za-z0-9]{4,6}$/

/** Four or more codes of one shape, each with a digit: GitHub/Google/AWS-style recovery codes. */
export function looksLikeRecoveryCodes(items: unknown[]): boolean {
  if (items.length < 4 || !items.every((item) => typeof item === 'string')) return false
  const codes = items
  const length = codes[0].length
  return codes.every((code) => code.length === length && CODE_SHAPE.test(code) && /\d/.test(code))
}

const PERSONAL_TOPICS =
  /\b(pet|dog|cat|mother|mother's|maiden|father|born|birth|city|town|school|teacher|street|car|childhood|friend|favou?rite|first|nickname|grandmother|grandfather|hospital|honeymoon|spouse|wedding)\b/i
// The same topics in the other languages of the lexicon (stems, so "Haustiers" and "питомца" match).
const FOREIGN_PERSONAL_TOPICS =
  /(haustier|hund|katze|mutter|madchenname|geboren|geburt|schule|lehrer|strasse|stadt|kindheit|animal|chien|chat|mere|jeune fille|ne\b|nee\b|naissance|ecole|professeur|ville|rue|enfance|mascota|perro|gato|madre|soltera|naciste|nacimiento|escuela|colegio|maestro|ciudad|calle|infancia|estimacao|cachorro|mae|solteira|nasceu|nascimento|escola|cidade|rua|animale|cane|gatto|nubile|nato|nata|nascita|scuola|insegnante|citta|via|huisdier|hond|kat|moeder|meisjesnaam|stad|straat|jeugd|питом|собак|кошк|мат(ь|ери)|девич|родил|рожден|школ|учител|город|улиц|детств|ペット|犬|猫|母|旧姓|生まれ|出身|学校|先生|都市|通り|子供|宠物|狗|猫|母亲|娘家|出生|学校|老师|城市|街|童年|애완|반려|강아지|고양이|어머니|태어난|출생|학교|선생님|도시|거리|어린)/iu

/** Question words that open a personal question in the lexicon's other languages. */
const FOREIGN_QUESTION_START =
  /^(¿\s*)?(wie|was|wo|wann|welche[rsmn]?|wer|in welche[rmns]?|quel(le)?s?|ou|qui|comment|dans quelle|cual|cuales|como|donde|cuando|que|quien|en que|qual|quais|onde|quando|quem|em que|come|dove|chi|in quale|hoe|wat|waar|wanneer|welke?|wie|in welke|как|какой|какая|какое|где|когда|кто|в каком|в какой)(?![\p{L}])/iu

/** "What was the name of your first pet?" — a question about the person, not the system. */
export function looksLikeSecurityQuestion(text: string): boolean {
  const trimmed = text
    .trim()
    .replace(
      /^(q\d*|question\s*\d*|frage\s*\d*|pregunta\s*\d*|pergunta\s*\d*|domanda\s*\d*|vraag\s*\d*|вопрос\s*\d*)\s*[:.)-]\s*/iu,
      '',
    )
  if (!/[?？]$/.test(trimmed)) return false
  if (/^(what|which|who|where|when|in what|in which|name of|how)\b/i.test(trimmed) && PERSONAL_TOPICS.test(trimmed))
    return true
  const folded = foldLatin(trimmed)
  if (FOREIGN_QUESTION_START.test(folded) && FOREIGN_PERSONAL_TOPICS.test(folded)) return true
  // Chinese, Japanese and Korean questions have no opening question word to look for; Russian
  // ones often open with the topic ("Кличка первого питомца?").
  return (
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}]/u.test(trimmed) &&
    FOREIGN_PERSONAL_TOPICS.test(trimmed)
  )
}

/** A security question anywhere in free text (a note, a description): each sentence ending in "?" is tried. */
export function containsSecurityQuestion(text: string): boolean {
  for (const match of text.matchAll(/[^.!?？\n]*[?？]/gu)) {
    if (looksLikeSecurityQuestion(match[0])) return true
  }

  return false
}

function foldLatin(text: string): string {
  return text
    .normalize('NFD')
    .replaceAll(/([A-Za-z])[\u0300-\u036F]+/g, '$1')
    .normalize('NFC')
    .toLowerCase()
}

/** Words after "password is/=/:" that describe the password rather than give it away. */
const DESCRIPTIVE_WORDS =
  'rotated|managed|stored|generated|kept|used|set|changed|updated|created|required|shared|valid|expired|expiring|expires|automatically|auto|in|at|on|by|for|from|not|never|also|only|now|being|to|the|a|an|see|owned|handled|provided|retrieved|fetched|synced|injected|encrypted|random|unique|per|every|pulled'

const HINT_PATTERNS: readonly RegExp[] = [
  /\b(password|passwd|pwd|pw|passphrase|passcode|pin)[\s_-]*(hint|clue|reminder)s?\b/i,
  /\b(hint|clue)\s+(is|was|for)\b/i,
  new RegExp(
    String.raw`\b(the|my|our|its|their|your|his|her)\s+(password|passwd|pwd|pw|passphrase|passcode|pin)\s+(is|was|=|:)\s*(?!(${DESCRIPTIVE_WORDS})\b)\S`,
    'i',
  ),
  new RegExp(
    String.raw`(^|[\s(])(password|passwd|pwd|pw|pass|passphrase|passcode|pin)\s*[:=]\s*(?!(${DESCRIPTIVE_WORDS})\b)[^\s]`,
    'i',
  ),
  /\bsame\s+(password\s+)?as\s+(the\s+|my\s+|our\s+)?(old|previous|last|usual|other|prod|production|staging|dev|default|personal)\b/i,
  /\b(password|passwd|pwd|pw|passphrase|pin)\b.*\b(starts|begins|ends)\s+with\b/i,
  /\b(starts|begins|ends)\s+with\b.*\b(password|passwd|pwd|pw|passphrase|pin)\b/i,
  /\b(password|passwd|pwd|pw|passphrase|pin)\s+(is|was)\s+(my|our|the|his|her)\s+(dog|cat|pet|wife|husband|kid|son|daughter|birthday|name|team|company)/i,
  // The same hints in the lexicon's other languages (accents folded).
  /\b(passwort|kennwort)\s+(ist|war|lautet)\s+(der|die|das|mein|meine|meines|unser|unsere|wie|dasselbe|gleich)\b/i,
  /\bmot de passe\s+(est|etait)\s+(le|la|mon|ma|notre|nos|les|le meme|identique)\b/i,
  /\bcontrasena\s+(es|era)\s+(el|la|mi|nuestro|nuestra|la misma|igual)\b/i,
  /\bsenha\s+(e|era)\s+(o|a|meu|minha|nosso|nossa|a mesma|igual)\b/i,
  /\bpassword\s+(e|era)\s+(il|la|mio|mia|nostro|nostra|la stessa|uguale)\b/i,
  /\bwachtwoord\s+(is|was)\s+(de|het|mijn|onze|ons|hetzelfde|gelijk)\b/i,
  /пароль\s*(—|-|:|это|такой же)?\s*(мой|моя|моего|имя|кличка|день рождения|дата|как|такой же|тот же)/iu,
  /(パスワード|暗証番号)は.{0,20}(名前|誕生日|ペット|同じ|旧姓)/u,
  /(密码|口令)(是|为).{0,20}(名字|生日|宠物|一样|相同)/u,
  /(비밀번호|암호)(는|은).{0,20}(이름|생일|강아지|같)/u,
  /\b(gleich wie|identique a|igual que|igual a|uguale a|hetzelfde als|такой же как|同じ|一样|같은)\b.{0,20}\b(alt|ancien|anterior|antig|vecchi|oud|стар|以前|旧|이전)/iu,
]

/** Operations vocabulary: "Hint: rotation runs at 02:00 UTC" is about the system, not the password. */
const OPERATIONAL_WORDS =
  /\b(rotat\w*|runs?|running|utc|cron|schedul\w*|lambda|deploy\w*|pipeline|ci|cd|use|uses|using|see|runbook|docs?|wiki|ticket|jira|contact|team|owner|managed|terraform|region|read|readonly|configured|enabled|disabled|via|env|environment|staging|prod|production|dev|cluster|server|service|endpoint|restart|reboot|timeout|retry|retries|cache|cached|ttl|alert|alerts|monitor\w*|backup|snapshot|window|maintenance|minutes?|hours?|days?|weekly|daily|monthly|every|at \d)\b/i

// Hint words followed by a separator, in the lexicon's languages: what follows is the hint.
const HINT_LEAD =
  /(?:^|[\s(])(?:(?:password|pw|pwd)[\s_-]*)?(hint|clue|hinweis|indice|pista|dica|suggerimento|tip|подсказка|ヒント|提示|힌트)\s*[:=：-]\s*(.+)/iu

/** Free text that gives the password away or hints at it ("pw: …", "the password is …", "hint: …", "Contraseña: …"). */
export function looksLikePasswordHintText(text: string): boolean {
  // "password: ${DB_PASSWORD}", "Password=********", "pw: <redacted>" stand in for a value and give nothing away.
  // Template spans ({{ var }}, ${VAR}, $(cmd)) are placeholders wherever they stand.
  const folded = foldLatin(text)
    .replaceAll(/["'“«]?(\{\{.*?\}\}|\$\{[^}]*\}|\$\([^)]*\))["'”»]?/g, ' ')
    .replaceAll(
      /(password|passwd|pwd|pw|pass|passphrase|passcode|pin)(\s*(?:[:=]|is|was)\s*)(\S+)/gi,
      (whole, word: string, separator: string, value: string) =>
        isPlaceholderValue(value.replace(/[;,.]+$/, '').replace(/^["'“«]/, '')) ? `${word}${separator}` : whole,
    )
  if (HINT_PATTERNS.some((pattern) => pattern.test(folded))) return true
  const lead = HINT_LEAD.exec(folded)
  if (lead) {
    const word = lead[1]
    // "Hinweis", "tip" and "indice" are everyday words: they count only beside a password word.
    const generic = ['hinweis', 'tip', 'indice', 'pista', 'dica', 'suggerimento', '提示'].includes(word)
    if (
      (!generic || /(passwort|kennwort|mot de passe|mdp|contrasena|senha|password|wachtwoord|密码)/.test(folded)) &&
      !OPERATIONAL_WORDS.test(lead[2])
    ) {
      return true
    }
  }

  return false
}

/** Hint wording, or a password word followed by a password-like value in any of the lexicon's languages. */
export function givesPasswordAway(text: string): boolean {
  return looksLikePasswordHintText(text) || keywordMatches(text).some((match) => match.passwordWord)
}

// Mentions of recovery information followed by what it is: "maiden name is Smith", "security
// answer: Rex", "recovery codes: 1234-5678 …". A mention alone ("No security questions are
// configured", "Backup codes live in the break-glass safe, not here") gives nothing away.
const RECOVERY_GIVEN: ReadonlyArray<[RegExp, SensitiveCategory]> = [
  [/\b(mother'?s?\s+maiden\s+name|maiden\s+name)\s*(is|was|[:=-])\s*\S/i, 'personal-answer'],
  [
    /\b(first\s+pet|pet'?s\s+name|name\s+of\s+(my|the|our|his|her|your)\s+(first\s+)?(dog|cat|pet))(\s+name)?\s*(is|was|[:=-])\s*\S/i,
    'personal-answer',
  ],
  [/\b(security|secret|challenge)\s+(question|answer)s?\s*(\d+\s*)?(is|was|[:=-])\s*\S/i, 'security-question'],
  [/\b(answer|antwort|reponse|respuesta|resposta|risposta|antwoord|ответ)\s*\d*\s*[:=：]\s*\S/iu, 'security-question'],
  [/\b(recovery|backup|scratch)\s+(code|codes|key|phrase)s?\s*(are|is|[:=-])\s*[\w-]*\d/i, 'recovery-code'],
  [/\b(mfa|totp|otp|2fa|authenticator)\s+(seed|secret|key)\s*(is|[:=-])\s*[A-Z2-7]{16,}/i, 'mfa-seed'],
  [/\b(old|previous|prior|former)\s+(password|passwd|pwd|passphrase|pin)\s*(is|was|[:=])\s*\S/i, 'previous-password'],
  [/\b(altes|vorheriges|fruheres)\s+(passwort|kennwort)\s*(ist|war|[:=])\s*\S/i, 'previous-password'],
  [/\b(ancien mot de passe|mot de passe precedent)\s*(est|etait|[:=])\s*\S/i, 'previous-password'],
  [
    /\b(contrasena anterior|antigua contrasena|senha antiga|senha anterior|vecchia password|password precedente|oud wachtwoord|vorig wachtwoord)\s*(es|era|e|is|was|[:=])\s*\S/i,
    'previous-password',
  ],
  [/(старый|предыдущий|прежний)\s+пароль\s*(—|-|:|=|это)\s*\S/iu, 'previous-password'],
  [
    /(旧パスワード|以前のパスワード|古いパスワード|旧密码|原密码|以前的密码|이전 비밀번호|예전 비밀번호)\s*(は|是|为|는|[:：=])\s*\S/u,
    'previous-password',
  ],
  [
    /(secret question|sicherheitsfrage|question secrete|pregunta de seguridad|pergunta de seguranca|domanda di sicurezza|beveiligingsvraag|секретный вопрос|秘密の質問|安全问题|密保问题|보안 질문)\s*\d*\s*[:：=]\s*\S/iu,
    'security-question',
  ],
  [
    /(madchenname|nom de jeune fille|apellido de soltera|nome de solteira|cognome da nubile|meisjesnaam|девичья фамилия|旧姓|娘家姓|결혼 전 성)\s*(ist|est|es|e|is|[:：=—-]|は|是)\s*\S/iu,
    'personal-answer',
  ],
]

// Words that say the information is absent or kept elsewhere: the sentence is about it, not it.
const ABSENT_OR_ELSEWHERE =
  /\b(no|not|none|never|without|n't|disabled|removed|deleted|kein\w*|nicht|aucun\w*|pas|ningun\w*|sin|nenhum\w*|sem|nessun\w*|senza|geen|niet|нет|не)\b|\b(live|lives|kept|stored|held|are in|is in|see|in the (safe|vault)|break-glass|1password|bitwarden|keepass|lastpass)\b/iu

/** Free text that carries access-recovery information itself, not a mention of where it lives. */
export function looksLikeRecoveryText(text: string): boolean {
  return recoveryTextCategory(text) !== undefined
}

/** Which kind of recovery information free text gives away, if any. */
export function recoveryTextCategory(text: string): SensitiveCategory | undefined {
  const folded = foldLatin(text)
  for (const [pattern, category] of RECOVERY_GIVEN) {
    const match = pattern.exec(folded)
    if (!match) continue
    // "Security questions: none", "recovery codes: stored in the safe".
    const after = folded
      .slice(match.index + match[0].length - 1)
      .split(/\s+/)
      .slice(0, 4)
      .join(' ')
    if (!ABSENT_OR_ELSEWHERE.test(after)) return category
  }

  return containsSecurityQuestion(text) ? 'security-question' : undefined
}
