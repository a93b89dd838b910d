// The local store as an attacker on the same machine sees it: a store directory, key or record
// another user owns or can write to is refused (exit 2, one line naming the path and the
// fix), as ssh refuses such a ~/.ssh; a store that cannot be written says which path and why
// (exit 2); a planted symbolic link at the lock is refused at once; a lock held by a live
// process is waited for out loud, then given up with exit 6 after SECRETSMITH_LOCK_TIMEOUT.
// The cross-user cases run as two numeric users with no passwd entry (setpriv), which needs root.
import assert from 'node:assert/strict'
import {spawn, spawnSync} from 'node:child_process'
import {chmod, chown, cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {CANARY, type CliOptions, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

const ATTACKER = {uid: 54_321, gid: 54_321}
const VICTIM = {uid: 54_322, gid: 54_322}

function canSwitchUsers(): boolean {
  return process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0
}

async function createSecret(name: string, value: string, options: CliOptions) {
  const result = await runCli(['create', name, '--store', 'local', '--from-stdin'], {...options, stdin: value})
  assert.equal(result.code, 0, result.stderr)
}

async function recordFiles(store: string): Promise<{directory: string; record: string; values: string[]}> {
  const [fileId] = await readdir(join(store, 'secrets'))
  const directory = join(store, 'secrets', fileId)
  const values = (await readdir(directory)).filter((entry) => entry.startsWith('v-'))
  return {directory, record: join(directory, 'secret.rec'), values: values.map((entry) => join(directory, entry))}
}

function assertOneLine(stderr: string, ...parts: string[]) {
  const lines = stderr.trimEnd().split('\n')
  const error = lines.filter((line) => line.startsWith('Error: '))
  assert.equal(error.length, 1, stderr)
  for (const part of parts) assert.ok(error[0].includes(part), `${JSON.stringify(part)} not in ${stderr}`)
  assert.ok(!stderr.includes(CANARY), 'the value leaked to stderr')
}

describe('local store: whose files it trusts', function () {
  this.timeout(120_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>
  let store: string

  beforeEach(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
    store = env.SECRETSMITH_HOME!
    await createSecret('app/db', CANARY, {env})
  })
  afterEach(async () => home.remove())

  it('refuses a store directory others can write to (0777) with exit 2, naming it and the chmod that fixes it', async () => {
    await chmod(store, 0o777)
    const result = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(result.code, 2, result.stderr)
    assert.equal(result.stdout, '')
    assertOneLine(result.stderr, store, 'chmod 700')
  })

  it('refuses a key file the group can write to, naming it and the chmod that fixes it', async () => {
    await chmod(join(store, 'store.key'), 0o620)
    const result = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(result.code, 2, result.stderr)
    assertOneLine(result.stderr, join(store, 'store.key'), 'chmod 600')
  })

  it('refuses a record that belongs to another user, naming the file, and writes nothing', async () => {
    const {record} = await recordFiles(store)
    await chown(record, ATTACKER.uid, ATTACKER.gid)
    const get = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(get.code, 2, get.stderr)
    assertOneLine(get.stderr, record, 'another user', 'uid 54321')
    const put = await runCli(['put', 'app/db', '--store', 'local', '--from-stdin'], {env, stdin: 'new'})
    assert.equal(put.code, 2, put.stderr)
  })

  it('refuses a value record replaced by a symbolic link', async () => {
    const {values} = await recordFiles(store)
    await rm(values[0])
    await writeFile(join(home.path, 'elsewhere'), 'x')
    await symlink(join(home.path, 'elsewhere'), values[0])
    const result = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(result.code, 2, result.stderr)
    assertOneLine(result.stderr, values[0], 'symbolic link')
  })

  it('refuses a store inside a directory others can write to (no sticky bit): they could replace it', async () => {
    const shared = join(home.path, 'shared')
    await mkdir(shared)
    await chmod(shared, 0o777)
    const inside = {...env, SECRETSMITH_HOME: join(shared, 'store')}
    const result = await runCli(['create', 'app/x', '--store', 'local', '--from-stdin'], {env: inside, stdin: CANARY})
    assert.equal(result.code, 2, result.stderr)
    assertOneLine(result.stderr, shared, 'can be written by other users')
    assert.deepEqual(await readdir(shared), [], 'nothing was created there')
  })
})

describe('local store: two users on one machine', function () {
  this.timeout(120_000)
  let base: string

  before(async function () {
    // Switching users needs root (CI runs as root); elsewhere these cases cannot be staged.
    if (!canSwitchUsers()) this.skip()
    base = await mkdtemp('/tmp/secretsmith-users-')
    await chmod(base, 0o755)
    for (const user of [ATTACKER, VICTIM]) {
      const directory = join(base, String(user.uid))
      await mkdir(directory, {mode: 0o700})
      await chown(directory, user.uid, user.gid)
    }
  })
  after(async () => {
    if (base) await rm(base, {recursive: true, force: true})
  })

  // SHELL is set (as a login shell sets it) except where its absence is what is tested.
  const envOf = (user: {uid: number}, storeHome?: string, options: {shell: boolean} = {shell: true}) => {
    const userHome = join(base, String(user.uid))
    return isolatedEnv(userHome, {
      SHELL: options.shell ? '/bin/sh' : undefined,
      ...(storeHome ? {SECRETSMITH_HOME: storeHome} : {}),
    })
  }

  it("refuses a store another user planted (key and records readable), instead of returning that user's value", async () => {
    // The attacker prepares a store in a directory of theirs, opened up so the victim can read it.
    const planted = join(base, String(ATTACKER.uid), 'store')
    const attacker = {env: envOf(ATTACKER, planted), asUser: ATTACKER}
    await createSecret('app/db', 'ATTACKER-CHOSEN-VALUE', attacker)
    await chmod(join(base, String(ATTACKER.uid)), 0o755)
    spawnSync('chmod', ['-R', 'go+rX', planted])
    const result = await runCli(['get', 'app/db', '--store', 'local'], {env: envOf(VICTIM, planted), asUser: VICTIM})
    assert.equal(result.code, 2, result.stderr)
    assert.equal(result.stdout, '', "the attacker's value was returned")
    assertOneLine(result.stderr, planted, 'belongs to another user', `uid ${ATTACKER.uid}`, 'SECRETSMITH_HOME')
  })

  it('runs as a uid with no passwd entry and no SHELL', async () => {
    const options = {env: envOf(VICTIM, undefined, {shell: false}), asUser: VICTIM}
    await createSecret('app/mine', CANARY, options)
    const result = await runCli(['get', 'app/mine', '--store', 'local'], options)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trimEnd(), CANARY)
  })

  it('names a store directory it may not create (permission denied) with exit 2, not as an unexpected error', async () => {
    const forbidden = join(base, 'root-only', 'store')
    await mkdir(join(base, 'root-only'), {mode: 0o755})
    const result = await runCli(['create', 'app/x', '--store', 'local', '--from-stdin'], {
      env: envOf(VICTIM, forbidden),
      asUser: VICTIM,
      stdin: CANARY,
    })
    assert.equal(result.code, 2, result.stderr)
    assertOneLine(result.stderr, forbidden, 'permission denied', 'SECRETSMITH_HOME')
  })
})

describe('local store: where it cannot write', function () {
  this.timeout(60_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>

  beforeEach(async () => {
    home = await makeTempDir()
  })
  afterEach(async () => home.remove())

  it('names a SECRETSMITH_HOME below a file as "not a directory", exit 2', async () => {
    await writeFile(join(home.path, 'a-file'), 'x')
    const target = join(home.path, 'a-file', 'store')
    const env = isolatedEnv(home.path, {SECRETSMITH_HOME: target})
    for (const args of [
      ['create', 'app/x', '--store', 'local', '--from-stdin'],
      ['get', 'app/x', '--store', 'local'],
    ]) {
      const result = await runCli(args, {env, stdin: CANARY})
      assert.equal(result.code, 2, result.stderr)
      assertOneLine(result.stderr, join(home.path, 'a-file'), 'not a directory')
    }
  })

  it('names a store on a read-only file system, exit 2', async function () {
    const readOnly = join(home.path, 'ro')
    await mkdir(readOnly)
    // A read-only bind mount needs root and mount rights; without them this case cannot be staged.
    if (process.getuid?.() !== 0 || spawnSync('mount', ['-o', 'bind,ro', readOnly, readOnly]).status !== 0) this.skip()
    try {
      const env = isolatedEnv(home.path, {SECRETSMITH_HOME: join(readOnly, 'store')})
      const result = await runCli(['create', 'app/x', '--store', 'local', '--from-stdin'], {env, stdin: CANARY})
      assert.equal(result.code, 2, result.stderr)
      assertOneLine(result.stderr, join(readOnly, 'store'), 'read-only file system')
    } finally {
      spawnSync('umount', [readOnly])
    }
  })
})

describe('local store: the write lock', function () {
  this.timeout(60_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>
  let store: string

  beforeEach(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
    store = env.SECRETSMITH_HOME!
    await createSecret('app/db', 'first', {env})
  })
  afterEach(async () => home.remove())

  for (const [what, plant] of [
    ['a dangling symbolic link', (lock: string) => symlink(join(home.path, 'nowhere'), lock)],
    ['a symbolic link to a directory', (lock: string) => symlink(home.path, lock)],
  ] as const) {
    it(`refuses ${what} planted at the lock path at once, exit 2, naming it; nothing written`, async () => {
      const lock = join(store, 'write.lock')
      await plant(lock)
      const result = await runCli(['put', 'app/db', '--store', 'local', '--from-stdin'], {env, stdin: CANARY})
      assert.equal(result.code, 2, result.stderr)
      assertOneLine(result.stderr, lock, 'symbolic link')
      const get = await runCli(['get', 'app/db', '--store', 'local'], {env})
      assert.equal(get.stdout.trimEnd(), 'first')
    })
  }

  it('says on stderr whom it waits for (the pid), then gives up with exit 6 after SECRETSMITH_LOCK_TIMEOUT', async () => {
    const holder = spawn('sleep', ['60'], {stdio: 'ignore'})
    try {
      // A live process holds the lock, as a running secretsmith leaves it.
      await mkdir(join(store, 'write.lock'))
      await writeFile(join(store, 'write.lock.owner'), `${holder.pid}\n`, {mode: 0o600})
      const result = await runCli(['put', 'app/db', '--store', 'local', '--from-stdin'], {
        env: {...env, SECRETSMITH_LOCK_TIMEOUT: '2'},
        stdin: CANARY,
      })
      assert.equal(result.code, 6, result.stderr)
      assert.match(result.stderr, new RegExp(`Waiting for another secretsmith \\(pid ${holder.pid}\\)`))
      assert.match(result.stderr, /giving up after 2 s \(SECRETSMITH_LOCK_TIMEOUT\)/)
      assertOneLine(result.stderr, 'busy', `pid ${holder.pid}`, 'nothing was written')
    } finally {
      holder.kill()
    }

    await rm(join(store, 'write.lock'), {recursive: true})
    const get = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(get.stdout.trimEnd(), 'first', 'nothing was written')
  })

  it('refuses a SECRETSMITH_LOCK_TIMEOUT that is not a number of seconds, exit 2', async () => {
    const result = await runCli(['put', 'app/db', '--store', 'local', '--from-stdin'], {
      env: {...env, SECRETSMITH_LOCK_TIMEOUT: '5m'},
      stdin: CANARY,
    })
    assert.equal(result.code, 2, result.stderr)
    assertOneLine(result.stderr, 'SECRETSMITH_LOCK_TIMEOUT')
  })
})

describe('local store: an older record put back', function () {
  this.timeout(60_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>

  beforeEach(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
  })
  afterEach(async () => home.remove())

  it('reports a secret directory copied back from before the last write as tampering (exit 1), printing nothing', async () => {
    await createSecret('app/db', `${CANARY}-old`, {env})
    const {directory} = await recordFiles(env.SECRETSMITH_HOME!)
    const saved = join(home.path, 'saved')
    await cp(directory, saved, {recursive: true, preserveTimestamps: true})
    const put = await runCli(['put', 'app/db', '--store', 'local', '--from-stdin'], {env, stdin: CANARY})
    assert.equal(put.code, 0, put.stderr)
    await rm(directory, {recursive: true})
    await cp(saved, directory, {recursive: true, preserveTimestamps: true})

    const result = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(result.code, 1, result.stderr)
    assert.equal(result.stdout, '', 'the old value was printed')
    assertOneLine(result.stderr, directory, 'older copy was put back (tampering)')
  })

  it('reports a secret directory removed outside secretsmith as tampering (exit 1), not as "not found"', async () => {
    await createSecret('app/db', CANARY, {env})
    const {directory} = await recordFiles(env.SECRETSMITH_HOME!)
    await rm(directory, {recursive: true})
    const result = await runCli(['get', 'app/db', '--store', 'local'], {env})
    assert.equal(result.code, 1, result.stderr)
    assertOneLine(result.stderr, directory, 'removed outside secretsmith (tampering)')
  })
})
