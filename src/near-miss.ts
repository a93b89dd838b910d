// Near misses of known names (flags, schemas): a typo gets a "did you mean", and only a word
// that close to a known name is ever treated as a name. Anything further away is more likely
// a value typed in the wrong place, and is neither repeated nor matched.

/** The known name within a small edit distance of `typed`, if any (1 edit up to 5 characters, else 2). */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  if (typed.length < 3) return undefined
  const limit = typed.length <= 5 ? 1 : 2
  let best: {name: string; distance: number} | undefined
  for (const name of known) {
    const distance = editDistance(typed, name)
    if (distance <= limit && (!best || distance < best.distance)) best = {name, distance}
  }

  return best?.name
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Number.POSITIVE_INFINITY
  const rows = Array.from({length: a.length + 1}, (_, i) =>
    Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  }

  return rows[a.length][b.length]
}
