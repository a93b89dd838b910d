// The audit workflow on both stores (src/audit/): the fixture account's findings rule by rule,
// the exact calls it makes at the test server (no value read without --check-values, only
// the calls each rule needs), the renderers against golden files, and SARIF 2.1.0 output
// validated against the SARIF JSON schema.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {readFile, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type {AuditSettings} from '../../src/audit/finding.js'
import {auditJson} from '../../src/audit/render-json.js'
import {auditSarif} from '../../src/audit/render-sarif.js'
import {formatAuditSummary, renderAuditTable} from '../../src/audit/render-table.js'
import {type AuditReport, auditSecrets, hasFindingsAtOrAbove} from '../../src/audit/scan.js'
import {crossAccountPolicyRule, publicPolicyRule} from '../../src/audit/rules/policy.js'
import {SecretValue} from '../../src/secret-value.js'
import {LocalStore} from '../../src/stores/local.js'
import type {SecretListEntry, SecretStore} from '../../src/stores/store.js'
import {
  AUDIT_FIXTURE_EXPECTED,
  FIXTURE_CANARY,
  fixtureSecretsFor,
  populateAwsFixture,
  populateLocalFixture,
} from '../support/audit-fixture.js'
import {type FakeAwsStore, openFakeAwsStore} from '../support/fake-aws-store.js'
import {REPO_ROOT, makeTempDir} from '../support/run-cli.js'

const GOLDEN_DIR = join(REPO_ROOT, 'test', 'fixtures', 'audit')
const UPDATE = process.env.UPDATE_GOLDEN === '1'

function settings(overrides: Partial<AuditSettings> = {}): AuditSettings {
  return {
    now: new Date(),
    maxRotationDays: 30,
    unusedDays: 90,
    requireCmk: false,
    requireTags: [],
    checkValues: false,
    ...overrides,
  }
}

function ruleIdsBySecret(report: AuditReport): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  for (const finding of report.findings) {
    const ids = (found[finding.secret.name] ??= [])
    if (!ids.includes(finding.ruleId)) ids.push(finding.ruleId)
  }
  return found
}

function expectedFor(kind: 'aws' | 'local', extra: Record<string, string[]> = {}): Record<string, string[]> {
  const expected: Record<string, string[]> = {}
  for (const secret of fixtureSecretsFor(kind)) {
    const ids = [...AUDIT_FIXTURE_EXPECTED[secret.name], ...(extra[secret.name] ?? [])]
    if (ids.length > 0) expected[secret.name] = ids.sort()
  }

  return expected
}

function sorted(found: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(found).map(([name, ids]) => [name, [...ids].sort()]))
}

async function assertGolden(file: string, actual: string): Promise<void> {
  const path = join(GOLDEN_DIR, file)
  if (UPDATE) await writeFile(path, actual)
  assert.equal(
    actual,
    await readFile(path, 'utf8'),
    `${file} differs from the golden file (UPDATE_GOLDEN=1 regenerates it)`,
  )
}

describe('audit', function () {
  describe('on the test server (aws store)', function () {
    let aws: FakeAwsStore

    before(async function () {
      aws = await openFakeAwsStore({server: {region: 'eu-west-1', accountId: '123456789012'}})
      await populateAwsFixture(aws.store, aws.server)
    })

    after(async function () {
      await aws.close()
    })

    // The server's call log since the start of the current test.
    let mark = 0
    const callsTo = (operation: string) => aws.server.calls.slice(mark).filter((call) => call.operation === operation)
    beforeEach(function () {
      mark = aws.server.calls.length
    })

    it('finds each fixture secret’s problem, one rule each, and nothing on the fresh secret', async function () {
      const report = await auditSecrets({store: aws.store}, {settings: settings()})
      assert.equal(report.secrets, fixtureSecretsFor('aws').length)
      assert.deepEqual(sorted(ruleIdsBySecret(report)), expectedFor('aws'))
      assert.ok(
        report.findings.every(
          (finding, index, all) =>
            index === 0 || severityOrder(all[index - 1].severity) >= severityOrder(finding.severity),
        ),
        'most severe first',
      )
    })

    it('makes one ListSecrets call per 100 secrets and one GetResourcePolicy per live secret, and reads no value', async function () {
      await auditSecrets({store: aws.store}, {settings: settings()})
      const live = fixtureSecretsFor('aws').filter((secret) => !secret.deleted).length
      assert.equal(callsTo('ListSecrets').length, 1)
      assert.equal(callsTo('GetResourcePolicy').length, live)
      assert.equal(callsTo('DescribeSecret').length, 0, 'no secret is replicated, so none is described')
      assert.equal(callsTo('GetSecretValue').length + callsTo('BatchGetSecretValue').length, 0)
      assert.equal(aws.server.calls.length - mark, 1 + live)
    })

    it('with --check-values reads values 20 at a time and finds the database secret its rotation cannot use', async function () {
      const report = await auditSecrets({store: aws.store}, {settings: settings({checkValues: true})})
      assert.deepEqual(
        sorted(ruleIdsBySecret(report)),
        expectedFor('aws', {'fixture/db-missing-masterarn': ['rotation-fields']}),
      )
      assert.equal(callsTo('BatchGetSecretValue').length, 1)
      assert.equal(callsTo('GetSecretValue').length, 0)
      const finding = report.findings.find((candidate) => candidate.ruleId === 'rotation-fields')!
      assert.equal(finding.severity, 'high', 'rotation is on, so the next rotation will fail')
      assert.match(finding.message, /PostgreSQL alternating-users rotation function needs: missing masterarn/)
      assert.ok(!JSON.stringify(report.findings).includes(FIXTURE_CANARY), 'no value or leaked text in any finding')
    })

    it('knobs: --max-rotation-days, --unused-days, --require-tag and --require-cmk change what is found', async function () {
      const loose = await auditSecrets(
        {store: aws.store},
        {settings: settings({maxRotationDays: 365, unusedDays: 365})},
      )
      const found = ruleIdsBySecret(loose)
      assert.equal(found['fixture/stale']?.includes('rotated-within'), false)
      assert.equal(found['fixture/unused'], undefined)
      const strict = await auditSecrets(
        {store: aws.store},
        {settings: settings({requireTags: ['owner', 'cost-center'], requireCmk: true}), prefix: 'fixture/fresh'},
      )
      assert.equal(strict.secrets, 1)
      assert.deepEqual(strict.findings.map((finding) => [finding.ruleId, finding.severity]).sort(), [
        ['customer-managed-key', 'medium'],
        ['tagged', 'medium'],
      ])
      assert.match(
        strict.findings.find((finding) => finding.ruleId === 'tagged')!.message,
        /Missing required tag cost-center/,
      )
    })

    it('describes only replicated secrets, and reports a failed replica', async function () {
      const name = `replicated-${randomUUID().slice(0, 8)}`
      await aws.store.create({
        name,
        value: SecretValue.fromText(FIXTURE_CANARY),
        clientRequestToken: randomUUID(),
        replicaRegions: ['us-west-2'],
        tags: [{key: 'owner', value: 'x'}],
      })
      aws.server.adjust(name, {replicaStatus: {region: 'us-west-2', status: 'Failed'}})
      mark = aws.server.calls.length
      const report = await auditSecrets({store: aws.store}, {settings: settings(), prefix: name})
      assert.equal(callsTo('DescribeSecret').length, 1)
      const replica = report.findings.find((finding) => finding.ruleId === 'replica-health')
      assert.equal(replica?.severity, 'high')
      assert.match(replica!.message, /us-west-2 failed to replicate/)
      await aws.store.removeReplicas(name, ['us-west-2'])
      await aws.store.delete(name, {force: true})
    })
  })

  describe('on the local store', function () {
    let home: {path: string; remove(): Promise<void>}
    let store: LocalStore

    before(async function () {
      home = await makeTempDir()
      await populateLocalFixture(join(home.path, 'store'))
      store = new LocalStore(join(home.path, 'store'), {keychain: 'off'})
    })

    after(async function () {
      await home.remove()
    })

    it('finds the same problems as on AWS (resource policies aside, which the local store has none of)', async function () {
      const report = await auditSecrets({store}, {settings: settings()})
      assert.deepEqual(sorted(ruleIdsBySecret(report)), expectedFor('local'))
    })

    it('with --check-values finds the database secret its rotation cannot use', async function () {
      const report = await auditSecrets({store}, {settings: settings({checkValues: true})})
      assert.deepEqual(
        sorted(ruleIdsBySecret(report)),
        expectedFor('local', {'fixture/db-missing-masterarn': ['rotation-fields']}),
      )
    })
  })

  describe('resource policy rules', function () {
    const entry = {
      name: 'x',
      arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf',
      tags: [],
      rotationEnabled: false,
    } as SecretListEntry
    const judge = (statement: object) => ({
      public: publicPolicyRule.check(
        {entry, policy: JSON.stringify({Version: '2012-10-17', Statement: [statement]})},
        settings({}),
      ).length,
      cross: crossAccountPolicyRule.check(
        {entry, policy: JSON.stringify({Version: '2012-10-17', Statement: statement})},
        settings({account: '111122223333'}),
      ).length,
    })

    it('flags "*" without a bounding condition, and principals in other accounts', function () {
      assert.deepEqual(judge({Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue'}), {
        public: 1,
        cross: 0,
      })
      assert.deepEqual(
        judge({
          Effect: 'Allow',
          Principal: {AWS: '*'},
          Action: '*',
          Condition: {StringEquals: {'aws:PrincipalAccount': '111122223333'}},
        }),
        {public: 0, cross: 0},
      )
      assert.deepEqual(
        judge({
          Effect: 'Allow',
          Principal: {AWS: ['arn:aws:iam::444455556666:role/reader', '111122223333']},
          Action: '*',
        }),
        {public: 0, cross: 1},
      )
      assert.deepEqual(judge({Effect: 'Deny', Principal: '*', Action: '*'}), {public: 0, cross: 0})
      assert.deepEqual(judge({Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}, Action: '*'}), {
        public: 0,
        cross: 0,
      })
    })
  })

  describe('renderers', function () {
    let report: AuditReport

    before(async function () {
      report = await auditSecrets({store: goldenStore()}, {settings: settings({now: GOLDEN_NOW})})
      report.durationMs = 1234
    })

    it('renders a table grouped by severity, most severe first (golden)', async function () {
      await assertGolden(
        'audit-table.txt',
        `${await renderAuditTable(report)}\n${formatAuditSummary(report, {calls: 9})}\n`,
      )
    })

    it('renders JSON with the summary, findings and the rules with their AWS ids (golden)', async function () {
      const json = auditJson(report, {kind: 'aws', label: 'aws eu-west-1', region: 'eu-west-1'}, 9)
      await assertGolden('audit.json', `${JSON.stringify(json, null, 2)}\n`)
    })

    it('renders SARIF 2.1.0 that validates against the SARIF JSON schema (golden)', async function () {
      const sarif = auditSarif(report, {version: '0.0.0-test'})
      await assertGolden('audit.sarif.json', `${JSON.stringify(sarif, null, 2)}\n`)
      const require = createRequire(import.meta.url)
      const {default: AjvDraft04} = require('ajv-draft-04') as typeof import('ajv-draft-04')
      const {default: addFormats} = require('ajv-formats') as typeof import('ajv-formats')
      const schema = JSON.parse(
        await readFile(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
      )
      // The schema's language-tag pattern is not valid with the u flag: compile its patterns without it.
      const ajv = new AjvDraft04({allErrors: true, strict: false, unicodeRegExp: false})
      addFormats(ajv)
      const validate = ajv.compile(schema)
      assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2))
      assert.ok(!validate({...sarif, version: '2.0.0'}), 'the schema check does reject a wrong version')
    })

    it('says which findings reach a --fail-on threshold', function () {
      assert.equal(hasFindingsAtOrAbove(report, 'high'), true)
      const low = {...report, findings: report.findings.filter((finding) => finding.severity === 'low')}
      assert.equal(hasFindingsAtOrAbove(low, 'medium'), false)
      assert.equal(hasFindingsAtOrAbove(low, 'low'), true)
    })
  })
})

function severityOrder(severity: string): number {
  return ['low', 'medium', 'high'].indexOf(severity)
}

const GOLDEN_NOW = new Date('2026-06-01T12:00:00Z')

/** A listing with fixed names, ARNs and dates, so rendered output is the same on every run. */
function goldenStore(): SecretStore {
  const day = (daysAgo: number) => new Date(GOLDEN_NOW.getTime() - daysAgo * 86_400_000)
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`
  const base = (name: string): SecretListEntry => ({
    name,
    arn: arn(name),
    tags: [{key: 'owner', value: 'team-payments'}],
    createdDate: day(60),
    lastAccessedDate: day(0),
    rotationEnabled: true,
    rotationRules: {automaticallyAfterDays: 30},
    lastRotatedDate: day(2),
    nextRotationDate: day(-28),
  })
  const entries: SecretListEntry[] = [
    {...base('prod/app/fresh')},
    {
      ...base('prod/app/stale'),
      rotationEnabled: false,
      rotationRules: undefined,
      nextRotationDate: undefined,
      lastRotatedDate: day(120),
      createdDate: day(200),
    },
    {
      ...base('prod/app/never-rotated'),
      rotationEnabled: false,
      rotationRules: undefined,
      nextRotationDate: undefined,
      lastRotatedDate: undefined,
      createdDate: day(200),
    },
    {...base('prod/app/unused'), lastAccessedDate: day(150), createdDate: day(160)},
    {...base('prod/app/failed'), lastRotatedDate: day(45), nextRotationDate: day(15)},
    {...base('prod/app/untagged'), tags: []},
    {...base('prod/app/old'), deletedDate: day(-5)},
  ]
  return {
    kind: 'local',
    async *list() {
      yield* entries
    },
  } as unknown as SecretStore
}
