// `export` through the real binary: secrets selected by name or prefix, the output sourced by
// a real shell, and a terminal stdout refused without --yes (the values would land on screen).
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, runCli} from '../support/run-cli.js'

const HOSTILE = `${CANARY}'$(touch PWNED)\`id\`"\\\nsecond line`

describe('export (local store)', function () {
  this.timeout(120_000)
  let store: CliStore
  const cli = (args: string[], stdin?: string): Promise<CliResult> =>
    runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 30_000})

  before(async () => {
    store = await startCliStore('local')
    assert.equal(
      (await cli(['create', 'app/prod/db', '--from-stdin'], JSON.stringify({username: 'app', password: HOSTILE}))).code,
      0,
    )
    assert.equal((await cli(['create', 'app/prod/api-token', '--from-stdin'], `${CANARY}-token`)).code, 0)
    assert.equal((await cli(['create', 'app/staging/api-token', '--from-stdin'], 'staging')).code, 0)
  })
  after(async () => store.stop())

  it('--prefix exports every secret under it as shell lines that a shell sources back exactly', async () => {
    const exported = await cli(['export', '--prefix', 'app/prod/', '--format', 'shell'])
    assert.equal(exported.code, 0, exported.stderr)
    assert.equal(exported.stderr, '')
    const file = join(store.home, 'secrets.sh')
    await writeFile(file, exported.stdout)
    const sourced = spawnSync('sh', ['-c', `. ${file}; printf '%s\\0%s\\0%s' "$USERNAME" "$PASSWORD" "$API_TOKEN"`], {
      cwd: store.home,
      encoding: 'utf8',
    })
    assert.deepEqual(sourced.stdout.split('\0'), ['app', HOSTILE, `${CANARY}-token`])
    assert.ok(!sourced.stdout.includes('staging'))
  })

  it('dotenv refuses a value it cannot quote safely, naming the variable only; json takes it', async () => {
    const refused = await cli(['export', 'app/prod/db'])
    assert.equal(refused.code, 2)
    assert.match(refused.stderr, /PASSWORD has/)
    assert.ok(!refused.stderr.includes(CANARY))
    assert.equal(refused.stdout, '')
    const json = await cli([
      'export',
      'app/prod/db:password=DB_PASSWORD',
      'app/prod/api-token=TOKEN',
      '--format',
      'json',
    ])
    assert.deepEqual(JSON.parse(json.stdout), {DB_PASSWORD: HOSTILE, TOKEN: `${CANARY}-token`})
  })

  it('refuses to print to a terminal without --yes, and prints with it', async () => {
    const refused = spawnInPty(process.execPath, [BIN, 'export', 'app/prod/api-token', ...store.args], {
      env: store.env as NodeJS.ProcessEnv,
    })
    assert.equal((await refused.exit).code, 2)
    assert.match(refused.text, /stdout is a terminal/)
    assert.ok(!refused.text.includes(CANARY))
    const allowed = spawnInPty(process.execPath, [BIN, 'export', 'app/prod/api-token', '--yes', ...store.args], {
      env: store.env as NodeJS.ProcessEnv,
    })
    assert.equal((await allowed.exit).code, 0)
    assert.ok(allowed.text.includes(`API_TOKEN='${CANARY}-token'`))
  })
})
