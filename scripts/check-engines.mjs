// Fails when a package that `npm ci` installs does not run on the oldest Node the product says it
// supports (package.json "engines.node"): the same check npm makes as an EBADENGINE warning, made
// an error so a version bump that drops our Node is caught by `npm run lint`, not by a newcomer.
import { readFileSync } from 'node:fs';
import semver from 'semver';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const range = root.engines?.node;
const floor = range ? semver.minVersion(range) : null;
if (!floor) {
  console.error('check-engines: package.json has no usable "engines.node" range');
  process.exit(1);
}

// Packages allowed to declare a newer Node than ours, each with its reason (none today: pg-boss was
// ported to 10.4, issue 23).
const PENDING = {};

const bad = [];
const excepted = [];
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  const wants = entry.engines?.node;
  if (!path || !wants || typeof wants !== 'string') continue;
  // A range npm itself cannot read is not ours to judge (npm warns about none of those).
  if (!semver.validRange(wants)) continue;
  if (!semver.satisfies(floor, wants, { includePrerelease: true })) {
    const name = path.replace(/^.*node_modules\//, '');
    if (PENDING[name]) {
      console.warn(`check-engines: ${name}@${entry.version} needs node ${wants} (${PENDING[name]})`);
      excepted.push(name);
      continue;
    }
    bad.push(`${name}@${entry.version} needs node ${wants}`);
  }
}

if (bad.length > 0) {
  console.error(`check-engines: these packages do not run on Node ${floor} ("engines.node": "${range}"):`);
  for (const line of bad) console.error(`  ${line}`);
  console.error('Pin a version whose engines include it (npm view <pkg>@<version> engines), or raise engines.node.');
  process.exit(1);
}
const every = excepted.length > 0 ? `every installed package but ${excepted.join(', ')}` : 'every installed package';
console.log(`check-engines: ${every} runs on Node ${floor} ("engines.node": "${range}")`);
