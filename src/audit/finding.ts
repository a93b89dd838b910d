// What an audit reports: findings with a rule, a severity, the secret and a one-line fix, and
// the rules themselves (one file per family under rules/). A finding names a secret and says
// what is wrong with its configuration or metadata; it never carries a value, and for metadata
// it says where the problem is, never the text that matched.
import type {SecretValue} from '../secret-value.js'
import type {SecretListEntry} from '../stores/store.js'

export const SEVERITIES = ['low', 'medium', 'high'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** Where a rule comes from, so findings line up with the dashboards that already track them. */
export interface RuleReferences {
  /** The AWS Config managed rule, e.g. "secretsmanager-rotation-enabled-check". */
  configRule?: string
  /** The Security Hub control id, e.g. "SecretsManager.1". */
  securityHubControl?: string
  /** The documentation page for the rule. */
  helpUri: string
}

export interface AuditFinding {
  ruleId: string
  severity: Severity
  secret: {name: string; arn: string}
  /** What is wrong, one line; names dates, counts and field names, never a value. */
  message: string
  /** What to do, one line; a command where one exists. */
  fix: string
}

/** What the scanner gathered about one secret for the rules to judge. */
export interface AuditSubject {
  entry: SecretListEntry
  /** The resource policy as JSON text, when the policy rules ran; null when the secret has none. */
  policy?: string | null
  /** The value (only with --check-values); checked in memory, never reported. */
  secretValue?: SecretValue
  /** The value parsed as a JSON object, when it is one. */
  value?: Record<string, unknown>
  /** Versions' staging labels, when the listing carried them. */
  versions?: Record<string, string[]>
}

export interface AuditSettings {
  now: Date
  maxRotationDays: number
  unusedDays: number
  requireCmk: boolean
  requireTags: string[]
  checkValues: boolean
  /** The account the secrets live in (from their ARNs), for the cross-account policy rule. */
  account?: string
}

/** Extra data a rule needs beyond ListSecrets, fetched only for the secrets it applies to. */
export type RuleNeed = 'describe' | 'policy' | 'value'

export interface AuditRule {
  id: string
  title: string
  severity: Severity
  references: RuleReferences
  /** What the rule needs fetched for this secret (beyond the listing), if anything. */
  needs?(entry: SecretListEntry, settings: AuditSettings): RuleNeed | undefined
  /** Whether the rule judges secrets scheduled for deletion too (most rules skip them). */
  appliesToScheduledForDeletion?: boolean
  /** Off unless a knob turns it on (e.g. --require-cmk). */
  enabled?(settings: AuditSettings): boolean
  check(subject: AuditSubject, settings: AuditSettings): RuleResult[]
}

/** One problem a rule found; the severity defaults to the rule's. */
export interface RuleResult {
  message: string
  fix: string
  severity?: Severity
}

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / 86_400_000)
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}
