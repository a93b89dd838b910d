// The flags `import` and `copy` share: planning, resuming, pacing. None takes secret content.
import {Flags} from '@oclif/core'

import {DEFAULT_QUOTA_SHARE, SECRETS_MANAGER_QUOTAS} from './quotas.js'

/** Entries in flight at once: enough to keep 50 writes a second going when each entry's read and write take ~300 ms. */
export const DEFAULT_CONCURRENCY = 16

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
