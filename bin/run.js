#!/usr/bin/env node
// The published entry point: one prebuilt bundle (dist/bundle/cli.js, built by scripts/bundle.mjs)
// holding oclif and every command; heavy parts load later from chunks, only where used.
// CommonJS (bin/package.json), like the bundle: Node then starts without its ES module loader.
'use strict'
const {existsSync} = require('node:fs')
const {join} = require('node:path')

// The AWS SDK prints a multi-line Node-version notice on every run under Node 20; stderr is ours.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const root = join(__dirname, '..')
let bundle
try {
  require('../dist/bundle/compile-cache.js').enableCompileCache()
  bundle = require('../dist/bundle/cli.js')
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || existsSync(join(root, 'dist', 'bundle', 'cli.js'))) throw error
  process.stderr.write('Error: secretsmith is not built (dist/bundle is missing); run npm run build.\n')
  process.exit(1)
}

bundle.run(root)
