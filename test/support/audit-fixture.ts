// A fixture account for audits, on either store: one secret per situation an audit must find
// (fresh, stale, never-rotated, rotation-failed, unused, pending-deletion, public-policy,
// leaky-description, untagged, a database secret missing what its rotation needs), each
// otherwise clean, so every expected finding is exactly one rule on one secret. Dates in the
// past are made with the local store's clock, and on the test server with its adjust() hook.
import {randomUUID} from 'node:crypto'

import {SecretValue} from '../../src/secret-value.js'
import {LocalStore} from '../../src/stores/local.js'
import {AWSPENDING, type SecretStore, type Tag} from '../../src/stores/store.js'
import type {FakeSecretsManager} from './fake-secrets-manager.js'

const DAY_MS = 86_400_000
export const FIXTURE_LAMBDA =
  'arn:aws:lambda:eu-west-1:123456789012:function:SecretsManagerRDSPostgreSQLRotationMultiUser'
export const FIXTURE_CANARY = 'CANARY-audit-5e1d-DO-NOT-LEAK'
const OWNER: Tag = {key: 'owner', value: 'team-payments'}

interface FixtureSecret {
  name: string
  /** Days ago. */
  created: number
  accessed?: number
  rotation?: {enabled: boolean; lastRotated?: number; nextRotation?: number}
  tags?: Tag[]
  description?: string
  value?: string
  deleted?: boolean
  policy?: string
  /** A rotation that started and did not finish: a version left labelled AWSPENDING. */
  pending?: boolean
  /** Only where the store has the feature (resource policies: aws). */
  awsOnly?: boolean
}

const PUBLIC_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*'}],
})

/** Every fixture secret; expected findings are in AUDIT_FIXTURE_EXPECTED. */
export const AUDIT_FIXTURE: readonly FixtureSecret[] = [
  {name: 'fixture/fresh', created: 60, accessed: 0, rotation: {enabled: true, lastRotated: 2}},
  {name: 'fixture/stale', created: 200, accessed: 0, rotation: {enabled: false, lastRotated: 120}},
  {
    name: 'fixture/rotation-failed',
    created: 100,
    accessed: 0,
    rotation: {enabled: true, lastRotated: 45, nextRotation: 15},
  },
  {name: 'fixture/never-rotated', created: 200, accessed: 0},
  {name: 'fixture/unused', created: 160, accessed: 150, rotation: {enabled: true, lastRotated: 5}},
  {
    name: 'fixture/pending-deletion',
    created: 60,
    accessed: 0,
    rotation: {enabled: true, lastRotated: 2},
    deleted: true,
  },
  {
    name: 'fixture/public-policy',
    created: 60,
    accessed: 0,
    rotation: {enabled: true, lastRotated: 2},
    policy: PUBLIC_POLICY,
    awsOnly: true,
  },
  {
    name: 'fixture/leaky-description',
    created: 60,
    accessed: 0,
    rotation: {enabled: true, lastRotated: 2},
    description: `Billing API token; the password is ${FIXTURE_CANARY}`,
  },
  {
    name: 'fixture/rotation-pending',
    created: 60,
    accessed: 0,
    rotation: {enabled: true, lastRotated: 2},
    pending: true,
  },
  {name: 'fixture/untagged', created: 60, accessed: 0, rotation: {enabled: true, lastRotated: 2}, tags: []},
  {
    name: 'fixture/db-missing-masterarn',
    created: 60,
    accessed: 0,
    rotation: {enabled: true, lastRotated: 2},
    tags: [OWNER, {key: 'secretsmith:schema', value: 'rds-postgres'}],
    value: JSON.stringify({
      engine: 'postgres',
      host: 'db.example.internal',
      username: 'app',
      password: FIXTURE_CANARY,
      port: 5432,
    }),
  },
]

/** secret → rule ids, with the default knobs (30-day rotation, 90 days unused), without --check-values. */
export const AUDIT_FIXTURE_EXPECTED: Record<string, string[]> = {
  'fixture/fresh': [],
  'fixture/stale': ['rotation-enabled', 'rotated-within'],
  'fixture/rotation-failed': ['rotation-succeeded', 'rotated-within'],
  'fixture/never-rotated': ['rotation-enabled', 'never-rotated'],
  'fixture/unused': ['unused'],
  'fixture/pending-deletion': ['scheduled-for-deletion'],
  'fixture/public-policy': ['policy-public'],
  'fixture/leaky-description': ['sensitive-metadata'],
  'fixture/rotation-pending': ['rotation-incomplete'],
  'fixture/untagged': ['tagged'],
  'fixture/db-missing-masterarn': [],
}

/** The fixture secrets that exist on a store of this kind. */
export function fixtureSecretsFor(kind: 'aws' | 'local'): FixtureSecret[] {
  return AUDIT_FIXTURE.filter((secret) => kind === 'aws' || !secret.awsOnly)
}

/** Populates the test server through an aws store, then back-dates with server.adjust(). */
export async function populateAwsFixture(
  store: SecretStore,
  server: FakeSecretsManager,
  now = Date.now(),
): Promise<void> {
  for (const secret of fixtureSecretsFor('aws')) {
    await store.create({
      name: secret.name,
      value: SecretValue.fromText(secret.value ?? `${FIXTURE_CANARY}-${secret.name}`),
      clientRequestToken: randomUUID(),
      ...(secret.description ? {description: secret.description} : {}),
      tags: secret.tags ?? [OWNER],
    })
    const ago = (days: number | undefined) => (days === undefined ? undefined : now - days * DAY_MS)
    server.adjust(secret.name, {
      created: ago(secret.created),
      lastChanged: ago(secret.created),
      lastAccessed: secret.accessed === undefined ? null : Math.floor(ago(secret.accessed)! / DAY_MS) * DAY_MS,
      lastRotated: ago(secret.rotation?.lastRotated) ?? null,
      nextRotation: secret.rotation?.enabled
        ? secret.rotation.nextRotation === undefined
          ? ago((secret.rotation.lastRotated ?? 0) - 30)
          : ago(secret.rotation.nextRotation)
        : null,
      ...(secret.rotation
        ? {rotation: {enabled: secret.rotation.enabled, lambdaArn: FIXTURE_LAMBDA, rules: {AutomaticallyAfterDays: 30}}}
        : {}),
      ...(secret.policy ? {policy: secret.policy} : {}),
    })
    if (secret.pending) await leavePending(store, secret.name)
    if (secret.deleted) await store.delete(secret.name, {recoveryWindowDays: 7})
  }
}

async function leavePending(store: SecretStore, name: string): Promise<void> {
  await store.putValue({
    name,
    value: SecretValue.fromText(`${FIXTURE_CANARY}-pending`),
    clientRequestToken: randomUUID(),
    stages: [AWSPENDING],
  })
}

/** Populates a local store directory, using the store's clock to place each event in the past. */
export async function populateLocalFixture(home: string, now = Date.now()): Promise<void> {
  const at = (daysAgo: number) => new LocalStore(home, {keychain: 'off', clock: () => new Date(now - daysAgo * DAY_MS)})
  for (const secret of fixtureSecretsFor('local')) {
    await at(secret.created).create({
      name: secret.name,
      value: SecretValue.fromText(secret.value ?? `${FIXTURE_CANARY}-${secret.name}`),
      clientRequestToken: randomUUID(),
      ...(secret.description ? {description: secret.description} : {}),
      tags: secret.tags ?? [OWNER],
    })
    if (secret.accessed !== undefined) await at(secret.accessed).getValue(secret.name)
    const rotation = secret.rotation
    if (rotation?.lastRotated !== undefined) {
      const store = at(rotation.lastRotated)
      const pending = randomUUID()
      await store.putValue({
        name: secret.name,
        value: SecretValue.fromText(secret.value ?? `${FIXTURE_CANARY}-rotated`),
        clientRequestToken: pending,
        stages: [AWSPENDING],
      })
      await store.rotate(secret.name, {
        clientRequestToken: pending,
        rotationLambdaArn: FIXTURE_LAMBDA,
        rotationRules: {automaticallyAfterDays: 30},
      })
    }

    if (rotation && !rotation.enabled) await at(0).cancelRotation(secret.name)
    if (secret.pending) await leavePending(at(1), secret.name)
    if (secret.deleted) await at(0).delete(secret.name, {recoveryWindowDays: 7})
  }
}
