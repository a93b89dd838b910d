import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'

import {ExitCode, InterruptedError, ValidationError} from '../../src/errors.js'
import {readSecretFromPrompt} from '../../src/input/prompt.js'
import {FakeTerminal} from '../support/fake-terminal.js'
import {spawnInPty} from '../support/pty.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const FIXTURE = 'test/support/read-secret-fixture.ts'

describe('readSecretFromPrompt (hidden prompt)', () => {
  it('asks twice for a new value and returns it when both entries match, never showing it', async () => {
    const terminal = new FakeTerminal()
    const reading = readSecretFromPrompt({
      message: 'Secret value',
      confirm: true,
      input: terminal.input,
      output: terminal.output,
      assumeInteractive: true,
    })
    await terminal.typeAfter('Secret value', `${CANARY}\r`)
    await terminal.typeAfter('Repeat the value', `${CANARY}\r`)
    const value = await reading
    assert.equal(value.revealText(), CANARY)
    assert.ok(!terminal.screen.includes(CANARY), 'the typed value is not echoed')
    assert.ok(terminal.screen.includes('*'.repeat(CANARY.length)), 'each character shows as *')
  })

  it('asks once when no confirmation is wanted', async () => {
    const terminal = new FakeTerminal()
    const reading = readSecretFromPrompt({
      message: 'Secret value',
      confirm: false,
      input: terminal.input,
      output: terminal.output,
      assumeInteractive: true,
    })
    await terminal.typeAfter('Secret value', `${CANARY}\r`)
    assert.equal((await reading).revealText(), CANARY)
    assert.ok(!terminal.screen.includes('Repeat the value'))
  })

  it('asks again after a mismatch and accepts a matching pair', async () => {
    const terminal = new FakeTerminal()
    const reading = readSecretFromPrompt({
      message: 'Secret value',
      confirm: true,
      input: terminal.input,
      output: terminal.output,
      assumeInteractive: true,
    })
    await terminal.typeAfter('Secret value', `${CANARY}\r`)
    await terminal.typeAfter('Repeat the value', `${CANARY}-typo\r`)
    await terminal.typeAfter('Secret value', `${CANARY}\r`, 2)
    await terminal.typeAfter('Repeat the value', `${CANARY}\r`, 2)
    assert.equal((await reading).revealText(), CANARY)
    assert.match(terminal.screen, /did not match; try again/)
    assert.ok(!terminal.screen.includes(CANARY))
  })

  it('gives up with a validation error (exit 5) after three mismatched pairs', async () => {
    const terminal = new FakeTerminal()
    const reading = readSecretFromPrompt({
      message: 'Secret value',
      confirm: true,
      input: terminal.input,
      output: terminal.output,
      assumeInteractive: true,
    })
    const rejected = assert.rejects(reading, (error: Error) => {
      assert.ok(error instanceof ValidationError)
      assert.equal(error.exitCode, ExitCode.Validation)
      assert.match(error.message, /did not match 3 times; nothing was written/)
      assert.ok(!error.message.includes(CANARY))
      return true
    })
    for (let attempt = 1; attempt <= 3; attempt++) {
      await terminal.typeAfter('Secret value', `${CANARY}\r`, attempt)
      await terminal.typeAfter('Repeat the value', `${CANARY}${attempt}\r`, attempt)
    }

    await rejected
    assert.ok(!terminal.screen.includes(CANARY))
  })

  it('does not accept an empty value: it says so and keeps asking', async () => {
    const terminal = new FakeTerminal()
    const reading = readSecretFromPrompt({
      message: 'Secret value',
      confirm: false,
      input: terminal.input,
      output: terminal.output,
      assumeInteractive: true,
    })
    await terminal.typeAfter('Secret value', '\r')
    await terminal.waitForScreen(() => terminal.screen.includes('cannot be empty'), 'the empty-value message')
    terminal.input.write(`${CANARY}\r`)
    assert.equal((await reading).revealText(), CANARY)
    assert.match(terminal.screen, /cannot be empty/)
  })

  it('turns Ctrl-C into an interruption (exit 130)', async () => {
    const terminal = new FakeTerminal()
    const reading = readSecretFromPrompt({
      message: 'Secret value',
      confirm: true,
      input: terminal.input,
      output: terminal.output,
      assumeInteractive: true,
    })
    const rejected = assert.rejects(reading, (error: Error) => {
      assert.ok(error instanceof InterruptedError)
      assert.equal(error.exitCode, ExitCode.Interrupted)
      return true
    })
    await terminal.typeAfter('Secret value', `${CANARY.slice(0, 6)}\u0003`)
    await rejected
    assert.ok(!terminal.screen.includes(CANARY.slice(0, 6)))
  })

  describe('in a pseudo-terminal', function () {
    this.timeout(30_000)
    const digest = createHash('sha256').update(CANARY).digest('hex')

    it('reads a typed value without echoing it, drawing the prompt on the terminal', async () => {
      const session = spawnInPty(process.execPath, ['--import', 'tsx', FIXTURE, 'read'], {
        env: {...process.env, CI: 'true'},
      })
      await session.waitFor('Secret value')
      session.write(`${CANARY}\r`)
      await session.waitFor('Repeat the value')
      session.write(`${CANARY}\r`)
      const exit = await session.exit
      assert.equal(exit.code, 0, session.text)
      assert.match(session.text, new RegExp(`read source=prompt bytes=${CANARY.length} binary=false sha256=${digest}`))
      assert.ok(!session.output.includes(CANARY), 'the value never appears on the terminal')
    })

    it('exits 130 on Ctrl-C at the prompt', async () => {
      const session = spawnInPty(process.execPath, ['--import', 'tsx', FIXTURE, 'read'], {
        env: {...process.env, CI: 'true'},
      })
      await session.waitFor('Secret value')
      session.write(`${CANARY.slice(0, 10)}\u0003`)
      const exit = await session.exit
      assert.equal(exit.code, 130, session.text)
      assert.match(session.text, /Error: Interrupted; nothing was written\./)
      assert.ok(!session.output.includes(CANARY.slice(0, 10)))
    })

    it('refuses --from-stdin when stdin is the terminal (exit 2), without waiting for typing', async () => {
      const session = spawnInPty(process.execPath, ['--import', 'tsx', FIXTURE, 'read', '--from-stdin'], {
        env: process.env,
      })
      const exit = await session.exit
      assert.equal(exit.code, 2, session.text)
      assert.match(session.text, /--from-stdin reads a value piped to stdin, but stdin is a terminal/)
    })

    it('does not prompt under CI=true even on a terminal: it names the source flags (exit 2)', async () => {
      // The helper drops CI from the child's environment; put it back through the command itself.
      const session = spawnInPty('env', ['CI=true', process.execPath, '--import', 'tsx', FIXTURE, 'read'], {
        env: process.env,
      })
      const exit = await session.exit
      assert.equal(exit.code, 2, session.text)
      assert.match(session.text, /--from-stdin, --from-file PATH, --edit or --generate/)
    })
  })
})
