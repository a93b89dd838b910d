// What every end-to-end test asks of a spawned run: the canary never on stderr, and bad input
// refused the one way the invariants require (a documented exit code, one "Error:" line,
// nothing on stdout).
import assert from 'node:assert/strict'

import {CANARY, type CliResult} from './run-cli.js'

export function assertNoCanaryOnStderr(result: CliResult): void {
  assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
}

/** Exit code `code`, one "Error:" line on stderr matching `pattern`, nothing on stdout, no canary. */
export function assertOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`)
  const lines = result.stderr.trim().split('\n')
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`)
  assert.match(lines[0], /^Error: /)
  assert.match(lines[0], pattern)
  assert.equal(result.stdout, '', 'nothing on stdout')
  assertNoCanaryOnStderr(result)
}
