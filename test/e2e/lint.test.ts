// `secretsmith lint` end to end: the built CLI reading a value from stdin or a file, with
// findings on stderr, --json findings on stdout, exit 0 / 5 under --strict, and the value
// (a canary) never printed anywhere.
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {CANARY, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

const rds = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({engine: 'postgres', host: 'db.example.internal', username: 'billing_app', password: CANARY, dbname: 'billing', port: 5432, ...extra})

describe('lint (e2e)', function () {
  this.timeout(30_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>

  before(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
  })

  after(async () => {
    await home.remove()
  })

  function assertNoCanary(result: {stdout: string; stderr: string}): void {
    assert.ok(!result.stdout.includes(CANARY), `canary on stdout: ${result.stdout}`)
    assert.ok(!result.stderr.includes(CANARY), `canary on stderr: ${result.stderr}`)
  }

  it('passes an ordinary RDS secret with ordinary metadata silently (exit 0)', async () => {
    const result = await runCli(
      ['lint', '--schema', 'rds-postgres', '--from-stdin', '--name', 'prod/billing/postgres', '--description', 'Primary DB for billing', '--tag', 'env=prod', '--tag', 'owner=alice@example.com'],
      {stdin: rds(), env},
    )
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, /No findings/)
  })

  it('prints one warning per finding and still exits 0 without --strict', async () => {
    const result = await runCli(['lint', '--schema', 'rds-postgres', '--from-stdin', '--description', `copy of ${CANARY}`, '--tag', 'hint=dog'], {
      stdin: rds({passwordHint: 'first dog', recovery_codes: ['1a2b3-4c5d6', '7e8f9-0a1b2', '3c4d5-6e7f8', '9a0b1-2c3d4']}),
      env,
    })
    assert.equal(result.code, 0, result.stderr)
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('Warning'))
    assert.deepEqual(
      warnings.map((line) => /\[([a-z-]+)\] (\S+):/.exec(line)?.slice(1).join('@')).sort(),
      ['metadata-contains-value@description', 'metadata-password-hint@tag:hint', 'sensitive-field@value.passwordHint', 'sensitive-field@value.recovery_codes'],
    )
    assertNoCanary(result)
  })

  it('fails with exit 5 under --strict and under SECRETSMITH_STRICT=1', async () => {
    const strict = await runCli(['lint', '--from-stdin', '--strict', '--description', `pw: ${CANARY}`], {stdin: CANARY, env})
    assert.equal(strict.code, 5, strict.stderr)
    assert.match(strict.stderr, /^Error: .*--strict/m)
    assertNoCanary(strict)

    const fromEnv = await runCli(['lint', '--from-stdin', '--description', `pw: ${CANARY}`], {stdin: CANARY, env: {...env, SECRETSMITH_STRICT: '1'}})
    assert.equal(fromEnv.code, 5, fromEnv.stderr)
    assertNoCanary(fromEnv)
  })

  it('refuses an invalid value with exit 5, naming line and column only', async () => {
    const result = await runCli(['lint', '--schema', 'rds-postgres', '--from-stdin'], {stdin: `{\n  "engine": "postgres",\n  "password": ${CANARY}\n}`, env})
    assert.equal(result.code, 5)
    assert.match(result.stderr, /invalid-json.*line 3, column 15/)
    assertNoCanary(result)
  })

  it('gives --json findings on stdout, exit 5 with --strict, and reads --from-file; an invalid --name is an error', async () => {
    const file = join(home.path, 'secret.json')
    await writeFile(file, rds({secQuestion1: CANARY}), {mode: 0o600})
    const result = await runCli(['lint', '--schema', 'rds-postgres', '--from-file', file, '--json', '--strict', '--name', 'no spaces allowed', '--tag', `note=${CANARY}`], {env})
    assert.equal(result.code, 5, result.stderr)
    const report = JSON.parse(result.stdout)
    assert.equal(report.schema, 'rds-postgres')
    assert.equal(report.passed, false)
    assert.deepEqual(report.errors.map((finding: {ruleId: string; location: string}) => `${finding.ruleId}@${finding.location}`), ['invalid-name@name'])
    assert.deepEqual(report.warnings.map((finding: {ruleId: string; location: string}) => `${finding.ruleId}@${finding.location}`).sort(), [
      'metadata-contains-value@tag-value:note',
      'sensitive-field@value.secQuestion1',
    ])
    for (const finding of report.warnings) assert.deepEqual(Object.keys(finding).sort(), ['location', 'message', 'ruleId', 'severity'])
    assertNoCanary(result)
  })

  it('is a usage error (exit 2) without a value source or with an unknown schema', async () => {
    const noSource = await runCli(['lint', '--description', 'x'], {env})
    assert.equal(noSource.code, 2)
    assert.match(noSource.stderr, /--from-stdin/)
    const unknown = await runCli(['lint', '--schema', 'nope', '--from-stdin'], {stdin: '{}', env})
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /valid schemas: generic, key-value/)
  })
})
