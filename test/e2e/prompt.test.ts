// End-to-end in a pseudo-terminal: a developer typing a value into `create` at the hidden
// prompt. Proves the typed value is never echoed, that the two entries must match, that
// Ctrl-C exits 130 with nothing written, that the prompt draws on stderr (stdout stays clean),
// and that the value is in neither /proc/<pid>/cmdline nor /proc/<pid>/environ of the running
// process while it waits at its prompt.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {promptCount, spawnInPty} from '../support/pty.js'
import {BIN, CANARY, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('typing a value at the prompt (pseudo-terminal, local store)', function () {
  this.timeout(60_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>
  let counter = 0
  const fresh = () => `prompt/secret-${++counter}`

  before(async () => {
    home = await makeTempDir('secretsmith-prompt-')
    env = isolatedEnv(home.path) // CI=true here; the pty helper drops it for the child, as a terminal session has none
  })
  after(async () => home.remove())

  const createInPty = (name: string, extra: string[] = []) =>
    spawnInPty(process.execPath, [BIN, 'create', name, '--store', 'local', ...extra], {
      env: env as NodeJS.ProcessEnv,
      cwd: REPO_ROOT,
    })
  const get = (name: string) => runCli(['get', name, '--store', 'local'], {env})

  it('stores the typed value without ever echoing it to the terminal', async () => {
    const name = fresh()
    const session = createInPty(name)
    await session.waitFor('Secret value')
    session.write(`${CANARY}\r`)
    await session.waitFor('Repeat the value')
    session.write(`${CANARY}\r`)
    const exit = await session.exit
    assert.equal(exit.code, 0, session.text)
    assert.ok(!session.output.includes(CANARY), `the terminal showed the value:\n${session.text}`)
    assert.match(session.text, /\*{25}/, 'each typed character shows as *')
    assert.match(session.text, new RegExp(`Created ${name} version [0-9a-f-]{36}`))
    const got = await get(name)
    assert.equal(got.stdout, CANARY)
  })

  it('asks again when the two entries differ, and stores only a matching pair', async () => {
    const name = fresh()
    const session = createInPty(name)
    await session.waitFor('Secret value')
    session.write(`${CANARY}-first\r`)
    await session.waitFor('Repeat the value')
    session.write(`${CANARY}-typo\r`)
    await session.waitFor('did not match; try again')
    await session.waitFor(/try again[\s\S]*Secret value/)
    session.write(`${CANARY}\r`)
    await session.waitFor(/try again[\s\S]*Repeat the value/)
    session.write(`${CANARY}\r`)
    const exit = await session.exit
    assert.equal(exit.code, 0, session.text)
    assert.ok(!session.output.includes(CANARY))
    assert.equal((await get(name)).stdout, CANARY)
  })

  it('gives up after three mismatched pairs with exit 5 and writes nothing', async () => {
    const name = fresh()
    const session = createInPty(name)
    for (let attempt = 1; attempt <= 3; attempt++) {
      await session.waitFor((text) => promptCount(text, 'Secret value') >= attempt)
      session.write(`${CANARY}\r`)
      await session.waitFor((text) => promptCount(text, 'Repeat the value') >= attempt)
      session.write(`${CANARY}-${attempt}\r`)
    }

    const exit = await session.exit
    assert.equal(exit.code, 5, session.text)
    assert.match(session.text, /did not match 3 times; nothing was written/)
    assert.ok(!session.output.includes(CANARY))
    assert.equal((await get(name)).code, 3)
  })

  it('Ctrl-C at the prompt exits 130 and writes nothing', async () => {
    const name = fresh()
    const session = createInPty(name)
    await session.waitFor('Secret value')
    session.write(`${CANARY}\r`)
    await session.waitFor('Repeat the value')
    session.write('\u0003')
    const exit = await session.exit
    assert.equal(exit.code, 130, session.text)
    assert.match(session.text, /Interrupted; nothing was written/)
    assert.ok(!session.output.includes(CANARY))
    assert.equal((await get(name)).code, 3)
  })

  it('draws the prompt on stderr: stdout, redirected to a file, stays empty', async () => {
    const name = fresh()
    const stdoutFile = join(home.path, 'stdout.txt')
    const session = spawnInPty(
      'sh',
      ['-c', `exec "$0" "$@" > '${stdoutFile}'`, process.execPath, BIN, 'create', name, '--store', 'local'],
      {
        env: env as NodeJS.ProcessEnv,
        cwd: REPO_ROOT,
      },
    )
    await session.waitFor('Secret value')
    session.write(`${CANARY}\r`)
    await session.waitFor('Repeat the value')
    session.write(`${CANARY}\r`)
    const exit = await session.exit
    assert.equal(exit.code, 0, session.text)
    assert.equal(readFileSync(stdoutFile, 'utf8'), '')
  })

  it('keeps the value out of /proc/<pid>/cmdline and /proc/<pid>/environ while create waits at its prompt', async () => {
    const name = fresh()
    const session = createInPty(name)
    await session.waitFor('Secret value')
    session.write(`${CANARY}\r`)
    await session.waitFor('Repeat the value')
    // The value is now in the process's memory; check what other users and tools can read.
    const pids = session.descendantPids()
    const nodePids = pids.filter((pid) => readProc(pid, 'cmdline').includes(BIN))
    assert.equal(nodePids.length, 1, `found the running create (${pids.join(', ')})`)
    for (const pid of [session.pid, ...pids]) {
      const cmdline = readProc(pid, 'cmdline')
      const environ = readProc(pid, 'environ')
      assert.ok(!cmdline.includes(CANARY), `cmdline of ${pid} holds the value`)
      assert.ok(!environ.includes(CANARY), `environ of ${pid} holds the value`)
    }

    assert.ok(readProc(nodePids[0], 'cmdline').includes('create'), 'the right process was read')
    assert.ok(readProc(nodePids[0], 'environ').includes('SECRETSMITH_HOME='), 'its environment was readable')
    session.write(`${CANARY}\r`)
    const exit = await session.exit
    assert.equal(exit.code, 0, session.text)
    assert.equal((await get(name)).stdout, CANARY)
  })

  it('refuses --from-stdin when stdin is the terminal (exit 2) instead of reading typed, echoed input', async () => {
    const name = fresh()
    const session = createInPty(name, ['--from-stdin'])
    const exit = await session.exit
    assert.equal(exit.code, 2, session.text)
    assert.match(session.text, /stdin is a terminal/)
    assert.equal((await get(name)).code, 3)
  })
})

function readProc(pid: number, file: 'cmdline' | 'environ'): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1').replaceAll('\0', ' ')
  } catch {
    return '' // the process ended between listing and reading
  }
}
