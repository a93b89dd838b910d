// Human rendering of `log --cloudtrail`: one row per CloudTrail event, newest first, with
// DeleteSecret and callers from other accounts flagged in the last column.
import type {TrailEvent} from '../history/cloudtrail.js'
import {formatDate} from './secret-details.js'
import {renderTable} from './table.js'

const FLAG_WORDS: Record<string, string> = {delete: 'DELETE', 'other-account': 'OTHER ACCOUNT'}

export async function formatTrailEvents(events: TrailEvent[]): Promise<string> {
  if (events.length === 0) return 'No CloudTrail events for this secret in that period.'
  return renderTable(
    ['Time', 'Event', 'Principal', 'Source IP', 'User agent', 'Flags'],
    events.map((event) => [
      formatDate(new Date(event.time)) ?? event.time,
      event.errorCode ? `${event.eventName} (failed: ${event.errorCode})` : event.eventName,
      event.principal,
      event.sourceIp ?? '',
      shorten(event.userAgent ?? '', 40),
      event.flags.map((flag) => FLAG_WORDS[flag] ?? flag).join(', '),
    ]),
  )
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
