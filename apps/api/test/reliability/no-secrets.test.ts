import { createTestDatabase, insertCustomer, insertOrder, type TestDatabase } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingToken } from '../../src/platform/security/tokens';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postStatusPush } from '../support/helpers';
import { ApiClient } from './support/http';

const KNOWN = {
  icarryApiKey: 'IcKey-live-7f3a9c2e51b04d8e9a6b1c0d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5',
  adminPassword: 'Adm1n-Pa55word-do-not-log',
  wrongPassword: 'Typo-Pa55word-also-private',
  smtpPassword: 'S3cretSmtpPass-9931',
  webhookSecret: 'hook-secret-5b8e2c71d4a94f06',
  appSecret: 'app-secret-0c7d4e1f9a2b3c8d5e6f7a8b9c0d1e2f3a4b5c6d',
};

describe('no secrets in logs', () => {
  let database: TestDatabase;
  let stack: TestStack;
  const smtp = new TestSmtpServer({ user: 'mailer@store.example', pass: KNOWN.smtpPassword });
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    // Sandbox mode, with the account key set to a known value so it can be looked for.
    await database.db
      .insertInto('app_settings')
      .values({ key: 'sandbox_api_key', value: KNOWN.icarryApiKey })
      .execute();
    stack = await startStackWithProviders({
      smtp,
      whatsapp,
      database,
      env: {
        ADMIN_PASSWORD: KNOWN.adminPassword,
        APP_SECRET: KNOWN.appSecret,
        ICARRY_WEBHOOK_SECRET: KNOWN.webhookSecret,
        EMAIL_FROM: 'orders@store.example',
        EMAIL_FEEDBACK_TO: 'ops@store.example',
        ICARRY_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await database?.close();
  });

  it(
    'the whole flow, errors included, writes no secret and no full phone number or street address to the logs or the inbox',
    { timeout: 120_000 },
    async () => {
      const sandbox = stack.runtime.sandbox;
      if (!sandbox) throw new Error('sandbox expected');
      expect(stack.runtime.deps.secrets.icarryApiKey).toBe(KNOWN.icarryApiKey);
      const db = stack.database.db;
      const apiTokens = new Set<string>();
      const tokens = () => (sandbox.state as unknown as { tokens: Map<string, number> }).tokens;
      const keepTokens = () => {
        for (const t of tokens().keys()) apiTokens.add(t);
      };

      // Sign-in: a typo first, then the real password.
      const anonymous = new ApiClient(stack.url);
      expect(
        (await anonymous.mutate('auth.login', { email: stack.adminCredentials.email, password: KNOWN.wrongPassword }))
          .status,
      ).toBe(401);
      const admin = await anonymous.login(stack.adminCredentials.email, KNOWN.adminPassword);
      const sessionToken = String(admin.cookie).replace('icarry_admin=', '');

      const customer = await insertCustomer(db, {
        name: 'Lakshmi Narayanan',
        email: 'lakshmi.n@example.com',
        phone: '9876501234',
        whatsapp_opt_in: true,
      });
      const order = await insertOrder(db, {
        status: 'processing',
        customer_id: customer.id,
        contact_email: customer.email,
        contact_phone: '9876501234',
        ship_name: 'Lakshmi Narayanan',
        ship_line1: '14 Temple Street, Mylapore',
        ship_line2: 'Near Kapaleeshwarar Tank',
        ship_city: 'Chennai',
        ship_state: 'Tamil Nadu',
        ship_pincode: '600004',
        payment_method: 'cod',
      });

      expect((await admin.query('orders.quote', { orderId: order.id })).status).toBe(200);
      keepTokens();
      const shipped = await admin.mutate<{ providerShipmentId: string; awb: string }>('orders.ship', {
        orderId: order.id,
      });
      expect(shipped.status, shipped.text).toBe(200);
      const id = String(shipped.data?.providerShipmentId);

      // iCarry's pushes (status with the account key as token, NDR with the URL secret, weight), duplicated.
      sandbox.control.setFaults([{ kind: 'duplicate_webhooks', count: 'always' }]);
      for (let i = 0; i < 4; i++) await sandbox.control.advance(id);
      await sandbox.control.raiseNdr(id, 'REATTEMPT-CONTACT');
      await sandbox.control.weightDiscrepancy(id, 1400);
      await sandbox.control.advance(id);
      sandbox.control.clearFaults();
      // A forged push and one with the real key in a JSON body.
      await postStatusPush(stack, { shipment_id: id, status: '21' }, { token: `${KNOWN.icarryApiKey}x` });
      await postStatusPush(stack, { shipment_id: id, status: '26' }, { json: true });
      await fetch(`${stack.url}/api/webhooks/ndr-updates?secret=${KNOWN.webhookSecret}-wrong`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"callback_type":"ndr_status"}',
      });

      // The token expires: the client logs in again.
      keepTokens();
      sandbox.control.expireTokens();
      expect((await admin.query('orders.quote', { orderId: order.id })).status).toBe(200);
      keepTokens();

      // Failures with error details: firewall page, a garbled booking answer, a booking that times out.
      const second = await insertOrder(db, {
        status: 'processing',
        contact_phone: '9123404321',
        ship_line1: '221B Residency Road',
        ship_state: 'Karnataka',
      });
      sandbox.control.setFaults([{ endpoint: 'api_get_estimate', kind: 'html_block' }]);
      expect((await admin.mutate('orders.ship', { orderId: second.id })).error?.appCode).toBe('ICARRY_UNAVAILABLE');
      sandbox.control.setFaults([{ endpoint: 'book', kind: 'malformed_json' }]);
      expect((await admin.mutate('orders.ship', { orderId: second.id })).error?.appCode).toBe(
        'BOOKING_OUTCOME_UNKNOWN',
      );
      const third = await insertOrder(db, {
        status: 'processing',
        contact_phone: '9988776655',
        ship_line1: '7 Lake View Layout',
      });
      sandbox.control.setFaults([{ endpoint: 'book', kind: 'timeout' }]);
      expect((await admin.mutate('orders.ship', { orderId: third.id })).error?.appCode).toBe('BOOKING_OUTCOME_UNKNOWN');
      // iCarry refuses and echoes the consignee's mobile in its error text.
      const fourth = await insertOrder(db, {
        status: 'processing',
        contact_phone: '9090901212',
        ship_line1: '3 Cathedral Garden Road',
      });
      sandbox.control.setFaults([
        { endpoint: 'book', kind: 'api_error', message: 'Error : Consignee mobile 9090901212 is blacklisted for COD.' },
      ]);
      const refused = await admin.mutate('orders.ship', { orderId: fourth.id });
      expect(refused.error?.appCode).toBe('COURIER_REFUSED');
      sandbox.control.clearFaults();
      keepTokens();

      // Providers failing for a moment: SMTP down, WhatsApp refusing.
      await smtp.stop();
      whatsapp.failWith = { status: 503, code: 131000 };
      await new Promise((r) => setTimeout(r, 1500));
      await smtp.start();
      whatsapp.failWith = null;
      // Shipped and Out for Delivery, by email and WhatsApp, the NDR alert to the admin, and the
      // customer's "tell us what to do" after the failed attempt, by email and WhatsApp.
      await waitFor(
        async () => {
          const rows = await db.selectFrom('messages').select('status').where('order_id', '=', order.id).execute();
          return rows.length === 7 && rows.every((r) => r.status === 'sent');
        },
        { what: 'messages sent', timeoutMs: 40_000 },
      );
      expect(smtp.received.some((m) => m.user === 'mailer@store.example')).toBe(true);

      // The customer's page, with the link's token.
      const link = trackingToken(KNOWN.appSecret, order.order_number);
      expect((await anonymous.query('tracking.get', { orderId: order.order_number, token: link })).status).toBe(200);
      expect((await admin.query('settings.get')).status).toBe(200);
      expect((await admin.mutate('auth.logout')).status).toBe(200);
      keepTokens();

      expect(apiTokens.size).toBeGreaterThanOrEqual(2);
      const secrets: Record<string, string> = {
        'iCarry API key': KNOWN.icarryApiKey,
        ...Object.fromEntries([...apiTokens].map((t, i) => [`iCarry api_token #${i + 1}`, t])),
        'admin password': KNOWN.adminPassword,
        'mistyped password': KNOWN.wrongPassword,
        'SMTP password': KNOWN.smtpPassword,
        'WhatsApp token': whatsapp.token,
        'webhook secret': KNOWN.webhookSecret,
        APP_SECRET: KNOWN.appSecret,
        'session token': sessionToken,
        "customer's tracking token": link,
      };
      const personal: Record<string, string> = {
        'phone 9876501234': '9876501234',
        'phone 9123404321': '9123404321',
        'phone 9988776655': '9988776655',
        'phone 9090901212 (echoed by iCarry)': '9090901212',
        'street 14 Temple Street': '14 Temple Street',
        'street Near Kapaleeshwarar Tank': 'Kapaleeshwarar',
        'street 221B Residency Road': '221B Residency Road',
        'street 7 Lake View Layout': 'Lake View Layout',
      };
      const logText = stack.logs.text;
      const inbox = await db.selectFrom('webhook_inbox').select(['raw_body', 'headers']).execute();
      const inboxText = inbox.map((r) => `${r.raw_body}\n${JSON.stringify(r.headers)}`).join('\n');
      const leaks: string[] = [];
      for (const [name, value] of Object.entries(secrets)) {
        for (const variant of new Set([value, encodeURIComponent(value)])) {
          if (logText.includes(variant))
            leaks.push(`log: ${name} in "${stack.logs.lines.find((l) => l.includes(variant))?.slice(0, 300)}"`);
          if (inboxText.includes(variant)) leaks.push(`inbox: ${name}`);
        }
      }
      for (const [name, value] of Object.entries(personal)) {
        const line = stack.logs.lines.find((l) => l.includes(value));
        if (line) leaks.push(`log: ${name} in "${line.slice(0, 300)}"`);
      }
      console.log(
        `[no-secrets] scanned ${stack.logs.lines.length} log lines (${Math.round(logText.length / 1024)} KB) and ${inbox.length} inbox rows for ${Object.keys(secrets).length} secrets (${apiTokens.size} iCarry api_tokens) and ${Object.keys(personal).length} personal values: ${leaks.length} leaks`,
      );
      expect(leaks).toEqual([]);
      // The logs still say what happened, with the tags people search for.
      expect(logText).toContain('[iCarry]');
      expect(logText).toContain('[WEBHOOK]');
    },
  );
});
