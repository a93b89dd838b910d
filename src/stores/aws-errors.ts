// Turns whatever the AWS SDK throws into one of our typed errors with its documented exit
// code. The SDK's own message is never copied: it can echo request fields, so every message
// here is built from the error's name, the operation, the secret name, the HTTP status and
// the attempt count. The SDK's message is only *read*, to tell apart two cases that share an
// error name (e.g. "marked for deletion" among InvalidRequestExceptions).
import {
  AccessDeniedError,
  ConflictError,
  ExitCode,
  InterruptedError,
  NotFoundError,
  SecretsmithError,
  UnavailableError,
  UsageError,
  ValidationError,
  alreadyExistsError,
  hasReplicasError,
  labelOnNoVersionError,
  scheduledForDeletionError,
} from '../errors.js'
import {plural} from '../wording.js'
import {suggestCommand} from '../command-hint.js'

/** What was being attempted when an error came back, for building the message. */
export interface AwsCallContext {
  /** The API operation, e.g. "PutSecretValue". */
  operation: string
  secretName?: string
  /** Which version was asked for, e.g. "version 0e1f…" or "stage AWSPREVIOUS". */
  versionDetail?: string
  /** The staging label a read asked for without a version id. */
  versionStage?: string
  region: string
  /** Where credentials were looked for, e.g. "profile dev" or "credentials from AWS_ACCESS_KEY_ID". */
  credentialSource: string
  endpoint?: string
  /** Whether the call changes state: a lost response to a write may still have landed. */
  isWrite: boolean
  /** How long one attempt may wait for an answer, for a timeout's message. */
  attemptTimeoutMs?: number
  /** The profile in use when it is in neither shared config file (credential errors then say so). */
  missingProfile?: string
}

/** The fields of an SDK error we look at. Everything is optional: anything can be thrown. */
interface SdkErrorShape {
  name?: unknown
  code?: unknown
  message?: unknown
  $fault?: unknown
  $metadata?: {httpStatusCode?: unknown; attempts?: unknown}
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
  'AuthFailure',
  'NotAuthorized',
  'OptInRequired',
])
const EXPIRED_CREDENTIALS = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired'])
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError'])
const KMS_FAILURES = new Set(['DecryptionFailure', 'EncryptionFailure'])
const INVALID_PARAMETER = new Set([
  'InvalidParameterException',
  'ValidationException',
  'MalformedPolicyDocumentException',
  'SerializationException',
])
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ThrottledException',
  'SlowDown',
])
const SERVICE_UNAVAILABLE = new Set([
  'InternalServiceError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
])
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'])

/**
 * The error names Secrets Manager documents for its operations and the common errors of every
 * AWS API, plus those the SDK raises itself: the names a message may repeat.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html and the
 * Errors section of each action, e.g. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
 */
const DOCUMENTED_NAMES = new Set([
  ...ACCESS_DENIED,
  ...EXPIRED_CREDENTIALS,
  ...NO_CREDENTIALS,
  ...KMS_FAILURES,
  ...INVALID_PARAMETER,
  ...THROTTLED,
  ...SERVICE_UNAVAILABLE,
  ...TIMEOUT_NAMES,
  'InvalidNextTokenException',
  'InvalidRequestException',
  'LimitExceededException',
  'PreconditionNotMetException',
  'PublicPolicyException',
  'ResourceExistsException',
  'ResourceNotFoundException',
  'InvalidAction',
  'InvalidQueryParameter',
  'MalformedQueryString',
  'MissingAction',
  'MissingParameter',
  'NotAuthorized',
  'ValidationError',
  'UnknownOperationException',
  'AbortError',
  'Error',
  'TypeError',
])
/** A CamelCase error name with no digits, ending the way error names do: arbitrary text will not pass. */
const ERROR_NAME_SHAPE = /^(?:[A-Z][a-z]+){1,8}(?:Exception|Error|Failure|Fault)$/
const NODE_ERROR_CODE = /^(?:E[A-Z]{2,20}|ERR_[A-Z_]{2,60})$/

/**
 * The error name as a message may show it. A server (or anything between us and it) chooses
 * the name through `__type` or `x-amzn-errortype`, and an echoing one can put the request's
 * value there: only documented names, or names of a strict error-name shape, are repeated.
 */
export function shownErrorName(name: unknown): string {
  if (typeof name !== 'string') return 'an unrecognised error'
  if (DOCUMENTED_NAMES.has(name) || ERROR_NAME_SHAPE.test(name) || NODE_ERROR_CODE.test(name)) return name
  return 'an unrecognised error'
}

/** The SDK found no credentials at all (as opposed to credentials that were refused). */
export function isCredentialsError(error: unknown): boolean {
  return NO_CREDENTIALS.has(String((error as {name?: unknown})?.name))
}

export function toStoreError(error: unknown, context: AwsCallContext): SecretsmithError {
  if (error instanceof SecretsmithError) return error
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape
  // Compared against known names below, and shown only through shownErrorName.
  const name = typeof shape.name === 'string' ? shape.name : 'Error'
  const code = typeof shape.code === 'string' ? shape.code : undefined
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined
  const attempts = typeof shape.$metadata?.attempts === 'number' ? shape.$metadata.attempts : undefined
  // Read, never repeated: only used to tell apart cases that share an error name.
  const sdkMessage = typeof shape.message === 'string' ? shape.message : ''

  const subject = describeSubject(context)
  const where = `region ${context.region}`
  const facts = (extra?: string) => factList(shownErrorName(name), status, attempts, extra)

  if (name === 'AbortError') return new InterruptedError()

  if (NO_CREDENTIALS.has(name) && context.missingProfile !== undefined) {
    // The AWS CLI's wording: "The config profile (dev) could not be found".
    return new AccessDeniedError(
      `The AWS profile ${shownProfile(context.missingProfile)} could not be found in the shared config or credentials file ` +
        '(~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE); check --profile or AWS_PROFILE (aws configure list-profiles).',
    )
  }

  if (NO_CREDENTIALS.has(name)) {
    return new AccessDeniedError(
      `No usable AWS credentials (tried ${context.credentialSource}, ${where}). ` +
        'Configure them (aws configure, aws sso login, AWS_PROFILE or AWS_ACCESS_KEY_ID), or use --store local to work without AWS.',
    )
  }

  if (EXPIRED_CREDENTIALS.has(name)) {
    return new AccessDeniedError(
      `The AWS credentials have expired (${context.credentialSource}, ${where}) ${facts()}; refresh them (e.g. aws sso login) and retry.`,
    )
  }

  if (ACCESS_DENIED.has(name)) {
    const why =
      name === 'AccessDeniedException' || name === 'AccessDenied'
        ? `AWS denied ${context.operation} on ${subject}`
        : `AWS rejected the credentials for ${context.operation} on ${subject}`
    return new AccessDeniedError(
      `${why} (${context.credentialSource}, ${where}) ${facts()}. Check the credentials and the IAM policy for secretsmanager:${context.operation}.`,
    )
  }

  if (KMS_FAILURES.has(name)) {
    return new AccessDeniedError(
      `Secrets Manager could not use the KMS key of ${subject} for ${context.operation} (${context.credentialSource}, ${where}) ${facts()}; check the key policy and that the key is enabled.`,
    )
  }

  if (name === 'ResourceNotFoundException') {
    if (context.versionStage && /staging label/i.test(sdkMessage)) {
      return labelOnNoVersionError(context.secretName ?? '?', context.versionStage, {where})
    }
    if (context.versionDetail && /secret value|VersionId|staging label/i.test(sdkMessage)) {
      return new NotFoundError(`Secret ${context.secretName ?? '?'} has no ${context.versionDetail} in ${where}.`)
    }
    return new NotFoundError(`Secret ${subject} was not found in ${where} (${context.credentialSource}).`)
  }

  if (name === 'ResourceExistsException') {
    if (context.operation === 'CreateSecret') {
      return alreadyExistsError(subject, {where})
    }
    return new ConflictError(
      `${context.operation} on ${subject} reused a client request token that belongs to a version with a different value; nothing was written.`,
    )
  }

  if (
    context.operation === 'DeleteSecret' &&
    (name === 'InvalidRequestException' || INVALID_PARAMETER.has(name)) &&
    /replica/i.test(sdkMessage)
  ) {
    // Replicas added since delete looked (it refuses them itself first). Only region-shaped
    // words of the service's message are repeated.
    const regions = [...new Set(sdkMessage.match(/\b[a-z]{2}(?:-[a-z]+)+-\d{1,2}\b/g) ?? [])]
    const secret = context.secretName ?? 'NAME'
    return hasReplicasError(secret, regions, suggestCommand('delete', secret, '--remove-replicas'))
  }

  if (name === 'InvalidRequestException' || name === 'PreconditionNotMetException') {
    if (/marked for deletion|scheduled for deletion|currently marked deleted/i.test(sdkMessage)) {
      return scheduledForDeletionError(context.secretName ?? 'NAME', {
        creating: context.operation === 'CreateSecret',
        where,
      })
    }

    if (context.operation === 'GetSecretValue') {
      // Secrets Manager answers a version id / stage pair that do not belong together this way.
      return new NotFoundError(`Secret ${subject} has no ${context.versionDetail ?? 'such version'} in ${where}.`)
    }
    return new ConflictError(
      `Secrets Manager refused ${context.operation} on ${subject} in its current state ${facts()}; run describe to see its state.`,
    )
  }

  if (INVALID_PARAMETER.has(name)) {
    return new ValidationError(
      `Secrets Manager rejected a parameter of ${context.operation} on ${subject} ${facts()}; nothing was written. Check names, version ids, tags, KMS key and regions.`,
    )
  }

  if (name === 'LimitExceededException') {
    const outcome = context.isWrite ? 'nothing was written' : 'nothing was changed'
    return new ValidationError(
      `${context.operation} on ${subject} would exceed ${quotaOf(sdkMessage, context)} ${facts()}; ${outcome}. See https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html`,
    )
  }

  if (THROTTLED.has(name) || status === 429) {
    return new UnavailableError(
      `Secrets Manager kept throttling ${context.operation} on ${subject} in ${where}: gave up ${facts()}. ` +
        'Wait and retry, or raise --max-attempts (or use --retry-mode adaptive).',
    )
  }

  if (TIMEOUT_NAMES.has(name) && status === undefined) {
    const endpoint = context.endpoint ? ` at ${context.endpoint}` : ''
    const limit = context.attemptTimeoutMs ? ` within ${formatMs(context.attemptTimeoutMs)} per attempt` : ''
    const mayHaveLanded = context.isWrite
      ? ` The change may or may not have been applied: check with ${suggestCommand('describe', context.secretName ?? 'NAME')} before retrying.`
      : ''
    return new UnavailableError(
      `Secrets Manager${endpoint} timed out: no answer to ${context.operation} on ${subject} in ${where}${limit}; gave up ${factList('TimeoutError', status, attempts)}. ` +
        `Check the network path to the endpoint, or raise SECRETSMITH_AWS_TIMEOUT_MS.${mayHaveLanded}`,
    )
  }

  const isServerFault = SERVICE_UNAVAILABLE.has(name) || (status !== undefined && status >= 500)
  const isNetwork = (code !== undefined && NETWORK_CODES.has(code)) || TIMEOUT_NAMES.has(name) || isSocketHangUp(shape)
  if (isServerFault || isNetwork) {
    const reason = isServerFault ? 'was unavailable for' : 'could not be reached for'
    const endpoint = context.endpoint ? ` at ${context.endpoint}` : ''
    const mayHaveLanded =
      context.isWrite && isNetwork
        ? ` The change may or may not have been applied: check with ${suggestCommand('describe', context.secretName ?? 'NAME')} before retrying.`
        : ''
    return new UnavailableError(
      `Secrets Manager${endpoint} ${reason} ${context.operation} on ${subject} in ${where}: gave up ${factList(
        shownErrorName(isNetwork ? (code ?? name) : name),
        status,
        attempts,
      )}.${mayHaveLanded}`,
    )
  }

  if (/^Invalid Configuration|Region is missing|Invalid region/i.test(sdkMessage)) {
    // Endpoint rules refuse e.g. FIPS with a custom endpoint, or a malformed region.
    return new UsageError(
      `The AWS settings cannot be combined for ${context.operation} (${where}${context.endpoint ? `, endpoint ${context.endpoint}` : ''}); check --region, --endpoint-url, --fips and --dualstack.`,
    )
  }

  if (status !== undefined) {
    return new SecretsmithError(
      `Secrets Manager answered ${context.operation} on ${subject} with ${shownErrorName(name)} (HTTP ${status}); re-run with --debug for the call log.`,
      ExitCode.Unexpected,
      'AwsError',
    )
  }

  return new SecretsmithError(
    `${context.operation} on ${subject} failed with ${shownErrorName(name)}${code ? ` (${shownErrorName(code)})` : ''} before Secrets Manager answered; re-run with --debug for details.`,
    ExitCode.Unexpected,
    'AwsError',
  )
}

/**
 * Which quota a LimitExceededException is about. The service's message is read to tell them
 * apart, never repeated. Figures from https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
function quotaOf(sdkMessage: string, context: AwsCallContext): string {
  if (/version/i.test(sdkMessage)) {
    return 'the quota of versions per secret (Secrets Manager purges unlabelled versions beyond 100, but none younger than 24 hours: write less often than every 10 minutes)'
  }
  if (/polic/i.test(sdkMessage)) return 'the size quota of a resource policy (20,480 characters)'
  if (/\btags?\b/i.test(sdkMessage)) return 'the quota of tags per secret (50)'
  if (/secrets? (per|in)|number of secrets|500,?000/i.test(sdkMessage))
    return 'the quota of secrets per account and region (500,000)'
  if (/rate|per second|TPS|requests/i.test(sdkMessage) || !context.isWrite) {
    return `the request-rate quota (transactions per second) for ${context.operation}; wait and retry`
  }
  return 'a Secrets Manager quota'
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}

/** A profile name is repeated only when it looks like one: the flag's value may be anything typed. */
function shownProfile(profile: string): string {
  return /^[A-Za-z0-9_.@+-]{1,64}$/.test(profile) ? profile : '(name not repeated)'
}

function describeSubject(context: AwsCallContext): string {
  return context.secretName ?? (context.operation === 'GetRandomPassword' ? 'a random password' : 'the account')
}

/** "(ThrottlingException, HTTP 400, after 3 attempts)": names, numbers, never message text. */
function factList(name: string, status: number | undefined, attempts: number | undefined, extra?: string): string {
  const parts = [name]
  if (status !== undefined) parts.push(`HTTP ${status}`)
  if (attempts !== undefined) parts.push(`after ${plural(attempts, 'attempt')}`)
  if (extra) parts.push(extra)
  return `(${parts.join(', ')})`
}

function isSocketHangUp(shape: SdkErrorShape): boolean {
  return typeof shape.message === 'string' && /socket hang up|ECONNRESET|EPIPE/i.test(shape.message)
}
