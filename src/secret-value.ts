// A secret's content inside the program. It holds bytes and refuses to show them through
// any accidental path (string interpolation, JSON.stringify, console.log / util.inspect):
// only an explicit reveal hands the content to a sink that is allowed to see it (a store,
// or stdout of a command asked to print it).
import {inspect} from 'node:util'

const REDACTED = '[REDACTED]'

export class SecretValue {
  readonly #bytes: Buffer
  readonly #binary: boolean

  private constructor(bytes: Buffer, binary: boolean) {
    this.#bytes = bytes
    this.#binary = binary
  }

  /** A text secret (Secrets Manager's SecretString). */
  static fromText(text: string): SecretValue {
    return new SecretValue(Buffer.from(text, 'utf8'), false)
  }

  /**
   * Bytes from an input source: stored as text when they are valid UTF-8, as binary
   * (Secrets Manager's SecretBinary) otherwise, so nothing is mangled on the way.
   */
  static fromBytes(bytes: Uint8Array): SecretValue {
    const buffer = Buffer.from(bytes)
    return new SecretValue(buffer, !isValidUtf8(buffer))
  }

  /** Bytes that must stay binary even if they happen to decode as UTF-8. */
  static fromBinary(bytes: Uint8Array): SecretValue {
    return new SecretValue(Buffer.from(bytes), true)
  }

  get isBinary(): boolean {
    return this.#binary
  }

  /** Size in bytes, the unit of Secrets Manager's 65,536-byte limit. */
  get byteLength(): number {
    return this.#bytes.length
  }

  get isEmpty(): boolean {
    return this.#bytes.length === 0
  }

  /** The content as bytes. Call only where the value is meant to leave the program. */
  revealBytes(): Buffer {
    return Buffer.from(this.#bytes)
  }

  /** The content as text; throws for a binary secret, which has no faithful text form. */
  revealText(): string {
    if (this.#binary) throw new TypeError('binary secret has no text form')
    return this.#bytes.toString('utf8')
  }

  /**
   * The content parsed as a JSON object (the shape of key/value and schema'd secrets), or
   * undefined for anything else. The parser's error is dropped: it quotes its input.
   */
  revealJsonObject(): Record<string, unknown> | undefined {
    if (this.#binary) return undefined
    try {
      const parsed: unknown = JSON.parse(this.#bytes.toString('utf8'))
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined
    } catch {
      return undefined
    }
  }

  equals(other: SecretValue): boolean {
    return this.#binary === other.#binary && this.#bytes.equals(other.#bytes)
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return REDACTED
  }

  get [Symbol.toStringTag](): string {
    return 'SecretValue'
  }
}

function isValidUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(buffer)
    return true
  } catch {
    return false
  }
}
