// The table-driven corpus of issue 3: ordinary secrets that must pass silently, and every
// kind of sensitive field, metadata leak and validation error that must be flagged — each
// with exactly the findings (rule and location) it must produce, no more, no fewer.
import assert from 'node:assert/strict'

import {checkSecretSync} from '../../src/lint/check-secret.js'
import {SecretValue} from '../../src/secret-value.js'
import type {Tag} from '../../src/stores/store.js'

interface Case {
  title: string
  schema?: string
  /** An object is stored as its JSON text; a string as text; a Buffer as binary. */
  value?: unknown
  name?: string
  description?: string
  tags?: Record<string, string>
  /** "ruleId@location" of every expected warning. */
  warnings?: string[]
  /** "ruleId@location" of every expected error. */
  errors?: string[]
}

// Credential-shaped test strings are assembled at run time so that secret scanners reading
// this file see no token; none of them is real.
const fake = {
  githubClassic: 'ghp' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  githubFineGrained: 'github' + '_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ',
  gitlab: 'glpat' + '-' + 'xY7zA1bC2dE3fG4hI5jK',
  slack: 'xoxb' + '-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  stripeSecret: 'sk' + '_live_' + '51HxYzAbCdEfGhIjKlMnOpQr',
  stripeRestricted: 'rk' + '_live_' + '51HxYzAbCdEfGhIjKlMnOpQr',
  awsKeyId: 'AKIA' + 'IOSFODNN7EXAMPLE',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY',
  jwt:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  pemHeader: '-----BEGIN RSA ' + 'PRIVATE KEY-----',
}

const rds = {
  engine: 'postgres',
  host: 'billing.cluster-c9akciq32.us-east-1.rds.amazonaws.com',
  username: 'billing_app',
  password: 'Xk9#mQ2$vL7pR4wZ',
  dbname: 'billing',
  port: 5432,
}
const ordinaryTags = {env: 'prod', team: 'payments', owner: 'alice@example.com'}
const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/billing/admin-AbCdEf'

const clean: Case[] = [
  {
    title: 'an ordinary RDS PostgreSQL secret',
    schema: 'rds-postgres',
    value: rds,
    name: 'prod/billing/postgres',
    description: 'Primary DB for billing',
    tags: ordinaryTags,
  },
  {
    title: 'RDS MySQL with the port as a string, masterarn and an instance id',
    schema: 'rds-mysql',
    value: {...rds, engine: 'mysql', port: '3306', masterarn: secretArn, dbInstanceIdentifier: 'billing-1'},
  },
  {
    title: 'RDS MariaDB with only the required fields',
    schema: 'rds-mariadb',
    value: {engine: 'mariadb', host: 'db.internal', username: 'app', password: 'n7Qv!e2Lp0sX'},
  },
  {
    title: 'RDS Oracle with its required dbname',
    schema: 'rds-oracle',
    value: {...rds, engine: 'oracle', dbname: 'ORCL', port: 1521},
  },
  {
    title: 'RDS SQL Server with a cluster id',
    schema: 'rds-sqlserver',
    value: {...rds, engine: 'sqlserver', port: 1433, dbClusterIdentifier: 'billing'},
  },
  {
    title: 'RDS Db2 with masterarn',
    schema: 'rds-db2',
    value: {...rds, engine: 'db2', port: 50_000, masterarn: secretArn},
  },
  {
    title: 'Redshift with extra replica fields (AWS allows more keys)',
    schema: 'redshift',
    value: {
      ...rds,
      engine: 'redshift',
      port: 5439,
      replicaHost: 'replica.example.eu-west-1.redshift.amazonaws.com',
      replicaRegion: 'eu-west-1',
    },
  },
  {title: 'DocumentDB with ssl true', schema: 'documentdb', value: {...rds, engine: 'mongo', port: 27_017, ssl: true}},
  {
    title: 'DocumentDB with ssl as the string "false"',
    schema: 'documentdb',
    value: {...rds, engine: 'mongo', ssl: 'false'},
  },
  {
    title: 'an API key with a key id and endpoint',
    schema: 'api-key',
    value: {apiKey: 'k_4f9aQz81Lm3xT7vB2n', keyId: 'key-2024-01', endpoint: 'https://api.example.com/v2'},
    description: 'Stripe key for the checkout service',
  },
  {
    title: 'an OAuth client with a scope',
    schema: 'oauth-client',
    value: {
      clientId: 'checkout-web',
      clientSecret: 'Zt8-qLm2_Vx9pR4kW7yB',
      tokenUrl: 'https://auth.example.com/oauth2/token',
      scope: 'read write',
    },
    tags: {app: 'checkout'},
  },
  {
    title: 'a key-value environment',
    schema: 'key-value',
    value: {DB_HOST: 'billing.internal', DB_USER: 'billing_app', DB_PASSWORD: 'Yq3$wE8!rT5u'},
    description: 'Env for billing-worker',
  },
  {
    title: 'a generic token with a plain name and description',
    value: 'tok_9fK2mQ7xLp3Vz8Rw',
    name: 'ci/deploy-token',
    description: 'Deploy token for CI',
  },
  {
    title: 'tags holding a commit SHA and an image digest',
    value: 'Vb6!pL0@zQ4#',
    tags: {'git-sha': '3f2a9c8e7b6d5a4f3e2d1c0b9a8f7e6d5c4b3a29', image: `sha256:${'ab12'.repeat(16)}`},
  },
  {
    title: 'a description with an ARN',
    value: 'Vb6!pL0@zQ4#',
    description: 'Rotated by arn:aws:lambda:us-east-1:123456789012:function:SecretsManagerRotation',
  },
  {
    title: 'a description and tag with a KMS key UUID',
    value: 'Vb6!pL0@zQ4#',
    description: 'Encrypted with 1234abcd-12ab-34cd-56ef-1234567890ab',
    tags: {kms: '1234abcd-12ab-34cd-56ef-1234567890ab'},
  },
  {
    title: 'a tag with an endpoint host name',
    schema: 'rds-postgres',
    value: rds,
    tags: {endpoint: 'billing.cluster-c9akciq32.us-east-1.rds.amazonaws.com'},
  },
  {
    title: 'a description that mentions the password without giving it',
    value: 'Vb6!pL0@zQ4#',
    description: 'Password for the billing DB; rotated every 30 days',
  },
  {
    title: 'a description saying how the password is managed',
    value: 'Vb6!pL0@zQ4#',
    description: 'The password is rotated by Lambda every 30 days.',
  },
  {
    title: 'a connection URL without a password',
    value: 'Vb6!pL0@zQ4#',
    description: 'Connection: postgres://billing_app@billing-db:5432/billing',
  },
  {
    title: 'a connection URL with a ${VAR} placeholder',
    value: 'Vb6!pL0@zQ4#',
    description: 'Use postgres://app:${DB_PASSWORD}@db.internal/app',
  },
  {
    title: 'disaster-recovery and backup tags',
    value: 'Vb6!pL0@zQ4#',
    tags: {'cost-center': 'cc-1234', 'disaster-recovery': 'tier-1', backup: 'daily'},
  },
  {
    title: 'non-secret key-value fields repeated in tags',
    schema: 'key-value',
    value: {region: 'us-east-1', bucket: 'billing-exports-prod'},
    tags: {region: 'us-east-1', bucket: 'billing-exports-prod'},
  },
  {
    title: 'a trivial password equal to the engine name in a tag',
    schema: 'rds-postgres',
    value: {...rds, password: 'postgres'},
    tags: {engine: 'postgres'},
  },
  {
    title: 'MFA and OTP settings (not seeds)',
    schema: 'key-value',
    value: {mfaEnabled: 'true', otpLength: '6', otpIssuer: 'ACME'},
  },
  {title: 'a path-like name', value: 'Vb6!pL0@zQ4#', name: 'prod/payments/stripe/restricted-key'},
  {
    title: 'a long hyphenated service name',
    value: 'Vb6!pL0@zQ4#',
    description: 'payments-service-production-eu-west-1 worker credentials',
  },
  {
    title: 'a nested generic JSON config',
    value: {smtp: {host: 'smtp.example.com', port: 587, password: 'Mz4&kP9!qW2e'}},
  },
  {
    title: 'an owner e-mail and a runbook URL',
    value: 'Vb6!pL0@zQ4#',
    description: 'Owner: alice@example.com, runbook https://wiki.example.com/runbooks/billing-db',
  },
  {
    title: 'a Kubernetes pod name with its short generated suffix',
    value: 'Vb6!pL0@zQ4#',
    description: 'k8s namespace billing-prod, deployment billing-api-7d9f8c6b5-x2x4z',
  },
  {
    title: 'a description about a temporary password and an MFA device',
    value: 'Vb6!pL0@zQ4#',
    description: 'Temporary password for onboarding; expires in 7 days. MFA device for break-glass is in the safe.',
  },
  {
    title: 'everyday ops tags',
    value: 'Vb6!pL0@zQ4#',
    tags: {
      'created-by': 'arn:aws:iam::123456789012:role/ci-deployer',
      'service-account': 'billing-api@billing-prod-4821.iam.gserviceaccount.com',
      'rotation-schedule': 'rate(30 days)',
      'app.kubernetes.io/name': 'billing-api',
      'data-classification': 'confidential',
    },
  },
  {
    title: 'common words a recovery-hunting tokenizer must not trip on',
    schema: 'key-value',
    value: {
      spinner: 'on',
      passenger: 'x',
      hinterland: 'y',
      pinned: 'z',
      'pin-sha256': 'abc',
      lastPasswordChange: '2024-01-01',
    },
  },
]

const sensitiveFields: Case[] = [
  {
    title: 'a passwordHint outside an RDS schema',
    schema: 'rds-postgres',
    value: {...rds, passwordHint: 'dog'},
    warnings: ['sensitive-field@value.passwordHint'],
  },
  {
    title: 'password_hint in snake case',
    schema: 'key-value',
    value: {user: 'a', password_hint: 'x'},
    warnings: ['sensitive-field@value.password_hint'],
  },
  {
    title: 'pwd-hint in kebab case',
    schema: 'key-value',
    value: {'pwd-hint': 'x'},
    warnings: ['sensitive-field@value.pwd-hint'],
  },
  {
    title: 'secQuestion1 and secAnswer1',
    schema: 'key-value',
    value: {secQuestion1: 'q', secAnswer1: 'a'},
    warnings: ['sensitive-field@value.secQuestion1', 'sensitive-field@value.secAnswer1'],
  },
  {
    title: 'security_question and security_answer',
    schema: 'key-value',
    value: {security_question: 'q', security_answer: 'a'},
    warnings: ['sensitive-field@value.security_question', 'sensitive-field@value.security_answer'],
  },
  {
    title: 'recovery_codes as an array',
    value: {recovery_codes: ['1a2b3-4c5d6', '7e8f9-0a1b2', '3c4d5-6e7f8', '9a0b1-2c3d4']},
    warnings: ['sensitive-field@value.recovery_codes'],
  },
  {
    title: 'backupCodes as a string',
    schema: 'key-value',
    value: {backupCodes: '12345678 23456789 34567890 45678901'},
    warnings: ['sensitive-field@value.backupCodes'],
  },
  {title: 'a PIN', schema: 'key-value', value: {pin: '4821'}, warnings: ['sensitive-field@value.pin']},
  {
    title: 'an ATM PIN in camel case',
    schema: 'key-value',
    value: {atmPIN: '4821'},
    warnings: ['sensitive-field@value.atmPIN'],
  },
  {title: 'mfa_secret', schema: 'key-value', value: {mfa_secret: 'x'}, warnings: ['sensitive-field@value.mfa_secret']},
  {title: 'totpSeed', schema: 'key-value', value: {totpSeed: 'x'}, warnings: ['sensitive-field@value.totpSeed']},
  {
    title: 'an otpauth:// URI under an innocent name',
    schema: 'key-value',
    value: {notes: 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'},
    warnings: ['sensitive-field@value.notes'],
  },
  {
    title: 'a base32 seed under "mfa"',
    schema: 'key-value',
    value: {mfa: 'JBSW Y3DP EHPK 3PXP JBSW Y3DP'},
    warnings: ['sensitive-field@value.mfa'],
  },
  {
    title: 'oldPassword',
    schema: 'key-value',
    value: {password: 'a', oldPassword: 'b'},
    warnings: ['sensitive-field@value.oldPassword'],
  },
  {
    title: 'previous_password',
    schema: 'key-value',
    value: {previous_password: 'b'},
    warnings: ['sensitive-field@value.previous_password'],
  },
  {
    title: "a mother's maiden name",
    schema: 'key-value',
    value: {mothersMaidenName: 'x'},
    warnings: ['sensitive-field@value.mothersMaidenName'],
  },
  {
    title: 'a first pet name',
    schema: 'key-value',
    value: {firstPetName: 'Rex'},
    warnings: ['sensitive-field@value.firstPetName'],
  },
  {
    title: 'a q1/a1 pair recognised by the question',
    schema: 'key-value',
    value: {q1: 'What was the name of your first pet?', a1: 'Rex'},
    warnings: ['sensitive-field@value.q1', 'sensitive-field@value.a1'],
  },
  {
    title: 'recovery codes in an extra field of an API key',
    schema: 'api-key',
    value: {apiKey: 'k_4f9aQz81Lm3xT7vB2n', codes: ['1234-5678', '2345-6789', '3456-7890', '4567-8901']},
    warnings: ['sensitive-field@value.codes'],
  },
  {
    title: 'a recovery e-mail nested in a generic JSON value',
    value: {account: {user: 'alice', recoveryEmail: 'alice.backup@example.com'}},
    warnings: ['sensitive-field@value.account.recoveryEmail'],
  },
  {
    title: 'a PasswordReminder',
    schema: 'key-value',
    value: {PasswordReminder: 'x'},
    warnings: ['sensitive-field@value.PasswordReminder'],
  },
  {title: 'a bare "hint"', schema: 'key-value', value: {hint: 'x'}, warnings: ['sensitive-field@value.hint']},
  {
    title: 'a recovery phrase in an OAuth client',
    schema: 'oauth-client',
    value: {clientId: 'a', clientSecret: 'b', tokenUrl: 'https://auth.example.com/token', recovery_phrase: 'x'},
    warnings: ['sensitive-field@value.recovery_phrase'],
  },
  {
    title: 'a wallet seed phrase',
    schema: 'key-value',
    value: {seed_phrase: 'x'},
    warnings: ['sensitive-field@value.seed_phrase'],
  },
]

const metadata: Case[] = [
  {
    title: "the secret's value in the description",
    value: 'Tr0ub4dor&3-horse',
    description: 'temp creds Tr0ub4dor&3-horse',
    warnings: ['metadata-contains-value@description'],
  },
  {
    title: 'an RDS password in a tag value',
    schema: 'rds-postgres',
    value: rds,
    tags: {note: rds.password},
    warnings: ['metadata-contains-value@tag-value:note'],
  },
  {
    title: 'the value inside the name',
    value: 'Xk9mQ2vL7pR4',
    name: 'svc/Xk9mQ2vL7pR4',
    warnings: ['metadata-contains-value@name'],
  },
  {
    title: 'an AWS access key id in the description',
    value: 'x'.repeat(8),
    description: `key ${fake.awsKeyId}`,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'an AWS secret access key in the description',
    value: 'x'.repeat(8),
    description: `secret ${fake.awsSecretKey}`,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a private-key PEM header in the description',
    value: 'x'.repeat(8),
    description: `${fake.pemHeader} MIIEpAIBAAKCAQEA`,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a JWT in a tag value',
    value: 'x'.repeat(8),
    tags: {session: fake.jwt},
    warnings: ['metadata-credential-shape@tag-value:session'],
  },
  {
    title: 'a classic GitHub token in the description',
    value: 'x'.repeat(8),
    description: `token ${fake.githubClassic}`,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a fine-grained GitHub token in the description',
    value: 'x'.repeat(8),
    description: fake.githubFineGrained,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a GitLab token in a tag',
    value: 'x'.repeat(8),
    tags: {ci: fake.gitlab},
    warnings: ['metadata-credential-shape@tag-value:ci'],
  },
  {
    title: 'a Slack bot token in the description',
    value: 'x'.repeat(8),
    description: `bot ${fake.slack}`,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a Stripe live secret key in the description',
    value: 'x'.repeat(8),
    description: fake.stripeSecret,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a Stripe restricted key in the description',
    value: 'x'.repeat(8),
    description: fake.stripeRestricted,
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a connection URL with an embedded password in a tag',
    value: 'x'.repeat(8),
    tags: {conn: 'postgres://admin:S3cr3t@db.example.com:5432/app'},
    warnings: ['metadata-credential-shape@tag-value:conn'],
  },
  {
    title: 'an ADO.NET connection string with a password',
    value: 'x'.repeat(8),
    description: 'Server=db;User Id=sa;Password=Tr0ub4dor;',
    warnings: ['metadata-credential-shape@description'],
  },
  {
    title: 'a random token in the description',
    value: 'x'.repeat(8),
    description: 'backup token aZ3kP9qL2mX7wB4nQ8rT',
    warnings: ['metadata-high-entropy@description'],
  },
  {
    title: 'a random token as a tag key (named by position)',
    value: 'x'.repeat(8),
    tags: {env: 'prod', x9Kq2LmP7vR3tW8zY4nB: 'y'},
    warnings: ['metadata-high-entropy@tag:#2'],
  },
  {
    title: 'a password hint in the description',
    value: 'x'.repeat(8),
    description: 'Password hint: first dog',
    warnings: ['metadata-password-hint@description'],
  },
  {
    title: '"pw:" in the description',
    value: 'x'.repeat(8),
    description: 'pw: hunter2',
    warnings: ['metadata-password-hint@description'],
  },
  {
    title: '"the password is my dog\'s name"',
    value: 'x'.repeat(8),
    description: "The password is my dog's name",
    warnings: ['metadata-password-hint@description'],
  },
  {
    title: '"same as the old one"',
    value: 'x'.repeat(8),
    description: 'same as the old one',
    warnings: ['metadata-password-hint@description'],
  },
  {
    title: "a mother's maiden name in the description",
    value: 'x'.repeat(8),
    description: "Mother's maiden name is Smith",
    warnings: ['metadata-recovery-info@description'],
  },
  {
    title: 'a password-hint tag',
    value: 'x'.repeat(8),
    tags: {'password-hint': 'dog'},
    warnings: ['metadata-password-hint@tag:password-hint'],
  },
  {
    title: 'a recovery-email tag',
    value: 'x'.repeat(8),
    tags: {'recovery-email': 'alice@example.com'},
    warnings: ['metadata-recovery-info@tag:recovery-email'],
  },
  {
    title: 'a key-value token field repeated in a tag value',
    schema: 'key-value',
    value: {api_token: 'tkn-4f9a-Qz81-Lm3x'},
    tags: {deploy: 'uses tkn-4f9a-Qz81-Lm3x'},
    warnings: ['metadata-contains-value@tag-value:deploy'],
  },
  {
    title: 'a field value in the description in another case',
    schema: 'oauth-client',
    value: {clientId: 'web', clientSecret: 'abcDEF123ghi', tokenUrl: 'https://auth.example.com/token'},
    description: 'secret ABCDEF123GHI',
    warnings: ['metadata-contains-value@description'],
  },
]

const validation: Case[] = [
  {
    title: 'RDS without a host',
    schema: 'rds-postgres',
    value: {...rds, host: undefined},
    errors: ['schema-required@value.host'],
  },
  {
    title: 'invalid JSON',
    schema: 'rds-postgres',
    value: '{"engine": "postgres",\n  "password": hunter2}',
    errors: ['invalid-json@value'],
  },
  {
    title: 'a number in a key-value secret',
    schema: 'key-value',
    value: {host: 'a', port: 5432},
    errors: ['schema-type@value.port'],
  },
  {
    title: 'Oracle without dbname',
    schema: 'rds-oracle',
    value: {...rds, engine: 'oracle', dbname: undefined},
    errors: ['schema-required@value.dbname'],
  },
  {
    title: 'an API endpoint over http',
    schema: 'api-key',
    value: {apiKey: 'k', endpoint: 'http://api.example.com'},
    errors: ['schema-url@value.endpoint'],
  },
  {
    title: 'a token URL with credentials in it',
    schema: 'oauth-client',
    value: {clientId: 'a', clientSecret: 'b', tokenUrl: 'https://u:p@auth.example.com/token'},
    errors: ['schema-url@value.tokenUrl'],
  },
  {
    title: 'a binary value for a JSON schema',
    schema: 'rds-mysql',
    value: Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    errors: ['schema-type@value'],
  },
  {title: 'a JSON array for a JSON schema', schema: 'rds-mysql', value: '[1, 2]', errors: ['schema-type@value']},
  {
    title: 'the wrong engine for the schema',
    schema: 'rds-mysql',
    value: {...rds, engine: 'postgres'},
    errors: ['schema-value@value.engine'],
  },
  {
    title: 'a port out of range',
    schema: 'redshift',
    value: {...rds, engine: 'redshift', port: 70_000},
    errors: ['schema-port@value.port'],
  },
  {
    title: 'a host pasted as a URL',
    schema: 'rds-postgres',
    value: {...rds, host: 'postgres://db.example.com:5432'},
    errors: ['schema-host@value.host'],
  },
]

function toValue(value: unknown): SecretValue | undefined {
  if (value === undefined) return undefined
  if (Buffer.isBuffer(value)) return SecretValue.fromBinary(value)
  if (typeof value === 'string') return SecretValue.fromText(value)
  return SecretValue.fromText(JSON.stringify(value))
}

function toTags(tags: Record<string, string> | undefined): Tag[] | undefined {
  return tags ? Object.entries(tags).map(([key, value]) => ({key, value})) : undefined
}

function run(entry: Case) {
  return checkSecretSync({
    schema: entry.schema,
    value: toValue(entry.value),
    name: entry.name,
    description: entry.description,
    tags: toTags(entry.tags),
  })
}

const ids = (findings: Array<{ruleId: string; location: string}>) =>
  findings.map((finding) => `${finding.ruleId}@${finding.location}`).sort()

describe('sensitive-information corpus', () => {
  it('has at least 60 cases', () => {
    assert.ok(clean.length + sensitiveFields.length + metadata.length + validation.length >= 60)
  })

  describe('clean secrets pass silently', () => {
    for (const entry of clean) {
      it(entry.title, () => {
        const result = run(entry)
        assert.deepEqual(ids(result.errors), [], 'no errors')
        assert.deepEqual(ids(result.warnings), [], 'no warnings')
      })
    }
  })

  for (const [group, cases] of [
    ['sensitive fields in the value are flagged', sensitiveFields],
    ['sensitive metadata is flagged', metadata],
    ['invalid values are refused', validation],
  ] as const) {
    describe(group, () => {
      for (const entry of cases) {
        it(entry.title, () => {
          const result = run(entry)
          assert.deepEqual(ids(result.errors), [...(entry.errors ?? [])].sort(), 'errors')
          assert.deepEqual(ids(result.warnings), [...(entry.warnings ?? [])].sort(), 'warnings')
        })
      }
    })
  }
})
