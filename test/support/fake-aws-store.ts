// One aws store wired to one loopback Secrets Manager in a sealed AWS environment, with the
// --debug lines captured: the fixture the AWS-specific unit tests share.
import {randomUUID} from 'node:crypto'

import {SecretValue} from '../../src/secret-value.js'
import {openAwsStore} from '../../src/stores/aws.js'
import type {SecretStore, StoreOptions} from '../../src/stores/store.js'
import {type FakeAwsEnvironment, type FakeAwsEnvironmentOptions, useFakeAwsEnvironment} from './fake-aws-environment.js'
import {
  type FakeSecretsManager,
  type FakeSecretsManagerOptions,
  startFakeSecretsManager,
} from './fake-secrets-manager.js'

export interface FakeAwsStoreOptions {
  environment?: FakeAwsEnvironmentOptions
  server?: FakeSecretsManagerOptions
  /** Store options; endpointUrl defaults to the server's URL (null: leave it out). */
  store?: Omit<StoreOptions, 'endpointUrl' | 'debug'> & {endpointUrl?: string | null}
  /** Retry backoff base in ms (SECRETSMITH_AWS_RETRY_BASE_MS); default 1, null for the SDK's own. */
  retryBaseMs?: number | null
}

export interface FakeAwsStore {
  store: SecretStore
  server: FakeSecretsManager
  environment: FakeAwsEnvironment
  /** Every --debug line the store wrote. */
  debugLines: string[]
  close(): Promise<void>
}

export async function openFakeAwsStore(options: FakeAwsStoreOptions = {}): Promise<FakeAwsStore> {
  const region = options.server?.region ?? 'us-east-1'
  const retryBase = options.retryBaseMs === undefined ? 1 : options.retryBaseMs
  const environment = useFakeAwsEnvironment({
    region,
    ...options.environment,
    extra: {
      ...(retryBase === null ? {} : {SECRETSMITH_AWS_RETRY_BASE_MS: String(retryBase)}),
      ...options.environment?.extra,
    },
  })
  const server = await startFakeSecretsManager({region, ...options.server})
  const debugLines: string[] = []
  const {endpointUrl, ...storeOptions} = options.store ?? {}
  try {
    const store = await openAwsStore({
      ...(endpointUrl === null ? {} : {endpointUrl: endpointUrl ?? server.url}),
      ...storeOptions,
      debug: (line) => debugLines.push(line),
    })
    return {
      store,
      server,
      environment,
      debugLines,
      async close() {
        await store.close()
        await server.close()
        environment.restore()
      },
    }
  } catch (error) {
    await server.close()
    environment.restore()
    throw error
  }
}

/** Creates a secret with a text value and returns its version id. */
export async function createText(store: SecretStore, name: string, value: string): Promise<string> {
  const token = randomUUID()
  await store.create({name, value: SecretValue.fromText(value), clientRequestToken: token})
  return token
}
