// End-to-end: put never loses data it was not asked to change. --generate on a JSON object
// renews only its password field, even on a secret without a schema tag (the AWS console and
// CLI create those); a piped value may not turn an object into something else, nor binary into
// text, without --replace; --field refuses a key the secret does not have (a typo) unless
// --add-field, keeps the field's JSON type and every other byte of the text. Each runs on both
// stores, checking the exit code, both streams and what the store holds afterwards.
import {CreateSecretCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import assert from 'node:assert/strict'

import {ExitCode} from '../../src/errors.js'
import {assertNoCanaryOnStderr, assertOneLineError} from '../support/cli-assertions.js'
import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

/** What `aws secretsmanager create-secret` leaves for an RDS database: JSON, no secretsmith tag. */
const RDS_VALUE = {
  engine: 'postgres',
  host: 'billing.cluster-abc.eu-west-1.rds.amazonaws.com',
  username: 'billing_app',
  password: `${CANARY}-old`,
  dbname: 'billing',
  port: 5432,
  dbClusterIdentifier: 'billing',
}

for (const kind of STORE_KINDS) {
  describe(`put keeps what it was not asked to change (${kind} store)`, function () {
    this.timeout(60_000)
    let store: CliStore
    let counter = 0
    const fresh = () => `keeps/secret-${++counter}`
    const cli = (args: string[], stdin?: string | Buffer): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 30_000})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    /** Succeeded with an "Updated" summary (after at most the pace warning), no canary. */
    function assertUpdated(result: CliResult, detail: RegExp): void {
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout, '')
      const lines = result.stderr.trimEnd().split('\n')
      const summary = lines.at(-1)!
      assert.match(summary, /^Updated \S+ version [0-9a-f-]{36} in /)
      assert.match(summary, detail)
      for (const line of lines.slice(0, -1)) assert.match(line, /^Warning: the current version of .* is only/)
      assertNoCanaryOnStderr(result)
    }

    /**
     * A secret as another tool leaves it: on the aws store through the AWS SDK directly (as the
     * AWS CLI and the console do: no secretsmith:schema tag); on the local store without --schema.
     */
    async function createdElsewhere(name: string, value: string | Buffer): Promise<void> {
      if (kind === 'aws') {
        const client = new SecretsManagerClient({
          endpoint: store.server!.url,
          region: 'eu-west-1',
          credentials: {accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret-access-key'},
        })
        try {
          await client.send(
            new CreateSecretCommand(
              typeof value === 'string' ? {Name: name, SecretString: value} : {Name: name, SecretBinary: value},
            ),
          )
        } finally {
          client.destroy()
        }

        return
      }

      const created = await cli(['create', name, '--from-stdin', '--keep-newline'], value)
      assert.equal(created.code, 0, created.stderr)
    }

    async function current(name: string): Promise<{versionId: string; value?: string; valueBase64?: string}> {
      const got = await cli(['get', name, '--json'])
      assert.equal(got.code, 0, got.stderr)
      return JSON.parse(got.stdout)
    }

    describe('put --generate on a JSON secret without a schema tag', () => {
      it("the README's runbook step renews only the password and keeps every other field", async () => {
        const name = fresh()
        await createdElsewhere(name, JSON.stringify(RDS_VALUE))
        if (kind === 'aws') assert.deepEqual(store.server!.inspect(name)!.tags, [], 'no schema tag')

        // VERSION=$(secretsmith get prod/billing/db --json | jq -r .versionId)
        // secretsmith put prod/billing/db --generate --exclude-characters '"@/\' --if-version "$VERSION"
        const {versionId} = await current(name)
        const put = await cli(['put', name, '--generate', '--exclude-characters', '"@/\\', '--if-version', versionId])
        assertUpdated(put, /keys ~password \(values masked\)$/)

        const after = await current(name)
        const value = JSON.parse(after.value!)
        assert.deepEqual({...value, password: 'x'}, {...RDS_VALUE, password: 'x'}, 'every other field kept')
        assert.match(value.password, /^[^"@/\\]{32}$/)
        assert.ok(!put.stderr.includes(value.password), 'the new password is not shown')
        assert.equal(
          after.value,
          JSON.stringify({...RDS_VALUE, password: value.password}),
          'byte for byte, but the password',
        )
        const previous = JSON.parse((await cli(['get', name, '--version-stage', 'AWSPREVIOUS'])).stdout)
        assert.deepEqual(previous, RDS_VALUE)
      })

      it('renews the single key named like a password when the shape matches no schema', async () => {
        const name = fresh()
        const value = {username: 'svc', db_password: `${CANARY}-old`, docs_url: 'https://wiki.example.com/svc'}
        await createdElsewhere(name, JSON.stringify(value))
        const put = await cli(['put', name, '--generate', '--exclude-punctuation'])
        assertUpdated(put, /keys ~db_password \(values masked\)$/)
        const after = JSON.parse((await current(name)).value!)
        assert.equal(after.username, 'svc')
        assert.equal(after.docs_url, value.docs_url)
        assert.match(after.db_password, /^[A-Za-z0-9]{32}$/)
      })

      it('refuses (exit 5, nothing written) when no single field can be chosen, naming --field and --replace', async () => {
        for (const value of [
          {user: 'svc', note: `${CANARY}-note`},
          {accessToken: `${CANARY}-a`, refreshToken: `${CANARY}-r`},
        ]) {
          const name = fresh()
          await createdElsewhere(name, JSON.stringify(value))
          const before = await current(name)
          assertOneLineError(
            await cli(['put', name, '--generate']),
            ExitCode.Validation,
            /cannot tell which field to replace.*Nothing was written; name the field with --field KEY, or pass --replace/,
          )
          assert.deepEqual(await current(name), before, 'nothing written')
        }
      })

      it('--generate --field KEY renews that field, and --replace replaces the whole object', async () => {
        const name = fresh()
        await createdElsewhere(name, JSON.stringify({accessToken: `${CANARY}-a`, refreshToken: `${CANARY}-r`}))
        assertUpdated(await cli(['put', name, '--generate', '--field', 'refreshToken']), /keys ~refreshToken /)
        const fielded = JSON.parse((await current(name)).value!)
        assert.equal(fielded.accessToken, `${CANARY}-a`)

        assertUpdated(await cli(['put', name, '--generate', '--replace', '--length', '20']), /value changed/)
        assert.match((await current(name)).value!, /^\S{20}$/)
      })
    })

    describe('a whole new value keeps the shape and kind of the current one', () => {
      it('a JSON object is not replaced by plain text or an array without --replace (exit 5, nothing written)', async () => {
        const name = fresh()
        await createdElsewhere(name, JSON.stringify(RDS_VALUE))
        const before = await current(name)
        assertOneLineError(
          await cli(['put', name, '--from-stdin'], `${CANARY}-plain`),
          ExitCode.Validation,
          /holds a JSON object and the new value is plain text \(not JSON\); nothing was written\. .*--field KEY.*--replace/,
        )
        assertOneLineError(
          await cli(['put', name, '--from-stdin'], JSON.stringify([CANARY])),
          ExitCode.Validation,
          /the new value is JSON \(an array\)/,
        )
        assert.deepEqual(await current(name), before, 'nothing written')

        assertUpdated(await cli(['put', name, '--from-stdin', '--replace'], `${CANARY}-plain`), /value changed/)
        assert.equal((await current(name)).value, `${CANARY}-plain`)
      })

      it('a new object may add and remove keys, shown in the summary', async () => {
        const name = fresh()
        await createdElsewhere(name, JSON.stringify({user: 'a', password: `${CANARY}-1`}))
        const put = await cli(['put', name, '--from-stdin'], JSON.stringify({password: `${CANARY}-2`, host: 'h'}))
        assertUpdated(put, /keys \+host ~password -user \(values masked\)/)
        assert.deepEqual(JSON.parse((await current(name)).value!), {password: `${CANARY}-2`, host: 'h'})
      })

      it('a binary secret stays binary when text is piped onto it; --replace stores text', async () => {
        const name = fresh()
        await createdElsewhere(name, Buffer.from([0xff, 0xfe, 0x00, 0x01]))
        assertUpdated(await cli(['put', name, '--from-stdin'], `${CANARY}-text`), /binary value changed/)
        const kept = await current(name)
        assert.equal(kept.value, undefined)
        assert.equal(Buffer.from(kept.valueBase64!, 'base64').toString('utf8'), `${CANARY}-text`)
        if (kind === 'aws') {
          const versions = store.server!.inspect(name)!.versions
          assert.ok(versions.find((version) => version.stages.includes('AWSCURRENT'))!.isBinary, 'SecretBinary')
        }

        assertUpdated(await cli(['put', name, '--from-stdin', '--replace'], `${CANARY}-text2`), /value changed/)
        const replaced = await current(name)
        assert.equal(replaced.value, `${CANARY}-text2`)
      })

      it('a text secret is not replaced by binary bytes without --replace (exit 5, nothing written)', async () => {
        const name = fresh()
        await createdElsewhere(name, `${CANARY}-text`)
        const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01])
        assertOneLineError(
          await cli(['put', name, '--from-stdin'], bytes),
          ExitCode.Validation,
          /holds a text value and the new value is binary; nothing was written\. Pass --replace/,
        )
        assert.equal((await current(name)).value, `${CANARY}-text`)
        assertUpdated(await cli(['put', name, '--from-stdin', '--replace'], bytes), /binary value changed/)
        assert.deepEqual(Buffer.from((await current(name)).valueBase64!, 'base64'), bytes)
      })
    })

    describe('create or update', () => {
      it('put on a missing secret says so and names create and --create-if-missing (exit 3, nothing created)', async () => {
        const name = fresh()
        assertOneLineError(
          await cli(['put', name, '--from-stdin'], CANARY),
          ExitCode.NotFound,
          new RegExp(
            `${name}.*create it with secretsmith create ${name} ${store.args.join(' ')}, or pass --create-if-missing to put\\.$`,
          ),
        )
        assert.equal((await cli(['describe', name])).code, ExitCode.NotFound, 'nothing created')
      })

      it("put --create-if-missing creates a missing secret with create's metadata, and is a plain put afterwards", async () => {
        const name = fresh()
        const value = JSON.stringify({
          engine: 'postgres',
          host: 'db.example.com',
          username: 'u',
          password: `${CANARY}-1`,
        })
        const calls = store.server?.calls.length ?? 0
        const created = await cli(
          [
            'put',
            name,
            '--from-stdin',
            '--create-if-missing',
            '--schema',
            'rds-postgres',
            '--description',
            'Billing database',
            '--tag',
            'team=billing',
          ],
          value,
        )
        assert.equal(created.code, 0, created.stderr)
        assert.equal(created.stdout, '')
        assert.match(created.stderr, new RegExp(`^Created ${name} version [0-9a-f-]{36} in .*keys \\+engine`))
        assert.equal(created.stderr.trim().split('\n').length, 1, created.stderr)
        assertNoCanaryOnStderr(created)
        if (kind === 'aws') {
          const operations = store.server!.calls.slice(calls).map((call) => call.operation)
          assert.deepEqual(operations, ['DescribeSecret', 'CreateSecret'])
        }

        const described = JSON.parse((await cli(['describe', name, '--json'])).stdout)
        assert.equal(described.description, 'Billing database')
        assert.deepEqual(described.tags.map((tag: {key: string; value: string}) => `${tag.key}=${tag.value}`).sort(), [
          'secretsmith:schema=rds-postgres',
          'team=billing',
        ])
        assert.equal((await current(name)).value, value)

        // The second run is a put: a new version, the metadata flags said to be unused, not applied.
        const next = JSON.stringify({...JSON.parse(value), password: `${CANARY}-2`})
        const updated = await cli(
          ['put', name, '--from-stdin', '--create-if-missing', '--description', 'Other words'],
          next,
        )
        assert.equal(updated.code, 0, updated.stderr)
        assert.match(
          updated.stderr,
          new RegExp(
            `^Warning: ${name} exists, so --description \\(for --create-if-missing\\) did not change it; use update`,
            'm',
          ),
        )
        assert.match(updated.stderr, /^Updated .*keys ~password \(values masked\)$/m)
        assertNoCanaryOnStderr(updated)
        assert.equal((await current(name)).value, next)
        assert.equal(JSON.parse((await cli(['describe', name, '--json'])).stdout).description, 'Billing database')
      })

      it('--create-if-missing still validates the value against --schema before creating (exit 5, nothing created)', async () => {
        const name = fresh()
        const refused = await cli(
          ['put', name, '--from-stdin', '--create-if-missing', '--schema', 'rds-postgres'],
          JSON.stringify({engine: 'postgres', password: CANARY}),
        )
        assert.equal(refused.code, ExitCode.Validation, refused.stderr)
        assertNoCanaryOnStderr(refused)
        assert.equal((await cli(['describe', name])).code, ExitCode.NotFound)
      })

      it('create-only metadata flags need --create-if-missing (exit 2)', async () => {
        const name = fresh()
        await createdElsewhere(name, `${CANARY}-1`)
        const refused = await cli(['put', name, '--from-stdin', '--description', 'x'], `${CANARY}-2`)
        assert.equal(refused.code, ExitCode.Usage, refused.stderr)
        assert.match(refused.stderr, /--create-if-missing/)
        assertNoCanaryOnStderr(refused)
        assert.equal((await current(name)).value, `${CANARY}-1`)
      })
    })

    describe('put --field', () => {
      it('refuses a key the secret does not have (exit 5, naming the keys), and --add-field adds it', async () => {
        const name = fresh()
        await createdElsewhere(name, JSON.stringify(RDS_VALUE))
        const before = await current(name)
        assertOneLineError(
          await cli(['put', name, '--field', 'pasword', '--from-stdin'], `${CANARY}-new`),
          ExitCode.Validation,
          /has no field pasword \(did you mean password\?\); its fields: engine, host, username, password, dbname, port, dbClusterIdentifier\. Nothing was written; pass --add-field/,
        )
        // A name far from every key may be a value typed in the wrong place: not repeated.
        const far = await cli(['put', name, '--field', `${CANARY}-as-key`, '--from-stdin'], 'x')
        assertOneLineError(far, ExitCode.Validation, /has no field by the name given \(not repeated\)/)
        assert.deepEqual(await current(name), before, 'nothing written')

        assertUpdated(
          await cli(['put', name, '--field', 'sslmode', '--add-field', '--from-stdin'], 'require'),
          /keys \+sslmode \(values masked\)/,
        )
        assert.deepEqual(JSON.parse((await current(name)).value!), {...RDS_VALUE, sslmode: 'require'})
      })

      it('on a secret with a schema, a key the schema does not know is refused even with --add-field', async () => {
        const name = fresh()
        const created = await cli(
          ['create', name, '--schema', 'rds-postgres', '--from-stdin'],
          JSON.stringify({engine: 'postgres', host: 'db.example.com', username: 'u', password: `${CANARY}-p`}),
        )
        assert.equal(created.code, 0, created.stderr)
        assertOneLineError(
          await cli(['put', name, '--field', 'sslmode', '--add-field', '--from-stdin'], 'require'),
          ExitCode.Validation,
          /Schema rds-postgres has no field by the name given \(not repeated\), so it cannot be added; its fields: engine, host/,
        )
        assertUpdated(
          await cli(['put', name, '--field', 'port', '--add-field', '--from-stdin'], '6543'),
          /keys \+port \(values masked\)/,
        )
        assert.equal(JSON.parse((await current(name)).value!).port, 6543, 'a port field added as a number')
      })

      it('keeps the JSON type of the field it replaces: a number stays a number, a boolean a boolean', async () => {
        const name = fresh()
        await createdElsewhere(name, JSON.stringify({...RDS_VALUE, ssl: true, label: '5432'}))
        assertUpdated(await cli(['put', name, '--field', 'port', '--from-stdin'], '6543'), /keys ~port /)
        assertUpdated(await cli(['put', name, '--field', 'ssl', '--from-stdin'], 'false'), /keys ~ssl /)
        assertUpdated(await cli(['put', name, '--field', 'label', '--from-stdin'], '6543'), /keys ~label /)
        const after = JSON.parse((await current(name)).value!)
        assert.equal(after.port, 6543)
        assert.equal(after.ssl, false)
        assert.equal(after.label, '6543', 'a string field stays a string')
      })

      it('changes only the bytes of the field value in a pretty-printed secret', async () => {
        const name = fresh()
        const text = `{\n    "username": "svc",\n    "password": "${CANARY}-old",\n    "ratio": 1.50,\n    "zeta": {"a": 1}\n}\n`
        await createdElsewhere(name, text)
        assertUpdated(await cli(['put', name, '--field', 'password', '--from-stdin'], `${CANARY}-new`), /~password/)
        assert.equal((await current(name)).value, text.replace(`${CANARY}-old`, `${CANARY}-new`))
      })
    })
  })
}
