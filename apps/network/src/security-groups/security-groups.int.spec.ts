// Security groups on real Postgres: the default group on first use (once, even when first uses
// race), create and its checks, rules and their checks, the spec's deletion semantics, tenant
// isolation, and the events each change writes in `securitygroup-<id>`.

import { Pool } from 'pg';
import {
  InvalidSecurityGroupError, SecurityGroupExistsError, SecurityGroupNotFoundError, SecurityGroupRuleExistsError, SecurityGroupRuleNotFoundError,
  type SecurityGroupRuleSpec, securityGroupStream,
} from '@app/contracts';
import { installEventStoreSchema, PgPoolDb, PostgresEventStore } from '@app/event-store';
import { createTestContext, type TestContext } from '../../../../test/harness/test-context';
import { NetworkEventWriter } from '../addresses/network-event-writer';
import { installNetworkTables } from '../migrations/install-network-tables';
import { SecurityGroupHandler } from './security-group.handler';
import { SecurityGroupsRepository } from './security-groups.repository';

const tcp = (from: number, to: number, cidr = '0.0.0.0/0'): SecurityGroupRuleSpec => ({ ipProtocol: 'tcp', fromPort: from, toPort: to, cidr, groupId: null });
const fromGroup = (groupId: number): SecurityGroupRuleSpec => ({ ipProtocol: null, fromPort: null, toPort: null, cidr: null, groupId });

describe('security groups (Postgres)', () => {
  let ctx: TestContext;
  let store: PostgresEventStore;
  let groups: SecurityGroupHandler;
  const pools: Pool[] = [];
  let seq = 0;
  const tenant = () => `${ctx.id}-tenant-${++seq}`;
  const correlationId = 'req-secgroups-int';

  function handlerOn(db: PgPoolDb): SecurityGroupHandler {
    return new SecurityGroupHandler(db, new SecurityGroupsRepository(ctx.appSchema), new NetworkEventWriter(new PostgresEventStore(db, { schema: ctx.eventStoreSchema })));
  }

  async function types(groupId: number): Promise<string[]> {
    return (await store.readStream(securityGroupStream(groupId))).map((e) => e.type);
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.pool.query(`CREATE SCHEMA IF NOT EXISTS "${ctx.eventStoreSchema}"`);
    await installEventStoreSchema(ctx.pool, ctx.eventStoreSchema);
    await installNetworkTables(ctx.pool, ctx.appSchema);
    store = new PostgresEventStore(ctx.db, { schema: ctx.eventStoreSchema });
    groups = handlerOn(ctx.db);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await ctx.dispose();
  });

  it("creates the tenant's default group with the spec's seven rules on first use, in one stream", async () => {
    const tenantId = tenant();
    const [group] = await groups.list({ tenantId, correlationId });
    expect(group).toMatchObject({ tenantId, name: 'default', description: 'default' });
    const self = { id: group.id, name: 'default', tenantId };
    expect(group.rules.map(({ ipProtocol, fromPort, toPort, cidr, group: source }) => ({ ipProtocol, fromPort, toPort, cidr, source }))).toEqual([
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', source: null },
      { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidr: '0.0.0.0/0', source: null },
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0', source: null },
      { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: '0.0.0.0/0', source: null },
      { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: null, source: self },
      { ipProtocol: 'tcp', fromPort: 1, toPort: 65535, cidr: null, source: self },
      { ipProtocol: 'udp', fromPort: 1, toPort: 65535, cidr: null, source: self },
    ]);
    for (const rule of group.rules) expect(rule.parentGroupId).toBe(group.id);

    const events = await store.readStream(securityGroupStream(group.id));
    expect(events.map((e) => e.type)).toEqual(['SecurityGroupCreated', ...Array(7).fill('SecurityGroupRuleCreated')]);
    expect(events[0].data).toEqual({ tenantId, securityGroupId: group.id, name: 'default', description: 'default' });
    expect(events[5].data).toEqual({
      tenantId, ruleId: String(group.rules[4].id), securityGroupId: group.id, ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidr: null, sourceGroup: self,
    });
    expect(events[0].metadata).toMatchObject({ correlationId, tenantId, producer: 'network' });

    // Asked again, in any way, it is the same group and nothing more is written.
    expect(await groups.get({ tenantId, id: group.id, correlationId })).toEqual(group);
    expect(await groups.find({ tenantId, names: ['default', 'default', 'nope'], correlationId })).toEqual([group]);
    expect(await types(group.id)).toHaveLength(8);
  });

  it('creates one default group when first uses race on two connection pools', async () => {
    const replicas = [0, 1].map(() => {
      const pool = new Pool({ connectionString: ctx.databaseUrl, max: 5 });
      pools.push(pool);
      return handlerOn(new PgPoolDb(pool));
    });
    const tenantId = tenant();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % 2].list({ tenantId, correlationId })));
    const ids = new Set(answers.map((a) => a.map((g) => g.id).join()));
    expect(ids.size).toBe(1);
    expect(answers[0]).toHaveLength(1);
    const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM "${ctx.appSchema}".security_groups WHERE tenant_id = $1`, [tenantId]);
    expect(rows[0].n).toBe(1);
  });

  it('creates a group with a checked name and description, once per live name, with the reservation in its event', async () => {
    const tenantId = tenant();
    const group = await groups.create({ tenantId, name: ' web ', description: 'Web servers ', reservationId: 'res-1', correlationId });
    expect(group).toMatchObject({ tenantId, name: 'web', description: 'Web servers', rules: [] });
    expect((await store.readStream(securityGroupStream(group.id)))[0].data).toEqual({
      tenantId, reservationId: 'res-1', securityGroupId: group.id, name: 'web', description: 'Web servers',
    });
    await expect(groups.create({ tenantId, name: 'web', description: 'again', correlationId })).rejects.toThrow(new SecurityGroupExistsError('web'));
    await expect(groups.create({ tenantId, name: 'default', description: 'mine', correlationId })).rejects.toThrow('Security group default already exists');
    await expect(groups.create({ tenantId, name: '', description: 'x', correlationId })).rejects.toThrow('Security group name cannot be empty.');
    await expect(groups.create({ tenantId, name: 'x', description: 'd'.repeat(256), correlationId })).rejects.toThrow(InvalidSecurityGroupError);
    // The same name in another tenant is another group.
    expect(await groups.create({ tenantId: tenant(), name: 'web', description: 'theirs', correlationId })).toMatchObject({ name: 'web' });
    expect((await groups.list({ tenantId, correlationId })).map((g) => g.name)).toEqual(['default', 'web']);
  });

  it('lets exactly one of many racing creates of one name win', async () => {
    const tenantId = tenant();
    await groups.list({ tenantId, correlationId });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => groups.create({ tenantId, name: 'race', description: 'r', correlationId })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(SecurityGroupExistsError);
  });

  it('adds and deletes rules: cidr and group rules, duplicates refused, parents and sources checked', async () => {
    const tenantId = tenant();
    const web = await groups.create({ tenantId, name: 'web', description: 'w', correlationId });
    const db = await groups.create({ tenantId, name: 'db', description: 'd', correlationId });
    const http = await groups.createRule({ tenantId, parentGroupId: web.id, rule: tcp(80, 8080), reservationId: 'res-r', correlationId });
    expect(http).toMatchObject({ parentGroupId: web.id, ipProtocol: 'tcp', fromPort: 80, toPort: 8080, cidr: '0.0.0.0/0', group: null });
    const fromWeb = await groups.createRule({ tenantId, parentGroupId: db.id, rule: { ...fromGroup(web.id), ipProtocol: 'tcp', fromPort: 5432, toPort: 5432 }, correlationId });
    expect(fromWeb.group).toEqual({ id: web.id, name: 'web', tenantId });

    await expect(groups.createRule({ tenantId, parentGroupId: web.id, rule: tcp(80, 8080), correlationId })).rejects.toThrow(new SecurityGroupRuleExistsError(web.id));
    // The same ports from elsewhere, or from a group with every protocol, are other rules.
    await groups.createRule({ tenantId, parentGroupId: web.id, rule: tcp(80, 8080, '10.0.0.0/8'), correlationId });
    await groups.createRule({ tenantId, parentGroupId: web.id, rule: fromGroup(db.id), correlationId });
    await expect(groups.createRule({ tenantId, parentGroupId: web.id, rule: fromGroup(db.id), correlationId })).rejects.toThrow(SecurityGroupRuleExistsError);

    const other = tenant();
    const theirs = await groups.create({ tenantId: other, name: 'theirs', description: 't', correlationId });
    await expect(groups.createRule({ tenantId, parentGroupId: theirs.id, rule: tcp(1, 2), correlationId })).rejects.toThrow(new SecurityGroupNotFoundError(`Security group ${theirs.id} not found.`));
    await expect(groups.createRule({ tenantId, parentGroupId: 99_999_999, rule: tcp(1, 2), correlationId })).rejects.toThrow(SecurityGroupNotFoundError);
    await expect(groups.createRule({ tenantId, parentGroupId: web.id, rule: fromGroup(theirs.id), correlationId })).rejects.toThrow(`Security group ${theirs.id} not found: group_id`);
    await expect(groups.createRule({ tenantId, parentGroupId: web.id, rule: { ...tcp(1, 2), ipProtocol: 'TCP' as never }, correlationId })).rejects.toThrow(InvalidSecurityGroupError);

    await expect(groups.deleteRule({ tenantId: other, id: http.id, correlationId })).rejects.toThrow(new SecurityGroupRuleNotFoundError(`Rule (${http.id}) not found`));
    expect(await groups.deleteRule({ tenantId, id: http.id, correlationId })).toEqual(http);
    await expect(groups.deleteRule({ tenantId, id: http.id, correlationId })).rejects.toThrow(SecurityGroupRuleNotFoundError);
    expect((await groups.get({ tenantId, id: web.id, correlationId })).rules.map((r) => r.cidr ?? r.group?.name)).toEqual(['10.0.0.0/8', 'db']);

    const events = await store.readStream(securityGroupStream(web.id));
    expect(events.map((e) => e.type)).toEqual(['SecurityGroupCreated', 'SecurityGroupRuleCreated', 'SecurityGroupRuleCreated', 'SecurityGroupRuleCreated', 'SecurityGroupRuleDeleted']);
    expect(events[1].data).toEqual({
      tenantId, reservationId: 'res-r', ruleId: String(http.id), securityGroupId: web.id, ipProtocol: 'tcp', fromPort: 80, toPort: 8080, cidr: '0.0.0.0/0', sourceGroup: null,
    });
    expect(events[4].data).toEqual({ tenantId, ruleId: String(http.id), securityGroupId: web.id });
  });

  it("deletes a group as the spec says: never default, found no more, rules frozen but kept, the name free again", async () => {
    const tenantId = tenant();
    const [defaultGroup] = await groups.list({ tenantId, correlationId });
    await expect(groups.delete({ tenantId, id: defaultGroup.id, correlationId })).rejects.toThrow(new InvalidSecurityGroupError("Unable to delete system group 'default'"));

    const app = await groups.create({ tenantId, name: 'app', description: 'a', correlationId });
    const rule = await groups.createRule({ tenantId, parentGroupId: app.id, rule: tcp(8000, 8000), correlationId });
    const fromApp = await groups.createRule({ tenantId, parentGroupId: defaultGroup.id, rule: fromGroup(app.id), correlationId });
    await expect(groups.delete({ tenantId: tenant(), id: app.id, correlationId })).rejects.toThrow(SecurityGroupNotFoundError);
    expect(await groups.delete({ tenantId, id: app.id, correlationId })).toEqual({ ...app, rules: [rule] });

    // Found by nothing: it can no longer be attached, nor its rules changed.
    await expect(groups.get({ tenantId, id: app.id, correlationId })).rejects.toThrow(SecurityGroupNotFoundError);
    expect(await groups.find({ tenantId, names: ['app'], correlationId })).toEqual([]);
    expect((await groups.list({ tenantId, correlationId })).map((g) => g.name)).toEqual(['default']);
    await expect(groups.createRule({ tenantId, parentGroupId: app.id, rule: tcp(9000, 9000), correlationId })).rejects.toThrow(SecurityGroupNotFoundError);
    await expect(groups.deleteRule({ tenantId, id: rule.id, correlationId })).rejects.toThrow(SecurityGroupRuleNotFoundError);
    await expect(groups.delete({ tenantId, id: app.id, correlationId })).rejects.toThrow(SecurityGroupNotFoundError);

    // Its rules stay for the servers that had it, and rules naming it keep naming it.
    const { rows } = await ctx.pool.query(`SELECT id FROM "${ctx.appSchema}".security_group_rules WHERE parent_group_id = $1`, [app.id]);
    expect(rows.map((r) => Number(r.id))).toEqual([rule.id]);
    expect((await groups.get({ tenantId, id: defaultGroup.id, correlationId })).rules.find((r) => r.id === fromApp.id)?.group).toEqual({ id: app.id, name: 'app', tenantId });

    // The name can be taken again, by a new group.
    const again = await groups.create({ tenantId, name: 'app', description: 'b', correlationId });
    expect(again.id).not.toBe(app.id);
    const events = await store.readStream(securityGroupStream(app.id));
    expect(events.map((e) => e.type)).toEqual(['SecurityGroupCreated', 'SecurityGroupRuleCreated', 'SecurityGroupDeleted']);
    expect(events[2].data).toEqual({ tenantId, securityGroupId: app.id, name: 'app' });
  });

  it("never shows another tenant's groups", async () => {
    const owner = tenant();
    const other = tenant();
    const mine = await groups.create({ tenantId: owner, name: 'private', description: 'p', correlationId });
    await expect(groups.get({ tenantId: other, id: mine.id, correlationId })).rejects.toThrow(SecurityGroupNotFoundError);
    expect(await groups.find({ tenantId: other, names: ['private'], correlationId })).toEqual([]);
    expect((await groups.list({ tenantId: other, correlationId })).map((g) => g.name)).toEqual(['default']);
  });
});
