#!/usr/bin/env node
// Start-up and call-count benchmark (a benchmark, not a test: it exits 0 whatever the numbers).
// Runs each case and a bare `node -e 0` interleaved, round after round, on the same machine,
// and prints per case the median wall time, the ratio to `node -e 0` and the overhead (median ms
// above `node -e 0` in the same run), the peak resident memory, and for the AWS store the calls
// each command makes, counted at the loopback test server. The AWS cases run against that
// server through the real SDK with the client-side cache off; `aws secretsmanager
// get-secret-value` runs against the same server where the AWS CLI is installed. Results go to
// bench/results.json under a label ("current" unless --label says otherwise), keeping the other
// labels, so today's figures stay beside the "baseline" recorded before the work began. With
// --baseline-dir (a built checkout of the baseline, e.g. a worktree at the tag baseline-main),
// that build's secretsmith cases run interleaved with this one's and are recorded as "baseline"
// in the same run, so both sides see the same machine load.
//
//   node bench/run.js [--label NAME] [--results FILE] [--rounds N] [--baseline-dir DIR]
//   (BENCH_ROUNDS also sets rounds)
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
const baselineDir = option('baseline-dir') ? resolve(option('baseline-dir')) : undefined
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

// GNU time reports each run's CPU time (user + system, less sensitive than wall time to a busy
// machine) and peak resident memory; every case runs under it alike.
const timeAvailable = existsSync('/usr/bin/time')
if (!timeAvailable) notes.push('/usr/bin/time is missing: CPU time and peak resident memory were not measured.')
const timeOut = join(home, 'time.out')

/** One run: wall ms, and where GNU time is present CPU ms and peak RSS KiB. */
function run(command, args, input) {
  const [program, programArgs] = timeAvailable
    ? ['/usr/bin/time', ['-f', '%U %S %M', '-o', timeOut, command, ...args]]
    : [command, args]
  const started = process.hrtime.bigint()
  const result = spawnSync(program, programArgs, {cwd: root, env, input: input ?? '', encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr}`)
  if (!timeAvailable) return {ms}
  const [user, system, rss] = readFileSync(timeOut, 'utf8').trim().split('\n').pop().split(' ').map(Number)
  return {ms, cpuMs: (user + system) * 1000, rssKiB: rss}
}

// The AWS CLI: installed for the comparison where it is missing and apt-get can install it.
function findAwsCli() {
  const which = spawnSync('sh', ['-c', 'command -v aws'], {encoding: 'utf8'})
  let path = which.status === 0 ? which.stdout.trim() : undefined
  if (!path && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing the AWS CLI for the comparison (apt-get install -y awscli)…')
    spawnSync('apt-get', ['install', '-y', 'awscli'], {
      stdio: 'ignore',
      env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
    })
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
const server = fork(join(root, 'bench', 'test-server.ts'), {
  execArgv: ['--import', 'tsx'],
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
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

const node = (args, input) => ({command: process.execPath, args, input})
const builds = [{label, bin}, ...(baselineDir ? [{label: 'baseline', bin: join(baselineDir, 'bin', 'run.js')}] : [])]

// Secrets to read (both builds read the same ones).
run(process.execPath, [bin, 'create', 'bench/secret', ...local, '--from-stdin'], 'bench-value')
run(process.execPath, [bin, 'create', 'bench/secret', ...aws, '--from-stdin'], 'bench-value')

const secretsmithCases = (cliBin) => {
  const cli = (args, input) => node([cliBin, ...args], input)
  return [
    {label: 'secretsmith --version', ...cli(['--version']), target: 0.4},
    {label: 'secretsmith --help', ...cli(['--help']), target: 0.4},
    {label: 'secretsmith create --help', ...cli(['create', '--help'])},
    {label: 'secretsmith get --store local', ...cli(['get', 'bench/secret', ...local]), target: 0.4},
    {label: 'secretsmith get --store aws', ...cli(['get', 'bench/secret', ...aws]), target: 0.45},
    {label: 'secretsmith generate --store local', ...cli(['generate', ...local])},
    {
      label: 'secretsmith put --store local',
      ...cli(['put', 'bench/secret', ...local, '--from-stdin']),
      input: () => `v-${Math.random()}`,
    },
  ]
}

const commonCases = [
  {label: 'node -e 0 (baseline)', ...node(['-e', '0'])},
  // The floor any unbundled oclif command pays before secretsmith's own code runs.
  {label: 'import @oclif/core (floor)', ...node(['--input-type=module', '-e', "await import('@oclif/core')"])},
]
const cases = [
  ...commonCases.map((entry) => ({...entry, builds: builds.map((build) => build.label)})),
  ...builds.flatMap((build) => secretsmithCases(build.bin).map((entry) => ({...entry, builds: [build.label]}))),
]

const awsCli = findAwsCli()
if (awsCli) {
  cases.push({
    builds: builds.map((build) => build.label),
    label: 'aws secretsmanager get-secret-value',
    command: awsCli,
    args: [
      'secretsmanager',
      'get-secret-value',
      '--secret-id',
      'bench/secret',
      '--endpoint-url',
      serverUrl,
      '--output',
      'json',
    ],
  })
} else {
  notes.push(
    'The AWS CLI is not installed (and could not be installed with apt-get): the comparison with aws secretsmanager get-secret-value was skipped.',
  )
}

const inputOf = (entry) => (typeof entry.input === 'function' ? entry.input() : entry.input)
for (const entry of cases) run(entry.command, entry.args, inputOf(entry)) // warm the file cache
const samples = cases.map(() => [])
for (let round = 0; round < rounds; round++) {
  for (const [i, entry] of cases.entries()) samples[i].push(run(entry.command, entry.args, inputOf(entry)))
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
}

// Calls per command at the test server, one run each, per build.
async function countCalls(cliBin, prefix) {
  const name = (n) => `bench/${prefix}-${n}`
  const callCases = [
    {label: 'get', args: ['get', 'bench/secret', ...aws]},
    {label: 'describe', args: ['describe', 'bench/secret', ...aws]},
    {label: 'create', args: ['create', name(1), ...aws, '--from-stdin'], input: 'created'},
    {label: 'put', args: ['put', 'bench/secret', ...aws, '--from-stdin'], input: `v-${Math.random()}`},
    {label: 'list', args: ['list', ...aws]},
    {label: 'delete (recovery window)', args: ['delete', name(1), ...aws, '--yes']},
    {label: 'delete --force', args: ['delete', name(2), ...aws, '--force', '--yes']},
  ]
  run(process.execPath, [cliBin, 'create', name(2), ...aws, '--from-stdin'], 'to-delete')
  const counts = {}
  for (const entry of callCases) {
    await ask('reset-calls')
    run(process.execPath, [cliBin, ...entry.args], entry.input)
    const {calls} = await ask('calls')
    counts[entry.label] = {
      calls: calls.length,
      sharedWriteQuota: calls.filter((call) => SHARED_WRITE_QUOTA.has(call.operation)).length,
      operations: calls.map((call) => call.operation),
    }
  }

  return counts
}

const callCounts = {}
for (const build of builds) callCounts[build.label] = await countCalls(build.bin, build.label)

// --- Cached `get` against the AWS test server ------------------------------------------------
// The client-side cache's target: a `get` served from the cache costs within 10 % of
// `get --store local` (both read one sealed file under a key from a key file; a hit loads no
// AWS SDK and makes no call). The loopback Secrets Manager runs in a child process (it is
// TypeScript, loaded through tsx); every timed read must be a cache hit, which is checked.
{
  const {spawn} = await import('node:child_process')
  const cacheHome = mkdtempSync(join(tmpdir(), 'secretsmith-bench-cache-'))
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `
      const {startFakeSecretsManager} = await import(${JSON.stringify(join(root, 'test', 'support', 'fake-secrets-manager.ts'))})
      const server = await startFakeSecretsManager({region: 'eu-west-1'})
      console.log(server.url)
      process.stdin.resume()
      process.stdin.on('end', async () => { console.log('calls ' + JSON.stringify(server.calls.map((call) => call.operation))); await server.close() })`,
    ],
    {cwd: root, stdio: ['pipe', 'pipe', 'inherit']},
  )
  let serverOutput = ''
  server.stdout.on('data', (chunk) => (serverOutput += chunk))
  while (!/\n/.test(serverOutput)) await new Promise((resolve) => setTimeout(resolve, 20))
  const url = serverOutput.trim()
  const {SECRETSMITH_CACHE: _off, ...cacheOn} = env // this part measures the cache, so it is on
  const awsEnv = {
    ...cacheOn,
    HOME: cacheHome,
    SECRETSMITH_HOME: join(cacheHome, 'store'),
    AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(cacheHome, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(cacheHome, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  }
  const runIn = (environment, args, input) => {
    const started = process.hrtime.bigint()
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      env: environment,
      input: input ?? '',
      encoding: 'utf8',
    })
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
    return Number(process.hrtime.bigint() - started) / 1e6
  }

  const localEnv = {...cacheOn, HOME: cacheHome, SECRETSMITH_HOME: join(cacheHome, 'local')}
  const aws = ['--store', 'aws', '--endpoint-url', url]
  runIn(localEnv, [bin, 'create', 'bench/cached', '--store', 'local', '--from-stdin'], 'bench-value')
  runIn(awsEnv, [bin, 'create', 'bench/cached', ...aws, '--from-stdin'], 'bench-value')
  runIn(awsEnv, [bin, 'get', 'bench/cached', ...aws]) // the one miss: fills the cache
  const pair = [
    ['secretsmith get --store local', localEnv, [bin, 'get', 'bench/cached', '--store', 'local']],
    ['secretsmith get --store aws (cached)', awsEnv, [bin, 'get', 'bench/cached', ...aws]],
  ]
  for (const [, environment, args] of pair) runIn(environment, args) // warm the file cache
  const timings = pair.map(() => [])
  for (let round = 0; round < rounds; round++)
    for (const [i, [, environment, args]] of pair.entries()) timings[i].push(runIn(environment, args))

  server.stdin.end()
  await new Promise((resolve) => server.on('close', resolve))
  const calls = JSON.parse(
    serverOutput
      .split('\n')
      .find((line) => line.startsWith('calls '))
      ?.slice(6) ?? '[]',
  )
  const gets = calls.filter((operation) => operation === 'GetSecretValue').length
  const [local, cached] = timings.map(median)
  console.log('')
  console.log(`client-side cache: ${rounds} interleaved rounds, medians (target: cached within 10 % of local)`)
  for (const [i, [label]] of pair.entries())
    console.log(`${label.padEnd(38)}${median(timings[i]).toFixed(1).padStart(10)}`)
  console.log(`${'cached / local'.padEnd(38)}${(cached / local).toFixed(2).padStart(10)}`)
  console.log(`GetSecretValue calls at the test server: ${gets} (1 expected: the warm-up miss; every timed read a hit)`)
  rmSync(cacheHome, {recursive: true, force: true})
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

function round1(value) {
  return Math.round(value * 10) / 10
}

function round2(value) {
  return Math.round(value * 100) / 100
}

const nodeIndex = 0
const nodeWall = median(samples[nodeIndex].map((sample) => sample.ms))
const nodeCpu = timeAvailable ? median(samples[nodeIndex].map((sample) => sample.cpuMs)) : undefined
function figuresOf(i) {
  const wall = median(samples[i].map((sample) => sample.ms))
  const figures = {medianMs: round1(wall), ratio: round2(wall / nodeWall), overheadMs: round1(wall - nodeWall)}
  if (!timeAvailable) return figures
  const cpu = median(samples[i].map((sample) => sample.cpuMs))
  return {
    ...figures,
    cpuMs: round1(cpu),
    cpuRatio: round2(cpu / nodeCpu),
    cpuOverheadMs: round1(cpu - nodeCpu),
    peakRssMiB: round1(median(samples[i].map((sample) => sample.rssKiB)) / 1024),
  }
}

const results = {}
for (const build of builds) {
  const result = {
    recordedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    rounds,
    ...(baselineDir ? {pairedWith: build.label === 'baseline' ? label : 'baseline'} : {}),
    nodeBaselineMs: round1(nodeWall),
    cases: Object.fromEntries(
      cases.flatMap((entry, i) => (entry.builds.includes(build.label) ? [[entry.label, figuresOf(i)]] : [])),
    ),
    calls: callCounts[build.label],
    notes,
  }
  const awsGet = result.cases['secretsmith get --store aws']
  const awsCliGet = result.cases['aws secretsmanager get-secret-value']
  if (awsGet && awsCliGet) result.speedupOverAwsCli = round2(awsCliGet.medianMs / awsGet.medianMs)
  results[build.label] = result
}

const result = results[label]
const reference = label === 'baseline' ? undefined : (results.baseline ?? previous.baseline)
const share = (now, before) => (before > 0 ? `${Math.round((now / before) * 100)} %` : '')
console.log(`secretsmith benchmark "${label}": ${rounds} interleaved rounds, Node ${process.version}, medians`)
if (reference)
  console.log(
    `"vs baseline": overhead as a share of the baseline's (${results.baseline ? 'measured in this same run' : `recorded ${reference.recordedAt}`})`,
  )
console.log('')
console.log(
  `${'case'.padEnd(38)}${'wall ms'.padStart(9)}${'× node'.padStart(8)}${'overhead'.padStart(10)}${'vs base'.padStart(9)}` +
    `${'CPU ms'.padStart(9)}${'× node'.padStart(8)}${'overhead'.padStart(10)}${'vs base'.padStart(9)}${'RSS MiB'.padStart(9)}  target`,
)
for (const entry of cases.filter((entry) => entry.builds.includes(label))) {
  const f = result.cases[entry.label]
  const before = reference?.cases?.[entry.label]
  const isNode = entry.label === cases[nodeIndex].label
  const cells = [
    entry.label.padEnd(38),
    f.medianMs.toFixed(1).padStart(9),
    f.ratio.toFixed(2).padStart(8),
    f.overheadMs.toFixed(1).padStart(10),
    (before && !isNode ? share(f.overheadMs, before.overheadMs) : '').padStart(9),
    (f.cpuMs?.toFixed(1) ?? '').padStart(9),
    (f.cpuRatio?.toFixed(2) ?? '').padStart(8),
    (f.cpuOverheadMs?.toFixed(1) ?? '').padStart(10),
    (before?.cpuOverheadMs !== undefined && !isNode ? share(f.cpuOverheadMs, before.cpuOverheadMs) : '').padStart(9),
    (f.peakRssMiB?.toFixed(1) ?? '').padStart(9),
    entry.target ? `  overhead ≤ ${entry.target * 100} % of baseline` : '',
  ]
  console.log(cells.join(''))
}

if (result.speedupOverAwsCli !== undefined) {
  console.log(
    `\nget --store aws is ${result.speedupOverAwsCli}× faster than aws secretsmanager get-secret-value against the same server (target ≥ 3×).`,
  )
}

const nodeRss = result.cases[cases[nodeIndex].label].peakRssMiB
for (const name of ['secretsmith get --store local', 'secretsmith get --store aws']) {
  const peak = result.cases[name]?.peakRssMiB
  if (peak !== undefined && nodeRss !== undefined)
    console.log(`${name}: peak RSS ${round1(peak - nodeRss)} MiB above node -e 0 (target ≤ 30 MiB).`)
}

console.log('\nAPI calls per command (AWS store, counted at the test server):')
for (const [name, counts] of Object.entries(result.calls)) {
  const before = reference?.calls?.[name]
  const was = before ? ` (baseline ${before.calls}, ${before.sharedWriteQuota} writes)` : ''
  console.log(
    `  ${name.padEnd(26)}${String(counts.calls).padStart(3)} calls, ${counts.sharedWriteQuota} against the shared write quota${was}: ${counts.operations.join(', ')}`,
  )
}

// The audit case (bench/audit.js): 1,000 secrets through the loopback test server, wall time
// and API calls per secret counted at the server. BENCH_SKIP_AUDIT=1 leaves it out.
if (process.env.BENCH_SKIP_AUDIT !== '1') {
  const {benchAudit} = await import('./audit.js')
  results.audit = await benchAudit()
}

for (const note of notes) console.log(`\nNote: ${note}`)
writeFileSync(resultsFile, `${JSON.stringify({...previous, ...results}, null, 2)}\n`)
console.log(
  `\nWrote ${resultsFile} (${Object.keys(results)
    .map((name) => `"${name}"`)
    .join(', ')}).`,
)
process.exit(0)
