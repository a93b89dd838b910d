// The loopback Secrets Manager itself, spoken to over raw HTTP (no SDK), so its protocol,
// semantics and fault injection are pinned down independently of the store that uses it.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {request as httpRequest} from 'node:http'

import {mulberry32} from '../support/fake-faults.js'
import {type FakeSecretsManager, startFakeSecretsManager} from '../support/fake-secrets-manager.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIATEST/20250101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=00'

interface Answer {
  status: number
  body: Record<string, unknown>
  headers: Headers
}

async function call(
  server: FakeSecretsManager,
  operation: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `secretsmanager.${operation}`,
      authorization: AUTHORIZATION,
      ...headers,
    },
    body: JSON.stringify(input),
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  }
}

/** A raw request whose fate we observe at the socket: an answer, or a reset connection. */
function rawCall(
  server: FakeSecretsManager,
  operation: string,
  input: unknown,
): Promise<{status?: number; error?: string}> {
  return new Promise((resolve) => {
    const body = JSON.stringify(input)
    const request = httpRequest(
      server.url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `secretsmanager.${operation}`,
          authorization: AUTHORIZATION,
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve({status: response.statusCode}))
      },
    )
    request.on('error', (error: NodeJS.ErrnoException) => resolve({error: error.code ?? error.message}))
    request.end(body)
  })
}

const token = () => randomUUID()

describe('fake Secrets Manager server', function () {
  let server: FakeSecretsManager

  beforeEach(async function () {
    server = await startFakeSecretsManager({accountId: '999988887777'})
  })

  afterEach(async function () {
    await server.close()
  })

  describe('protocol', function () {
    it('listens on 127.0.0.1 on an ephemeral port and answers JSON 1.1', async function () {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const answer = await call(server, 'CreateSecret', {
        Name: 'p/one',
        SecretString: CANARY,
        ClientRequestToken: token(),
      })
      assert.equal(answer.status, 200)
      assert.equal(answer.headers.get('content-type'), 'application/x-amz-json-1.1')
      assert.ok(answer.headers.get('x-amzn-requestid'))
      assert.match(
        String(answer.body.ARN),
        /^arn:aws:secretsmanager:us-east-1:999988887777:secret:p\/one-[A-Za-z0-9]{6}$/,
      )
    })

    it('requires a SigV4 Authorization header scoped to its region and to secretsmanager', async function () {
      const missing = await call(server, 'ListSecrets', {}, {authorization: ''})
      assert.equal(missing.status, 400)
      assert.equal(missing.body.__type, 'MissingAuthenticationTokenException')
      const wrongRegion = await call(
        server,
        'ListSecrets',
        {},
        {authorization: AUTHORIZATION.replace('us-east-1', 'eu-west-1')},
      )
      assert.equal(wrongRegion.body.__type, 'InvalidSignatureException')
      const wrongService = await call(
        server,
        'ListSecrets',
        {},
        {authorization: AUTHORIZATION.replace('/secretsmanager/', '/s3/')},
      )
      assert.equal(wrongService.body.__type, 'InvalidSignatureException')
    })

    it('refuses a wrong target, content type or body with AWS error shapes', async function () {
      assert.equal((await call(server, 'DoSomethingElse', {})).body.__type, 'UnknownOperationException')
      assert.equal(
        (await call(server, 'ListSecrets', {}, {'content-type': 'application/json'})).body.__type,
        'SerializationException',
      )
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'secretsmanager.ListSecrets',
          authorization: AUTHORIZATION,
        },
        body: '{not json',
      })
      assert.equal(response.status, 400)
      assert.equal(((await response.json()) as {__type: string}).__type, 'SerializationException')
    })

    it('refuses a body over 1 MiB with 413', async function () {
      const answer = await call(server, 'CreateSecret', {Name: 'p/huge', SecretString: 'x'.repeat(1024 * 1024 + 1)})
      assert.equal(answer.status, 413)
      assert.equal(server.secretNames().length, 0)
    })
  })

  describe('semantics', function () {
    it('moves AWSCURRENT and AWSPREVIOUS on each put, and lists deprecated versions only when asked', async function () {
      const ids = [token(), token(), token()]
      await call(server, 'CreateSecret', {Name: 's/v', SecretString: 'one', ClientRequestToken: ids[0]})
      await call(server, 'PutSecretValue', {SecretId: 's/v', SecretString: 'two', ClientRequestToken: ids[1]})
      const third = await call(server, 'PutSecretValue', {
        SecretId: 's/v',
        SecretString: 'three',
        ClientRequestToken: ids[2],
      })
      assert.deepEqual(third.body.VersionStages, ['AWSCURRENT'])

      const described = await call(server, 'DescribeSecret', {SecretId: 's/v'})
      assert.deepEqual(described.body.VersionIdsToStages, {[ids[1]]: ['AWSPREVIOUS'], [ids[2]]: ['AWSCURRENT']})
      const labelled = await call(server, 'ListSecretVersionIds', {SecretId: 's/v'})
      assert.equal((labelled.body.Versions as unknown[]).length, 2)
      const all = await call(server, 'ListSecretVersionIds', {SecretId: 's/v', IncludeDeprecated: true})
      assert.equal((all.body.Versions as unknown[]).length, 3)
      const oldest = await call(server, 'GetSecretValue', {SecretId: 's/v', VersionId: ids[0]})
      assert.equal(oldest.body.SecretString, 'one')
      assert.deepEqual(oldest.body.VersionStages, [])
    })

    it('answers a repeated token with the same value with the same version, and a different value with ResourceExistsException', async function () {
      const id = token()
      await call(server, 'CreateSecret', {Name: 's/idem', SecretString: 'one', ClientRequestToken: token()})
      const first = await call(server, 'PutSecretValue', {
        SecretId: 's/idem',
        SecretString: 'two',
        ClientRequestToken: id,
      })
      const again = await call(server, 'PutSecretValue', {
        SecretId: 's/idem',
        SecretString: 'two',
        ClientRequestToken: id,
      })
      assert.equal(again.status, 200)
      assert.equal(again.body.VersionId, first.body.VersionId)
      const different = await call(server, 'PutSecretValue', {
        SecretId: 's/idem',
        SecretString: CANARY,
        ClientRequestToken: id,
      })
      assert.equal(different.body.__type, 'ResourceExistsException')
      assert.ok(!String(different.body.message).includes(CANARY))
      assert.equal(server.inspect('s/idem')!.versions.length, 2)
    })

    it('keeps SecretBinary as bytes, base64 on the wire', async function () {
      const bytes = Buffer.from([0, 255, 1, 254])
      await call(server, 'CreateSecret', {
        Name: 's/bin',
        SecretBinary: bytes.toString('base64'),
        ClientRequestToken: token(),
      })
      const read = await call(server, 'GetSecretValue', {SecretId: 's/bin'})
      assert.equal(read.body.SecretString, undefined)
      assert.ok(Buffer.from(String(read.body.SecretBinary), 'base64').equals(bytes))
      assert.equal(server.inspect('s/bin')!.versions[0].isBinary, true)
    })

    it('enforces the name rules and the 65,536-byte limit without quoting the value', async function () {
      assert.equal(
        (await call(server, 'CreateSecret', {Name: 'bad name', SecretString: 'x'})).body.__type,
        'InvalidParameterException',
      )
      assert.equal(
        (await call(server, 'CreateSecret', {Name: 'n'.repeat(513), SecretString: 'x'})).body.__type,
        'ValidationException',
      )
      const tooBig = await call(server, 'CreateSecret', {Name: 's/big', SecretString: CANARY + 'é'.repeat(32_760)})
      assert.equal(tooBig.body.__type, 'ValidationException')
      assert.ok(!String(tooBig.body.message).includes(CANARY))
      assert.equal((await call(server, 'CreateSecret', {Name: 's/max', SecretString: 'a'.repeat(65_536)})).status, 200)
    })

    it('schedules deletion within a 7–30 day window, refuses use meanwhile, restores, and purges once the window has passed', async function () {
      await call(server, 'CreateSecret', {Name: 's/del', SecretString: 'x', ClientRequestToken: token()})
      assert.equal(
        (await call(server, 'DeleteSecret', {SecretId: 's/del', RecoveryWindowInDays: 6})).body.__type,
        'InvalidParameterException',
      )
      const deleted = await call(server, 'DeleteSecret', {SecretId: 's/del', RecoveryWindowInDays: 7})
      assert.ok(Math.abs(Number(deleted.body.DeletionDate) * 1000 - (Date.now() + 7 * 86_400_000)) < 60_000)
      assert.equal((await call(server, 'GetSecretValue', {SecretId: 's/del'})).body.__type, 'InvalidRequestException')
      assert.equal(
        (await call(server, 'CreateSecret', {Name: 's/del', SecretString: 'y'})).body.__type,
        'InvalidRequestException',
      )
      assert.equal((await call(server, 'ListSecrets', {})).body.SecretList instanceof Array, true)
      assert.equal(((await call(server, 'ListSecrets', {})).body.SecretList as unknown[]).length, 0)
      assert.equal(
        ((await call(server, 'ListSecrets', {IncludePlannedDeletion: true})).body.SecretList as unknown[]).length,
        1,
      )

      await call(server, 'RestoreSecret', {SecretId: 's/del'})
      assert.equal((await call(server, 'GetSecretValue', {SecretId: 's/del'})).body.SecretString, 'x')

      await call(server, 'DeleteSecret', {SecretId: 's/del', RecoveryWindowInDays: 7})
      server.advanceClock(7 * 86_400_000 + 1)
      assert.equal((await call(server, 'RestoreSecret', {SecretId: 's/del'})).body.__type, 'ResourceNotFoundException')
    })

    it('paginates ListSecrets with MaxResults and opaque NextTokens, refusing a forged token', async function () {
      for (let index = 0; index < 5; index++) {
        await call(server, 'CreateSecret', {Name: `page/${index}`, SecretString: 'x', ClientRequestToken: token()})
      }

      const seen: string[] = []
      let next: unknown
      let pages = 0
      do {
        const answer = await call(server, 'ListSecrets', {MaxResults: 2, ...(next ? {NextToken: next} : {})})
        seen.push(...(answer.body.SecretList as Array<{Name: string}>).map((entry) => entry.Name))
        next = answer.body.NextToken
        pages++
      } while (next)
      assert.equal(pages, 3)
      assert.deepEqual(seen.sort(), ['page/0', 'page/1', 'page/2', 'page/3', 'page/4'])
      assert.equal((await call(server, 'ListSecrets', {NextToken: 'forged'})).body.__type, 'InvalidNextTokenException')
      assert.equal((await call(server, 'ListSecrets', {MaxResults: 101})).body.__type, 'ValidationException')
    })

    it('makes a stage move name the version that holds the label (a check-and-set)', async function () {
      const [a, b] = [token(), token()]
      await call(server, 'CreateSecret', {Name: 's/stage', SecretString: 'a', ClientRequestToken: a})
      await call(server, 'PutSecretValue', {SecretId: 's/stage', SecretString: 'b', ClientRequestToken: b})
      const unnamed = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/stage',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: a,
      })
      assert.equal(unnamed.body.__type, 'InvalidParameterException')
      const moved = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/stage',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: a,
        RemoveFromVersionId: b,
      })
      assert.equal(moved.status, 200)
      assert.deepEqual((await call(server, 'DescribeSecret', {SecretId: 's/stage'})).body.VersionIdsToStages, {
        [a]: ['AWSCURRENT'],
        [b]: ['AWSPREVIOUS'],
      })
    })

    it('puts a version under its own label without touching AWSCURRENT; moving AWSCURRENT from the wrong version is refused (400) and changes nothing', async function () {
      const [a, b, c] = [token(), token(), token()]
      await call(server, 'CreateSecret', {Name: 's/cas', SecretString: 'a', ClientRequestToken: a})
      const put = await call(server, 'PutSecretValue', {
        SecretId: 's/cas',
        SecretString: 'b',
        ClientRequestToken: b,
        VersionStages: ['mine'],
      })
      assert.deepEqual(put.body.VersionStages, ['mine'])
      assert.deepEqual((await call(server, 'DescribeSecret', {SecretId: 's/cas'})).body.VersionIdsToStages, {
        [a]: ['AWSCURRENT'],
        [b]: ['mine'],
      })

      await call(server, 'PutSecretValue', {SecretId: 's/cas', SecretString: 'c', ClientRequestToken: c})
      const refused = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/cas',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: b,
        RemoveFromVersionId: a,
      })
      assert.deepEqual([refused.status, refused.body.__type], [400, 'InvalidParameterException'])
      const before = {[a]: ['AWSPREVIOUS'], [b]: ['mine'], [c]: ['AWSCURRENT']}
      assert.deepEqual((await call(server, 'DescribeSecret', {SecretId: 's/cas'})).body.VersionIdsToStages, before)

      // Moving AWSCURRENT from the version that holds it hands AWSPREVIOUS to that version.
      const moved = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/cas',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: b,
        RemoveFromVersionId: c,
      })
      assert.equal(moved.status, 200)
      assert.deepEqual((await call(server, 'DescribeSecret', {SecretId: 's/cas'})).body.VersionIdsToStages, {
        [b]: ['mine', 'AWSCURRENT'],
        [c]: ['AWSPREVIOUS'],
      })

      // Removing a label (RemoveFromVersionId only) from a version that no longer has it is refused too.
      assert.equal(
        (
          await call(server, 'UpdateSecretVersionStage', {
            SecretId: 's/cas',
            VersionStage: 'mine',
            RemoveFromVersionId: b,
          })
        ).status,
        200,
      )
      const again = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/cas',
        VersionStage: 'mine',
        RemoveFromVersionId: b,
      })
      assert.deepEqual([again.status, again.body.__type], [400, 'InvalidParameterException'])
      const removedFromCurrent = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/cas',
        VersionStage: 'AWSCURRENT',
        RemoveFromVersionId: b,
      })
      assert.deepEqual([removedFromCurrent.status, removedFromCurrent.body.__type], [400, 'InvalidParameterException'])
    })

    it('makes the first version of a secret AWSCURRENT even when other labels were asked for', async function () {
      const first = token()
      await call(server, 'CreateSecret', {Name: 's/empty'})
      const put = await call(server, 'PutSecretValue', {
        SecretId: 's/empty',
        SecretString: 'x',
        ClientRequestToken: first,
        VersionStages: ['blue'],
      })
      assert.deepEqual(put.body.VersionStages, ['blue', 'AWSCURRENT'])
    })

    it('validates staging labels (1–256 characters, 1–20 per version) and refuses a 21st label without changing anything', async function () {
      const [a, b] = [token(), token()]
      await call(server, 'CreateSecret', {Name: 's/labels', SecretString: 'a', ClientRequestToken: a})
      for (const VersionStage of ['', 'x'.repeat(257)]) {
        const answer = await call(server, 'UpdateSecretVersionStage', {
          SecretId: 's/labels',
          VersionStage,
          MoveToVersionId: a,
        })
        assert.equal(answer.body.__type, 'ValidationException')
      }

      const labels = Array.from({length: 20}, (_, index) => `label-${index}`)
      assert.equal(
        (
          await call(server, 'PutSecretValue', {
            SecretId: 's/labels',
            SecretString: 'b',
            ClientRequestToken: b,
            VersionStages: labels,
          })
        ).status,
        200,
      )
      const tooMany = await call(server, 'PutSecretValue', {
        SecretId: 's/labels',
        SecretString: 'c',
        ClientRequestToken: token(),
        VersionStages: [...labels, 'x'],
      })
      assert.equal(tooMany.body.__type, 'ValidationException')
      const twentyFirst = await call(server, 'UpdateSecretVersionStage', {
        SecretId: 's/labels',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: b,
        RemoveFromVersionId: a,
      })
      assert.equal(twentyFirst.body.__type, 'LimitExceededException')
      assert.deepEqual((await call(server, 'DescribeSecret', {SecretId: 's/labels'})).body.VersionIdsToStages, {
        [a]: ['AWSCURRENT'],
        [b]: labels,
      })
    })
  })

  describe('fault injection', function () {
    it('throttles the next N calls of one operation only, then answers normally', async function () {
      server.throttle({operation: 'ListSecrets', times: 2})
      const statuses = []
      for (let index = 0; index < 3; index++) statuses.push((await call(server, 'ListSecrets', {})).body.__type ?? 'ok')
      assert.deepEqual(statuses, ['ThrottlingException', 'ThrottlingException', 'ok'])
      assert.equal((await call(server, 'GetRandomPassword', {})).status, 200)
    })

    it('throttles a seeded fraction of calls: the same calls every run', async function () {
      const pattern = async () => {
        server.reset()
        server.throttle({operation: 'GetRandomPassword', fraction: 0.3, seed: 42})
        const result: boolean[] = []
        for (let index = 0; index < 40; index++)
          result.push((await call(server, 'GetRandomPassword', {})).status === 400)
        return result
      }

      const first = await pattern()
      assert.deepEqual(await pattern(), first)
      const throttled = first.filter(Boolean).length
      assert.ok(throttled > 4 && throttled < 24, `about 30% throttled, got ${throttled}/40`)
      const random = mulberry32(42)
      assert.deepEqual(
        first,
        Array.from({length: 40}, () => random() < 0.3),
      )
    })

    it('answers injected 500 and 503 with AWS error types', async function () {
      server.fail({status: 500, times: 1})
      server.fail({status: 503, times: 1})
      const first = await call(server, 'ListSecrets', {})
      const second = await call(server, 'ListSecrets', {})
      assert.deepEqual(
        [first.status, first.body.__type, second.status, second.body.__type],
        [500, 'InternalServiceError', 503, 'ServiceUnavailable'],
      )
    })

    it('drops the connection before processing (nothing happens) or after (the write happened)', async function () {
      server.dropConnection({operation: 'CreateSecret', when: 'before', times: 1})
      assert.ok((await rawCall(server, 'CreateSecret', {Name: 'd/before', SecretString: 'x'})).error)
      assert.equal(server.inspect('d/before'), undefined)

      server.dropConnection({operation: 'CreateSecret', when: 'after', times: 1})
      assert.ok((await rawCall(server, 'CreateSecret', {Name: 'd/after', SecretString: 'x'})).error)
      assert.ok(server.inspect('d/after'))
      assert.deepEqual(
        server.callsTo('CreateSecret').map((entry) => [entry.status, entry.processed, entry.faults]),
        [
          [0, false, ['drop-before']],
          [0, true, ['drop-after']],
        ],
      )
    })

    it('lets the first N matching calls through before a fault applies', async function () {
      server.throttle({operation: 'ListSecrets', skip: 2, times: 1})
      const statuses = []
      for (let index = 0; index < 4; index++) statuses.push((await call(server, 'ListSecrets', {})).status)
      assert.deepEqual(statuses, [200, 200, 400, 200])
    })

    it('holds a call before processing it until the test releases it', async function () {
      const held = server.hold({operation: 'CreateSecret', times: 1})
      const pending = call(server, 'CreateSecret', {Name: 'h/one', SecretString: 'x', ClientRequestToken: token()})
      await held.arrived
      assert.equal(server.inspect('h/one'), undefined, 'not processed while held')
      assert.equal((await call(server, 'ListSecrets', {})).status, 200, 'other calls go on')
      held.release()
      assert.equal((await pending).status, 200)
      assert.ok(server.inspect('h/one'))
      assert.deepEqual(server.callsTo('CreateSecret')[0].faults, ['hold'])
    })

    it('adds latency before handling a call', async function () {
      server.addLatency({operation: 'ListSecrets', ms: 50, times: 1})
      const started = Date.now()
      assert.equal((await call(server, 'ListSecrets', {})).status, 200)
      assert.ok(Date.now() - started >= 45)
      assert.deepEqual(server.calls[0].faults, ['latency-50ms'])
    })

    it('throttles calls beyond a per-operation transactions-per-second limit within a one-second window', async function () {
      server.freezeClock()
      server.limitTps('GetRandomPassword', 3)
      const statuses = []
      for (let index = 0; index < 4; index++) statuses.push((await call(server, 'GetRandomPassword', {})).status)
      assert.deepEqual(statuses, [200, 200, 200, 400])
      assert.deepEqual(server.calls.at(-1)?.faults, ['tps-limit'])
      assert.equal((await call(server, 'ListSecrets', {})).status, 200, 'other operations are not limited')
      server.advanceClock(1000)
      assert.equal((await call(server, 'GetRandomPassword', {})).status, 200, 'a new second, a new allowance')
    })

    it('logs every call with its token and status, and forgets everything on reset', async function () {
      const id = token()
      await call(server, 'CreateSecret', {Name: 'log/one', SecretString: CANARY, ClientRequestToken: id})
      assert.deepEqual(server.calls.at(-1), {
        operation: 'CreateSecret',
        status: 200,
        clientRequestToken: id,
        secretId: 'log/one',
        faults: [],
        processed: true,
      })
      assert.ok(!JSON.stringify(server.calls).includes(CANARY), 'the call log holds no values')
      server.throttle()
      server.reset()
      assert.equal(server.calls.length, 0)
      assert.deepEqual(server.secretNames(), [])
      assert.equal((await call(server, 'ListSecrets', {})).status, 200, 'faults are gone too')
    })

    it('closes cleanly with a connection still open and a slow call in flight', async function () {
      server.addLatency({ms: 10_000})
      const pending = rawCall(server, 'ListSecrets', {})
      await new Promise((resolve) => setTimeout(resolve, 50))
      await server.close()
      assert.ok((await pending).error)
    })
  })
})
