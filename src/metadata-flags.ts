// Parsing of the metadata flags (--tag KEY=VALUE). The rules a tag or a description must meet
// are Secrets Manager's, checked in stores/limits.ts like every other input limit. Metadata
// is stored unencrypted by Secrets Manager, which is why it is linted for sensitive content
// on every write.
import {UsageError} from './errors.js'
import {displayKey} from './lint/field-labels.js'
import {assertValidTag, assertValidTagCount} from './stores/limits.js'
import type {Tag} from './stores/store.js'

export function parseTagFlags(values: readonly string[] | undefined): Tag[] {
  const tags: Tag[] = []
  for (const raw of values ?? []) {
    const at = raw.indexOf('=')
    if (at <= 0) throw new UsageError('A tag is KEY=VALUE (e.g. --tag team=payments); a key is required.')
    const tag = {key: raw.slice(0, at), value: raw.slice(at + 1)}
    assertValidTag(tag)
    if (tags.some((parsed) => parsed.key === tag.key))
      throw new UsageError(`Tag ${displayKey(tag.key, tags.length + 1)} is given twice.`)
    tags.push(tag)
  }

  assertValidTagCount(tags.length)
  return tags
}
