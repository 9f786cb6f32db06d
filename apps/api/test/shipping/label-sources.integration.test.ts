import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLabels } from '../../src/shipping/documents/index';
import { buildLabel } from '../../src/shipping/documents/testing/document.fixtures';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';

/**
 * iCarry's label answer names the URL we fetch a PDF from. Here the iCarry sandbox is told its
 * public URL is an attacker's server (a real HTTP server that would happily serve a valid PDF),
 * so every label answer points there. The product must never contact it: in sandbox mode labels
 * come only from the sandbox's own origin, in live mode only over https from iCarry's label hosts.
 */
describe.each(testDatabaseKinds())('label PDFs only from iCarry on %s', (kind) => {
  let attacker: Server;
  let attackerUrl = '';
  const attackerHits: string[] = [];
  let sandboxStack: TestStack;
  let liveStack: TestStack;
  let orderId = '';

  beforeAll(async () => {
    const pdf = await renderLabels([buildLabel({ orderNumber: 'ATTACKER-PDF' })]);
    attacker = createServer((req, res) => {
      attackerHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(pdf));
    });
    await new Promise<void>((ok) => attacker.listen(0, '127.0.0.1', ok));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;

    sandboxStack = await startTestStack({ kind, sandboxOptions: { publicUrl: attackerUrl } });
    const sandbox = sandboxStack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    // A second instance in live mode against the same sandbox, trusting the attacker's host:port as a
    // label host: still refused, because live label URLs must be https.
    liveStack = await startTestStack({
      database: sandboxStack.database,
      env: {
        ICARRY_USERNAME: 'sandbox',
        ICARRY_API_KEY: String(sandboxStack.runtime.deps.secrets.icarryApiKey),
        ICARRY_BASE_URL: sandbox.url,
        ICARRY_PICKUP_ADDRESS_ID: sandboxStack.runtime.deps.config.pickupAddressId,
        ICARRY_PICKUP_PINCODE: sandboxStack.runtime.deps.config.pickupPincode,
        ICARRY_LABEL_HOSTS: `www.icarry.in, ${new URL(attackerUrl).host}`,
        APP_SECRET: sandboxStack.runtime.deps.secrets.appSecret,
      },
    });
    sandbox.control.setLabelShape('pdf_urls');
    const order = await insertOrder(sandboxStack.database.db, { status: 'processing' });
    await sandboxStack.adminCaller.orders.ship({ orderId: order.id });
    orderId = order.id;
  });
  afterAll(async () => {
    await liveStack?.close();
    await sandboxStack?.close();
    attacker.closeAllConnections();
    await new Promise((ok) => attacker.close(ok));
  });

  async function printFrom(stack: TestStack) {
    const admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    const res = await fetch(`${stack.url}/api/labels.pdf?orderIds=${orderId}`, {
      headers: { cookie: admin.cookie ?? '' },
    });
    await res.arrayBuffer();
    return { status: res.status, sources: res.headers.get('x-label-sources') };
  }

  const refusals = (stack: TestStack) =>
    stack.logs
      .entries()
      .filter((e) => String(e.msg).includes('not on its label hosts'))
      .map((e) => String(e.reason));

  it("sandbox mode: a label URL off the sandbox's origin is never fetched; our label, the reason logged", async () => {
    expect(await printFrom(sandboxStack)).toEqual({ status: 200, sources: 'icarry_pdf=0, icarry_data=0, ours=1' });
    expect(attackerHits).toEqual([]);
    expect(refusals(sandboxStack)).toEqual([`label URL origin ${attackerUrl} is not one of iCarry's label hosts`]);
  });

  it('live mode: an http label URL is never fetched, even from a host on ICARRY_LABEL_HOSTS', async () => {
    expect(liveStack.runtime.deps.config.labels.sources).toEqual({
      origins: ['https://www.icarry.in', `https://${new URL(attackerUrl).host}`],
      allowPrivateAddresses: false,
    });
    expect(await printFrom(liveStack)).toEqual({ status: 200, sources: 'icarry_pdf=0, icarry_data=0, ours=1' });
    expect(attackerHits).toEqual([]);
    expect(refusals(liveStack)).toHaveLength(1);
  });
});
