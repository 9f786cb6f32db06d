// node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
// Self time by function and by package/folder, from a V8 CPU profile (--cpu-prof / npm run bench -- --profile).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, topText] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = profile.endTime - profile.startTime;

function area(url: string): string {
  if (!url) return '(native/idle)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `npm:${nm[1]}`;
  const ws = /\/(apps\/[^/]+\/src\/[^/]+|packages\/[^/]+\/src\/[^/]+)/.exec(url);
  if (ws) return ws[1] ?? url;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}

const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url ? `${area(url)}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const a = functionName === '(idle)' ? '(idle)' : functionName === '(garbage collector)' ? '(gc)' : area(url);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
}
const busy = totalUs - (byArea.get('(idle)') ?? 0);
const pct = (us: number, of: number) => `${((us / of) * 100).toFixed(1)}%`.padStart(6);
console.log(
  `profile ${(totalUs / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${pct(busy, totalUs).trim()})\n\nself time by area (share of busy time):`,
);
for (const [a, us] of [...byArea]
  .filter(([a]) => a !== '(idle)')
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  console.log(`${pct(us, busy)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${a}`);
console.log('\nself time by function:');
for (const [f, us] of [...byFunction]
  .filter(([f]) => !f.startsWith('(idle)'))
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  console.log(`${pct(us, busy)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${f}`);
