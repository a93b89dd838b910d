// The mapping from whatever the AWS SDK throws to our typed errors and exit codes, with
// messages built from names and numbers only: an SDK message never reaches the user.
import assert from 'node:assert/strict'

import {ExitCode} from '../../src/errors.js'
import {type AwsCallContext, toStoreError} from '../../src/stores/aws-errors.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

const context: AwsCallContext = {
  operation: 'PutSecretValue',
  secretName: 'prod/db',
  region: 'eu-west-1',
  credentialSource: 'profile ops',
  endpoint: 'https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com',
  isWrite: true,
}

function sdkError(
  name: string,
  fields: {status?: number; attempts?: number; code?: string; message?: string} = {},
): Error {
  return Object.assign(new Error(fields.message ?? `${name}: the request with SecretString ${CANARY} failed`), {
    name,
    ...(fields.code ? {code: fields.code} : {}),
    $metadata: {
      ...(fields.status === undefined ? {} : {httpStatusCode: fields.status}),
      ...(fields.attempts === undefined ? {} : {attempts: fields.attempts}),
    },
  })
}

function mapped(error: unknown, overrides: Partial<AwsCallContext> = {}) {
  const result = toStoreError(error, {...context, ...overrides})
  assert.ok(!result.message.includes(CANARY), `the SDK message leaked: ${result.message}`)
  assert.ok(!result.message.includes('\n'))
  return result
}

describe('aws error mapping', function () {
  const cases: Array<
    [
      string,
      {status?: number; attempts?: number; code?: string; message?: string},
      Partial<AwsCallContext>,
      ExitCode,
      RegExp,
    ]
  > = [
    [
      'ResourceNotFoundException',
      {status: 400, attempts: 1},
      {},
      ExitCode.NotFound,
      /prod\/db was not found in region eu-west-1/,
    ],
    ['ResourceExistsException', {status: 400}, {operation: 'CreateSecret'}, ExitCode.Conflict, /already exists/],
    ['ResourceExistsException', {status: 400}, {}, ExitCode.Conflict, /client request token/],
    [
      'InvalidRequestException',
      {status: 400, message: "You can't perform this operation on the secret because it was marked for deletion."},
      {versionDetail: undefined},
      ExitCode.Conflict,
      /scheduled for deletion.*secretsmith restore prod\/db/,
    ],
    ['InvalidRequestException', {status: 400, message: 'something else'}, {}, ExitCode.Conflict, /current state/],
    ['InvalidParameterException', {status: 400}, {}, ExitCode.Validation, /rejected a parameter/],
    ['ValidationException', {status: 400}, {}, ExitCode.Validation, /rejected a parameter/],
    ['MalformedPolicyDocumentException', {status: 400}, {}, ExitCode.Validation, /rejected a parameter/],
    ['LimitExceededException', {status: 400, attempts: 3}, {}, ExitCode.Validation, /quota/],
    [
      'AccessDeniedException',
      {status: 400},
      {},
      ExitCode.AccessDenied,
      /denied PutSecretValue on prod\/db \(profile ops, region eu-west-1\)/,
    ],
    ['UnrecognizedClientException', {status: 400}, {}, ExitCode.AccessDenied, /rejected the credentials.*profile ops/],
    ['ExpiredTokenException', {status: 400}, {}, ExitCode.AccessDenied, /expired \(profile ops, region eu-west-1\)/],
    [
      'CredentialsProviderError',
      {},
      {},
      ExitCode.AccessDenied,
      /No usable AWS credentials \(tried profile ops, region eu-west-1\).*--store local/,
    ],
    ['DecryptionFailure', {status: 400}, {}, ExitCode.AccessDenied, /KMS key/],
    [
      'ThrottlingException',
      {status: 400, attempts: 3},
      {},
      ExitCode.Unavailable,
      /throttling PutSecretValue.*after 3 attempts/,
    ],
    ['TooManyRequestsException', {status: 429, attempts: 5}, {}, ExitCode.Unavailable, /after 5 attempts/],
    [
      'InternalServiceError',
      {status: 500, attempts: 3},
      {},
      ExitCode.Unavailable,
      /was unavailable.*HTTP 500, after 3 attempts/,
    ],
    [
      'Error',
      {code: 'ECONNREFUSED', attempts: 3},
      {},
      ExitCode.Unavailable,
      /could not be reached.*ECONNREFUSED.*may or may not have been applied/,
    ],
    [
      'TimeoutError',
      {attempts: 2},
      {isWrite: false, attemptTimeoutMs: 8000},
      ExitCode.Unavailable,
      /timed out: no answer .* within 8 s per attempt; gave up \(TimeoutError, after 2 attempts\)/,
    ],
    [
      'LimitExceededException',
      {status: 400, message: 'You have exceeded the number of secret versions'},
      {},
      ExitCode.Validation,
      /quota of versions per secret.*nothing was written/,
    ],
    [
      'LimitExceededException',
      {status: 400},
      {operation: 'GetSecretValue', isWrite: false},
      ExitCode.Validation,
      /request-rate quota .* for GetSecretValue.*nothing was changed/,
    ],
    ['Hunter2-value with spaces', {status: 400}, {}, ExitCode.Unexpected, /with an unrecognised error \(HTTP 400\)/],
    ['AbortError', {}, {}, ExitCode.Interrupted, /Interrupted/],
    [
      'SomethingNewException',
      {status: 400},
      {},
      ExitCode.Unexpected,
      /answered PutSecretValue on prod\/db with SomethingNewException \(HTTP 400\)/,
    ],
    ['TypeError', {}, {}, ExitCode.Unexpected, /failed with TypeError before Secrets Manager answered/],
  ]

  for (const [name, fields, overrides, exitCode, wording] of cases) {
    const when = fields.message ? ` ("${fields.message.slice(0, 40)}…")` : ''
    it(`maps ${name}${fields.status ? ` (HTTP ${fields.status})` : ''}${overrides.operation ? ` on ${overrides.operation}` : ''}${when} to exit ${exitCode}`, function () {
      const error = mapped(sdkError(name, fields), overrides)
      assert.equal(error.exitCode, exitCode)
      assert.match(error.message, wording)
    })
  }

  it('names the missing version, not the secret, when GetSecretValue finds the secret but not the version', function () {
    const error = mapped(
      sdkError('ResourceNotFoundException', {
        status: 400,
        message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
      }),
      {operation: 'GetSecretValue', isWrite: false, versionDetail: 'stage AWSPENDING'},
    )
    assert.equal(error.exitCode, ExitCode.NotFound)
    assert.equal(error.message, 'Secret prod/db has no stage AWSPENDING in region eu-west-1.')
  })

  for (const name of ['InvalidRequestException', 'InvalidParameterException']) {
    it(`says a delete refused for replicas (${name}) names their regions and offers --remove-replicas, exit 4`, function () {
      const error = mapped(
        sdkError(name, {
          status: 400,
          message: `You can't delete secret prod/db that still has replica regions [us-west-2,eu-north-1] ${CANARY}`,
        }),
        {operation: 'DeleteSecret'},
      )
      assert.equal(error.exitCode, ExitCode.Conflict)
      assert.match(error.message, /^Secret prod\/db has replicas in us-west-2, eu-north-1\b/)
      assert.match(error.message, /secretsmith delete prod\/db --remove-replicas$/)
    })
  }

  it('says a label asked for by itself is on no version of the secret, which exists', function () {
    const error = mapped(
      sdkError('ResourceNotFoundException', {
        status: 400,
        message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
      }),
      {operation: 'GetSecretValue', isWrite: false, versionDetail: 'stage AWSPENDING', versionStage: 'AWSPENDING'},
    )
    assert.equal(error.exitCode, ExitCode.NotFound)
    assert.match(
      error.message,
      /^The label AWSPENDING is on no version of secret prod\/db in region eu-west-1; the secret exists/,
    )
    assert.doesNotMatch(error.message, /not found/)
  })

  it('reports a version id and stage that do not belong together as not found', function () {
    const error = mapped(
      sdkError('InvalidRequestException', {status: 400, message: 'You provided a VersionStage that is not associated'}),
      {
        operation: 'GetSecretValue',
        isWrite: false,
        versionDetail: 'version 1 with stage AWSCURRENT',
      },
    )
    assert.equal(error.exitCode, ExitCode.NotFound)
  })

  it('turns an endpoint-rules refusal into a usage error', function () {
    const error = mapped(new Error('Invalid Configuration: FIPS and custom endpoint are not supported'))
    assert.equal(error.exitCode, ExitCode.Usage)
  })

  it('maps anything at all, even a non-Error, to a typed error', function () {
    for (const thrown of [undefined, null, 42, CANARY, {message: CANARY}]) {
      assert.equal(mapped(thrown).exitCode, ExitCode.Unexpected)
    }
  })
})
