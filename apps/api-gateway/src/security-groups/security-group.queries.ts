// Reads of the security groups read model: a tenant's live groups with their rules, never
// anyone else's.

import { Inject, Injectable } from '@nestjs/common';
import type { IpProtocol, SecurityGroup, SecurityGroupRule } from '@app/contracts';
import { DEFAULT_SECURITY_GROUP } from '@app/domain';
import type { SqlDb } from '@app/event-store';
import { APP_DB, PlatformConfig } from '@app/platform';
import { SECURITY_GROUP_RULES_TABLE, SECURITY_GROUPS_TABLE } from './security-group.projection';

interface GroupRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
}

interface RuleRow {
  id: string;
  parent_group_id: string;
  ip_protocol: IpProtocol | null;
  from_port: number | null;
  to_port: number | null;
  cidr: string | null;
  source_group_id: string | null;
  source_group_name: string | null;
  source_tenant_id: string | null;
}

const RULE_COLUMNS = 'id, parent_group_id, ip_protocol, from_port, to_port, cidr, source_group_id, source_group_name, source_tenant_id';

function ruleOf(r: RuleRow): SecurityGroupRule {
  return {
    id: Number(r.id),
    parentGroupId: Number(r.parent_group_id),
    ipProtocol: r.ip_protocol,
    fromPort: r.from_port,
    toPort: r.to_port,
    cidr: r.cidr,
    group: r.source_group_id === null ? null : { id: Number(r.source_group_id), name: r.source_group_name!, tenantId: r.source_tenant_id! },
  };
}

@Injectable()
export class SecurityGroupQueries {
  private readonly groups: string;
  private readonly rules: string;

  constructor(
    @Inject(APP_DB) private readonly db: SqlDb,
    config: PlatformConfig,
  ) {
    this.groups = `"${config.appSchema}".${SECURITY_GROUPS_TABLE}`;
    this.rules = `"${config.appSchema}".${SECURITY_GROUP_RULES_TABLE}`;
  }

  /** Has the read model the tenant's `default` group yet? */
  async hasDefault(tenantId: string): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM ${this.groups} WHERE tenant_id = $1 AND name = $2`, [tenantId, DEFAULT_SECURITY_GROUP]);
    return rows.length > 0;
  }

  /** The tenant's groups with their rules, oldest first. */
  async list(tenantId: string): Promise<SecurityGroup[]> {
    const { rows } = await this.db.query<GroupRow>(`SELECT id, tenant_id, name, description FROM ${this.groups} WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
    return this.withRules(rows);
  }

  async get(tenantId: string, id: number): Promise<SecurityGroup | undefined> {
    const { rows } = await this.db.query<GroupRow>(`SELECT id, tenant_id, name, description FROM ${this.groups} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return (await this.withRules(rows))[0];
  }

  /** Is this one of the tenant's (live) groups? */
  async has(tenantId: string, id: number): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM ${this.groups} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows.length > 0;
  }

  /** A rule of one of the tenant's groups. */
  async rule(tenantId: string, id: number): Promise<SecurityGroupRule | undefined> {
    const { rows } = await this.db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ${this.rules} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ? ruleOf(rows[0]) : undefined;
  }

  private async withRules(groups: GroupRow[]): Promise<SecurityGroup[]> {
    if (groups.length === 0) return [];
    const { rows } = await this.db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ${this.rules} WHERE parent_group_id = ANY($1::bigint[]) ORDER BY id`, [
      groups.map((g) => g.id),
    ]);
    const rules = rows.map(ruleOf);
    return groups.map((g) => ({
      id: Number(g.id), tenantId: g.tenant_id, name: g.name, description: g.description, rules: rules.filter((r) => r.parentGroupId === Number(g.id)),
    }));
  }
}
