// `--since`: how far back a history command looks, as a duration ("7d", "12h", "30m", "2w")
// or a date/time ("2026-11-30", "2026-11-30T08:00:00Z"), resolved against now.
import {UsageError} from '../errors.js'

const UNIT_MS: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000}

export function parseSince(text: string, now: Date = new Date()): Date {
  const trimmed = text.trim()
  const duration = /^(\d{1,6})\s*([mhdw])$/i.exec(trimmed)
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()])
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const date = new Date(trimmed)
    if (!Number.isNaN(date.getTime())) return date
  }

  throw new UsageError('--since takes a duration (30m, 12h, 7d, 2w) or a date (2026-11-30 or 2026-11-30T08:00:00Z).')
}
