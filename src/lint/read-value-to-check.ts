// How lint reads the value it checks: from stdin or a file, as create and put would, except
// that a value that is empty or over Secrets Manager's limit is not refused with "nothing was
// written" (lint writes nothing) but reported as a finding, so `lint --json` still gives its
// report and exit 5. A source still stops reading a few bytes past the limit, so an endless
// pipe is never slurped.
import {InputTooLargeError} from '../input/bounded-read.js'
import {type ValueSource, readSecretAsGiven} from '../input/read-secret.js'
import type {SecretValue} from '../secret-value.js'
import type {Finding} from './finding.js'
import {valueTooLargeFinding} from './validate-value.js'

export interface ValueToCheck {
  /** The value as read (possibly empty); absent when the source held more than a secret can. */
  value?: SecretValue
  /** What reading found: value-too-large when the source ran past the limit. */
  findings: Finding[]
}

export async function readValueToCheck(source: ValueSource): Promise<ValueToCheck> {
  try {
    return {value: await readSecretAsGiven(source, {promptMessage: 'Value to check', confirm: false}), findings: []}
  } catch (error) {
    if (error instanceof InputTooLargeError) return {findings: [valueTooLargeFinding()]}
    throw error
  }
}
