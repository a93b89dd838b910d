#!/usr/bin/env node
// Start-up and call-count benchmark (a benchmark, not a test: it exits 0 whatever the numbers).
// Runs each case and a bare `node -e 0` interleaved, round after round, on the same machine,
// and prints per case the median wall time, the ratio to `node -e 0` and the overhead (median ms
// above `node -e 0` in the same run), the peak resident memory, and for the AWS store the calls
// each command makes, counted at the loopback test server. The AWS cases run against that
// server through the real SDK with the client-side cache off; `aws secretsmanager
// get-secret-value` runs against the same server where the AWS CLI is installed. Results go to
// bench/results.json under a label ("current" unless --label says otherwise), keeping the other
// labels, so today's figures stay beside the "baseline" recorded before the work began.
//
//   node bench/run.js [--label NAME] [--results FILE] [--rounds N]   (BENCH_ROUNDS also sets rounds)
import {execFileSync, fork, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bin = join(root, 'bin', 'run.js')
const option = (name) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}

const label = option('label') ?? 'current'
const resultsFile = resolve(option('results') ?? join(root, 'bench', 'results.json'))
const rounds = Number(option('rounds') ?? process.env.BENCH_ROUNDS ?? 15)
const rssRuns = 5
const notes = []

// Calls that share Secrets Manager's 50-per-second write quota:
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
const SHARED_WRITE_QUOTA = new Set([
  'PutSecretValue',
  'RemoveRegionsFromReplication',
  'ReplicateSecretToRegions',
  'StopReplicationToReplica',
  'UpdateSecret',
  'UpdateSecretVersionStage',
])

const home = mkdtempSync(join(tmpdir(), 'secretsmith-bench-'))
writeFileSync(join(home, 'aws-config'), '')
writeFileSync(join(home, 'aws-credentials'), '')
const env = {
  PATH: process.env.PATH,
  HOME: home,
  LANG: 'C.UTF-8',
  SECRETSMITH_HOME: join(home, 'store'),
  SECRETSMITH_KEYCHAIN: 'off',
  SECRETSMITH_CACHE: 'off',
  XDG_CACHE_HOME: join(home, 'xdg-cache'),
  XDG_DATA_HOME: join(home, 'xdg-data'),
  AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH0',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key-not-real',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_CONFIG_FILE: join(home, 'aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
  CI: 'true',
}

function run(command, args, input) {
  const started = process.hrtime.bigint()
  const result = spawnSync(command, args, {cwd: root, env, input: input ?? '', encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

/** Peak resident set size in KiB, from /usr/bin/time (GNU time's %M), or undefined without it. */
function peakRss(command, args, input) {
  const out = join(home, 'time.out')
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, command, ...args], {cwd: root, env, input: input ?? '', encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr}`)
  return Number(readFileSync(out, 'utf8').trim().split('\n').pop())
}

// The AWS CLI: installed for the comparison where it is missing and apt-get can install it.
function findAwsCli() {
  const which = spawnSync('sh', ['-c', 'command -v aws'], {encoding: 'utf8'})
  let path = which.status === 0 ? which.stdout.trim() : undefined
  if (!path && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing the AWS CLI for the comparison (apt-get install -y awscli)…')
    spawnSync('apt-get', ['install', '-y', 'awscli'], {stdio: 'ignore', env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}})
    const again = spawnSync('sh', ['-c', 'command -v aws'], {encoding: 'utf8'})
    path = again.status === 0 ? again.stdout.trim() : undefined
  }

  if (!path) return undefined
  // A pyenv shim is a shell script that starts pyenv first: time the real program instead.
  if (path.includes('/.pyenv/shims/')) {
    const real = spawnSync('pyenv', ['which', 'aws'], {encoding: 'utf8'})
    if (real.status === 0) path = real.stdout.trim()
  }

  return path
}

// The test server, in a process of its own (spawnSync blocks this one's event loop).
const server = fork(join(root, 'bench', 'test-server.ts'), {execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc']})
const serverUrl = await new Promise((resolvePromise, reject) => {
  server.once('message', (message) => resolvePromise(message.url))
  server.once('exit', (code) => reject(new Error(`the test server exited ${code}`)))
})
let nextRequest = 0
function ask(op) {
  const id = ++nextRequest
  return new Promise((resolvePromise) => {
    const listener = (message) => {
      if (message.id !== id) return
      server.off('message', listener)
      resolvePromise(message)
    }

    server.on('message', listener)
    server.send({op, id})
  })
}

const aws = ['--store', 'aws', '--endpoint-url', serverUrl]
const local = ['--store', 'local']

// Secrets to read.
run(process.execPath, [bin, 'create', 'bench/secret', ...local, '--from-stdin'], 'bench-value')
run(process.execPath, [bin, 'create', 'bench/secret', ...aws, '--from-stdin'], 'bench-value')

const node = (args, input) => ({command: process.execPath, args, input})
const cli = (args, input) => node([bin, ...args], input)
const cases = [
  {label: 'node -e 0 (baseline)', ...node(['-e', '0']), rss: true},
  // The floor any unbundled oclif command pays before secretsmith's own code runs.
  {label: 'import @oclif/core (floor)', ...node(['--input-type=module', '-e', "await import('@oclif/core')"])},
  {label: 'secretsmith --version', ...cli(['--version']), target: 0.4},
  {label: 'secretsmith --help', ...cli(['--help']), target: 0.4},
  {label: 'secretsmith create --help', ...cli(['create', '--help'])},
  {label: 'secretsmith get --store local', ...cli(['get', 'bench/secret', ...local]), target: 0.4, rss: true},
  {label: 'secretsmith get --store aws', ...cli(['get', 'bench/secret', ...aws]), target: 0.45, rss: true},
  {label: 'secretsmith generate --store local', ...cli(['generate', ...local])},
  {label: 'secretsmith put --store local', ...cli(['put', 'bench/secret', ...local, '--from-stdin']), input: () => `v-${Math.random()}`},
]

const awsCli = findAwsCli()
if (awsCli) {
  cases.push({
    label: 'aws secretsmanager get-secret-value',
    command: awsCli,
    args: ['secretsmanager', 'get-secret-value', '--secret-id', 'bench/secret', '--endpoint-url', serverUrl, '--output', 'json'],
    rss: true,
  })
} else {
  notes.push('The AWS CLI is not installed (and could not be installed with apt-get): the comparison with aws secretsmanager get-secret-value was skipped.')
}

const inputOf = (entry) => (typeof entry.input === 'function' ? entry.input() : entry.input)
for (const entry of cases) run(entry.command, entry.args, inputOf(entry)) // warm the file cache
const samples = cases.map(() => [])
for (let round = 0; round < rounds; round++) {
  for (const [i, entry] of cases.entries()) samples[i].push(run(entry.command, entry.args, inputOf(entry)))
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
}

const timeAvailable = existsSync('/usr/bin/time')
if (!timeAvailable) notes.push('/usr/bin/time is missing: peak resident memory was not measured.')
const rss = cases.map((entry) => {
  if (!timeAvailable || !entry.rss) return undefined
  return median(Array.from({length: rssRuns}, () => peakRss(entry.command, entry.args, inputOf(entry))))
})

// Calls per command at the test server, one run each.
let created = 0
const callCases = [
  {label: 'get', args: () => ['get', 'bench/secret', ...aws]},
  {label: 'describe', args: () => ['describe', 'bench/secret', ...aws]},
  {label: 'create', args: () => ['create', `bench/new-${++created}`, ...aws, '--from-stdin'], input: () => `created-${created}`},
  {label: 'put', args: () => ['put', 'bench/secret', ...aws, '--from-stdin'], input: () => `v-${Math.random()}`},
  {label: 'list', args: () => ['list', ...aws]},
  {label: 'delete (recovery window)', args: () => ['delete', `bench/new-1`, ...aws, '--yes']},
  {label: 'delete --force', args: () => ['delete', `bench/new-2`, ...aws, '--force', '--yes']},
]
run(process.execPath, [bin, 'create', 'bench/new-2', ...aws, '--from-stdin'], 'to-delete')
const callCounts = {}
for (const entry of callCases) {
  await ask('reset-calls')
  // create is run first to make bench/new-1; delete (recovery window) then removes it.
  run(process.execPath, [bin, ...entry.args()], entry.input?.())
  const {calls} = await ask('calls')
  callCounts[entry.label] = {
    calls: calls.length,
    sharedWriteQuota: calls.filter((call) => SHARED_WRITE_QUOTA.has(call.operation)).length,
    operations: calls.map((call) => call.operation),
  }
}

server.send({op: 'close', id: 0})
rmSync(home, {recursive: true, force: true})

// Report.
let previous = {}
try {
  previous = JSON.parse(readFileSync(resultsFile, 'utf8'))
} catch {
  // First run: nothing to keep.
}

const baseMedian = median(samples[0])
const result = {
  recordedAt: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  rounds,
  nodeBaselineMs: round1(baseMedian),
  cases: Object.fromEntries(
    cases.map((entry, i) => {
      const m = median(samples[i])
      return [
        entry.label,
        {
          medianMs: round1(m),
          ratio: round2(m / baseMedian),
          overheadMs: round1(m - baseMedian),
          ...(rss[i] === undefined ? {} : {peakRssMiB: round1(rss[i] / 1024)}),
        },
      ]
    }),
  ),
  calls: callCounts,
  notes,
}

function round1(value) {
  return Math.round(value * 10) / 10
}

function round2(value) {
  return Math.round(value * 100) / 100
}

const reference = label === 'baseline' ? undefined : previous.baseline
console.log(`secretsmith benchmark "${label}": ${rounds} interleaved rounds, Node ${process.version}, medians`)
console.log('')
const header = `${'case'.padEnd(38)}${'median ms'.padStart(10)}${'× node -e 0'.padStart(13)}${'overhead ms'.padStart(13)}${'peak RSS MiB'.padStart(14)}`
console.log(reference ? `${header}${'overhead vs baseline'.padStart(22)}` : header)
for (const entry of cases) {
  const figures = result.cases[entry.label]
  let line = `${entry.label.padEnd(38)}${figures.medianMs.toFixed(1).padStart(10)}${figures.ratio.toFixed(2).padStart(13)}${figures.overheadMs.toFixed(1).padStart(13)}${(figures.peakRssMiB?.toFixed(1) ?? '').padStart(14)}`
  const before = reference?.cases?.[entry.label]
  if (before && before.overheadMs > 0 && entry.label !== cases[0].label) {
    const share = figures.overheadMs / before.overheadMs
    line += `${`${Math.round(share * 100)} %`.padStart(12)}${entry.target ? ` (target ≤ ${entry.target * 100} %)` : ''}`
  }

  console.log(line)
}

const awsGet = result.cases['secretsmith get --store aws']
const awsCliGet = result.cases['aws secretsmanager get-secret-value']
if (awsGet && awsCliGet) {
  result.speedupOverAwsCli = round2(awsCliGet.medianMs / awsGet.medianMs)
  console.log(`\nget --store aws is ${result.speedupOverAwsCli}× faster than aws secretsmanager get-secret-value against the same server (target ≥ 3×).`)
}

const nodeRss = result.cases[cases[0].label].peakRssMiB
for (const name of ['secretsmith get --store local', 'secretsmith get --store aws']) {
  const peak = result.cases[name]?.peakRssMiB
  if (peak !== undefined && nodeRss !== undefined) console.log(`${name}: peak RSS ${round1(peak - nodeRss)} MiB above node -e 0 (target ≤ 30 MiB).`)
}

console.log('\nAPI calls per command (AWS store, counted at the test server):')
for (const [name, counts] of Object.entries(callCounts)) {
  console.log(`  ${name.padEnd(26)}${String(counts.calls).padStart(3)} calls, ${counts.sharedWriteQuota} against the shared write quota: ${counts.operations.join(', ')}`)
}

for (const note of notes) console.log(`\nNote: ${note}`)
writeFileSync(resultsFile, `${JSON.stringify({...previous, [label]: result}, null, 2)}\n`)
console.log(`\nWrote ${resultsFile} ("${label}").`)
process.exit(0)
