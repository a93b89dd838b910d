// Known credential formats, for spotting a credential pasted into unencrypted metadata. Each
// shape has a name for the warning ("looks like a GitHub token"); the matched text itself is
// never reported. Prefix-based formats (AKIA…, ghp_…, xoxb-…) are precise; the AWS secret
// access key has no prefix, so it must also look random (mixed case, digits, high entropy) to
// keep 40-character paths and words from matching.
import {averageRunLength, shannonEntropy} from './entropy.js'
import {isBase64OfText, withoutPublicIdentifiers} from './public-identifiers.js'

export interface CredentialShape {
  id: string
  /** "an AWS access key id" — completes "looks like …". */
  description: string
  test(text: string): boolean
}

/** Placeholders people write where a password goes: not a leak. */
const PLACEHOLDER =
  /^(\*+|x{3,}|\.{3,}|<[^>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{?[^}]*\}?\}|%[sd]|\[[^\]]*\]|redacted|password|secret|changeme|pass|pwd)$/i

function matches(pattern: RegExp): (text: string) => boolean {
  return (text) => pattern.test(text)
}

export const CREDENTIAL_SHAPES: readonly CredentialShape[] = [
  {
    id: 'aws-access-key-id',
    description: 'an AWS access key id',
    test: matches(/(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/),
  },
  {
    id: 'aws-secret-access-key',
    description: 'an AWS secret access key',
    test(text) {
      // Labelled public identifiers ("site key: …", "client id: …") are not secret keys.
      for (const match of withoutPublicIdentifiers(text).matchAll(
        /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
      )) {
        const candidate = match[0]
        // Mixed case and digits in short runs, high entropy: a key, not a 40-character path of words.
        if (isBase64OfText(candidate)) continue // base64 of a sentence is an encoding, not a key
        if (
          /[a-z]/.test(candidate) &&
          /[A-Z]/.test(candidate) &&
          /\d/.test(candidate) &&
          shannonEntropy(candidate) >= 4.4 &&
          averageRunLength(candidate) <= 3.2
        ) {
          return true
        }
      }

      return false
    },
  },
  {
    id: 'private-key',
    description: 'a private key (PEM header)',
    test: matches(/-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/),
  },
  {
    id: 'jwt',
    description: 'a JSON Web Token',
    test: matches(/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/),
  },
  {
    id: 'github-token',
    description: 'a GitHub token',
    test: matches(/\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/),
  },
  {
    id: 'gitlab-token',
    description: 'a GitLab token',
    test: matches(/\b(glpat|gldt|glrt|glptt|glcbt|gloas)-[A-Za-z0-9_-]{20,}/),
  },
  {
    id: 'slack-token',
    description: 'a Slack token',
    test: matches(/\bxox[baprs]-[A-Za-z0-9-]{10,}/),
  },
  {
    id: 'slack-webhook',
    description: 'a Slack webhook URL (the URL is the credential)',
    test: matches(/hooks\.slack\.com\/(services|workflows)\/[A-Za-z0-9/_-]{20,}/),
  },
  {
    id: 'stripe-key',
    description: 'a Stripe secret or restricted key',
    test: matches(/\b(sk|rk)_(live|test)_[A-Za-z0-9]{10,}/),
  },
  {
    id: 'google-api-key',
    description: 'a Google API key',
    test: matches(/\bAIza[0-9A-Za-z_-]{35}\b/),
  },
  {
    id: 'npm-token',
    description: 'an npm access token',
    test: matches(/\bnpm_[A-Za-z0-9]{36}\b/),
  },
  {
    id: 'url-with-password',
    description: 'a URL or connection string with an embedded password',
    test(text) {
      for (const match of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#:@]*):([^\s/?#@]+)@[^\s/?#]+/gi)) {
        if (!PLACEHOLDER.test(decodeSafely(match[2]))) return true
      }

      return false
    },
  },
  {
    id: 'connection-string-password',
    description: 'a connection string with a password',
    test(text) {
      for (const match of text.matchAll(/(?:^|[;\s])(?:password|pwd)\s*=\s*([^;\s]+)/gi)) {
        if (!PLACEHOLDER.test(match[1].replace(/^['"]|['"]$/g, ''))) return true
      }

      return false
    },
  },
  // Formats secretlint's recommended preset does not cover (provider-rules.ts has the rest).
  {
    id: 'datadog-key',
    description: 'a Datadog API or application key',
    test: matches(
      /\b(datadog|dd)[\w .-]{0,20}?(api|app|application)[\w .-]{0,6}?key\W{0,5}[0-9a-f]{32}(?:[0-9a-f]{8})?\b/i,
    ),
  },
  {
    id: 'twilio-key',
    description: 'a Twilio API key or auth token',
    test: matches(/\bSK[0-9a-fA-F]{32}\b|\btwilio[\w .-]{0,30}?(auth[\w .-]{0,5}token|secret)\W{0,5}[0-9a-f]{32}\b/i),
  },
  {id: 'mailgun-key', description: 'a Mailgun API key', test: matches(/\bkey-[0-9a-zA-Z]{32}\b/)},
  {id: 'mailchimp-key', description: 'a Mailchimp API key', test: matches(/\b[0-9a-f]{32}-us\d{1,2}\b/)},
  {id: 'pypi-token', description: 'a PyPI upload token', test: matches(/\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/)},
  {id: 'atlassian-token', description: 'an Atlassian API token', test: matches(/\bATATT3[A-Za-z0-9_\-=]{50,}/)},
  {id: 'digitalocean-token', description: 'a DigitalOcean token', test: matches(/\bdo[opr]_v1_[a-f0-9]{64}\b/)},
  {
    id: 'doppler-token',
    description: 'a Doppler token',
    test: matches(/\bdp\.(pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/),
  },
  {id: 'postman-key', description: 'a Postman API key', test: matches(/\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/i)},
  {id: 'pulumi-token', description: 'a Pulumi access token', test: matches(/\bpul-[a-f0-9]{40}\b/)},
  {id: 'newrelic-key', description: 'a New Relic API key', test: matches(/\bNR(AK|AA|II|JS)-[A-Z0-9]{27}\b/)},
  {id: 'sentry-token', description: 'a Sentry auth token', test: matches(/\bsntry[su]_[A-Za-z0-9+/=_]{30,}/)},
  {
    id: 'square-token',
    description: 'a Square access token',
    test: matches(/\b(sq0(atp|csp)-[0-9A-Za-z_-]{22,}|EAAA[A-Za-z0-9_-]{60,})/),
  },
  {id: 'telegram-bot-token', description: 'a Telegram bot token', test: matches(/\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b/)},
  {
    id: 'discord-webhook',
    description: 'a Discord webhook URL (the URL is the credential)',
    test: matches(/discord(app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{60,}/),
  },
  {
    id: 'azure-storage-key',
    description: 'an Azure storage account key',
    test: matches(/AccountKey=[A-Za-z0-9+/]{86}==/),
  },
  {
    id: 'azure-sas-token',
    description: 'an Azure shared access signature',
    test: matches(/[?&]sig=[A-Za-z0-9%+/]{40,}/),
  },
  {id: 'heroku-key', description: 'a Heroku API key', test: matches(/\bHRKU-[A-Za-z0-9_-]{60,}/)},
  {id: 'age-secret-key', description: 'an age secret key', test: matches(/\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/)},
  {
    id: 'bearer-token',
    description: 'a bearer token',
    test: matches(/\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/),
  },
]

/** The shapes the text contains (ids and descriptions only). */
export function credentialShapesIn(text: string): CredentialShape[] {
  return CREDENTIAL_SHAPES.filter((shape) => shape.test(text))
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
