// `exec`: runs a program with secrets handed to it as environment variables (or as paths to
// files on a tmpfs), the way chamber and aws-vault do, and stands between it and the terminal
// only as far as needed: signals (INT, TERM, HUP, QUIT) are passed on, its exit code becomes
// ours (128 + N when a signal N ended it, as shells report it), and by default every form of
// every secret value in its stdout and stderr is masked.
import {spawn} from 'node:child_process'
import {constants} from 'node:os'
import {basename} from 'node:path'
import type {Readable, Writable} from 'node:stream'
import {finished} from 'node:stream/promises'

import {UsageError} from '../errors.js'
import {claimSignals} from '../signals.js'
import type {SecretVersionValue} from '../stores/store.js'
import {maskPatterns, maskingStream} from './output-mask.js'
import {type CachedReadContext, readManyThroughCache} from './read-through.js'
import {type SecretFiles, writeSecretFiles} from './secret-files.js'
import {type SecretSpec, type SecretVariable, collectVariables, variablesFor} from './secret-variables.js'

/** Non-string JSON fields (numbers, booleans) shorter than this are not masked. */
const STRUCTURED_MASK_MIN = 6

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const

export interface ExecRequest {
  specs: SecretSpec[]
  command: string
  args: string[]
  prefix?: string
  masking: boolean
  /** --files: hand over file paths instead of values. */
  files?: {allowDisk: boolean}
}

export interface ExecContext {
  reads: CachedReadContext
  debug: (message: string) => void
  env?: NodeJS.ProcessEnv
  stdout?: Writable
  stderr?: Writable
}

/** Runs the program; resolves with the exit code secretsmith should exit with. */
export async function execWithSecrets(context: ExecContext, request: ExecRequest): Promise<number> {
  const ids = [...new Set(request.specs.map((spec) => spec.secretId))]
  const read = await readManyThroughCache(
    context.reads,
    ids.map((name) => ({name})),
  )
  const secrets = new Map(ids.map((id, index) => [id, read[index]]))
  const variables = collectVariables(
    request.specs.map((spec) =>
      variablesFor(spec, secrets.get(spec.secretId)!, {prefix: request.prefix, toFiles: Boolean(request.files)}),
    ),
  )
  const patterns = request.masking ? maskingPatternsFor(request.specs, secrets, variables) : []
  let files: SecretFiles | undefined
  if (request.files) files = await writeSecretFiles(variables, {allowDisk: request.files.allowDisk, env: context.env})
  const handed = Object.fromEntries(
    variables.map((variable) => [variable.name, files ? files.paths[variable.name] : String(variable.value)]),
  )
  context.debug(
    `exec: ${variables.length} variable(s) from ${secrets.size} secret(s)${files ? ` as files in ${files.directory}` : ''}, masking ${request.masking ? 'on' : 'off'}`,
  )
  try {
    return await runChild(context, request, {...(context.env ?? process.env), ...handed}, patterns)
  } finally {
    files?.remove()
  }
}

function maskingPatternsFor(
  specs: SecretSpec[],
  secrets: Map<string, SecretVersionValue>,
  variables: SecretVariable[],
): Buffer[] {
  const values = new Set<string>()
  for (const spec of specs) values.add(secrets.get(spec.secretId)!.value.revealBytes().toString('latin1'))
  for (const variable of variables) {
    // A port or a flag in a JSON secret is not worth masking every "5432" in the output for.
    if (variable.structured && variable.value.length < STRUCTURED_MASK_MIN) continue
    values.add(Buffer.from(variable.value).toString('latin1'))
  }

  const patterns = new Map<string, Buffer>()
  for (const value of values)
    for (const pattern of maskPatterns(Buffer.from(value, 'latin1'))) patterns.set(pattern.toString('latin1'), pattern)
  return [...patterns.values()].sort((a, b) => b.length - a.length)
}

async function runChild(
  context: ExecContext,
  request: ExecRequest,
  env: NodeJS.ProcessEnv,
  patterns: Buffer[],
): Promise<number> {
  const masking = request.masking
  const child = spawn(request.command, request.args, {
    env,
    stdio: ['inherit', masking ? 'pipe' : 'inherit', masking ? 'pipe' : 'inherit'],
  })
  const forward = (signal: NodeJS.Signals) => {
    context.debug(`exec: passing ${signal} on to the program`)
    child.kill(signal)
  }

  // Claimed, not merely listened to: the process-wide handler would otherwise end secretsmith
  // (exit 130) before the program had a chance to answer the signal with its own exit code.
  const releaseSignals = claimSignals((signal) => {
    if ((FORWARDED_SIGNALS as readonly string[]).includes(signal)) forward(signal)
  })
  const piped: Array<Promise<void>> = []
  if (masking) {
    piped.push(
      pipeMasked(child.stdout!, context.stdout ?? process.stdout, patterns),
      pipeMasked(child.stderr!, context.stderr ?? process.stderr, patterns),
    )
  }

  try {
    const outcome = await new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => reject(startFailure(request.command, error)))
      child.once('exit', (code, signal) => resolve({code, signal}))
    })
    await Promise.all(piped)
    if (outcome.signal) return 128 + (constants.signals[outcome.signal] ?? 0)
    return outcome.code ?? 1
  } finally {
    releaseSignals()
  }
}

/** The child's output through the masker; the destination stays open (it is our stdout/stderr). */
async function pipeMasked(source: Readable, destination: Writable, patterns: Buffer[]): Promise<void> {
  const masker = maskingStream(patterns)
  source.pipe(masker).pipe(destination, {end: false})
  // A closed terminal or pipe on our side must not keep the child's output from draining.
  destination.on('error', () => {})
  await finished(masker).catch(() => {})
}

function startFailure(command: string, error: NodeJS.ErrnoException): UsageError {
  // The program's own name is echoed only when it looks like one (never a pasted value).
  const name = /^[\w.+-]{1,64}$/.test(basename(command)) ? basename(command) : 'the program'
  if (error.code === 'ENOENT') return new UsageError(`Could not run ${name}: not found (is it on PATH?).`)
  if (error.code === 'EACCES') return new UsageError(`Could not run ${name}: permission denied.`)
  return new UsageError(`Could not run ${name} (${error.code ?? 'error'}).`)
}
