#!/usr/bin/env node
// Start-up benchmark: runs each command and a bare `node -e 0` interleaved, round after
// round, in one process tree on the same machine, and prints medians and ratios against the
// baseline. Ratios, not absolute times, are the target (ROADMAP: within 2–3x of node -e 0),
// because the machines are shared and noisy. Uses a throwaway local store, key file mode.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bin = join(root, 'bin', 'run.js')
const rounds = Number(process.env.BENCH_ROUNDS ?? 15)
const home = mkdtempSync(join(tmpdir(), 'secretsmith-bench-'))
const env = {
  PATH: process.env.PATH,
  HOME: home,
  SECRETSMITH_HOME: join(home, 'store'),
  SECRETSMITH_KEYCHAIN: 'off',
  CI: 'true',
}

function run(args, input) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, {cwd: root, env, input: input ?? '', encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

// Prepare a secret to read.
run([bin, 'create', 'bench/secret', '--store', 'local', '--from-stdin'], 'bench-value')

const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  // The floor any oclif command pays before secretsmith's own code runs.
  ['import @oclif/core (floor)', ['--input-type=module', '-e', "await import('@oclif/core')"]],
  ['secretsmith --version', [bin, '--version']],
  ['secretsmith get --store local', [bin, 'get', 'bench/secret', '--store', 'local']],
  ['secretsmith generate --store local', [bin, 'generate', '--store', 'local']],
  ['secretsmith put --store local', [bin, 'put', 'bench/secret', '--store', 'local', '--from-stdin'], () => `v-${Math.random()}`],
  ['secretsmith create --help', [bin, 'create', '--help']],
]

const samples = cases.map(() => [])
for (const [i] of cases.entries()) run(cases[i][1], cases[i][2]?.()) // warm the file cache
for (let round = 0; round < rounds; round++) {
  for (const [i, [, args, input]] of cases.entries()) samples[i].push(run(args, input?.()))
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const baseline = median(samples[0])
console.log(`secretsmith start-up benchmark: ${rounds} interleaved rounds, Node ${process.version}, medians`)
console.log('')
console.log(`${'case'.padEnd(38)}${'median ms'.padStart(10)}${'× node -e 0'.padStart(14)}`)
for (const [i, [label]] of cases.entries()) {
  const m = median(samples[i])
  console.log(`${label.padEnd(38)}${m.toFixed(1).padStart(10)}${(m / baseline).toFixed(2).padStart(14)}`)
}

rmSync(home, {recursive: true, force: true})
