// End-to-end: rotation and audit through the real binary. rotate checks schedules before any
// call and refuses a database secret its rotation function could not use; on AWS it sends
// RotateSecret/CancelRotateSecret; on the local store --now rehearses the four steps, giving
// the pending value to the hook on stdin and resuming after a failed step. audit finds the
// fixture account's problems on both stores, gates CI with --fail-on, and its call count is
// the test server's.
import assert from 'node:assert/strict'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {CHANGE_LOG_FILE} from '../../src/history/change-log.js'
import {openAwsStore} from '../../src/stores/aws.js'
import {
  AUDIT_FIXTURE_EXPECTED,
  FIXTURE_CANARY,
  fixtureSecretsFor,
  populateAwsFixture,
  populateLocalFixture,
} from '../support/audit-fixture.js'
import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {useFakeAwsEnvironment} from '../support/fake-aws-environment.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, makeTempDir, runCli} from '../support/run-cli.js'

const MULTI_USER_LAMBDA = 'arn:aws:lambda:eu-west-1:123456789012:function:SecretsManagerRDSPostgreSQLRotationMultiUser'

for (const kind of STORE_KINDS) {
  describe(`rotate and audit end to end (${kind} store)`, function () {
    this.timeout(120_000)
    let store: CliStore
    const cli = (args: string[], stdin?: string): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 60_000})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    function assertNoCanary(result: CliResult): void {
      for (const canary of [CANARY, FIXTURE_CANARY]) {
        assert.ok(!result.stderr.includes(canary), `stderr leaked a canary:\n${result.stderr}`)
        assert.ok(!result.stdout.includes(canary), `stdout leaked a canary:\n${result.stdout}`)
      }
    }

    async function ok(args: string[], stdin?: string): Promise<CliResult> {
      const result = await cli(args, stdin)
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
      assertNoCanary(result)
      return result
    }

    if (kind === 'aws') {
      it('refuses a bad schedule with a one-line error naming the rule, before any call', async () => {
        const before = store.server!.calls.length
        for (const [flags, rule] of [
          [['--schedule', 'rate(1 hour)'], /at most every 4 hours/],
          [['--schedule', 'cron(30 2 * * ? *)', '--window', '2h'], /Minutes field .* must be 0/],
        ] as const) {
          const result = await cli(['rotate', 'rotate/schedule', ...flags])
          assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`)
          assert.match(result.stderr, rule)
          assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
        }

        assert.equal(store.server!.calls.length, before, 'no call was made')
      })
    }

    it('refuses to turn on rotation for a database secret lacking masterarn for alternating users: exit 5, nothing changed', async () => {
      const value = JSON.stringify({
        engine: 'postgres',
        host: 'db.example.internal',
        username: 'app',
        password: `${CANARY}-db`,
      })
      await ok(['create', 'rotate/db', '--schema', 'rds-postgres', '--from-stdin'], value)
      const result = await cli(['rotate', 'rotate/db', '--every', '30d', '--lambda', MULTI_USER_LAMBDA])
      assert.equal(result.code, 5, result.stderr)
      assert.match(result.stderr, /PostgreSQL alternating-users rotation function needs: missing masterarn/)
      assert.match(result.stderr, /Nothing was changed; add it with: secretsmith put rotate\/db --field masterarn/)
      assertNoCanary(result)
      const described = JSON.parse((await ok(['describe', 'rotate/db', '--json'])).stdout) as {rotationEnabled: boolean}
      assert.equal(described.rotationEnabled, false)
      if (store.server) assert.equal(store.server.callsTo('RotateSecret').length, 0)
    })

    it('turns rotation on with a schedule and window, shows it in describe and list, and cancels it', async () => {
      await ok(['create', 'rotate/scheduled', '--from-stdin'], `${CANARY}-scheduled`)
      const on = await ok([
        'rotate',
        'rotate/scheduled',
        '--every',
        '30d',
        '--window',
        '4h',
        '--lambda',
        MULTI_USER_LAMBDA,
      ])
      assert.match(on.stderr, /^Scheduled rotation of rotate\/scheduled in .*rotation every 30 days, window 4h/m)
      const details = (await ok(['describe', 'rotate/scheduled'])).stdout
      assert.match(
        details,
        /Rotation\s+on, every 30 days, window 4h; next \d{4}-\d\d-\d\dT[\d:]+Z; last rotated never; function arn:aws:lambda/,
      )
      const listed = JSON.parse((await ok(['list', '--json'])).stdout) as {
        secrets: Array<{name: string; rotationEnabled: boolean; rotationRules?: {automaticallyAfterDays?: number}}>
      }
      const scheduled = listed.secrets.find((secret) => secret.name === 'rotate/scheduled')
      assert.equal(scheduled?.rotationEnabled, true)
      if (store.server) {
        const [call] = store.server.callsTo('RotateSecret').slice(-1)
        assert.equal(call.secretId, 'rotate/scheduled')
        assert.equal(store.server.inspect('rotate/scheduled')?.rotationEnabled, true)
      }

      const off = await ok(['rotate', 'rotate/scheduled', '--cancel'])
      assert.match(off.stderr, /^Cancelled rotation of rotate\/scheduled/m)
      assert.match((await ok(['describe', 'rotate/scheduled'])).stdout, /Rotation\s+off/)
      const log = await readFile(join(store.home, 'store', CHANGE_LOG_FILE), 'utf8')
      assert.match(log, /"operation":"rotate".*"summary":"rotation every 30 days, window 4h"/)
      assert.match(log, /"operation":"cancel-rotation".*"summary":"rotation cancelled"/)
    })

    if (kind === 'local') {
      it('rehearses the four steps; a failing hook leaves AWSPENDING, and the next run resumes it and finishes', async () => {
        const work = await makeTempDir()
        try {
          const value = JSON.stringify({
            engine: 'postgres',
            host: 'db.example.internal',
            username: 'app',
            password: `${CANARY}-old`,
          })
          await ok(['create', 'rotate/rehearsal', '--schema', 'rds-postgres', '--from-stdin'], value)
          const failed = await cli([
            'rotate',
            'rotate/rehearsal',
            '--now',
            '--hook',
            `cat > ${join(work.path, 'got')}; echo "step $SECRETSMITH_ROTATION_STEP"; exit 3`,
          ])
          assert.equal(failed.code, 5, failed.stderr)
          assert.match(
            failed.stderr,
            /createSecret: new version [0-9a-f-]{36} labelled AWSPENDING \(field password renewed\)/,
          )
          assert.match(failed.stderr, /setSecret\| step setSecret/)
          assert.match(
            failed.stderr,
            /stopped at setSecret: the hook exited with status 3\. AWSPENDING stays on version ([0-9a-f-]{36})/,
          )
          const pendingId = /AWSPENDING stays on version ([0-9a-f-]{36})/.exec(failed.stderr)![1]
          let versions = (
            JSON.parse((await ok(['describe', 'rotate/rehearsal', '--json'])).stdout) as {
              versions: Record<string, string[]>
            }
          ).versions
          assert.deepEqual(versions[pendingId], ['AWSPENDING'])

          // The hook got the pending value on stdin: the new password, not the old one, not in argv.
          const received = JSON.parse(await readFile(join(work.path, 'got'), 'utf8')) as {
            password: string
            username: string
          }
          assert.equal(received.username, 'app')
          assert.notEqual(received.password, `${CANARY}-old`)
          assert.ok(received.password.length >= 32)

          const resumed = await ok(['rotate', 'rotate/rehearsal', '--now', '--hook', 'cat'])
          assert.match(
            resumed.stderr,
            new RegExp(`createSecret: resuming the rotation left pending: version ${pendingId}`),
          )
          assert.match(resumed.stderr, /setSecret\| \*\*\*/, 'the hook echoed the value and it was masked')
          assert.ok(!resumed.stderr.includes(received.password), 'the pending password is never shown')
          assert.match(resumed.stderr, /testSecret: the hook succeeded/)
          assert.match(resumed.stderr, new RegExp(`finishSecret: AWSCURRENT moved to version ${pendingId}`))
          assert.match(resumed.stderr, new RegExp(`^Rotated rotate/rehearsal version ${pendingId} in local store`, 'm'))
          versions = (
            JSON.parse((await ok(['describe', 'rotate/rehearsal', '--json'])).stdout) as {
              versions: Record<string, string[]>
            }
          ).versions
          assert.deepEqual(versions[pendingId], ['AWSCURRENT'])
          assert.ok(Object.values(versions).some((stages) => stages.includes('AWSPREVIOUS')))
          assert.ok(!Object.values(versions).flat().includes('AWSPENDING'))
          const current = JSON.parse((await ok(['get', 'rotate/rehearsal'])).stdout.trim() || '{}') as {
            password?: string
          }
          assert.equal(current.password, received.password, 'AWSCURRENT holds the value the hook was given')

          const skipped = await ok(['rotate', 'rotate/rehearsal', '--now'])
          assert.match(skipped.stderr, /setSecret: skipped: no --hook given/)
          assert.match(
            (await ok(['describe', 'rotate/rehearsal'])).stdout,
            /Rotation\s+on, every 30 days; next .*; last rotated \d{4}/,
          )
        } finally {
          await work.remove()
        }
      })
    } else {
      it('rotates now through RotateSecret, and refuses --hook, which only the local rehearsal runs', async () => {
        await ok(['create', 'rotate/now', '--from-stdin'], `${CANARY}-now`)
        const refused = await cli(['rotate', 'rotate/now', '--now', '--hook', 'true', '--lambda', MULTI_USER_LAMBDA])
        assert.equal(refused.code, 2)
        assert.match(refused.stderr, /--hook runs in the local store rehearsal only/)
        const rotated = await ok(['rotate', 'rotate/now', '--now', '--lambda', MULTI_USER_LAMBDA])
        assert.match(rotated.stderr, /^Rotating rotate\/now .*rotating now \(new version [0-9a-f-]{36}\)/m)
        assert.equal(store.server!.callsTo('RotateSecret').length >= 1, true)
      })
    }
  })

  describe(`audit end to end (${kind} store)`, function () {
    this.timeout(120_000)
    let store: CliStore
    const cli = (args: string[]): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: store.env, timeoutMs: 60_000})

    before(async () => {
      store = await startCliStore(kind)
      if (kind === 'local') {
        await populateLocalFixture(join(store.home, 'store'))
        return
      }

      const environment = useFakeAwsEnvironment({region: 'eu-west-1'})
      try {
        const aws = await openAwsStore({endpointUrl: store.server!.url})
        await populateAwsFixture(aws, store.server!)
        await aws.close()
      } finally {
        environment.restore()
      }
    })
    after(async () => store.stop())

    it('finds the fixture account’s problems, says so in a summary line, and leaks no value or matched text', async () => {
      const mark = store.server?.calls.length ?? 0
      const result = await cli(['audit', '--json'])
      assert.equal(result.code, 0, result.stderr)
      for (const canary of [CANARY, FIXTURE_CANARY]) assert.ok(!`${result.stdout}${result.stderr}`.includes(canary))
      const report = JSON.parse(result.stdout) as {
        summary: {secrets: number; calls?: number}
        findings: Array<{ruleId: string; secret: {name: string}}>
      }
      const found: Record<string, string[]> = {}
      for (const finding of report.findings)
        if (!(found[finding.secret.name] ??= []).includes(finding.ruleId))
          found[finding.secret.name].push(finding.ruleId)
      for (const secret of fixtureSecretsFor(kind)) {
        assert.deepEqual(
          (found[secret.name] ?? []).sort(),
          [...AUDIT_FIXTURE_EXPECTED[secret.name]].sort(),
          secret.name,
        )
      }

      assert.equal(report.summary.secrets, fixtureSecretsFor(kind).length)
      const summary = /^Audited (\d+) secrets: (\d+) high, (\d+) medium, (\d+) low; (.*) in [\d.]+ s\.$/m.exec(
        result.stderr,
      )
      assert.ok(summary, result.stderr)
      if (store.server) {
        const served = store.server.calls.length - mark
        assert.equal(report.summary.calls, served, 'the summary counts the calls the server received')
        assert.match(summary[5], new RegExp(`^${served} API calls \\(`))
      } else {
        assert.equal(summary[5], 'no API calls (local store)')
      }
    })

    it('sets exit 5 for --fail-on at or below the worst finding, 0 above it; SARIF on stdout either way', async () => {
      const result = await cli(['audit', '--format', 'sarif', '--fail-on', 'high'])
      assert.equal(result.code, 5, result.stderr)
      const sarif = JSON.parse(result.stdout) as {version: string; runs: Array<{results: unknown[]}>}
      assert.equal(sarif.version, '2.1.0')
      assert.ok(sarif.runs[0].results.length > 0)
      if (kind === 'aws') return

      // The untagged secret's only finding is low.
      const untagged = await cli(['audit', '--prefix', 'fixture/untagged', '--fail-on', 'medium'])
      assert.equal(untagged.code, 0, untagged.stderr)
      assert.match(untagged.stdout, /^LOW \(1\)/m)
      const gated = await cli(['audit', '--prefix', 'fixture/untagged', '--fail-on', 'low'])
      assert.equal(gated.code, 5)
      const clean = await cli(['audit', '--prefix', 'fixture/fresh', '--fail-on', 'low'])
      assert.equal(clean.code, 0)
      assert.match(clean.stdout, /^No findings in 1 secret\.$/m)
    })

    if (kind === 'local') {
      it('shows a progress bar on a terminal, and clears it before the table', async () => {
        const session = spawnInPty(process.execPath, [BIN, 'audit', ...store.args], {
          env: store.env as NodeJS.ProcessEnv,
          cwd: REPO_ROOT,
          columns: 200,
        })
        const exit = await session.exit
        assert.equal(exit.code, 0, session.text)
        assert.match(session.output, /Auditing \[[^\]]*\] \d+\/\d+ secrets checked/)
        assert.match(session.text, /HIGH \(\d+\)/)
        assert.match(session.text, /Audited \d+ secrets: /)
      })
    }
  })
}
