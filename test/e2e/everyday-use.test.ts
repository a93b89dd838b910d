// End-to-end: the everyday edges of secretsmith through the real binary on both stores: a
// staging label no version holds, generate without any store, describe's version dates,
// help as in other oclif CLIs, list in a pipeline, secrets named by ARN, and replicated secrets.
import assert from 'node:assert/strict'

import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

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
