import assert from 'node:assert/strict'

import {AbortPromptError, CancelPromptError, ExitPromptError, HookError, ValidationError} from '@inquirer/core'

import {isPromptCancel} from '../../src/input/prompt-cancel.js'

describe('isPromptCancel', () => {
  it("treats inquirer's Ctrl-C, abort and cancel errors as the user leaving the prompt", () => {
    assert.equal(isPromptCancel(new ExitPromptError('User force closed the prompt with SIGINT')), true)
    assert.equal(isPromptCancel(new AbortPromptError()), true)
    assert.equal(isPromptCancel(new CancelPromptError()), true)
  })

  it('recognises a cancel error by its class name even when it sets no name of its own', () => {
    class ExitPromptError extends Error {}
    assert.equal(isPromptCancel(new ExitPromptError('closed')), true)
  })

  it('does not mistake a prompt bug, a validation failure or anything else for a cancel', () => {
    for (const error of [
      new HookError('hook'),
      new ValidationError('bad'),
      new Error('ExitPromptError'),
      new TypeError('x'),
      'ExitPromptError',
      undefined,
      null,
    ]) {
      assert.equal(isPromptCancel(error), false, String(error))
    }
  })
})
