// The audit as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
// dashboards. A secret is not a file, so each result locates it logically (its name, with the
// ARN as fully qualified name) and carries a stable fingerprint of rule and ARN, so a dashboard
// tracks one finding across runs. Levels: high → error, medium → warning, low → note; the
// security-severity property (CVSS-like 0–10) is what GitHub code scanning sorts by.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
import {createHash} from 'node:crypto'

import type {Severity} from './finding.js'
import type {AuditReport} from './scan.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {high: 'error', medium: 'warning', low: 'note'}
const SECURITY_SEVERITY: Record<Severity, string> = {high: '8.0', medium: '5.0', low: '2.0'}
const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'

export function auditSarif(report: AuditReport, tool: {version: string}): object {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]))
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secretsmith',
            version: tool.version,
            rules: report.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replaceAll(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
              shortDescription: {text: rule.title},
              helpUri: rule.references.helpUri,
              defaultConfiguration: {level: LEVEL[rule.severity]},
              properties: {
                tags: [
                  'security',
                  'secrets-manager',
                  ...(rule.references.securityHubControl ? [rule.references.securityHubControl] : []),
                ],
                'security-severity': SECURITY_SEVERITY[rule.severity],
                ...(rule.references.configRule ? {awsConfigRule: rule.references.configRule} : {}),
                ...(rule.references.securityHubControl ? {securityHubControl: rule.references.securityHubControl} : {}),
              },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
          level: LEVEL[finding.severity],
          message: {text: `${finding.message} Fix: ${finding.fix}`},
          locations: [
            {
              logicalLocations: [
                {
                  name: finding.secret.name,
                  fullyQualifiedName: finding.secret.arn || finding.secret.name,
                  kind: 'resource',
                },
              ],
            },
          ],
          partialFingerprints: {
            'secretsmith/v1': createHash('sha256')
              .update(`${finding.ruleId}\u0000${finding.secret.arn || finding.secret.name}`)
              .digest('hex')
              .slice(0, 32),
          },
          properties: {'security-severity': SECURITY_SEVERITY[finding.severity], severity: finding.severity},
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  }
}
