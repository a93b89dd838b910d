// Start-up stays light (issue 2: commands import heavy modules lazily): the real binary (built
// dist/), run under a preload that records every module loaded through import or require(),
// loads the AWS SDK only for the aws store, @inquirer only when it may prompt, the keychain
// binding only when the keychain is in use, and zod only when a value is checked against a schema.
import assert from 'node:assert/strict'
import {join} from 'node:path'

import {startCliStore, type CliStore} from '../support/cli-stores.js'
import {type TracedRun, runCliTracingModules} from '../support/module-trace.js'
import {CANARY, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

const SECRET = 'startup/secret'

interface TracedCase {
  args: string[]
  stdin?: string
  /** Whether the command may load zod (only writes, which check values against schemas). */
  mayLoadZod: boolean
}

// Each runs with CI=true, no TTY and SECRETSMITH_KEYCHAIN=off (isolatedEnv).
const LOCAL_CASES: TracedCase[] = [
  {args: ['--version'], mayLoadZod: false},
  {args: ['create', '--help'], mayLoadZod: false},
  {args: ['get', SECRET, '--store', 'local'], mayLoadZod: false},
  {args: ['generate', '--store', 'local'], mayLoadZod: false},
  {args: ['list', '--store', 'local'], mayLoadZod: false},
  {args: ['log', '--store', 'local'], mayLoadZod: false},
  {args: ['put', SECRET, '--store', 'local', '--from-stdin'], stdin: `${CANARY}-2`, mayLoadZod: true},
]

/** "@aws-sdk/" matches the whole scope; "@napi-rs/keyring" the package and its "-<platform>" builds. */
function loadedMatching(run: TracedRun, prefix: string): string[] {
  return [...run.packages].filter((name) =>
    prefix.endsWith('/') ? name.startsWith(prefix) : name === prefix || name.startsWith(`${prefix}-`),
  )
}

function assertSucceeded(run: TracedRun, label: string): void {
  assert.equal(run.result.code, 0, `${label}: exit code; stderr: ${run.result.stderr}`)
  assert.ok(!run.result.stderr.includes(CANARY), `${label}: stderr leaked the canary`)
  // Sanity: the tracer saw the run at all (every run starts in the bundle's entry point).
  assert.ok(
    run.modules.some((path) => path.endsWith(join('dist', 'bundle', 'cli.js'))),
    `${label}: the tracer did not see dist/bundle/cli.js; traced:\n${run.modules.join('\n')}`,
  )
}

function assertNotLoaded(run: TracedRun, label: string, prefix: string): void {
  assert.deepEqual(loadedMatching(run, prefix), [], `${label} loaded ${prefix}`)
}

/** The sensitive-information detection: our lint/ modules, the provider rule set and the parsers for non-JSON values. */
const DETECTION_PACKAGES = ['@secretlint/', 'dotenv', 'js-yaml', 'ini']

function detectionModulesLoaded(run: TracedRun): string[] {
  return run.modules.filter((path) => /[\\/]dist[\\/]lint[\\/]/.test(path) && !path.includes('node_modules'))
}

describe('start-up imports (heavy modules load only on the path that needs them)', function () {
  // Each case spawns node on the built binary; a 2-core CI machine needs some headroom.
  this.timeout(60_000)

  describe('local store, non-interactive, keychain off', function () {
    let home: {path: string; remove: () => Promise<void>}
    let env: Record<string, string | undefined>

    before(async function () {
      home = await makeTempDir()
      env = isolatedEnv(home.path)
      const created = await runCli(['create', SECRET, '--store', 'local', '--from-stdin'], {
        env,
        stdin: CANARY,
        timeoutMs: 30_000,
      })
      assert.equal(created.code, 0, created.stderr)
    })
    after(async () => home.remove())

    it('create --from-stdin loads neither the AWS SDK, @inquirer nor the keychain binding', async function () {
      const run = await runCliTracingModules(['create', 'startup/created', '--store', 'local', '--from-stdin'], {
        env,
        stdin: CANARY,
        timeoutMs: 30_000,
      })
      assertSucceeded(run, 'create')
      assertNotLoaded(run, 'create', '@aws-sdk/')
      assertNotLoaded(run, 'create', '@smithy/')
      assertNotLoaded(run, 'create', '@inquirer/')
      assertNotLoaded(run, 'create', '@napi-rs/keyring')
    })

    for (const {args, stdin, mayLoadZod} of LOCAL_CASES) {
      const label = args.join(' ')
      it(`${label}: no AWS SDK, no @inquirer, no keychain binding${mayLoadZod ? '' : ', no zod'}`, async function () {
        const run = await runCliTracingModules(args, {env, stdin, timeoutMs: 30_000})
        assertSucceeded(run, label)
        assertNotLoaded(run, label, '@aws-sdk/')
        assertNotLoaded(run, label, '@smithy/')
        assertNotLoaded(run, label, '@inquirer/')
        assertNotLoaded(run, label, '@napi-rs/keyring')
        if (!mayLoadZod) assertNotLoaded(run, label, 'zod')
      })
    }

    for (const args of [
      ['get', SECRET, '--store', 'local'],
      ['list', '--store', 'local'],
      ['describe', SECRET, '--store', 'local'],
    ]) {
      const label = args.join(' ')
      it(`${label} loads none of the detection code (no lint/ module, no secretlint, no dotenv/YAML/INI parser)`, async function () {
        const run = await runCliTracingModules(args, {env, timeoutMs: 30_000})
        assertSucceeded(run, label)
        assert.deepEqual(detectionModulesLoaded(run), [], `${label} loaded detection modules`)
        for (const prefix of DETECTION_PACKAGES) assertNotLoaded(run, label, prefix)
      })
    }

    it('the tracer sees the detection code where it runs: lint loads lint/ modules, and secretlint for a token-like description', async function () {
      // Without this, "none of the detection code" above could pass only because the paths were not seen.
      const run = await runCliTracingModules(
        ['lint', '--from-stdin', '--description', `deploy ${'hf'}_${'AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh'}`],
        {env, stdin: 'Vb6!pL0@zQ4#', timeoutMs: 30_000},
      )
      assert.equal(run.result.code, 0, run.result.stderr)
      assert.ok(detectionModulesLoaded(run).length > 0, `no lint/ module seen; traced:\n${run.modules.join('\n')}`)
      assert.ok(run.packages.has('@secretlint/core'), `secretlint was not seen; traced:\n${run.modules.join('\n')}`)
      assert.match(run.result.stderr, /metadata-credential-shape/)
    })

    it('a write with nothing token-like to scan does not load secretlint', async function () {
      const run = await runCliTracingModules(['put', SECRET, '--store', 'local', '--from-stdin'], {
        env,
        stdin: `${CANARY}-3`,
        timeoutMs: 30_000,
      })
      assertSucceeded(run, 'put')
      assertNotLoaded(run, 'put', '@secretlint/')
    })

    it('--version is answered without loading oclif, and --help loads it', async function () {
      const version = await runCliTracingModules(['--version'], {env, timeoutMs: 30_000})
      assertSucceeded(version, '--version')
      assertNotLoaded(version, '--version', '@oclif/core')
      const help = await runCliTracingModules(['--help'], {env, timeoutMs: 30_000})
      assertSucceeded(help, '--help')
      assert.ok(
        help.packages.has('@oclif/core'),
        `--help: the tracer saw no @oclif/core; traced:\n${help.modules.join('\n')}`,
      )
    })

    it('the tracer sees require()d modules: zod, loaded through createRequire, shows up when a value is checked against a schema', async function () {
      // Without this, "no zod" above could pass only because CommonJS loads went unseen.
      const run = await runCliTracingModules(
        ['create', 'startup/key-value', '--schema', 'key-value', '--store', 'local', '--from-stdin'],
        {
          env,
          stdin: JSON.stringify({token: CANARY}),
          timeoutMs: 30_000,
        },
      )
      assertSucceeded(run, 'create --schema key-value')
      assert.ok(
        run.packagesLoadedBy.require.has('zod'),
        `zod was not seen through require(); traced:\n${run.modules.join('\n')}`,
      )
      assertNotLoaded(run, 'create --schema key-value', '@aws-sdk/')
    })
  })

  describe('aws store (loopback test server)', function () {
    let store: CliStore

    before(async function () {
      store = await startCliStore('aws')
    })
    after(async () => store.stop())

    it('the tracer sees imported modules: list --store aws loads @aws-sdk/client-secrets-manager, and still no @inquirer or keychain binding', async function () {
      const run = await runCliTracingModules(['list', ...store.args], {env: store.env, timeoutMs: 30_000})
      assertSucceeded(run, 'list --store aws')
      assert.ok(
        run.packages.has('@aws-sdk/client-secrets-manager'),
        `the AWS SDK was not seen; traced:\n${run.modules.join('\n')}`,
      )
      assert.equal(store.server!.callsTo('ListSecrets').length, 1, 'the listing went to the test server')
      assertNotLoaded(run, 'list --store aws', '@inquirer/')
      assertNotLoaded(run, 'list --store aws', '@napi-rs/keyring')
      assertNotLoaded(run, 'list --store aws', '@aws-sdk/client-cloudtrail')
    })

    it('only log --cloudtrail loads @aws-sdk/client-cloudtrail', async function () {
      const created = await runCliTracingModules(['create', 'startup/trail', '--from-stdin', ...store.args], {
        env: store.env,
        stdin: CANARY,
        timeoutMs: 30_000,
      })
      assertSucceeded(created, 'create --store aws')
      assertNotLoaded(created, 'create --store aws', '@aws-sdk/client-cloudtrail')
      const run = await runCliTracingModules(['log', 'startup/trail', '--cloudtrail', ...store.args], {
        env: store.env,
        timeoutMs: 30_000,
      })
      assertSucceeded(run, 'log --cloudtrail')
      assert.ok(
        run.packages.has('@aws-sdk/client-cloudtrail'),
        `CloudTrail's client was not seen; traced:\n${run.modules.join('\n')}`,
      )
      assert.equal(store.server!.callsTo('LookupEvents').length, 1)
    })

    it('a get served by the client-side cache loads no AWS SDK and makes no call', async function () {
      const created = await runCli(['create', 'startup/cached', '--from-stdin', ...store.args], {
        env: store.env,
        stdin: CANARY,
        timeoutMs: 30_000,
      })
      assert.equal(created.code, 0, created.stderr)
      assert.equal(
        (await runCli(['get', 'startup/cached', ...store.args], {env: store.env, timeoutMs: 30_000})).stdout,
        CANARY,
      )
      const calls = store.server!.calls.length
      const run = await runCliTracingModules(['get', 'startup/cached', ...store.args], {
        env: store.env,
        timeoutMs: 30_000,
      })
      assertSucceeded(run, 'cached get --store aws')
      assert.equal(run.result.stdout, CANARY)
      assert.equal(store.server!.calls.length, calls, 'no call reached the test server')
      assertNotLoaded(run, 'cached get --store aws', '@aws-sdk/')
      assertNotLoaded(run, 'cached get --store aws', '@smithy/')
      assertNotLoaded(run, 'cached get --store aws', '@napi-rs/keyring')
    })
  })
})
