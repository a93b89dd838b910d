// The real commands at a terminal (pseudo-terminal): destructive actions ask first (a typed
// name for a deletion without recovery), and put --field asks for the field's value hidden.
import assert from 'node:assert/strict'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, REPO_ROOT, runCli} from '../support/run-cli.js'

describe('confirmations and field prompts at a terminal (local store)', function () {
  this.timeout(60_000)
  let store: CliStore
  let counter = 0
  const fresh = () => `tty/secret-${++counter}`
  const cli = (args: string[], stdin?: string) => runCli([...args, ...store.args], {env: store.env, stdin})
  const inPty = (args: string[]) =>
    spawnInPty(process.execPath, [BIN, ...args, ...store.args], {env: store.env as NodeJS.ProcessEnv, cwd: REPO_ROOT})

  before(async () => {
    store = await startCliStore('local')
  })
  after(async () => store.stop())

  it('delete --force wants the exact name typed: a wrong one cancels (exit 130), the right one deletes', async () => {
    const name = fresh()
    await cli(['create', name, '--from-stdin'], CANARY)

    const wrong = inPty(['delete', name, '--force'])
    await wrong.waitFor("Type the secret's name")
    wrong.write('tty/other\r')
    assert.equal((await wrong.exit).code, 130, wrong.text)
    assert.equal((await cli(['get', name])).stdout, CANARY, 'still there')

    const right = inPty(['delete', name, '--force'])
    await right.waitFor("Type the secret's name")
    right.write(`${name}\r`)
    assert.equal((await right.exit).code, 0, right.text)
    assert.match(right.text, /Deleted .*without recovery/)
    assert.equal((await cli(['describe', name])).code, 3)
  })

  it('delete asks yes/no, defaulting to no', async () => {
    const name = fresh()
    await cli(['create', name, '--from-stdin'], CANARY)

    const declined = inPty(['delete', name])
    await declined.waitFor('for deletion in 30 days?')
    declined.write('\r') // the default: no
    assert.equal((await declined.exit).code, 130, declined.text)
    assert.equal((await cli(['get', name])).stdout, CANARY)

    const accepted = inPty(['delete', name])
    await accepted.waitFor('for deletion in 30 days?')
    accepted.write('y\r')
    assert.equal((await accepted.exit).code, 0, accepted.text)
    assert.match(accepted.text, /Scheduled deletion of/)
  })

  it('put --field asks for the field hidden, twice, and keeps the other fields', async () => {
    const name = fresh()
    await cli(['create', name, '--from-stdin'], JSON.stringify({username: 'app', password: 'old-password-value'}))
    const session = inPty(['put', name, '--field', 'password'])
    await session.waitFor('New value for field password')
    session.write(`${CANARY}\r`)
    await session.waitFor('Repeat the value')
    session.write(`${CANARY}\r`)
    assert.equal((await session.exit).code, 0, session.text)
    assert.ok(!session.output.includes(CANARY), `the terminal showed the value:\n${session.text}`)
    assert.match(session.text, /keys ~password \(values masked\)/)
    assert.deepEqual(JSON.parse((await cli(['get', name])).stdout), {username: 'app', password: CANARY})
  })
})
