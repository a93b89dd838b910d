// One result of checking a secret: a validation error (the write is refused, exit 5) or a
// warning (the write goes ahead unless --strict). A finding names a rule, a place and a reason;
// it never carries the value, a field's value, or the part of the metadata that matched.

export interface Finding {
  /** Stable kebab-case id, e.g. "sensitive-field", "metadata-contains-value", "schema-required". */
  ruleId: string
  severity: 'error' | 'warning'
  /** Where: "value", "value.<field>", "name", "description", "tag:<key>", "tag-value:<key>". */
  location: string
  /** Why, and what to do; never the value. */
  message: string
  /**
   * For `lint --explain`: what made the rule fire — the matched label term or shape class and
   * the check that saw it, in the rule's own words. Never the value or the matched text.
   */
  reason?: string
}

export interface SecretCheckResult {
  /** Validation failures: the value does not fit its schema (always exit 5). */
  errors: Finding[]
  /** Sensitive information in the wrong place, and other advice (exit 5 only under --strict). */
  warnings: Finding[]
}

/** Keeps the first finding per (rule, location): several matches in one place are one problem. */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((finding) => {
    const key = `${finding.ruleId}\u0000${finding.location}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
