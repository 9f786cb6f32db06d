import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../src/testing/index';

/** GET through `agent`; resolves with the status and the local port of the socket it used. */
function get(url: string, agent: Agent): Promise<{ status: number; localPort: number | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/healthz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, localPort: req.socket?.localPort }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP keep-alive', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('an idle connection is kept past Node’s 5 s default, so a balancer or client reusing it is not cut off', async () => {
    expect(stack.runtime.server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(stack.runtime.server.headersTimeout).toBeGreaterThan(stack.runtime.server.keepAliveTimeout);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(stack.url, agent);
      let closed = false;
      const socket = (agent.freeSockets as Record<string, { once(e: string, f: () => void): void }[]>)[
        Object.keys(agent.freeSockets)[0] ?? ''
      ]?.[0];
      socket?.once('close', () => {
        closed = true;
      });
      // Longer than Node's default keepAliveTimeout (5 s): the server would have closed it by now.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closed).toBe(false);
      const second = await get(stack.url, agent);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.localPort).toBe(first.localPort);
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
