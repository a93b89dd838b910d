// `--from`, `--to`: a version id or a staging label. Version ids are client request tokens
// (32–64 characters; secretsmith and the AWS SDK make UUIDs), labels are short words such as
// AWSPREVIOUS, so the shape tells them apart.
import type {GetValueOptions} from '../stores/store.js'

const VERSION_ID = /^[A-Za-z0-9-]{32,64}$/

export function versionSelector(text: string): GetValueOptions {
  return VERSION_ID.test(text) && /\d/.test(text) ? {versionId: text} : {versionStage: text}
}
