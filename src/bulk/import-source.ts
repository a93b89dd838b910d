// Where `import` reads its entries: a file (re-read for each pass, JSON lines streamed so
// memory does not grow with the number of entries) or stdin (read once and held, since a
// pipe cannot be read twice). Either way the same parsers produce the entries.
import {createHash} from 'node:crypto'
import {resolve} from 'node:path'
import {createInterface} from 'node:readline'

import {UsageError, ValidationError} from '../errors.js'
import {InputTooLargeError, readStreamBounded} from '../input/bounded-read.js'
import {openRegularFile} from '../input/file.js'
import {stdinIsTerminal} from '../input/terminal.js'
import {type ImportFormat, type ParsedEntry, parseDotenv, parseJsonLine, parseJsonObject} from './entries.js'

/** dotenv and JSON inputs are parsed whole; beyond this they belong in JSON lines, which stream. */
const MAX_WHOLE_INPUT_BYTES = 64 * 1024 * 1024

/** A JSON line holds one secret (65,536 bytes at most) and its metadata; JSON escaping can grow a value sixfold. */
const MAX_JSON_LINE_CHARS = 512 * 1024

export interface ImportSourceSpec {
  fromStdin?: boolean
  fromFile?: string
  format: ImportFormat
  /** Prepended to every entry's name. */
  prefix: string
  warn?: (message: string) => void
}

export interface EntrySource {
  /** For messages: "stdin" or the file's path. */
  readonly label: string
  /** Stable across runs of the same command on the same input: keys the resume journal. */
  readonly identity: string
  /** A fresh pass over the entries, in input order. */
  entries(): AsyncIterable<ParsedEntry>
}

export async function openImportSource(spec: ImportSourceSpec): Promise<EntrySource> {
  if (Boolean(spec.fromStdin) === Boolean(spec.fromFile)) {
    throw new UsageError('Give exactly one of --from-stdin or --from-file PATH.')
  }

  if (spec.fromStdin) return stdinSource(spec)
  return fileSource(spec.fromFile!, spec)
}

async function stdinSource(spec: ImportSourceSpec): Promise<EntrySource> {
  if (stdinIsTerminal()) {
    throw new UsageError(
      '--from-stdin reads entries piped to stdin, but stdin is a terminal; pipe them in or use --from-file PATH.',
    )
  }

  const bytes = await readStreamBounded(process.stdin, 'stdin', MAX_WHOLE_INPUT_BYTES).catch((error: unknown) => {
    throw error instanceof InputTooLargeError ? tooLarge('stdin') : error
  })
  const text = decode(bytes, 'stdin')
  const identity = `stdin:${createHash('sha256').update(bytes).digest('hex')}`
  bytes.fill(0)
  return {
    label: 'stdin',
    identity,
    async *entries() {
      if (spec.format === 'jsonl') {
        let lineNumber = 0
        for (const line of text.split('\n')) {
          const entry = parseJsonLine(line, ++lineNumber, spec.prefix)
          if (entry) yield entry
        }
      } else {
        yield* await parseWhole(text, spec)
      }
    },
  }
}

async function fileSource(path: string, spec: ImportSourceSpec): Promise<EntrySource> {
  const flag = `--from-file ${path}`
  // Checked once up front so a bad path fails before anything else happens.
  const handle = await openRegularFile(path, flag)
  const stats = await handle.stat()
  await handle.close()
  if ((stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0')
    spec.warn?.(
      `${path} is readable or writable by group or others (mode ${mode}); keep files of secrets at 0600 and delete them after use.`,
    )
  }

  const reopen = async () => {
    const again = await openRegularFile(path, flag)
    const now = await again.stat()
    if (now.ino !== stats.ino || now.dev !== stats.dev) {
      await again.close()
      throw new UsageError(`${flag} was replaced while secretsmith was reading it; nothing more was read.`)
    }

    return again
  }

  return {
    label: path,
    identity: `file:${resolve(path)}`,
    async *entries() {
      const file = await reopen()
      try {
        if (spec.format === 'jsonl') {
          const lines = createInterface({
            input: file.createReadStream({autoClose: false}),
            crlfDelay: Number.POSITIVE_INFINITY,
          })
          let lineNumber = 0
          for await (const line of lines) {
            lineNumber++
            if (line.length > MAX_JSON_LINE_CHARS) {
              yield {
                origin: `line ${lineNumber}`,
                error: new ValidationError(`line ${lineNumber}: longer than any secret entry can be`),
              }
              continue
            }

            const entry = parseJsonLine(line, lineNumber, spec.prefix)
            if (entry) yield entry
          }
        } else {
          if ((await file.stat()).size > MAX_WHOLE_INPUT_BYTES) throw tooLarge(flag)
          const bytes = await file.readFile()
          const text = decode(bytes, flag)
          bytes.fill(0)
          yield* await parseWhole(text, spec)
        }
      } finally {
        await file.close()
      }
    },
  }
}

async function parseWhole(text: string, spec: ImportSourceSpec): Promise<ParsedEntry[]> {
  return spec.format === 'dotenv' ? parseDotenv(text, spec.prefix) : parseJsonObject(text, spec.prefix)
}

function decode(bytes: Buffer, label: string): string {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    throw new ValidationError(`The input from ${label} is not UTF-8 text; nothing was written.`)
  }
}

function tooLarge(label: string): ValidationError {
  return new ValidationError(
    `The input from ${label} is over ${MAX_WHOLE_INPUT_BYTES / 1024 / 1024} MiB; split it, or use --format jsonl, which is read as a stream. Nothing was written.`,
  )
}
