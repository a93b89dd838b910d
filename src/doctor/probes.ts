// The real probes `doctor` runs (DNS, a connection with its TLS handshake, the keychain, STS,
// the Secrets Manager client's resolved settings); tests give runDoctor fakes instead.
import {lookup} from 'node:dns/promises'
import {connect as connectTcp} from 'node:net'
import {connect as connectTls} from 'node:tls'

import {osKeychain} from '../keychain.js'
import type {StoreOptions} from '../stores/store.js'
import type {DoctorContext} from './run-doctor.js'

/** Long enough for a slow VPN, short enough that doctor never seems to hang. */
const PROBE_TIMEOUT_MS = 5000

export async function resolveHost(host: string): Promise<string[]> {
  const answers = await lookup(host, {all: true})
  return answers.map((answer) => answer.address)
}

export function connect(url: URL): Promise<number> {
  const started = performance.now()
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  return new Promise((resolve, reject) => {
    const socket =
      url.protocol === 'https:'
        ? connectTls({host: url.hostname, port, servername: url.hostname, timeout: PROBE_TIMEOUT_MS}, () => done())
        : connectTcp({host: url.hostname, port, timeout: PROBE_TIMEOUT_MS}, () => done())
    const done = () => {
      socket.destroy()
      resolve(performance.now() - started)
    }

    socket.once('timeout', () => {
      socket.destroy()
      reject(Object.assign(new Error('timed out'), {code: 'ETIMEDOUT'}))
    })
    socket.once('error', (error) => reject(error))
  })
}

export async function probeKeychain(): Promise<void> {
  await osKeychain({timeoutMs: PROBE_TIMEOUT_MS}).get('secretsmith-doctor-probe')
}

export const awsSettings: DoctorContext['awsSettings'] = async (options: StoreOptions) => {
  const sdk = await import('@aws-sdk/client-secrets-manager')
  const {createSecretsManagerClient} = await import('../stores/aws-client.js')
  const {client, settings} = await createSecretsManagerClient(sdk, options)
  const endpoint = settings.endpoint ?? (await defaultEndpoint(client))
  return {
    region: settings.region,
    endpoint,
    async credentials() {
      try {
        return await client.config.credentials()
      } finally {
        client.destroy()
      }
    },
  }
}

async function defaultEndpoint(client: {config: unknown}): Promise<string> {
  const config = client.config as {
    region: () => Promise<string>
    useFipsEndpoint: () => Promise<boolean>
    useDualstackEndpoint: () => Promise<boolean>
    endpointProvider: (parameters: Record<string, unknown>) => {url: URL}
  }
  const endpoint = config.endpointProvider({
    Region: await config.region(),
    UseFIPS: await config.useFipsEndpoint(),
    UseDualStack: await config.useDualstackEndpoint(),
  })
  return endpoint.url.toString().replace(/\/$/, '')
}

export const callerIdentity: DoctorContext['callerIdentity'] = async (options: StoreOptions) => {
  const {STSClient, GetCallerIdentityCommand} = await import('@aws-sdk/client-sts')
  const sts = new STSClient({region: options.region, profile: options.profile, maxAttempts: 2})
  try {
    const answer = await sts.send(new GetCallerIdentityCommand({}))
    return {account: answer.Account ?? '(unknown)', arn: answer.Arn ?? '(unknown)'}
  } finally {
    sts.destroy()
  }
}
