// The pace of new versions. AWS advises against a new value more often than once every 10
// minutes: Secrets Manager removes unlabelled versions only past 100 and never one younger
// than 24 hours, so a faster sustained pace runs into the versions quota.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html

const MIN_MINUTES_BETWEEN_VERSIONS = 10

/** The warning for a new version written `now` when the current one was created at `previous`; undefined when the pace is fine. */
export function paceWarning(name: string, previous: Date, now: Date): string | undefined {
  const ageMs = now.getTime() - previous.getTime()
  // A date in the future is clock skew between here and the store: no basis for advice.
  if (Number.isNaN(ageMs) || ageMs < 0 || ageMs >= MIN_MINUTES_BETWEEN_VERSIONS * 60_000) return undefined
  const ago = ageMs < 60_000 ? `${Math.max(1, Math.round(ageMs / 1000))} s` : `${Math.floor(ageMs / 60_000)} min`
  return (
    `the current version of ${name} is only ${ago} old; AWS advises a new value at most once every ${MIN_MINUTES_BETWEEN_VERSIONS} minutes ` +
    '(about 100 versions are kept and none younger than 24 hours is removed, so a faster pace runs into the versions quota).'
  )
}
