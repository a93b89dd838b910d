// A sealed AWS environment for tests: static test credentials, a region, no instance
// metadata, and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE pointed at fresh empty temp files,
// so neither the machine's ~/.aws nor its environment leaks into a test. Everything is
// restored (and the temp files removed) by the returned function.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** Variables that would change what the SDK does; all are cleared before a test sets its own. */
const AWS_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  'SECRETSMITH_AWS_RETRY_BASE_MS',
  'SECRETSMITH_AWS_TIMEOUT_MS',
]

export const TEST_ACCESS_KEY_ID = 'AKIATESTSECRETSMITH0'
export const TEST_SECRET_ACCESS_KEY = 'test-secret-access-key-not-real'

export interface FakeAwsEnvironmentOptions {
  /** Static test credentials in the environment (default true). */
  credentials?: boolean
  /** AWS_REGION (default us-east-1; null leaves it unset). */
  region?: string | null
  /** Contents of the shared config file (default empty). */
  configFile?: string
  /** Contents of the shared credentials file (default empty). */
  credentialsFile?: string
  /** Extra variables, e.g. {SECRETSMITH_AWS_RETRY_BASE_MS: '1'}. */
  extra?: Record<string, string>
}

export interface FakeAwsEnvironment {
  /** The variables as set, e.g. to pass to a spawned bin/run.js. */
  readonly env: Record<string, string>
  restore(): void
}

export function useFakeAwsEnvironment(options: FakeAwsEnvironmentOptions = {}): FakeAwsEnvironment {
  const saved = new Map(AWS_VARIABLES.map((name) => [name, process.env[name]]))
  const directory = mkdtempSync(join(tmpdir(), 'secretsmith-aws-'))
  const configFile = join(directory, 'config')
  const credentialsFile = join(directory, 'credentials')
  writeFileSync(configFile, options.configFile ?? '', {mode: 0o600})
  writeFileSync(credentialsFile, options.credentialsFile ?? '', {mode: 0o600})

  const env: Record<string, string> = {
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(options.credentials === false
      ? {}
      : {AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY}),
    ...(options.region === null ? {} : {AWS_REGION: options.region ?? 'us-east-1'}),
    ...options.extra,
  }
  for (const name of AWS_VARIABLES) delete process.env[name]
  Object.assign(process.env, env)

  return {
    env,
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }

      for (const name of Object.keys(env)) if (!saved.has(name)) delete process.env[name]
      rmSync(directory, {recursive: true, force: true})
    },
  }
}
