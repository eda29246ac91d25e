// The security groups read model: the tenants' live groups and their rules, from the network
// app's events in `securitygroup-<id>`. A rule row carries its source group's name and tenant
// (from its event), so a rule reads without a join and keeps reading after its source group is
// deleted. A deleted group leaves the read model with its rules (the tenant sees neither; the
// network app keeps them for the servers that have the group). Run live by a durable consumer,
// brought up to date in the gateway's own requests by catchUpStream, rebuilt by
// replayProjection; rows hold event data and recordedAt only.

import {
  type RecordedEvent, type SecurityGroupCreatedData, type SecurityGroupDeletedData, SecurityGroupEventType, type SecurityGroupRuleCreatedData,
  type SecurityGroupRuleDeletedData, StreamCategory,
} from '@app/contracts';
import type { Projection, SqlTx } from '@app/event-store';

export const SECURITY_GROUPS_TABLE = 'security_groups';
export const SECURITY_GROUP_RULES_TABLE = 'security_group_rules';

export const securityGroupProjection: Projection = {
  name: 'api-gateway-security-groups',
  tables: [SECURITY_GROUPS_TABLE, SECURITY_GROUP_RULES_TABLE],
  category: StreamCategory.SecurityGroup,
  async apply(tx: SqlTx, schema: string, event: RecordedEvent): Promise<void> {
    const groups = `"${schema}".${SECURITY_GROUPS_TABLE}`;
    const rules = `"${schema}".${SECURITY_GROUP_RULES_TABLE}`;
    switch (event.type) {
      case SecurityGroupEventType.SecurityGroupCreated: {
        const d = event.data as SecurityGroupCreatedData;
        await tx.query(`INSERT INTO ${groups} (id, tenant_id, name, description, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
          d.securityGroupId, d.tenantId, d.name, d.description, event.recordedAt,
        ]);
        return;
      }
      case SecurityGroupEventType.SecurityGroupRuleCreated: {
        const d = event.data as SecurityGroupRuleCreatedData;
        const source = d.sourceGroup;
        await tx.query(
          `INSERT INTO ${rules} (id, parent_group_id, tenant_id, ip_protocol, from_port, to_port, cidr, source_group_id, source_group_name, source_tenant_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [Number(d.ruleId), d.securityGroupId, d.tenantId, d.ipProtocol, d.fromPort, d.toPort, d.cidr, source?.id ?? null, source?.name ?? null, source?.tenantId ?? null],
        );
        return;
      }
      case SecurityGroupEventType.SecurityGroupRuleDeleted: {
        const d = event.data as SecurityGroupRuleDeletedData;
        await tx.query(`DELETE FROM ${rules} WHERE id = $1`, [Number(d.ruleId)]);
        return;
      }
      case SecurityGroupEventType.SecurityGroupDeleted: {
        const d = event.data as SecurityGroupDeletedData;
        await tx.query(`DELETE FROM ${rules} WHERE parent_group_id = $1`, [d.securityGroupId]);
        await tx.query(`DELETE FROM ${groups} WHERE id = $1`, [d.securityGroupId]);
        return;
      }
      default:
        // Another securitygroup event, from a newer network app: nothing to show here.
        return;
    }
  },
};
