import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../src/testing/index';

describe('OpenAPI document and reference page', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('is a valid OpenAPI 3.1 document that lists every route, generated from the input schema', async () => {
    const res = await fetch(`${stack.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const routes = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      ['POST /orders', 'GET /orders/{orderNumber}', 'POST /orders/{orderNumber}/cancel', 'GET /openapi.json'].sort(),
    );
    const input = document.components.schemas.OrderInput;
    expect(Object.keys(input?.properties ?? {})).toEqual(
      expect.arrayContaining(['externalId', 'paymentMethod', 'customer', 'shippingAddress', 'items', 'codAmount']),
    );
    expect(input?.required).toEqual(
      expect.arrayContaining(['externalId', 'paymentMethod', 'customer', 'shippingAddress', 'items']),
    );
  });

  it('serves the reference page and its assets locally, under the Content-Security-Policy', async () => {
    const page = await fetch(`${stack.url}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    for (const asset of ['docs/assets/swagger-ui.css', 'docs/assets/swagger-ui-bundle.js', 'docs/init.js']) {
      const res = await fetch(`${stack.url}/api/v1/${asset}`);
      expect(res.status, asset).toBe(200);
    }
  });
});
