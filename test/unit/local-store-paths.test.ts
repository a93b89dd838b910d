// Where the local store and the cache live: SECRETSMITH_HOME, then the XDG directories, then
// the XDG defaults under the home directory.
import assert from 'node:assert/strict'
import {join, resolve} from 'node:path'

import {resolveCacheDir, resolveDataDir} from '../../src/paths.js'

describe('local store paths', function () {
  const home = '/home/someone'

  it('uses SECRETSMITH_HOME for the store, and a cache directory inside it, resolved to absolute paths', function () {
    const env = {SECRETSMITH_HOME: '/srv/secrets', XDG_DATA_HOME: '/xdg/data', XDG_CACHE_HOME: '/xdg/cache'}
    assert.equal(resolveDataDir(env, home), '/srv/secrets')
    assert.equal(resolveCacheDir(env, home), '/srv/secrets/cache')
    assert.equal(resolveDataDir({SECRETSMITH_HOME: 'relative/store'}, home), resolve('relative/store'))
  })

  it('falls back to the XDG data and cache directories', function () {
    const env = {XDG_DATA_HOME: '/xdg/data', XDG_CACHE_HOME: '/xdg/cache'}
    assert.equal(resolveDataDir(env, home), '/xdg/data/secretsmith')
    assert.equal(resolveCacheDir(env, home), '/xdg/cache/secretsmith')
  })

  it('uses the XDG defaults when nothing is set, or when the XDG variables are empty or relative', function () {
    for (const env of [
      {},
      {XDG_DATA_HOME: '', XDG_CACHE_HOME: ' '},
      {XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache'},
      {SECRETSMITH_HOME: ''},
    ]) {
      assert.equal(resolveDataDir(env, home), join(home, '.local', 'share', 'secretsmith'))
      assert.equal(resolveCacheDir(env, home), join(home, '.cache', 'secretsmith'))
    }
  })
})
