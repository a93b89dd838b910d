// Masking secret values in a child program's output (`exec`), as CI systems mask their
// secrets in logs. Each value is looked for in the forms programs commonly print it: as is,
// base64 (standard and URL-safe, also inside a longer base64 string such as an HTTP Basic
// credential), URL-encoded and JSON-escaped; every occurrence becomes `*****`. Output arrives
// in chunks that may split a value anywhere, so the masker holds back only a tail that could
// still turn into a value, and emits everything else at once (an interactive child's prompts
// are not delayed unless they end in the start of a secret).
import {Transform, type TransformCallback} from 'node:stream'

export const MASK = Buffer.from('*****')

/** Shorter forms are not masked: masking every "abc" in the output would hide more than it protects. */
const MIN_MASKED_BYTES = 4

/** The byte sequences to mask for one secret value (text or bytes), longest first, deduplicated. */
export function maskPatterns(value: Buffer | string): Buffer[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
  if (bytes.length < MIN_MASKED_BYTES) return []
  const forms = new Set<string>()
  const add = (form: Buffer) => {
    if (form.length >= MIN_MASKED_BYTES) forms.add(form.toString('latin1'))
  }

  add(bytes)
  for (const core of base64Cores(bytes)) {
    add(Buffer.from(core, 'latin1'))
    add(Buffer.from(core.replaceAll('+', '-').replaceAll('/', '_'), 'latin1'))
  }

  const text = bytes.toString('utf8')
  // Only for text that survives UTF-8 decoding: a binary value's "text forms" would be noise.
  if (Buffer.from(text, 'utf8').equals(bytes)) {
    const encoded = encodeURIComponent(text)
    add(Buffer.from(encoded, 'utf8'))
    add(Buffer.from(encoded.replaceAll('%20', '+'), 'utf8'))
    // Form encoding also escapes what encodeURIComponent leaves (e.g. !'()*).
    add(Buffer.from(new URLSearchParams({v: text}).toString().slice(2), 'utf8'))
    add(Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8'))
    // JSON.stringify leaves non-ASCII as is; some encoders escape it as \uXXXX.
    add(
      Buffer.from(
        JSON.stringify(text)
          .slice(1, -1)
          .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
        'utf8',
      ),
    )
  }

  return [...forms].map((form) => Buffer.from(form, 'latin1')).sort((a, b) => b.length - a.length)
}

/**
 * The base64 characters that depend on the value alone, for each of the three alignments
 * the value can have inside a longer base64 string (offset 0 also gives the standalone
 * encoding, whose padding, if any, is left visible).
 */
function base64Cores(bytes: Buffer): string[] {
  const cores = [bytes.toString('base64').replace(/=+$/, '')]
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const start = Math.ceil((offset * 8) / 6)
    const end = 4 * Math.floor((offset + bytes.length) / 3)
    if (end - start >= 8) cores.push(encoded.slice(start, end))
  }

  return cores
}

/** The streaming masker: feed chunks in order, then flush at the end. */
export class OutputMasker {
  readonly #patterns: Buffer[]
  #held: Buffer = Buffer.alloc(0)
  /** How many leading bytes of #held belong to a match whose mask was already emitted. */
  #covered = 0
  /** The last thing emitted was a mask ending where #held starts: a match starting there joins it. */
  #touching = false

  constructor(patterns: Buffer[]) {
    this.#patterns = patterns.filter((pattern) => pattern.length > 0)
  }

  push(chunk: Buffer): Buffer {
    return this.#process(Buffer.concat([this.#held, chunk]), false)
  }

  flush(): Buffer {
    return this.#process(this.#held, true)
  }

  #process(buffer: Buffer, final: boolean): Buffer {
    const covered = this.#covered
    const continuing = covered > 0 || this.#touching
    const intervals = mergeIntervals([
      ...(continuing ? [{start: 0, end: covered}] : []),
      ...findMatches(buffer, this.#patterns),
    ])
    // Everything from here on is held back: it could still become (part of) a secret.
    const holdFrom = final ? buffer.length : holdBackStart(buffer, this.#patterns)
    const out: Buffer[] = []
    let position = 0
    let stillCovered = 0
    let lastWasMask = false
    for (const {start, end} of intervals) {
      // The first interval may continue a match whose mask went out with an earlier chunk.
      const alreadyMasked = start === 0 && continuing
      if (start >= holdFrom) {
        if (alreadyMasked) {
          stillCovered = end - holdFrom
          lastWasMask = true
        }

        break
      }

      if (start > position) out.push(buffer.subarray(position, start))
      if (!alreadyMasked) out.push(MASK)
      lastWasMask = true
      position = end
      if (end > holdFrom) {
        // The match runs into the held tail: its mask is out, so those bytes never go out raw.
        stillCovered = end - holdFrom
        break
      }
    }

    if (holdFrom > position) {
      out.push(buffer.subarray(position, holdFrom))
      lastWasMask = false
    }

    this.#held = Buffer.from(buffer.subarray(holdFrom))
    this.#covered = stillCovered
    this.#touching = lastWasMask
    return Buffer.concat(out)
  }
}

/** A Transform stream around OutputMasker, for piping a child's stdout or stderr. */
export function maskingStream(patterns: Buffer[]): Transform {
  const masker = new OutputMasker(patterns)
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const out = masker.push(chunk)
      callback(null, out.length > 0 ? out : undefined)
    },
    flush(callback: TransformCallback) {
      const out = masker.flush()
      callback(null, out.length > 0 ? out : undefined)
    },
  })
}

interface Interval {
  start: number
  end: number
}

function findMatches(buffer: Buffer, patterns: Buffer[]): Interval[] {
  const found: Interval[] = []
  for (const pattern of patterns) {
    let at = buffer.indexOf(pattern)
    while (at !== -1) {
      found.push({start: at, end: at + pattern.length})
      at = buffer.indexOf(pattern, at + 1)
    }
  }

  return found
}

/** Sorted, with overlapping and touching intervals joined (two adjacent secrets make one mask). */
function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Interval[] = []
  for (const interval of sorted) {
    const last = merged.at(-1)
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end)
    else merged.push({...interval})
  }

  return merged
}

/** Where the longest tail that is the start of some pattern begins (buffer.length when none). */
function holdBackStart(buffer: Buffer, patterns: Buffer[]): number {
  let start = buffer.length
  for (const pattern of patterns) {
    const longest = Math.min(pattern.length - 1, buffer.length)
    const first = pattern[0]
    // Candidate starts are the positions holding the pattern's first byte, earliest first.
    for (let from = buffer.length - longest; from < start; from++) {
      from = buffer.indexOf(first, from)
      if (from === -1 || from >= start) break
      if (buffer.subarray(from).equals(pattern.subarray(0, buffer.length - from))) {
        start = from
        break
      }
    }
  }

  return start
}
