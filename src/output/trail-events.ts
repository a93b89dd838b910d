// Human rendering of `log --cloudtrail`: one row per CloudTrail event, newest first, with
// DeleteSecret and callers from other accounts flagged in the last column.
import {formatDate} from './secret-details.js'
import {renderTable} from './table.js'

export interface TrailEvent {
  time: string
  eventName: string
  /** The caller's ARN, else its user name, else its type (e.g. an AWS service). */
  principal: string
  principalAccount?: string
  sourceIp?: string
  userAgent?: string
  /** Set when the call failed (e.g. AccessDenied: someone tried). */
  errorCode?: string
  readOnly: boolean
  /** "delete" for DeleteSecret, "other-account" for a caller outside the secret's account. */
  flags: string[]
}

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
