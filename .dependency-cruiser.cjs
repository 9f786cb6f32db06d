/**
 * The architecture, written as rules: `npm run lint` fails on any import that breaks one, naming
 * the rule and the import. docs/architecture.md explains the groups; this file is what holds them.
 * (Two rules are about code, not imports, so ESLint checks them: see "architecture" in eslint.config.js.)
 *
 * apps/api/src is six capability groups, each allowed to import only the groups below it:
 *
 *   entry      how the world reaches the product: tRPC procedures, Express routes, job registration, start-up
 *   intake     orders coming in: the one order contract, REST, CSV, Shopify, WooCommerce, products
 *   shipping   booking, iCarry's pushes, bulk, returns, labels and pickup, watchdog, billing, the admin's order views
 *   customer   the customer's side: tracking, the NDR answers, the WhatsApp replies
 *   outbox     what goes out: customer and admin messages, events to the store's systems
 *   platform   what everything stands on: config, deps, errors, logging, the queue, security, auth, branding
 *
 * testing/ (the test stack, exported as @app/api/testing) and index.ts (the package's types) sit above them all.
 */
const API = '^apps/api/src/';
const GROUPS = ['entry', 'intake', 'shipping', 'customer', 'outbox', 'platform'];

/** One rule per group: nothing imports a group above it. */
const downwardOnly = GROUPS.slice(1).map((group, i) => ({
  name: `groups-import-downward (${group})`,
  comment: `${group} may import only the groups below it: ${GROUPS.slice(i + 2).join(', ') || 'none'}.`,
  severity: 'error',
  from: { path: `${API}${group}/` },
  to: { path: `${API}(${GROUPS.slice(0, i + 1).join('|')}|testing)/` },
}));

/** A workspace's public entries are its package.json "exports"; everything else in it is its own business. */
const PUBLIC_ENTRIES = Object.fromEntries(
  ['packages/db', 'packages/shipping', 'apps/api'].map((pkg) => [
    pkg,
    Object.values(require(`./${pkg}/package.json`).exports).map((entry) => entry.replace(/^\.\//, '')),
  ]),
);
const noInternals = Object.entries(PUBLIC_ENTRIES).map(([pkg, entries]) => ({
  name: `no-package-internals (${pkg})`,
  comment: `From outside ${pkg}, import only its public entries (${entries.join(', ')}).`,
  severity: 'error',
  from: { pathNot: `^${pkg}/` },
  to: { path: `^${pkg}/`, pathNot: entries.map((e) => `^${pkg}/${e.replace(/\./g, '\\.')}$`) },
}));

module.exports = {
  forbidden: [
    ...downwardOnly,
    {
      name: 'no-folder-circles',
      comment: 'No two folders import each other, directly or round a longer loop.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-circles',
      comment: 'No module imports itself round a loop.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'transport-in-entry-only',
      comment: 'Only entry/ (and the test stack) speaks HTTP: Express and tRPC stay out of the capabilities.',
      severity: 'error',
      from: { path: '^apps/api/src/', pathNot: ['^apps/api/src/(entry|testing)/'] },
      to: { path: '(^|/)node_modules/(express|@trpc/server)/' },
    },
    ...noInternals,
    {
      name: 'web-imports-api-types-only',
      comment:
        'The admin bundle carries no server code: apps/web imports only types from the API (browser tests use its test stack).',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^apps/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'packages-stand-alone',
      comment: 'packages/ never import the apps; @app/shipping imports no other workspace (@app/db stands on it).',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'shipping-package-is-the-bottom',
      comment: '@app/shipping (iCarry, rules, sandbox) imports no other workspace package.',
      severity: 'error',
      from: { path: '^packages/shipping/' },
      to: { path: '^packages/(?!shipping/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests may reach into their own package (they sit beside the code they test); the rules are about the product.
    // bench/results is the bench's gitignored output (its child-server build links packages in).
    exclude: { path: ['/dist/', '/dist-ssr/', '\\.turbo/', '\\.test\\.tsx?$', '^bench/results/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
