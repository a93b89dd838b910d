// An unknown command is answered without repeating the word that was typed: a stray word
// on a secretsmith command line may well be a value pasted in the wrong place, and oclif's
// default message ("command <word> not found") would print it to stderr and CI logs.
import type {Hook} from '@oclif/core'

import {ExitCode} from '../errors.js'
import {unknownCommandLine} from '../wording.js'

const hook: Hook.CommandNotFound = async function (options) {
  process.stderr.write(`${unknownCommandLine(options.config.commandIDs)}\n`)
  process.exitCode = ExitCode.Usage
  return undefined
}

export default hook
