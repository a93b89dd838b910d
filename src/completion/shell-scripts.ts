// The completion scripts `secretsmith completion SHELL` prints. Each hands the line typed so
// far to `secretsmith completion --candidates` through environment variables (never argv, so
// whatever is on the line stays out of process listings) and offers what comes back.
export const COMPLETION_SHELLS = ['bash', 'zsh', 'powershell'] as const
export type CompletionShell = (typeof COMPLETION_SHELLS)[number]

export function completionScript(shell: CompletionShell, bin: string): string {
  const fn = `_${bin.replaceAll(/[^\w]/g, '_')}_complete`
  const bash = `${fn}() {
  local line="\${COMP_LINE:0:COMP_POINT}"
  local IFS=$'\\n'
  COMPREPLY=($(SECRETSMITH_COMPLETE_LINE="$line" ${bin} completion --candidates 2>/dev/null))
}
complete -o default -F ${fn} ${bin}
`
  switch (shell) {
    case 'bash': {
      return `# ${bin} completion for bash: add to ~/.bashrc:  eval "$(${bin} completion bash)"\n${bash}`
    }

    case 'zsh': {
      return `# ${bin} completion for zsh: add to ~/.zshrc:  eval "$(${bin} completion zsh)"\nautoload -U +X bashcompinit && bashcompinit\n${bash}`
    }

    case 'powershell': {
      return `# ${bin} completion for PowerShell: add to $PROFILE:  ${bin} completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName ${bin} -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $env:SECRETSMITH_COMPLETE_LINE = $commandAst.ToString().Substring(0, [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $commandAst.ToString().Length))
  try { & ${bin} completion --candidates 2>$null | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) } }
  finally { Remove-Item Env:SECRETSMITH_COMPLETE_LINE -ErrorAction SilentlyContinue }
}
`
    }
  }
}
