// docker-compose.yml, the Dockerfile and the HAProxy config cannot be run here (no Docker
// engine), so their structure is checked instead: every app is a service of the one image with
// the start command `nest build` really produces, health checks on /readyz, start order by
// health, volumes for NATS and Postgres, nothing that stops `--scale` (container_name, fixed
// host ports, a fixed COMPUTE_AGENT_ID), and one proxy in front of the gateway replicas.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_NAMES, DEFAULT_HTTP_PORTS, portVariableOf } from '@app/platform/config/app-names';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// `merge: true` resolves the `<<: *app` keys as Compose does.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;
const nestCli = JSON.parse(read('nest-cli.json')) as { projects: Record<string, { sourceRoot: string; entryFile: string }> };
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

/** Where `nest build <app>` writes the app's entry point (monorepo mode, webpack off). */
const builtMain = (app: string) => `dist/apps/${app}/${nestCli.projects[app].sourceRoot}/${nestCli.projects[app].entryFile}.js`;

describe('docker-compose.yml', () => {
  it('runs NATS with JetStream on a volume and Postgres on a volume, both with health checks', () => {
    expect(services.nats.command).toEqual(expect.arrayContaining(['-js', '-sd', '/data']));
    expect(services.nats.volumes).toEqual(['nats-data:/data']);
    expect(services.nats.healthcheck?.test.join(' ')).toContain('js-enabled-only=true');
    expect(services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(Object.keys(compose.volumes).sort()).toEqual(['nats-data', 'postgres-data']);
  });

  it.each(APP_NAMES)('runs %s from the one image, with the built entry point, its port and a /readyz health check', (app) => {
    const service = services[app];
    const port = DEFAULT_HTTP_PORTS[app];
    expect(service.build).toBe('.');
    expect(service.image).toBe('nova-es:local');
    expect(service.command).toEqual(['node', builtMain(app)]);
    expect(scripts[`start:${app}`]).toBe(`node ${builtMain(app)}`);
    expect(service.environment).toMatchObject({ [portVariableOf(app)]: String(port), DATABASE_URL: expect.stringContaining('@postgres:5432/'), NATS_URL: 'nats://nats:4222' });
    expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
  });

  it.each(APP_NAMES)('starts %s only once NATS and Postgres are healthy', (app) => {
    expect(services[app].depends_on).toEqual({ nats: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
  });

  it.each(APP_NAMES)('lets %s scale: no container_name, no fixed host port', (app) => {
    const service = services[app];
    expect(service.container_name).toBeUndefined();
    // "8781" publishes on a host port Docker picks; "8781:8781" would clash at the second replica.
    for (const port of service.ports ?? []) expect(port).toMatch(/^\d+$/);
  });

  it('gives each compute-agent replica its own id (the container host name) and so its own hosts', () => {
    expect(services['compute-agent'].environment).not.toHaveProperty('COMPUTE_AGENT_ID');
  });

  it('puts one proxy on the API port in front of every gateway replica, once a gateway is healthy', () => {
    const proxy = services['api-proxy'];
    expect(services['api-gateway'].ports).toBeUndefined();
    expect(proxy.ports).toEqual(['${API_HOST_PORT:-8774}:8774']);
    expect(proxy.depends_on).toEqual({ 'api-gateway': { condition: 'service_healthy' } });
    expect(proxy.volumes).toEqual(['./config/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro']);
    expect(proxy.healthcheck?.test.join(' ')).toContain('/proxy-healthz');
    expect(services['api-gateway'].environment?.PUBLIC_URL).toContain('8774');

    const haproxy = read('config/haproxy/haproxy.cfg');
    expect(haproxy).toMatch(/^\s*bind :8774$/m);
    expect(haproxy).toMatch(/^\s*monitor-uri \/proxy-healthz$/m);
    expect(haproxy).toMatch(/^\s*option httpchk GET \/readyz$/m);
    // Replicas from Docker's DNS, so that `--scale api-gateway=N` needs no edit.
    expect(haproxy).toMatch(/^\s*server-template \S+ \d+ api-gateway:8774 .*resolvers docker/m);
    expect(haproxy).toMatch(/^\s*nameserver \S+ 127\.0\.0\.11:53$/m);
  });

  it('has a health check on every service', () => {
    for (const [name, service] of Object.entries(services)) expect([name, service.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => ({ image: m[1], name: m[2] }));

  it('builds in one stage and runs from a slim second one', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(dockerfile).toMatch(/^RUN npm ci .*\n/m);
    expect(dockerfile).toMatch(/^RUN npm run build && npm prune --omit=dev/m);
    for (const what of ['node_modules', 'dist']) expect(dockerfile).toContain(`COPY --from=build --chown=node:node /app/${what} ./${what}`);
    expect(dockerfile).toMatch(/^COPY --chown=node:node config \.\/config$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('starts the app APP names from the path nest build writes', () => {
    const cmd = /^CMD (.*)$/m.exec(dockerfile)![1];
    for (const app of APP_NAMES) {
      const command = (JSON.parse(cmd) as string[]).join(' ').replace(/\$\{APP\}/g, app);
      expect(command).toContain(`exec node ${builtMain(app)}`);
    }
  });

  it('copies what the build needs', () => {
    for (const file of ['package.json package-lock.json', 'tsconfig.json tsconfig.build.json nest-cli.json', 'libs ./libs', 'apps ./apps']) expect(dockerfile).toContain(`COPY ${file}`);
  });
});
