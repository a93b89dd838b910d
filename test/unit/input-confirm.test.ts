import assert from 'node:assert/strict'

import {ExitCode, InterruptedError, UsageError} from '../../src/errors.js'
import {confirmDestructive} from '../../src/input/confirm.js'
import {FakeTerminal} from '../support/fake-terminal.js'
import {spawnInPty} from '../support/pty.js'

const FIXTURE = 'test/support/read-secret-fixture.ts'

describe('confirmDestructive', () => {
  it('goes ahead without asking when --yes is given, terminal or not', async () => {
    await confirmDestructive({action: 'delete', name: 'demo/api-key', yes: true, interactive: false})
    await confirmDestructive({
      action: 'delete',
      name: 'demo/api-key',
      yes: true,
      requireTypedName: true,
      interactive: true,
    })
  })

  it('needs --yes when not run from a terminal, and says so in one line (exit 2)', async () => {
    await assert.rejects(
      confirmDestructive({action: 'delete', name: 'demo/api-key', yes: false, interactive: false}),
      (error: Error) => {
        assert.ok(error instanceof UsageError)
        assert.equal(error.exitCode, ExitCode.Usage)
        assert.equal(
          error.message,
          'Delete demo/api-key: needs --yes when not run from a terminal (or when CI is set); nothing was changed.',
        )
        return true
      },
    )
  })

  it('does not repeat the name when the action phrase already names the secret', async () => {
    await assert.rejects(
      confirmDestructive({
        action: 'Permanently delete demo/x from local store (no recovery)',
        name: 'demo/x',
        yes: false,
        interactive: false,
      }),
      /^UsageError: Permanently delete demo\/x from local store \(no recovery\): needs --yes/,
    )
  })

  it('goes ahead when the user answers yes', async () => {
    const terminal = new FakeTerminal()
    const confirming = confirmDestructive({
      action: 'delete',
      name: 'demo/api-key',
      yes: false,
      interactive: true,
      input: terminal.input,
      output: terminal.output,
    })
    await terminal.typeAfter('Delete demo/api-key?', 'y\r')
    await confirming
  })

  it('cancels (exit 130, nothing changed) when the user answers no or just presses Enter', async () => {
    for (const answer of ['n\r', '\r']) {
      const terminal = new FakeTerminal()
      const confirming = confirmDestructive({
        action: 'delete',
        name: 'demo/api-key',
        yes: false,
        interactive: true,
        input: terminal.input,
        output: terminal.output,
      })
      const rejected = assert.rejects(confirming, (error: Error) => {
        assert.ok(error instanceof InterruptedError)
        assert.equal(error.exitCode, ExitCode.Interrupted)
        assert.equal(error.message, 'Cancelled; nothing was changed.')
        return true
      })
      await terminal.typeAfter('Delete demo/api-key?', answer)
      await rejected
    }
  })

  it('for an action without recovery, goes ahead only when the exact name is typed', async () => {
    const terminal = new FakeTerminal()
    const confirming = confirmDestructive({
      action: 'permanently delete',
      name: 'demo/api-key',
      yes: false,
      requireTypedName: true,
      interactive: true,
      input: terminal.input,
      output: terminal.output,
    })
    await terminal.typeAfter('to confirm', 'demo/api-key\r')
    await confirming
  })

  it('cancels when the typed name differs, even by case or a "y"', async () => {
    for (const typed of ['demo/API-key', 'y', 'yes', '']) {
      const terminal = new FakeTerminal()
      const confirming = confirmDestructive({
        action: 'permanently delete',
        name: 'demo/api-key',
        yes: false,
        requireTypedName: true,
        interactive: true,
        input: terminal.input,
        output: terminal.output,
      })
      const rejected = assert.rejects(confirming, InterruptedError)
      await terminal.typeAfter("Type the secret's name", `${typed}\r`)
      await rejected
    }
  })

  it('turns Ctrl-C at the question into a cancellation (exit 130)', async () => {
    const terminal = new FakeTerminal()
    const confirming = confirmDestructive({
      action: 'delete',
      name: 'demo/api-key',
      yes: false,
      interactive: true,
      input: terminal.input,
      output: terminal.output,
    })
    const rejected = assert.rejects(confirming, InterruptedError)
    await terminal.typeAfter('Delete demo/api-key?', '\u0003')
    await rejected
  })

  describe('in a pseudo-terminal', function () {
    this.timeout(30_000)

    it('asks on the terminal and cancels on "n" with exit 130', async () => {
      const session = spawnInPty(
        process.execPath,
        ['--import', 'tsx', FIXTURE, 'confirm', '--action', 'delete', '--name', 'demo/api-key'],
        {env: process.env},
      )
      await session.waitFor('Delete demo/api-key?')
      session.write('n\r')
      const exit = await session.exit
      assert.equal(exit.code, 130, session.text)
      assert.match(session.text, /Cancelled; nothing was changed\./)
      assert.ok(!session.text.includes('confirmed'))
    })

    it('goes ahead when the name is typed for a force delete', async () => {
      const session = spawnInPty(
        process.execPath,
        ['--import', 'tsx', FIXTURE, 'confirm', '--action', 'permanently delete', '--name', 'demo/api-key', '--typed'],
        {env: process.env},
      )
      await session.waitFor('to confirm')
      session.write('demo/api-key\r')
      const exit = await session.exit
      assert.equal(exit.code, 0, session.text)
      assert.match(session.text, /confirmed/)
    })
  })
})
