// Where the AWS SDK's default chain would find credentials, in the chain's own order, named
// the way the AWS CLI's `aws configure list` names them. Pure: reads the environment and the
// shared config text it is given.
// https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html

export type CredentialSourceKind =
  'environment' | 'profile' | 'sso' | 'web-identity' | 'container' | 'instance' | 'process'

export interface CredentialSource {
  kind: CredentialSourceKind
  /** e.g. "environment (AWS_ACCESS_KEY_ID)", "SSO profile prod", "container (ECS task role)". */
  label: string
}

export function credentialSource(input: {
  profile?: string
  env: NodeJS.ProcessEnv
  configText?: string
  credentialsText?: string
}): CredentialSource {
  const {env} = input
  const explicitProfile = input.profile ?? env.AWS_PROFILE
  if (!explicitProfile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)
    return {kind: 'environment', label: 'environment (AWS_ACCESS_KEY_ID)'}
  const profile = explicitProfile ?? 'default'
  const settings = {
    ...profileSettings(input.credentialsText ?? '', profile, false),
    ...profileSettings(input.configText ?? '', profile, true),
  }
  if (settings.sso_session || settings.sso_start_url) return {kind: 'sso', label: `SSO profile ${profile}`}
  if (settings.credential_process) return {kind: 'process', label: `credential_process of profile ${profile}`}
  if (settings.aws_access_key_id || settings.role_arn || settings.web_identity_token_file)
    return {kind: 'profile', label: `profile ${profile}`}
  if (explicitProfile)
    return {kind: 'profile', label: `profile ${profile} (not found in the shared config or credentials files)`}
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE)
    return {kind: 'web-identity', label: 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE)'}
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return {kind: 'container', label: 'container credentials (ECS/EKS task role)'}
  return {kind: 'instance', label: 'EC2 instance metadata (instance role)'}
}

/** The settings of one profile in an INI text: `[profile NAME]` in config, `[NAME]` in credentials. */
function profileSettings(text: string, profile: string, isConfigFile: boolean): Record<string, string> {
  const wanted = isConfigFile && profile !== 'default' ? `profile ${profile}` : profile
  const settings: Record<string, string> = {}
  let inSection = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, '').trim()
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (header) {
      inSection = header[1].replace(/\s+/g, ' ') === wanted
      continue
    }

    const pair = /^([\w.-]+)\s*=\s*(.*)$/.exec(line)
    if (inSection && pair) settings[pair[1].toLowerCase()] = pair[2]
  }

  return settings
}
