// The `import` workflow: check every entry first (schema, sensitive information, duplicates),
// plan (what would be created, updated, left alone), confirm on a terminal, then write at the
// service's pace with a resume journal, and sum up. Values stay in memory; the journal, the
// plan and the summary hold names only.
import {ExitCode, InterruptedError, SecretsmithError, UsageError, ValidationError} from '../errors.js'
import {confirmDestructive} from '../input/confirm.js'
import {checkSecret} from '../lint/check-secret.js'
import {
  type BulkAction,
  type BulkTotals,
  emptyTotals,
  formatBulkSummary,
  formatPlan,
  startProgress,
} from '../output/bulk-report.js'
import {formatFinding} from '../output/findings.js'
import {describeTarget} from '../output/write-summary.js'
import {SCHEMA_TAG, getSchema} from '../schemas/registry.js'
import {assertValidSecretName, assertValidSecretValue} from '../stores/limits.js'
import type {SecretStore, Tag} from '../stores/store.js'
import {type EntryResult, type PendingEntry, countResult, writeEntries} from './bulk-write.js'
import {type BulkEntry, isProblem} from './entries.js'
import type {EntrySource} from './import-source.js'
import {BulkJournal} from './journal.js'
import type {QuotaPacer} from './quotas.js'
import {plural} from '../wording.js'

export interface BulkContext {
  store: SecretStore
  pacer: QuotaPacer
  /** Where the resume journal lives (the data directory). */
  dataDir: string
  interactive: boolean
  /** stderr is a terminal: draw a progress bar. */
  progressBar: boolean
  notify: (line: string) => void
  /** True once the user pressed Ctrl-C: no new entry starts. */
  stopped: () => boolean
}

export interface BulkOptions {
  dryRun: boolean
  yes: boolean
  resume: boolean
  failFast: boolean
  checkAndSet: boolean
  concurrency: number
}

export interface ImportRequest extends BulkOptions {
  source: EntrySource
  schema?: string
  /** Any finding stops the run before a single write. */
  strict: boolean
}

export interface BulkOutcome {
  target: string
  dryRun: boolean
  totals: BulkTotals
  /** Dry run: the names under each action. */
  plan?: Record<BulkAction, string[]>
  failed: Array<{name: string; message: string; exitCode: number}>
  elapsedMs: number
  calls: number
  journal?: string
}

/** Failures named in the summary; past this only their number is shown. */
const FAILURES_LISTED = 20

export async function importSecrets(context: BulkContext, request: ImportRequest): Promise<BulkOutcome> {
  const schema = request.schema ? getSchema(request.schema) : undefined
  const invalid = await checkEntries(context, request)
  return runBulk(context, request, {
    verb: 'Imported',
    kind: 'import',
    journalKey: `import\0${request.source.identity}\0${request.schema ?? ''}`,
    failedBeforeWriting: invalid,
    total: invalid.checked,
    entries: () => validEntries(request.source, invalid.names, schema ? [{key: SCHEMA_TAG, value: schema.name}] : []),
  })
}

interface CheckedInput {
  /** Entries that failed their checks (and are not written), with why. */
  names: Map<string, SecretsmithError>
  checked: number
}

/**
 * The first pass: every entry is parsed, named, sized and checked as `create` would check it;
 * warnings are printed; entries that fail are set aside. Under --strict any finding stops the
 * run here, before a single write.
 */
async function checkEntries(context: BulkContext, request: ImportRequest): Promise<CheckedInput> {
  const failures = new Map<string, SecretsmithError>()
  const seen = new Set<string>()
  let checked = 0
  let warnings = 0
  for await (const entry of request.source.entries()) {
    checked++
    const label = entry.name ?? entry.origin
    if (isProblem(entry)) {
      failures.set(label, entry.error)
      continue
    }

    if (seen.has(entry.name)) {
      failures.set(
        `${entry.name} (${entry.origin})`,
        new ValidationError(`${entry.name} (${entry.origin}): the same name appears earlier in the input`),
      )
      continue
    }

    seen.add(entry.name)
    try {
      assertValidSecretName(entry.name)
      assertValidSecretValue(entry.value)
      const result = await checkSecret({
        schema: request.schema,
        value: entry.value,
        name: entry.name,
        description: entry.description,
        tags: entry.tags,
      })
      for (const finding of [...result.errors, ...result.warnings])
        context.notify(`${entry.name}: ${formatFinding(finding)}`)
      warnings += result.warnings.length
      if (result.errors.length > 0) {
        failures.set(
          entry.name,
          new ValidationError(
            `${entry.name}: ${result.errors[0].location}: ${result.errors[0].message.replace(/\.$/, '')}`,
          ),
        )
      }
    } catch (error) {
      // A bad name or size is a fault of the input, like a schema error: exit 5, not a usage error.
      failures.set(
        entry.name,
        error instanceof UsageError ? new ValidationError(error.message) : asSecretsmithError(error),
      )
    }
  }

  if (request.strict && (warnings > 0 || failures.size > 0)) {
    throw new ValidationError(
      `--strict: ${plural(failures.size, 'invalid entry', 'invalid entries')} and ${plural(warnings, 'warning')} (see above); nothing was written.`,
    )
  }

  return {names: failures, checked}
}

async function* validEntries(
  source: EntrySource,
  invalid: Map<string, SecretsmithError>,
  extraTags: Tag[],
): AsyncIterable<BulkEntry> {
  for await (const entry of source.entries()) {
    if (isProblem(entry) || invalid.has(entry.name)) continue
    yield extraTags.length > 0 ? {...entry, tags: [...(entry.tags ?? []), ...extraTags]} : entry
  }
}

export interface BulkRun {
  verb: string
  kind: string
  journalKey: string
  /** Entries that failed before any write (parse or checks). */
  failedBeforeWriting?: CheckedInput
  total: number
  entries: () => AsyncIterable<BulkEntry | PendingEntry>
}

/** Plan, confirm, write and sum up: the part `import` and `copy` share. */
export async function runBulk(context: BulkContext, options: BulkOptions, run: BulkRun): Promise<BulkOutcome> {
  const started = Date.now()
  const target = describeTarget(await context.store.target())
  const preFailed = run.failedBeforeWriting?.names ?? new Map<string, SecretsmithError>()
  const failed: BulkOutcome['failed'] = [...preFailed].map(([name, error]) => failure(name, error))

  if (options.dryRun || (context.interactive && !options.yes)) {
    const plan = await planEntries(context, options, run)
    for (const item of plan.failed) failed.push(item)
    for (const line of formatPlan(
      plan.names,
      failed.map((item) => item.name),
      target,
    ))
      context.notify(line)
    if (options.dryRun) {
      const totals = {
        ...emptyTotals(),
        create: plan.names.create.length,
        update: plan.names.update.length,
        unchanged: plan.names.unchanged.length,
        failed: failed.length,
      }
      return finish(context, {
        target,
        dryRun: true,
        totals,
        plan: plan.names,
        failed,
        elapsedMs: Date.now() - started,
        calls: context.pacer.requests,
      })
    }

    const writes = plan.names.create.length + plan.names.update.length
    await confirmDestructive({
      action: `${run.kind} ${plural(writes, 'secret')} into ${target}`,
      name: '',
      yes: false,
    })
  }

  if (options.failFast && failed.length > 0) {
    return finish(
      context,
      {
        target,
        dryRun: false,
        totals: {...emptyTotals(), failed: failed.length},
        failed,
        elapsedMs: Date.now() - started,
        calls: context.pacer.requests,
      },
      run.verb,
    )
  }

  if (!options.resume && (await BulkJournal.hasUnfinished(context.dataDir, run.journalKey, run.kind))) {
    context.notify(
      `Note: an earlier ${run.kind} of this input was interrupted; starting over (entries already written are found unchanged). --resume continues it without re-reading them.`,
    )
  }

  const journal = await BulkJournal.open(context.dataDir, run.journalKey, {kind: run.kind, resume: options.resume})
  const totals = emptyTotals()
  totals.failed = preFailed.size
  const progress = await startProgress({
    total: run.total,
    verb: run.verb,
    terminal: context.progressBar,
    write: context.notify,
  })
  try {
    await writeEntries(
      {
        store: context.store,
        pacer: context.pacer,
        journal,
        dryRun: false,
        checkAndSet: options.checkAndSet,
        concurrency: options.concurrency,
        failFast: options.failFast,
        stopped: context.stopped,
        onResult(result) {
          countResult(totals, result)
          if (result.action === 'failed') failed.push(failure(result.name, result.error))
          progress.tick()
        },
      },
      run.entries(),
    )
  } finally {
    progress.stop()
  }

  if (context.stopped()) {
    await journal.close()
    throw new InterruptedError(
      `Interrupted: ${totals.create + totals.update} written, the rest not started; run the same command with --resume to continue (journal ${journal.path}).`,
    )
  }

  if (failed.length === 0) await journal.finish()
  else await journal.close()
  return finish(
    context,
    {
      target,
      dryRun: false,
      totals,
      failed,
      elapsedMs: Date.now() - started,
      calls: context.pacer.requests,
      journal: journal.path,
    },
    run.verb,
  )
}

async function planEntries(context: BulkContext, options: BulkOptions, run: BulkRun) {
  const names: Record<BulkAction, string[]> = {create: [], update: [], unchanged: []}
  const failed: BulkOutcome['failed'] = []
  await writeEntries(
    {
      store: context.store,
      pacer: context.pacer,
      dryRun: true,
      checkAndSet: options.checkAndSet,
      concurrency: options.concurrency,
      failFast: false,
      stopped: context.stopped,
      onResult(result: EntryResult) {
        if (result.action === 'failed') failed.push(failure(result.name, result.error))
        else if (result.action !== 'done-before') names[result.action].push(result.name)
      },
    },
    run.entries(),
  )
  for (const list of Object.values(names)) list.sort()
  return {names, failed}
}

function finish(context: BulkContext, outcome: BulkOutcome, verb?: string): BulkOutcome {
  if (verb)
    context.notify(
      formatBulkSummary({
        verb,
        target: outcome.target,
        totals: outcome.totals,
        elapsedMs: outcome.elapsedMs,
        calls: outcome.calls,
      }),
    )
  for (const item of outcome.failed.slice(0, FAILURES_LISTED)) context.notify(`  failed: ${item.message}`)
  if (outcome.failed.length > FAILURES_LISTED)
    context.notify(`  … and ${outcome.failed.length - FAILURES_LISTED} more failed`)
  if (outcome.failed.length > 0) {
    // The exit code of the first failure, so a script can tell "invalid input" (5) from "throttled" (6).
    const first = outcome.failed[0]
    const error = new SecretsmithError(
      `${outcome.failed.length} of the entries failed${outcome.dryRun ? ' their checks' : ''} (see above)${outcome.dryRun ? '' : '; the others were written'}.`,
      first.exitCode as SecretsmithError['exitCode'],
      'BulkFailed',
    )
    error.details = outcome
    throw error
  }

  return outcome
}

/** A failed entry for the summary; its message always starts with the entry's name. */
function failure(name: string, error: SecretsmithError): BulkOutcome['failed'][number] {
  const message = error.message.startsWith(name) ? error.message : `${name}: ${error.message}`
  return {name, message, exitCode: error.exitCode}
}

function asSecretsmithError(error: unknown): SecretsmithError {
  return error instanceof SecretsmithError
    ? error
    : new SecretsmithError('unexpected error (run with --debug for details)', ExitCode.Unexpected, 'Unexpected')
}
