// Preload for tests (node --require): records the asynchronous requests a run starts that go
// through libuv's thread pool, file-system calls and DNS lookups, and writes them, counted by
// kind, to the file named by SECRETSMITH_TEST_THREAD_POOL_TRACE at exit. (Crypto jobs are left
// out: hkdfSync and the like create the same job objects and run them on the main thread.)
const {createHook} = require('node:async_hooks')
const {writeFileSync} = require('node:fs')

const counts = {}
const THREAD_POOL = /^(FSREQCALLBACK|FSREQPROMISE|GETADDRINFOREQWRAP|GETNAMEINFOREQWRAP)$/
createHook({
  init(_id, type) {
    if (THREAD_POOL.test(type)) counts[type] = (counts[type] ?? 0) + 1
  },
}).enable()
process.on('exit', () => writeFileSync(process.env.SECRETSMITH_TEST_THREAD_POOL_TRACE, JSON.stringify(counts)))
