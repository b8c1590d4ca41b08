// The dependency rule of DESIGN.md ("A may import B"), checked by dependency-cruiser over src/, commands/ and
// strategies/ (`npm run lint:deps`, part of `npm run lint`). Which *library* a folder may import (mongoose, agenda,
// kiteconnect, telegraf, discord.js, fastify; node I/O in the pure folders and the engine) stays in eslint.config.mjs; which of *our* folders a
// folder may import lives only here.
//
// Every folder has a layer (LAYERS, lowest first). A folder may import only folders of lower layers (and itself);
// the lines of DESIGN.md narrow that further for the folders they name. Each folder is covered by exactly one
// "may import" rule, so a bad import is reported once, under the rule it breaks: the DESIGN line for the folders
// DESIGN.md names, `no-upward-import` for the others. `no-folder-cycle` catches loops between folders inside one
// layer (sub-folders, or the composition roots app/ and cli/, which may import everything below them).
// test/lint/dependencyRules.test.ts breaks each rule once in a fixture tree and checks that the real tree passes.

/** Folders: name → path pattern (relative to the repository root). */
const FOLDERS = {
  core: '^src/core/',
  config: '^src/config/',
  calendar: '^src/calendar/',
  indicators: '^src/indicators/',
  analytics: '^src/analytics/',
  charts: '^src/charts/',
  log: '^src/log/',
  oms: '^src/oms/',
  risk: '^src/risk/',
  portfolio: '^src/portfolio/',
  brokerRules: '^src/brokers/[^/]+$',
  paper: '^src/brokers/paper/',
  kite: '^src/brokers/kite/',
  data: '^src/data/',
  notify: '^src/notify/',
  strategies: '^strategies/',
  engine: '^src/engine/',
  strategyLoader: '^src/strategyLoader/',
  backtest: '^src/backtest/',
  store: '^src/store/',
  services: '^src/services/',
  jobs: '^src/jobs/',
  commands: '^commands/',
  transports: '^src/transports/',
  http: '^src/http/',
  app: '^src/(app/|app\\.ts$)',
  cli: '^src/(cli/|cli\\.ts$)',
};

/** Lowest first; a folder may import only folders of earlier rows. */
const LAYERS = [
  ['core'],
  ['config', 'calendar', 'analytics', 'charts'],
  ['indicators', 'log'],
  ['oms'],
  ['risk'],
  ['portfolio', 'brokerRules'],
  ['paper', 'kite', 'data', 'notify', 'strategies'],
  ['engine'],
  ['strategyLoader'],
  ['backtest'],
  ['store'],
  ['services'],
  ['jobs', 'commands'],
  ['transports', 'http'],
  ['app'],
  ['cli'],
];

const PURE = ['core', 'calendar', 'indicators', 'analytics'];
const BELOW_SERVICES = LAYERS.slice(0, LAYERS.findIndex((row) => row.includes('store'))).flat();

/**
 * The lines of DESIGN.md: rule name → the folders it governs and what they may import. A folder not named here
 * may import every folder of a lower layer (`no-upward-import`).
 */
const DESIGN_LINES = {
  'core-imports-nothing-of-ours': { folders: ['core'], may: [] },
  'indicators-calendar-import-core-only': { folders: ['indicators', 'calendar'], may: ['core', 'calendar'] },
  'strategies-see-core-and-indicators-only': { folders: ['strategies'], may: ['core', 'indicators'] },
  // Pure: state comes in as arguments. oms < risk < portfolio: the risk gate reads the OMS's book types.
  'pure-domain-imports-pure-only': { folders: ['oms', 'risk', 'portfolio'], may: [...PURE, 'oms', 'risk'] },
  // The kernel sees brokers and feeds only through the core interfaces: never brokers/kite (nor paper, data, I/O).
  'engine-imports-kernel-parts-only': { folders: ['engine'], may: [...PURE, 'oms', 'risk', 'portfolio'] },
  'backtest-imports-engine-paper-data-charts': {
    folders: ['backtest'],
    may: [...PURE, 'charts', 'oms', 'risk', 'portfolio', 'brokerRules', 'paper', 'data', 'engine', 'strategyLoader'],
  },
  // store implements the storage ports (src/core/ports, or beside the pure consumer that owns them): downward only,
  // and nothing but the composition roots imports store (no other rule lists it).
  'store-imports-downward-only': { folders: ['store'], may: BELOW_SERVICES },
  // services reach storage through ports, never store/, and never a broker (the composition root hands them in).
  'services-use-engines-and-ports': {
    folders: ['services'],
    may: BELOW_SERVICES.filter((f) => !['paper', 'kite', 'brokerRules', 'strategies'].includes(f)),
  },
  'commands-use-services-and-core-only': { folders: ['commands'], may: ['core', 'services'] },
  // Front ends: parse, call a service, render. Never oms, jobs or store (issue 17), nor any engine below services.
  'front-ends-use-services-only': { folders: ['transports', 'http'], may: ['core', 'config', 'log', 'charts', 'notify', 'services', 'commands'] },
};

const layerOf = new Map(LAYERS.flatMap((row, i) => row.map((f) => [f, i])));
for (const f of Object.keys(FOLDERS)) if (!layerOf.has(f)) throw new Error(`.dependency-cruiser.cjs: folder ${f} has no layer`);

/** `may` must point downward: a DESIGN line can narrow the layering, never open an upward door. */
function mayImport(folder) {
  const line = Object.values(DESIGN_LINES).find((l) => l.folders.includes(folder));
  const lower = Object.keys(FOLDERS).filter((f) => layerOf.get(f) < layerOf.get(folder));
  if (!line) return lower;
  // Folders of one line import one another downward only (oms < risk < portfolio).
  const may = line.may.filter((m) => !line.folders.includes(m) || lower.includes(m));
  for (const m of may) {
    if (m !== folder && !lower.includes(m)) throw new Error(`.dependency-cruiser.cjs: ${folder} may import ${m}, which is not below it`);
  }
  return may;
}

const OURS = '^(src|commands|strategies)/';

function rule(name, folders, comment) {
  return folders.map((folder) => ({
    name,
    comment,
    severity: 'error',
    from: { path: FOLDERS[folder] },
    to: { path: OURS, pathNot: [FOLDERS[folder], ...mayImport(folder).map((m) => FOLDERS[m])] },
  }));
}

const designRules = Object.entries(DESIGN_LINES).flatMap(([name, line]) =>
  rule(name, line.folders, `DESIGN.md dependency rule: ${line.folders.join(', ')} may import ${line.may.join(', ') || 'nothing of ours'}.`),
);
const named = new Set(Object.values(DESIGN_LINES).flatMap((l) => l.folders));
const upwardRules = Object.keys(FOLDERS)
  .filter((f) => !named.has(f))
  .flatMap((f) => rule('no-upward-import', [f], `A folder imports only folders of lower layers (${f} is in layer ${layerOf.get(f)}; see LAYERS).`));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...designRules,
    ...upwardRules,
    {
      name: 'no-folder-cycle',
      comment: 'No two folders import each other, directly or around a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: OURS },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A file that imports nothing and that nothing imports is dead code (or a file nobody wired in).',
      severity: 'error',
      from: { orphan: true, pathNot: '\\.d\\.ts$' },
      to: {},
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
