// `log --cloudtrail`: AWS CloudTrail's record of who read, changed or deleted a secret, read
// with LookupEvents (management events, the last 90 days) through @aws-sdk/client-cloudtrail,
// which only this path loads. Each event is reduced to time, name, principal, source IP and
// user agent; DeleteSecret calls and principals from outside the secret's account are flagged.
// Nothing from the request parameters is shown. SDK messages are never quoted (they can echo
// request fields); errors are built from the error's name and status.
import {AccessDeniedError, SecretsmithError, UnavailableError, UsageError} from '../errors.js'
import type {StoreOptions} from '../stores/store.js'
import type {TrailEvent} from '../output/trail-events.js'

/**
 * LookupEvents is limited to 2 requests per second per account and Region, and returns at
 * most 50 events a page:
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
const LOOKUP_INTERVAL_MS = 500
const PAGE_SIZE = 50
/** A secret read by a busy service has thousands of events a week; stop at this many and say so. */
const MAX_TRAIL_EVENTS = 1000
const FLAGGED_EVENTS = new Set(['DeleteSecret'])

export interface TrailLookup {
  /** The secret's ARN (what CloudTrail records as the resource), or its name when the ARN is unknown. */
  resource: string
  /** The secret's account, to flag callers from elsewhere. */
  accountId?: string
  since: Date
}

export interface TrailResult {
  events: TrailEvent[]
  /** More events matched than MAX_TRAIL_EVENTS; the newest are shown. */
  truncated: boolean
}

export async function lookupSecretEvents(
  options: StoreOptions,
  lookup: TrailLookup,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TrailResult> {
  const sdk = await import('@aws-sdk/client-cloudtrail')
  const region = options.region ?? (env.AWS_REGION ? undefined : env.AWS_DEFAULT_REGION || undefined)
  const client = new sdk.CloudTrailClient({
    region,
    profile: options.profile,
    useFipsEndpoint: options.fips ? true : undefined,
    useDualstackEndpoint: options.dualstack ? true : undefined,
    maxAttempts: options.maxAttempts,
    retryMode: options.retryMode,
  })
  try {
    const resolvedRegion = await client.config.region().catch(() => undefined)
    if (!resolvedRegion) {
      throw new UsageError(
        'No AWS region is configured for CloudTrail: pass --region or set AWS_REGION (or set region in ~/.aws/config).',
      )
    }

    const events: TrailEvent[] = []
    let nextToken: string | undefined
    let truncated = false
    let last = 0
    do {
      const wait = last + LOOKUP_INTERVAL_MS - Date.now()
      if (last > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      last = Date.now()
      options.debug?.(`cloudtrail: LookupEvents page ${nextToken ?? 1}`)
      const page = await client
        .send(
          new sdk.LookupEventsCommand({
            LookupAttributes: [{AttributeKey: 'ResourceName', AttributeValue: lookup.resource}],
            StartTime: lookup.since,
            EndTime: new Date(),
            MaxResults: PAGE_SIZE,
            NextToken: nextToken,
          }),
        )
        .catch((error: unknown) => {
          throw trailError(error)
        })
      for (const event of page.Events ?? []) events.push(toTrailEvent(event, lookup.accountId))
      nextToken = page.NextToken
      if (nextToken && events.length >= MAX_TRAIL_EVENTS) truncated = true
    } while (nextToken && !truncated)
    return {events: events.slice(0, MAX_TRAIL_EVENTS), truncated}
  } finally {
    client.destroy()
  }
}

interface ApiEvent {
  EventName?: string
  EventTime?: Date
  Username?: string
  ReadOnly?: string
  CloudTrailEvent?: string
}

/** The record's own JSON (CloudTrailEvent) is read for identity, IP and agent; nothing else of it is kept. */
function toTrailEvent(event: ApiEvent, ownerAccount: string | undefined): TrailEvent {
  let detail: {
    userIdentity?: {type?: string; arn?: string; accountId?: string; userName?: string; invokedBy?: string}
    sourceIPAddress?: string
    userAgent?: string
    errorCode?: string
    eventTime?: string
  } = {}
  try {
    detail = event.CloudTrailEvent ? (JSON.parse(event.CloudTrailEvent) as typeof detail) : {}
  } catch {
    // An unreadable record still has the fields LookupEvents returns beside it.
  }

  const identity = detail.userIdentity ?? {}
  const eventName = event.EventName ?? '(unknown)'
  const flags: string[] = []
  if (FLAGGED_EVENTS.has(eventName)) flags.push('delete')
  if (identity.accountId && ownerAccount && identity.accountId !== ownerAccount) flags.push('other-account')
  return {
    time: (event.EventTime ?? (detail.eventTime ? new Date(detail.eventTime) : new Date(0))).toISOString(),
    eventName,
    principal: identity.arn ?? event.Username ?? identity.invokedBy ?? identity.type ?? '(unknown)',
    ...(identity.accountId ? {principalAccount: identity.accountId} : {}),
    ...(detail.sourceIPAddress ? {sourceIp: detail.sourceIPAddress} : {}),
    ...(detail.userAgent ? {userAgent: detail.userAgent} : {}),
    ...(detail.errorCode ? {errorCode: detail.errorCode} : {}),
    readOnly: event.ReadOnly === 'true',
    flags,
  }
}

function trailError(error: unknown): SecretsmithError {
  const shape = (error ?? {}) as {name?: unknown; $metadata?: {httpStatusCode?: unknown; attempts?: unknown}}
  const name = typeof shape.name === 'string' ? shape.name : 'Error'
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? ` (HTTP ${shape.$metadata.httpStatusCode})` : ''
  if (
    /AccessDenied|Unrecognized|InvalidClientTokenId|Signature|MissingAuthentication|Expired|Credentials|TokenProvider/.test(
      name,
    )
  ) {
    return new AccessDeniedError(
      `CloudTrail refused LookupEvents: ${name}${status}; it needs credentials allowed cloudtrail:LookupEvents in this account and region.`,
    )
  }

  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return new UnavailableError(
      `CloudTrail kept throttling LookupEvents (${name}); it allows 2 requests per second per account and region. Retry in a moment.`,
    )
  }

  if (/^Invalid|OperationNotPermitted|UnsupportedOperation/.test(name))
    return new UsageError(`CloudTrail rejected the lookup: ${name}${status}.`)
  return new UnavailableError(
    `CloudTrail's LookupEvents failed with ${name}${status}; re-run with --debug for details.`,
  )
}
