// The two stores as the end-to-end tests see them: the flags and environment that point the
// real binary at an embedded local store in a temp dir, or at the loopback Secrets Manager
// test server through the real AWS SDK. Every e2e suite runs once per store.
import {
  startFakeSecretsManager,
  type FakeSecretsManager,
  type FakeSecretsManagerOptions,
} from './fake-secrets-manager.js'
import {isolatedEnv, makeTempDir} from './run-cli.js'

export interface CliStore {
  kind: 'local' | 'aws'
  /** Flags naming the store (and endpoint) for every command. */
  args: string[]
  env: Record<string, string | undefined>
  home: string
  /** The test server, for the aws store. */
  server?: FakeSecretsManager
  stop(): Promise<void>
}

export const STORE_KINDS = ['local', 'aws'] as const

export async function startCliStore(
  kind: 'local' | 'aws',
  options: {server?: FakeSecretsManagerOptions} = {},
): Promise<CliStore> {
  const home = await makeTempDir()
  if (kind === 'local') {
    return {kind, args: ['--store', 'local'], env: isolatedEnv(home.path), home: home.path, stop: home.remove}
  }

  const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '123456789012', ...options.server})
  const env = isolatedEnv(home.path, {
    // CloudTrail (log --cloudtrail) is served by the same test server.
    AWS_ENDPOINT_URL_CLOUDTRAIL: server.url,
    AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
    AWS_REGION: 'eu-west-1',
    AWS_MAX_ATTEMPTS: '3',
  })
  return {
    kind,
    args: ['--store', 'aws', '--endpoint-url', server.url],
    env,
    home: home.path,
    server,
    async stop() {
      await server.close()
      await home.remove()
    },
  }
}
