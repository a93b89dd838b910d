// Provider token shapes from a well-kept rule set: secretlint's recommended preset (AWS, GCP,
// GitHub, GitLab, Slack, npm, OpenAI, Anthropic, Groq, Hugging Face, Databricks, Linear,
// Notion, SendGrid, Shopify, Grafana, 1Password, HashiCorp Vault, Vercel, Docker, Figma,
// private keys), maintained by people who track the providers' formats. It is loaded only
// on the paths that check, and only when some text could hold a token, so get, list and
// describe — and a put with nothing to scan — never pay for it (about 60–75 ms to load).
//
// secretlint's own messages quote what they found, so only the rule id and message id are
// kept, and the text is scanned with maskSecrets on. Two of its rules are left to ours:
// basic-auth and database connection strings, where ours know placeholders such as
// postgres://app:${DB_PASSWORD}@db; and AWS account ids, which are not secret.

export interface ProviderShape {
  /** secretlint's rule and message ids, e.g. "@secretlint/secretlint-rule-huggingface" / "HUGGINGFACE_USER_ACCESS_TOKEN". */
  ruleId: string
  messageId: string
  /** "a Hugging Face token" — completes "looks like …". */
  description: string
}

const PROVIDER_NAMES: Record<string, string> = {
  aws: 'an AWS credential',
  gcp: 'a Google Cloud credential',
  npm: 'an npm access token',
  slack: 'a Slack token',
  openai: 'an OpenAI API key',
  anthropic: 'an Anthropic API key',
  groq: 'a Groq API key',
  huggingface: 'a Hugging Face token',
  linear: 'a Linear API key',
  notion: 'a Notion integration token',
  privatekey: 'a private key',
  sendgrid: 'a SendGrid API key',
  shopify: 'a Shopify token',
  github: 'a GitHub token',
  gitlab: 'a GitLab token',
  grafana: 'a Grafana token',
  '1password': 'a 1Password service-account token',
  'hashicorp-vault': 'a HashiCorp Vault token',
  vercel: 'a Vercel token',
  databricks: 'a Databricks access token',
  docker: 'a Docker Hub access token',
  figma: 'a Figma access token',
}

const RULE_PREFIX = '@secretlint/secretlint-rule-'
const PRESET_ID = `${RULE_PREFIX}preset-recommend`

/** Cheap pre-filter: secretlint's shapes are all long runs of token characters (or a PEM block). */
function mightHoldProviderToken(text: string): boolean {
  return /[\w+/=.-]{20,}/.test(text) || text.includes('-----BEGIN')
}

type SecretlintModules = [
  typeof import('@secretlint/core'),
  typeof import('@secretlint/secretlint-rule-preset-recommend'),
]

let loading: Promise<SecretlintModules> | undefined

function loadSecretlint(): Promise<SecretlintModules> {
  loading ??= Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')])
  return loading
}

/** The provider shapes in each text (texts that cannot hold a token are not scanned, and secretlint is not loaded for them). */
export async function scanProviderShapes(texts: Iterable<string>): Promise<Map<string, ProviderShape[]>> {
  const results = new Map<string, ProviderShape[]>()
  const pending = [...new Set(texts)].filter(mightHoldProviderToken)
  if (pending.length === 0) return results
  const [core, preset] = await loadSecretlint()
  const config = {
    rules: [
      {
        id: PRESET_ID,
        rule: preset.creator,
        rules: [
          {id: `${RULE_PREFIX}basicauth`, disabled: true},
          {id: `${RULE_PREFIX}database-connection-string`, disabled: true},
          {id: `${RULE_PREFIX}filter-comments`, disabled: true},
          {id: `${RULE_PREFIX}aws`, allowMessageIds: ['AWSAccountID']},
        ],
      },
    ],
  }
  const linted = await Promise.all(
    pending.map(async (text) => {
      const result = await core.lintSource({
        source: {content: text, filePath: 'metadata.txt', ext: '.txt', contentType: 'text'},
        options: {config, maskSecrets: true},
      })
      return [text, result] as const
    }),
  )
  for (const [text, result] of linted) {
    const shapes: ProviderShape[] = []
    for (const message of result.messages) {
      if (message.type !== 'message') continue
      const provider = message.ruleId.startsWith(RULE_PREFIX)
        ? message.ruleId.slice(RULE_PREFIX.length)
        : message.ruleId
      shapes.push({
        ruleId: message.ruleId,
        messageId: message.messageId,
        description: PROVIDER_NAMES[provider] ?? 'a provider credential',
      })
    }

    results.set(text, shapes)
  }

  return results
}
