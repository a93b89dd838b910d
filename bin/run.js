#!/usr/bin/env node
// The published entry point: one prebuilt bundle (dist/bundle/cli.js, built by scripts/bundle.mjs)
// holding oclif and every command; heavy parts load later from chunks, only where used.
// The AWS SDK prints a multi-line Node-version notice on every run under Node 20; stderr is ours.
import {fileURLToPath} from 'node:url'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
let bundle
try {
  const {enableCompileCache} = await import('../dist/bundle/compile-cache.js')
  enableCompileCache()
  bundle = await import('../dist/bundle/cli.js')
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
  process.stderr.write('Error: secretsmith is not built (dist/bundle is missing); run npm run build.\n')
  process.exit(1)
}

await bundle.run(fileURLToPath(new URL('..', import.meta.url)))
