// Jest runs in CommonJS mode; @swc/jest also transforms the ESM-only @nestjs packages (see docs/testing.md).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '(\\.spec\\.ts|\\.e2e-spec\\.ts)$',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: {
    '^@app/(contracts|event-store|domain|platform)$': '<rootDir>/libs/$1/src/index.ts',
    '^@app/(contracts|event-store|domain|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
  maxWorkers: 2,
};
