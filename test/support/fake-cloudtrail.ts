// CloudTrail's view of the loopback Secrets Manager: every call the test server serves becomes
// a management event (as CloudTrail records Secrets Manager API calls), and LookupEvents
// answers from them with CloudTrail's JSON 1.1 shapes: lookup attributes, a time window,
// newest first, MaxResults up to 50 and NextToken paging. Events carry names and ids, never a
// request's SecretString/SecretBinary (CloudTrail does not record them either).
import {randomUUID} from 'node:crypto'

import {FakeApiError} from './fake-secrets-manager-model.js'

/** Who a request came from, decided by its access key id. */
export interface FakePrincipal {
  accountId: string
  arn: string
  userName: string
}

export interface FakeTrailEvent {
  eventId: string
  eventName: string
  eventTime: number
  readOnly: boolean
  accessKeyId: string
  principal: FakePrincipal
  sourceIp: string
  userAgent: string
  region: string
  recipientAccountId: string
  /** The secret's ARN (or the name asked for, when no such secret exists). */
  resourceName?: string
  errorCode?: string
}

const READ_ONLY = /^(Get|Describe|List|BatchGet|Validate)/
const LOOKUP_KEYS = new Set([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
])
const MAX_EVENTS = 50_000

export class FakeTrail {
  readonly events: FakeTrailEvent[] = []

  record(event: Omit<FakeTrailEvent, 'eventId' | 'readOnly'>): void {
    if (this.events.length >= MAX_EVENTS) this.events.shift()
    this.events.push({...event, eventId: randomUUID(), readOnly: READ_ONLY.test(event.eventName)})
  }

  reset(): void {
    this.events.length = 0
  }

  lookupEvents(input: Record<string, unknown>): Record<string, unknown> {
    const attributes = Array.isArray(input.LookupAttributes)
      ? (input.LookupAttributes as Array<Record<string, unknown>>)
      : []
    // CloudTrail takes at most one lookup attribute per request.
    if (attributes.length > 1)
      throw new FakeApiError('InvalidLookupAttributesException', 'You can only specify one lookup attribute.')
    const [attribute] = attributes
    if (
      attribute &&
      (!LOOKUP_KEYS.has(String(attribute.AttributeKey)) || typeof attribute.AttributeValue !== 'string')
    ) {
      throw new FakeApiError('InvalidLookupAttributesException', 'The lookup attribute is not valid.')
    }

    const maxResults = input.MaxResults === undefined ? 50 : Number(input.MaxResults)
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50)
      throw new FakeApiError('InvalidMaxResultsException', 'MaxResults must be 1 to 50.')
    const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : Number.NEGATIVE_INFINITY
    const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : Number.POSITIVE_INFINITY
    if (start > end) throw new FakeApiError('InvalidTimeRangeException', 'StartTime is after EndTime.')
    const offset = typeof input.NextToken === 'string' ? Number.parseInt(input.NextToken, 10) : 0
    if (Number.isNaN(offset) || offset < 0)
      throw new FakeApiError('InvalidNextTokenException', 'The NextToken is not valid.')

    const matching = this.events
      .filter(
        (event) =>
          event.eventTime >= start &&
          event.eventTime <= end &&
          (!attribute || matches(event, String(attribute.AttributeKey), attribute.AttributeValue as string)),
      )
      .sort((a, b) => b.eventTime - a.eventTime)
    const page = matching.slice(offset, offset + maxResults)
    return {
      Events: page.map(toApiEvent),
      ...(offset + maxResults < matching.length ? {NextToken: String(offset + maxResults)} : {}),
    }
  }
}

function matches(event: FakeTrailEvent, key: string, value: string): boolean {
  switch (key) {
    case 'EventId':
      return event.eventId === value
    case 'EventName':
      return event.eventName === value
    case 'ReadOnly':
      return String(event.readOnly) === value
    case 'Username':
      return event.principal.userName === value
    case 'ResourceType':
      return value === 'AWS::SecretsManager::Secret' && event.resourceName !== undefined
    case 'ResourceName':
      return event.resourceName === value
    case 'EventSource':
      return value === 'secretsmanager.amazonaws.com'
    case 'AccessKeyId':
      return event.accessKeyId === value
    default:
      return false
  }
}

function toApiEvent(event: FakeTrailEvent): Record<string, unknown> {
  const detail = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${event.principal.userName.toUpperCase()}`,
      arn: event.principal.arn,
      accountId: event.principal.accountId,
      accessKeyId: event.accessKeyId,
      userName: event.principal.userName,
    },
    eventTime: new Date(event.eventTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: event.eventName,
    awsRegion: event.region,
    sourceIPAddress: event.sourceIp,
    userAgent: event.userAgent,
    ...(event.errorCode ? {errorCode: event.errorCode, errorMessage: 'The request failed.'} : {}),
    requestParameters: event.resourceName ? {secretId: event.resourceName} : null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: event.eventId,
    readOnly: event.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.recipientAccountId,
    eventCategory: 'Management',
  }
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    AccessKeyId: event.accessKeyId,
    EventTime: event.eventTime / 1000,
    EventSource: 'secretsmanager.amazonaws.com',
    Username: event.principal.userName,
    Resources: event.resourceName
      ? [{ResourceType: 'AWS::SecretsManager::Secret', ResourceName: event.resourceName}]
      : [],
    CloudTrailEvent: JSON.stringify(detail),
  }
}
