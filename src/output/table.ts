// Plain tables for human output (`list`, `schema list`, `schema show`), drawn by cli-table3
// and loaded only when a table is printed. No colours: output may be piped or captured, and
// --json is the machine format anyway. On a terminal, the last column wraps to fit its width.
export interface TableOptions {
  /** Terminal width to fit; default process.stdout.columns (none when not a terminal). */
  width?: number
}

export async function renderTable(head: string[], rows: string[][], options: TableOptions = {}): Promise<string> {
  const {default: Table} = await import('cli-table3')
  const width = options.width ?? (process.stdout.isTTY ? process.stdout.columns : undefined)
  const colWidths = width ? fitColumns(head, rows, width) : undefined
  const table = new Table({
    head,
    style: {head: [], border: [], compact: true},
    ...(colWidths ? {colWidths, wordWrap: true, wrapOnWordBoundary: true} : {}),
  })
  table.push(...rows)
  return table.toString()
}

/**
 * Natural widths when the table fits; otherwise the last column shrinks (to no less than 20)
 * and wraps. Each cell's width includes cli-table3's one-space padding on both sides.
 */
function fitColumns(head: string[], rows: string[][], width: number): Array<number | null> | undefined {
  const natural = head.map(
    (title, column) =>
      Math.max(
        title.length,
        ...rows.map((row) => Math.max(...(row[column] ?? '').split('\n').map((line) => line.length))),
      ) + 2,
  )
  const borders = head.length + 1
  const total = natural.reduce((sum, column) => sum + column, 0) + borders
  if (total <= width) return undefined
  const others = natural.slice(0, -1).reduce((sum, column) => sum + column, 0) + borders
  return [...natural.slice(0, -1), Math.max(20, width - others)]
}
