// The words for access-recovery information and for credentials in the languages people
// label their secrets in: English plus German, French, Spanish, Portuguese, Italian, Dutch,
// Japanese, Chinese, Korean and Russian. Password managers, exports from them and hand-made
// JSON carry labels such as "Sicherheitsfrage", "Pregunta de seguridad", "秘密の質問" or
// "Код восстановления" as readily as "securityQuestion", in every casing.
//
// Labels are compared in one normal form: camelCase split, lower case, Latin accents dropped
// ("Contraseña" → "contrasena", "Réponse" → "reponse"), every separator one space. Latin-script
// terms match at word starts, so compounds ("Sicherheitsfrage2", "wachtwoordhint") are found;
// CJK terms match anywhere, since those scripts do not separate words.

export type LabelCategory =
  'password-hint' | 'security-question' | 'recovery-code' | 'pin' | 'mfa-seed' | 'previous-password' | 'personal-answer'

export interface LabelMatch {
  category: LabelCategory
  /** The lexicon term that matched (ours, never the user's text), and its language. */
  term: string
  language: string
}

// Little words that labels keep or drop at will ("pregunta de seguridad", "respuestaSeguridad",
// "Mädchenname der Mutter"): left out of both the lexicon's terms and the labels compared.
// prettier-ignore
const CONNECTORS = new Set(['de', 'di', 'da', 'do', 'du', 'des', 'del', 'della', 'dello', 'dos', 'das', 'la', 'le', 'el', 'of', 'the', 'der', 'die', 'den', 'van', 'het', 'a', 'para', 'per', 'pour', 'для', 'к', 'на'])

function withoutConnectors(normal: string): string {
  const words = normal.split(' ')
  const kept = words.filter((word) => !CONNECTORS.has(word))
  return kept.length > 0 ? kept.join(' ') : normal
}

/** "Pregunta_de_Seguridad" → "pregunta de seguridad"; "passwordHint" → "password hint". */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFD')
    .replaceAll(/([A-Za-z])[\u0300-\u036F]+/g, '$1')
    .normalize('NFC')
    .replaceAll(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replaceAll(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .replaceAll(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

// prettier-ignore
export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  pt: 'Portuguese',
  it: 'Italian',
  nl: 'Dutch',
  ru: 'Russian',
  ja: 'Japanese',
  zh: 'Chinese',
  ko: 'Korean',
}

type Lexicon = Record<string, Partial<Record<LabelCategory, readonly string[]>>>

// Each term is written in normal form. In Latin and Cyrillic scripts a term may span words
// ("mot de passe"); it then matches with any separators, or none, between them.
// prettier-ignore
const LABELS: Lexicon = {
  de: {
    'password-hint': ['passworthinweis', 'passwort hinweis', 'kennworthinweis', 'kennwort hinweis', 'passworterinnerung', 'passwort erinnerung', 'kennworterinnerung', 'passwort tipp', 'merkhilfe', 'eselsbrucke', 'gedachtnisstutze'],
    'security-question': ['sicherheitsfrage', 'sicherheitsantwort', 'geheimfrage', 'geheimantwort', 'kontrollfrage', 'kontrollantwort', 'antwort auf sicherheitsfrage'],
    'recovery-code': ['wiederherstellungscode', 'wiederherstellungsschlussel', 'wiederherstellungsphrase', 'wiederherstellungs e mail', 'wiederherstellungsmail', 'notfallcode', 'ersatzcode', 'backup code', 'sicherungscode', 'wiederherstellungsschlusselsatz'],
    pin: ['geheimzahl', 'pin nummer', 'pinnummer', 'pin code'],
    'mfa-seed': ['zwei faktor schlussel', 'zwei faktor geheimnis', 'totp geheimnis', 'authenticator schlussel', '2fa schlussel', 'otp schlussel'],
    'previous-password': ['altes passwort', 'altes kennwort', 'vorheriges passwort', 'vorheriges kennwort', 'fruheres passwort', 'fruheres kennwort', 'bisheriges passwort', 'passwort alt'],
    'personal-answer': ['madchenname', 'geburtsname der mutter', 'geburtsort', 'geburtsstadt', 'erstes haustier', 'ersten haustiers', 'name des haustiers', 'erste schule', 'erstes auto'],
  },
  fr: {
    'password-hint': ['indice du mot de passe', 'indice de mot de passe', 'indice mot de passe', 'indice mdp', 'rappel du mot de passe', 'rappel mot de passe', 'aide memoire mot de passe'],
    'security-question': ['question secrete', 'question de securite', 'reponse secrete', 'reponse de securite', 'reponse a la question', 'question personnelle'],
    'recovery-code': ['code de recuperation', 'codes de recuperation', 'cle de recuperation', 'codes de secours', 'code de secours', 'codes de sauvegarde', 'phrase de recuperation', 'e mail de recuperation', 'email de recuperation', 'courriel de recuperation'],
    pin: ['code pin', 'code confidentiel', 'code secret de la carte'],
    'mfa-seed': ['cle 2fa', 'secret totp', 'cle totp', 'cle d authentification', 'secret a deux facteurs', 'cle a deux facteurs'],
    'previous-password': ['ancien mot de passe', 'mot de passe precedent', 'ancien mdp', 'mdp precedent'],
    'personal-answer': ['nom de jeune fille', 'lieu de naissance', 'ville de naissance', 'premier animal', 'premiere ecole', 'premiere voiture'],
  },
  es: {
    'password-hint': ['pista de la contrasena', 'pista de contrasena', 'pista contrasena', 'pista de la clave', 'recordatorio de contrasena', 'recordatorio contrasena', 'indicio de contrasena'],
    'security-question': ['pregunta de seguridad', 'pregunta secreta', 'respuesta de seguridad', 'respuesta secreta', 'respuesta a la pregunta'],
    'recovery-code': ['codigo de recuperacion', 'codigos de recuperacion', 'clave de recuperacion', 'codigos de respaldo', 'codigo de respaldo', 'codigos de emergencia', 'frase de recuperacion', 'correo de recuperacion', 'telefono de recuperacion'],
    pin: ['numero secreto', 'codigo pin', 'clave del cajero'],
    'mfa-seed': ['clave 2fa', 'semilla totp', 'secreto totp', 'clave totp', 'secreto de dos factores', 'clave de dos factores', 'clave del autenticador'],
    'previous-password': ['contrasena anterior', 'antigua contrasena', 'contrasena antigua', 'contrasena vieja', 'clave anterior'],
    'personal-answer': ['apellido de soltera', 'lugar de nacimiento', 'ciudad de nacimiento', 'primera mascota', 'primer colegio', 'primera escuela', 'primer coche'],
  },
  pt: {
    'password-hint': ['dica de senha', 'dica da senha', 'dica senha', 'lembrete de senha', 'lembrete da senha', 'dica da palavra passe'],
    'security-question': ['pergunta de seguranca', 'pergunta secreta', 'resposta de seguranca', 'resposta secreta', 'resposta a pergunta'],
    'recovery-code': ['codigo de recuperacao', 'codigos de recuperacao', 'chave de recuperacao', 'codigos de backup', 'codigos de reserva', 'frase de recuperacao', 'email de recuperacao', 'e mail de recuperacao'],
    pin: ['codigo pin', 'senha do cartao'],
    'mfa-seed': ['chave 2fa', 'segredo totp', 'chave totp', 'segredo de dois fatores', 'chave de dois fatores', 'chave do autenticador'],
    'previous-password': ['senha antiga', 'senha anterior', 'antiga senha', 'palavra passe antiga'],
    'personal-answer': ['nome de solteira', 'local de nascimento', 'cidade natal', 'primeiro animal', 'primeira escola', 'primeiro carro'],
  },
  it: {
    'password-hint': ['suggerimento password', 'suggerimento della password', 'suggerimento per la password', 'promemoria password', 'indizio password'],
    'security-question': ['domanda di sicurezza', 'domanda segreta', 'risposta di sicurezza', 'risposta segreta', 'risposta alla domanda'],
    'recovery-code': ['codice di recupero', 'codici di recupero', 'chiave di recupero', 'codici di backup', 'codici di emergenza', 'frase di recupero', 'email di recupero'],
    pin: ['codice pin', 'codice segreto'],
    'mfa-seed': ['chiave 2fa', 'segreto totp', 'chiave totp', 'segreto a due fattori', 'chiave a due fattori', 'chiave dell autenticatore'],
    'previous-password': ['vecchia password', 'password precedente', 'password vecchia'],
    'personal-answer': ['cognome da nubile', 'nome da nubile', 'luogo di nascita', 'citta natale', 'primo animale', 'prima scuola', 'prima auto'],
  },
  nl: {
    'password-hint': ['wachtwoordhint', 'wachtwoord hint', 'wachtwoordtip', 'wachtwoord tip', 'wachtwoordherinnering', 'geheugensteun'],
    'security-question': ['beveiligingsvraag', 'veiligheidsvraag', 'geheime vraag', 'beveiligingsantwoord', 'geheim antwoord', 'controlevraag'],
    'recovery-code': ['herstelcode', 'herstelsleutel', 'herstelzin', 'back upcode', 'back up code', 'reservecode', 'herstel e mail', 'herstelmail'],
    pin: ['pincode', 'pin code'],
    'mfa-seed': ['2fa sleutel', 'totp sleutel', 'totp geheim', 'tweestapsverificatie sleutel', 'twee factor sleutel', 'authenticator sleutel'],
    'previous-password': ['oud wachtwoord', 'vorig wachtwoord', 'oude wachtwoord', 'vorige wachtwoord'],
    'personal-answer': ['meisjesnaam', 'geboorteplaats', 'eerste huisdier', 'eerste school', 'eerste auto'],
  },
  ru: {
    'password-hint': ['подсказка пароля', 'подсказка к паролю', 'подсказка для пароля', 'напоминание пароля', 'подсказка'],
    'security-question': ['секретный вопрос', 'контрольный вопрос', 'секретный ответ', 'ответ на секретный вопрос', 'ответ на контрольный вопрос', 'контрольный ответ'],
    'recovery-code': ['код восстановления', 'коды восстановления', 'резервный код', 'резервные коды', 'ключ восстановления', 'фраза восстановления', 'почта для восстановления', 'сид фраза'],
    pin: ['пин код', 'пинкод', 'пин'],
    'mfa-seed': ['секрет 2fa', 'ключ 2fa', 'секрет totp', 'ключ totp', 'ключ двухфакторной', 'секрет двухфакторной', 'ключ аутентификатора'],
    'previous-password': ['старый пароль', 'предыдущий пароль', 'прежний пароль', 'прошлый пароль'],
    'personal-answer': ['девичья фамилия', 'место рождения', 'город рождения', 'кличка первого питомца', 'первый питомец', 'первая школа'],
  },
  ja: {
    'password-hint': ['パスワードのヒント', 'パスワードヒント', '暗証番号のヒント', 'パスワードのリマインダー'],
    'security-question': ['秘密の質問', 'セキュリティ質問', 'セキュリティの質問', '秘密の答え', '質問の答え', '秘密の質問の答え'],
    'recovery-code': ['リカバリーコード', 'リカバリコード', '復旧コード', '回復コード', 'バックアップコード', 'リカバリーキー', '回復キー', '復旧キー', '復元フレーズ', 'リカバリーフレーズ'],
    pin: ['暗証番号', 'pinコード', 'ｐｉｎコード'],
    'mfa-seed': ['二段階認証のキー', '二段階認証キー', '2段階認証のキー', '2段階認証キー', '二要素認証のシークレット', '二段階認証のシークレット', 'ワンタイムパスワードのシード'],
    'previous-password': ['旧パスワード', '以前のパスワード', '古いパスワード', '前のパスワード'],
    'personal-answer': ['母親の旧姓', '旧姓', '出生地', '最初のペット', '初めてのペット', '出身小学校'],
  },
  zh: {
    'password-hint': ['密码提示', '口令提示', '密码提醒'],
    'security-question': ['安全问题', '密保问题', '密保答案', '安全问题答案', '密码保护问题', '安全提问', '安全問題', '密保'],
    'recovery-code': ['恢复码', '恢复代码', '备用码', '备份码', '恢复密钥', '助记词', '恢复短语', '恢复邮箱', '備用碼', '復原碼'],
    pin: ['pin码', '个人识别码', '取款密码', '支付密码'],
    'mfa-seed': ['双因素密钥', '两步验证密钥', '二次验证密钥', '动态口令种子', '双重验证密钥', '验证器密钥'],
    'previous-password': ['旧密码', '原密码', '以前的密码', '之前的密码', '舊密碼'],
    'personal-answer': ['母亲的娘家姓', '母亲姓氏', '出生地', '第一只宠物', '出生城市'],
  },
  ko: {
    'password-hint': ['비밀번호 힌트', '비밀번호힌트', '암호 힌트', '암호힌트'],
    'security-question': ['보안 질문', '보안질문', '비밀 질문', '비밀질문', '보안 답변', '보안답변', '질문 답변'],
    'recovery-code': ['복구 코드', '복구코드', '백업 코드', '백업코드', '복구 키', '복구키', '복구 문구', '복구문구', '복구 이메일'],
    pin: ['핀 번호', '핀번호', 'pin 번호', 'pin번호', '핀 코드'],
    'mfa-seed': ['2단계 인증 키', '2단계인증키', '2단계 인증 시크릿', 'otp 시드', 'otp 시크릿', '인증기 키'],
    'previous-password': ['이전 비밀번호', '이전비밀번호', '예전 비밀번호', '구 비밀번호', '기존 비밀번호'],
    'personal-answer': ['어머니의 결혼 전 성', '어머니 결혼 전 성', '출생지', '첫 번째 애완동물', '첫 반려동물', '첫 애완동물'],
  },
}

/** Answer and question words that mark a field when they are all, or nearly all, of its label ("Antwort 2"). */
// prettier-ignore
const BARE_QUESTION_WORDS: Record<string, readonly string[]> = {
  de: ['antwort', 'frage'],
  fr: ['reponse', 'question'],
  es: ['respuesta', 'pregunta'],
  pt: ['resposta', 'pergunta'],
  it: ['risposta', 'domanda'],
  nl: ['antwoord', 'vraag'],
  ru: ['ответ', 'вопрос'],
  ja: ['答え', '回答', '質問'],
  zh: ['答案', '问题', '回答'],
  ko: ['답변', '질문', '답'],
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u

interface CompiledTerm {
  category: LabelCategory
  term: string
  language: string
  pattern: RegExp
}

function compile(term: string): RegExp {
  if (CJK.test(term)) return new RegExp(term.split(' ').map(escape).join('\\s*'), 'u')
  // Latin/Cyrillic: at a word start; between the term's words any separator or none.
  return new RegExp(`(?<![\\p{L}])${term.split(' ').map(escape).join('\\s*')}`, 'u')
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)
}

const COMPILED: readonly CompiledTerm[] = Object.entries(LABELS).flatMap(([language, categories]) =>
  Object.entries(categories).flatMap(([category, terms]) =>
    (terms ?? []).map((term) => ({
      category: category as LabelCategory,
      term,
      language,
      pattern: compile(withoutConnectors(term)),
    })),
  ),
)

/** The access-recovery category a label marks in one of the non-English languages, if any. */
export function matchForeignLabel(label: string): LabelMatch | undefined {
  const normal = withoutConnectors(normalizeLabel(label))
  if (normal === '') return undefined
  // German written without umlauts ("Schluessel", "Maedchenname") is German all the same.
  const variants = /[aou]e/.test(normal) ? [normal, normal.replaceAll(/([aou])e/g, '$1')] : [normal]
  for (const entry of COMPILED) {
    if (variants.some((variant) => entry.pattern.test(variant)))
      return {category: entry.category, term: entry.term, language: entry.language}
  }

  // "Antwort 2", "Réponse", "答え１": a bare question or answer word, with at most a number beside it.
  const words = normal.split(' ').filter((word) => !/^\p{N}+$/u.test(word))
  if (words.length === 1) {
    for (const [language, bare] of Object.entries(BARE_QUESTION_WORDS)) {
      const word = words[0]
      const hit = bare.find(
        (candidate) => word === candidate || (CJK.test(candidate) && word.replaceAll(/\p{N}+/gu, '') === candidate),
      )
      if (hit) return {category: 'security-question', term: hit, language}
    }
  }

  return undefined
}

// Credential words for the keyword-in-context rule: a word, a separator, then something that
// looks like a password or token. Written in normal form, without accents.
// prettier-ignore
export const CREDENTIAL_WORDS: Record<string, readonly string[]> = {
  en: ['password', 'passwd', 'pwd', 'pass', 'pw', 'passphrase', 'passcode', 'secret', 'token', 'api key', 'apikey', 'api token', 'access key', 'secret key', 'private key', 'auth token', 'credentials', 'credential', 'login'],
  de: ['passwort', 'kennwort', 'zugangsdaten', 'schlussel', 'geheimnis', 'zugangscode'],
  fr: ['mot de passe', 'mdp', 'jeton', 'cle secrete', 'cle api', 'identifiants'],
  es: ['contrasena', 'clave', 'clave secreta', 'clave de api', 'credenciales'],
  pt: ['senha', 'palavra passe', 'chave', 'chave secreta', 'chave de api', 'credenciais'],
  it: ['parola d ordine', 'chiave', 'chiave segreta', 'chiave api', 'credenziali'],
  nl: ['wachtwoord', 'sleutel', 'geheime sleutel', 'inloggegevens'],
  ru: ['пароль', 'токен', 'ключ', 'секретный ключ', 'ключ api'],
  ja: ['パスワード', 'トークン', '秘密鍵', 'シークレット', 'apiキー', 'アクセスキー'],
  zh: ['密码', '口令', '令牌', '密钥', '秘钥'],
  ko: ['비밀번호', '암호', '토큰', '비밀 키', 'api 키', '패스워드'],
}
