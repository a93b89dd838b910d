// Replicas that failed or are not in sync: a replica that failed holds no current value, so a
// failover to that region finds nothing. ListSecrets says only that a secret is replicated
// (PrimaryRegion); the status needs DescribeSecret, called only for replicated secrets.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html
import type {AuditRule} from '../finding.js'
import {suggestCommand} from '../../command-hint.js'

const replicaHealthRule: AuditRule = {
  id: 'replica-health',
  title: 'Replicas should be in sync with the primary secret',
  severity: 'high',
  references: {helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html'},
  needs: (entry) => (entry.primaryRegion ? 'describe' : undefined),
  check({entry}) {
    return (entry.replication ?? [])
      .filter((replica) => replica.status !== 'InSync')
      .map((replica) =>
        replica.status === 'Failed'
          ? {
              message: `The replica in ${replica.region} failed to replicate.`,
              fix: `Check the replica's KMS key and any same-named secret there, then: aws secretsmanager remove-regions-from-replication --secret-id ${entry.name} --remove-replica-regions ${replica.region}, and replicate again.`,
            }
          : {
              severity: replica.status === 'InProgress' ? ('low' as const) : ('medium' as const),
              message: `The replica in ${replica.region} is ${replica.status}, not in sync.`,
              fix: `Check again shortly; if it stays so, inspect it: ${suggestCommand('describe', entry.name)}`,
            },
      )
  },
}

export const replicationRules: AuditRule[] = [replicaHealthRule]
