// A secret is named by its name, its full ARN or its partial ARN (without the hyphen and six
// characters Secrets Manager adds), on the local store and in the change log alike; an ARN that
// ends in a hyphen and six characters is read as a full ARN, as Secrets Manager reads it.
import assert from 'node:assert/strict'

import {UsageError} from '../../src/errors.js'
import {nameOfSecretId as nameInChangeLog} from '../../src/history/change-log.js'
import {LOCAL_ARN_PREFIX, nameOfSecretId} from '../../src/stores/local-secret-rules.js'

describe('secret ids', () => {
  it('the local store reads a name, a full local ARN and a partial one', () => {
    assert.equal(nameOfSecretId('app/db'), 'app/db')
    assert.equal(nameOfSecretId(`${LOCAL_ARN_PREFIX}app/db-AbC123`), 'app/db')
    assert.equal(nameOfSecretId(`${LOCAL_ARN_PREFIX}app/db`), 'app/db')
    assert.equal(nameOfSecretId(`${LOCAL_ARN_PREFIX}app/database`), 'app/database')
  })

  it('reads an ARN ending in a hyphen and six characters as a full ARN, as Secrets Manager does', () => {
    assert.equal(nameOfSecretId(`${LOCAL_ARN_PREFIX}app/api-tokens`), 'app/api')
    assert.equal(nameInChangeLog('arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/api-tokens'), 'app/api')
  })

  it('the change log finds a secret by name, full ARN or partial ARN', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db'
    assert.equal(nameInChangeLog('app/db'), 'app/db')
    assert.equal(nameInChangeLog(`${arn}-AbC123`), 'app/db')
    assert.equal(nameInChangeLog(arn), 'app/db')
  })

  it('refuses a local ARN whose name is not a valid secret name', () => {
    assert.throws(() => nameOfSecretId(`${LOCAL_ARN_PREFIX}app db`), UsageError)
  })
})
