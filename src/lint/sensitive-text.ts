// Recognises access-recovery information in free text, whatever field holds it: recovery
// codes, security questions, password hints ("my password is my dog's name") and recovery
// details given away in a note. The field-name classifier is in sensitive-fields.ts.
import type {LabelCategory} from './label-lexicon.js'
import {isPlaceholderValue} from './public-identifiers.js'

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

// prettier-ignore
const HINT_PATTERNS: readonly RegExp[] = [
  /\b(password|passwd|pwd|pw|passphrase|passcode|pin)[\s_-]*(hint|clue|reminder)s?\b/i,
  /\b(hint|clue)\s+(is|was|for)\b/i,
  new RegExp(String.raw`\b(the|my|our|its|their|your|his|her)\s+(password|passwd|pwd|pw|passphrase|passcode|pin)\s+(is|was|=|:)\s*(?!(${DESCRIPTIVE_WORDS})\b)\S`, 'i'),
  new RegExp(String.raw`(^|[\s(])(password|passwd|pwd|pw|pass|passphrase|passcode|pin)\s*[:=]\s*(?!(${DESCRIPTIVE_WORDS})\b)[^\s]`, 'i'),
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

// Mentions of recovery information followed by what it is: "maiden name is Smith", "security
// answer: Rex", "recovery codes: 1234-5678 …". A mention alone ("No security questions are
// configured", "Backup codes live in the break-glass safe, not here") gives nothing away.
// prettier-ignore
const RECOVERY_GIVEN: ReadonlyArray<[RegExp, LabelCategory]> = [
  [/\b(mother'?s?\s+maiden\s+name|maiden\s+name)\s*(is|was|[:=-])\s*\S/i, 'personal-answer'],
  [/\b(first\s+pet|pet'?s\s+name|name\s+of\s+(my|the|our|his|her|your)\s+(first\s+)?(dog|cat|pet))(\s+name)?\s*(is|was|[:=-])\s*\S/i, 'personal-answer'],
  [/\b(security|secret|challenge)\s+(question|answer)s?\s*(\d+\s*)?(is|was|[:=-])\s*\S/i, 'security-question'],
  [/\b(answer|antwort|reponse|respuesta|resposta|risposta|antwoord|ответ)\s*\d*\s*[:=：]\s*\S/iu, 'security-question'],
  [/\b(recovery|backup|scratch)\s+(code|codes|key|phrase)s?\s*(are|is|[:=-])\s*[\w-]*\d/i, 'recovery-code'],
  [/\b(mfa|totp|otp|2fa|authenticator)\s+(seed|secret|key)\s*(is|[:=-])\s*[A-Z2-7]{16,}/i, 'mfa-seed'],
  [/\b(old|previous|prior|former)\s+(password|passwd|pwd|passphrase|pin)\s*(is|was|[:=])\s*\S/i, 'previous-password'],
  [/\b(altes|vorheriges|fruheres)\s+(passwort|kennwort)\s*(ist|war|[:=])\s*\S/i, 'previous-password'],
  [/\b(ancien mot de passe|mot de passe precedent)\s*(est|etait|[:=])\s*\S/i, 'previous-password'],
  [/\b(contrasena anterior|antigua contrasena|senha antiga|senha anterior|vecchia password|password precedente|oud wachtwoord|vorig wachtwoord)\s*(es|era|e|is|was|[:=])\s*\S/i, 'previous-password'],
  [/(старый|предыдущий|прежний)\s+пароль\s*(—|-|:|=|это)\s*\S/iu, 'previous-password'],
  [/(旧パスワード|以前のパスワード|古いパスワード|旧密码|原密码|以前的密码|이전 비밀번호|예전 비밀번호)\s*(は|是|为|는|[:：=])\s*\S/u, 'previous-password'],
  [/(secret question|sicherheitsfrage|question secrete|pregunta de seguridad|pergunta de seguranca|domanda di sicurezza|beveiligingsvraag|секретный вопрос|秘密の質問|安全问题|密保问题|보안 질문)\s*\d*\s*[:：=]\s*\S/iu, 'security-question'],
  [/(madchenname|nom de jeune fille|apellido de soltera|nome de solteira|cognome da nubile|meisjesnaam|девичья фамилия|旧姓|娘家姓|결혼 전 성)\s*(ist|est|es|e|is|[:：=—-]|は|是)\s*\S/iu, 'personal-answer'],
]

// Words that say the information is absent or kept elsewhere: the sentence is about it, not it.
const ABSENT_OR_ELSEWHERE =
  /\b(no|not|none|never|without|n't|disabled|removed|deleted|kein\w*|nicht|aucun\w*|pas|ningun\w*|sin|nenhum\w*|sem|nessun\w*|senza|geen|niet|нет|не)\b|\b(live|lives|kept|stored|held|are in|is in|see|in the (safe|vault)|break-glass|1password|bitwarden|keepass|lastpass)\b/iu

/** Which kind of recovery information free text gives away, if any. */
export function recoveryTextCategory(text: string): LabelCategory | undefined {
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
