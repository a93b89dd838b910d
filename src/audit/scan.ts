// The audit workflow: list every secret (paginated, 100 a page), fetch what a rule needs beyond
// the listing only for the secrets it applies to (DescribeSecret for replicated secrets,
// GetResourcePolicy where the store has policies, values only with --check-values through
// BatchGetSecretValue, 20 secrets a call), run the rules, and return findings sorted by
// severity. Fetches run with bounded concurrency, each kind paced just below its Secrets
// Manager quota group by the same QuotaPacer bulk runs use (bulk/quotas.ts, figures from
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html), so an
// audit never throttles the applications sharing the account; the local store is not paced.
import pLimit from 'p-limit'

import {type QuotaGroup, QuotaPacer} from '../bulk/quotas.js'
import {ConflictError, NotFoundError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import {MAX_PAGE_SIZE} from '../stores/limits.js'
import type {ListFilter, SecretListEntry, SecretStore} from '../stores/store.js'
import {
  type AuditFinding,
  type AuditRule,
  type AuditSettings,
  type AuditSubject,
  type RuleNeed,
  SEVERITIES,
  type Severity,
  severityRank,
} from './finding.js'
import {AUDIT_RULES} from './rules/catalog.js'

/** BatchGetSecretValue's SecretIdList takes at most 20 ids: one call per batch. */
const BATCH_VALUE_SIZE = 20
const CONCURRENCY = 8
const QUOTA_GROUP: Record<RuleNeed, QuotaGroup> = {describe: 'read', policy: 'policy', value: 'batch-read'}

export interface AuditRequest {
  settings: Omit<AuditSettings, 'account'>
  /** Only secrets whose name starts with this. */
  prefix?: string
  filters?: ListFilter[]
}

export interface AuditContext {
  store: SecretStore
  /** Called as secrets are listed and checked, for a progress indicator. */
  onProgress?: (progress: {listed: number; checked: number; done: boolean}) => void
}

export interface AuditReport {
  secrets: number
  findings: AuditFinding[]
  counts: Record<Severity, number>
  /** The rules that ran, for renderers that describe them (SARIF). */
  rules: AuditRule[]
  durationMs: number
}

export async function auditSecrets(context: AuditContext, request: AuditRequest): Promise<AuditReport> {
  const started = performance.now()
  const {store, onProgress} = context
  const rules = AUDIT_RULES.filter((rule) => (rule.enabled ? rule.enabled(settingsOf(request)) : true))
  const pacer = new QuotaPacer({unlimited: store.kind === 'local'})
  const limit = pLimit(CONCURRENCY)
  /** A fetch of one kind: waits for a concurrency slot, then for its quota group's budget. */
  const fetch = (need: RuleNeed, work: () => Promise<void>) =>
    limit(async () => {
      await pacer.take(QUOTA_GROUP[need])
      await work()
    })
  const subjects: AuditSubject[] = []
  const pending: Array<Promise<void>> = []
  const valueWanted: AuditSubject[] = []
  let account: string | undefined
  let checked = 0
  const report = () => onProgress?.({listed: subjects.length, checked, done: false})

  const filters = [...(request.filters ?? [])]
  if (request.prefix) filters.push({key: 'name', values: [request.prefix]})
  for await (const entry of store.list({filters, includePlannedDeletion: true, pageSize: MAX_PAGE_SIZE})) {
    // The name filter is a prefix match in Secrets Manager too; keep exactly what was asked.
    if (request.prefix && !entry.name.startsWith(request.prefix)) continue
    account ??= entry.arn.split(':')[4] || undefined
    const subject: AuditSubject = {entry, ...(entry.versions ? {versions: entry.versions} : {})}
    subjects.push(subject)
    const needs = needsOf(rules, entry, settingsOf(request))
    const fetches: Array<Promise<void>> = []
    if (needs.has('describe')) {
      fetches.push(
        fetch('describe', async () => {
          const description = await store.describe(entry.arn || entry.name)
          subject.entry = {...entry, ...description}
          subject.versions = description.versions
        }),
      )
    }

    if (needs.has('policy') && store.kind === 'aws') {
      fetches.push(
        fetch('policy', async () => {
          subject.policy = await store.getResourcePolicy(entry.arn || entry.name)
        }),
      )
    }

    if (needs.has('value')) valueWanted.push(subject)
    pending.push(
      Promise.all(fetches).then(() => {
        checked++
        report()
      }),
    )
    report()
  }

  for (let start = 0; start < valueWanted.length; start += BATCH_VALUE_SIZE) {
    const batch = valueWanted.slice(start, start + BATCH_VALUE_SIZE)
    pending.push(
      fetch('value', async () => {
        for (const [subject, value] of await readValues(
          store,
          batch.map((item) => item.entry.arn || item.entry.name),
        ))
          attachValue(batch[subject], value)
      }),
    )
  }

  await Promise.all(pending)
  onProgress?.({listed: subjects.length, checked: subjects.length, done: true})

  const settings: AuditSettings = {...request.settings, ...(account ? {account} : {})}
  const findings: AuditFinding[] = []
  for (const subject of subjects) {
    for (const rule of rules) {
      if (subject.entry.deletedDate && !rule.appliesToScheduledForDeletion) continue
      for (const result of rule.check(subject, settings)) {
        findings.push({
          ruleId: rule.id,
          severity: result.severity ?? rule.severity,
          secret: {name: subject.entry.name, arn: subject.entry.arn},
          message: result.message,
          fix: result.fix,
        })
      }
    }
  }

  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compare(a.secret.name, b.secret.name) ||
      rules.findIndex((rule) => rule.id === a.ruleId) - rules.findIndex((rule) => rule.id === b.ruleId),
  )
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>
  for (const finding of findings) counts[finding.severity]++
  return {secrets: subjects.length, findings, counts, rules, durationMs: performance.now() - started}
}

/** Whether any finding is at or above `threshold` (for --fail-on). */
export function hasFindingsAtOrAbove(report: AuditReport, threshold: Severity): boolean {
  return report.findings.some((finding) => severityRank(finding.severity) >= severityRank(threshold))
}

function settingsOf(request: AuditRequest): AuditSettings {
  return request.settings
}

function needsOf(rules: AuditRule[], entry: SecretListEntry, settings: AuditSettings): Set<RuleNeed> {
  const needs = new Set<RuleNeed>()
  if (entry.deletedDate) return needs
  for (const rule of rules) {
    const need = rule.needs?.(entry, settings)
    if (need) needs.add(need)
  }

  return needs
}

/**
 * The current values of one batch, by position: BatchGetSecretValue where the store has it
 * (one call for up to 20), else one read each. A secret that cannot be read is left without a
 * value; the value rules then have nothing to judge.
 */
async function readValues(store: SecretStore, ids: string[]): Promise<Array<[number, SecretValue | undefined]>> {
  if (store.getCurrentValues) {
    const outcomes = await store.getCurrentValues(ids)
    return outcomes.map((outcome, index) => [index, 'secret' in outcome ? outcome.secret.value : undefined])
  }

  const values: Array<[number, SecretValue | undefined]> = []
  for (const [index, id] of ids.entries()) {
    try {
      values.push([index, (await store.getValue(id)).value])
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error
      values.push([index, undefined])
    }
  }

  return values
}

/** Parses a JSON object value in memory for the rules; the SecretValue itself stays wrapped. */
function attachValue(subject: AuditSubject, value: SecretValue | undefined): void {
  if (!value) return
  subject.secretValue = value
  if (value.isBinary) return
  try {
    const parsed: unknown = JSON.parse(value.revealText())
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      subject.value = parsed as Record<string, unknown>
  } catch {
    // Not JSON: the value rules that need an object say so themselves.
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
