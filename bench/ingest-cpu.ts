// node --import tsx bench/ingest-cpu.ts [--rate N] [--seconds N] [--rounds N] [--pg URL] [--variant KEY=VALUE,...]
// CPU per webhook push at a fixed rate, product against the bare INSERT server, alternating rounds:
// the server process's CPU and the PostgreSQL backends' CPU over the pushes answered. At a rate both
// sides sustain, CPU per push moves far less from run to run than a max rate does on this shared
// machine, so it tells a change to the ingest path apart from noise (issue 26).
// --variant starts a second product server with those environment variables set (a change behind
// a variable, for an A/B in one run: product, variant and baseline alternate in each round).
import { runLoad } from './lib/load';
import { startSampler } from './lib/sampler';
import { startBaselineServer, startProductServer, type ServerHandle } from './lib/servers';
import { createScratchDatabase, dropScratchDatabase } from './lib/pg';
import { median } from './lib/stats';
import { poster, prepareDatabase, pushMaker } from './suites/webhooks';
import { waitDrained } from './suites/webhooks-apply';
import { arg, benchPgUrl } from './lib/args';

const rate = Number(arg('rate', '800'));
const seconds = Number(arg('seconds', '8'));
const rounds = Number(arg('rounds', '3'));
const variant = Object.fromEntries(
  arg('variant', '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
) as Record<string, string>;
const pg = benchPgUrl();
const name = `bench_ingestcpu_${Date.now().toString(36)}`;
const url = await createScratchDatabase(pg, name);
try {
  const shipments = await prepareDatabase(url, 18_000, []);
  const baseline = await startBaselineServer('baseline-ingest-cpu', { databaseUrl: url, poolMax: 10 });
  const product = await startProductServer('product-ingest-cpu', { databaseUrl: url, poolMax: 10, env: {} });
  const other =
    Object.keys(variant).length > 0
      ? await startProductServer('variant-ingest-cpu', { databaseUrl: url, poolMax: 10, env: variant })
      : null;
  const baseNext = poster('/webhook', pushMaker(shipments, 'baseline-token'));
  const prodNext = poster('/api/webhooks/shipping-updates', pushMaker(shipments, product.ready.icarryApiKey ?? ''));
  const otherNext = other
    ? poster('/api/webhooks/shipping-updates', pushMaker(shipments, other.ready.icarryApiKey ?? ''))
    : null;
  const run = async (server: ServerHandle, next: typeof baseNext) => {
    const sampler = await startSampler(server.pid, url, name);
    const load = await runLoad({ url: server.url, connections: 16, amount: rate * seconds, overallRate: rate, next });
    // The product applies off the request: its CPU counts until the inbox is drained.
    await waitDrained(url);
    const p = await sampler.stop();
    const perPush = (cores: number | null) => ((cores ?? 0) * p.seconds * 1000) / load.ok;
    return { node: perPush(p.serverCores), pg: perPush(p.postgresCores), ok: load.ok, codes: load.statusCodes };
  };
  try {
    // Warm both (JIT, pools, caches).
    await run(baseline, baseNext);
    await run(product, prodNext);
    if (other && otherNext) await run(other, otherNext);
    const base: { node: number; pg: number }[] = [];
    const prod: { node: number; pg: number }[] = [];
    const vari: { node: number; pg: number }[] = [];
    for (let r = 1; r <= rounds; r++) {
      const b = await run(baseline, baseNext);
      const q = await run(product, prodNext);
      base.push(b);
      prod.push(q);
      if (other && otherNext) {
        const v = await run(other, otherNext);
        vari.push(v);
        console.log(`round ${r}: variant node ${v.node.toFixed(3)} ms, pg ${v.pg.toFixed(3)} ms a push (${v.ok} ok)`);
      }
      console.log(
        `round ${r}: product node ${q.node.toFixed(3)} ms, pg ${q.pg.toFixed(3)} ms a push (${q.ok} ok ${JSON.stringify(q.codes)}); baseline node ${b.node.toFixed(3)} ms, pg ${b.pg.toFixed(3)} ms`,
      );
    }
    const m = (xs: { node: number; pg: number }[], k: 'node' | 'pg') => median(xs.map((x) => x[k])).toFixed(3);
    if (vari.length > 0)
      console.log(
        `median of ${rounds} at ${rate}/s: variant ${JSON.stringify(variant)} node ${m(vari, 'node')} ms + pg ${m(vari, 'pg')} ms a push`,
      );
    console.log(
      `median of ${rounds} at ${rate}/s: product node ${m(prod, 'node')} ms + pg ${m(prod, 'pg')} ms a push; baseline node ${m(base, 'node')} + pg ${m(base, 'pg')} ms`,
    );
  } finally {
    await baseline.stop();
    await product.stop();
    await other?.stop();
  }
} finally {
  await dropScratchDatabase(pg, name);
}
