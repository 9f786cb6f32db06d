import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../src/testing/index';

/**
 * The product is often installed under a dot-folder (~/.local/share/..., a .cache build folder).
 * The built pages must still be served from there: express's send() refuses dot-folder paths
 * unless they are the root it was given.
 */
describe('admin and (server-rendered) tracking pages served from a folder under a dot-folder', () => {
  let stack: TestStack;
  let base: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'pages-'));
    const dist = join(base, '.local', 'share', 'shipping', 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>admin</title><div id="admin-root"></div>');
    writeFileSync(
      join(dist, 'tracking.html'),
      '<!doctype html><title><!--ssr-title--></title><!--ssr-head--><body><!--ssr-body--></body>',
    );
    // The server renderer sits beside dist (dist-ssr/), also under the dot-folder.
    mkdirSync(join(dist, '..', 'dist-ssr'), { recursive: true });
    writeFileSync(
      join(dist, '..', 'dist-ssr', 'tracking-page.js'),
      'export const renderTrackingPage = (model) => ({ title: model.kind, head: "", body: `<div id="tracking-root">${model.kind}</div>` });',
    );
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("admin")');
    stack = await startTestStack({ webDist: dist });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('answers the admin entry, the tracking entry and the hashed assets', async () => {
    const admin = await fetch(`${stack.url}/admin/orders/12`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('admin-root');

    const tracking = await fetch(`${stack.url}/order-tracking/FB-10001`);
    expect(tracking.status).toBe(200);
    expect(await tracking.text()).toContain('<div id="tracking-root">locked</div>');

    const asset = await fetch(`${stack.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('still refuses dotfiles inside the served folder', async () => {
    const res = await fetch(`${stack.url}/.env`);
    expect(res.status).toBe(404);
  });
});
