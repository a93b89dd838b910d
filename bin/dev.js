#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (no build step); for working on secretsmith itself.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
