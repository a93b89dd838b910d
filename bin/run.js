#!/usr/bin/env node
// The published entry point: one prebuilt bundle (dist/bundle/cli.js, built by scripts/bundle.mjs)
// holding oclif and every command; heavy parts load later from chunks, only where used.
// The AWS SDK prints a multi-line Node-version notice on every run under Node 20; stderr is ours.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const {enableCompileCache} = await import('../dist/bundle/compile-cache.js')
enableCompileCache()
const {run} = await import('../dist/bundle/cli.js')
await run(new URL('..', import.meta.url).pathname)
