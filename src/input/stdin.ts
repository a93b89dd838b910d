// --from-stdin (and --from-file -): the value is whatever a pipeline writes to stdin. A
// terminal on stdin is refused, because the user would be typing the value in the clear with
// echo on; the hidden prompt is the way to type a value.
import {UsageError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {readStreamBounded, stripOneTrailingNewline} from './bounded-read.js'
import {stdinIsTerminal} from './terminal.js'

export interface StdinReadOptions {
  keepNewline: boolean
  /** The flag the user gave, for messages: "--from-stdin" or "--from-file -". */
  flag?: string
  /** Test seams. */
  stdin?: NodeJS.ReadableStream
  isTerminal?: boolean
}

export async function readSecretFromStdin(options: StdinReadOptions): Promise<SecretValue> {
  const flag = options.flag ?? '--from-stdin'
  const isTerminal = options.isTerminal ?? (options.stdin === undefined && stdinIsTerminal())
  if (isTerminal) {
    throw new UsageError(
      `${flag} reads a value piped to stdin, but stdin is a terminal; pipe the value in, or leave out ${flag} to be prompted with input hidden.`,
    )
  }

  const bytes = await readStreamBounded(options.stdin ?? process.stdin, 'stdin')
  const value = SecretValue.fromBytes(stripOneTrailingNewline(bytes, options.keepNewline))
  bytes.fill(0)
  return value
}
