// A labelled corpus for the sensitive-information checks: realistic secrets, descriptions and
// tags, each marked sensitive (a warning must name the expected place) or clean (no warning
// at all). Categories follow what real accounts hold: labels in eleven languages and every
// casing, password-manager exports that keep labels as data, free-text notes, provider
// tokens and written-out passwords in metadata, dotenv/YAML/INI values — and the things a
// scanner must leave alone: settings, public identifiers, harmless descriptions, placeholders.
//
// Credential-shaped strings are assembled at run time (and none is real) so that secret
// scanners reading this file see no token.

export interface CorpusInput {
  schema?: string
  /** An object is stored as its JSON text; a string as text. */
  value?: unknown
  name?: string
  description?: string
  tags?: Record<string, string>
}

export interface CorpusCase {
  category: string
  title: string
  /** Where a warning must be (a location or its prefix, e.g. "value.notes", "description"); absent for clean cases. */
  expect?: string
  input: CorpusInput
}

const VALUE = 'Vb6!pL0@zQ4#'
const j = (...parts: string[]) => parts.join('')
/** A deterministic pseudo-random generator (mulberry32), so every run sees the same corpus. */
function generator(seed: number): () => number {
  let state = seed * 0x9e_37_79_b9
  return () => {
    state = (state + 0x6d_2b_79_f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const alnum = (
  seed: number,
  length: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
) => {
  const next = generator(seed)
  let out = ''
  while (out.length < length) out += alphabet[Math.floor(next() * alphabet.length)]
  return out
}

const hex = (seed: number, length: number) => alnum(seed, length, '0123456789abcdef')
const letters = (seed: number, length: number) =>
  alnum(seed, length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')

const tokens = {
  huggingface: j('hf', '_', letters(1, 34)),
  databricks: j('dapi', hex(2, 32)),
  datadog: hex(3, 32),
  twilioKey: j('SK', hex(4, 32)),
  twilioAuth: hex(5, 32),
  openai: j('sk-', alnum(6, 20), 'T3Blbk', 'FJ', alnum(7, 20)),
  github: j('gh', 'p_', alnum(8, 36)),
  githubOauth: j('gh', 'o_', alnum(9, 36)),
  gitlab: j('gl', 'pat-', alnum(10, 20)),
  slack: j('xo', 'xb-', '2345678901-', '3456789012345-', alnum(11, 24)),
  npm: j('np', 'm_', alnum(12, 36)),
  sendgrid: j('S', 'G.', alnum(13, 22), '.', alnum(14, 43)),
  shopify: j('shp', 'at_', hex(15, 32)),
  linear: j('lin', '_api_', alnum(16, 40)),
  notion: j('nt', 'n_', '12345678901', alnum(17, 35)),
  vercel: j('vc', 'p_', alnum(18, 40)),
  grafana: j('gl', 'sa_', alnum(19, 32), '_', hex(20, 8)),
  groq: j('gs', 'k_', alnum(21, 52)),
  docker: j('dck', 'r_pat_', alnum(22, 27)),
  figma: j('fi', 'gd_', alnum(23, 44)),
  doppler: j('dp', '.pt.', alnum(24, 43)),
  digitalocean: j('do', 'p_v1_', hex(25, 64)),
  pypi: j('pypi', '-AgEIcHlwaS5vcmc', alnum(26, 60)),
  postman: j('PM', 'AK-', hex(27, 24), '-', hex(28, 34)),
  pulumi: j('pu', 'l-', hex(29, 40)),
  newrelic: j('NR', 'AK-', alnum(30, 27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')),
  sentry: j('sn', 'trys_', alnum(31, 40)),
  telegram: j('5123456789', ':AA', alnum(32, 33)),
  discord: j('https://discord.com/api/web', 'hooks/112233445566778899/', alnum(33, 68)),
  azureStorage: j('DefaultEndpointsProtocol=https;AccountName=billingexports;Account', 'Key=', alnum(34, 86), '=='),
  mailgun: j('ke', 'y-', alnum(35, 32)),
  mailchimp: j(hex(36, 32), '-us', '14'),
  stripe: j('sk', '_live_', alnum(37, 24)),
  google: j('AI', 'za', alnum(38, 35)),
  awsKeyId: j('AK', 'IA', alnum(39, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')),
  jwt: j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiJiaWxsaW5nLXdvcmtlciJ9.', alnum(40, 43)),
  pem: j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----'),
  anthropic: j('sk-', 'ant-api03-', alnum(41, 95), 'AA'),
  age: j('AGE-SECRET-', 'KEY-1', alnum(42, 58, 'ACDEFGHJKLMNPQRSTUVWXYZ023456789')),
  vault: j('hv', 's.', alnum(43, 95)),
}

/** A generic JSON value holding one field. */
const field = (name: string, value: unknown): CorpusInput => ({value: {username: 'alice', [name]: value}})
const described = (description: string, tags?: Record<string, string>): CorpusInput => ({
  value: VALUE,
  description,
  tags,
})
const tagged = (tags: Record<string, string>): CorpusInput => ({value: VALUE, tags})

// ——— Labels in other languages, every casing ———
const foreignLabels: Array<[string, string]> = [
  // German
  ['Sicherheitsfrage', 'Wie hieß mein erstes Haustier?'],
  ['sicherheitsantwort', 'Bello'],
  ['Passwort-Hinweis', 'Name vom Hund + Jahr'],
  ['kennwortHinweis', 'wie immer'],
  ['Wiederherstellungscodes', 'A1B2-C3D4 E5F6-G7H8'],
  ['altes_passwort', 'Sommer2019!'],
  ['Mädchenname der Mutter', 'Schneider'],
  ['Geburtsort', 'Bremen'],
  ['Geheimzahl', '4711'],
  ['Antwort 2', 'Schulz'],
  // French
  ['Question secrète', 'Nom de votre premier animal ?'],
  ['reponse_secrete', 'Minou'],
  ['indiceMotDePasse', 'prénom + date'],
  ['codes-de-recuperation', '1234 5678 9012'],
  ['Ancien mot de passe', 'Soleil2020'],
  ['nom_de_jeune_fille', 'Martin'],
  ['Code PIN', '0912'],
  // Spanish
  ['Pregunta de seguridad', '¿Cuál fue tu primera mascota?'],
  ['respuestaSeguridad', 'Toby'],
  ['pista_contraseña', 'el perro'],
  ['Código de recuperación', 'XK7P-99QZ'],
  ['contraseña-anterior', 'Verano2021'],
  ['LUGAR_DE_NACIMIENTO', 'Sevilla'],
  ['Respuesta', 'García'],
  // Portuguese
  ['Pergunta de segurança', 'Qual o nome do seu primeiro animal?'],
  ['resposta_seguranca', 'Rex'],
  ['dicaDeSenha', 'aniversário'],
  ['Códigos de recuperação', '8812-3391 7730-1182'],
  ['senha antiga', 'Brasil2019'],
  ['nome-de-solteira', 'Souza'],
  // Italian
  ['Domanda di sicurezza', 'Nome del primo animale?'],
  ['risposta_segreta', 'Fido'],
  ['suggerimentoPassword', 'squadra del cuore'],
  ['codici di recupero', '5521 8890 1243'],
  ['vecchia_password', 'Roma2018!'],
  ['Luogo di nascita', 'Torino'],
  // Dutch
  ['Beveiligingsvraag', 'Naam van je eerste huisdier?'],
  ['geheim-antwoord', 'Bram'],
  ['WachtwoordHint', 'voetbalclub'],
  ['herstelcodes', '4412 9981 2231'],
  ['oud_wachtwoord', 'Tulp2017'],
  ['Meisjesnaam moeder', 'de Vries'],
  ['Pincode', '2580'],
  // Russian
  ['Секретный вопрос', 'Кличка первого питомца?'],
  ['Ответ', 'Шарик'],
  ['Подсказка пароля', 'дата свадьбы'],
  ['Коды восстановления', '3321-7781 9920-1112'],
  ['Старый пароль', 'Moskva2016'],
  ['Девичья фамилия матери', 'Иванова'],
  ['ПИН-код', '1357'],
  // Japanese
  ['秘密の質問', '最初のペットの名前は？'],
  ['秘密の答え', 'ポチ'],
  ['パスワードのヒント', '犬の名前'],
  ['リカバリーコード', '7781-2231 9982-1123'],
  ['旧パスワード', 'Sakura2015'],
  ['暗証番号', '8642'],
  ['母親の旧姓', '佐藤'],
  // Chinese
  ['安全问题', '你第一只宠物叫什么？'],
  ['密保答案', '旺财'],
  ['密码提示', '生日'],
  ['恢复码', '5512 3381 7712'],
  ['旧密码', 'Beijing2014'],
  ['助记词', 'apple river stone cloud tiger lamp'],
  // Korean
  ['보안 질문', '첫 번째 애완동물의 이름은?'],
  ['보안답변', '초코'],
  ['비밀번호 힌트', '강아지 이름'],
  ['복구 코드', '1122-3344 5566-7788'],
  ['이전 비밀번호', 'Seoul2013'],
  ['핀번호', '9753'],
]

const foreignLabelCases: CorpusCase[] = foreignLabels.map(([label, value]) => ({
  category: 'foreign-labels',
  title: `label "${label}"`,
  expect: `value.${label}`,
  input: field(label, value),
}))

// The same kinds of label in English, in every casing (the baseline the issue keeps).
const englishLabels: Array<[string, unknown]> = [
  ['passwordHint', 'first dog'],
  ['PASSWORD_HINT', 'team + year'],
  ['security-question-1', 'What street did you grow up on?'],
  ['Security Answer', 'Elm'],
  ['recovery_codes', ['1a2b3-4c5d6', '7e8f9-0a1b2', '3c4d5-6e7f8', '9a0b1-2c3d4']],
  ['BackupCodes', '12345678 23456789 34567890 45678901'],
  ['atmPin', '4821'],
  ['pin', 4821],
  ['totpSecret', 'JBSWY3DPEHPK3PXP'],
  ['previous_password', 'Autumn2022!'],
  ['mothers-maiden-name', 'Smith'],
  ['First Pet Name', 'Rex'],
  ['recoveryEmail', 'alice.backup@example.com'],
  ['seed_phrase', 'zebra apple river moon lamp tiger'],
]
const englishLabelCases: CorpusCase[] = englishLabels.map(([label, value]) => ({
  category: 'english-labels',
  title: `label "${label}"`,
  expect: `value.${label}`,
  input: field(label, value),
}))

// Ordinary fields in the same languages: credentials themselves (the point of a secret), and everyday data.
const ordinaryForeign: Array<[string, unknown]> = [
  ['Passwort', 'Xk9#mQ2$vL7pR4wZ'],
  ['Benutzername', 'alice'],
  ['Kommentar', 'Produktionsdatenbank für die Abrechnung'],
  ['mot_de_passe', 'Azerty!2024x'],
  ['Nom d’utilisateur', 'jdupont'],
  ['contraseña', 'Qw3!rTy7'],
  ['usuario', 'mgarcia'],
  ['Notas', 'Cuenta del equipo de pagos'],
  ['senha', 'S3nh@Forte!'],
  ['servidor', 'db.interno.exemplo.com'],
  ['parola_d_ordine', 'Pwd!2024it'],
  ['wachtwoord', 'Ww8!kLp2'],
  ['gebruikersnaam', 'jansen'],
  ['пароль', 'Xk9#mQ2$vL7'],
  ['имя пользователя', 'ivanov'],
  ['パスワード', 'Pa55!word'],
  ['ユーザー名', 'tanaka'],
  ['密码', 'Mi4@ma88'],
  ['用户名', 'wangwei'],
  ['비밀번호', 'Bi8!mil2'],
  ['사용자 이름', 'kimmin'],
  ['Port', 5432],
  ['Frage_aktiviert', false],
  ['pregunta_seguridad_habilitada', true],
  ['PIN-Länge', 6],
  ['codigo_postal', '28013'],
  ['Bemerkung', 'Wird monatlich rotiert'],
  ['Remarques', 'Géré par l’équipe plateforme'],
  ['备注', '生产环境数据库'],
  ['メモ', '本番用のアカウント'],
]
const ordinaryForeignCases: CorpusCase[] = ordinaryForeign.map(([label, value]) => ({
  category: 'ordinary-fields',
  title: `ordinary field "${label}"`,
  input: field(label, value),
}))

// ——— Labels kept as data: password-manager exports ———
const labelsAsData: CorpusCase[] = [
  {
    category: 'labels-as-data',
    title: 'Bitwarden custom field PIN',
    expect: 'value.fields[1]',
    input: {
      value: {
        login: {username: 'alice', password: VALUE},
        fields: [
          {name: 'Account number', value: '00123', type: 0},
          {name: 'PIN', value: '4821', type: 1},
        ],
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'Bitwarden hidden field "Security answer"',
    expect: 'value.fields[0]',
    input: {value: {type: 1, name: 'Bank', fields: [{name: 'Security answer', value: 'Fluffy', type: 1}]}},
  },
  {
    category: 'labels-as-data',
    title: '1Password 1PUX section "Security Questions"',
    expect: 'value.details.sections[0]',
    input: {
      value: {
        title: 'Bank login',
        details: {
          sections: [
            {
              title: 'Security Questions',
              fields: [
                {title: 'Question', value: {string: 'First car?'}},
                {title: 'Answer', value: {concealed: 'Beetle'}},
              ],
            },
          ],
        },
      },
    },
  },
  {
    category: 'labels-as-data',
    title: '1Password 1PIF field with t/v',
    expect: 'value.secureContents.fields[1]',
    input: {
      value: {
        secureContents: {
          fields: [
            {t: 'username', v: 'alice', k: 'string'},
            {t: 'Recovery key', v: 'RK-7781-2231-9982', k: 'concealed'},
          ],
        },
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'KeePass-like entry strings (Key/Value)',
    expect: 'value.strings[2]',
    input: {
      value: {
        strings: [
          {key: 'Title', value: 'Mail'},
          {key: 'UserName', value: 'alice'},
          {key: 'Password Hint', value: 'usual + 1'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'German labels as data',
    expect: 'value.felder[0]',
    input: {
      value: {
        felder: [
          {name: 'Sicherheitsfrage', value: 'Lieblingslehrer?'},
          {name: 'Benutzer', value: 'alice'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'French labels as data',
    expect: 'value.champs[1]',
    input: {
      value: {
        champs: [
          {label: 'Identifiant', value: 'jdupont'},
          {label: 'Code de récupération', value: 'RC-5512-3381'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'Spanish labels as data',
    expect: 'value.campos[0]',
    input: {value: {campos: [{name: 'Pista de la contraseña', value: 'mi equipo'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Japanese labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: '秘密の質問の答え', value: 'ポチ'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Chinese labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{label: '安全问题答案', value: '北京'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Korean labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: '복구 코드', value: '1122-3344'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Russian labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{title: 'Секретный вопрос', value: 'Любимый учитель?'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Portuguese labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: 'Senha antiga', value: 'Rio2018!'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Italian labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: 'Codice PIN', value: '3344'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Dutch labels as data',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: 'Herstelsleutel', value: 'HS-4412-9981'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'Kubernetes-style env list with recovery codes',
    expect: 'value.env[1]',
    input: {
      value: {
        env: [
          {name: 'DB_USER', value: 'app'},
          {name: 'ADMIN_RECOVERY_CODES', value: '1a2b3c 4d5e6f 7a8b9c'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'section titled "Recovery codes" holding items',
    expect: 'value.sections[0]',
    input: {value: {sections: [{name: 'Recovery codes', items: ['ab12-cd34', 'ef56-gh78']}]}},
  },
  {
    category: 'labels-as-data',
    title: 'a question/answer pair kept as data',
    expect: 'value.kba',
    input: {value: {kba: [{question: 'What is your favourite book?', answer: 'Dune'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'an MFA seed kept as a labelled field',
    expect: 'value.fields[2]',
    input: {
      value: {
        fields: [
          {name: 'username', value: 'alice'},
          {name: 'password', value: VALUE},
          {name: 'TOTP secret', value: 'JBSWY3DPEHPK3PXP'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data',
    title: 'a previous password kept in a history list',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: 'Old password', value: 'Winter2021!'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'notes field kept as data holding an old password',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: 'Notes', value: 'old password: Spring2020!'}]}},
  },
  {
    category: 'labels-as-data',
    title: 'a note kept as data holding a provider token',
    expect: 'value.fields[0]',
    input: {value: {fields: [{label: 'Comments', value: `CI also uses ${tokens.gitlab}`}]}},
  },
]

const labelsAsDataClean: CorpusCase[] = [
  {
    category: 'labels-as-data-clean',
    title: 'Bitwarden fields holding ordinary data',
    input: {
      value: {
        fields: [
          {name: 'Account number', value: '00123', type: 0},
          {name: 'Branch', value: 'Main St', type: 0},
        ],
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'a PIN field left empty in an export',
    input: {value: {fields: [{name: 'PIN', value: '', type: 1}]}},
  },
  {
    category: 'labels-as-data-clean',
    title: 'a security-question toggle kept as data',
    input: {value: {fields: [{name: 'Security question enabled', value: false}]}},
  },
  {
    category: 'labels-as-data-clean',
    title: 'a hint field holding null',
    input: {value: {fields: [{name: 'Password hint', value: null}]}},
  },
  {
    category: 'labels-as-data-clean',
    title: '1PUX login section',
    input: {
      value: {
        details: {
          sections: [
            {
              title: 'Login',
              fields: [
                {title: 'username', value: {string: 'alice'}},
                {title: 'website', value: {url: 'https://example.com'}},
              ],
            },
          ],
        },
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'Kubernetes env list of ordinary settings',
    input: {
      value: {
        env: [
          {name: 'DB_HOST', value: 'db.internal'},
          {name: 'DB_PASSWORD', value: VALUE},
          {name: 'LOG_LEVEL', value: 'info'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'a recovery-mode setting kept as data',
    input: {
      value: {
        settings: [
          {key: 'recovery_mode', value: 'auto'},
          {key: 'pin_length', value: 6},
        ],
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'a notes field kept as data with operational text',
    input: {value: {fields: [{name: 'Notes', value: 'Rotated monthly by the platform team; ping #payments-ops'}]}},
  },
  {
    category: 'labels-as-data-clean',
    title: 'German ordinary labels as data',
    input: {
      value: {
        felder: [
          {name: 'Benutzername', value: 'alice'},
          {name: 'Webseite', value: 'https://bank.example.de'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'a labelled username and URL in Japanese',
    input: {
      value: {
        fields: [
          {name: 'ユーザー名', value: 'tanaka'},
          {name: 'ウェブサイト', value: 'https://example.jp'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'tags kept as name/value pairs',
    input: {
      value: {
        tags: [
          {name: 'env', value: 'prod'},
          {name: 'team', value: 'payments'},
        ],
      },
    },
  },
  {
    category: 'labels-as-data-clean',
    title: 'a questions list that is a survey config',
    input: {value: {survey: {questions: [], enabled: false}}},
  },
]

// ——— Free-text notes ———
const notes: Array<[string, string, string]> = [
  ['notes', 'Security question: first pet? Answer: Rex', 'English Q and A'],
  ['notes', 'What was the name of your first school? Lincoln Elementary', 'a security question with its answer'],
  ['comments', 'old password: Autumn2021! (keep until migration)', 'an old password'],
  ['notes', 'The password is Hunter2024 for now', '"the password is …"'],
  ['memo', 'Initial admin pwd is Xk7mQ2pL, change at first login', 'a written-out initial password'],
  ['notes', 'Recovery codes: 1a2b3-4c5d6 7e8f9-0a1b2 3c4d5-6e7f8 9a0b1-2c3d4', 'recovery codes'],
  ['description', `deploy bot uses ${tokens.huggingface}`, 'a Hugging Face token in a note'],
  ['notes', `Datadog API key ${tokens.datadog}`, 'a Datadog key after its keyword'],
  ['notes', `twilio auth token: ${tokens.twilioAuth}`, 'a Twilio auth token'],
  ['notes', `workspace token ${tokens.databricks}`, 'a Databricks token'],
  ['remarks', 'mfa seed is JBSWY3DPEHPK3PXPJBSW', 'an MFA seed'],
  ['notes', 'Mother’s maiden name is Kowalski', 'a maiden name'],
  ['Notizen', 'Sicherheitsfrage: Name des ersten Haustiers? Antwort: Bello', 'German Q and A'],
  ['Bemerkung', 'Das alte Passwort war Sommer2019!', 'German old password'],
  ['Kommentar', 'Passwort: Geheim!2024', 'German password'],
  ['commentaire', 'Question secrète : nom de jeune fille de votre mère ? Réponse : Martin', 'French Q and A'],
  ['Notes', 'mot de passe : Azerty123!', 'French password'],
  ['notas', 'Contraseña: Sol2024!', 'Spanish password'],
  ['observaciones', '¿Cuál fue el nombre de tu primera mascota? Toby', 'Spanish security question'],
  ['anotacoes', 'senha: Brasil@2023', 'Portuguese password'],
  ['note', 'La password è Roma2024#', 'Italian password'],
  ['opmerkingen', 'wachtwoord: Tulp2024!', 'Dutch password'],
  ['заметки', 'пароль: Moskva2024', 'Russian password'],
  ['примечание', 'Кличка первого питомца? Шарик', 'Russian security question'],
  ['メモ', 'パスワードは Sakura2024! です', 'Japanese password'],
  ['备注', '密码：Beijing@2024', 'Chinese password'],
  ['메모', '비밀번호: Seoul2024!', 'Korean password'],
  ['notes', `api key: ${hex(44, 40)}`, 'a hex token after a keyword'],
  ['notes', 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME', 'an otpauth URI'],
  ['comments', 'same password as the old staging one', 'a reuse hint'],
  ['notes', `Slack bot: ${tokens.slack}`, 'a Slack token'],
  ['info', `token=${tokens.npm}`, 'an npm token'],
]
const noteCases: CorpusCase[] = notes.map(([key, text, title]) => ({
  category: 'notes',
  title: `${key}: ${title}`,
  expect: `value.${key}`,
  input: field(key, text),
}))

const cleanNotes: Array<[string, string]> = [
  ['notes', 'Rotated by Lambda every 30 days; owner team-payments'],
  ['notes', 'Password is stored in Vault under prod/billing'],
  ['comments', 'No security questions are configured for this account'],
  ['notes', 'Backup codes live in the break-glass safe, not here'],
  ['memo', 'Hint: rotation runs at 02:00 UTC'],
  ['notes', 'Recovery runbook: https://wiki.example.com/runbooks/billing-db'],
  ['description', 'PIN resets are handled by the service desk'],
  ['Notizen', 'Wird vom Plattform-Team monatlich rotiert'],
  ['commentaire', 'Mot de passe géré par le coffre-fort, ne pas copier'],
  ['notas', 'La contraseña se rota cada 90 días'],
  ['備考', '本番環境のデータベース用'],
  ['备注', '由平台团队每月轮换'],
  ['메모', '매월 자동으로 교체됩니다'],
  ['заметки', 'Пароль меняется автоматически каждый месяц'],
  ['notes', 'Ask in #platform before changing; see ticket OPS-4412'],
  ['notes', 'Token expires 2025-12-31; renew via the portal'],
  ['notes', 'Temporary password expires in 7 days'],
  ['notes', 'Security answers are not stored here'],
  ['comments', 'Password: see 1Password item "Billing DB"'],
  ['notes', 'Used by billing-worker and invoice-exporter'],
]
const cleanNoteCases: CorpusCase[] = cleanNotes.map(([key, text]) => ({
  category: 'notes-clean',
  title: `${key}: "${text}"`,
  input: field(key, text),
}))

// ——— Provider tokens and credentials in metadata ———
const providerInMetadata: Array<[string, CorpusInput, string]> = [
  ['Hugging Face token in the description', described(`inference key ${tokens.huggingface}`), 'description'],
  ['Databricks token in a tag', tagged({workspace: tokens.databricks}), 'tag-value:workspace'],
  ['Datadog API key in the description', described(`DD_API_KEY=${tokens.datadog}`), 'description'],
  ['Twilio API key SID and secret in the description', described(`twilio ${tokens.twilioKey}`), 'description'],
  ['OpenAI key in a tag', tagged({llm: tokens.openai}), 'tag-value:llm'],
  ['Anthropic key in the description', described(`claude: ${tokens.anthropic}`), 'description'],
  ['GitHub classic token in the description', described(`ci token ${tokens.github}`), 'description'],
  ['GitHub OAuth token in a tag', tagged({oauth: tokens.githubOauth}), 'tag-value:oauth'],
  ['GitLab token in the description', described(tokens.gitlab), 'description'],
  ['Slack bot token in a tag', tagged({bot: tokens.slack}), 'tag-value:bot'],
  ['npm token in the description', described(`publish with ${tokens.npm}`), 'description'],
  ['SendGrid key in the description', described(`mail ${tokens.sendgrid}`), 'description'],
  ['Shopify token in a tag', tagged({shop: tokens.shopify}), 'tag-value:shop'],
  ['Linear key in the description', described(tokens.linear), 'description'],
  ['Notion token in the description', described(`notion ${tokens.notion}`), 'description'],
  ['Vercel token in a tag', tagged({deploy: tokens.vercel}), 'tag-value:deploy'],
  ['Grafana service-account token in the description', described(tokens.grafana), 'description'],
  ['Groq key in the description', described(tokens.groq), 'description'],
  ['Docker Hub token in a tag', tagged({registry: tokens.docker}), 'tag-value:registry'],
  ['Figma token in the description', described(tokens.figma), 'description'],
  ['Doppler token in the description', described(`doppler ${tokens.doppler}`), 'description'],
  ['DigitalOcean token in a tag', tagged({do: tokens.digitalocean}), 'tag-value:do'],
  ['PyPI token in the description', described(tokens.pypi), 'description'],
  ['Postman key in the description', described(tokens.postman), 'description'],
  ['Pulumi token in a tag', tagged({iac: tokens.pulumi}), 'tag-value:iac'],
  ['New Relic key in the description', described(tokens.newrelic), 'description'],
  ['Sentry token in the description', described(tokens.sentry), 'description'],
  ['Telegram bot token in the description', described(`alerts bot ${tokens.telegram}`), 'description'],
  ['Discord webhook in a tag', tagged({hook: tokens.discord}), 'tag-value:hook'],
  ['Azure storage connection string in the description', described(tokens.azureStorage), 'description'],
  ['Mailgun key in the description', described(tokens.mailgun), 'description'],
  ['Mailchimp key in a tag', tagged({newsletter: tokens.mailchimp}), 'tag-value:newsletter'],
  ['Stripe secret key in the description', described(tokens.stripe), 'description'],
  ['Google API key in a tag', tagged({maps: tokens.google}), 'tag-value:maps'],
  ['AWS access key id in the description', described(`legacy user ${tokens.awsKeyId}`), 'description'],
  ['JWT in a tag', tagged({session: tokens.jwt}), 'tag-value:session'],
  ['private key header in the description', described(`${tokens.pem} b3BlbnNzaC1rZXktdjE`), 'description'],
  ['age secret key in the description', described(tokens.age), 'description'],
  ['Vault token in the description', described(`VAULT_TOKEN=${tokens.vault}`), 'description'],
  [
    'connection URL with a password in the description',
    described('mysql://admin:Sup3rS3cret@db.example.com:3306/app'),
    'description',
  ],
]
const providerCases: CorpusCase[] = providerInMetadata.map(([title, input, expect]) => ({
  category: 'provider-tokens',
  title,
  expect,
  input,
}))

// Keyword in context, in metadata: a credential word, a separator, a password or token.
const keywordInMetadata: Array<[string, CorpusInput, string]> = [
  ['English "Initial admin pwd is …"', described('Initial admin pwd is Xk7mQ2pL'), 'description'],
  ['English "password for root: …"', described('password for root: Hunter2024!'), 'description'],
  ['English "api key: <hex>"', described(`api key: ${hex(45, 32)}`), 'description'],
  ['English "secret = <hex>"', described(`secret = ${hex(46, 40)}`), 'description'],
  ['English "token: <hex>" in a tag', tagged({note: `token: ${hex(47, 32)}`}), 'tag-value:note'],
  ['English "credentials: admin/…"', described('credentials: admin/Adm1n#2024'), 'description'],
  ['English "passphrase is …"', described('backup passphrase is Blue-Horse-42!'), 'description'],
  ['German "Passwort: …"', described('Passwort: Sommer2024!'), 'description'],
  ['German "Kennwort lautet …"', described('Das Kennwort lautet Geheim#77'), 'description'],
  ['German "Schlüssel: <hex>"', described(`API-Schlüssel: ${hex(48, 32)}`), 'description'],
  ['French "mot de passe : …"', described('mot de passe : Azerty123!'), 'description'],
  ['French "mdp = …"', tagged({acces: 'mdp=Paris2024!'}), 'tag-value:acces'],
  ['French "jeton : <hex>"', described(`jeton : ${hex(49, 32)}`), 'description'],
  ['Spanish "Contraseña: …"', described('Contraseña: Sol2024!'), 'description'],
  ['Spanish "clave secreta: <token>"', described(`clave secreta: ${alnum(50, 28)}`), 'description'],
  ['Portuguese "senha: …"', described('senha: Brasil@2023'), 'description'],
  ['Portuguese "chave de API: <hex>"', described(`chave de API: ${hex(51, 32)}`), 'description'],
  ['Italian "password è …"', described('La password è Roma2024#'), 'description'],
  ['Italian "chiave: <hex>"', described(`chiave: ${hex(52, 32)}`), 'description'],
  ['Dutch "wachtwoord: …"', described('wachtwoord: Tulp2024!'), 'description'],
  ['Russian "пароль: …"', described('пароль: Moskva2024'), 'description'],
  ['Russian "токен: <hex>"', described(`токен: ${hex(53, 32)}`), 'description'],
  ['Japanese "パスワードは …"', described('パスワードは Sakura2024!'), 'description'],
  ['Japanese "トークン: <hex>"', described(`トークン: ${hex(54, 32)}`), 'description'],
  ['Chinese "密码：…"', described('密码：Beijing@2024'), 'description'],
  ['Chinese "密钥: <hex>"', described(`密钥: ${hex(55, 32)}`), 'description'],
  ['Korean "비밀번호: …"', described('비밀번호: Seoul2024!'), 'description'],
  ['Korean "토큰: <hex>"', described(`토큰: ${hex(56, 32)}`), 'description'],
  ['a password hint in the description', described('Password hint: first dog + year'), 'description'],
  ['a maiden name in the description', described("Mother's maiden name: Kowalski"), 'description'],
  ['a security answer in a tag', tagged({kba: 'security answer: Rex'}), 'tag-value:kba'],
  ['a recovery-codes tag', tagged({'recovery-codes': '1a2b3 4c5d6 7e8f9'}), 'tag:recovery-codes'],
  ['a German hint tag', tagged({Passworthinweis: 'Hund'}), 'tag:Passworthinweis'],
  ['a Spanish security-question tag', tagged({'pregunta-seguridad': '¿Primera mascota?'}), 'tag:pregunta-seguridad'],
  [
    'the value echoed in the description',
    {value: 'Tr0ub4dor&3-horse', description: 'temp creds Tr0ub4dor&3-horse'},
    'description',
  ],
  ['a random token in a tag value', tagged({backup: 'aZ3kP9qL2mX7wB4nQ8rT'}), 'tag-value:backup'],
]
const keywordCases: CorpusCase[] = keywordInMetadata.map(([title, input, expect]) => ({
  category: 'metadata-keywords',
  title,
  expect,
  input,
}))

// ——— Values that are not JSON ———
const structured: Array<[string, string, string]> = [
  [
    'dotenv with a password hint',
    'DB_USER=app\nDB_PASSWORD=Xk9#mQ2$vL7\nDB_PASSWORD_HINT=team name\n',
    'value.DB_PASSWORD_HINT',
  ],
  [
    'dotenv with recovery codes',
    'GITHUB_USER=ci-bot\nGITHUB_RECOVERY_CODES="1a2b3-4c5d6 7e8f9-0a1b2 3c4d5-6e7f8 9a0b1-2c3d4"\n',
    'value.GITHUB_RECOVERY_CODES',
  ],
  [
    'dotenv with an export prefix and a TOTP seed',
    'export ADMIN_USER=root\nexport ADMIN_TOTP_SECRET=JBSWY3DPEHPK3PXP\n',
    'value.ADMIN_TOTP_SECRET',
  ],
  ['dotenv with a previous password', 'PASSWORD=Spring2024!\nOLD_PASSWORD=Winter2023!\n', 'value.OLD_PASSWORD'],
  ['dotenv with a German label', 'BENUTZER=alice\nSICHERHEITSFRAGE=Erstes Haustier?\n', 'value.SICHERHEITSFRAGE'],
  [
    'dotenv with a security answer',
    '# bank login\nBANK_USER=alice\nBANK_SECURITY_ANSWER=Fluffy\n',
    'value.BANK_SECURITY_ANSWER',
  ],
  [
    'YAML with a security question',
    'username: alice\npassword: Xk9#mQ2$vL7\nsecurity_question: "What was your first car?"\nsecurity_answer: Beetle\n',
    'value.security_',
  ],
  [
    'YAML nested recovery codes',
    'admin:\n  user: root\n  recovery_codes:\n    - ab12-cd34\n    - ef56-gh78\n',
    'value.admin.recovery_codes',
  ],
  [
    'YAML with a French label',
    'identifiant: jdupont\nquestion_secrete: "Nom du premier animal ?"\n',
    'value.question_secrete',
  ],
  ['YAML with a Japanese label', 'ユーザー名: tanaka\n秘密の質問: 最初のペットの名前は？\n', 'value.秘密の質問'],
  ['YAML with a PIN as a number', 'card: visa\npin: 4821\n', 'value.pin'],
  ['YAML with a notes field holding a password', 'user: ops\nnotes: "old password: Summer2019!"\n', 'value.notes'],
  [
    'INI with a password hint',
    '[database]\nuser = app\npassword = Xk9#mQ2$vL7\npassword_hint = the usual\n',
    'value.database.password_hint',
  ],
  [
    'INI with a recovery key',
    '[vault]\naddr = https://vault.internal:8200\nrecovery_key = RK-7781-2231-9982\n',
    'value.vault.recovery_key',
  ],
  [
    'INI with a Spanish label',
    '[cuenta]\nusuario = mgarcia\npregunta_de_seguridad = ¿Ciudad natal?\n',
    'value.cuenta.pregunta_de_seguridad',
  ],
  ['INI with an MFA seed', '[admin]\nname = root\nmfa_seed = JBSWY3DPEHPK3PXP\n', 'value.admin.mfa_seed'],
  ['YAML with a Korean label', 'user: kim\n복구 코드: 1122-3344\n', 'value.복구 코드'],
  ['YAML with a Russian label', 'login: ivanov\nсекретный_вопрос: Кличка питомца?\n', 'value.секретный_вопрос'],
  ['dotenv with a Dutch label', 'GEBRUIKER=jansen\nHERSTELCODE=HC-4412-9981\n', 'value.HERSTELCODE'],
]
const structuredCases: CorpusCase[] = structured.map(([title, text, expect]) => ({
  category: 'structured-values',
  title,
  expect,
  input: {value: text},
}))

const structuredClean: Array<[string, string]> = [
  ['dotenv of ordinary settings', 'DB_HOST=db.internal\nDB_USER=app\nDB_PASSWORD=Xk9#mQ2$vL7\nDB_PORT=5432\n'],
  ['dotenv with settings named like recovery', 'RECOVERY_MODE=auto\nPIN_LENGTH=6\nOTP_DIGITS=6\nHINT_ENABLED=false\n'],
  ['YAML service config', 'service: billing\nreplicas: 3\ndatabase:\n  host: db.internal\n  password: Xk9#mQ2$vL7\n'],
  ['YAML with empty sensitive-named keys', 'totp: ""\npassword_history: null\nsecurity_question_enabled: false\n'],
  ['INI of ordinary settings', '[server]\nhost = 0.0.0.0\nport = 8080\n[auth]\ntoken = 9c8b7a6f5e4d\n'],
  ['a plain password', 'correct-horse-battery-staple'],
  ['a PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n'],
  ['a connection string value', 'Server=db;Database=billing;User Id=app;Password=Xk9#mQ2$vL7;'],
  ['YAML list of hosts', '- db1.internal\n- db2.internal\n'],
  ['dotenv with a URL', 'API_URL=https://api.example.com/v2\nAPI_KEY=k_4f9aQz81Lm3xT7vB2n\n'],
]
const structuredCleanCases: CorpusCase[] = structuredClean.map(([title, text]) => ({
  category: 'structured-clean',
  title,
  input: {value: text},
}))

// ——— Settings, not secrets: empty, null, boolean and number values ———
const settings: Array<[string, unknown]> = [
  ['totp', ''],
  ['passwordHistory', null],
  ['hint_enabled', false],
  ['answer_timeout_ms', 3000],
  ['recovery_mode', 'auto'],
  ['mfa', true],
  ['security_questions', []],
  ['recovery_codes', []],
  ['pinRequired', true],
  ['otp_length', 6],
  ['backupCodesRemaining', 8],
  ['passwordHint', ''],
  ['security_answer', null],
  ['recoveryEmail', ''],
  ['previous_password', null],
  ['favorite', 'pizza'],
  ['fav_color', 'blue'],
  ['mfaEnforced', 'true'],
  ['recovery_window_days', 7],
  ['totp_issuer', 'ACME'],
  ['pin_attempts', 3],
  ['question_count', 2],
  ['hint', 'N/A'],
  ['recoveryCodesGeneratedAt', '2024-05-01T10:00:00Z'],
  ['security_question', '${SECURITY_QUESTION}'],
]
const settingsCases: CorpusCase[] = settings.map(([name, value]) => ({
  category: 'settings-not-secrets',
  title: `"${name}": ${JSON.stringify(value)}`,
  input: field(name, value),
}))

// ——— Public identifiers in metadata ———
const publicIds: Array<[string, CorpusInput]> = [
  ['a UUID in the description', described('KMS key 1234abcd-12ab-34cd-56ef-1234567890ab')],
  [
    'a secret ARN in the description',
    described('Replica of arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/billing/db-AbCdEf'),
  ],
  ['a VPC id in a tag', tagged({vpc: 'vpc-0a1b2c3d4e5f67890'})],
  ['a subnet id in the description', described('Lives in subnet-0123456789abcdef0')],
  ['a security group in a tag', tagged({sg: 'sg-0f1e2d3c4b5a69788'})],
  ['an X-Ray trace id in the description', described('Created during trace 1-5759e988-bd862e3fe1be46a994272793')],
  ['a Stripe publishable key in a tag', tagged({'stripe-pk': j('pk', '_live_', alnum(57, 24))})],
  ['a Stripe account id in the description', described(`Connected account ${j('acct', '_', alnum(58, 16))}`)],
  ['an OAuth client id in the description', described(`OAuth client_id: ${alnum(59, 32)}`)],
  [
    'a Google OAuth client id in a tag',
    tagged({client: '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com'}),
  ],
  [
    'an Azure application id in the description',
    described('Application (client) ID 0f8fad5b-d9cb-469f-a165-70867728950e'),
  ],
  [
    'an SSH public key in the description',
    described(`Deploy key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${alnum(60, 43)} deploy@ci`),
  ],
  ['an SSH RSA public key in a tag', tagged({pubkey: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${alnum(61, 60)}`})],
  ['an SSH fingerprint in the description', described(`Host key SHA256:${alnum(62, 43)}`)],
  ['a commit SHA in a tag', tagged({'git-sha': '3f2a9c8e7b6d5a4f3e2d1c0b9a8f7e6d5c4b3a29'})],
  ['a commit reference in the description', described('Deployed from commit 9fceb02d0ae598e95dc970b74767f19372d61af8')],
  ['base64 of plain text in a tag', tagged({motd: Buffer.from('Welcome to the billing service').toString('base64')})],
  [
    'base64 of a sentence in the description',
    described(`banner ${Buffer.from('This system is for authorised use only.').toString('base64')}`),
  ],
  ['an image digest in a tag', tagged({image: `sha256:${hex(63, 64)}`})],
  ['an account id and region in tags', tagged({account: '123456789012', region: 'eu-central-1'})],
  ['a role ARN in a tag', tagged({'rotation-role': 'arn:aws:iam::123456789012:role/SecretsRotation'})],
  [
    'a Lambda ARN in the description',
    described(
      'Rotated by arn:aws:lambda:us-east-1:123456789012:function:SecretsManagerRDSPostgreSQLRotationSingleUser',
    ),
  ],
  ['a GitHub App client id in a tag', tagged({'github-app': 'Iv1.8a61f9b3a7aba766'})],
  ['a tenant id in the description', described('Entra tenant id: 72f988bf-86f1-41af-91ab-2d7cd011db47')],
  ['a Kubernetes pod name', described('pod billing-api-7d9f8c6b5-x2x4z in namespace billing-prod')],
  ['a request id in the description', described(`Created by request id ${alnum(64, 24)}`)],
  ['a public key label in the description', described(`reCAPTCHA site key: ${j('6Lc', alnum(65, 37))}`)],
  ['a hex build id in a tag', tagged({build: hex(66, 40)})],
  ['a service account e-mail in a tag', tagged({sa: 'billing-exporter@billing-prod-4821.iam.gserviceaccount.com'})],
  ['an S3 URI in the description', described('Exports to s3://billing-exports-prod-eu-west-1/monthly/')],
  ['an endpoint host in a tag', tagged({endpoint: 'billing.cluster-c9akciq32.us-east-1.rds.amazonaws.com'})],
  ['a version id in the description', described('Pinned to version 3f2a9c8e-7b6d-5a4f-3e2d-1c0b9a8f7e6d')],
  ['a Twilio account SID in a tag', tagged({'twilio-account': j('AC', hex(67, 32))})],
]
const publicIdCases: CorpusCase[] = publicIds.map(([title, input]) => ({category: 'public-identifiers', title, input}))

// ——— Harmless descriptions and tags ———
const harmless: Array<[string, CorpusInput]> = [
  ['a rotation hint', described('Hint: rotation runs at 02:00 UTC')],
  ['no security questions', described('No security questions are configured')],
  ['backup codes elsewhere', described('Backup codes live in the break-glass safe, not here')],
  ['how the password is managed', described('The password is rotated by Lambda every 30 days.')],
  ['a password mention without a value', described('Password for the billing DB; owner team-payments')],
  ['where the password lives', described('password: see the vault')],
  ['a German description', described('Zugangsdaten für die Abrechnungsdatenbank, monatlich rotiert')],
  ['a French description', described('Mot de passe de la base de facturation, géré par Secrets Manager')],
  ['a Spanish description', described('Contraseña del servicio de pagos; se rota cada 30 días')],
  ['a Portuguese description', described('Senha do banco de dados de faturamento')],
  ['an Italian description', described('Credenziali del database di fatturazione')],
  ['a Dutch description', described('Wachtwoord voor de factuurdatabase, beheerd door het platformteam')],
  ['a Russian description', described('Пароль базы данных биллинга, ротация каждые 30 дней')],
  ['a Japanese description', described('請求データベースのパスワード（30日ごとにローテーション）')],
  ['a Chinese description', described('计费数据库的密码，每30天轮换一次')],
  ['a Korean description', described('결제 데이터베이스 비밀번호, 30일마다 교체')],
  ['MFA device location', described('MFA device for break-glass is in the safe')],
  ['recovery process pointer', described('Account recovery: follow runbook RB-12 with two approvers')],
  ['a PIN policy', described('PIN policy: 6 digits, rotated quarterly')],
  ['a temporary password notice', described('Temporary password for onboarding; expires in 7 days')],
  ['a token TTL', described('token: expires after 90 days')],
  ['an API key owner', described('API key for the checkout service (owner: payments)')],
  ['a secret name with words', {value: VALUE, name: 'prod/payments/stripe/restricted-key'}],
  [
    'ordinary ops tags',
    tagged({env: 'prod', team: 'payments', 'cost-center': 'cc-1234', 'data-classification': 'confidential'}),
  ],
  ['a rotation schedule tag', tagged({'rotation-schedule': 'rate(30 days)', 'password-policy': 'length>=16'})],
  ['a hint tag that is a setting', tagged({'hint-enabled': 'false'})],
  [
    'disaster-recovery tags',
    tagged({'disaster-recovery': 'tier-1', backup: 'daily', 'recovery-point-objective': '15m'}),
  ],
  ['a long hyphenated service name', described('payments-service-production-eu-west-1 worker credentials')],
  ['a description with a percentage', described('pass rate: 98.5% in the last run')],
  ['a date and time', described('Created 2024-05-01T10:00:00Z by the bootstrap job')],
  ['the word secret in prose', described('Secret used by the nightly export to S3')],
  ['a password length requirement', described('Password must be at least 16 characters long')],
]
const harmlessCases: CorpusCase[] = harmless.map(([title, input]) => ({category: 'harmless-metadata', title, input}))

// ——— Placeholders ———
const placeholders: Array<[string, CorpusInput]> = [
  ['a ${VAR} in a connection URL', described('Use postgres://app:${DB_PASSWORD}@db.internal/app')],
  ['a ${VAR} after "password:"', described('password: ${DB_PASSWORD}')],
  ['a {{template}} password', described('mysql://root:{{ db_password }}@localhost/app')],
  ['an <angle> placeholder', described('Password=<your-password>;Server=db')],
  ['asterisks', described('Password=********;Server=db')],
  ['a %VAR% placeholder', described('set PGPASSWORD=%DB_PASSWORD%')],
  ['changeme', described('password: changeme')],
  ['a ${VAR} as a tag value', tagged({'db-password': '${DB_PASSWORD}'})],
  ['a placeholder note', field('notes', 'password: <redacted>')],
  ['a placeholder security answer', field('security_answer', '<to be set by the user>')],
  ['a placeholder PIN', field('pin', '****')],
  ['a placeholder recovery code list', field('recovery_codes', 'TBD')],
  ['a $(command) placeholder', described('token: $(vault read -field=token secret/ci)')],
  ['an env reference in a tag', tagged({token: '$GITHUB_TOKEN'})],
  ['a redacted description', described('api key: [REDACTED]')],
]
const placeholderCases: CorpusCase[] = placeholders.map(([title, input]) => ({category: 'placeholders', title, input}))

// ——— A second batch, written after the checks were tuned and scored as they came (not tuned on) ———
const secondBatch: CorpusCase[] = [
  {
    category: 'foreign-labels',
    title: 'German camelCase recovery key',
    expect: 'value.wiederherstellungsSchluessel',
    input: field('wiederherstellungsSchluessel', 'WS-2231-8812-4410'),
  },
  {
    category: 'foreign-labels',
    title: 'French Title Case hint',
    expect: 'value.Indice Du Mot De Passe',
    input: field('Indice Du Mot De Passe', 'ville natale'),
  },
  {
    category: 'foreign-labels',
    title: 'Spanish UPPER_SNAKE previous password',
    expect: 'value.CONTRASENA_ANTERIOR',
    input: field('CONTRASENA_ANTERIOR', 'Otono2022!'),
  },
  {
    category: 'foreign-labels',
    title: 'Portuguese kebab security answer',
    expect: 'value.resposta-secreta',
    input: field('resposta-secreta', 'Mimi'),
  },
  {
    category: 'foreign-labels',
    title: 'Italian camelCase security question',
    expect: 'value.domandaSegreta',
    input: field('domandaSegreta', 'Nome della prima scuola?'),
  },
  {
    category: 'foreign-labels',
    title: 'Dutch with spaces PIN',
    expect: 'value.pin code bank',
    input: field('pin code bank', '7731'),
  },
  {
    category: 'foreign-labels',
    title: 'Russian snake_case recovery codes',
    expect: 'value.резервные_коды',
    input: field('резервные_коды', '1111-2222 3333-4444'),
  },
  {
    category: 'foreign-labels',
    title: 'Japanese backup codes',
    expect: 'value.バックアップコード',
    input: field('バックアップコード', '8812 3345 9901'),
  },
  {
    category: 'foreign-labels',
    title: 'Chinese PIN (payment password)',
    expect: 'value.支付密码',
    input: field('支付密码', '135790'),
  },
  {
    category: 'foreign-labels',
    title: 'Korean security question',
    expect: 'value.비밀 질문',
    input: field('비밀 질문', '출생지는?'),
  },
  {
    category: 'ordinary-fields',
    title: 'German server settings',
    input: {value: {Serveradresse: 'db.intern', Datenbankname: 'abrechnung', Passwort: 'Xk9#mQ2$vL7'}},
  },
  {
    category: 'ordinary-fields',
    title: 'French API settings',
    input: {value: {cle_api: 'k_4f9aQz81Lm3xT7vB2n', point_de_terminaison: 'https://api.exemple.fr'}},
  },
  {
    category: 'ordinary-fields',
    title: 'Spanish mail settings',
    input: {value: {servidor_smtp: 'smtp.ejemplo.es', puerto: '587', usuario: 'avisos'}},
  },
  {
    category: 'labels-as-data',
    title: 'Bitwarden field "Recovery phrase"',
    expect: 'value.fields[0]',
    input: {value: {fields: [{name: 'Recovery phrase', value: 'orbit lemon cactus fiber', type: 1}]}},
  },
  {
    category: 'labels-as-data',
    title: 'labelled "Mother\'s maiden name"',
    expect: 'value.fields[0]',
    input: {value: {fields: [{label: "Mother's maiden name", value: 'Nowak'}]}},
  },
  {
    category: 'labels-as-data-clean',
    title: 'labelled Account ID and Region',
    input: {
      value: {
        fields: [
          {label: 'Account ID', value: '123456789012'},
          {label: 'Region', value: 'eu-west-1'},
        ],
      },
    },
  },
  {category: 'notes', title: 'notes: "pin is 4821"', expect: 'value.notes', input: field('notes', 'card pin is 4821')},
  {
    category: 'notes',
    title: 'notes: a GitHub token left in a comment',
    expect: 'value.comment',
    input: field('comment', `temporary: ${tokens.github}`),
  },
  {
    category: 'notes',
    title: 'notes: Q/A on two lines',
    expect: 'value.notes',
    input: field('notes', 'Q: In what city were you born?\nA: Leeds'),
  },
  {
    category: 'notes',
    title: 'notes: German security question',
    expect: 'value.Notizen',
    input: field('Notizen', 'Wie hieß Ihre erste Schule? Goethe-Schule'),
  },
  {
    category: 'notes-clean',
    title: 'notes: a change log line',
    input: field('notes', '2024-03-01 rotated after the incident; new owner @payments'),
  },
  {
    category: 'notes-clean',
    title: 'notes: a link and a ticket',
    input: field('notes', 'See https://wiki.example.com/x and JIRA SEC-1123'),
  },
  {
    category: 'provider-tokens',
    title: 'Hugging Face token in the name',
    expect: 'name',
    input: {value: VALUE, name: `ml/${tokens.huggingface}`},
  },
  {
    category: 'provider-tokens',
    title: 'Databricks token in the description with text around',
    expect: 'description',
    input: described(`Use ${tokens.databricks} for the nightly job`),
  },
  {
    category: 'provider-tokens',
    title: 'SendGrid key in a tag',
    expect: 'tag-value:mail',
    input: tagged({mail: tokens.sendgrid}),
  },
  {
    category: 'metadata-keywords',
    title: 'English "admin password = …" in a tag',
    expect: 'tag-value:bootstrap',
    input: tagged({bootstrap: 'admin password = Winter!2024'}),
  },
  {
    category: 'metadata-keywords',
    title: 'German "Zugangsdaten: …"',
    expect: 'description',
    input: described('Zugangsdaten: admin / Start#2024'),
  },
  {
    category: 'metadata-keywords',
    title: 'French "identifiants : …"',
    expect: 'description',
    input: described('identifiants : root / Racine!99'),
  },
  {
    category: 'metadata-keywords',
    title: 'Dutch "sleutel: <hex>"',
    expect: 'description',
    input: described(`sleutel: ${hex(70, 32)}`),
  },
  {
    category: 'structured-values',
    title: 'dotenv with a PIN',
    expect: 'value.CARD_PIN',
    input: {value: 'CARD_HOLDER=A. Smith\nCARD_PIN=4821\n'},
  },
  {
    category: 'structured-values',
    title: 'YAML with an Italian label',
    expect: 'value.risposta_di_sicurezza',
    input: {value: 'utente: rossi\nrisposta_di_sicurezza: Fido\n'},
  },
  {
    category: 'structured-clean',
    title: 'YAML feature flags',
    input: {value: 'features:\n  mfa_required: true\n  pin_length: 6\n  recovery_enabled: false\n'},
  },
  {category: 'settings-not-secrets', title: '"otpauth_enabled": false', input: field('otpauth_enabled', false)},
  {
    category: 'settings-not-secrets',
    title: '"security_question_ids": [1, 4]',
    input: field('security_question_ids', [1, 4]),
  },
  {
    category: 'public-identifiers',
    title: 'an ENI and a route table in tags',
    input: tagged({eni: 'eni-0a1b2c3d4e5f67890', rtb: 'rtb-0123456789abcdef0'}),
  },
  {
    category: 'public-identifiers',
    title: 'a Cognito app client id in the description',
    input: described(`Cognito app client id ${alnum(71, 26, 'abcdefghijklmnopqrstuvwxyz0123456789')}`),
  },
  {
    category: 'public-identifiers',
    title: 'a PGP fingerprint in a tag',
    input: tagged({pgp: 'A1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 A1B2 C3D4'}),
  },
  {
    category: 'harmless-metadata',
    title: 'a description naming the secret type in German',
    input: described('API-Schlüssel für den Zahlungsdienst (wird automatisch rotiert)'),
  },
  {
    category: 'harmless-metadata',
    title: 'a recovery contact team',
    input: described('Recovery contact: platform on-call (PagerDuty)'),
  },
  {
    category: 'placeholders',
    title: 'an Ansible-style variable',
    input: described('password: "{{ vault_db_password }}"'),
  },
]

export const CORPUS: readonly CorpusCase[] = [
  ...foreignLabelCases,
  ...englishLabelCases,
  ...ordinaryForeignCases,
  ...labelsAsData,
  ...labelsAsDataClean,
  ...noteCases,
  ...cleanNoteCases,
  ...providerCases,
  ...keywordCases,
  ...structuredCases,
  ...structuredCleanCases,
  ...settingsCases,
  ...publicIdCases,
  ...harmlessCases,
  ...placeholderCases,
  ...secondBatch,
]
