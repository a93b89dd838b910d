// `secretsmith lint` end to end: the built CLI reading a value from stdin or a file, with
// findings on stderr, --json findings on stdout, exit 0 / 5 under --strict, and the value
// (a canary) never printed anywhere.
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {CANARY, runCli} from '../support/run-cli.js'

const rds = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    engine: 'postgres',
    host: 'db.example.internal',
    username: 'billing_app',
    password: CANARY,
    dbname: 'billing',
    port: 5432,
    ...extra,
  })

describe('lint (e2e)', function () {
  this.timeout(30_000)
  let store: CliStore
  let env: Record<string, string | undefined>

  before(async () => {
    store = await startCliStore('local')
    env = store.env
  })

  after(async () => store.stop())

  function assertNoCanary(result: {stdout: string; stderr: string}): void {
    assert.ok(!result.stdout.includes(CANARY), `canary on stdout: ${result.stdout}`)
    assert.ok(!result.stderr.includes(CANARY), `canary on stderr: ${result.stderr}`)
  }

  it('passes an ordinary RDS secret with ordinary metadata silently (exit 0)', async () => {
    const result = await runCli(
      [
        'lint',
        '--schema',
        'rds-postgres',
        '--from-stdin',
        '--name',
        'prod/billing/postgres',
        '--description',
        'Primary DB for billing',
        '--tag',
        'env=prod',
        '--tag',
        'owner=alice@example.com',
      ],
      {stdin: rds(), env},
    )
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, /No findings/)
  })

  it('prints one warning per finding and still exits 0 without --strict', async () => {
    const result = await runCli(
      ['lint', '--schema', 'rds-postgres', '--from-stdin', '--description', `copy of ${CANARY}`, '--tag', 'hint=dog'],
      {
        stdin: rds({
          passwordHint: 'first dog',
          recovery_codes: ['1a2b3-4c5d6', '7e8f9-0a1b2', '3c4d5-6e7f8', '9a0b1-2c3d4'],
        }),
        env,
      },
    )
    assert.equal(result.code, 0, result.stderr)
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('Warning'))
    assert.deepEqual(warnings.map((line) => /\[([a-z-]+)\] (\S+):/.exec(line)?.slice(1).join('@')).sort(), [
      'metadata-contains-value@description',
      'metadata-password-hint@tag:hint',
      'sensitive-field@value.passwordHint',
      'sensitive-field@value.recovery_codes',
    ])
    assertNoCanary(result)
  })

  it('fails with exit 5 under --strict and under SECRETSMITH_STRICT=1', async () => {
    const strict = await runCli(['lint', '--from-stdin', '--strict', '--description', `pw: ${CANARY}`], {
      stdin: CANARY,
      env,
    })
    assert.equal(strict.code, 5, strict.stderr)
    assert.match(strict.stderr, /^Error: .*--strict/m)
    assertNoCanary(strict)

    const fromEnv = await runCli(['lint', '--from-stdin', '--description', `pw: ${CANARY}`], {
      stdin: CANARY,
      env: {...env, SECRETSMITH_STRICT: '1'},
    })
    assert.equal(fromEnv.code, 5, fromEnv.stderr)
    assertNoCanary(fromEnv)
  })

  it('refuses an invalid value with exit 5, naming line and column only', async () => {
    const result = await runCli(['lint', '--schema', 'rds-postgres', '--from-stdin'], {
      stdin: `{\n  "engine": "postgres",\n  "password": ${CANARY}\n}`,
      env,
    })
    assert.equal(result.code, 5)
    assert.match(result.stderr, /invalid-json.*line 3, column 15/)
    assertNoCanary(result)
  })

  it('gives --json findings on stdout, exit 5 with --strict, and reads --from-file; an invalid --name is an error', async () => {
    const file = join(store.home, 'secret.json')
    await writeFile(file, rds({secQuestion1: CANARY}), {mode: 0o600})
    const result = await runCli(
      [
        'lint',
        '--schema',
        'rds-postgres',
        '--from-file',
        file,
        '--json',
        '--strict',
        '--name',
        'no spaces allowed',
        '--tag',
        `note=${CANARY}`,
      ],
      {env},
    )
    assert.equal(result.code, 5, result.stderr)
    const report = JSON.parse(result.stdout)
    assert.equal(report.schema, 'rds-postgres')
    assert.equal(report.passed, false)
    assert.deepEqual(
      report.errors.map((finding: {ruleId: string; location: string}) => `${finding.ruleId}@${finding.location}`),
      ['invalid-name@name'],
    )
    assert.deepEqual(
      report.warnings
        .map((finding: {ruleId: string; location: string}) => `${finding.ruleId}@${finding.location}`)
        .sort(),
      ['metadata-contains-value@tag-value:note', 'sensitive-field@value.secQuestion1'],
    )
    for (const finding of report.warnings)
      assert.deepEqual(Object.keys(finding).sort(), ['location', 'message', 'ruleId', 'severity'])
    assertNoCanary(result)
  })

  it('always says whether --strict was on in --json (false without it)', async () => {
    const plain = await runCli(['lint', '--from-stdin', '--json'], {stdin: CANARY, env})
    assert.equal(plain.code, 0, plain.stderr)
    const report = JSON.parse(plain.stdout)
    assert.equal(report.strict, false)
    assert.equal(report.passed, true)
    assert.deepEqual(Object.keys(report).sort(), ['errors', 'passed', 'schema', 'strict', 'warnings'])
    const strict = await runCli(['lint', '--from-stdin', '--json', '--strict'], {stdin: CANARY, env})
    assert.equal(JSON.parse(strict.stdout).strict, true)
    assertNoCanary(plain)
  })

  it('reports an empty value as a finding (exit 5, --json included), not as a write that did not happen', async () => {
    const text = await runCli(['lint', '--from-stdin', '--description', 'billing database'], {stdin: '\n', env})
    assert.equal(text.code, 5, text.stderr)
    assert.match(text.stderr, /\[value-empty\] value:/)
    assert.doesNotMatch(text.stderr, /written/)

    const empty = join(store.home, 'empty.json')
    await writeFile(empty, '', {mode: 0o600})
    const json = await runCli(['lint', '--schema', 'rds-postgres', '--from-file', empty, '--json'], {env})
    assert.equal(json.code, 5, json.stderr)
    const report = JSON.parse(json.stdout)
    assert.equal(report.passed, false)
    assert.deepEqual(
      report.errors.map((finding: {ruleId: string; location: string}) => `${finding.ruleId}@${finding.location}`),
      ['value-empty@value'],
    )
  })

  it('reports a value over the 65,536-byte limit as a finding (exit 5), whether it was read whole or the source ran on past it', async () => {
    for (const [stdin, size] of [
      [`${CANARY.repeat(2621)}${'x'.repeat(12)}`, /65,537 bytes/], // one byte over: read whole, so the size is known
      [CANARY.repeat(40_000), /larger than/], // a megabyte: reading stops just past the limit
    ] as const) {
      const result = await runCli(['lint', '--from-stdin', '--json', '--tag', 'env=prod'], {stdin, env})
      assert.equal(result.code, 5, result.stderr)
      const report = JSON.parse(result.stdout)
      assert.deepEqual(
        report.errors.map((finding: {ruleId: string}) => finding.ruleId),
        ['value-too-large'],
      )
      assert.match(report.errors[0].message, size)
      assert.match(report.errors[0].message, /65,536/)
      assert.doesNotMatch(result.stdout + result.stderr, /written/)
      assertNoCanary(result)
    }
  })

  it('--explain says why each finding fired (rule, label term or shape class) without quoting anything, in text and in --json', async () => {
    // A password-manager export: a German label kept as data, a Spanish password in the notes,
    // and a provider token (assembled here, not real) in the description.
    const token = ['hf', 'AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh'].join('_')
    const value = JSON.stringify({
      fields: [{name: 'Sicherheitsfrage', value: CANARY}],
      notes: `Contraseña: ${CANARY}1!`,
    })
    const args = ['lint', '--from-stdin', '--description', `deploy ${token}`, '--explain']
    const text = await runCli(args, {stdin: value, env})
    assert.equal(text.code, 0, text.stderr)
    const lines = text.stderr.split('\n')
    const reasons = lines.filter((line) => line.startsWith('  why: '))
    assert.equal(reasons.length, lines.filter((line) => line.startsWith('Warning')).length, text.stderr)
    assert.match(text.stderr, /why: a label kept as data \(name\/value\) matched the German term "sicherheitsfrage"/)
    assert.match(
      text.stderr,
      /why: note content: the Spanish credential word "contrasena" followed by a password-like string/,
    )
    assert.match(text.stderr, /why: shape class: a Hugging Face token \(secretlint huggingface/)
    assert.ok(!text.stderr.includes(token), 'the token is never quoted')
    assertNoCanary(text)

    const json = await runCli([...args, '--json'], {stdin: value, env})
    const report = JSON.parse(json.stdout) as {warnings: Array<{ruleId: string; reason?: string}>}
    assert.ok(
      report.warnings.length >= 3 && report.warnings.every((finding) => typeof finding.reason === 'string'),
      json.stdout,
    )
    const plain = await runCli(['lint', '--from-stdin', '--description', `deploy ${token}`, '--json'], {
      stdin: value,
      env,
    })
    assert.ok(
      (JSON.parse(plain.stdout) as {warnings: object[]}).warnings.every((finding) => !('reason' in finding)),
      'no reasons without --explain',
    )
    assert.ok(!json.stdout.includes(token) && !plain.stdout.includes(token))
    assertNoCanary(json)
  })

  it('names only the sources lint reads from when given two', async () => {
    const file = join(store.home, 'two-sources.txt')
    await writeFile(file, CANARY, {mode: 0o600})
    const result = await runCli(['lint', '--from-stdin', '--from-file', file], {stdin: CANARY, env})
    assert.equal(result.code, 2)
    assert.match(
      result.stderr,
      /^Error: Choose one value source, not --from-stdin and --from-file; a value comes from exactly one of --from-stdin or --from-file PATH\.\n$/,
    )
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
