import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCode128, pageTextBoxes, pageTexts, rasterize } from '../../src/shipping/documents/testing/pdf.testing';
import { ApiClient } from '../reliability/support/http';
import { killStartedApis, spawnApi, type ApiProcess } from '../reliability/support/api-process';

const DOC = new URL('../../../../docs/sandbox.md', import.meta.url);

/** The shell block between the walkthrough markers of docs/sandbox.md, without its example `export` line. */
function walkthroughScript(): string {
  const doc = readFileSync(DOC, 'utf8');
  const section = doc.slice(doc.indexOf('walkthrough:start'), doc.indexOf('walkthrough:end'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => !line.startsWith('export SB='))
    .join('\n');
}

function runBash(script: string, env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; out: string; err: string }>((ok) => {
    const proc = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd,
      env: { PATH: String(process.env.PATH), HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    proc.on('exit', (code) => ok({ code, out, err }));
  });
}

/**
 * docs/sandbox.md followed as a newcomer would, against the real `npm start` entry (sandbox mode,
 * demo data): the token comes from the printed `Controls:` line, every control of the walkthrough
 * answers (curl fails the script on any 4xx/5xx, so a 401 fails the test), a Delivered demo order
 * can be returned, and the sandbox's label is a courier label whose barcode scans.
 */
describe('the sandbox walkthrough from a fresh npm start', () => {
  let api: ApiProcess;
  let dir: string;
  let controls: { SB: string; SBT: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-walkthrough-'));
    api = await spawnApi({
      label: 'npm start',
      entry: 'main',
      env: { PGLITE_DIR: join(dir, 'pglite'), SEED_DEMO_DATA: 'true', SANDBOX_WHATSAPP: 'false', LOG_LEVEL: 'warn' },
      readyTimeoutMs: 240_000,
    });
    const line = api.lines.find((l) => l.includes('Controls:')) ?? '';
    const match = /export SB=(\S+) SBT='([^']+)'/.exec(line);
    controls = { SB: match?.[1] ?? '', SBT: match?.[2] ?? '' };
  }, 270_000);
  afterAll(async () => {
    api?.kill('SIGTERM');
    await Promise.race([api?.exit, new Promise((ok) => setTimeout(ok, 15_000))]);
    await killStartedApis();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the control line, and the controls refuse a call without its token', async () => {
    expect(controls.SB).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__sandbox$/);
    expect(controls.SBT).toMatch(/^X-Sandbox-Token: \S{16,}$/);
    expect((await fetch(controls.SB)).status).toBe(401);
    const [name, value] = controls.SBT.split(': ');
    expect((await fetch(controls.SB, { headers: { [name ?? '']: value ?? '' } })).status).toBe(200);
  });

  it('every command of the walkthrough works, in order', async () => {
    const script = `curl() { command curl --fail-with-body "$@"; }\n${walkthroughScript()}`;
    expect(script).toContain('/advance');
    const result = await runBash(script, controls, dir);
    expect(result.err + result.out, result.err).not.toMatch(/HTTP error|curl: \(\d+\)/);
    expect(result.code, `${result.err}\n${result.out.slice(-2000)}`).toBe(0);
    expect(result.out).toContain('"status": 26');
    expect(result.out).toContain('"kind": "ndr"');
    expect(result.out).toContain('"status": 21');
    expect(result.out).toMatch(/saved label-\S+\.pdf/);
    expect(result.out).toContain('{"expired":true}');
  }, 60_000);

  it('a Delivered demo order is returned through the sandbox, and both labels are courier labels', async () => {
    const signIn = /Sign in:\s+(\S+) \/ (\S+)/.exec(api.lines.join('\n'));
    const admin = await new ApiClient(api.url).login(signIn?.[1] ?? '', signIn?.[2] ?? '');
    const list = await admin.query<{ items: { id: string; orderNumber: string; status: string }[] }>('orders.list', {
      status: 'delivered',
      limit: 100,
    });
    const order = list.data?.items.find((o) => o.status === 'delivered');
    expect(order, list.text).toBeDefined();
    const ret = await admin.mutate<{ bookingState: string; awb: string; providerShipmentId: string }>(
      'orders.createReturn',
      { orderId: order?.id },
    );
    expect(ret.error?.message).toBeUndefined();
    expect(ret.data?.bookingState).toBe('booked');

    for (const direction of ['forward', 'return'] as const) {
      const res = await fetch(`${api.url}/api/labels.pdf?orderIds=${order?.id}&direction=${direction}`, {
        headers: { cookie: String(admin.cookie) },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-label-sources')).toMatch(/icarry_pdf=1/);
      const pdf = new Uint8Array(await res.arrayBuffer());
      const [page] = await pageTextBoxes(pdf);
      expect(page?.items.length).toBeGreaterThan(10);
      for (const item of page?.items ?? []) {
        expect(item.x, item.text).toBeGreaterThanOrEqual(0);
        expect(item.y, item.text).toBeGreaterThanOrEqual(0);
        expect(item.x + item.w, item.text).toBeLessThanOrEqual((page?.width ?? 0) + 0.5);
        expect(item.y + item.h, item.text).toBeLessThanOrEqual((page?.height ?? 0) + 0.5);
      }
      const text = (await pageTexts(pdf)).join(' ');
      expect(text).toMatch(/DELIVER TO/);
      expect(text).toMatch(/RETURN TO/);
      const codes = decodeCode128(await rasterize(pdf, 1, 200));
      if (direction === 'return') expect(codes).toContain(ret.data?.awb);
      else expect(codes.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
