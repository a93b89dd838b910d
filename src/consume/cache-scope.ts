// Which store target a cache entry belongs to, worked out without loading the AWS SDK (a
// cache hit must cost no more than a local read). The account is not knowable before a call
// without STS, so the scope names what decides it: the credentials in use (a keyed hash of
// the access key id, or the profile plus a fingerprint of the AWS config files, so editing
// a profile starts fresh entries), with region and endpoint. Two accounts therefore never
// share an entry. The local store is not cached: it is already a local encrypted read.
import {createHash} from 'node:crypto'
import {statSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import type {StoreKind, StoreOptions} from '../stores/store.js'

type Environment = Record<string, string | undefined>

/**
 * The scope string for an AWS target, or undefined when this target is not cached (the local
 * store) or its region is only known to the SDK (from a profile): then the caller asks the
 * opened store with `scopeFromRegion`.
 */
export function cacheScope(kind: StoreKind, options: StoreOptions, env: Environment = process.env): string | undefined {
  if (kind !== 'aws') return undefined
  const region = options.region ?? (nonEmpty(env.AWS_REGION) || nonEmpty(env.AWS_DEFAULT_REGION))
  return region ? scopeFromRegion(region, options, env) : undefined
}

export function scopeFromRegion(region: string, options: StoreOptions, env: Environment = process.env): string {
  const ignoreConfigured = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')
  const endpoint =
    options.endpointUrl ??
    (ignoreConfigured ? undefined : nonEmpty(env.AWS_ENDPOINT_URL_SECRETS_MANAGER) || nonEmpty(env.AWS_ENDPOINT_URL))
  const fips = options.fips || /^true$/i.test(env.AWS_USE_FIPS_ENDPOINT ?? '')
  const dualstack = options.dualstack || /^true$/i.test(env.AWS_USE_DUALSTACK_ENDPOINT ?? '')
  return JSON.stringify(['aws', region, endpoint ?? '', fips, dualstack, credentialIdentity(options, env)])
}

/**
 * What decides the account: an explicit profile (or AWS_PROFILE) wins over environment
 * credentials in the SDK's chain, as here. Hashes only: no key id is ever written down.
 */
function credentialIdentity(options: StoreOptions, env: Environment): string {
  const profile = options.profile ?? nonEmpty(env.AWS_PROFILE)
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID)
  if (!profile && accessKeyId) return `key:${digest(accessKeyId)}`
  const home = homedir()
  const files = [
    env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  ]
  const fingerprint = files.map((path) => {
    try {
      const stats = statSync(path)
      return `${stats.ino}:${stats.size}:${stats.mtimeMs}`
    } catch {
      return '-'
    }
  })
  return `profile:${profile ?? 'default'}:${digest(fingerprint.join('|'))}:${nonEmpty(env.AWS_ACCOUNT_ID) ?? ''}`
}

function digest(text: string): string {
  return createHash('sha256').update(`secretsmith/cache-scope\0${text}`, 'utf8').digest('hex').slice(0, 32)
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
