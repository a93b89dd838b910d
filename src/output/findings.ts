// How lint findings reach a human: one stderr line each, rule id first so it can be grepped
// and suppressed by rule later. Findings carry locations and reasons, never values.
import type {Finding} from '../lint/check-secret.js'

export function formatFinding(finding: Finding): string {
  const label = finding.severity === 'error' ? 'Error' : 'Warning'
  return `${label} [${finding.ruleId}] ${finding.location}: ${finding.message}`
}

/** The `lint --explain` line under a finding: why the rule fired, in the rule's own words. */
export function formatFindingReason(finding: Finding): string {
  const why =
    finding.reason ??
    (finding.severity === 'error' ? `the value fails the ${finding.ruleId} check` : `rule ${finding.ruleId}`)
  return `  why: ${why}`
}
