// A tiny program over src/input for tests that need a real process (a pseudo-terminal, real
// stdin, signals): it parses the value-source flags as a command would and reads a value, or
// asks for a destructive confirmation. It prints only a digest of what it read, never the
// value, so tests can check the right bytes arrived while asserting the value is nowhere.
//   read-secret-fixture.ts read [--from-stdin|--from-file P|--edit|--generate ...] [--no-confirm]
//   read-secret-fixture.ts edit [--keep-newline]
//   read-secret-fixture.ts confirm --action A --name N [--yes] [--typed]
// `edit` runs the editor session itself, without chooseValueSource's terminal check, so the
// editor's signal handling can be tested in a plain child process (a pty would own the signals).
// FIXTURE_INITIAL_FILE: a file whose content is the editor's starting value (as put does).
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'

import {Flags, Parser} from '@oclif/core'

import {confirmDestructive} from '../../src/input/confirm.js'
import {readSecretFromEditor} from '../../src/input/editor.js'
import {chooseValueSource, readSecret} from '../../src/input/read-secret.js'
import {passwordFlags, valueSourceFlags} from '../../src/input/value-flags.js'
import {reportError} from '../../src/output/error-report.js'
import {SecretValue} from '../../src/secret-value.js'

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv
  const initialFile = process.env.FIXTURE_INITIAL_FILE
  const initial = initialFile ? SecretValue.fromBytes(readFileSync(initialFile)) : undefined
  if (mode === 'read') {
    const {flags} = await Parser.parse(rest, {
      flags: {...valueSourceFlags, ...passwordFlags, confirm: Flags.boolean({allowNo: true, default: true})},
    })
    const source = chooseValueSource(flags)
    const value = await readSecret(source, {promptMessage: 'Secret value', confirm: flags.confirm as boolean, initial})
    reportRead(source.kind, value)
    return
  }

  if (mode === 'edit') {
    const {flags} = await Parser.parse(rest, {flags: {'keep-newline': valueSourceFlags['keep-newline']}})
    reportRead('editor', await readSecretFromEditor({keepNewline: flags['keep-newline'] === true, initial}))
    return
  }

  if (mode === 'confirm') {
    const {flags} = await Parser.parse(rest, {
      flags: {
        action: Flags.string({required: true}),
        name: Flags.string({required: true}),
        yes: Flags.boolean(),
        typed: Flags.boolean(),
      },
    })
    await confirmDestructive({
      action: flags.action as string,
      name: flags.name as string,
      yes: flags.yes === true,
      requireTypedName: flags.typed === true,
    })
    process.stdout.write('confirmed\n')
    return
  }

  throw new Error('usage: read-secret-fixture.ts read|edit|confirm ...')
}

/** A digest of what was read, never the value. */
function reportRead(kind: string, value: SecretValue): void {
  const digest = createHash('sha256').update(value.revealBytes()).digest('hex')
  process.stdout.write(`read source=${kind} bytes=${value.byteLength} binary=${value.isBinary} sha256=${digest}\n`)
}

try {
  await main(process.argv.slice(2))
} catch (error) {
  const report = reportError(error)
  process.stderr.write(`Error: ${report.message}\n`)
  process.exitCode = report.exitCode
}
