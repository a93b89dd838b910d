// Reading an input source without ever holding more than a secret can legally be: a value is
// at most 65,536 bytes (plus the one trailing newline a source may carry), so a reader stops
// a few bytes past that instead of slurping a 10 GB file or an endless pipe into memory.
import {read} from 'node:fs'
import {promisify} from 'node:util'

import {InterruptedError, ValidationError} from '../errors.js'
import {MAX_SECRET_BYTES} from '../stores/limits.js'
import {claimSignals} from '../signals.js'
import {groupDigits} from '../wording.js'

/** Room for the value plus a trailing "\r\n" that may be stripped afterwards. */
export const MAX_INPUT_BYTES = MAX_SECRET_BYTES + 2

const readAsync = promisify(read)

/** A source gave more bytes than any secret can hold; lint reports it as a finding instead. */
export class InputTooLargeError extends ValidationError {
  /** What was being read, e.g. "stdin" or "--from-file big.json". */
  readonly source: string

  constructor(source: string) {
    super(
      `The value from ${source} is larger than Secrets Manager's limit of ${groupDigits(MAX_SECRET_BYTES)} bytes; nothing was written.`,
    )
    this.source = source
  }
}

function tooLargeError(source: string): InputTooLargeError {
  return new InputTooLargeError(source)
}

/**
 * All of a stream's bytes, or a ValidationError (naming `source`, never content) once it
 * passes the cap. Ctrl-C, SIGTERM or any other terminating signal while waiting on the stream (a pipeline that stalls)
 * stops the read with InterruptedError: the one-line "interrupted" error and exit 130.
 */
export async function readStreamBounded(
  stream: NodeJS.ReadableStream,
  source: string,
  cap = MAX_INPUT_BYTES,
): Promise<Buffer> {
  return whileInterruptible(
    () => readAll(stream, source, cap),
    () => (stream as {destroy?: () => void}).destroy?.(),
  )
}

async function whileInterruptible<T>(work: () => Promise<T>, stop: () => void): Promise<T> {
  let onSignal = () => {}
  const interrupted = new Promise<never>((_resolve, reject) => {
    onSignal = () => {
      stop()
      reject(new InterruptedError())
    }
  })
  const release = claimSignals(onSignal)
  try {
    return await Promise.race([work(), interrupted])
  } finally {
    release()
  }
}

async function readAll(stream: NodeJS.ReadableStream, source: string, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  // Breaking out of the loop destroys the stream, so an endless writer gets EPIPE instead of filling memory.
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    total += buffer.length
    if (total > cap) {
      wipe(chunks)
      buffer.fill(0)
      throw tooLargeError(source)
    }

    chunks.push(buffer)
  }

  const bytes = Buffer.concat(chunks, total)
  wipe(chunks)
  return bytes
}

/** All of an open file descriptor's bytes, with the same cap. */
export async function readFdBounded(fd: number, source: string, cap = MAX_INPUT_BYTES): Promise<Buffer> {
  const buffer = Buffer.alloc(cap + 1)
  let total = 0
  for (;;) {
    const {bytesRead} = await readAsync(fd, buffer, total, buffer.length - total, null)
    if (bytesRead === 0) break
    total += bytesRead
    if (total > cap) {
      buffer.fill(0)
      throw tooLargeError(source)
    }
  }

  const bytes = Buffer.from(buffer.subarray(0, total))
  buffer.fill(0)
  return bytes
}

/** Drops one trailing "\n" or "\r\n" (what `echo`, heredocs and editors append), unless asked to keep it. */
export function stripOneTrailingNewline(bytes: Buffer, keepNewline: boolean): Buffer {
  if (keepNewline) return bytes
  const length = bytes.length
  if (length >= 2 && bytes[length - 2] === 0x0d && bytes[length - 1] === 0x0a) return bytes.subarray(0, length - 2)
  if (length >= 1 && bytes[length - 1] === 0x0a) return bytes.subarray(0, length - 1)
  return bytes
}

// Best effort: copies of the value should not linger in freed buffers longer than needed.
function wipe(chunks: Buffer[]): void {
  for (const chunk of chunks) chunk.fill(0)
  chunks.length = 0
}
