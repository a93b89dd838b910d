// Every audit rule, in report order: AWS Config managed rules and Security Hub controls
// first, then what goes beyond them.
import type {AuditRule} from '../finding.js'
import {awsConfigRules} from './aws-config.js'
import {lifecycleRules} from './lifecycle.js'
import {metadataRules} from './metadata.js'
import {policyRules} from './policy.js'
import {replicationRules} from './replication.js'
import {tagRules} from './tags.js'
import {valueRules} from './values.js'

export const AUDIT_RULES: readonly AuditRule[] = [
  ...awsConfigRules,
  ...tagRules,
  ...lifecycleRules,
  ...metadataRules,
  ...policyRules,
  ...replicationRules,
  ...valueRules,
]
