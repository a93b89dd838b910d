// No code is loaded from a directory secretsmith writes data to. oclif's data directory is
// also the default local-store directory, and oclif would load "user plugins" listed in a
// package.json there: a plugin planted in the store must never run inside secretsmith.
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('plugins planted in the store directory', function () {
  this.timeout(60_000)

  it('a user plugin (package.json + node_modules) planted in the default store directory is never loaded', async () => {
    const home = await makeTempDir()
    try {
      const dataHome = join(home.path, 'xdg-data')
      const store = join(dataHome, 'secretsmith') // the default store directory, and oclif's data directory
      const plugin = join(store, 'node_modules', 'planted')
      mkdirSync(plugin, {recursive: true})
      const marker = join(home.path, 'planted-hook-ran')
      writeFileSync(
        join(store, 'package.json'),
        JSON.stringify({
          private: true,
          oclif: {
            schema: 1,
            plugins: [
              {type: 'user', name: 'planted'},
              {type: 'link', name: 'planted', root: plugin},
            ],
          },
          dependencies: {planted: '1.0.0'},
        }),
      )
      writeFileSync(
        join(plugin, 'package.json'),
        JSON.stringify({name: 'planted', version: '1.0.0', oclif: {hooks: {init: './hook.cjs', prerun: './hook.cjs'}}}),
      )
      writeFileSync(
        join(plugin, 'hook.cjs'),
        `module.exports = async function () { require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran') }\n`,
      )

      const env = isolatedEnv(home.path, {SECRETSMITH_HOME: undefined, XDG_DATA_HOME: dataHome})
      const created = await runCli(['create', 'app/x', '--store', 'local', '--generate'], {env})
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stderr, new RegExp(`in local store ${store}`), 'the store is the planted directory')
      assert.equal((await runCli(['list', '--store', 'local'], {env})).code, 0)
      assert.ok(!existsSync(marker), 'the planted hook ran inside secretsmith')
    } finally {
      await home.remove()
    }
  })
})
