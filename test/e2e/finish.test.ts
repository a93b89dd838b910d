// The finishing touches through the real binary: doctor against the AWS test server, the
// config file and contexts with their precedence, help grouped by task and short enough for
// one screen, and a package that installs into a clean directory and runs.
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {Config} from '@oclif/core'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {CANARY, REPO_ROOT, makeTempDir, runCli} from '../support/run-cli.js'

const execFileAsync = promisify(execFile)

describe('doctor', function () {
  this.timeout(60_000)
  let store: CliStore

  before(async () => {
    store = await startCliStore('aws')
  })
  after(async () => store.stop())

  it('checks credentials, identity (STS), a loopback endpoint and the directories against the test server', async () => {
    const env = {...store.env, AWS_ENDPOINT_URL_STS: store.server!.url, SHELL: '/bin/bash'}
    const run = await runCli(['doctor', '--json', ...store.args], {env})
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const checks = Object.fromEntries(JSON.parse(run.stdout).checks.map((check: {id: string}) => [check.id, check]))
    assert.equal(checks['aws-credentials'].status, 'pass')
    assert.match(checks['aws-credentials'].detail, /environment \(AWS_ACCESS_KEY_ID\)/)
    assert.equal(checks['aws-identity'].status, 'pass')
    assert.match(checks['aws-identity'].detail, /account 123456789012, arn:aws:iam::123456789012:user\/tester/)
    assert.equal(checks.endpoint.status, 'pass')
    assert.match(checks.endpoint.detail, /loopback addresses/)
    assert.equal(checks['endpoint-reachable'].status, 'pass')
    assert.equal(checks['shell-history'].status, 'warn')
    assert.equal(store.server!.callsTo('GetCallerIdentity').length, 1)
  })

  it('warns about the AWS CLI recording responses when cli_history is enabled', async () => {
    await writeFile(join(store.home, 'aws-config'), '[default]\ncli_history = enabled\n')
    const run = await runCli(['doctor', ...store.args], {env: {...store.env, AWS_ENDPOINT_URL_STS: store.server!.url}})
    assert.match(run.stdout, /WARN\s+aws-cli-history .*cli_history enabled for default/)
    assert.match(run.stdout, /fix: Set cli_history = disabled/)
    await writeFile(join(store.home, 'aws-config'), '')
  })

  it('fails with exit 7 when the named profile does not exist, saying so', async () => {
    const env = {...store.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined}
    const run = await runCli(['doctor', '--profile', 'nosuch', ...store.args], {env})
    assert.equal(run.code, 7, run.stdout + run.stderr)
    assert.match(run.stdout, /FAIL\s+aws-credentials .*profile nosuch \(not found/)
  })
})

describe('the config file and contexts', function () {
  this.timeout(60_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>

  before(async () => {
    home = await makeTempDir()
    await mkdir(join(home.path, 'cfg', 'secretsmith'), {recursive: true})
    env = {
      PATH: process.env.PATH,
      HOME: home.path,
      SECRETSMITH_HOME: join(home.path, 'store'),
      SECRETSMITH_KEYCHAIN: 'off',
      XDG_CONFIG_HOME: join(home.path, 'cfg'),
      AWS_CONFIG_FILE: join(home.path, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home.path, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      CI: 'true',
    }
  })
  after(async () => home.remove())

  const writeConfig = (config: unknown) =>
    writeFile(join(home.path, 'cfg', 'secretsmith', 'config.json'), JSON.stringify(config), {mode: 0o600})

  it('a default store set once in the config file is used without --store, and --debug says where it came from', async () => {
    await writeConfig({defaults: {store: 'local'}, contexts: {cloud: {store: 'aws', region: 'eu-west-1'}}})
    assert.equal((await runCli(['create', 'cfg/one', '--from-stdin'], {env, stdin: 'v'})).code, 0)
    const debug = await runCli(['get', 'cfg/one', '--debug'], {env})
    assert.equal(debug.stdout, 'v')
    assert.match(debug.stderr, /setting store=local \(config file .*config\.json\)/)
  })

  it('flag beats environment beats context beats the file defaults', async () => {
    const fromContext = await runCli(['list', '--debug', '--context', 'cloud'], {
      env: {...env, AWS_ACCESS_KEY_ID: 'AKIDX', AWS_SECRET_ACCESS_KEY: 'x', AWS_MAX_ATTEMPTS: '1'},
    })
    assert.match(fromContext.stderr, /setting store=aws \(context cloud/)
    assert.match(fromContext.stderr, /setting region=eu-west-1 \(context cloud/)
    const fromEnv = await runCli(['list', '--debug', '--context', 'cloud'], {env: {...env, SECRETSMITH_STORE: 'local'}})
    assert.equal(fromEnv.code, 0, fromEnv.stderr)
    assert.match(fromEnv.stderr, /setting store=local \(environment SECRETSMITH_STORE\)/)
    const fromFlag = await runCli(['list', '--debug', '--store', 'local'], {
      env: {...env, SECRETSMITH_STORE: 'aws', SECRETSMITH_CONTEXT: 'cloud'},
    })
    assert.equal(fromFlag.code, 0, fromFlag.stderr)
    assert.match(fromFlag.stderr, /setting store=local \(flag --store\)/)
  })

  it('refuses a config entry that looks like a secret: exit 2, one line naming the file and key, the value never shown', async () => {
    await writeConfig({defaults: {store: 'local', token: CANARY}})
    const run = await runCli(['list'], {env})
    assert.equal(run.code, 2)
    assert.match(run.stderr, /^Error: In .*config\.json, defaults has an unknown key "token"/)
    assert.equal(run.stderr.trim().split('\n').length, 1)
    assert.ok(!run.stderr.includes(CANARY) && !run.stdout.includes(CANARY))
  })

  it('refuses a config file others can change, and an unknown context', async () => {
    await writeConfig({defaults: {store: 'local'}})
    const {chmod} = await import('node:fs/promises')
    await chmod(join(home.path, 'cfg', 'secretsmith', 'config.json'), 0o666)
    const open = await runCli(['list'], {env})
    assert.equal(open.code, 2)
    assert.match(open.stderr, /can be changed by others .* chmod 600/)
    await chmod(join(home.path, 'cfg', 'secretsmith', 'config.json'), 0o600)
    const unknown = await runCli(['list', '--context', 'nope'], {env})
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /No context nope/)
  })
})

describe('help', function () {
  this.timeout(120_000)

  it('groups the root help by task', async () => {
    const help = await runCli(['--help'])
    assert.equal(help.code, 0)
    const order = ['AUTHOR', 'INSPECT', 'RECOVER'].map((title) => help.stdout.indexOf(`\n${title}\n`))
    assert.ok(order.every((index) => index > 0) && order[0] < order[1] && order[1] < order[2], help.stdout)
    assert.match(help.stdout, /AUTHOR\n\s+create /)
  })

  it("every command's help fits on one screen (80 lines at 100 columns); --all shows the AWS flags in full", async () => {
    // Rendered in-process with the CLI's own help class: spawning every command would cost a minute.
    const config = await Config.load(REPO_ROOT)
    const {default: SecretsmithHelp} = await import('../../src/help.js')
    class CapturingHelp extends SecretsmithHelp {
      output: string[] = []
      protected override log(...args: string[]): void {
        this.output.push(...args)
      }
    }

    const tooLong: string[] = []
    for (const command of config.commands) {
      const help = new CapturingHelp(config, {maxWidth: 100})
      await help.showHelp([command.id])
      const lines = help.output.join('\n').trimEnd().split('\n').length
      if (lines > 80) tooLong.push(`${command.id}: ${lines} lines`)
    }

    assert.deepEqual(tooLong, [])
    const all = await runCli(['put', '--help', '--all'])
    assert.match(all.stdout, /--endpoint-url=<value>/)
    const short = await runCli(['put', '--help'])
    assert.doesNotMatch(short.stdout, /--endpoint-url=<value>/)
    assert.match(short.stdout, /AWS FLAGS\n\s+--region --profile --endpoint-url/)
  })
})

describe('the npm package', function () {
  this.timeout(300_000)

  it('packs without tests or sources, installs into a clean directory, and runs --version, generate and a local round trip', async () => {
    const dir = await makeTempDir('secretsmith-pack-')
    try {
      const {stdout} = await execFileAsync('npm', ['pack', '--json', '--pack-destination', dir.path], {
        cwd: REPO_ROOT,
        maxBuffer: 64 * 1024 * 1024,
      })
      const [packed] = JSON.parse(stdout) as Array<{filename: string; files: Array<{path: string}>}>
      const paths = packed.files.map((file) => file.path)
      assert.ok(
        paths.every(
          (path) =>
            (!path.startsWith('test/') && !path.startsWith('src/') && !path.endsWith('.ts')) || path.endsWith('.d.ts'),
        ),
        paths.filter((p) => p.startsWith('test/') || p.startsWith('src/')).join(', '),
      )
      assert.ok(paths.includes('bin/run.js') && paths.includes('oclif.manifest.json'))

      const app = join(dir.path, 'app')
      await mkdir(app)
      await execFileAsync('npm', ['init', '-y'], {cwd: app})
      await execFileAsync(
        'npm',
        ['install', '--no-audit', '--no-fund', '--omit=dev', join(dir.path, packed.filename)],
        {cwd: app, maxBuffer: 64 * 1024 * 1024},
      )
      const bin = join(app, 'node_modules', '.bin', 'secretsmith')
      const env = {
        PATH: process.env.PATH,
        HOME: dir.path,
        SECRETSMITH_HOME: join(dir.path, 'store'),
        SECRETSMITH_KEYCHAIN: 'off',
        CI: 'true',
      }
      const version = await execFileAsync(bin, ['--version'], {env})
      assert.match(version.stdout, /^secretsmith\/\d+\.\d+\.\d+/)
      const generated = await execFileAsync(bin, ['generate', '--length', '24', '--store', 'local'], {env})
      assert.equal(generated.stdout.trim().length, 24)
      const created = execFile(bin, ['create', 'pack/one', '--store', 'local', '--from-stdin'], {env})
      created.stdin!.end(CANARY)
      await new Promise((resolve, reject) =>
        created.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`create exited ${code}`)))),
      )
      const read = await execFileAsync(bin, ['get', 'pack/one', '--store', 'local'], {env})
      assert.equal(read.stdout, CANARY)
    } finally {
      await dir.remove()
    }
  })
})

describe('shell completion', function () {
  this.timeout(60_000)
  let local: CliStore
  let aws: CliStore

  before(async () => {
    local = await startCliStore('local')
    aws = await startCliStore('aws')
    for (const name of ['app/db', 'app/api', 'ops/token']) {
      assert.equal(
        (await runCli(['create', name, '--from-stdin', ...local.args], {env: local.env, stdin: CANARY})).code,
        0,
      )
      assert.equal((await runCli(['create', name, '--from-stdin', ...aws.args], {env: aws.env, stdin: CANARY})).code, 0)
    }
  })
  after(async () => {
    await local.stop()
    await aws.stop()
  })

  /** Sources the bash script and runs its completion function the way bash does on TAB. */
  async function complete(store: CliStore, line: string): Promise<string[]> {
    const bin = join(REPO_ROOT, 'bin', 'run.js')
    const script = [
      `secretsmith() { node ${bin} "$@" ${store.args.join(' ')}; }`,
      'eval "$(secretsmith completion bash)"',
      `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}`,
      '_secretsmith_complete',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n')
    const {stdout} = await execFileAsync('bash', ['-c', script], {env: store.env as NodeJS.ProcessEnv})
    return stdout.split('\n').filter(Boolean)
  }

  it('completes commands, subcommands, flags and flag choices in bash', async () => {
    assert.deepEqual(await complete(local, 'secretsmith rol'), ['rollback'])
    assert.deepEqual(await complete(local, 'secretsmith schema '), ['list', 'show'])
    assert.deepEqual(await complete(local, 'secretsmith put --st'), ['--store', '--strict'])
    assert.deepEqual(await complete(local, 'secretsmith list --store '), ['aws', 'local'])
  })

  it('completes secret names from the local store, never values', async () => {
    const names = await complete(local, 'secretsmith get app/')
    assert.deepEqual(names, ['app/api', 'app/db'])
    assert.ok(!names.join('\n').includes(CANARY))
  })

  it('completes AWS names from a list cached for a minute: one ListSecrets for two TABs, names only on disk', async () => {
    const before = aws.server!.callsTo('ListSecrets').length
    assert.deepEqual(await complete(aws, 'secretsmith describe o'), ['ops/token'])
    assert.deepEqual(await complete(aws, 'secretsmith get app/a'), ['app/api'])
    assert.equal(aws.server!.callsTo('ListSecrets').length - before, 1)
    const {readdir, readFile, stat} = await import('node:fs/promises')
    const cacheDir = join(aws.env.SECRETSMITH_HOME!, 'cache')
    const file = (await readdir(cacheDir)).find((entry) => entry.startsWith('completion-names-'))!
    assert.equal((await stat(join(cacheDir, file))).mode & 0o777, 0o600)
    assert.ok(!(await readFile(join(cacheDir, file), 'utf8')).includes(CANARY))
  })
})
