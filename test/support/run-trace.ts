// Runs the real binary under run-trace.cjs and reports what the run started that it may not
// need: requests through libuv's thread pool, and which standard streams it created.
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliOptions, type CliResult, makeTempDir, runCli} from './run-cli.js'

const PRELOAD = join(import.meta.dirname, 'run-trace.cjs')
const TRACE_ENV = 'SECRETSMITH_TEST_RUN_TRACE'

export interface TracedStart {
  result: CliResult
  /** File-system and DNS requests through the thread pool, counted by kind ("FSREQPROMISE": 6). */
  threadPool: Record<string, number>
  /** Which of process.stdout and process.stderr the run created, in the order it did. */
  streams: string[]
}

export async function runCliTracingStart(args: string[], options: CliOptions = {}): Promise<TracedStart> {
  const directory = await makeTempDir('secretsmith-run-trace-')
  const traceFile = join(directory.path, 'run-trace.json')
  try {
    const result = await runCli(args, {
      ...options,
      nodeArgs: [...(options.nodeArgs ?? []), '--require', PRELOAD],
      env: {...options.env, [TRACE_ENV]: traceFile},
    })
    const trace = JSON.parse(await readFile(traceFile, 'utf8')) as Omit<TracedStart, 'result'>
    return {result, ...trace}
  } finally {
    await directory.remove()
  }
}
