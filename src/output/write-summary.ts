// The one line every write prints to stderr: what was done, to which secret, where it went
// (store, region, account, ARN or local path), the version, and the masked change summary.
import type {StoreTarget} from '../stores/store.js'

/** Region and account from an ARN, e.g. arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbCdEf. */
export function arnParts(arn: string | undefined): {region?: string; account?: string} {
  const parts = arn?.split(':') ?? []
  if (parts.length < 6 || parts[0] !== 'arn') return {}
  return {region: parts[3] || undefined, account: parts[4] || undefined}
}

export function describeTarget(target: StoreTarget, arn?: string): string {
  if (target.kind === 'local') return `local store ${target.path ?? target.label}`
  const {region, account} = arnParts(arn)
  const where = [`aws ${region ?? target.region ?? '(unknown region)'}`]
  const acct = account ?? target.account
  if (acct) where.push(`account ${acct}`)
  if (target.endpoint) where.push(`endpoint ${target.endpoint}`)
  return `${where.join(', ')}${arn ? ` (${arn})` : ''}`
}

export interface WriteSummaryInput {
  action: string
  name: string
  target: StoreTarget
  arn?: string
  versionId?: string
  detail?: string
}

export function formatWriteSummary(input: WriteSummaryInput): string {
  const version = input.versionId ? ` version ${input.versionId}` : ''
  const detail = input.detail ? `: ${input.detail}` : ''
  return `${input.action} ${input.name}${version} in ${describeTarget(input.target, input.arn)}${detail}`
}
