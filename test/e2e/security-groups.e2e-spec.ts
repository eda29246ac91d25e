// The security_groups extension over real HTTP, against the built gateway, network and quota
// apps: the tenant's `default` group with the spec's seven rules on first use; groups listed,
// created (200), read and deleted (202), rules created (200) and deleted (202), in JSON and
// XML as the spec's examples show them, read from the gateway's read model right after each
// change; Nova's checks and faults; the spec's deletion semantics; maxSecurityGroups and
// maxSecurityGroupRules (413) with GET /limits following; tenant isolation; and replay of
// the read model equal to the live one.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../harness/wait-for';
import { DEFAULT_TENANTS, startGateway, type ApiResponse, type Gateway } from './support/gateway';

const { demo, alt, admin } = DEFAULT_TENANTS;
const XML = 'application/xml';
const NS = 'xmlns="http://docs.openstack.org/compute/api/v1.1"';

type User = 'demo' | 'alt' | 'admin';

interface RuleJson {
  from_port: number | null;
  group: { name?: string; tenant_id?: string };
  id: number;
  ip_protocol: string | null;
  ip_range: { cidr?: string };
  parent_group_id: number;
  to_port: number | null;
}

interface GroupJson {
  description: string;
  id: number;
  name: string;
  rules: RuleJson[];
  tenant_id: string;
}

describe('os-security-groups and os-security-group-rules', () => {
  let gw: Gateway;
  const tokens: Record<string, string> = {};
  const groupsOf = (tenant: string) => `/v1.1/${tenant}/os-security-groups`;
  const rulesOf = (tenant: string) => `/v1.1/${tenant}/os-security-group-rules`;
  const call = (user: User, method: string, path: string, options: { body?: unknown; accept?: string } = {}) => gw.call(method, path, { token: tokens[user], ...options });

  async function list(user: User = 'demo'): Promise<GroupJson[]> {
    const r = await call(user, 'GET', groupsOf(DEFAULT_TENANTS[user]));
    expect(r.status).toBe(200);
    return r.json().security_groups;
  }

  async function createGroup(name: string, user: User = 'demo', description = `${name} servers`): Promise<GroupJson> {
    const r = await call(user, 'POST', groupsOf(DEFAULT_TENANTS[user]), { body: { security_group: { name, description } } });
    expect(r.status).toBe(200);
    return r.json().security_group;
  }

  async function createRule(rule: Record<string, unknown>, user: User = 'demo'): Promise<ApiResponse> {
    return call(user, 'POST', rulesOf(DEFAULT_TENANTS[user]), { body: { security_group_rule: rule } });
  }

  async function absolute(user: User): Promise<Record<string, number>> {
    return (await call(user, 'GET', `/v1.1/${DEFAULT_TENANTS[user]}/limits`)).json().limits.absolute;
  }

  const expectFault = (r: ApiResponse, code: number, element: string, message?: string | RegExp) => {
    expect({ status: r.status, body: r.json() }).toMatchObject({ status: code, body: { [element]: { code } } });
    if (message !== undefined) expect(r.json()[element].message).toMatch(message);
  };

  beforeAll(async () => {
    gw = await startGateway({}, { apps: ['network', 'quota'] });
    for (const user of ['demo', 'alt', 'admin'] as const) tokens[user] = await gw.token(user);
  }, 180_000);
  afterAll(() => gw?.stop(), 60_000);

  it('is listed as the security_groups extension', async () => {
    const r = await call('demo', 'GET', `/v1.1/${demo}/extensions/security_groups`);
    expect(r.json().extension).toMatchObject({ alias: 'security_groups', name: 'SecurityGroups' });
  });

  it("lists the tenant's default group on first use, with the spec's seven rules", async () => {
    const [group] = await list();
    expect(group).toMatchObject({ name: 'default', description: 'default', tenant_id: demo });
    const self = { name: 'default', tenant_id: demo };
    const anywhere = { cidr: '0.0.0.0/0' };
    expect(group.rules.map(({ id, ...rule }) => (expect(Number.isInteger(id)).toBe(true), rule))).toEqual([
      { from_port: 22, group: {}, ip_protocol: 'tcp', ip_range: anywhere, parent_group_id: group.id, to_port: 22 },
      { from_port: 80, group: {}, ip_protocol: 'tcp', ip_range: anywhere, parent_group_id: group.id, to_port: 80 },
      { from_port: 443, group: {}, ip_protocol: 'tcp', ip_range: anywhere, parent_group_id: group.id, to_port: 443 },
      { from_port: -1, group: {}, ip_protocol: 'icmp', ip_range: anywhere, parent_group_id: group.id, to_port: -1 },
      { from_port: -1, group: self, ip_protocol: 'icmp', ip_range: {}, parent_group_id: group.id, to_port: -1 },
      { from_port: 1, group: self, ip_protocol: 'tcp', ip_range: {}, parent_group_id: group.id, to_port: 65535 },
      { from_port: 1, group: self, ip_protocol: 'udp', ip_range: {}, parent_group_id: group.id, to_port: 65535 },
    ]);
    expect(Object.keys(group)).toEqual(['description', 'id', 'name', 'rules', 'tenant_id']);
    expect(Object.keys(group.rules[0])).toEqual(['from_port', 'group', 'id', 'ip_protocol', 'ip_range', 'parent_group_id', 'to_port']);
    // The same group, once, however it is asked for; it counts as one of the tenant's groups.
    expect(await list()).toEqual([group]);
    expect((await call('demo', 'GET', `${groupsOf(demo)}/${group.id}`)).json()).toEqual({ security_group: group });
    await waitFor('the default group counted', async () => (await absolute('demo')).totalSecurityGroupsUsed === 1);
  });

  it('answers the list and a group in XML as the spec shows', async () => {
    const [group] = await list();
    const r = await call('demo', 'GET', `${groupsOf(demo)}.xml`);
    expect(r.status).toBe(200);
    const [ssh, , , , icmpSelf] = group.rules;
    expect(r.text).toContain(
      `<security_groups ${NS}><security_group id="${group.id}" name="default" tenant_id="${demo}"><rules>` +
        `<rule id="${ssh.id}" parent_group_id="${group.id}"><from_port>22</from_port><group/><ip_protocol>tcp</ip_protocol><to_port>22</to_port><ip_range><cidr>0.0.0.0/0</cidr></ip_range></rule>`,
    );
    expect(r.text).toContain(
      `<rule id="${icmpSelf.id}" parent_group_id="${group.id}"><from_port>-1</from_port><group><tenant_id>${demo}</tenant_id><name>default</name></group>` +
        '<ip_protocol>icmp</ip_protocol><to_port>-1</to_port><ip_range/></rule>',
    );
    expect(r.text).toContain('</rules><description>default</description></security_group></security_groups>');
    const one = await call('demo', 'GET', `${groupsOf(demo)}/${group.id}`, { accept: XML });
    expect(one.text).toContain(`<security_group id="${group.id}" name="default" tenant_id="${demo}" ${NS}><rules><rule id="${ssh.id}"`);
  });

  it('creates a group (200) in JSON and in XML, readable at once', async () => {
    const created = await createGroup('security-group-1', 'demo', 'Security group 1');
    expect(created).toEqual({ description: 'Security group 1', id: created.id, name: 'security-group-1', rules: [], tenant_id: demo });
    expect((await call('demo', 'GET', `${groupsOf(demo)}/${created.id}`)).json()).toEqual({ security_group: created });

    const xmlBody = '<?xml version="1.0" ?>\n<security_group name="security-group-2">\n  <description>\n    Security group 2\n  </description>\n</security_group>';
    const r = await gw.call('POST', groupsOf(demo), { token: tokens.demo, body: xmlBody, accept: XML });
    expect(r.status).toBe(200);
    const id = /id="(\d+)"/.exec(r.text)![1];
    expect(r.text).toContain(`<security_group id="${id}" name="security-group-2" tenant_id="${demo}" ${NS}><rules/><description>Security group 2</description></security_group>`);
    expect((await list()).map((g) => g.name)).toEqual(['default', 'security-group-1', 'security-group-2']);
  });

  it("refuses a bad name or description, a name the tenant has, or a body without security_group (400)", async () => {
    const post = (body: unknown) => call('demo', 'POST', groupsOf(demo), { body });
    expectFault(await post({ security_group: { name: '  ', description: 'd' } }), 400, 'badRequest', 'Security group name cannot be empty.');
    expectFault(await post({ security_group: { description: 'd' } }), 400, 'badRequest', 'Security group name is not a string or unicode');
    expectFault(await post({ security_group: { name: 'n' } }), 400, 'badRequest', 'Security group description is not a string or unicode');
    expectFault(await post({ security_group: { name: 'x'.repeat(256), description: 'd' } }), 400, 'badRequest', 'Security group name should not be greater than 255 characters.');
    expectFault(await post({ security_group: { name: 'caf\u00e9', description: 'd' } }), 400, 'badRequest', /GroupName is invalid/);
    expectFault(await post({ security_group: { name: 'security-group-1', description: 'd' } }), 400, 'badRequest', 'Security group security-group-1 already exists');
    expectFault(await post({ security_group: { name: 'default', description: 'd' } }), 400, 'badRequest', 'Security group default already exists');
    expectFault(await post({ name: 'x' }), 400, 'badRequest', /security_group/);
    expectFault(await post('{"security_group": '), 400, 'badRequest');
    const xml = await gw.call('POST', groupsOf(demo), { token: tokens.demo, body: '<security_group name=""><description>d</description></security_group>', accept: XML });
    expect(xml.status).toBe(400);
    expect(xml.xml().badRequest.code).toBe('400');
  });

  it("creates rules (200): the spec's example as sent, protocols in any case, group rules, a null group_id next to a cidr", async () => {
    const web = await createGroup('web');
    const example = await createRule({ cidr: '0.0.0.0/0', from_port: '80', ip_protocol: 'tcp', parent_group_id: String(web.id), to_port: '8080' });
    expect(example.status).toBe(200);
    const rule: RuleJson = example.json().security_group_rule;
    expect(rule).toEqual({ from_port: 80, group: {}, id: rule.id, ip_protocol: 'tcp', ip_range: { cidr: '0.0.0.0/0' }, parent_group_id: web.id, to_port: 8080 });

    const upper = (await createRule({ parent_group_id: web.id, ip_protocol: 'UDP', from_port: 53, to_port: 53, cidr: '10.0.0.0/8', group_id: null })).json().security_group_rule;
    expect(upper).toMatchObject({ ip_protocol: 'udp', from_port: 53, to_port: 53, ip_range: { cidr: '10.0.0.0/8' }, group: {} });
    const [defaultGroup] = await list();
    const fromDefault = (await createRule({ parent_group_id: web.id, group_id: defaultGroup.id })).json().security_group_rule;
    expect(fromDefault).toMatchObject({ ip_protocol: null, from_port: null, to_port: null, ip_range: {}, group: { name: 'default', tenant_id: demo } });
    const icmp = (await createRule({ parent_group_id: web.id, group_id: web.id, ip_protocol: 'icmp' })).json().security_group_rule;
    expect(icmp).toMatchObject({ ip_protocol: 'icmp', from_port: -1, to_port: -1, group: { name: 'web', tenant_id: demo } });

    const xmlRule = '<security_group_rule xmlns="http://docs.openstack.org/compute/api/v1.1"><parent_group_id>' + web.id +
      '</parent_group_id><from_port>443</from_port><ip_protocol>tcp</ip_protocol><to_port>443</to_port><cidr>0.0.0.0/0</cidr></security_group_rule>';
    const x = await gw.call('POST', rulesOf(demo), { token: tokens.demo, body: xmlRule, accept: XML });
    expect(x.status).toBe(200);
    const xid = /<security_group_rule id="(\d+)"/.exec(x.text)![1];
    expect(x.text).toContain(
      `<security_group_rule id="${xid}" parent_group_id="${web.id}" ${NS}><from_port>443</from_port><group/><ip_protocol>tcp</ip_protocol><to_port>443</to_port><ip_range><cidr>0.0.0.0/0</cidr></ip_range></security_group_rule>`,
    );
    // All of them in the group at once, oldest first.
    const got: GroupJson = (await call('demo', 'GET', `${groupsOf(demo)}/${web.id}`)).json().security_group;
    expect(got.rules.map((r) => r.id)).toEqual([rule.id, upper.id, fromDefault.id, icmp.id, Number(xid)]);
  });

  it('refuses bad rules with 400 naming the field, a rule the group has with 400, a parent that is not the tenant\'s with 404', async () => {
    const db = await createGroup('db');
    const rule = (fields: Record<string, unknown>) => createRule({ parent_group_id: db.id, ...fields });
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 8080, to_port: 80, cidr: '0.0.0.0/0' }), 400, 'badRequest', /Invalid port range 8080:80.*Former value cannot be greater than the later/);
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 0, to_port: 80, cidr: '0.0.0.0/0' }), 400, 'badRequest', /Valid TCP ports should be between 1-65535/);
    expectFault(await rule({ ip_protocol: 'icmp', from_port: 256, to_port: 0, cidr: '0.0.0.0/0' }), 400, 'badRequest', /For ICMP, the type:code must be valid/);
    expectFault(await rule({ ip_protocol: 'gre', from_port: 1, to_port: 2, cidr: '0.0.0.0/0' }), 400, 'badRequest', /ip_protocol must be tcp, udp or icmp/);
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 'a', to_port: 2, cidr: '0.0.0.0/0' }), 400, 'badRequest', /from_port must be an integer/);
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0/33' }), 400, 'badRequest', /Invalid cidr '10.0.0.0\/33'/);
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '0.0.0.0/0', group_id: db.id }), 400, 'badRequest', /Exactly one of cidr and group_id/);
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 1, to_port: 2 }), 400, 'badRequest', /Exactly one of cidr and group_id/);
    expectFault(await rule({ cidr: '0.0.0.0/0' }), 400, 'badRequest', /Not enough parameters to build a valid rule/);
    expectFault(await rule({ ip_protocol: 'tcp', from_port: 1, to_port: 2, group_id: 99999999 }), 400, 'badRequest', /Security group 99999999 not found: group_id/);
    expectFault(await createRule({ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '0.0.0.0/0' }), 400, 'badRequest', 'parent_group_id is required');
    expectFault(await createRule({ parent_group_id: 'x', ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '0.0.0.0/0' }), 400, 'badRequest', /parent_group_id must be an integer/);
    expectFault(await call('demo', 'POST', rulesOf(demo), { body: { rule: {} } }), 400, 'badRequest', /security_group_rule/);

    expect((await rule({ ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr: '10.0.0.0/8' })).status).toBe(200);
    expectFault(await rule({ ip_protocol: 'TCP', from_port: '5432', to_port: 5432, cidr: '10.0.0.0/8' }), 400, 'badRequest', `This rule already exists in group ${db.id}`);
    expectFault(await createRule({ parent_group_id: 99999999, ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '0.0.0.0/0' }), 404, 'itemNotFound', 'Security group 99999999 not found.');
  });

  it("deletes rules and groups (202), as the spec says: never default, a deleted group gone and its rules frozen", async () => {
    const app = await createGroup('app');
    const rule: RuleJson = (await createRule({ parent_group_id: app.id, ip_protocol: 'tcp', from_port: 8000, to_port: 8000, cidr: '0.0.0.0/0' })).json().security_group_rule;
    const r = await call('demo', 'DELETE', `${rulesOf(demo)}/${rule.id}`);
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    expect((await call('demo', 'GET', `${groupsOf(demo)}/${app.id}`)).json().security_group.rules).toEqual([]);
    expectFault(await call('demo', 'DELETE', `${rulesOf(demo)}/${rule.id}`), 404, 'itemNotFound', `Rule (${rule.id}) not found`);
    expectFault(await call('demo', 'DELETE', `${rulesOf(demo)}/abc`), 400, 'badRequest', /id should be integer/);

    const [defaultGroup] = await list();
    expectFault(await call('demo', 'DELETE', `${groupsOf(demo)}/${defaultGroup.id}`), 400, 'badRequest', "Unable to delete system group 'default'");

    const kept: RuleJson = (await createRule({ parent_group_id: app.id, ip_protocol: 'tcp', from_port: 9000, to_port: 9000, cidr: '0.0.0.0/0' })).json().security_group_rule;
    expect((await call('demo', 'DELETE', `${groupsOf(demo)}/${app.id}`)).status).toBe(202);
    expectFault(await call('demo', 'GET', `${groupsOf(demo)}/${app.id}`), 404, 'itemNotFound', `Security group ${app.id} not found.`);
    expect((await list()).map((g) => g.name)).not.toContain('app');
    expectFault(await createRule({ parent_group_id: app.id, ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '0.0.0.0/0' }), 404, 'itemNotFound');
    expectFault(await call('demo', 'DELETE', `${rulesOf(demo)}/${kept.id}`), 404, 'itemNotFound');
    expectFault(await call('demo', 'DELETE', `${groupsOf(demo)}/${app.id}`), 404, 'itemNotFound');
    expectFault(await call('demo', 'GET', `${groupsOf(demo)}/abc`), 400, 'badRequest', /id should be integer/);
    // The network app keeps the deleted group's rules for the servers that have it.
    const rows = await gw.database.query<{ id: string }>('SELECT id FROM network.security_group_rules WHERE parent_group_id = $1', [app.id]);
    expect(rows.map((row) => Number(row.id))).toEqual([kept.id]);
    // The name is free again.
    expect((await createGroup('app')).id).not.toBe(app.id);
  });

  it("keeps tenants apart: another tenant's groups and rules are not found", async () => {
    const mine = await createGroup('private');
    const rule: RuleJson = (await createRule({ parent_group_id: mine.id, ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '0.0.0.0/0' })).json().security_group_rule;
    const theirs = await list('alt');
    expect(theirs.map((g) => [g.name, g.tenant_id])).toEqual([['default', alt]]);
    expectFault(await call('alt', 'GET', `${groupsOf(alt)}/${mine.id}`), 404, 'itemNotFound');
    expectFault(await call('alt', 'DELETE', `${groupsOf(alt)}/${mine.id}`), 404, 'itemNotFound');
    expectFault(await call('alt', 'DELETE', `${rulesOf(alt)}/${rule.id}`), 404, 'itemNotFound');
    expectFault(await createRule({ parent_group_id: mine.id, ip_protocol: 'tcp', from_port: 3, to_port: 4, cidr: '0.0.0.0/0' }, 'alt'), 404, 'itemNotFound');
    expectFault(await createRule({ parent_group_id: theirs[0].id, group_id: mine.id }, 'alt'), 400, 'badRequest', /group_id must name one of your security groups/);
    expect((await call('demo', 'GET', `${groupsOf(demo)}/${mine.id}`)).status).toBe(200);
  });

  it('refuses groups and rules beyond the quota with 413, and GET /limits follows the usage', async () => {
    // The admin's own tenant, untouched so far: its default group and seven rules count.
    expect((await list('admin')).map((g) => g.name)).toEqual(['default']);
    await waitFor('the default group counted', async () => (await absolute('admin')).totalSecurityGroupsUsed === 1);
    // GET /limits shows no rules in use (Nova's used_limits had none): ask the quota app's table.
    await waitFor('the default rules counted', async () => {
      const rows = await gw.database.query<{ in_use: number }>(`SELECT in_use FROM quota.quota_usages WHERE tenant_id = $1 AND resource = 'security_group_rules'`, [admin]);
      return rows[0]?.in_use === 7;
    });
    expect((await call('admin', 'PUT', `/v1.1/${admin}/os-quota-sets/${admin}`, { body: { quota_set: { security_groups: 2, security_group_rules: 8 } } })).status).toBe(200);

    const extra = await createGroup('extra', 'admin');
    expect(await absolute('admin')).toMatchObject({ maxSecurityGroups: 2, totalSecurityGroupsUsed: 2, maxSecurityGroupRules: 8 });
    const over = await call('admin', 'POST', groupsOf(admin), { body: { security_group: { name: 'one-too-many', description: 'd' } } });
    expectFault(over, 413, 'overLimit', /Quota exceeded for security_groups/);
    expect(over.json().overLimit.details).toBe('maxSecurityGroups is 2; 2 in use, 1 requested');

    const rule = { parent_group_id: extra.id, ip_protocol: 'tcp', cidr: '0.0.0.0/0' };
    expect((await createRule({ ...rule, from_port: 1, to_port: 1 }, 'admin')).status).toBe(200);
    const overRule = await createRule({ ...rule, from_port: 2, to_port: 2 }, 'admin');
    expectFault(overRule, 413, 'overLimit', /Quota exceeded for security_group_rules/);
    const overXml = await gw.call('POST', rulesOf(admin), { token: tokens.admin, body: { security_group_rule: { ...rule, from_port: 3, to_port: 3 } }, accept: XML });
    expect(overXml.status).toBe(413);
    expect(overXml.xml().overLimit.code).toBe('413');

    // Deleting the group gives back the group and its rule, once the quota app has counted it.
    expect((await call('admin', 'DELETE', `${groupsOf(admin)}/${extra.id}`)).status).toBe(202);
    await waitFor('the deletion counted', async () => (await absolute('admin')).totalSecurityGroupsUsed === 1);
    const again = await createGroup('again', 'admin');
    expect((await createRule({ ...rule, parent_group_id: again.id, from_port: 2, to_port: 2 }, 'admin')).status).toBe(200);
  });

  it('writes every change as an event in the group\'s stream', async () => {
    const g = await createGroup('audited');
    const rule: RuleJson = (await createRule({ parent_group_id: g.id, ip_protocol: 'tcp', from_port: 7, to_port: 7, cidr: '0.0.0.0/0' })).json().security_group_rule;
    await call('demo', 'DELETE', `${rulesOf(demo)}/${rule.id}`);
    await call('demo', 'DELETE', `${groupsOf(demo)}/${g.id}`);
    const events = await gw.database.query<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>(
      'SELECT type, data, metadata FROM event_store.events WHERE stream_name = $1 ORDER BY stream_version',
      [`securitygroup-${g.id}`],
    );
    expect(events.map((e) => e.type)).toEqual(['SecurityGroupCreated', 'SecurityGroupRuleCreated', 'SecurityGroupRuleDeleted', 'SecurityGroupDeleted']);
    expect(events[0].data).toMatchObject({ tenantId: demo, securityGroupId: g.id, name: 'audited', reservationId: expect.any(String) });
    expect(events[1].data).toMatchObject({ ruleId: String(rule.id), reservationId: expect.any(String), ipProtocol: 'tcp', fromPort: 7, toPort: 7 });
    expect(events[0].metadata).toMatchObject({ tenantId: demo, producer: 'network', correlationId: expect.stringMatching(/^req-/) });
  });

  it('rebuilds the security group read model from the log equal to the live one (npm run replay)', async () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, '..', '..', 'scripts', 'replay.ts')], {
      env: { ...process.env, DATABASE_URL: gw.database.url }, encoding: 'utf8', timeout: 60_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toContain('api-gateway/api-gateway-security-groups: equal');
    expect(output).toContain('api-gateway/api-gateway-floating-ips: equal');
  }, 90_000);
});
