// An unknown command is answered without repeating the word that was typed: a stray word
// on a secretsmith command line may well be a value pasted in the wrong place, and oclif's
// default message ("command <word> not found") would print it to stderr and CI logs.
import type {Hook} from '@oclif/core'

import {ExitCode} from '../errors.js'

const hook: Hook.CommandNotFound = async function (options) {
  const topics = new Set(options.config.commandIDs.map((id) => id.split(':')[0]))
  process.stderr.write(
    `Error: Unknown command; the commands are ${[...topics].sort().join(', ')} (see secretsmith --help).\n`,
  )
  process.exitCode = ExitCode.Usage
  return undefined
}

export default hook
