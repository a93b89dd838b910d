// "Does this token look random?" — the test behind the high-entropy metadata warning and the
// guard that keeps odd-looking JSON keys out of messages. Shannon entropy alone flags too
// much (long hyphenated service names have plenty of distinct characters), so a token must
// also be built of short runs (aZ3kP9qL…), unlike names made of words (BillingDatabase2024).
// ARNs, UUIDs, host names, URLs, e-mail addresses, hex digests and dates are never random
// for this purpose: they are what metadata is made of (public-identifiers.ts).
import {isStructuredIdentifier, withoutPublicIdentifiers} from './public-identifiers.js'

/** Bits per character over the token's own character distribution. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0
  const counts = new Map<string, number>()
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / text.length
    bits -= p * Math.log2(p)
  }

  return bits
}

/** Average length of the letter and digit runs a token splits into at camelCase and digit boundaries. */
export function averageRunLength(text: string): number {
  const runs = text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? []
  if (runs.length === 0) return 0
  return runs.reduce((sum, run) => sum + run.length, 0) / runs.length
}

/** A part of an identifier a person would write: a word, an acronym, a number, CamelCase words, or something short (v2, eu). */
function isWordlike(part: string): boolean {
  return part.length <= 3 || /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,}|\d+)+$/.test(part)
}

const MIN_RANDOM_TOKEN_LENGTH = 20

/**
 * A segment (no separators) that looks generated: long enough, letters and digits mixed in
 * short runs, high entropy. Human-made identifiers fail at least one of these.
 */
export function looksRandom(segment: string, minLength = MIN_RANDOM_TOKEN_LENGTH): boolean {
  if (segment.length < minLength) return false
  if (!/[A-Za-z]/.test(segment) || !/\d/.test(segment)) return false
  if (/^[0-9a-fA-F]+$/.test(segment)) return false // hex digests and ids: commit SHAs, image digests, checksums
  // Human-made identifiers are words with a short generated tail at most (payments-service-eu-west-1,
  // billing-api-7d9f8c6b5-x2x4z): at least 16 characters must be outside word-like parts.
  const generated = segment
    .split(/[-_.+]+/)
    .filter((part) => !isWordlike(part))
    .reduce((sum, part) => sum + part.length, 0)
  if (generated < 16) return false
  if (averageRunLength(segment) > 3.2) return false
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[+/_=-]/].filter((pattern) => pattern.test(segment)).length
  return shannonEntropy(segment) >= (classes >= 3 ? 3.5 : 3.8)
}

export {isStructuredIdentifier} from './public-identifiers.js'

/**
 * The random-looking segments of free text (a description, a tag value, a name): split on
 * whitespace and punctuation, skip structured identifiers whole, then split paths and
 * key=value pairs so that one random segment inside them is still found.
 */
export function randomLookingSegments(text: string): string[] {
  const found: string[] = []
  for (const raw of withoutPublicIdentifiers(text).split(/[\s,;'"`()<>[\]{}|\\]+/)) {
    const token = raw.replace(/[.,:;!?]+$/, '')
    if (token.length < MIN_RANDOM_TOKEN_LENGTH || isStructuredIdentifier(token)) continue
    for (const segment of token.split(/[/:@]|=(?=[^=])|\.(?=[A-Za-z])/)) {
      if (looksRandom(segment)) found.push(segment)
    }
  }

  return found
}
