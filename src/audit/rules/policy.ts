// Resource policies that open a secret beyond its account: a statement that allows anyone
// ("*" as principal, with no condition pinning the caller's account, organization, VPC or
// endpoint) or a principal in another account. Needs GetResourcePolicy, one call per secret,
// paced below its 50-per-second quota
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html). Secrets
// Manager's own BlockPublicPolicy check (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html)
// only runs when a policy is put with it set; this finds the policies put without it.
import type {AuditRule, RuleResult} from '../finding.js'
import {nounFor} from '../../wording.js'

/** Condition keys that keep a "*" principal inside known bounds. */
const BOUNDING_CONDITION_KEYS = [
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:principalarn',
  'aws:calledvia',
]

interface Statement {
  Effect?: unknown
  Principal?: unknown
  Condition?: unknown
  Action?: unknown
}

export const publicPolicyRule: AuditRule = {
  id: 'policy-public',
  title: 'A resource policy should not grant access to everyone',
  severity: 'high',
  references: {
    helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html',
  },
  needs: () => 'policy',
  check({entry, policy}) {
    const statements = allowStatements(policy)
    if (statements === undefined) return unreadable(entry.name, policy)
    const open = statements.filter(
      (statement) => principals(statement.Principal).includes('*') && !isBounded(statement.Condition),
    )
    if (open.length === 0) return []
    return [
      {
        message: `The resource policy allows ${describeActions(open)} to any principal ("*") with no condition on account or network.`,
        fix: `Name the principals, or add an aws:PrincipalAccount condition; check with: aws secretsmanager validate-resource-policy --secret-id ${entry.name}`,
      },
    ]
  },
}

export const crossAccountPolicyRule: AuditRule = {
  id: 'policy-cross-account',
  title: 'A resource policy should not grant access to another account unless that is intended',
  severity: 'medium',
  references: {
    helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  },
  needs: () => 'policy',
  check({entry, policy}, settings) {
    const statements = allowStatements(policy)
    const own = settings.account ?? entry.arn.split(':')[4]
    if (statements === undefined || !own) return []
    const others = new Set<string>()
    for (const statement of statements) {
      for (const principal of principals(statement.Principal)) {
        const account = accountOf(principal)
        if (account && account !== own) others.add(account)
      }
    }

    if (others.size === 0) return []
    return [
      {
        message: `The resource policy grants access to ${nounFor(others.size, 'account')} ${[...others].sort().join(', ')}.`,
        fix: 'If that is not intended, remove those principals from the policy (aws secretsmanager put-resource-policy).',
      },
    ]
  },
}

export const policyRules: AuditRule[] = [publicPolicyRule, crossAccountPolicyRule]

/** The Allow statements of a policy; [] when there is none; undefined when it is not readable JSON. */
function allowStatements(policy: string | null | undefined): Statement[] | undefined {
  if (policy === null || policy === undefined) return []
  let document: unknown
  try {
    document = JSON.parse(policy)
  } catch {
    return undefined
  }

  const raw = (document as {Statement?: unknown})?.Statement
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Statement[]
  return statements.filter((statement) => statement && typeof statement === 'object' && statement.Effect === 'Allow')
}

function unreadable(name: string, policy: string | null | undefined): RuleResult[] {
  if (policy === null || policy === undefined) return []
  return [
    {
      message: 'The resource policy is not readable JSON, so who it grants access to cannot be checked.',
      fix: `Inspect it: aws secretsmanager get-resource-policy --secret-id ${name}`,
    },
  ]
}

/** "*", or AWS principals (ARNs or account ids); service principals are left out. */
function principals(principal: unknown): string[] {
  if (principal === '*') return ['*']
  if (!principal || typeof principal !== 'object') return []
  const aws = (principal as {AWS?: unknown}).AWS
  const list = Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]
  return list.filter((item): item is string => typeof item === 'string')
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal
  const account = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1]
  return account
}

function isBounded(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false
  return Object.values(condition as Record<string, unknown>).some(
    (clause) =>
      clause &&
      typeof clause === 'object' &&
      Object.keys(clause).some((key) => BOUNDING_CONDITION_KEYS.includes(key.toLowerCase())),
  )
}

function describeActions(statements: Statement[]): string {
  const actions = new Set<string>()
  for (const statement of statements) {
    const raw = statement.Action
    for (const action of Array.isArray(raw) ? raw : [raw]) if (typeof action === 'string') actions.add(action)
  }

  return actions.size === 0 ? 'access' : [...actions].sort().join(', ')
}
