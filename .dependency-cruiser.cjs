// Architecture rules of ../shared/STYLE.md, checked in CI by dependency-cruiser (npm run lint:arch).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain holds the pure state machines: no Nest, no database, no NATS, no other lib but contracts.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: '(^|/)node_modules/(@nestjs|typeorm|pg|@nats-io|fastify|pino)(/|$)|^libs/(event-store|platform)/|^apps/',
      },
    },
    {
      name: 'contracts-are-plain',
      comment: 'libs/contracts is the protocol: it depends on no app, no other lib, no infrastructure client.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '(^|/)node_modules/(typeorm|pg|@nats-io)(/|$)|^libs/(event-store|platform|domain)/|^apps/' },
    },
    {
      name: 'apps-do-not-import-apps',
      comment: 'Each app is its own process; they talk over NATS, never by importing each other.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-code-not-from-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.(spec|e2e-spec)\\.ts$' },
      to: { path: '^test/|\\.(spec|e2e-spec)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
