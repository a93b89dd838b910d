// End-to-end: looking back and recovering, through the real binary on both stores: the local
// change log (every write recorded, never a value), version history, masked diffs with
// diff(1)'s exit codes, rollback and roll-forward, metadata updates, and racing writers.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {chmod, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {CHANGE_LOG_FILE} from '../../src/history/change-log.js'
import type {ChangeLogEntry} from '../../src/output/change-log.js'
import type {HistoryOutcome} from '../../src/history/version-history.js'
import type {CompareOutcome} from '../../src/history/compare-versions.js'
import type {TrailEvent} from '../../src/output/trail-events.js'
import {SecretValue} from '../../src/secret-value.js'
import {openAwsStore} from '../../src/stores/aws.js'
import {openLocalStore} from '../../src/stores/local.js'
import {AWSPENDING, type SecretStore} from '../../src/stores/store.js'
import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {useFakeAwsEnvironment} from '../support/fake-aws-environment.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, runCli} from '../support/run-cli.js'

for (const kind of STORE_KINDS) {
  describe(`history and recovery end to end (${kind} store)`, function () {
    this.timeout(120_000)
    let store: CliStore
    let counter = 0
    const fresh = (stem = 'history') => `${stem}/secret-${++counter}`
    const cli = (args: string[], stdin?: string | Buffer): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 60_000})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    function assertNoCanary(result: CliResult, where = 'stderr'): void {
      assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
      if (where === 'both') assert.ok(!result.stdout.includes(CANARY), `stdout leaked the canary:\n${result.stdout}`)
    }

    async function ok(args: string[], stdin?: string): Promise<CliResult> {
      const result = await cli(args, stdin)
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
      assertNoCanary(result)
      return result
    }

    it('records a sequence of writes in the change log, with keys and versions but no value', async () => {
      const name = fresh()
      await ok(['create', name, '--from-stdin'], JSON.stringify({user: 'app', password: `${CANARY}-1`}))
      await ok(['put', name, '--from-stdin'], JSON.stringify({user: 'app', password: `${CANARY}-2`, host: 'db'}))
      await ok(['delete', name, '--yes', '--recovery-window-days', '7'])
      await ok(['restore', name])

      const raw = await readFile(join(store.home, 'store', CHANGE_LOG_FILE), 'utf8')
      assert.ok(!raw.includes(CANARY), 'the change log holds a value')
      const log = await ok(['log', name, '--json'])
      assertNoCanary(log, 'both')
      const {entries} = JSON.parse(log.stdout) as {entries: ChangeLogEntry[]}
      assert.deepEqual(
        entries.map((entry) => [entry.command, entry.operation]),
        [
          ['create', 'create'],
          ['put', 'put-value'],
          ['delete', 'delete'],
          ['restore', 'restore'],
        ],
      )
      assert.deepEqual(entries[1].keys, {added: ['host'], modified: ['password'], removed: []})
      assert.equal(entries[1].versionBefore, entries[0].versionAfter)
      for (const entry of entries) assert.equal(entry.store.kind, kind)

      const human = await ok(['log', name])
      assert.match(human.stdout, /put-value [0-9a-f]{8}… → [0-9a-f]{8}…; keys \+host ~password/)
      assert.equal((await ok(['log', name, '--since', '2000-01-01', '--json'])).stdout.includes('"restore"'), true)
    })

    /** Creates NAME with `values[0]`, puts the rest; returns the version ids, oldest first. */
    async function secretWithVersions(name: string, values: string[]): Promise<string[]> {
      const ids: string[] = []
      for (const [index, value] of values.entries()) {
        const written = await ok([index === 0 ? 'create' : 'put', name, '--from-stdin', '--json'], value)
        ids.push((JSON.parse(written.stdout) as {versionId: string}).versionId)
      }

      return ids
    }

    async function current(name: string): Promise<string> {
      return (await ok(['get', name])).stdout
    }

    it('lists the history after several puts, newest first, with labels, deprecated versions and masked key changes', async () => {
      const name = fresh()
      const ids = await secretWithVersions(name, [
        JSON.stringify({user: 'app', password: `${CANARY}-1`}),
        JSON.stringify({user: 'app', password: `${CANARY}-2`}),
        JSON.stringify({user: 'app', password: `${CANARY}-2`, host: 'db'}),
        JSON.stringify({password: `${CANARY}-3`, host: 'db'}),
      ])
      assert.equal(ids.length, 4)
      const calls = store.server?.calls.length ?? 0
      const listed = await ok(['versions', name, '--json'])
      assertNoCanary(listed, 'both')
      const history = JSON.parse(listed.stdout) as HistoryOutcome
      assert.deepEqual(
        history.versions.map((version) => version.versionId),
        [...ids].reverse(),
      )
      assert.deepEqual(
        history.versions.map((version) => version.stages),
        [['AWSCURRENT'], ['AWSPREVIOUS'], [], []],
      )
      assert.deepEqual(
        history.versions.map((version) => version.deprecated),
        [false, false, true, true],
      )
      const keys = history.versions.map(
        (version) => version.changes && [version.changes.added, version.changes.modified, version.changes.removed],
      )
      assert.deepEqual(keys, [[[], ['password'], ['user']], [['host'], [], []], [[], ['password'], []], undefined])
      if (store.server) {
        const made = store.server.calls.slice(calls).map((call) => call.operation)
        assert.deepEqual(made.filter((operation) => operation === 'GetSecretValue').length, 4, 'one read per version')
      }

      const human = await ok(['versions', name])
      assert.match(human.stdout, /\(deprecated\)/)
      assert.match(human.stdout, /keys ~password -user \(values masked\)/)

      const before = store.server?.calls.length ?? 0
      await ok(['versions', name, '--no-values'])
      if (store.server) {
        assert.deepEqual(
          [...new Set(store.server.calls.slice(before).map((call) => call.operation))],
          ['ListSecretVersionIds'],
          '--no-values reads no value',
        )
      }
    })

    it('diffs AWSPREVIOUS against AWSCURRENT with values masked, fingerprints that match within a run only, and exit 1 for different', async () => {
      const name = fresh()
      await secretWithVersions(name, [
        JSON.stringify({keep: 'same', old: `${CANARY}-a`, change: `${CANARY}-a`}),
        JSON.stringify({keep: 'same', change: `${CANARY}-b`, added: `${CANARY}-a`}),
      ])
      const first = await cli(['diff', name])
      assert.equal(first.code, 1, first.stderr)
      assertNoCanary(first, 'both')
      assert.match(first.stdout, /^--- .* AWSPREVIOUS \(version /m)
      assert.match(first.stdout, /^\+\+\+ .* AWSCURRENT \(version /m)
      assert.match(first.stdout, /^- old +\*\*\* \(\d+ bytes, fp [0-9a-f]{8}\)$/m)
      assert.match(
        first.stdout,
        /^~ change +\*\*\* \(\d+ bytes, fp [0-9a-f]{8}\) → \*\*\* \(\d+ bytes, fp [0-9a-f]{8}\)$/m,
      )
      assert.match(first.stdout, /^\+ added +\*\*\* /m)
      assert.match(first.stdout, /\(1 key unchanged\)/)

      const json = await cli(['diff', name, '--json'])
      assert.equal(json.code, 1)
      assertNoCanary(json, 'both')
      const {diff} = JSON.parse(json.stdout) as CompareOutcome
      const fp = (key: string, side: 'from' | 'to') => diff.keys.find((entry) => entry.key === key)![side]!.fingerprint
      assert.equal(fp('old', 'from'), fp('added', 'to'), 'equal values share a fingerprint within one run')
      assert.notEqual(fp('change', 'from'), fp('change', 'to'))
      const again = JSON.parse((await cli(['diff', name, '--json'])).stdout) as CompareOutcome
      assert.notEqual(
        again.diff.keys.find((entry) => entry.key === 'old')!.from!.fingerprint,
        fp('old', 'from'),
        'a fingerprint means nothing across runs',
      )
    })

    it('exits 0 for equal versions, 3 for a missing one, 2 for --reveal into a pipe without --yes; --reveal --yes prints values on stdout only', async () => {
      const name = fresh()
      const [v1] = await secretWithVersions(name, [`${CANARY}-text-1`, `${CANARY}-text-2`])
      const equal = await cli(['diff', name, '--from', 'AWSCURRENT', '--to', 'AWSCURRENT'])
      assert.equal(equal.code, 0, equal.stderr)
      assert.match(equal.stdout, /value unchanged/)
      const text = await cli(['diff', name, '--from', v1])
      assert.equal(text.code, 1)
      assert.match(text.stdout, /^~ value \*\*\* \(\d+ bytes, fp [0-9a-f]{8}\) → \*\*\* /m)
      assertNoCanary(text, 'both')

      const missing = await cli(['diff', name, '--from', '00000000-0000-4000-8000-000000000000'])
      assert.equal(missing.code, 3, missing.stderr)
      assert.equal((await cli(['diff', `${name}-nope`])).code, 3)

      const refused = await cli(['diff', name, '--reveal'])
      assert.equal(refused.code, 2)
      assert.match(refused.stderr, /^Error: --reveal prints secret values/)
      assertNoCanary(refused, 'both')

      const revealed = await cli(['diff', name, '--reveal', '--yes'])
      assert.equal(revealed.code, 1)
      assert.ok(revealed.stdout.includes(`${CANARY}-text-1`) && revealed.stdout.includes(`${CANARY}-text-2`))
      assertNoCanary(revealed)
    })

    it('rolls back to AWSPREVIOUS after showing the masked diff, needs --yes without a terminal, and rolls forward again', async () => {
      const name = fresh()
      const [v1, v2] = await secretWithVersions(name, [
        JSON.stringify({password: `${CANARY}-1`}),
        JSON.stringify({password: `${CANARY}-2`}),
      ])

      const unconfirmed = await cli(['rollback', name])
      assert.equal(unconfirmed.code, 2)
      assert.match(unconfirmed.stderr, /needs --yes/)
      assert.equal(await current(name), JSON.stringify({password: `${CANARY}-2`}))

      const back = await cli(['rollback', name, '--yes'])
      assert.equal(back.code, 0, back.stderr)
      assertNoCanary(back, 'both')
      assert.match(back.stderr, /^~ password +\*\*\* /m)
      assert.match(
        back.stderr,
        new RegExp(
          `^Rolled back ${name} version ${v1} in .*AWSCURRENT moved from ${v2}, which is now AWSPREVIOUS`,
          'm',
        ),
      )
      assert.equal(await current(name), JSON.stringify({password: `${CANARY}-1`}))

      const forward = await cli(['rollback', name, '--yes'])
      assert.equal(forward.code, 0, forward.stderr)
      assert.equal(await current(name), JSON.stringify({password: `${CANARY}-2`}))
      const history = JSON.parse((await ok(['versions', name, '--no-values', '--json'])).stdout) as HistoryOutcome
      assert.deepEqual(Object.fromEntries(history.versions.map((version) => [version.versionId, version.stages])), {
        [v1]: ['AWSPREVIOUS'],
        [v2]: ['AWSCURRENT'],
      })

      const same = await cli(['rollback', name, '--to', v2, '--yes'])
      assert.equal(same.code, 0)
      assert.match(same.stderr, /^Unchanged /m)
      const log = JSON.parse((await ok(['log', name, '--json'])).stdout) as {entries: ChangeLogEntry[]}
      const moves = log.entries.filter((entry) => entry.operation === 'move-stage')
      assert.deepEqual(
        moves.map((entry) => [entry.command, entry.versionBefore, entry.versionAfter]),
        [
          ['rollback', v2, v1],
          ['rollback', v1, v2],
        ],
      )
    })

    /** The same store the CLI uses, opened in this process (for what no command does: labelling a version AWSPENDING). */
    async function withStoreDirectly(use: (direct: SecretStore) => Promise<void>): Promise<void> {
      if (kind === 'local') {
        const direct = await openLocalStore({home: join(store.home, 'store'), keychain: 'off'})
        try {
          await use(direct)
        } finally {
          await direct.close()
        }

        return
      }

      const environment = useFakeAwsEnvironment({region: 'eu-west-1'})
      try {
        const direct = await openAwsStore({endpointUrl: store.server!.url})
        try {
          await use(direct)
        } finally {
          await direct.close()
        }
      } finally {
        environment.restore()
      }
    }

    it('refuses to roll back while a rotation is pending (exit 4, nothing moved) unless --force', async () => {
      const name = fresh()
      const [v1, v2] = await secretWithVersions(name, [`${CANARY}-1`, `${CANARY}-2`])
      await withStoreDirectly(async (direct) => {
        await direct.putValue({
          name,
          value: SecretValue.fromText(`${CANARY}-pending`),
          clientRequestToken: randomUUID(),
          stages: [AWSPENDING],
        })
      })

      const refused = await cli(['rollback', name, '--yes'])
      assert.equal(refused.code, 4, refused.stderr)
      assert.match(refused.stderr, /^Error: Secret .* is being rotated \(version .* holds AWSPENDING\)/)
      assertNoCanary(refused, 'both')
      assert.equal(await current(name), `${CANARY}-2`)

      const forced = await cli(['rollback', name, '--yes', '--force'])
      assert.equal(forced.code, 0, forced.stderr)
      assert.equal(await current(name), `${CANARY}-1`)
      assert.match(forced.stderr, new RegExp(`AWSCURRENT moved from ${v2}`))
      assert.equal((await cli(['rollback', name, '--to', v2, '--yes', '--force'])).code, 0)
      assert.ok(v1)
    })

    it('updates the description and tags, showing old → new, and refuses a sensitive description under --strict', async () => {
      const name = fresh()
      await ok(
        ['create', name, '--from-stdin', '--description', 'old words', '--tag', 'team=a', '--tag', 'owner=bob'],
        `${CANARY}-value`,
      )
      const updated = await ok([
        'update',
        name,
        '--description',
        'billing database',
        '--tag',
        'team=b',
        '--tag',
        'env=prod',
        '--untag',
        'owner',
      ])
      assert.match(
        updated.stderr,
        /^Updated .*description "old words" → "billing database"; tag team "a" → "b"; tag env set to "prod"; tag owner removed \(was "bob"\)/m,
      )
      const described = JSON.parse((await ok(['describe', name, '--json'])).stdout)
      assert.equal(described.description, 'billing database')
      assert.deepEqual(
        Object.fromEntries(described.tags.map((tag: {key: string; value: string}) => [tag.key, tag.value])),
        {team: 'b', env: 'prod'},
      )

      const strict = await cli(['update', name, '--description', `copy of ${CANARY}-value`, '--strict'])
      assert.equal(strict.code, 5, strict.stderr)
      assertNoCanary(strict, 'both')
      assert.match(strict.stderr, /metadata-contains-value/)
      assert.equal(
        JSON.parse((await ok(['describe', name, '--json'])).stdout).description,
        'billing database',
        'nothing was written',
      )

      const nothing = await cli(['update', name])
      assert.equal(nothing.code, 2)
      const same = await ok(['update', name, '--tag', 'team=b'])
      assert.match(same.stderr, /^Unchanged /m)
    })

    it('four put --if-version writers racing from separate processes: exactly one lands, the others exit 4 and their values are never current', async () => {
      const name = fresh()
      const [base] = await secretWithVersions(name, [`${CANARY}-base`])
      const results = await Promise.all(
        [1, 2, 3, 4].map((writer) =>
          cli(['put', name, '--from-stdin', '--if-version', base], `${CANARY}-writer-${writer}`),
        ),
      )
      const codes = results.map((result) => result.code).sort()
      assert.deepEqual(codes, [0, 4, 4, 4], results.map((result) => result.stderr).join('\n'))
      for (const result of results) assertNoCanary(result, 'both')
      const winner = results.findIndex((result) => result.code === 0) + 1
      assert.equal(await current(name), `${CANARY}-writer-${winner}`)
      assert.equal((await ok(['get', name, '--version-stage', 'AWSPREVIOUS'])).stdout, `${CANARY}-base`)
      for (const loser of results.filter((result) => result.code === 4))
        assert.match(loser.stderr, /changed underneath you/)

      const history = JSON.parse((await ok(['versions', name, '--no-values', '--json'])).stdout) as HistoryOutcome
      const labelled = history.versions.filter((version) => !version.deprecated)
      assert.equal(labelled.length, 2, 'only the winner and the base carry labels')
      // The local store writes nothing for a refused put. Secrets Manager cannot delete a version,
      // so there a writer refused at the label move (rather than at its first read) leaves an
      // unlabelled, deprecated version behind: never served by default, purged by Secrets Manager.
      if (kind === 'local') assert.equal(history.versions.length, 2)
      else assert.ok(history.versions.length >= 2 && history.versions.length <= 5)
    })
  })
}

describe('log --cloudtrail end to end (aws store, CloudTrail on the test server)', function () {
  this.timeout(120_000)
  const OUTSIDER_KEY = 'AKIDOUTSIDEACCOUNT01'
  let store: CliStore
  const cli = (args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli([...args, ...store.args], {env: {...store.env, ...env}, stdin, timeoutMs: 60_000})

  before(async () => {
    store = await startCliStore('aws', {
      server: {principals: {[OUTSIDER_KEY]: {accountId: '999999999999', userName: 'outsider'}}},
    })
  })
  after(async () => store.stop())

  it("shows who read, changed and deleted the secret, flagging DeleteSecret and callers from another account, from the server's own record", async () => {
    const name = 'trail/secret'
    assert.equal((await cli(['create', name, '--from-stdin'], CANARY)).code, 0)
    assert.equal((await cli(['put', name, '--from-stdin'], `${CANARY}-2`)).code, 0)
    const outside = await cli(['get', name], undefined, {AWS_ACCESS_KEY_ID: OUTSIDER_KEY})
    assert.equal(outside.code, 0, outside.stderr)
    assert.equal((await cli(['delete', name, '--yes', '--recovery-window-days', '7'])).code, 0)

    const lookupsBefore = store.server!.callsTo('LookupEvents').length
    const result = await cli(['log', name, '--cloudtrail', '--since', '1h', '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.ok(!result.stdout.includes(CANARY) && !result.stderr.includes(CANARY))
    assert.equal(store.server!.callsTo('LookupEvents').length - lookupsBefore, 1, 'one page, one LookupEvents call')
    const {events} = JSON.parse(result.stdout) as {events: TrailEvent[]}
    const names = events.map((event) => event.eventName)
    for (const expected of ['CreateSecret', 'PutSecretValue', 'GetSecretValue', 'DeleteSecret'])
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`)
    assert.ok(
      events.every((event, index) => index === 0 || event.time <= events[index - 1].time),
      'newest first',
    )
    const deleted = events.find((event) => event.eventName === 'DeleteSecret')!
    assert.deepEqual(deleted.flags, ['delete'])
    assert.equal(deleted.principal, 'arn:aws:iam::123456789012:user/tester')
    assert.equal(deleted.sourceIp, '127.0.0.1')
    assert.match(deleted.userAgent ?? '', /aws-sdk-js/)
    const foreign = events.filter((event) => event.flags.includes('other-account'))
    assert.deepEqual(
      foreign.map((event) => [event.eventName, event.principal]),
      [['GetSecretValue', 'arn:aws:iam::999999999999:user/outsider']],
    )

    const human = await cli(['log', name, '--cloudtrail', '--since', '1h'])
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /DeleteSecret .*DELETE/)
    assert.match(human.stdout, /OTHER ACCOUNT/)

    const refused = await cli(['log', '--cloudtrail'])
    assert.equal(refused.code, 2)
    const local = await runCli(['log', name, '--cloudtrail', '--store', 'local'], {env: store.env})
    assert.equal(local.code, 2)
  })
})

describe('edit end to end (local store, in a terminal)', function () {
  this.timeout(120_000)
  let store: CliStore
  let editor: string

  before(async () => {
    store = await startCliStore('local')
    editor = join(store.home, 'fake-editor')
    // Replaces the file with the content it is told to, like a person typing and saving.
    await writeFile(editor, '#!/bin/sh\ncat "$FAKE_EDITOR_SOURCE" > "$1"\n')
    await chmod(editor, 0o755)
  })
  after(async () => store.stop())

  async function editInPty(
    name: string,
    content: string,
    answer: string,
  ): Promise<{code: number | null; text: string; output: string}> {
    const source = join(store.home, `source-${randomUUID()}`)
    await writeFile(source, content)
    const session = spawnInPty(process.execPath, [BIN, 'edit', name, '--store', 'local'], {
      env: {...store.env, EDITOR: editor, FAKE_EDITOR_SOURCE: source} as NodeJS.ProcessEnv,
      cwd: REPO_ROOT,
    })
    await session.waitFor(/Write the edited value of .* as a new version\?/, 60_000)
    session.write(answer)
    const {code} = await session.exit
    return {code, text: session.text, output: session.output}
  }

  it('shows the masked diff of the edit and writes a new version only once confirmed; the change log names the command', async () => {
    const name = 'edit/secret'
    const created = await runCli(['create', name, '--from-stdin', '--store', 'local'], {
      env: store.env,
      stdin: JSON.stringify({user: 'app', password: `${CANARY}-1`}),
    })
    assert.equal(created.code, 0, created.stderr)

    const declined = await editInPty(name, JSON.stringify({user: 'app', password: `${CANARY}-2`}), 'n\r')
    assert.equal(declined.code, 130, declined.text)
    assert.ok(!declined.output.includes(CANARY), `the terminal showed a value:\n${declined.text}`)
    assert.match(declined.text, /~ password +\*\*\* \(\d+ bytes, fp [0-9a-f]{8}\) → \*\*\* /)
    const unchanged = await runCli(['get', name, '--store', 'local'], {env: store.env})
    assert.equal(unchanged.stdout, JSON.stringify({user: 'app', password: `${CANARY}-1`}), 'declined: nothing written')

    const accepted = await editInPty(name, JSON.stringify({user: 'app', password: `${CANARY}-3`, host: 'db'}), 'y\r')
    assert.equal(accepted.code, 0, accepted.text)
    assert.ok(!accepted.output.includes(CANARY), `the terminal showed a value:\n${accepted.text}`)
    assert.match(accepted.text, /\+ host +\*\*\* /)
    assert.match(accepted.text, /Updated edit\/secret version [0-9a-f-]{36} in local store .*keys \+host ~password/)
    const got = await runCli(['get', name, '--store', 'local'], {env: store.env})
    assert.equal(got.stdout, JSON.stringify({user: 'app', password: `${CANARY}-3`, host: 'db'}))

    const log = JSON.parse((await runCli(['log', name, '--json', '--store', 'local'], {env: store.env})).stdout) as {
      entries: ChangeLogEntry[]
    }
    assert.deepEqual(
      log.entries.map((entry) => entry.command),
      ['create', 'edit'],
    )
  })

  it('needs a terminal: without one it fails at once with exit 2 and writes nothing', async () => {
    const result = await runCli(['edit', 'edit/secret', '--store', 'local'], {env: {...store.env, EDITOR: editor}})
    assert.equal(result.code, 2)
    assert.match(result.stderr, /^Error: --edit needs a terminal/)
  })
})
