// The keyword-in-context rule, as detect-secrets' keyword detector and gitleaks' generic rule
// have it: a credential word ("password", "Kennwort", "contraseña", "パスワード", "пароль"…),
// a separator (":", "=", "is", "ist", "est", "は", "是"…), then something that looks like a
// password or a token. The value must look like one — digits or symbols mixed in, or a long
// token — so "password: see the vault" or "token: rotated monthly" stay quiet. What matched
// is reported as the keyword (ours) and the kind of value, never the value.
import {CREDENTIAL_WORDS} from './label-lexicon.js'
import {isPlaceholderValue, isStructuredIdentifier} from './public-identifiers.js'

export type KeywordValueClass = 'password-like string' | 'token-like string' | 'hex token'

export interface KeywordMatch {
  /** The credential word as our lexicon spells it, and its language. */
  keyword: string
  language: string
  /** Whether the word names a password (reported as a password hint) or another credential. */
  passwordWord: boolean
  valueClass: KeywordValueClass
}

const PASSWORD_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'pw',
  'passphrase',
  'passcode',
  'passwort',
  'kennwort',
  'mot de passe',
  'mdp',
  'contrasena',
  'senha',
  'palavra passe',
  'parola d ordine',
  'wachtwoord',
  'пароль',
  'パスワード',
  '密码',
  '口令',
  '비밀번호',
  '암호',
  '패스워드',
])

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u

/** Folds Latin accents one character at a time, so offsets stay those of the original text. */
function foldAccents(text: string): string {
  return text.replaceAll(
    /[\u00C0-\u024F]/g,
    (char) =>
      char
        .normalize('NFD')
        .replaceAll(/[\u0300-\u036F]/g, '')
        .charAt(0) || char,
  )
}

function termPattern(term: string): string {
  const parts = term.split(' ').map((part) => part.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`))
  if (CJK.test(term)) return parts.join(String.raw`\s*`)
  return String.raw`(?<![\p{L}\p{N}])${parts.join(String.raw`[\s_'’.-]*`)}s?(?![\p{L}])`
}

const ENTRIES = Object.entries(CREDENTIAL_WORDS).flatMap(([language, words]) =>
  words.map((keyword) => ({keyword, language})),
)
// Longest first, so "secret key" wins over "secret" and "mot de passe" is one keyword.
ENTRIES.sort((a, b) => b.keyword.length - a.keyword.length)

// "for the admin account" between the word and the separator, in a few languages.
const QUALIFIER = String.raw`(?:\s+(?:for|of|to|fur|des|der|pour|de|du|para|per|voor|del|do|da|для)\s+(?:the\s+|le\s+|la\s+|el\s+|die\s+|den\s+|het\s+|o\s+|a\s+)?[\p{L}\p{N}_.@-]{1,40}){0,2}`
// Separators: punctuation, or "is" in the languages of the lexicon, or the topic particles.
const SEPARATOR = String.raw`(?:\s*(?:[:=：＝]|=>|->)\s*|\s+(?:is|was|ist|war|lautet|est|etait|es|era|e|eh|wordt|это|—|-|–)\s*:?\s+|\s*(?:は|是|为|為|는|은|:)\s*)`
// "admin / Start#2024" and "root:Racine!99": a user name first, then the password.
const VALUE = String.raw`["'“«「]?(?:[\p{L}\p{N}_.@-]{1,40}\s*/\s*)?([^\s"'”»」,;]+)`

const PATTERN = new RegExp(
  `(${ENTRIES.map((entry) => termPattern(entry.keyword)).join('|')})${QUALIFIER}${SEPARATOR}${VALUE}`,
  'giu',
)

/** Every credential word followed by a password-like or token-like value in `text`. */
export function keywordMatches(text: string): KeywordMatch[] {
  const folded = foldAccents(text)
  const found: KeywordMatch[] = []
  for (const match of folded.matchAll(PATTERN)) {
    const written = match[1]
    const entry = ENTRIES.find((candidate) => new RegExp(`^${termPattern(candidate.keyword)}$`, 'iu').test(written))
    if (!entry) continue
    const passwordWord = PASSWORD_WORDS.has(entry.keyword)
    if (isPlaceholderValue(match[2])) continue
    const valueClass = classifyValue(match[2].replace(/[.,;:)\]}>]+$/, ''), passwordWord)
    if (valueClass) found.push({keyword: entry.keyword, language: entry.language, passwordWord, valueClass})
  }

  return found
}

/** What the value after a credential word looks like, or undefined when it is not a credential. */
function classifyValue(value: string, passwordWord: boolean): KeywordValueClass | undefined {
  if (value.length < 6 || value.length > 200) return undefined
  if (isPlaceholderValue(value) || isStructuredIdentifier(value)) return undefined
  if (/^[\w.-]+(\/[\w.-]+)+\/?$/.test(value)) return undefined // a path: prod/db/creds
  if (/^(\d{1,2}:\d{2}(:\d{2})?|\d+(\.\d+)*[a-z%]{0,3}|v\d[\w.-]*)$/i.test(value)) return undefined // times, sizes, versions
  if (/^[0-9a-f]{16,}$/i.test(value) && /[a-f]/i.test(value) && /\d/.test(value)) return 'hex token'
  if (/^\d+$/.test(value)) return passwordWord && value.length <= 12 ? 'password-like string' : undefined
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length
  if (value.length >= 20 && classes >= 2 && /\d/.test(value) && /^[\w+/=.~-]+$/.test(value)) return 'token-like string'
  // A password: letters with digits or symbols mixed in (hunter2, Sol2024!, Adm1n#x).
  if (/\p{L}/u.test(value) && (/\d/.test(value) || /[^\p{L}\p{N}]/u.test(value)) && classes >= 2) {
    if (/^[\p{L}]+[.!?]$/u.test(value)) return undefined // a word at the end of a sentence
    if (/^[\p{L}]+-[\p{L}]+$/u.test(value) && !passwordWord) return undefined // hyphenated words
    return 'password-like string'
  }

  return undefined
}
