// End-to-end: the everyday edges of secretsmith through the real binary on both stores: a
// staging label no version holds, generate without any store, describe's version dates,
// help as in other oclif CLIs, list in a pipeline, secrets named by ARN, and replicated secrets.
import assert from 'node:assert/strict'

import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('help as in other oclif CLIs', function () {
  this.timeout(60_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>
  before(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
  })
  after(async () => home.remove())

  it('help COMMAND and COMMAND -h print what COMMAND --help prints, exit 0', async () => {
    for (const command of [['get'], ['put'], ['cache', 'clear']]) {
      const long = await runCli([...command, '--help'], {env})
      assert.equal(long.code, 0, long.stderr)
      assert.match(long.stdout, /USAGE/)
      for (const argv of [
        ['help', ...command],
        [...command, '-h'],
      ]) {
        const result = await runCli(argv, {env})
        assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`)
        assert.equal(result.stdout, long.stdout, argv.join(' '))
        assert.equal(result.stderr, '')
      }
    }
  })

  it('help alone and -h alone print the grouped command list', async () => {
    for (const argv of [['help'], ['-h']]) {
      const result = await runCli(argv, {env})
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^AUTHOR$/m)
      assert.match(result.stdout, /^ {2}help +Show help for secretsmith/m)
    }
  })

  it('help for a word that is no command exits 2 without repeating the word', async () => {
    for (const argv of [
      ['help', CANARY],
      [CANARY, '--help'],
      ['help', '--nope', CANARY],
    ]) {
      const result = await runCli(argv, {env})
      if (argv[1] === '--nope') {
        // A flag first: the root help, as oclif's own help command answers.
        assert.equal(result.code, 0, result.stderr)
      } else {
        assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`)
        assert.match(result.stderr, /^Error: Unknown command; the commands are .*help/)
      }

      assert.ok(!result.stderr.includes(CANARY) && !result.stdout.includes(CANARY), argv.join(' '))
    }
  })
})

describe('generate with no store at all', function () {
  this.timeout(60_000)

  it('prints a 32-character password with no flags, no region, no credentials and no network', async () => {
    const home = await makeTempDir()
    try {
      // No AWS_REGION, no credentials, an endpoint nothing listens on: nothing may be asked.
      const env = isolatedEnv(home.path, {AWS_ENDPOINT_URL: 'http://127.0.0.1:9'})
      const result = await runCli(['generate'], {env})
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stderr, '')
      const password = result.stdout.replace(/\n$/, '')
      assert.equal(password.length, 32)
      // GetRandomPassword's defaults: each included type at least once.
      for (const type of [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/]) assert.match(password, type)
      const json = await runCli(['generate', '--json', '--length', '12', '--exclude-numbers'], {env})
      assert.equal(json.code, 0, json.stderr)
      const {password: fromJson, length} = JSON.parse(json.stdout) as {password: string; length: number}
      assert.equal(length, 12)
      assert.doesNotMatch(fromJson, /\d/)
    } finally {
      await home.remove()
    }
  })
})

for (const kind of STORE_KINDS) {
  describe(`everyday use end to end (${kind} store)`, function () {
    this.timeout(120_000)
    let store: CliStore
    let counter = 0
    const fresh = (stem = 'everyday') => `${stem}/secret-${++counter}`
    const cli = (args: string[], stdin?: string): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 60_000})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    function assertNoCanary(result: CliResult): void {
      assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
    }

    async function created(name: string, value = `${CANARY}-v1`): Promise<void> {
      const result = await cli(['create', name, '--from-stdin'], value)
      assert.equal(result.code, 0, result.stderr)
    }

    it('get --version-stage with a label no version holds exits 3 saying so, not that the secret is missing', async () => {
      const name = fresh()
      await created(name)
      for (const stage of ['AWSPENDING', 'release-2026']) {
        const result = await cli(['get', name, '--version-stage', stage])
        assert.equal(result.code, 3, result.stderr)
        assert.equal(result.stdout, '')
        const label = stage === 'AWSPENDING' ? 'label AWSPENDING' : 'label given \\(not repeated\\)'
        assert.match(
          result.stderr,
          new RegExp(`^Error: The ${label} is on no version of secret ${name}\\b.*; the secret exists`),
        )
        assert.doesNotMatch(result.stderr, /not found/i)
        assert.equal(result.stderr.trim().split('\n').length, 1)
        assertNoCanary(result)
      }
      // The secret itself is untouched and still served.
      assert.equal((await cli(['get', name])).stdout, `${CANARY}-v1`)
    })

    it('describe shows every labelled version with its created date, newest first', async () => {
      const name = fresh()
      await created(name)
      assert.equal((await cli(['put', name, '--from-stdin'], `${CANARY}-v2`)).code, 0)
      const history = JSON.parse((await cli(['versions', name, '--json'])).stdout) as {
        versions: Array<{versionId: string; stages: string[]; createdDate: string}>
      }
      const described = await cli(['describe', name])
      assert.equal(described.code, 0, described.stderr)
      assertNoCanary(described)
      assert.ok(!described.stdout.includes(CANARY))
      const lines = described.stdout.split('\n').filter((line) => /[0-9a-f]{8}-[0-9a-f-]{27}/.test(line))
      assert.equal(lines.length, 2, described.stdout)
      const second = (date: string) => date.replace(/\.\d{3}Z$/, 'Z')
      for (const [index, stage] of ['AWSCURRENT', 'AWSPREVIOUS'].entries()) {
        const version = history.versions.find((entry) => entry.stages.includes(stage))!
        assert.match(
          lines[index],
          new RegExp(`${version.versionId}\\s+${stage}\\s+created ${second(version.createdDate)}$`),
        )
      }

      const json = JSON.parse((await cli(['describe', name, '--json'])).stdout) as {
        versions: Record<string, string[]>
        versionList: Array<{versionId: string; stages: string[]; createdDate: string}>
      }
      assert.equal(Object.keys(json.versions).length, 2, 'the id → labels map is unchanged')
      assert.deepEqual(
        json.versionList.map((version) => [version.versionId, version.stages, version.createdDate]),
        history.versions
          .filter((version) => version.stages.length > 0)
          .map((version) => [version.versionId, version.stages, version.createdDate]),
      )
    })

    it('list in a pipe writes one name per line, sorted, and nothing else; --json is unchanged', async () => {
      const prefix = `pipe-${kind}`
      for (const leaf of ['zeta', 'alpha', 'Mid', 'beta/inner'])
        assert.equal((await cli(['create', `${prefix}/${leaf}`, '--from-stdin'], CANARY)).code, 0)
      const listed = await cli(['list', '--filter', `name=${prefix}/`])
      assert.equal(listed.code, 0, listed.stderr)
      assert.equal(listed.stdout, ['Mid', 'alpha', 'beta/inner', 'zeta'].map((leaf) => `${prefix}/${leaf}\n`).join(''))
      assert.equal(listed.stderr, '')
      const json = JSON.parse((await cli(['list', '--filter', `name=${prefix}/`, '--json'])).stdout) as {
        secrets: Array<{name: string}>
      }
      assert.equal(json.secrets.length, 4)
      const none = await cli(['list', '--filter', 'name=no-such-prefix/'])
      assert.equal(none.code, 0, none.stderr)
      assert.equal(none.stdout, '', 'nothing for xargs to run on')
    })

    it('list at a terminal still draws the table', async () => {
      const name = `tty-${kind}/one`
      await created(name)
      const session = spawnInPty(process.execPath, [BIN, 'list', '--filter', `name=tty-${kind}/`, ...store.args], {
        env: store.env as NodeJS.ProcessEnv,
        cwd: REPO_ROOT,
      })
      const {code} = await session.exit
      assert.equal(code, 0, session.text)
      assert.match(session.text, /Name\s+│\s+Last changed/)
      assert.match(session.text, new RegExp(`│ ${name}\\s+│`))
    })

    for (const form of ['full ARN', 'partial ARN'] as const) {
      it(`every command that takes a secret name takes its ${form} too`, async () => {
        const name = fresh('arn')
        await created(name)
        const {arn} = JSON.parse((await cli(['describe', name, '--json'])).stdout) as {arn: string}
        // A partial ARN leaves out the hyphen and six characters Secrets Manager adds.
        const id = form === 'full ARN' ? arn : arn.slice(0, -7)
        const ok = async (args: string[], stdin?: string): Promise<CliResult> => {
          const result = await cli(args, stdin)
          assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
          assertNoCanary(result)
          return result
        }

        assert.equal((await ok(['get', id])).stdout, `${CANARY}-v1`)
        assert.equal(JSON.parse((await ok(['describe', id, '--json'])).stdout).name, name)
        const put = await ok(['put', id, '--from-stdin'], `${CANARY}-v2`)
        assert.match(put.stderr, new RegExp(`^Updated ${name} version`, 'm'))
        assert.equal((await ok(['get', name])).stdout, `${CANARY}-v2`)
        assert.equal(JSON.parse((await ok(['versions', id, '--json'])).stdout).versions.length, 2)
        assert.equal((await cli(['diff', id])).code, 1, 'diff(1): the two versions differ')
        await ok(['update', id, '--description', 'reached by ARN'])
        assert.equal(JSON.parse((await ok(['describe', name, '--json'])).stdout).description, 'reached by ARN')
        await ok(['rollback', id, '--yes'])
        assert.equal((await ok(['get', name])).stdout, `${CANARY}-v1`)
        const log = JSON.parse((await ok(['log', id, '--json'])).stdout) as {entries: Array<{secret: string}>}
        assert.ok(log.entries.length >= 3, 'the change log finds the secret by its ARN')
        await ok(['delete', id, '--yes'])
        await ok(['restore', id])
        assert.equal((await ok(['get', name])).stdout, `${CANARY}-v1`)
      })
    }

    it("an ARN whose six-character suffix is not the secret's is not found (another secret of that name, since deleted): exit 3", async () => {
      const name = fresh('arn')
      await created(name)
      const {arn} = JSON.parse((await cli(['describe', name, '--json'])).stdout) as {arn: string}
      const other = `${arn.slice(0, -6)}${arn.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`
      for (const args of [
        ['get', other],
        ['put', other, '--from-stdin'],
      ]) {
        const result = await cli(args, `${CANARY}-v2`)
        assert.equal(result.code, 3, `${args[0]}: ${result.stderr}`)
        assert.equal(result.stderr.trim().split('\n').length, 1)
        assertNoCanary(result)
      }

      assert.equal((await cli(['get', name])).stdout, `${CANARY}-v1`, 'nothing was written')
    })

    it('delete --remove-replicas on a secret without replicas deletes as usual', async () => {
      const name = fresh()
      await created(name)
      const deleted = await cli(['delete', name, '--remove-replicas', '--yes', '--json'])
      assert.equal(deleted.code, 0, deleted.stderr)
      const outcome = JSON.parse(deleted.stdout) as {action: string; replicasRemoved: string[]}
      assert.equal(outcome.action, 'scheduled-deletion')
      assert.deepEqual(outcome.replicasRemoved, [])
      assert.match(deleted.stderr, /^Scheduled deletion of /m)
      assert.doesNotMatch(deleted.stderr, /replica/i)
      assertNoCanary(deleted)
    })

    it('generate makes a password without opening the store: no AWS call, nothing written', async () => {
      const callsBefore = store.server?.calls.length
      const result = await cli(['generate', '--length', '40', '--exclude-punctuation'])
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^[A-Za-z0-9]{40}\n?$/)
      assert.equal(result.stderr, '')
      if (store.server) assert.equal(store.server.calls.length, callsBefore, 'generate called Secrets Manager')
    })
  })
}

describe('deleting a replicated secret (aws store)', function () {
  this.timeout(120_000)
  let store: CliStore
  const cli = (args: string[], stdin?: string): Promise<CliResult> =>
    runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 60_000})
  const callsDuring = async (action: () => Promise<CliResult>) => {
    const before = store.server!.calls.length
    const result = await action()
    return {result, calls: store.server!.calls.slice(before).map((call) => call.operation)}
  }

  before(async () => {
    store = await startCliStore('aws')
  })
  after(async () => store.stop())

  async function replicated(name: string): Promise<void> {
    const created = await cli(
      ['create', name, '--from-stdin', '--replica-region', 'us-west-2', '--replica-region', 'eu-north-1'],
      CANARY,
    )
    assert.equal(created.code, 0, created.stderr)
  }

  const replicaRegions = async (name: string) =>
    (
      (JSON.parse((await cli(['describe', name, '--json'])).stdout) as {replication?: Array<{region: string}>})
        .replication ?? []
    )
      .map((replica) => replica.region)
      .sort()

  it('refuses with exit 4 naming the regions and offering --remove-replicas; nothing is sent but the look', async () => {
    const name = 'replicated/refused'
    await replicated(name)
    const {result, calls} = await callsDuring(() => cli(['delete', name, '--yes']))
    assert.equal(result.code, 4, result.stderr)
    assert.equal(result.stdout, '')
    assert.equal(result.stderr.trim().split('\n').length, 1)
    assert.match(
      result.stderr,
      /^Error: Secret replicated\/refused has replicas in us-west-2, eu-north-1\b.*nothing was deleted/,
    )
    assert.match(
      result.stderr,
      new RegExp(`secretsmith delete replicated/refused --remove-replicas ${store.args.join(' ')}\\n$`),
    )
    assert.ok(!result.stderr.includes(CANARY))
    assert.deepEqual(calls, ['DescribeSecret'])
    assert.deepEqual(await replicaRegions(name), ['eu-north-1', 'us-west-2'])
    // The window chosen is carried into the suggested command.
    const windowed = await cli(['delete', name, '--yes', '--recovery-window-days', '7'])
    assert.match(windowed.stderr, /delete replicated\/refused --remove-replicas --recovery-window-days 7 --store aws/)
  })

  it('--remove-replicas without a terminal needs --yes, and then changes nothing', async () => {
    const name = 'replicated/unconfirmed'
    await replicated(name)
    const {result, calls} = await callsDuring(() => cli(['delete', name, '--remove-replicas']))
    assert.equal(result.code, 2, result.stderr)
    assert.match(result.stderr, /Remove the replicas of replicated\/unconfirmed in us-west-2, eu-north-1.*needs --yes/)
    assert.deepEqual(calls, ['DescribeSecret'])
    assert.deepEqual(await replicaRegions(name), ['eu-north-1', 'us-west-2'])
  })

  it('--remove-replicas --yes removes the replicas, then schedules the deletion, and says both', async () => {
    const name = 'replicated/removed'
    await replicated(name)
    const {result, calls} = await callsDuring(() => cli(['delete', name, '--remove-replicas', '--yes']))
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, '')
    assert.deepEqual(calls, ['DescribeSecret', 'RemoveRegionsFromReplication', 'DeleteSecret'])
    const [removal, deletion] = result.stderr.trim().split('\n')
    assert.match(
      removal,
      /^Removed replicas of replicated\/removed in aws eu-west-1.*: us-west-2, eu-north-1 deleted at once/,
    )
    assert.match(deletion, /^Scheduled deletion of replicated\/removed .*undo before then with: secretsmith restore/)
    assert.ok(!result.stderr.includes(CANARY))
    const described = JSON.parse((await cli(['describe', name, '--json'])).stdout) as {
      deletedDate?: string
      replication?: unknown[]
    }
    assert.ok(described.deletedDate, 'scheduled for deletion')
    assert.equal(described.replication?.length ?? 0, 0)
  })
})
