// Things that look random but are not secret: the identifiers metadata is made of (ARNs,
// UUIDs, VPC/subnet/security-group ids, X-Ray trace ids, commit SHAs and digests, Stripe
// publishable keys and object ids, OAuth client ids, SSH public keys and fingerprints), base64
// of plain text, and the placeholders people write where a value will go (${DB_PASSWORD}).
// Flagging these is what makes users turn a scanner off.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HOST = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i
const DIGEST = /^(sha1|sha256|sha384|sha512|md5):[0-9a-f]+$/i
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/
// EC2/VPC resource ids: vpc-0a1b2c3d, subnet-0123456789abcdef0, sg-…, eni-…, ami-…
const AWS_RESOURCE_ID =
  /^(vpc|subnet|sg|sgr|igw|eigw|nat|rtb|eni|acl|vpce|tgw|tgw-attach|i|ami|vol|snap|eipalloc|eipassoc|lt|pcx|dopt|cgw|vgw|vpn|fs|fsap|fsmt|pl|prefix|elb|r|cr|db|cluster|snapshot)-[0-9a-f]{8}([0-9a-f]{9})?$/i
const XRAY_TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/i
// Stripe's publishable keys and object ids are meant to be seen; secret (sk_) and restricted (rk_) keys are not.
const STRIPE_PUBLIC =
  /^(pk_(live|test)|acct|cus|price|prod|sub|pi|ch|evt|in|pm|seti|txn|po|tr|re|src|cs_(live|test))_[A-Za-z0-9]+$/
const GITHUB_APP_CLIENT_ID = /^(Iv1\.[0-9a-f]{16}|Iv23[A-Za-z0-9]{16}|Ov23[A-Za-z0-9]{16})$/
const SSH_FINGERPRINT =
  /^(SHA256:[A-Za-z0-9+/]{43}=?|MD5:([0-9a-f]{2}:){15}[0-9a-f]{2}|([0-9a-f]{2}:){15}[0-9a-f]{2})$/i
const AWS_ACCOUNT_OR_NUMBER = /^\d+$/

/** Whole tokens that are structured or public identifiers, never "random" however they look. */
export function isStructuredIdentifier(token: string): boolean {
  return (
    token.startsWith('arn:') ||
    token.includes('://') ||
    UUID.test(token) ||
    HOST.test(token) ||
    EMAIL.test(token) ||
    DIGEST.test(token) ||
    ISO_DATE.test(token) ||
    AWS_RESOURCE_ID.test(token) ||
    XRAY_TRACE_ID.test(token) ||
    STRIPE_PUBLIC.test(token) ||
    GITHUB_APP_CLIENT_ID.test(token) ||
    SSH_FINGERPRINT.test(token) ||
    AWS_ACCOUNT_OR_NUMBER.test(token) ||
    isBase64OfText(token)
  )
}

/** "SGVsbG8gd29ybGQ=" is "Hello world": base64 of readable text is an encoding, not a key. */
export function isBase64OfText(token: string): boolean {
  if (token.length < 16 || token.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return false
  const decoded = Buffer.from(token, 'base64').toString('latin1')
  if (decoded.length < 12) return false
  const readable = decoded.replaceAll(/[^A-Za-z ,.:'!?-]/g, '').length / decoded.length
  return readable >= 0.9 && /[a-z]{3,}[ ,.][a-z]{2,}/i.test(decoded)
}

/** Placeholders: a template variable, a redaction, or words that stand in for a value. */
const PLACEHOLDER =
  /^(\*+|x{3,}|\.{3,}|-+|<[^>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(\s*[^)]*\)|\{\{[^}]*\}\}|\{[A-Za-z_][A-Za-z0-9_.]*\}|%[A-Za-z_][A-Za-z0-9_]*%|%[sd]|\[[^\]]*\]|redacted|changeme|change_me|replace_?me|your[-_ ]?\w+[-_ ]?here|placeholder|example|todo|tbd|secret|password|pass|pwd)$/i

// A value that opens like a template or a command substitution is one, however it ends.
const PLACEHOLDER_OPENING = /^(\$\{|\$\(|\{\{|<|%[A-Za-z_]|\[(redacted|hidden|masked|removed)|\*{3,}|x{4,})/i

export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim()
  return PLACEHOLDER.test(trimmed) || PLACEHOLDER_OPENING.test(trimmed)
}

// Spans of text that carry public identifiers under a label: an OAuth client id, a tenant or
// account id, a commit, a trace id, an SSH public key. Removed before looking for random tokens.
const LABELLED_PUBLIC_ID =
  /\b(?:client|app|application|tenant|account|project|org|organi[sz]ation|workspace|team|user|customer|trace|request|correlation|build|run|job|deployment|instance|object|resource|device|installation|site|subscription|key)[\s_-]?id\s*[:=]?\s*\S+/gi
const PUBLIC_KEY_LABEL = /\b(?:publishable|public|site)[\s_-]?key\s*[:=]?\s*\S+/gi
const COMMIT_LABEL = /\b(?:commit|sha|revision|rev|git[\s_-]?sha)\s*[:=#]?\s*[0-9a-f]{7,64}\b/gi
const SSH_PUBLIC_KEY =
  /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d{3}|sk-ssh-ed25519@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3}(?:\s+\S+@\S+)?/g

/** The text with labelled public identifiers and SSH public keys blanked out. */
export function withoutPublicIdentifiers(text: string): string {
  return text
    .replaceAll(SSH_PUBLIC_KEY, ' ')
    .replaceAll(LABELLED_PUBLIC_ID, ' ')
    .replaceAll(PUBLIC_KEY_LABEL, ' ')
    .replaceAll(COMMIT_LABEL, ' ')
}
