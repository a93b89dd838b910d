import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {ExitCode, ValidationError} from '../errors.js'
import {type ValueSourceKind, chooseValueSource} from '../input/read-secret.js'
import {valueSourceFlags} from '../input/value-flags.js'
import {checkSecret} from '../lint/check-secret.js'
import type {Finding} from '../lint/finding.js'
import {readValueToCheck} from '../lint/read-value-to-check.js'
import {parseTagFlags} from '../metadata-flags.js'
import {formatFinding, formatFindingReason} from '../output/findings.js'
import {assertValidDescription, secretNameProblem} from '../stores/limits.js'
import {plural} from '../wording.js'

/** lint checks a value someone already has: no prompt, editor or generator. */
const LINT_SOURCES: readonly ValueSourceKind[] = ['stdin', 'file']

export default class Lint extends SecretsmithCommand<typeof Lint> {
  static override summary = 'Check a value and its metadata the way create and put do, without writing anything.'
  static override description = `Validates the value against --schema (if given) and looks for sensitive information in the wrong place: access-recovery fields in the value (password hints, security questions, recovery codes, PINs, MFA seeds, old passwords), and the value, credentials, random-looking tokens or password hints in the name, description and tags, which Secrets Manager stores unencrypted.

Findings go to stderr, one per line; --explain adds a line under each saying why it fired (the rule and the matched label term or shape class — never the text that matched). Exit 0 when the value is valid (warnings included), 5 on a validation error, and 5 on any warning with --strict (or SECRETSMITH_STRICT=1). An empty value, or one over the 65,536-byte limit, is a finding like any other. --json prints {schema, strict, passed, errors, warnings} on stdout.`

  static override examples = [
    {
      description: 'Check a database credential before creating it',
      command:
        '<%= config.bin %> <%= command.id %> --schema rds-postgres --from-file db.json --description "Primary DB for billing" --tag team=billing',
    },
    {
      description: 'In a pipeline: fail on any finding',
      command: 'render-secret | <%= config.bin %> <%= command.id %> --from-stdin --strict --json',
    },
    {
      description: 'See why each finding fired',
      command: '<%= config.bin %> <%= command.id %> --from-file export.json --description "$DESCRIPTION" --explain',
    },
  ]

  static override flags = {
    'from-stdin': valueSourceFlags['from-stdin'],
    'from-file': valueSourceFlags['from-file'],
    'keep-newline': valueSourceFlags['keep-newline'],
    schema: Flags.string({summary: 'Validate against this schema (see schema list).'}),
    name: Flags.string({summary: 'The secret name to check (names are stored unencrypted).'}),
    description: Flags.string({summary: 'The description to check (stored unencrypted).'}),
    tag: Flags.string({summary: 'A tag KEY=VALUE to check (stored unencrypted); repeatable.', multiple: true}),
    strict: Flags.boolean({summary: 'Treat every warning as an error (exit 5).', env: 'SECRETSMITH_STRICT'}),
    explain: Flags.boolean({
      summary: 'Say why each finding fired: the rule and the matched label or shape class, never the text.',
    }),
  }

  async run() {
    const {flags} = this
    assertValidDescription(flags.description)
    const tags = parseTagFlags(flags.tag)
    const source = chooseValueSource(flags, {offered: LINT_SOURCES})
    const read = await readValueToCheck(source)
    const result = await checkSecret({
      schema: flags.schema,
      value: read.value,
      name: flags.name,
      description: flags.description,
      tags,
    })
    result.errors.unshift(...read.findings)
    const nameProblem = flags.name === undefined ? undefined : secretNameProblem(flags.name)
    if (nameProblem)
      result.errors.unshift({
        ruleId: 'invalid-name',
        severity: 'error',
        location: 'name',
        message: `Invalid secret name: ${nameProblem}.`,
      })

    const strict = flags.strict ?? false
    const failed = result.errors.length > 0 || (strict && result.warnings.length > 0)
    const explain = flags.explain ?? false
    // The reasons are part of the report only when asked for, so --json stays as it was otherwise.
    const shown = (findings: Finding[]) =>
      explain ? findings : findings.map(({reason: _reason, ...finding}) => finding)
    const report = {
      schema: flags.schema ?? null,
      strict,
      passed: !failed,
      errors: shown(result.errors),
      warnings: shown(result.warnings),
    }
    for (const finding of [...result.errors, ...result.warnings]) {
      this.note(formatFinding(finding))
      if (explain) this.note(formatFindingReason(finding))
    }
    if (this.jsonEnabled()) {
      // Pipelines get the findings as data either way; the exit code carries the verdict.
      if (failed) process.exitCode = ExitCode.Validation
      return report
    }

    if (failed) throw new ValidationError(verdict(result.errors, result.warnings))
    this.note(
      result.warnings.length === 0
        ? 'No findings.'
        : `${plural(result.warnings.length, 'warning')}; not an error without --strict.`,
    )
    return report
  }
}

function verdict(errors: Finding[], warnings: Finding[]): string {
  if (errors.length > 0) return `${plural(errors.length, 'validation error')} (see above).`
  return `${plural(warnings.length, 'warning')} and --strict (or SECRETSMITH_STRICT) is on (see above).`
}
