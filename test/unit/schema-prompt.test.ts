// Field-by-field authoring of a schema'd secret, driven by a scripted prompter that behaves
// like inquirer (an answer the validator rejects is asked again).
import assert from 'node:assert/strict'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UsageError, ValidationError} from '../../src/errors.js'
import {type FieldPrompter, promptSchemaFields, visibleFieldProblem} from '../../src/input/schema-prompt.js'
import {getSchema} from '../../src/schemas/registry.js'

interface Asked {
  kind: 'text' | 'secret' | 'confirm'
  message: string
  default?: string | boolean
  rejected: string[]
}

/** Answers in order; each answer is checked by the question's validator, as inquirer would. */
function scripted(answers: Array<string | boolean>): {prompter: FieldPrompter; asked: Asked[]} {
  const asked: Asked[] = []
  const next = () => {
    if (answers.length === 0) throw new Error('the prompt asked more questions than the script answers')
    return answers.shift()!
  }

  const answer = (entry: Asked, validate: (text: string) => string | true) => {
    for (;;) {
      const candidate = String(next())
      const verdict = validate(candidate)
      if (verdict === true) return candidate
      entry.rejected.push(verdict)
    }
  }

  return {
    asked,
    prompter: {
      async text(question) {
        const entry: Asked = {kind: 'text', message: question.message, default: question.default, rejected: []}
        asked.push(entry)
        const given = answer(entry, (text) =>
          question.validate(text === '' && question.default !== undefined ? question.default : text),
        )
        return given === '' && question.default !== undefined ? question.default : given
      },
      async secret(question) {
        const entry: Asked = {kind: 'secret', message: question.message, rejected: []}
        asked.push(entry)
        return answer(entry, question.validate)
      },
      async confirm(question) {
        asked.push({kind: 'confirm', message: question.message, default: question.default, rejected: []})
        const given = next()
        return given === '' ? question.default : given === true || given === 'y'
      },
    },
  }
}

const quiet = {note: () => {}, warn: () => {}}

describe('promptSchemaFields', () => {
  it('walks an RDS schema: engine filled in, secret hidden and confirmed, defaults offered, empty optionals left out', async () => {
    const {prompter, asked} = scripted(['db.example.internal', 'app', 'S3cret!', 'S3cret!', '', '', '', '', ''])
    const value = await promptSchemaFields(getSchema('rds-postgres'), {prompter, ...quiet})
    assert.deepEqual(JSON.parse(value.revealText()), {
      engine: 'postgres',
      host: 'db.example.internal',
      username: 'app',
      password: 'S3cret!',
      dbname: 'postgres',
      port: 5432,
    })
    assert.ok(!asked.some((entry) => entry.message.startsWith('engine')), 'the fixed engine is not asked')
    assert.deepEqual(
      asked.filter((entry) => entry.kind === 'secret').map((entry) => entry.message),
      ['password (hidden)', 'Repeat password'],
    )
    assert.equal(asked.find((entry) => entry.message.startsWith('port'))?.default, '5432')
  })

  it('insists on required fields and rejects an invalid port or host', async () => {
    const {prompter, asked} = scripted([
      '',
      'https://db.example.com',
      'db.example.com',
      'app',
      '',
      'pw1234',
      'pw1234',
      'mydb',
      'abc',
      '70000',
      '1433',
      '',
      '',
      '',
    ])
    const value = await promptSchemaFields(getSchema('rds-sqlserver'), {prompter, ...quiet})
    assert.equal(JSON.parse(value.revealText()).port, 1433)
    assert.deepEqual(asked.find((entry) => entry.message.startsWith('host'))?.rejected.length, 2)
    assert.equal(asked.find((entry) => entry.kind === 'secret')?.rejected[0], 'password is required.')
    assert.equal(asked.find((entry) => entry.message.startsWith('port'))?.rejected.length, 2)
  })

  it('asks a secret again when the two entries differ, and gives up after three', async () => {
    const retried = scripted(['k1', 'k2', 'k3', 'k3', '', ''])
    const value = await promptSchemaFields(getSchema('api-key'), {prompter: retried.prompter, ...quiet})
    assert.equal(JSON.parse(value.revealText()).apiKey, 'k3')

    const stubborn = scripted(['a', 'b', 'c', 'd', 'e', 'f'])
    await assert.rejects(
      promptSchemaFields(getSchema('api-key'), {prompter: stubborn.prompter, ...quiet}),
      ValidationError,
    )
  })

  it('uses a generated field without asking for it', async () => {
    const notes: string[] = []
    const {prompter, asked} = scripted(['db.example.internal', 'app', '', '', '', '', ''])
    const value = await promptSchemaFields(getSchema('rds-mysql'), {
      prompter,
      generated: {password: 'G3nerated!'},
      note: (line) => notes.push(line),
      warn: () => {},
    })
    assert.equal(JSON.parse(value.revealText()).password, 'G3nerated!')
    assert.ok(!asked.some((entry) => entry.kind === 'secret'))
    assert.deepEqual(notes, ['password: generated'])
  })

  it('on put, offers the current values, keeps a hidden one on Enter, and carries extra fields over', async () => {
    const existing = {
      engine: 'postgres',
      host: 'old.example.internal',
      username: 'app',
      password: 'Keep-Me-1',
      port: 6432,
      replicaHost: 'replica.internal',
    }
    const {prompter, asked} = scripted(['new.example.internal', '', '', '', '', '', '', ''])
    const value = await promptSchemaFields(getSchema('rds-postgres'), {prompter, existing, ...quiet})
    assert.deepEqual(JSON.parse(value.revealText()), {
      engine: 'postgres',
      host: 'new.example.internal',
      username: 'app',
      password: 'Keep-Me-1',
      dbname: 'postgres',
      port: 6432,
      replicaHost: 'replica.internal',
    })
    assert.equal(asked.find((entry) => entry.message.startsWith('host'))?.default, 'old.example.internal')
    assert.match(asked.find((entry) => entry.kind === 'secret')!.message, /Enter keeps the current value/)
  })

  it('asks DocumentDB ssl as yes/no, defaulting to true', async () => {
    const {prompter, asked} = scripted(['docdb.example.internal', 'app', 'pw', 'pw', '', '', '', '', '', ''])
    const value = await promptSchemaFields(getSchema('documentdb'), {prompter, ...quiet})
    assert.equal(JSON.parse(value.revealText()).ssl, true)
    assert.equal(asked.find((entry) => entry.kind === 'confirm')?.default, true)
  })

  it('reads PEM fields from a file path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secretsmith-prompt-'))
    try {
      const path = join(dir, 'id_test')
      await writeFile(path, '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n', {
        mode: 0o600,
      })
      const {prompter} = scripted([join(dir, 'missing'), path, '', ''])
      const value = await promptSchemaFields(getSchema('ssh-key'), {prompter, ...quiet})
      assert.match(JSON.parse(value.revealText()).privateKey, /^-----BEGIN OPENSSH PRIVATE KEY-----\n/)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('refuses to prompt without a terminal (CI), pointing at --from-stdin and --from-file', async () => {
    const saved = process.env.CI
    process.env.CI = 'true'
    try {
      await assert.rejects(
        promptSchemaFields(getSchema('rds-postgres')),
        (error: unknown) => error instanceof UsageError && /--from-stdin/.test(error.message),
      )
    } finally {
      if (saved === undefined) delete process.env.CI
      else process.env.CI = saved
    }
  })

  it('refuses text schemas', async () => {
    await assert.rejects(promptSchemaFields(getSchema('generic'), {prompter: scripted([]).prompter}), UsageError)
  })

  it('validates typed answers by field type', () => {
    const field = (type: 'port' | 'url' | 'arn' | 'host', required = true) => ({
      name: 'f',
      required,
      secret: false,
      description: '',
      type,
    })
    assert.equal(visibleFieldProblem(field('port'), '5432'), undefined)
    assert.match(visibleFieldProblem(field('port'), '99999') ?? '', /TCP port/)
    assert.match(visibleFieldProblem(field('url'), 'http://x') ?? '', /https/)
    assert.match(visibleFieldProblem(field('arn'), 'arn:aws:iam::1:role/x') ?? '', /secret ARN/)
    assert.match(visibleFieldProblem(field('host'), 'a b') ?? '', /spaces/)
    assert.equal(visibleFieldProblem(field('host', false), ''), undefined)
    assert.match(visibleFieldProblem(field('host'), '') ?? '', /required/)
  })
})
