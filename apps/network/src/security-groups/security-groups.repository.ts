// The SQL over security_groups and security_group_rules, every statement on the caller's
// transaction. "Live" is not deleted: a deleted group is kept (its rules still apply to the
// servers that had it) but is found by nothing here except as a rule's source.

import type { IpProtocol, SecurityGroup, SecurityGroupRule, SecurityGroupRuleSpec } from '@app/contracts';
import type { SqlTx } from '@app/event-store';

interface GroupRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
}

interface RuleRow {
  id: string;
  parent_group_id: string;
  protocol: IpProtocol | null;
  from_port: number | null;
  to_port: number | null;
  cidr: string | null;
  source_group_id: string | null;
  source_name: string | null;
  source_tenant_id: string | null;
}

export type SecurityGroupHead = Omit<SecurityGroup, 'rules'>;

const GROUP_COLUMNS = 'g.id, g.tenant_id, g.name, g.description';

function groupOf(row: GroupRow): SecurityGroupHead {
  return { id: Number(row.id), tenantId: row.tenant_id, name: row.name, description: row.description };
}

function ruleOf(row: RuleRow): SecurityGroupRule {
  return {
    id: Number(row.id),
    parentGroupId: Number(row.parent_group_id),
    ipProtocol: row.protocol,
    fromPort: row.from_port,
    toPort: row.to_port,
    cidr: row.cidr,
    group: row.source_group_id === null ? null : { id: Number(row.source_group_id), name: row.source_name!, tenantId: row.source_tenant_id! },
  };
}

export class SecurityGroupsRepository {
  private readonly groups: string;
  private readonly rules: string;
  private readonly groupIds: string;
  private readonly ruleIds: string;

  constructor(schema: string) {
    this.groups = `"${schema}".security_groups`;
    this.rules = `"${schema}".security_group_rules`;
    this.groupIds = `"${schema}".security_group_ids`;
    this.ruleIds = `"${schema}".security_group_rule_ids`;
  }

  /** A new live group; undefined if the tenant has a live group of that name (also one committed meanwhile). */
  async insertGroup(tx: SqlTx, tenantId: string, name: string, description: string): Promise<SecurityGroupHead | undefined> {
    const { rows } = await tx.query<GroupRow>(
      `INSERT INTO ${this.groups} AS g (id, tenant_id, name, description) VALUES (nextval('${this.groupIds}'), $1, $2, $3)
       ON CONFLICT (tenant_id, name) WHERE deleted_at IS NULL DO NOTHING RETURNING ${GROUP_COLUMNS}`,
      [tenantId, name, description],
    );
    return rows[0] ? groupOf(rows[0]) : undefined;
  }

  /** The tenant's live group, locked for a change when `forUpdate`. */
  async liveGroup(tx: SqlTx, tenantId: string, id: number, forUpdate = false): Promise<SecurityGroupHead | undefined> {
    const { rows } = await tx.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${this.groups} g WHERE g.id = $1 AND g.tenant_id = $2 AND g.deleted_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`,
      [id, tenantId],
    );
    return rows[0] ? groupOf(rows[0]) : undefined;
  }

  /** The tenant's live groups, oldest first; only those named in `names` when given. */
  async liveGroups(tx: SqlTx, tenantId: string, names?: string[]): Promise<SecurityGroupHead[]> {
    const { rows } = await tx.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${this.groups} g WHERE g.tenant_id = $1 AND g.deleted_at IS NULL AND ($2::text[] IS NULL OR g.name = ANY($2)) ORDER BY g.id`,
      [tenantId, names ?? null],
    );
    return rows.map(groupOf);
  }

  /** The rules of these groups, oldest first, each with its source group's name and tenant. */
  async rulesOf(tx: SqlTx, groupIds: number[]): Promise<SecurityGroupRule[]> {
    if (groupIds.length === 0) return [];
    const { rows } = await tx.query<RuleRow>(
      `SELECT r.id, r.parent_group_id, r.protocol, r.from_port, r.to_port, r.cidr, r.source_group_id, s.name AS source_name, s.tenant_id AS source_tenant_id
       FROM ${this.rules} r LEFT JOIN ${this.groups} s ON s.id = r.source_group_id
       WHERE r.parent_group_id = ANY($1::bigint[]) ORDER BY r.id`,
      [groupIds],
    );
    return rows.map(ruleOf);
  }

  /** Adds a rule to a group; undefined if the group has the same rule already. */
  async insertRule(tx: SqlTx, parentGroupId: number, rule: SecurityGroupRuleSpec): Promise<number | undefined> {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ${this.rules} (id, parent_group_id, protocol, from_port, to_port, cidr, source_group_id)
       VALUES (nextval('${this.ruleIds}'), $1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [parentGroupId, rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidr, rule.groupId],
    );
    return rows[0] ? Number(rows[0].id) : undefined;
  }

  /** A rule of one of the tenant's live groups, that group locked for the change. */
  async ruleOfLiveGroup(tx: SqlTx, tenantId: string, ruleId: number): Promise<SecurityGroupRule | undefined> {
    const { rows: parent } = await tx.query<{ id: string }>(
      `SELECT g.id FROM ${this.groups} g JOIN ${this.rules} r ON r.parent_group_id = g.id
       WHERE r.id = $1 AND g.tenant_id = $2 AND g.deleted_at IS NULL FOR UPDATE OF g`,
      [ruleId, tenantId],
    );
    if (parent.length === 0) return undefined;
    return (await this.rulesOf(tx, [Number(parent[0].id)])).find((r) => r.id === ruleId);
  }

  async deleteRule(tx: SqlTx, ruleId: number): Promise<void> {
    await tx.query(`DELETE FROM ${this.rules} WHERE id = $1`, [ruleId]);
  }

  /** The group is deleted: found no more, its name free again; its rows stay for the servers that have it. */
  async markDeleted(tx: SqlTx, id: number): Promise<void> {
    await tx.query(`UPDATE ${this.groups} SET deleted_at = now() WHERE id = $1`, [id]);
  }
}
