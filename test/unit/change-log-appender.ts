// A separate process appending to one change log, for the interleaving test: LINES lines to
// DATA_DIR, each carrying long key lists so a line is close to the size limit.
import {ChangeRecorder} from '../../src/history/change-log.js'

const recorder = new ChangeRecorder({
  dataDir: process.env.DATA_DIR!,
  command: `writer-${process.env.WORKER}`,
  warn: (message) => process.stderr.write(`${message}\n`),
})
const keys = Array.from({length: 150}, (_, index) => `key_${process.env.WORKER}_${index}`)
for (let line = 0; line < Number(process.env.LINES); line++) {
  await recorder.append({
    store: {kind: 'local', label: 'local store /tmp/x'},
    secret: `worker/${process.env.WORKER}`,
    operation: 'put-value',
    versionAfter: String(line),
    keys: {added: keys.slice(0, 50), modified: keys.slice(50, 100), removed: keys.slice(100)},
  })
}
