/**
 * The import graph the README's Architecture section draws, as rules that
 * `npm test` checks (npm run deps). Each folder lists what it may import; an
 * arrow not listed here fails the run, and so does any cycle.
 *
 *   shared  ← device ← app, sw          (browser runtimes)
 *   shared  ← ui ← app, console          (Preact components both apps show)
 *   shared  ← worker
 *   shared  ← node ← publisher ← server ← admin   (the server loads the publisher only for the console)
 *   build   → app (prerender), publisher, server, node, shared
 *   harness → src, build                (real stacks for tests and bench)
 *   bench   → src, build, harness
 *   tests   → anything
 */
const SRC = '^src/';

/** What each folder may import of ours, besides itself. */
const ALLOWED = {
  'src/shared': [],
  'src/device': ['src/shared'],
  'src/ui': ['src/shared'],
  'src/app': ['src/shared', 'src/device', 'src/ui'],
  'src/console': ['src/shared', 'src/ui'],
  'src/sw': ['src/shared', 'src/device'],
  'src/worker': ['src/shared'],
  'src/node': ['src/shared'],
  'src/publisher': ['src/shared', 'src/node'],
  'src/server': ['src/shared', 'src/node', 'src/publisher'],
  'src/admin': ['src/shared', 'src/node', 'src/server'],
  build: ['src/shared', 'src/node', 'src/app', 'src/publisher', 'src/server'],
  harness: ['src', 'build'],
  bench: ['src', 'build', 'harness'],
};

const OURS = ['src', 'build', 'harness', 'bench', 'tests'];
const escape = (path) => path.replace(/[/.]/g, '\\$&');
const under = (folders) => `^(${folders.map(escape).join('|')})/`;

const layerRules = Object.entries(ALLOWED).map(([from, allowed]) => ({
  name: `${from.replace(/\//g, '-')}-imports-only-${allowed.length ? allowed.join('+').replace(/\//g, '-') : 'itself'}`,
  comment: `${from}/ may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (and itself)`,
  severity: 'error',
  from: { path: under([from]) },
  to: {
    path: under(OURS),
    pathNot: [under([from, ...allowed])],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-cycles',
      comment: 'A cycle, even of types only, means two modules are one: merge them or move what they share out',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'indexeddb-only-in-device',
      comment: 'IndexedDB is reached through src/device only, so the schema, its upgrades and its transactions live in one place',
      severity: 'error',
      from: { path: SRC, pathNot: '^src/device/' },
      to: { path: '(^|/)node_modules/(idb|fake-indexeddb)/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'src/shared runs in every runtime: no Node built-ins',
      severity: 'error',
      from: { path: '^src/(shared|device|ui|app|console|sw|worker)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shipped-code-uses-dependencies-only',
      comment: 'dist-server/server.js runs after npm ci --omit=dev, and what reaches a kiosk is pinned like a dependency: neither may import a devDependency',
      severity: 'error',
      from: { path: '^src/(server|publisher|node|shared|ui|app|console|device|sw|worker)/' },
      // Types are gone once compiled: @types packages stay devDependencies.
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-publish-time-code-in-browser-bundles',
      comment: 'The schema library, the Markdown parser, YAML, CSV, QR code, zip, Word, look-alike and statistics libraries are for the server and the publisher: every byte shipped to a kiosk is paid for at 8 KB/s, and the console keeps its budget',
      severity: 'error',
      from: { path: '^src/(app|console|ui|device|sw|worker)/' },
      to: { path: '(^|/)node_modules/(valibot|yaml|mdast-[^/]+|micromark[^/]*|@xmldom|uqr|csv-[^/]+|confusables|fflate|mammoth|turndown|@stdlib)/', reachable: true },
    },
    {
      name: 'spaced-repetition-only-in-follow-up',
      comment: 'ts-fsrs loads in the follow-up chunk alone (its own budget): never in the first render, the kiosk chunk or the service worker',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/follow-up/' },
      to: { path: '(^|/)node_modules/ts-fsrs/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-server|published|\\.tsbuild)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
