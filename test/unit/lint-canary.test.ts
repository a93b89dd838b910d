// Invariant 2 for the checks: no error, warning or --json finding ever contains the value,
// a field's value, or the part of the metadata that matched. The canary goes into every
// field of every schema, into broken JSON, and into the name, description and tags.
import assert from 'node:assert/strict'

import {checkSecret} from '../../src/lint/check-secret.js'
import {listSchemas} from '../../src/schemas/registry.js'
import {setJsonField} from '../../src/schemas/patch.js'
import {parseJsonObjectOrThrow} from '../../src/schemas/json-value.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const FRAGMENTS = [CANARY, '7f3a9c', 'DO-NOT-LEAK']

function assertNoCanary(what: unknown, context: string): void {
  const text = JSON.stringify(what)
  for (const fragment of FRAGMENTS) assert.ok(!text.includes(fragment), `${context}: found "${fragment}" in ${text}`)
}

const metadata = {
  name: `team/${CANARY}`,
  description: `the password is ${CANARY}; pw: ${CANARY} hint: ${CANARY} postgres://u:${CANARY}@h/db`,
  tags: [
    {key: 'note', value: CANARY},
    {key: CANARY, value: 'x'},
    {key: 'password-hint', value: `${CANARY}`},
  ],
}

describe('findings never contain the value', () => {
  it('finds the leaks (so the canary check is not vacuous)', () => {
    const result = checkSecret({value: SecretValue.fromText(CANARY), ...metadata})
    const rules = new Set(result.warnings.map((finding) => finding.ruleId))
    for (const rule of ['metadata-contains-value', 'metadata-password-hint', 'metadata-credential-shape']) assert.ok(rules.has(rule), rule)
    assertNoCanary(result, 'text value')
  })

  for (const schema of listSchemas()) {
    it(`schema ${schema.name}: every field set to the canary, plus sensitive extras`, () => {
      const object: Record<string, unknown> = {}
      for (const field of schema.fields) object[field.name] = CANARY
      Object.assign(object, {passwordHint: CANARY, secQuestion1: CANARY, recovery_codes: [CANARY], notes: `otpauth://totp/x?secret=${CANARY}`, port: CANARY})
      const result = checkSecret({schema: schema.name, value: SecretValue.fromText(JSON.stringify(object)), ...metadata})
      assert.ok(result.warnings.length > 0)
      assertNoCanary(result, schema.name)
    })

    it(`schema ${schema.name}: the canary in broken JSON, a JSON string and binary`, () => {
      for (const text of [`{"password": ${CANARY}}`, `{"a": "${CANARY}",}`, `"${CANARY}"`, `{'${CANARY}': 1}`, `{"a": "${CANARY}`]) {
        assertNoCanary(checkSecret({schema: schema.name, value: SecretValue.fromText(text)}), `${schema.name} ${text}`)
      }

      assertNoCanary(checkSecret({schema: schema.name, value: SecretValue.fromBinary(Buffer.from(`\u00ff${CANARY}`, 'latin1'))}), 'binary')
    })

    it(`schema ${schema.name}: the canary in every field of a wrong type`, () => {
      const object: Record<string, unknown> = {engine: [CANARY], host: {CANARY}, port: {CANARY}}
      for (const field of schema.fields) object[field.name] ??= [CANARY]
      assertNoCanary(checkSecret({schema: schema.name, value: SecretValue.fromText(JSON.stringify(object))}), schema.name)
    })
  }

  it('patching a field of a broken or non-object value says where, not what', () => {
    for (const current of [`{"a": ${CANARY}}`, `["${CANARY}"]`, `"${CANARY}"`]) {
      assert.throws(
        () => setJsonField(SecretValue.fromText(current), 'password', SecretValue.fromText(CANARY)),
        (error: Error) => {
          assertNoCanary(error.message, current)
          return true
        },
      )
    }

    assert.throws(() => parseJsonObjectOrThrow(SecretValue.fromText(`{"x": '${CANARY}'}`)), (error: Error) => !error.message.includes(CANARY))
  })
})
