// The positional arguments secretsmith commands take. `ignoreStdin` matters: when a required
// argument is missing, oclif otherwise reads piped stdin to fill it, and on a secretsmith
// command line stdin is where a value comes from (`… | secretsmith put --from-stdin` with
// the name forgotten would make the value the name, echoed in errors and stored unencrypted).
import {Args} from '@oclif/core'

export function nameArg(description = 'Name or ARN of the secret') {
  return Args.string({description, required: true, ignoreStdin: true})
}

/** A secret name that may be left out (e.g. `log` with no name covers every secret). */
export function optionalNameArg(description = 'Name or ARN of the secret') {
  return Args.string({description, required: false, ignoreStdin: true})
}
