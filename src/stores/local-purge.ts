// Removing secrets from the local store: a forced delete at once, a scheduled one once its
// recovery window has ended. The manifest remembers when the earliest purge is due (no
// names), so opening the store looks through the secrets only when one may be purgeable.
import {randomBytes} from 'node:crypto'
import {readdir, rename} from 'node:fs/promises'
import {join} from 'node:path'

import {IntegrityError} from '../errors.js'
import {readManifest, writeManifest} from './local-key.js'
import {ifStoreLockFree} from './local-lock.js'
import {type LoadedSecret, type OpenStore, loadSecretById} from './local-read.js'
import {removeTree, secretsDirectory, syncDirectory} from './local-records.js'
import {isExpired} from './local-secret-rules.js'
import {retireSecret} from './local-write.js'

const TRASH_PREFIX = '.trash-'

/** Removes a secret's directory; the caller holds the lock. */
export async function removeSecret(store: OpenStore, loaded: LoadedSecret): Promise<void> {
  // The index first: a copy of this secret put back later is refused (local-index.ts).
  await retireSecret(store, loaded.fileId)
  // Renaming first makes the removal atomic: a crash mid-way leaves trash, never half a secret.
  const trash = join(secretsDirectory(store), `${TRASH_PREFIX}${randomBytes(8).toString('hex')}`)
  await rename(loaded.directory, trash)
  await syncDirectory(secretsDirectory(store))
  await removeTree(trash)
}

/** Records in the manifest that a purge is due at `deletionDate`, unless one is due earlier. */
export async function notePurgeDue(store: OpenStore, deletionDate: Date): Promise<void> {
  const manifest = (await readManifest(store.directory)) ?? store.manifest
  const due = manifest.purgeDueDate ? new Date(manifest.purgeDueDate) : undefined
  if (due && due.getTime() <= deletionDate.getTime()) return
  manifest.purgeDueDate = deletionDate.toISOString()
  await writeManifest(store.directory, manifest)
  store.manifest = manifest
}

/** Purges secrets whose recovery window has passed, when the manifest says one is due. Best effort. */
export async function purgeIfDue(store: OpenStore, now: Date, debug: (message: string) => void): Promise<void> {
  const due = store.manifest.purgeDueDate
  if (!due || now.getTime() < new Date(due).getTime()) return
  try {
    await ifStoreLockFree(store.directory, async (lock) => {
      let nextDue: number | undefined
      const entries = await readdir(secretsDirectory(store)).catch(() => [] as string[])
      for (const entry of entries) {
        if (entry.startsWith(TRASH_PREFIX)) {
          await removeTree(join(secretsDirectory(store), entry))
          continue
        }

        if (entry.startsWith('.')) continue
        let loaded: LoadedSecret | undefined
        try {
          loaded = await loadSecretById(store, entry)
        } catch (error) {
          // A damaged record is reported when someone reads it, not by an unrelated command.
          if (error instanceof IntegrityError) continue
          throw error
        }

        if (!loaded?.record.deletionDate) continue
        if (isExpired(loaded.record, now)) {
          lock.assertHeld()
          await removeSecret(store, loaded)
          debug('local store: purged a secret whose recovery window ended')
        } else {
          const at = new Date(loaded.record.deletionDate).getTime()
          nextDue = nextDue === undefined ? at : Math.min(nextDue, at)
        }
      }

      const manifest = (await readManifest(store.directory)) ?? store.manifest
      if (nextDue === undefined) delete manifest.purgeDueDate
      else manifest.purgeDueDate = new Date(nextDue).toISOString()
      await writeManifest(store.directory, manifest)
      store.manifest = manifest
    })
  } catch (error) {
    debug(`local store: purge of expired secrets skipped (${(error as Error).constructor.name})`)
  }
}
