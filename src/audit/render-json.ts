// The audit for pipelines (--json): the summary figures, every finding, and the rules that ran
// with their AWS Config rule and Security Hub control, so a dashboard can join on either.
import type {StoreTarget} from '../stores/store.js'
import type {AuditFinding, Severity} from './finding.js'
import type {AuditReport} from './scan.js'

export interface AuditJson {
  store: StoreTarget
  summary: {secrets: number; findings: Record<Severity, number>; calls?: number; durationMs: number}
  findings: AuditFinding[]
  rules: Array<{
    id: string
    title: string
    severity: Severity
    configRule?: string
    securityHubControl?: string
    helpUri: string
  }>
}

export function auditJson(report: AuditReport, store: StoreTarget, calls: number | undefined): AuditJson {
  return {
    store,
    summary: {
      secrets: report.secrets,
      findings: report.counts,
      ...(calls === undefined ? {} : {calls}),
      durationMs: Math.round(report.durationMs),
    },
    findings: report.findings,
    rules: report.rules.map((rule) => ({id: rule.id, title: rule.title, severity: rule.severity, ...rule.references})),
  }
}
