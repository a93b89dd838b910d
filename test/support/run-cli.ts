// Spawns the real binary (bin/run.js, loading the built dist/) the way a user or a pipeline
// would: argv, stdin, environment; returns the exit code and both streams.
import {spawn} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..')
export const BIN = join(REPO_ROOT, 'bin', 'run.js')

/** A value that must never show up anywhere but the stdout of a command asked to print it. */
export const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  stdoutBytes: Buffer
}

export interface CliOptions {
  /** Bytes for stdin; when undefined an empty pipe (never a TTY, like CI). */
  stdin?: string | Buffer
  env?: Record<string, string | undefined>
  cwd?: string
  timeoutMs?: number
  /** Node options placed before bin/run.js, e.g. ['--import', preloadUrl]. */
  nodeArgs?: string[]
  /** Run as this numeric user and group (through setpriv; the test must run as root). */
  asUser?: {uid: number; gid: number}
}

/** An environment with nothing of the developer's machine leaking in (no AWS config, no keychain). */
export function isolatedEnv(
  home: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    SECRETSMITH_HOME: join(home, 'store'),
    SECRETSMITH_KEYCHAIN: 'off',
    XDG_DATA_HOME: join(home, 'xdg-data'),
    XDG_CACHE_HOME: join(home, 'xdg-cache'),
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CI: 'true',
    ...extra,
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  return env
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const node = [process.execPath, ...(options.nodeArgs ?? []), BIN, ...args]
    const user = options.asUser
    const [command, ...commandArgs] = user
      ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', ...node]
      : node
    const child = spawn(command, commandArgs, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(`secretsmith ${args[0]} did not exit within ${options.timeoutMs ?? 15_000} ms (hung on a prompt?)`),
      )
    }, options.timeoutMs ?? 15_000)
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const stdoutBytes = Buffer.concat(stdout)
      resolvePromise({
        code,
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        stdoutBytes,
      })
    })
    child.stdin.on('error', () => {}) // the command may exit before reading stdin
    child.stdin.end(options.stdin ?? '')
  })
}

export async function makeTempDir(prefix = 'secretsmith-test-'): Promise<{path: string; remove: () => Promise<void>}> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return {path, remove: () => rm(path, {recursive: true, force: true})}
}
