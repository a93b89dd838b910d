// A loopback Secrets Manager for tests: node:http on 127.0.0.1 and an ephemeral port,
// speaking the JSON 1.1 protocol the AWS SDK uses (POST /, X-Amz-Target:
// secretsmanager.<Operation>, application/x-amz-json-1.1, errors as {"__type", "message"}
// with AWS's status codes), with Secrets Manager's semantics (fake-secrets-manager-model.ts)
// and per-test fault injection (fake-faults.ts). It does not verify SigV4 signatures, but
// requires a SigV4 Authorization header scoped to its region and service, as AWS does.
// Bounded: request bodies up to 1 MiB, a capped call log, at most 10,000 secrets.
import {once} from 'node:events'
import {type IncomingMessage, type ServerResponse, createServer} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'
import {randomUUID} from 'node:crypto'

import {FaultPlan, type FaultSelector, type HoldGate} from './fake-faults.js'
import {type FakePrincipal, FakeTrail, type FakeTrailEvent} from './fake-cloudtrail.js'
import {
  FakeApiError,
  type FakeSecretAdjustment,
  type FakeSecretSnapshot,
  SecretsManagerModel,
} from './fake-secrets-manager-model.js'

export type {FaultSelector} from './fake-faults.js'
export type {FakeSecretAdjustment, FakeSecretSnapshot, FakeVersionSnapshot} from './fake-secrets-manager-model.js'
export type {FakePrincipal, FakeTrailEvent} from './fake-cloudtrail.js'

export interface FakeSecretsManagerOptions {
  region?: string
  accountId?: string
  /**
   * Who signs with which access key id, for the CloudTrail events (default: user "tester" in
   * the server's own account), e.g. {AKIDOTHERACCOUNT: {accountId: '999999999999', userName: 'intruder'}}.
   */
  principals?: Record<string, {accountId?: string; userName?: string}>
}

export interface FakeCall {
  operation: string
  /** HTTP status answered; 0 when the connection was dropped instead. */
  status: number
  /** The AWS error type, when the answer was an error. */
  errorType?: string
  clientRequestToken?: string
  /** The SecretId or Name the call named (never a value). */
  secretId?: string
  /** UpdateSecretVersionStage's VersionStage: which label the call moved or removed. */
  versionStage?: string
  /** Faults applied to this call, e.g. ["throttle"] or ["drop-after"]. */
  faults: string[]
  /** Whether the operation ran (true for drop-after: processed, answer lost). */
  processed: boolean
}

export interface FakeSecretsManager {
  /** e.g. http://127.0.0.1:41234: pass as --endpoint-url / StoreOptions.endpointUrl. */
  readonly url: string
  readonly region: string
  readonly accountId: string
  /** Every call received, in order (capped at 50,000 entries). */
  readonly calls: readonly FakeCall[]
  callsTo(operation: string): FakeCall[]
  /** Answer 400 ThrottlingException. */
  throttle(selector?: FaultSelector): void
  /**
   * Answer with a status and error type, e.g. 500 InternalServiceError, 503, or 400
   * AccessDeniedException; `message` lets a test make the error echo something (as AWS
   * messages can echo request fields) to prove it is never shown.
   */
  fail(selector: FaultSelector & {status: number; errorType?: string; message?: string}): void
  /** Destroy the socket before the request is processed, or after (processed, answer lost). */
  dropConnection(selector: FaultSelector & {when: 'before' | 'after'}): void
  /** Delay handling by `ms` (the operation still runs even if the client gave up). */
  addLatency(selector: FaultSelector & {ms: number}): void
  /**
   * Hold matching calls before they are processed until `release()`, for interleavings that
   * must not depend on timing: `arrived` resolves once the first held call is waiting.
   */
  hold(selector?: FaultSelector): {arrived: Promise<void>; release(): void}
  /** Throttle calls of `operation` (or of a group sharing one quota) beyond `tps` in any one-second window. */
  limitTps(operation: string | readonly string[], tps: number): void
  clearFaults(): void
  /** Move the server's clock forward (e.g. past a recovery window). */
  advanceClock(ms: number): void
  /** Stop the server's clock (until advanceClock moves it), for deterministic TPS windows. */
  freezeClock(): void
  /** A value-free view of one secret, including deprecated versions. */
  inspect(name: string): FakeSecretSnapshot | undefined
  /** Changes bookkeeping no API call can (past dates, a failed replica), for fixture accounts. */
  adjust(name: string, change: FakeSecretAdjustment): void
  /** Names of all secrets held (including those scheduled for deletion). */
  secretNames(): string[]
  /** The CloudTrail management events of every Secrets Manager call served (LookupEvents answers from these). */
  readonly trailEvents: readonly FakeTrailEvent[]
  /** Forget all secrets, calls, faults and clock changes. */
  reset(): void
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
const MAX_CALL_LOG = 50_000
const DEFAULT_STATUS_ERROR: Record<number, string> = {
  500: 'InternalServiceError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
}

export async function startFakeSecretsManager(options: FakeSecretsManagerOptions = {}): Promise<FakeSecretsManager> {
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '123456789012'
  if (!/^\d{12}$/.test(accountId)) throw new RangeError('accountId must be 12 digits')
  let clockOffset = 0
  let frozenAt: number | undefined
  const now = () => (frozenAt ?? Date.now()) + clockOffset
  const model = new SecretsManagerModel(region, accountId, now)
  const trail = new FakeTrail()
  const principalOf = (accessKeyId: string): FakePrincipal => {
    const known = options.principals?.[accessKeyId]
    const account = known?.accountId ?? accountId
    const userName = known?.userName ?? 'tester'
    return {accountId: account, userName, arn: `arn:aws:iam::${account}:user/${userName}`}
  }

  const arnOf = (secretId: unknown): string | undefined => {
    if (typeof secretId !== 'string') return undefined
    return secretId.startsWith('arn:') ? secretId : model.snapshot(secretId)?.arn
  }
  const faults = new FaultPlan()
  const calls: FakeCall[] = []
  const sockets = new Set<Socket>()
  const pendingTimers = new Set<NodeJS.Timeout>()
  // Released on reset and close too, so no held call outlives the test that held it.
  const holdReleases = new Set<() => void>()
  let closed = false

  const releaseHolds = () => {
    for (const release of holdReleases) release()
    holdReleases.clear()
  }

  const record = (call: FakeCall) => {
    if (calls.length >= MAX_CALL_LOG) calls.shift()
    calls.push(call)
  }

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer)
        resolve()
      }, ms)
      pendingTimers.add(timer)
    })

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent)
        send(response, 500, {__type: 'InternalServiceError', message: 'The test server failed.'})
    })
  })

  /**
   * STS's GetCallerIdentity (the Query protocol: a form body, an XML answer), for `doctor`: who
   * the caller is, by the access key id in its signature. Point AWS_ENDPOINT_URL_STS here.
   */
  function answerSts(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const form = new URLSearchParams(body.toString('utf8'))
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/sts\/aws4_request/.exec(request.headers.authorization ?? '')
    const operation = form.get('Action') ?? '(none)'
    if (operation !== 'GetCallerIdentity' || !scope) {
      record({operation, status: 400, errorType: 'InvalidAction', faults: [], processed: false})
      response
        .writeHead(400, {'content-type': 'text/xml'})
        .end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Only GetCallerIdentity is served.</Message></Error></ErrorResponse>',
        )
      return
    }

    const principal = principalOf(scope[1])
    record({operation, status: 200, faults: [], processed: true})
    const xml = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${principal.arn}</Arn><UserId>AIDAFAKE${principal.userName.toUpperCase()}</UserId><Account>${principal.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
    response.writeHead(200, {'content-type': 'text/xml', 'x-amzn-requestid': randomUUID()}).end(xml)
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, response)
    if (body === undefined) return
    if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      answerSts(request, response, body)
      return
    }

    const target = request.headers['x-amz-target']
    const trailOperation =
      typeof target === 'string' ? /(?:^|\.)CloudTrail_20131101\.(\w+)$/.exec(target)?.[1] : undefined
    const operation =
      trailOperation ??
      (typeof target === 'string' && target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '')

    const protocolError = checkProtocol(request, operation, region, trailOperation ? 'cloudtrail' : 'secretsmanager')
    if (protocolError) {
      record({
        operation: operation || '(none)',
        status: protocolError.status,
        errorType: protocolError.type,
        faults: [],
        processed: false,
      })
      sendError(response, protocolError)
      return
    }

    let input: Record<string, unknown>
    try {
      const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not an object')
      input = parsed as Record<string, unknown>
    } catch {
      const error = new FakeApiError('SerializationException', 'The request body is not a JSON object.')
      record({operation, status: 400, errorType: error.type, faults: [], processed: false})
      sendError(response, error)
      return
    }

    const call: FakeCall = {
      operation,
      status: 0,
      ...(typeof input.ClientRequestToken === 'string' ? {clientRequestToken: input.ClientRequestToken} : {}),
      ...(typeof input.SecretId === 'string'
        ? {secretId: input.SecretId}
        : typeof input.Name === 'string'
          ? {secretId: input.Name}
          : {}),
      ...(typeof input.VersionStage === 'string' && operation === 'UpdateSecretVersionStage'
        ? {versionStage: input.VersionStage}
        : {}),
      faults: [],
      processed: false,
    }
    const decision = faults.decide(operation, now())
    call.faults = decision.applied
    record(call)
    if (decision.latencyMs > 0) await delay(decision.latencyMs)
    for (const gate of decision.holds) {
      gate.arrived()
      await gate.released
    }

    if (closed) {
      request.socket.destroy()
      return
    }

    const fault = decision.terminal
    if (fault?.kind === 'drop' && fault.when === 'before') {
      request.socket.destroy()
      return
    }

    if (fault?.kind === 'throttle') {
      call.status = 400
      call.errorType = 'ThrottlingException'
      sendError(response, new FakeApiError('ThrottlingException', 'Rate exceeded'))
      return
    }

    if (fault?.kind === 'status') {
      call.status = fault.status
      call.errorType = fault.errorType
      sendError(
        response,
        new FakeApiError(fault.errorType, fault.message ?? `Injected ${fault.errorType}.`, fault.status),
      )
      return
    }

    let status = 200
    let payload: Record<string, unknown>
    const secretId = input.SecretId ?? input.Name
    const arnBefore = trailOperation ? undefined : arnOf(secretId)
    try {
      if (trailOperation && trailOperation !== 'LookupEvents') {
        throw new FakeApiError(
          'UnknownOperationException',
          `Operation ${trailOperation} is not supported by this test server.`,
        )
      }

      payload = trailOperation ? trail.lookupEvents(input) : model.handle(operation, input)
      call.processed = true
    } catch (error) {
      const apiError =
        error instanceof FakeApiError ? error : new FakeApiError('InternalServiceError', 'The test server failed.', 500)
      status = apiError.status
      call.errorType = apiError.type
      payload = {__type: apiError.type, message: apiError.message}
    }

    if (!trailOperation) {
      const accessKeyId = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? ''
      trail.record({
        eventName: operation,
        eventTime: now(),
        accessKeyId,
        principal: principalOf(accessKeyId),
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: String(request.headers['user-agent'] ?? ''),
        region,
        recipientAccountId: accountId,
        ...(typeof secretId === 'string' ? {resourceName: arnOf(secretId) ?? arnBefore ?? secretId} : {}),
        ...(call.errorType ? {errorCode: call.errorType} : {}),
      })
    }

    if (fault?.kind === 'drop') {
      // after: the operation ran, but the client never hears about it.
      request.socket.destroy()
      return
    }

    call.status = status
    send(response, status, payload)
  }

  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    region,
    accountId,
    calls,
    callsTo: (operation) => calls.filter((call) => call.operation === operation),
    throttle: (selector = {}) => faults.add({kind: 'throttle'}, selector),
    fail: ({status, errorType, message, ...selector}) =>
      faults.add(
        {
          kind: 'status',
          status,
          errorType: errorType ?? DEFAULT_STATUS_ERROR[status] ?? 'InternalServiceError',
          ...(message === undefined ? {} : {message}),
        },
        selector,
      ),
    dropConnection: ({when, ...selector}) => faults.add({kind: 'drop', when}, selector),
    addLatency: ({ms, ...selector}) => faults.add({kind: 'latency', ms}, selector),
    hold: (selector = {}) => {
      let release!: () => void
      let arrived!: () => void
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      const arrival = new Promise<void>((resolve) => {
        arrived = resolve
      })
      const gate: HoldGate = {arrived, released}
      holdReleases.add(release)
      faults.add({kind: 'hold', gate}, selector)
      return {
        arrived: arrival,
        release() {
          holdReleases.delete(release)
          release()
        },
      }
    },
    limitTps: (operation, tps) => faults.limitTps(operation, tps),
    clearFaults: () => {
      faults.clear()
      releaseHolds()
    },
    advanceClock: (ms) => {
      clockOffset += ms
    },
    freezeClock: () => {
      frozenAt ??= Date.now()
    },
    inspect: (name) => model.snapshot(name),
    adjust: (name, change) => model.adjust(name, change),
    secretNames: () => model.names(),
    trailEvents: trail.events,
    reset: () => {
      model.reset()
      trail.reset()
      faults.clear()
      releaseHolds()
      calls.length = 0
      clockOffset = 0
      frozenAt = undefined
    },
    async close() {
      if (closed) return
      closed = true
      releaseHolds()
      for (const timer of pendingTimers) clearTimeout(timer)
      pendingTimers.clear()
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await done
    },
  }
}

/** Reads the body up to the limit; beyond it, drains the rest, answers 413, returns undefined. */
async function readBody(request: IncomingMessage, response: ServerResponse): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer)
  }

  if (size > MAX_BODY_BYTES) {
    response.setHeader('connection', 'close')
    sendError(response, new FakeApiError('RequestEntityTooLargeException', 'The request body is too large.', 413))
    return undefined
  }

  return Buffer.concat(chunks)
}

function checkProtocol(
  request: IncomingMessage,
  operation: string,
  region: string,
  service: string,
): FakeApiError | undefined {
  if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') {
    return new FakeApiError('UnknownOperationException', 'Only POST / is served.', 404)
  }

  if (!operation)
    return new FakeApiError(
      'UnknownOperationException',
      'X-Amz-Target must name a secretsmanager or CloudTrail operation.',
    )
  const contentType = request.headers['content-type'] ?? ''
  if (!contentType.startsWith('application/x-amz-json-1.1')) {
    return new FakeApiError('SerializationException', 'Content-Type must be application/x-amz-json-1.1.')
  }

  const authorization = request.headers.authorization
  if (!authorization)
    return new FakeApiError('MissingAuthenticationTokenException', 'Request is missing Authentication Token')
  const scope = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization)
  if (!scope)
    return new FakeApiError('IncompleteSignatureException', 'The Authorization header is not a SigV4 signature.')
  if (scope[2] !== service)
    return new FakeApiError('InvalidSignatureException', 'Credential should be scoped to correct service.')
  if (scope[1] !== region)
    return new FakeApiError('InvalidSignatureException', `Credential should be scoped to a valid region (${region}).`)
  return undefined
}

function sendError(response: ServerResponse, error: FakeApiError): void {
  response.setHeader('x-amzn-errortype', error.type)
  send(response, error.status, {__type: error.type, message: error.message})
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const body = Buffer.from(JSON.stringify(payload), 'utf8')
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': body.length,
    'x-amzn-requestid': randomUUID(),
  })
  response.end(body)
}
