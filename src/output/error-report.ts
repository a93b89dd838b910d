// Turns anything thrown into the one line the user sees and the exit code they get.
// Third-party messages are never passed through verbatim: oclif's parser quotes unexpected
// arguments (which may be a value someone typed by mistake), JSON.parse and zod quote their
// input, and SDK errors can echo request fields. Only our own typed errors keep their text.
import {ExitCode, SecretsmithError} from '../errors.js'
import {isPromptCancel} from '../input/prompt-cancel.js'

export interface ErrorReport {
  message: string
  exitCode: number
  code: string
  details?: unknown
}

const SOURCE_HINT = 'values come only from the prompt, --from-stdin, --from-file, --edit or --generate'

export function reportError(error: unknown): ErrorReport {
  if (error instanceof SecretsmithError) {
    return {message: oneLine(error.message), exitCode: error.exitCode, code: error.code, details: error.details}
  }

  const name = error instanceof Error ? error.constructor.name || error.name : typeof error
  const message = error instanceof Error ? error.message : ''

  if (isPromptCancel(error)) {
    return {message: 'Interrupted; nothing was written.', exitCode: ExitCode.Interrupted, code: 'Interrupted'}
  }

  switch (name) {
    case 'UnexpectedArgsError': {
      return usage(`Unexpected argument; secretsmith never takes a secret value as an argument (${SOURCE_HINT}).`)
    }

    case 'NonExistentFlagsError': {
      // "Nonexistent flags: --password=hunter2, --x": keep the flag names, drop anything after '='.
      const flags = message
        .replace(/^Nonexistent flags?:\s*/, '')
        .split('\n')[0]
        .split(/,\s*/)
        .map((flag) => flag.split('=')[0])
      return usage(`Unknown flag ${flags.join(', ')}; see --help. No flag takes a secret value (${SOURCE_HINT}).`)
    }

    // oclif's parser raises plain CLIErrors for bad flag values (not an integer, out of
    // min/max, a flag given twice); secretsmith itself never throws CLIError.
    case 'CLIError':
    case 'RequiredArgsError':
    case 'FlagInvalidOptionError':
    case 'ArgInvalidOptionError':
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError':
    case 'CLIParseError':
    case 'InvalidArgsSpecError': {
      // Flag values are never secret (invariant 1), so the parser's text is safe; fold it to one line.
      const text = oneLine(message.replace(/See more help with --help/, ''))
        .replace(/^Parsing (--[\w-]+) /, '$1: ')
        .replace(/(Missing \d+ required args?: \w+)\s+.*/, '$1')
      return usage(`${text}; see --help.`)
    }

    default: {
      const exit = (error as {oclif?: {exit?: number}})?.oclif?.exit
      if (name === 'ExitError' && typeof exit === 'number') return {message: '', exitCode: exit, code: 'Exit'}
      return {
        message: `Unexpected ${name}; nothing more is shown because it may quote input. Re-run with --debug for a stack trace.`,
        exitCode: ExitCode.Unexpected,
        code: 'Unexpected',
      }
    }
  }
}

/** A stack trace without its message line(s): frames name code, never data. */
export function stackFrames(error: unknown): string {
  if (!(error instanceof Error) || !error.stack) return ''
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n')
}

function usage(message: string): ErrorReport {
  return {message: oneLine(message), exitCode: ExitCode.Usage, code: 'Usage'}
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s*;\s*;/g, ';')
    .replace(/:\s*;/g, ':')
}
