// The flags `import` and `copy` share (planning, resuming, pacing; none takes secret content),
// and how both commands turn them into a bulk run's context and options.
import {Flags} from '@oclif/core'

import {isInteractive} from '../input/terminal.js'
import {resolveDataDir} from '../paths.js'
import type {SecretStore} from '../stores/store.js'
import type {BulkContext, BulkOptions} from './import-secrets.js'
import {DEFAULT_QUOTA_SHARE, QuotaPacer, SECRETS_MANAGER_QUOTAS} from './quotas.js'

/** Entries in flight at once: enough to keep 50 writes a second going when each entry's read and write take ~300 ms. */
const DEFAULT_CONCURRENCY = 16

export const bulkFlags = {
  'dry-run': Flags.boolean({summary: 'Print the plan (create, update, unchanged, with names) and write nothing.'}),
  resume: Flags.boolean({
    summary: 'Continue an interrupted run of the same command from its journal, without repeating a write.',
  }),
  'fail-fast': Flags.boolean({summary: 'Stop at the first failed entry (default: go on with the others).'}),
  'check-and-set': Flags.boolean({
    summary:
      "Write each new version with put's check-and-set (2 write calls instead of 1; refused if the secret changed since it was read).",
  }),
  rate: Flags.integer({
    summary: `Write requests per second (default ${SECRETS_MANAGER_QUOTAS.write * DEFAULT_QUOTA_SHARE}: just under Secrets Manager's quota of ${SECRETS_MANAGER_QUOTAS.write}).`,
    min: 1,
    max: 10_000,
  }),
  concurrency: Flags.integer({
    summary: `Entries in flight at once (default ${DEFAULT_CONCURRENCY}).`,
    min: 1,
    max: 64,
    default: DEFAULT_CONCURRENCY,
  }),
}

export interface BulkFlagValues {
  'dry-run': boolean
  yes: boolean
  resume: boolean
  'fail-fast': boolean
  'check-and-set': boolean
  rate?: number
  concurrency: number
}

/** The run's options, as the shared flags set them. */
export function bulkOptions(flags: BulkFlagValues): BulkOptions {
  return {
    dryRun: flags['dry-run'],
    yes: flags.yes,
    resume: flags.resume,
    failFast: flags['fail-fast'],
    checkAndSet: flags['check-and-set'],
    concurrency: flags.concurrency,
  }
}

/**
 * The run's context for writes into `store`: paced to Secrets Manager's quotas unless the
 * destination is the local store and no --rate was given; a progress bar only on a terminal
 * and never with --json.
 */
export function bulkContext(
  store: SecretStore,
  input: {flags: BulkFlagValues; json: boolean; notify: (line: string) => void; stopped: () => boolean},
): BulkContext {
  return {
    store,
    pacer: new QuotaPacer({
      writeRate: input.flags.rate,
      unlimited: store.kind === 'local' && input.flags.rate === undefined,
    }),
    dataDir: resolveDataDir(),
    interactive: isInteractive(),
    progressBar: process.stderr.isTTY === true && !input.json,
    notify: input.notify,
    stopped: input.stopped,
  }
}
