// The rehearsal's stand-in for a rotation function's setSecret and testSecret steps: a command
// the user names with --hook, run by /bin/sh (or cmd.exe) with the pending value on its stdin,
// never in argv or the environment; it learns the step, secret and version from environment
// variables. Its output is shown on stderr, line by line, with the pending value and its
// fields masked, so a hook that echoes what it read does not leak it.
import {spawn} from 'node:child_process'

import type {SecretValue} from '../secret-value.js'

export interface HookRun {
  command: string
  step: 'setSecret' | 'testSecret'
  secretName: string
  secretArn: string
  versionId: string
  value: SecretValue
  /** Each line the hook printed, already masked. */
  output: (line: string) => void
}

export interface HookResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
}

export async function runRotationHook(run: HookRun): Promise<HookResult> {
  const shell =
    process.platform === 'win32'
      ? {file: process.env.ComSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', run.command]}
      : {file: '/bin/sh', args: ['-c', run.command]}
  const child = spawn(shell.file, shell.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SECRETSMITH_ROTATION_STEP: run.step,
      SECRETSMITH_SECRET_NAME: run.secretName,
      SECRETSMITH_SECRET_ARN: run.secretArn,
      SECRETSMITH_VERSION_ID: run.versionId,
    },
  })
  const mask = masker(run.value)
  const forward = lineSplitter((line) => run.output(mask(line)))
  child.stdout.on('data', forward.push)
  child.stderr.on('data', forward.push)
  const bytes = run.value.revealBytes()
  child.stdin.on('error', () => {
    // A hook that does not read its stdin closes the pipe early; that is its choice.
  })
  child.stdin.end(bytes, () => bytes.fill(0))
  return new Promise<HookResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      forward.flush()
      resolve({exitCode, signal})
    })
  })
}

/** Replaces the whole value and every string field of a JSON value (6 characters or longer) with ***. */
function masker(value: SecretValue): (line: string) => string {
  const needles: string[] = []
  if (!value.isBinary) {
    const text = value.revealText()
    if (text.length > 0) needles.push(text.trim())
    for (const field of Object.values(value.revealJsonObject() ?? {}))
      if (typeof field === 'string' && field.length >= 6) needles.push(field)
  }

  needles.sort((a, b) => b.length - a.length)
  return (line) => needles.reduce((masked, needle) => (needle ? masked.split(needle).join('***') : masked), line)
}

function lineSplitter(emit: (line: string) => void): {push: (chunk: Buffer) => void; flush: () => void} {
  let pending = ''
  return {
    push(chunk) {
      pending += chunk.toString('utf8')
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) emit(line.replace(/\r$/, ''))
    },
    flush() {
      if (pending) emit(pending)
      pending = ''
    },
  }
}
