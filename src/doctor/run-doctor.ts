// `doctor`: checks the things that decide whether secretsmith will work here and keep secrets
// where they belong (Node, the default store and where that default came from, AWS
// credentials, identity, region and endpoint, the keychain, the store and cache directories,
// and what else on this machine records commands or API traffic), each as pass, warn or fail
// with a one-line fix. Reads and probes only; changes nothing.
import {lstat, readFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {ExitCode} from '../errors.js'
import {keychainDisabledByEnvironment} from '../keychain.js'
import type {StoreOptions} from '../stores/store.js'
import {credentialSource} from './credential-source.js'
import {ignoresSpacePrefixed, profilesWithCliHistory, shellKind} from './history-settings.js'
import {classifyAddresses} from './network-class.js'

export type CheckStatus = 'pass' | 'warn' | 'fail'

export interface DoctorCheck {
  id: string
  status: CheckStatus
  /** What was found, one line. */
  detail: string
  /** What to do, one line (warn and fail). */
  fix?: string
  /** The exit code a failure of this check stands for. */
  exitCode?: number
}

export interface SettingWithSource {
  value: string
  /** "flag", "environment (SECRETSMITH_STORE)", "config file …", "context prod", "built-in default". */
  source: string
}

export interface DoctorContext {
  env: NodeJS.ProcessEnv
  nodeVersion: string
  storeOptions: StoreOptions
  /** The effective settings and where each came from. */
  settings: Record<string, SettingWithSource>
  dataDir: string
  cacheDir: string
  /** DNS: every address of a host. Tests pass a fake resolver. */
  resolveHost: (host: string) => Promise<string[]>
  /** Opens a connection (TLS for https) to the endpoint and returns the handshake time. */
  connect: (url: URL) => Promise<number>
  /** Asks the OS keychain for an entry that does not exist: resolves when it answers. */
  probeKeychain: () => Promise<void>
  /** The caller identity through STS GetCallerIdentity. */
  callerIdentity: (storeOptions: StoreOptions) => Promise<{account: string; arn: string}>
  /** The Secrets Manager client's resolved region, endpoint and credentials. */
  awsSettings: (
    storeOptions: StoreOptions,
  ) => Promise<{region: string; endpoint: string; credentials: () => Promise<unknown>}>
}

export async function runDoctor(context: DoctorContext): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [nodeCheck(context.nodeVersion), storeCheck(context.settings)]
  checks.push(...(await awsChecks(context)))
  checks.push(await keychainCheck(context))
  checks.push(
    await directoryCheck('local-store-directory', context.dataDir),
    await directoryCheck('cache-directory', context.cacheDir),
  )
  checks.push(await cliHistoryCheck(context.env), await shellHistoryCheck(context.env))
  return checks
}

/** The exit code of the first failed check, or 0. */
export function doctorExitCode(checks: DoctorCheck[]): number {
  return checks.find((check) => check.status === 'fail')?.exitCode ?? ExitCode.Ok
}

function nodeCheck(version: string): DoctorCheck {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0)
  if (major >= 22) return {id: 'node', status: 'pass', detail: `Node ${version}`}
  return {
    id: 'node',
    status: 'warn',
    detail: `Node ${version}: supported, but the AWS SDK's releases after January 2027 need Node 22 or newer`,
    fix: "Install Node 22 or newer (nvm install 22, or your distribution's package).",
  }
}

function storeCheck(settings: Record<string, SettingWithSource>): DoctorCheck {
  const store = settings.store ?? {value: 'aws', source: 'built-in default'}
  const others = Object.entries(settings)
    .filter(([name]) => name !== 'store')
    .map(([name, setting]) => `${name} ${setting.value} (${setting.source})`)
  return {
    id: 'default-store',
    status: 'pass',
    detail: `the ${store.value} store (${store.source})${others.length > 0 ? `; ${others.join('; ')}` : ''}`,
  }
}

async function awsChecks(context: DoctorContext): Promise<DoctorCheck[]> {
  // With the local store as the default, AWS is optional: its problems are warnings, not failures.
  const awsMatters = (context.settings.store?.value ?? 'aws') === 'aws'
  const failOrWarn = (exitCode: number): Pick<DoctorCheck, 'status' | 'exitCode'> =>
    awsMatters ? {status: 'fail', exitCode} : {status: 'warn'}
  const options = context.storeOptions
  const configText = await readText(context.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'))
  const credentialsText = await readText(
    context.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'),
  )
  const source = credentialSource({profile: options.profile, env: context.env, configText, credentialsText})

  let aws: Awaited<ReturnType<DoctorContext['awsSettings']>>
  try {
    aws = await context.awsSettings(options)
  } catch (error) {
    return [
      {
        id: 'aws-region',
        ...failOrWarn(ExitCode.Usage),
        detail: oneLine(error, 'no AWS region is configured'),
        fix: 'Pass --region, set AWS_REGION, or set region in ~/.aws/config (or a secretsmith context).',
      },
    ]
  }

  const checks: DoctorCheck[] = [{id: 'aws-region', status: 'pass', detail: `region ${aws.region}`}]
  try {
    await aws.credentials()
    checks.push({id: 'aws-credentials', status: 'pass', detail: `found: ${source.label}`})
  } catch {
    checks.push({
      id: 'aws-credentials',
      ...failOrWarn(ExitCode.AccessDenied),
      detail: `none usable: looked for ${source.label}`,
      fix: source.label.includes('not found')
        ? `Create the profile (aws configure --profile ${options.profile ?? context.env.AWS_PROFILE}) or pick another.`
        : 'Run aws configure (or aws sso login), or use --store local.',
    })
    return [...checks, ...(await endpointChecks(context, aws.endpoint, failOrWarn))]
  }

  try {
    const identity = await context.callerIdentity(options)
    checks.push({id: 'aws-identity', status: 'pass', detail: `account ${identity.account}, ${identity.arn}`})
  } catch (error) {
    checks.push({
      id: 'aws-identity',
      ...failOrWarn(ExitCode.AccessDenied),
      detail: `STS GetCallerIdentity failed: ${oneLine(error, 'no answer')}`,
      fix: 'Refresh the credentials (aws sso login, or new access keys) and try again.',
    })
  }

  return [...checks, ...(await endpointChecks(context, aws.endpoint, failOrWarn))]
}

async function endpointChecks(
  context: DoctorContext,
  endpoint: string,
  failOrWarn: (code: number) => Pick<DoctorCheck, 'status' | 'exitCode'>,
): Promise<DoctorCheck[]> {
  const url = new URL(endpoint)
  const checks: DoctorCheck[] = []
  let addresses: string[]
  try {
    addresses = await context.resolveHost(url.hostname)
  } catch {
    return [
      {
        id: 'endpoint',
        ...failOrWarn(ExitCode.Unavailable),
        detail: `${endpoint}: the host name does not resolve`,
        fix: 'Check the endpoint URL and DNS (a VPC endpoint needs private DNS or its own host name).',
      },
    ]
  }

  const kind = classifyAddresses(addresses)
  checks.push(
    kind === 'public'
      ? {
          id: 'endpoint',
          status: 'warn',
          detail: `${endpoint} resolves to public addresses (${addresses.join(', ')}): traffic leaves your private network`,
          fix: 'Create a Secrets Manager VPC interface endpoint with private DNS, or point --endpoint-url / AWS_ENDPOINT_URL_SECRETS_MANAGER at it.',
        }
      : {id: 'endpoint', status: 'pass', detail: `${endpoint} resolves to ${kind} addresses (${addresses.join(', ')})`},
  )
  try {
    const ms = await context.connect(url)
    checks.push({
      id: 'endpoint-reachable',
      status: 'pass',
      detail: `${url.protocol === 'https:' ? 'TLS handshake' : 'connected'} in ${ms.toFixed(0)} ms`,
    })
  } catch (error) {
    checks.push({
      id: 'endpoint-reachable',
      ...failOrWarn(ExitCode.Unavailable),
      detail: `${url.host} did not answer: ${oneLine(error, 'no connection')}`,
      fix: 'Check the network path to the endpoint (security groups, proxy, firewall).',
    })
  }

  return checks
}

async function keychainCheck(context: DoctorContext): Promise<DoctorCheck> {
  const keyFile = join(context.dataDir, 'store.key')
  const fileMode = await modeOf(keyFile)
  if (keychainDisabledByEnvironment(context.env)) {
    return {
      id: 'keychain',
      status: 'pass',
      detail: `not asked: SECRETSMITH_KEYCHAIN turns it off, so the local store keeps its key in ${keyFile}${fileMode ? ` (mode ${fileMode})` : ' (0600, once created)'}`,
    }
  }

  try {
    await context.probeKeychain()
    return {
      id: 'keychain',
      status: 'pass',
      detail:
        fileMode === undefined
          ? 'the OS keychain answers'
          : `the OS keychain answers; the local store uses its key file ${keyFile} (mode ${fileMode})`,
    }
  } catch {
    if (fileMode === undefined)
      return {
        id: 'keychain',
        status: 'warn',
        detail: 'no OS keychain answers; a new local store will keep its key in a 0600 key file',
        fix: 'Unlock or install a Secret Service keyring (gnome-keyring, KWallet) to keep the key out of files.',
      }
    const safe = fileMode === '0600'
    return {
      id: 'keychain',
      status: safe ? 'warn' : 'fail',
      exitCode: ExitCode.Usage,
      detail: `no OS keychain answers; the local store's key is in ${keyFile} (mode ${fileMode})`,
      fix: safe ? 'Unlock or install a Secret Service keyring to keep the key out of files.' : `chmod 600 ${keyFile}`,
    }
  }
}

async function directoryCheck(id: string, path: string): Promise<DoctorCheck> {
  let stats
  try {
    stats = await lstat(path)
  } catch {
    return {id, status: 'pass', detail: `${path} does not exist yet (created 0700 on first use)`}
  }

  const mode = (stats.mode & 0o777).toString(8).padStart(4, '0')
  // Not os.userInfo(): it throws for a uid without a passwd entry.
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1
  if (!stats.isDirectory())
    return {
      id,
      status: 'fail',
      exitCode: ExitCode.Usage,
      detail: `${path} is not a directory`,
      fix: `Move ${path} aside; secretsmith creates the directory itself.`,
    }
  if (uid >= 0 && stats.uid !== uid)
    return {
      id,
      status: 'fail',
      exitCode: ExitCode.Usage,
      detail: `${path} belongs to uid ${stats.uid}, not you (uid ${uid})`,
      fix: `Use a directory of your own (SECRETSMITH_HOME), or chown it.`,
    }
  if ((stats.mode & 0o077) !== 0)
    return {
      id,
      status: 'fail',
      exitCode: ExitCode.Usage,
      detail: `${path} has mode ${mode}: others can reach it`,
      fix: `chmod 700 ${path}`,
    }
  return {id, status: 'pass', detail: `${path} (mode ${mode}, yours)`}
}

async function cliHistoryCheck(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const path = env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config')
  const profiles = profilesWithCliHistory(await readText(path))
  if (profiles.length === 0)
    return {id: 'aws-cli-history', status: 'pass', detail: `the AWS CLI's cli_history is off (${path})`}
  return {
    id: 'aws-cli-history',
    status: 'warn',
    detail: `the AWS CLI records every request and response, secret values included, in ~/.aws/cli/history (cli_history enabled for ${profiles.join(', ')})`,
    fix: `Set cli_history = disabled in ${path} and delete ~/.aws/cli/history.`,
  }
}

async function shellHistoryCheck(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const kind = shellKind(env.SHELL)
  const home = env.HOME ?? homedir()
  if (kind === 'other')
    return {id: 'shell-history', status: 'pass', detail: `shell ${env.SHELL ?? '(unknown)'}: not checked`}
  const rc = kind === 'bash' ? join(home, '.bashrc') : join(env.ZDOTDIR ?? home, '.zshrc')
  if (ignoresSpacePrefixed(kind, await readText(rc), env.HISTCONTROL)) {
    return {
      id: 'shell-history',
      status: 'pass',
      detail: `${kind} keeps commands typed with a leading space out of its history`,
    }
  }

  return {
    id: 'shell-history',
    status: 'warn',
    detail: `${kind} records every command in its history, including one that exports a secret (secretsmith itself never takes values on the command line)`,
    fix:
      kind === 'bash'
        ? `Add HISTCONTROL=ignoreboth to ${rc}, and start such commands with a space.`
        : `Add setopt HIST_IGNORE_SPACE to ${rc}, and start such commands with a space.`,
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return ''
  }
}

async function modeOf(path: string): Promise<string | undefined> {
  try {
    return ((await lstat(path)).mode & 0o777).toString(8).padStart(4, '0')
  } catch {
    return undefined
  }
}

/** Our own typed errors' messages are safe to show; anything else is named by its kind only. */
function oneLine(error: unknown, fallback: string): string {
  const shape = error as {code?: unknown; name?: unknown; exitCode?: unknown; message?: unknown}
  if (typeof shape?.exitCode === 'number' && typeof shape.message === 'string') return shape.message.split('\n')[0]
  const code = typeof shape?.code === 'string' ? shape.code : typeof shape?.name === 'string' ? shape.name : undefined
  return code && /^[A-Za-z][\w.]{0,63}$/.test(code) ? code : fallback
}
