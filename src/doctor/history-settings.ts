// What would record secrets elsewhere on this machine, read from configuration text: the AWS
// CLI's cli_history (it stores whole API requests and responses, secret values included, in a
// local database) and whether the shell keeps commands typed with a leading space out of its
// history. Pure: takes file contents, reads nothing itself.

/** Profiles in an ~/.aws/config text whose cli_history is enabled. */
export function profilesWithCliHistory(configText: string): string[] {
  const profiles: string[] = []
  let section = 'default'
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim()
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line)
    if (header) {
      section = header[1]
      continue
    }

    const setting = /^cli_history\s*=\s*(\S+)/i.exec(line)
    if (setting && setting[1].toLowerCase() === 'enabled' && !profiles.includes(section)) profiles.push(section)
  }

  return profiles
}

export type ShellKind = 'bash' | 'zsh' | 'other'

export function shellKind(shellPath: string | undefined): ShellKind {
  const name = shellPath?.split('/').pop() ?? ''
  if (name === 'bash') return 'bash'
  if (name === 'zsh') return 'zsh'
  return 'other'
}

/**
 * Whether a shell start-up file keeps space-prefixed commands out of history: bash's
 * HISTCONTROL with ignorespace or ignoreboth (or an environment value), zsh's HIST_IGNORE_SPACE
 * option (zsh option names ignore case and underscores).
 */
export function ignoresSpacePrefixed(kind: ShellKind, rcText: string, environmentValue?: string): boolean {
  if (kind === 'bash') {
    if (environmentValue && /\bignore(space|both)\b/.test(environmentValue)) return true
    return /^\s*(?:export\s+)?HISTCONTROL=["']?[^\n]*\bignore(space|both)\b/m.test(rcText)
  }

  if (kind === 'zsh') {
    return rcText.split(/\r?\n/).some((line) => {
      const match = /^\s*setopt\s+(.+)$/i.exec(line.replace(/#.*$/, ''))
      return (
        match !== null &&
        match[1].split(/\s+/).some((option) => option.replaceAll('_', '').toLowerCase() === 'histignorespace')
      )
    })
  }

  return false
}
