// The load scenarios, after Rally's NovaServers: boot a server and wait for ACTIVE, do
// something with it (list, reboot, snapshot), delete it and wait until it is gone; and
// allocate and release a floating IP. Each step is a timed client phase; a failure ends the
// iteration with an error type (http_<status>, error_state, timeout_active, ...).
// Rally: rally_openstack/task/scenarios/nova/servers.py (boot_and_delete_server,
// boot_and_list_server, boot_and_bounce_server, snapshot_server) and, through nova-network's
// os-floating-ips, NeutronNetworks.create_and_delete_floating_ips.

import type { Clock } from './clock';
import type { Credentials, ScenarioName, ServerOutcome } from './load-types';
import { type HttpAnswer, httpError, IterationError, type TenantSessions } from './nova-client';
import { pollUntil, type ProbeResult } from './poll';
import { type Random, randomHex } from './prng';

/** What one iteration has at hand. `phase` times a step: the first from when the iteration was due. */
export interface IterationContext {
  index: number;
  tenant: Credentials;
  sessions: TenantSessions;
  clock: Clock;
  random: Random;
  imageRef: string;
  flavorRef: string;
  timeoutMs: number;
  namePrefix: string;
  serverMetadata: Record<string, string>;
  /** Records a server the iteration asks for, for the run's list of servers. */
  track(server: ServerOutcome): void;
  phase<T>(name: string, step: () => Promise<T>): Promise<T>;
}

export type Scenario = (ctx: IterationContext) => Promise<void>;

/** The client-side phases each scenario times, in order (plus `total` for a whole iteration). */
export const CLIENT_PHASES: Record<ScenarioName, readonly string[]> = {
  'boot-and-delete': ['boot', 'delete'],
  'boot-and-list': ['boot', 'list', 'delete'],
  'boot-reboot-delete': ['boot', 'reboot', 'delete'],
  'boot-snapshot-delete': ['boot', 'snapshot', 'delete_image', 'delete'],
  'create-and-delete-floating-ip': ['create_floating_ip', 'delete_floating_ip'],
};

/** Whether a scenario boots servers (and so has server-side phases in the events). */
export function bootsServers(scenario: ScenarioName): boolean {
  return scenario !== 'create-and-delete-floating-ip';
}

function call(ctx: IterationContext, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
  return ctx.sessions.call(ctx.tenant, method, path, body);
}

function expectStatus(what: string, answer: HttpAnswer, ...statuses: number[]): void {
  if (!statuses.includes(answer.status)) throw httpError(what, answer);
}

/** POST /servers, then GET /servers/{id} until ACTIVE. */
async function boot(ctx: IterationContext): Promise<ServerOutcome> {
  return ctx.phase('boot', async () => {
    const session = await ctx.sessions.session(ctx.tenant);
    const server: ServerOutcome = { uuid: null, id: null, tenantId: session.tenantId, accepted: false, finalStatus: null };
    ctx.track(server);
    const name = `${ctx.namePrefix}-${ctx.index}-${randomHex(ctx.random, 6)}`;
    const metadata = { load_iteration: String(ctx.index), ...ctx.serverMetadata };
    const answer = await call(ctx, 'POST', '/servers', { server: { name, imageRef: ctx.imageRef, flavorRef: ctx.flavorRef, metadata } });
    expectStatus('POST /servers', answer, 202);
    const created = answer.body?.server;
    if (created?.id === undefined || typeof created?.uuid !== 'string') throw new IterationError('bad_answer', 'POST /servers: 202 without a server id and uuid');
    server.accepted = true;
    server.id = String(created.id);
    server.uuid = created.uuid;
    server.finalStatus = created.status ?? null;
    await waitForActive(ctx, server);
    return server;
  });
}

/** The server's status, or a terminal error: ERROR is error_state, 404 and other 4xx are http_<status>. */
async function probeServer(ctx: IterationContext, server: ServerOutcome): Promise<HttpAnswer> {
  const answer = await call(ctx, 'GET', `/servers/${server.id}`);
  if (answer.status >= 500) throw httpError(`GET /servers/${server.id}`, answer);
  return answer;
}

async function waitForActive(ctx: IterationContext, server: ServerOutcome): Promise<void> {
  await pollUntil({ clock: ctx.clock, random: ctx.random, timeoutMs: ctx.timeoutMs, timeoutType: 'timeout_active', what: `server ${server.id} to be ACTIVE` }, async (): Promise<ProbeResult<void>> => {
    const answer = await probeServer(ctx, server);
    if (answer.status !== 200) throw httpError(`GET /servers/${server.id}`, answer);
    const status = String(answer.body?.server?.status);
    server.finalStatus = status;
    if (status === 'ACTIVE') return { done: true, value: undefined };
    if (status.startsWith('ERROR')) {
      const fault = answer.body.server.fault;
      throw new IterationError('error_state', `server ${server.id} is ${status}${fault ? `: ${fault.code} ${fault.message}` : ''}`);
    }
    return { done: false, seen: status };
  });
}

/** DELETE /servers/{id}, then GET until 404. */
async function deleteServer(ctx: IterationContext, server: ServerOutcome): Promise<void> {
  await ctx.phase('delete', async () => {
    expectStatus(`DELETE /servers/${server.id}`, await call(ctx, 'DELETE', `/servers/${server.id}`), 204);
    await pollUntil({ clock: ctx.clock, random: ctx.random, timeoutMs: ctx.timeoutMs, timeoutType: 'timeout_deleted', what: `server ${server.id} to be deleted` }, async (): Promise<ProbeResult<void>> => {
      const answer = await probeServer(ctx, server);
      if (answer.status === 404) {
        server.finalStatus = 'DELETED';
        return { done: true, value: undefined };
      }
      if (answer.status !== 200) throw httpError(`GET /servers/${server.id}`, answer);
      server.finalStatus = String(answer.body?.server?.status);
      return { done: false, seen: server.finalStatus };
    });
  });
}

/** GET /servers/detail, which must hold the server. */
async function listServers(ctx: IterationContext, server: ServerOutcome): Promise<void> {
  await ctx.phase('list', async () => {
    const answer = await call(ctx, 'GET', '/servers/detail');
    expectStatus('GET /servers/detail', answer, 200);
    const servers: { id: unknown }[] = answer.body?.servers ?? [];
    if (!servers.some((s) => String(s.id) === server.id)) throw new IterationError('not_listed', `GET /servers/detail: server ${server.id} is not in the list of ${servers.length}`);
  });
}

/** A SOFT reboot, then GET until ACTIVE with no task. */
async function rebootServer(ctx: IterationContext, server: ServerOutcome): Promise<void> {
  await ctx.phase('reboot', async () => {
    expectStatus(`POST /servers/${server.id}/action reboot`, await call(ctx, 'POST', `/servers/${server.id}/action`, { reboot: { type: 'SOFT' } }), 202);
    await waitForActive(ctx, server);
  });
}

/** createImage, then GET the image until ACTIVE; answers the image id. */
async function snapshotServer(ctx: IterationContext, server: ServerOutcome): Promise<string> {
  return ctx.phase('snapshot', async () => {
    const answer = await call(ctx, 'POST', `/servers/${server.id}/action`, { createImage: { name: `${ctx.namePrefix}-snap-${ctx.index}` } });
    expectStatus(`POST /servers/${server.id}/action createImage`, answer, 202);
    const location = answer.headers.get('location');
    const imageId = location?.split('/').filter(Boolean).pop();
    if (!imageId) throw new IterationError('bad_answer', `POST /servers/${server.id}/action createImage: 202 without a Location`);
    await pollUntil({ clock: ctx.clock, random: ctx.random, timeoutMs: ctx.timeoutMs, timeoutType: 'timeout_image_active', what: `image ${imageId} to be ACTIVE` }, async (): Promise<ProbeResult<void>> => {
      const image = await call(ctx, 'GET', `/images/${imageId}`);
      if (image.status !== 200) throw httpError(`GET /images/${imageId}`, image);
      const status = String(image.body?.image?.status);
      if (status === 'ACTIVE') return { done: true, value: undefined };
      if (status === 'ERROR') throw new IterationError('image_error', `image ${imageId} of server ${server.id} is ERROR`);
      return { done: false, seen: status };
    });
    return imageId;
  });
}

async function deleteImage(ctx: IterationContext, imageId: string): Promise<void> {
  await ctx.phase('delete_image', async () => expectStatus(`DELETE /images/${imageId}`, await call(ctx, 'DELETE', `/images/${imageId}`), 204));
}

export const SCENARIO_STEPS: Record<ScenarioName, Scenario> = {
  'boot-and-delete': async (ctx) => {
    const server = await boot(ctx);
    await deleteServer(ctx, server);
  },
  'boot-and-list': async (ctx) => {
    const server = await boot(ctx);
    await listServers(ctx, server);
    await deleteServer(ctx, server);
  },
  'boot-reboot-delete': async (ctx) => {
    const server = await boot(ctx);
    await rebootServer(ctx, server);
    await deleteServer(ctx, server);
  },
  'boot-snapshot-delete': async (ctx) => {
    const server = await boot(ctx);
    const imageId = await snapshotServer(ctx, server);
    await deleteImage(ctx, imageId);
    await deleteServer(ctx, server);
  },
  'create-and-delete-floating-ip': async (ctx) => {
    const id = await ctx.phase('create_floating_ip', async () => {
      const answer = await call(ctx, 'POST', '/os-floating-ips', {});
      expectStatus('POST /os-floating-ips', answer, 200);
      const floatingIp = answer.body?.floating_ip;
      if (floatingIp?.id === undefined) throw new IterationError('bad_answer', 'POST /os-floating-ips: 200 without a floating_ip id');
      return String(floatingIp.id);
    });
    await ctx.phase('delete_floating_ip', async () => expectStatus(`DELETE /os-floating-ips/${id}`, await call(ctx, 'DELETE', `/os-floating-ips/${id}`), 202));
  },
};
