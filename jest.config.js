/** Jest: TypeScript (and ESM-only agenda/@agendajs) are compiled to CommonJS by @swc/jest. */
/** Class fields are assigned in the constructor, as tsc compiles them (tsconfig.json: useDefineForClassFields). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: false } },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(agenda|@agendajs)/)'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 30000,
  // Many suites wait on child processes, sockets and worker threads rather than the CPU: four workers finish the
  // suite sooner than Jest's default (cores − 1 = 1 on a 2-core machine): 81 s with 4 workers here, against 2–3 minutes.
  maxWorkers: 4,
};
