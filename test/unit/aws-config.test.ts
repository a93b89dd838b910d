// How the aws store finds region, credentials, endpoint and retry settings: the SDK's own
// chain (environment, shared config files) with the explicit options winning, and clear
// errors (exit 2 for settings, exit 7 for credentials) when something is missing.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {once} from 'node:events'
import {createServer, request as httpRequest} from 'node:http'
import type {AddressInfo} from 'node:net'

import {AccessDeniedError, ExitCode, SecretsmithError, UsageError} from '../../src/errors.js'
import {SecretValue} from '../../src/secret-value.js'
import {openAwsStore} from '../../src/stores/aws.js'
import {createSecretsManagerClient} from '../../src/stores/aws-client.js'
import type {SecretStore, StoreOptions} from '../../src/stores/store.js'
import {type FakeAwsEnvironmentOptions, useFakeAwsEnvironment} from '../support/fake-aws-environment.js'
import {
  type FakeSecretsManager,
  type FakeSecretsManagerOptions,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

/** Runs `body` with a fake server and a sealed environment, cleaning both up. */
async function withServer(
  settings: {environment?: FakeAwsEnvironmentOptions; server?: FakeSecretsManagerOptions},
  body: (server: FakeSecretsManager) => Promise<void>,
): Promise<void> {
  const environment = useFakeAwsEnvironment({
    ...settings.environment,
    extra: {SECRETSMITH_AWS_RETRY_BASE_MS: '1', ...settings.environment?.extra},
  })
  const server = await startFakeSecretsManager(settings.server)
  try {
    await body(server)
  } finally {
    await server.close()
    environment.restore()
  }
}

async function withStore(options: StoreOptions, body: (store: SecretStore) => Promise<void>): Promise<void> {
  const store = await openAwsStore(options)
  try {
    await body(store)
  } finally {
    await store.close()
  }
}

async function typedRejection(promise: Promise<unknown>): Promise<SecretsmithError> {
  try {
    await promise
  } catch (error) {
    assert.ok(
      error instanceof SecretsmithError,
      `expected a typed error, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`,
    )
    assert.ok(!error.message.includes(CANARY))
    assert.ok(!error.message.includes('\n'), 'one line')
    return error
  }

  assert.fail('expected a rejection')
}

const createCanary = (store: SecretStore, name = `config/${randomUUID().slice(0, 8)}`) =>
  store.create({name, value: SecretValue.fromText(CANARY), clientRequestToken: randomUUID()})

/**
 * The endpoint a call would go to: builds the client as the store does, lets the SDK's own
 * middleware resolve the endpoint and serialize a ListSecrets request, and stops it at the build
 * step, before signing and sending (no network).
 */
async function resolvedEndpoint(options: StoreOptions): Promise<string> {
  const sdk = await import('@aws-sdk/client-secrets-manager')
  const {client} = await createSecretsManagerClient(sdk, options)
  const stop = new Error('endpoint resolved; not sending')
  let endpoint: string | undefined
  client.middlewareStack.add(
    () => async (args) => {
      const request = args.request as {protocol: string; hostname: string; port?: number; path: string}
      endpoint = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`
      throw stop
    },
    {step: 'build', name: 'testEndpointProbe', priority: 'low'},
  )
  try {
    await assert.rejects(client.send(new sdk.ListSecretsCommand({})), (error) => error === stop)
  } finally {
    client.destroy()
  }

  assert.ok(endpoint, 'the request reached the build step')
  return endpoint
}

/**
 * A loopback pass-through in front of the test server that notes the access key id of each
 * request (the Credential=<AKID>/… of its SigV4 Authorization header), to tell which
 * credentials the SDK chose.
 */
async function startAccessKeyRecorder(
  target: FakeSecretsManager,
): Promise<{url: string; accessKeyIds: string[]; close(): Promise<void>}> {
  const accessKeyIds: string[] = []
  const recorder = createServer((request, response) => {
    accessKeyIds.push(/Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '(none)')
    const forwarded = httpRequest(
      target.url,
      {method: request.method, path: request.url, headers: request.headers},
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    forwarded.on('error', () => response.destroy())
    request.pipe(forwarded)
  })
  recorder.listen(0, '127.0.0.1')
  await once(recorder, 'listening')
  return {
    url: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`,
    accessKeyIds,
    async close() {
      recorder.closeAllConnections()
      await new Promise<void>((resolve) => recorder.close(() => resolve()))
    },
  }
}

describe('aws store settings', function () {
  describe('region', function () {
    it('refuses to open without a region, telling the user to pass --region or set AWS_REGION (exit 2)', async function () {
      const environment = useFakeAwsEnvironment({region: null})
      try {
        const error = await typedRejection(openAwsStore({endpointUrl: 'http://127.0.0.1:9'}))
        assert.ok(error instanceof UsageError)
        assert.equal(error.exitCode, ExitCode.Usage)
        assert.match(error.message, /--region/)
        assert.match(error.message, /AWS_REGION/)
      } finally {
        environment.restore()
      }
    })

    it('uses AWS_REGION, and --region over it (the request is signed for the chosen region)', async function () {
      await withServer({environment: {region: 'eu-central-1'}, server: {region: 'ap-south-1'}}, async (server) => {
        await withStore({endpointUrl: server.url}, async (store) => {
          assert.equal((await store.target()).region, 'eu-central-1')
          const error = await typedRejection(createCanary(store))
          assert.equal(error.exitCode, ExitCode.AccessDenied, 'a server in another region rejects the signature')
          assert.match(error.message, /eu-central-1/)
        })
        await withStore({endpointUrl: server.url, region: 'ap-south-1'}, async (store) => {
          await createCanary(store)
          assert.equal((await store.target()).label, 'aws ap-south-1 (account 123456789012)')
        })
      })
    })

    it('falls back to AWS_DEFAULT_REGION, then to the profile in the shared config file', async function () {
      await withServer(
        {environment: {region: null, extra: {AWS_DEFAULT_REGION: 'eu-west-3'}}, server: {region: 'eu-west-3'}},
        async (server) => {
          await withStore({endpointUrl: server.url}, async (store) => {
            await createCanary(store)
            assert.equal((await store.target()).region, 'eu-west-3')
          })
        },
      )
      await withServer(
        {environment: {region: null, configFile: '[default]\nregion = sa-east-1\n'}, server: {region: 'sa-east-1'}},
        async (server) => {
          await withStore({endpointUrl: server.url}, async (store) => {
            await createCanary(store)
            assert.equal((await store.target()).region, 'sa-east-1')
          })
        },
      )
    })

    it('refuses a malformed --region with UsageError', async function () {
      await withServer({}, async (server) => {
        const error = await typedRejection(openAwsStore({endpointUrl: server.url, region: 'US East 1'}))
        assert.ok(error instanceof UsageError)
      })
    })
  })

  describe('credentials', function () {
    it('with no credentials anywhere: exit 7, naming where it looked and suggesting --store local, without sending anything', async function () {
      await withServer({environment: {credentials: false}}, async (server) => {
        await withStore({endpointUrl: server.url}, async (store) => {
          const error = await typedRejection(createCanary(store))
          assert.ok(error instanceof AccessDeniedError)
          assert.equal(error.exitCode, ExitCode.AccessDenied)
          assert.match(error.message, /--store local/)
          assert.match(error.message, /region us-east-1/)
          assert.match(error.message, /default profile/)
          assert.equal(server.calls.length, 0)
        })
      })
    })

    it('names a --profile that does not exist (exit 7)', async function () {
      await withServer({environment: {credentials: false}}, async (server) => {
        await withStore({endpointUrl: server.url, profile: 'no-such-profile'}, async (store) => {
          const error = await typedRejection(store.getValue('config/anything'))
          assert.equal(error.exitCode, ExitCode.AccessDenied)
          assert.match(error.message, /^The AWS profile no-such-profile could not be found/)
        })
      })
    })

    it('reads credentials and region of --profile from the shared files, over the environment credentials', async function () {
      await withServer(
        {
          environment: {
            region: null,
            configFile: '[profile ci]\nregion = us-west-2\n',
            credentialsFile: '[ci]\naws_access_key_id = AKIAPROFILETEST0000\naws_secret_access_key = profile-secret\n',
          },
          server: {region: 'us-west-2'},
        },
        async (server) => {
          const debugLines: string[] = []
          await withStore(
            {endpointUrl: server.url, profile: 'ci', debug: (line) => debugLines.push(line)},
            async (store) => {
              await createCanary(store)
              assert.equal((await store.target()).region, 'us-west-2')
            },
          )
          assert.ok(debugLines.some((line) => line.includes('profile ci')))
        },
      )
    })

    it('uses the credentials of the AWS_PROFILE profile from the shared files, and --profile over AWS_PROFILE', async function () {
      const credentialsFile = [
        '[default]\naws_access_key_id = AKIADEFAULTPROFILE00\naws_secret_access_key = default-secret',
        '[dev]\naws_access_key_id = AKIADEVPROFILE000000\naws_secret_access_key = dev-secret',
        '[ops]\naws_access_key_id = AKIAOPSPROFILE000000\naws_secret_access_key = ops-secret',
      ].join('\n')
      await withServer(
        {environment: {credentials: false, credentialsFile, extra: {AWS_PROFILE: 'dev'}}},
        async (server) => {
          const recorder = await startAccessKeyRecorder(server)
          try {
            const debugLines: string[] = []
            await withStore({endpointUrl: recorder.url, debug: (line) => debugLines.push(line)}, (store) =>
              createCanary(store).then(() => {}),
            )
            assert.deepEqual(recorder.accessKeyIds, ['AKIADEVPROFILE000000'])
            assert.ok(
              debugLines.some((line) => line.includes('profile dev (from AWS_PROFILE)')),
              debugLines.join('\n'),
            )

            await withStore({endpointUrl: recorder.url, profile: 'ops'}, (store) => createCanary(store).then(() => {}))
            assert.deepEqual(recorder.accessKeyIds, ['AKIADEVPROFILE000000', 'AKIAOPSPROFILE000000'])

            // Without either, the default profile: so AWS_PROFILE above really changed the choice.
            delete process.env.AWS_PROFILE
            await withStore({endpointUrl: recorder.url}, (store) => createCanary(store).then(() => {}))
            assert.deepEqual(recorder.accessKeyIds, [
              'AKIADEVPROFILE000000',
              'AKIAOPSPROFILE000000',
              'AKIADEFAULTPROFILE00',
            ])
            assert.equal(
              server.callsTo('CreateSecret').filter((call) => call.status === 200).length,
              3,
              'each call reached the test server',
            )
          } finally {
            await recorder.close()
          }
        },
      )
    })

    it('routes the SDK’s own warnings (e.g. two credential sources) to --debug, never to stderr', async function () {
      // In a child process: the SDK prints this warning once per process, whichever test comes first.
      const environment = useFakeAwsEnvironment({
        credentialsFile: '[ops]\naws_access_key_id = AKIAPROFILETEST0000\naws_secret_access_key = profile-secret\n',
        extra: {AWS_PROFILE: 'ops'},
      })
      try {
        const script = [
          `import {startFakeSecretsManager} from ${JSON.stringify(new URL('../support/fake-secrets-manager.ts', import.meta.url).href)}`,
          `import {openAwsStore} from ${JSON.stringify(new URL('../../src/stores/aws.ts', import.meta.url).href)}`,
          `import {SecretValue} from ${JSON.stringify(new URL('../../src/secret-value.ts', import.meta.url).href)}`,
          'const server = await startFakeSecretsManager()',
          'const lines = []',
          'const store = await openAwsStore({endpointUrl: server.url, debug: (line) => lines.push(line)})',
          "await store.create({name: 'config/two-sources', value: SecretValue.fromText('x'), clientRequestToken: crypto.randomUUID()})",
          'await store.close()',
          'await server.close()',
          'process.stdout.write(JSON.stringify(lines))',
        ].join('\n')
        const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          encoding: 'utf8',
          env: {PATH: process.env.PATH, ...environment.env},
        })
        assert.equal(child.stderr, '')
        assert.equal(child.status, 0)
        const debugLines = JSON.parse(child.stdout) as string[]
        assert.ok(
          debugLines.some((line) => /aws sdk warning: .*Multiple credential sources/.test(line)),
          child.stdout,
        )
      } finally {
        environment.restore()
      }
    })

    for (const [errorType, wording] of [
      ['AccessDeniedException', /denied/],
      ['UnrecognizedClientException', /rejected the credentials/],
      ['InvalidSignatureException', /rejected the credentials/],
      ['ExpiredTokenException', /expired/],
    ] as const) {
      it(`maps ${errorType} to exit 7 naming the credentials and region tried, without retrying`, async function () {
        await withServer({}, async (server) => {
          server.fail({status: 400, errorType, message: `Denied for value ${CANARY}`})
          await withStore({endpointUrl: server.url}, async (store) => {
            const error = await typedRejection(store.getValue('config/denied'))
            assert.ok(error instanceof AccessDeniedError)
            assert.match(error.message, wording)
            assert.match(error.message, /AWS_ACCESS_KEY_ID/)
            assert.match(error.message, /region us-east-1/)
            assert.equal(server.calls.length, 1)
          })
        })
      })
    }
  })

  describe('endpoint and retry settings', function () {
    it('refuses --fips or --dualstack together with --endpoint-url, and an endpoint that is not an http(s) URL', async function () {
      await withServer({}, async (server) => {
        for (const options of [
          {endpointUrl: server.url, fips: true},
          {endpointUrl: server.url, dualstack: true},
          {endpointUrl: 'not a url'},
          {endpointUrl: 'ftp://127.0.0.1/'},
          {endpointUrl: 'https://user:password@example.com'},
        ]) {
          const error = await typedRejection(openAwsStore(options))
          assert.ok(error instanceof UsageError, JSON.stringify(options))
        }
      })
    })

    it('--fips and --dualstack select the endpoints the SDK’s rules give for them, without sending anything', async function () {
      const environment = useFakeAwsEnvironment()
      try {
        assert.equal(await resolvedEndpoint({region: 'us-east-1'}), 'https://secretsmanager.us-east-1.amazonaws.com/')
        assert.equal(
          await resolvedEndpoint({region: 'us-east-1', fips: true}),
          'https://secretsmanager-fips.us-east-1.amazonaws.com/',
        )
        // In the aws partition Secrets Manager's regular endpoints are themselves dual-stack (IPv4
        // and IPv6), so the rules keep the host there; the partitions with separate dual-stack
        // names show that --dualstack reaches the SDK.
        assert.equal(
          await resolvedEndpoint({region: 'us-east-1', dualstack: true}),
          'https://secretsmanager.us-east-1.amazonaws.com/',
        )
        assert.equal(
          await resolvedEndpoint({region: 'us-east-1', fips: true, dualstack: true}),
          'https://secretsmanager-fips.us-east-1.amazonaws.com/',
        )
        assert.equal(
          await resolvedEndpoint({region: 'eusc-de-east-1'}),
          'https://secretsmanager.eusc-de-east-1.amazonaws.eu/',
        )
        assert.equal(
          await resolvedEndpoint({region: 'eusc-de-east-1', dualstack: true}),
          'https://secretsmanager.eusc-de-east-1.api.amazonwebservices.eu/',
        )
        assert.equal(
          await resolvedEndpoint({region: 'cn-north-1', fips: true}),
          'https://secretsmanager-fips.cn-north-1.amazonaws.com.cn/',
        )
        assert.equal(
          await resolvedEndpoint({region: 'cn-north-1', fips: true, dualstack: true}),
          'https://secretsmanager-fips.cn-north-1.api.amazonwebservices.com.cn/',
        )
      } finally {
        environment.restore()
      }
    })

    it('without the flags, takes AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT from the environment', async function () {
      const environment = useFakeAwsEnvironment({
        extra: {AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true'},
      })
      try {
        assert.equal(
          await resolvedEndpoint({region: 'us-east-1'}),
          'https://secretsmanager-fips.us-east-1.amazonaws.com/',
        )
        assert.equal(
          await resolvedEndpoint({region: 'eusc-de-east-1'}),
          'https://secretsmanager-fips.eusc-de-east-1.api.amazonwebservices.eu/',
        )
      } finally {
        environment.restore()
      }
    })

    it('sends to AWS_ENDPOINT_URL without --endpoint-url; AWS_ENDPOINT_URL_SECRETS_MANAGER and then --endpoint-url win over it', async function () {
      await withServer({}, async (server) => {
        const other = await startFakeSecretsManager()
        try {
          process.env.AWS_ENDPOINT_URL = server.url
          await withStore({}, async (store) => {
            await createCanary(store)
            assert.equal((await store.target()).endpoint, server.url)
          })
          assert.equal(server.callsTo('CreateSecret').length, 1)

          process.env.AWS_ENDPOINT_URL = other.url
          process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.url
          await withStore({}, (store) => createCanary(store).then(() => {}))
          assert.equal(server.callsTo('CreateSecret').length, 2)

          process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = other.url
          await withStore({endpointUrl: server.url}, (store) => createCanary(store).then(() => {}))
          assert.equal(server.callsTo('CreateSecret').length, 3)
          assert.equal(other.calls.length, 0, 'nothing went to the endpoint that should have lost')
        } finally {
          await other.close()
        }
      })
    })

    it('takes AWS_MAX_ATTEMPTS from the environment, and maxAttempts (--max-attempts) over it', async function () {
      await withServer({environment: {extra: {AWS_MAX_ATTEMPTS: '2'}}}, async (server) => {
        server.throttle({operation: 'GetSecretValue'})
        await withStore({endpointUrl: server.url}, async (store) => {
          assert.match((await typedRejection(store.getValue('config/x'))).message, /after 2 attempts/)
        })
        await withStore({endpointUrl: server.url, maxAttempts: 5}, async (store) => {
          assert.match((await typedRejection(store.getValue('config/x'))).message, /after 5 attempts/)
        })
        assert.equal(server.callsTo('GetSecretValue').length, 7)
      })
    })

    it('refuses a malformed AWS_MAX_ATTEMPTS or AWS_RETRY_MODE, and a malformed retry knob, with UsageError', async function () {
      const malformed: Array<Record<string, string>> = [
        {AWS_MAX_ATTEMPTS: 'lots'},
        {AWS_RETRY_MODE: 'eager'},
        {SECRETSMITH_AWS_RETRY_BASE_MS: '-5'},
        {SECRETSMITH_AWS_TIMEOUT_MS: 'soon'},
      ]
      for (const extra of malformed) {
        await withServer({environment: {extra}}, async (server) => {
          const error = await typedRejection(openAwsStore({endpointUrl: server.url}))
          assert.ok(error instanceof UsageError, JSON.stringify(extra))
        })
      }
    })

    it('takes AWS_RETRY_MODE from the environment, and retryMode (--retry-mode) over it', async function () {
      await withServer({environment: {extra: {AWS_RETRY_MODE: 'adaptive'}}}, async (server) => {
        const debugLines: string[] = []
        await withStore({endpointUrl: server.url, debug: (line) => debugLines.push(line)}, async () => {})
        await withStore(
          {endpointUrl: server.url, retryMode: 'standard', debug: (line) => debugLines.push(line)},
          async () => {},
        )
        assert.ok(debugLines[0].includes('retry adaptive'))
        assert.ok(debugLines[1].includes('retry standard'))
      })
    })
  })

  describe('target', function () {
    it('names the region, then the account once an ARN has been seen, and the custom endpoint', async function () {
      await withServer({server: {accountId: '000011112222'}}, async (server) => {
        await withStore({endpointUrl: server.url}, async (store) => {
          assert.deepEqual(await store.target(), {
            kind: 'aws',
            label: 'aws us-east-1',
            region: 'us-east-1',
            endpoint: server.url,
          })
          await createCanary(store)
          assert.deepEqual(await store.target(), {
            kind: 'aws',
            label: 'aws us-east-1 (account 000011112222)',
            region: 'us-east-1',
            account: '000011112222',
            endpoint: server.url,
          })
        })
      })
    })
  })

  describe('the SDK on Node 20', function () {
    const construct =
      "const {SecretsManagerClient} = require('@aws-sdk/client-secrets-manager'); new SecretsManagerClient({region: 'us-east-1'}).destroy()"

    it('prints no NodeVersionSupportWarning when AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true (as bin/run.js sets)', function () {
      const quiet = spawnSync(process.execPath, ['-e', construct], {
        encoding: 'utf8',
        env: {PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'},
      })
      assert.equal(quiet.status, 0)
      assert.equal(quiet.stderr, '')

      // Without it, Node before 22 gets the warning: the variable is what silences it.
      const loud = spawnSync(process.execPath, ['-e', construct], {encoding: 'utf8', env: {PATH: process.env.PATH}})
      if (Number(process.versions.node.split('.')[0]) < 22) assert.match(loud.stderr, /NodeVersionSupportWarning/)
    })
  })
})
