// Where a value comes from: exactly one of the hidden prompt, stdin, a file, an editor or the
// password generator — never argv. chooseValueSource turns a command's flags into one source
// (or a usage error, before anything is read or any prompt shown); readSecret reads it into a
// SecretValue and checks it is neither empty nor over the 65,536-byte limit. The source
// modules use only node built-ins; the one heavy dependency (inquirer) is imported inside the
// prompt, only when a prompt is shown.
import {UsageError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import {assertValidSecretValue} from '../stores/limits.js'
import type {PasswordOptions} from '../stores/store.js'
import {readSecretFromEditor} from './editor.js'
import {readSecretFromFile} from './file.js'
import {generatePassword} from './generate-password.js'
import {readSecretFromPrompt} from './prompt.js'
import {readSecretFromStdin} from './stdin.js'
import {isInteractive} from './terminal.js'
import {PASSWORD_FLAG_NAMES, passwordOptionsFromFlags} from './value-flags.js'

export type ValueSource =
  | {kind: 'prompt'}
  | {kind: 'stdin'; keepNewline: boolean}
  | {kind: 'file'; path: string; keepNewline: boolean}
  | {kind: 'editor'; keepNewline?: boolean}
  | {kind: 'generate'; options: PasswordOptions}

export interface ReadSecretOptions {
  /** The prompt's question, e.g. "Value for demo/api-key". */
  promptMessage: string
  /** Prompt: ask twice, the entries must match (for a new value). */
  confirm: boolean
  /** Editor: the current value to start from (put). */
  initial?: SecretValue
  /** Editor: temp file extension so the editor picks a syntax, e.g. ".json". */
  editorExtension?: string
  /** Non-fatal notes for the user, e.g. a world-readable --from-file. Default: "Warning: …" on stderr. */
  warn?: (message: string) => void
}

export const SOURCE_FLAGS_HINT = '--from-stdin, --from-file PATH, --edit or --generate'

/**
 * The one value source the flags ask for. Two sources, or --keep-newline / password flags with a
 * source they do not apply to, are usage errors; no source falls back to the prompt only when a
 * human is at a terminal, and otherwise fails at once naming the flags (it never waits on stdin).
 */
export function chooseValueSource(flags: Record<string, unknown>, context: {interactive?: boolean} = {}): ValueSource {
  const given: string[] = []
  if (flags['from-stdin'] === true) given.push('--from-stdin')
  if (typeof flags['from-file'] === 'string') given.push('--from-file')
  if (flags.edit === true) given.push('--edit')
  if (flags.generate === true) given.push('--generate')
  if (given.length > 1) {
    throw new UsageError(`Choose one value source, not ${given.join(' and ')}; a value comes from exactly one of ${SOURCE_FLAGS_HINT}, or the prompt.`)
  }

  const keepNewline = flags['keep-newline'] === true
  const passwordFlagsGiven = PASSWORD_FLAG_NAMES.filter((name) => flags[name] !== undefined)
  const source = given[0]
  if (passwordFlagsGiven.length > 0 && source !== '--generate') {
    throw new UsageError(`--${passwordFlagsGiven[0]} applies only with --generate.`)
  }

  if (keepNewline && (source === undefined || source === '--generate')) {
    throw new UsageError('--keep-newline applies only with --from-stdin, --from-file or --edit.')
  }

  switch (source) {
    case '--from-stdin': {
      return {kind: 'stdin', keepNewline}
    }

    case '--from-file': {
      return {kind: 'file', path: flags['from-file'] as string, keepNewline}
    }

    case '--edit': {
      return {kind: 'editor', keepNewline}
    }

    case '--generate': {
      return {kind: 'generate', options: passwordOptionsFromFlags(flags)}
    }

    default: {
      if (context.interactive ?? isInteractive()) return {kind: 'prompt'}
      throw new UsageError(`No value source: not running from a terminal (or CI is set), so pass one of ${SOURCE_FLAGS_HINT}.`)
    }
  }
}

export async function readSecret(source: ValueSource, options: ReadSecretOptions): Promise<SecretValue> {
  const value = await readFromSource(source, options)
  assertValidSecretValue(value)
  return value
}

async function readFromSource(source: ValueSource, options: ReadSecretOptions): Promise<SecretValue> {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`Warning: ${message}\n`))
  switch (source.kind) {
    case 'prompt': {
      return readSecretFromPrompt({message: options.promptMessage, confirm: options.confirm})
    }

    case 'stdin': {
      return readSecretFromStdin({keepNewline: source.keepNewline})
    }

    case 'file': {
      return readSecretFromFile(source.path, {keepNewline: source.keepNewline, warn})
    }

    case 'editor': {
      return readSecretFromEditor({
        initial: options.initial,
        keepNewline: source.keepNewline ?? false,
        extension: options.editorExtension,
      })
    }

    case 'generate': {
      return generatePassword(source.options)
    }
  }
}
