// End-to-end: the real binary, spawned with stdin and an isolated environment, against the
// embedded local store and against the AWS store on the loopback test server. Every test
// checks the exit code and both streams, and that the canary value never reaches stderr.
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {assertNoCanaryOnStderr, assertOneLineError} from '../support/cli-assertions.js'
import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

for (const kind of STORE_KINDS) {
  describe(`authoring secrets end to end (${kind} store)`, function () {
    let store: CliStore
    let counter = 0
    const fresh = (stem = 'e2e') => `${stem}/secret-${++counter}`
    const cli = (args: string[], stdin?: string | Buffer): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: store.env, stdin})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    it('creates a secret from stdin, says where it went, and get prints exactly the value', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--from-stdin'], `${CANARY}\n`)
      assert.equal(created.code, 0, created.stderr)
      assert.equal(created.stdout, '')
      assert.match(created.stderr, new RegExp(`^Created ${name} version [0-9a-f-]{36} in `))
      assert.match(
        created.stderr,
        kind === 'local'
          ? /local store \//
          : new RegExp(
              `aws eu-west-1, account 123456789012, .*\\(arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-\\w{6}\\)`,
            ),
      )
      assert.match(created.stderr, /value set \(25 bytes, masked\)/)
      assertNoCanaryOnStderr(created)

      const got = await cli(['get', name])
      assert.equal(got.code, 0, got.stderr)
      assert.equal(got.stdout, CANARY, 'exact bytes, trailing newline stripped on input, none added for a pipe')
      assert.equal(got.stderr, '')
    })

    it('keeps a trailing newline with --keep-newline and round-trips binary values byte for byte', async () => {
      const text = fresh()
      assert.equal((await cli(['create', text, '--from-stdin', '--keep-newline'], `${CANARY}\n`)).code, 0)
      assert.equal((await cli(['get', text])).stdout, `${CANARY}\n`)

      const binary = fresh()
      const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7f, 0xc3])
      const created = await cli(['create', binary, '--from-stdin', '--keep-newline'], bytes)
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stderr, /binary value set \(7 bytes, masked\)/)
      const got = await cli(['get', binary])
      assert.deepEqual(got.stdoutBytes, bytes)
      const json = JSON.parse((await cli(['get', binary, '--json'])).stdout)
      assert.equal(json.valueBase64, bytes.toString('base64'))
    })

    it('put stores a new version, moves AWSCURRENT and AWSPREVIOUS, and summarises JSON keys with values masked', async () => {
      const name = fresh()
      const v1 = JSON.stringify({username: 'app', password: `${CANARY}-1`, hint2: 'x'})
      const v2 = JSON.stringify({username: 'app', password: `${CANARY}-2`, host: 'db.internal'})
      assert.equal((await cli(['create', name, '--from-stdin'], v1)).code, 0)
      const put = await cli(['put', name, '--from-stdin'], v2)
      assert.equal(put.code, 0, put.stderr)
      // A put seconds after the create: one pace warning (AWS advises at most one new value per 10 minutes), then the summary.
      const [warning, summary, ...rest] = put.stderr.trimEnd().split('\n')
      assert.match(
        warning,
        /^Warning: the current version of .* is only \d+ s old; AWS advises a new value at most once every 10 minutes/,
      )
      assert.match(
        summary,
        new RegExp(`^Updated ${name} version [0-9a-f-]{36} in .*keys \\+host ~password -hint2 \\(values masked\\)`),
      )
      assert.deepEqual(rest, [])
      assertNoCanaryOnStderr(put)

      assert.equal((await cli(['get', name])).stdout, v2)
      assert.equal((await cli(['get', name, '--version-stage', 'AWSPREVIOUS'])).stdout, v1)
      assert.equal((await cli(['get', name, '--field', 'password'])).stdout, `${CANARY}-2`)

      const json = JSON.parse((await cli(['get', name, '--json'])).stdout)
      assert.deepEqual(json.stages, ['AWSCURRENT'])
      assert.match(json.versionId, /^[0-9a-f-]{36}$/)
      assert.equal(json.value, v2)

      const byId = await cli(['get', name, '--version-id', json.versionId])
      assert.equal(byId.stdout, v2)
    })

    it('put --field changes one field and keeps the rest', async () => {
      const name = fresh()
      assert.equal(
        (await cli(['create', name, '--from-stdin'], JSON.stringify({user: 'u', token: 'old-token-value'}))).code,
        0,
      )
      const put = await cli(['put', name, '--field', 'token', '--from-stdin'], CANARY)
      assert.equal(put.code, 0, put.stderr)
      assert.match(put.stderr, /keys ~token \(values masked\)/)
      assert.deepEqual(JSON.parse((await cli(['get', name])).stdout), {user: 'u', token: CANARY})
    })

    it('writes no new version when the value is unchanged', async () => {
      const name = fresh()
      await cli(['create', name, '--from-stdin'], CANARY)
      const before = JSON.parse((await cli(['get', name, '--json'])).stdout).versionId
      const put = await cli(['put', name, '--from-stdin'], CANARY)
      assert.equal(put.code, 0, put.stderr)
      assert.match(put.stderr, /^Unchanged .*no version written/)
      assert.equal(JSON.parse((await cli(['get', name, '--json'])).stdout).versionId, before)
    })

    it('refuses put --if-version when someone else wrote in between (exit 4, nothing written)', async () => {
      const name = fresh()
      await cli(['create', name, '--from-stdin'], 'first-value')
      const stale = JSON.parse((await cli(['get', name, '--json'])).stdout).versionId
      await cli(['put', name, '--from-stdin'], 'second-value')
      const put = await cli(['put', name, '--from-stdin', '--if-version', stale], CANARY)
      assertOneLineError(put, 4, /someone else wrote it/)
      assert.equal((await cli(['get', name])).stdout, 'second-value')
    })

    it('create with --json prints the outcome on stdout without the value', async () => {
      const name = fresh()
      const created = await cli(
        ['create', name, '--from-stdin', '--json', '--description', 'Primary DB for billing', '--tag', 'team=billing'],
        CANARY,
      )
      assert.equal(created.code, 0, created.stderr)
      const json = JSON.parse(created.stdout)
      assert.equal(json.action, 'created')
      assert.equal(json.name, name)
      assert.match(json.versionId, /^[0-9a-f-]{36}$/)
      assert.equal(json.store.kind, kind)
      assert.ok(!created.stdout.includes(CANARY))
    })

    it('describe shows metadata, tags and stages but never the value', async () => {
      const name = fresh()
      await cli(
        [
          'create',
          name,
          '--from-stdin',
          '--description',
          'Primary DB for billing',
          '--tag',
          'team=billing',
          '--tag',
          'env=prod',
        ],
        CANARY,
      )
      const described = await cli(['describe', name])
      assert.equal(described.code, 0, described.stderr)
      assert.match(described.stdout, /Description\s+Primary DB for billing/)
      assert.match(described.stdout, /team=billing/)
      assert.match(described.stdout, /AWSCURRENT/)
      assert.ok(!described.stdout.includes(CANARY))
      const json = JSON.parse((await cli(['describe', name, '--json'])).stdout)
      assert.equal(json.name, name)
      assert.deepEqual(
        json.tags
          .filter((tag: {key: string}) => !tag.key.startsWith('secretsmith:'))
          .sort((a: {key: string}, b: {key: string}) => a.key.localeCompare(b.key)),
        [
          {key: 'env', value: 'prod'},
          {key: 'team', value: 'billing'},
        ],
      )
    })

    it('list follows every page and shows names only', async () => {
      const prefix = `list-${kind}`
      for (let i = 0; i < 3; i++)
        assert.equal((await cli(['create', `${prefix}/s${i}`, '--from-stdin'], `${CANARY}-${i}`)).code, 0)
      const listed = await cli(['list', '--filter', `name=${prefix}/`])
      assert.equal(listed.code, 0, listed.stderr)
      for (let i = 0; i < 3; i++) assert.match(listed.stdout, new RegExp(`${prefix}/s${i}`))
      assert.ok(!listed.stdout.includes(CANARY))
      const json = JSON.parse((await cli(['list', '--filter', `name=${prefix}/`, '--json'])).stdout)
      assert.deepEqual(
        json.secrets.map((s: {name: string}) => s.name).sort(),
        [0, 1, 2].map((i) => `${prefix}/s${i}`),
      )
    })

    it('delete needs --yes without a terminal, schedules a recoverable deletion, and restore undoes it', async () => {
      const name = fresh()
      await cli(['create', name, '--from-stdin'], CANARY)
      const refused = await cli(['delete', name])
      assertOneLineError(refused, 2, /--yes/)
      assert.equal((await cli(['get', name])).stdout, CANARY, 'still there')

      const deleted = await cli(['delete', name, '--yes', '--recovery-window-days', '7'])
      assert.equal(deleted.code, 0, deleted.stderr)
      assert.match(deleted.stderr, new RegExp(`^Scheduled deletion of ${name} in .*restore`))
      const got = await cli(['get', name])
      assert.notEqual(got.code, 0)
      assert.equal(got.stdout, '')
      const described = JSON.parse((await cli(['describe', name, '--json'])).stdout)
      assert.ok(described.deletedDate, 'deletion date recorded')
      assert.equal(
        (await cli(['create', name, '--from-stdin'], 'x')).code,
        4,
        'name is still taken while pending deletion',
      )

      const restored = await cli(['restore', name])
      assert.equal(restored.code, 0, restored.stderr)
      assert.match(restored.stderr, new RegExp(`^Restored ${name} in `))
      assert.equal((await cli(['get', name])).stdout, CANARY)
    })

    it('restore and a repeated delete change nothing when there is nothing to change, and say so', async () => {
      const name = fresh()
      await cli(['create', name, '--from-stdin'], CANARY)
      const restored = await cli(['restore', name])
      assert.equal(restored.code, 0, restored.stderr)
      assert.match(restored.stderr, new RegExp(`^Unchanged ${name} in .*not scheduled for deletion`))

      assert.equal((await cli(['delete', name, '--yes'])).code, 0)
      const firstDate = JSON.parse((await cli(['describe', name, '--json'])).stdout).deletedDate
      const again = await cli(['delete', name, '--yes', '--recovery-window-days', '7'])
      assert.equal(again.code, 0, again.stderr)
      assert.match(again.stderr, /^Unchanged .*already scheduled for deletion on .*restore it and delete again/)
      assert.equal(
        JSON.parse((await cli(['describe', name, '--json'])).stdout).deletedDate,
        firstDate,
        'the first window stands',
      )
    })

    it('put, delete and restore print their outcome as JSON with --json, without the value', async () => {
      const name = fresh()
      await cli(['create', name, '--from-stdin'], 'first')
      for (const [args, action] of [
        [['put', name, '--from-stdin', '--json'], 'updated'],
        [['delete', name, '--yes', '--json'], 'scheduled-deletion'],
        [['restore', name, '--json'], 'restored'],
      ] as const) {
        const result = await cli([...args], CANARY)
        assert.equal(result.code, 0, result.stderr)
        const json = JSON.parse(result.stdout)
        assert.equal(json.action, action)
        assert.equal(json.name, name)
        assert.ok(!result.stdout.includes(CANARY))
      }
    })

    it('force delete removes a secret at once', async () => {
      const name = fresh()
      await cli(['create', name, '--from-stdin'], CANARY)
      const deleted = await cli(['delete', name, '--force', '--yes'])
      assert.equal(deleted.code, 0, deleted.stderr)
      assert.match(deleted.stderr, /^Deleted .*without recovery/)
      assertOneLineError(await cli(['describe', name]), 3, new RegExp(name))
      assert.equal((await cli(['create', name, '--from-stdin'], 'again')).code, 0, 'the name is free again')
    })

    it('generate prints a password of the requested shape', async () => {
      const generated = await cli(['generate', '--length', '48', '--exclude-punctuation'])
      assert.equal(generated.code, 0, generated.stderr)
      assert.match(generated.stdout, /^[A-Za-z0-9]{48}$/)
      const json = JSON.parse((await cli(['generate', '--length', '20', '--json'])).stdout)
      assert.equal(json.password.length, 20)
    })

    it('create --generate stores a generated value without printing it', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--generate', '--length', '40'])
      assert.equal(created.code, 0, created.stderr)
      assert.equal(created.stdout, '')
      const got = await cli(['get', name])
      assert.equal(got.stdout.length, 40)
      assert.ok(!created.stderr.includes(got.stdout))
    })

    describe('bad input: one line, documented exit code, nothing written', () => {
      it('existing name on create → 4', async () => {
        const name = fresh()
        await cli(['create', name, '--from-stdin'], 'original')
        assertOneLineError(await cli(['create', name, '--from-stdin'], CANARY), 4, /already exists/)
        assert.equal((await cli(['get', name])).stdout, 'original')
      })

      it('missing secret on get, put and describe → 3', async () => {
        assertOneLineError(await cli(['get', 'nope/missing']), 3, /nope\/missing/)
        assertOneLineError(await cli(['put', 'nope/missing', '--from-stdin'], CANARY), 3, /nope\/missing/)
        assertOneLineError(await cli(['describe', 'nope/missing']), 3, /nope\/missing/)
      })

      it('invalid name → 2', async () => {
        assertOneLineError(await cli(['create', 'bad name!', '--from-stdin'], CANARY), 2, /Invalid secret name/)
        assertOneLineError(await cli(['create', 'x'.repeat(513), '--from-stdin'], CANARY), 2, /at most 512/)
      })

      it('empty value → 5', async () => {
        const name = fresh()
        assertOneLineError(await cli(['create', name, '--from-stdin'], '\n'), 5, /empty/)
        assert.equal((await cli(['describe', name])).code, 3, 'nothing written')
      })

      it('value over 65,536 bytes → 5', async () => {
        const name = fresh()
        assertOneLineError(await cli(['create', name, '--from-stdin'], CANARY.repeat(3000)), 5, /65,536 bytes/)
        assert.equal((await cli(['describe', name])).code, 3, 'nothing written')
        const exact = fresh()
        assert.equal(
          (await cli(['create', exact, '--from-stdin', '--keep-newline'], 'a'.repeat(65_536))).code,
          0,
          'exactly the limit is fine',
        )
      })

      if (kind === 'local') {
        it('--replica-region on the local store → 2, nothing written', async () => {
          const name = fresh()
          assertOneLineError(
            await cli(['create', name, '--from-stdin', '--replica-region', 'eu-west-1'], CANARY),
            2,
            /no regions/,
          )
          assert.equal((await cli(['describe', name])).code, 3)
        })
      }

      it('two value sources → 2', async () => {
        assertOneLineError(await cli(['create', fresh(), '--from-stdin', '--generate'], CANARY), 2, /one/)
      })

      it('no source and no terminal → 2 at once, naming the source flags (never hangs)', async () => {
        const result = await cli(['create', fresh()])
        assertOneLineError(result, 2, /--from-stdin/)
      })

      it('a value given as an argument is refused and never echoed', async () => {
        assertOneLineError(
          await cli(['create', fresh(), CANARY]),
          2,
          /^Error: Unexpected argument at word 2 after the command name .*No flag or argument takes a secret value/,
        )
        assertOneLineError(
          await cli(['put', 'x', `--password=${CANARY}`]),
          2,
          /Unknown flag at word 2 after the command name/,
        )
        assertOneLineError(
          await cli(['create', fresh(), `--value=${CANARY}`]),
          2,
          /Unknown flag at word 2 after the command name/,
        )
      })

      it('bad flag values are usage errors (exit 2), not unexpected ones', async () => {
        assertOneLineError(await cli(['generate', '--length', 'abc']), 2, /--length: Expected an integer/)
        assertOneLineError(
          await cli(['delete', 'x', '--recovery-window-days', '6', '--yes']),
          2,
          /greater than or equal to 7/,
        )
        assertOneLineError(await cli(['get']), 2, /Missing 1 required arg: name; see --help/)
        assertOneLineError(await cli(['put', '--from-stdin'], CANARY), 2, /Missing 1 required arg: name; see --help/)
      })

      it('a forgotten name is never filled from piped stdin (the value would become the name)', async () => {
        const before = JSON.parse((await cli(['list', '--json'])).stdout).secrets.length
        assertOneLineError(await cli(['create', '--generate'], CANARY), 2, /Missing 1 required arg: name/)
        assertOneLineError(await cli(['get'], CANARY), 2, /Missing 1 required arg: name/)
        const listed = await cli(['list', '--json'])
        assert.equal(JSON.parse(listed.stdout).secrets.length, before, 'no secret created')
        assert.ok(!listed.stdout.includes(CANARY))
      })

      it('an unknown command is refused without repeating the word typed', async () => {
        assertOneLineError(await cli([CANARY]), 2, /Unknown command; the commands are (\w+, )*create, delete/)
        assertOneLineError(await cli(['schema', CANARY]), 2, /Unknown command/)
      })

      it('a key that looks like a credential is named by position in the change summary', async () => {
        const name = fresh()
        const created = await cli(
          ['create', name, '--from-stdin'],
          JSON.stringify({user: 'u', AKIAIOSFODNN7EXAMPLE: 'x', 'bad\u001b[31mkey': 'y'}),
        )
        assert.equal(created.code, 0, created.stderr)
        assert.match(created.stderr, /keys \+user \+#2 \+#3 \(values masked\)/)
        assert.doesNotMatch(created.stderr, /AKIA|\u001b/)
        assert.equal(created.stderr.trim().split('\n').length, 1)
      })

      it('--field on a value that is not a JSON object → 2 for get and put alike, before put reads a field value, naming no content', async () => {
        const name = fresh()
        await cli(['create', name, '--from-stdin'], CANARY)
        assertOneLineError(await cli(['get', name, '--field', 'password']), 2, /not one/)
        assertOneLineError(await cli(['put', name, '--field', 'password', '--from-stdin'], 'new'), 2, /not one/)
        // Empty stdin would be refused as an empty value (exit 5) if put read it: it is refused before reading.
        assertOneLineError(await cli(['put', name, '--field', 'password', '--from-stdin'], ''), 2, /not one/)
        assert.equal((await cli(['get', name])).stdout, CANARY)
      })

      it('errors under --json are JSON on stdout with the exit code', async () => {
        const result = await cli(['get', 'nope/missing', '--json'])
        assert.equal(result.code, 3)
        const json = JSON.parse(result.stdout)
        assert.equal(json.error.code, 'NotFound')
        assert.equal(json.error.exitCode, 3)
      })
    })

    it('--debug shows diagnostics on stderr but never the value', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--from-stdin', '--debug'], CANARY)
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stderr, /\[debug/)
      assertNoCanaryOnStderr(created)
      const got = await cli(['get', name, '--debug'])
      assert.equal(got.stdout, CANARY)
      assertNoCanaryOnStderr(got)
      const failed = await cli(['put', name, '--field', 'x', '--from-stdin', '--debug'], 'y')
      assert.notEqual(failed.code, 0)
      assertNoCanaryOnStderr(failed)
    })

    it('reads a value from a private file and warns about a group/world-readable one', async () => {
      const dir = join(store.home, 'files')
      await mkdir(dir, {recursive: true})
      const privateFile = join(dir, 'private.txt')
      await writeFile(privateFile, CANARY, {mode: 0o600})
      const name = fresh()
      const created = await cli(['create', name, '--from-file', privateFile])
      assert.equal(created.code, 0, created.stderr)
      assert.doesNotMatch(created.stderr, /Warning/)
      const open = join(dir, 'open.txt')
      await writeFile(open, `${CANARY}-2`, {mode: 0o644})
      const put = await cli(['put', name, '--from-file', open])
      assert.equal(put.code, 0, put.stderr)
      assert.match(put.stderr, /Warning: .*group or others/)
      assertNoCanaryOnStderr(put)
    })
  })
}
