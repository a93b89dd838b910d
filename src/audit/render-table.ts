// The audit for a person at a terminal: findings grouped by severity, most severe first, one
// table per group (secret; rule and its Security Hub control; what is wrong and, below it,
// what to do: the last column is the one that wraps to the terminal), and the summary line.
import {renderTable} from '../output/table.js'
import {SEVERITIES, type Severity} from './finding.js'
import type {AuditReport} from './scan.js'
import {plural} from '../wording.js'

export async function renderAuditTable(report: AuditReport, options: {width?: number} = {}): Promise<string> {
  if (report.findings.length === 0) return `No findings in ${plural(report.secrets, 'secret')}.`
  const sections: string[] = []
  const references = new Map(report.rules.map((rule) => [rule.id, rule.references.securityHubControl]))
  for (const severity of [...SEVERITIES].reverse()) {
    const findings = report.findings.filter((finding) => finding.severity === severity)
    if (findings.length === 0) continue
    const table = await renderTable(
      ['Secret', 'Rule', 'Finding and fix'],
      findings.map((finding) => {
        const control = references.get(finding.ruleId)
        return [
          finding.secret.name,
          control ? `${finding.ruleId}\n${control}` : finding.ruleId,
          `${finding.message}\nFix: ${finding.fix}`,
        ]
      }),
      options,
    )
    sections.push(`${severity.toUpperCase()} (${findings.length})\n${table}`)
  }

  return sections.join('\n\n')
}

export interface SummaryFigures {
  /** API calls made (counted per HTTP request, retries included); undefined for the local store. */
  calls?: number
}

/** "Audited 12 secrets: 2 high, 3 medium, 1 low; 14 API calls (1.17 per secret) in 1.3 s." */
export function formatAuditSummary(report: AuditReport, figures: SummaryFigures): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity: Severity) => `${report.counts[severity]} ${severity}`)
    .join(', ')
  const calls =
    figures.calls === undefined
      ? 'no API calls (local store)'
      : `${plural(figures.calls, 'API call')}${report.secrets > 0 ? ` (${(figures.calls / report.secrets).toFixed(2)} per secret)` : ''}`
  return `Audited ${plural(report.secrets, 'secret')}: ${counts}; ${calls} in ${(report.durationMs / 1000).toFixed(1)} s.`
}
