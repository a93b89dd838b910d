// How `doctor` reads on a terminal: one line per check with its status, the fix indented under
// warnings and failures, and a closing count.
export interface ReportedCheck {
  id: string
  status: 'pass' | 'warn' | 'fail'
  detail: string
  fix?: string
}

const MARK = {pass: 'PASS', warn: 'WARN', fail: 'FAIL'} as const

export function formatDoctorReport(checks: ReportedCheck[]): string {
  const width = Math.max(...checks.map((check) => check.id.length))
  const lines = checks.flatMap((check) => {
    const line = `${MARK[check.status]}  ${check.id.padEnd(width)}  ${check.detail}`
    return check.fix ? [line, `${' '.repeat(width + 8)}fix: ${check.fix}`] : [line]
  })
  const count = (status: ReportedCheck['status']) => checks.filter((check) => check.status === status).length
  lines.push('', `${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed.`)
  return lines.join('\n')
}
