import { findMilestoneContext } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postNdrPush, postStatusPush } from '../support/helpers';
import { readMail } from '../support/mail';
import { trackingToken } from '../../src/platform/security/tokens';
import { orderBody } from '../support/order-body';

/**
 * Every customer message in the customer's language (DESIGN "Language"): the WhatsApp stand-in
 * sees the template's `hi` translation with its parameters, the SMTP server gets the Hindi email
 * as UTF-8 (the subject as RFC 2047 encoded words), and an English customer is unchanged.
 */
describe.each(testDatabaseKinds())('the customer’s language in messages on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let seq = 0;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind, env: { COD_CONFIRMATION: 'all' } });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const mailsTo = (to: string) => smtp.received.filter((m) => m.to === to).map((m) => readMail(m.raw));
  const templatesTo = (phone: string) => whatsapp.requests.filter((r) => r.body.to === `+91${phone}`);

  async function postCodOrder(language: 'en' | 'hi' | undefined) {
    seq++;
    const phone = `97654${String(10000 + seq).slice(-5)}`;
    const email = `lang${seq}-${kind}@example.com`;
    const response = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `l-${seq}` },
      body: JSON.stringify(
        orderBody({
          externalId: `LANG-${kind}-${seq}`,
          orderNumber: `#L${seq}-${kind}`,
          customer: { name: 'Sunita Verma', phone, email, whatsappOptIn: true, ...(language ? { language } : {}) },
        }),
      ),
    });
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: { id: string; orderNumber: string } };
    return { ...order, phone, email };
  }

  it('the COD confirmation request: Hindi template and Hindi UTF-8 email for a Hindi customer', async () => {
    const order = await postCodOrder('hi');
    const sent = await waitFor(() => templatesTo(order.phone)[0], { what: 'the confirmation WhatsApp' });
    expect(sent.body.template.name).toBe('cod_order_confirmation');
    expect(sent.body.template.language.code).toBe('hi');
    const body = sent.body.template.components.find((c) => (c as { type: string }).type === 'body') as {
      parameters: { text: string }[];
    };
    expect(body.parameters.map((p) => p.text)).toEqual([
      'Sunita',
      order.orderNumber,
      expect.stringMatching(/^₹[\d,]+\.\d\d$/),
      expect.any(String),
    ]);

    const mail = await waitFor(() => mailsTo(order.email)[0], { what: 'the confirmation email' });
    // The subject travels as encoded words (a header is ASCII) and reads back as the Hindi sentence.
    expect(mail.rawSubject).toMatch(/^=\?UTF-8\?[BQ]\?/i);
    expect(mail.subject).toBe(`कृपया अपना कैश ऑन डिलीवरी ऑर्डर ${order.orderNumber} कन्फ़र्म करें`);
    expect(mail.contentType.toLowerCase()).toContain('charset=utf-8');
    expect(mail.body).toContain('नमस्ते Sunita,');
    expect(mail.body).toContain('आपने चुना है कि पार्सल मिलने पर आप ₹');
    expect(mail.body).toMatch(/\/confirm-order\/[^\s]+\?t=/);
    expect(mail.body).not.toMatch(/Please confirm|Thank you/);
  });

  it('an English (or unset) customer is written to in English', async () => {
    const order = await postCodOrder(undefined);
    const sent = await waitFor(() => templatesTo(order.phone)[0], { what: 'the confirmation WhatsApp' });
    expect(sent.body.template.language.code).toBe('en');
    const mail = await waitFor(() => mailsTo(order.email)[0], { what: 'the confirmation email' });
    expect(mail.subject).toBe(`Please confirm your cash-on-delivery order ${order.orderNumber}`);
    expect(mail.body).toContain('Hi Sunita,');
  });

  it('shipped (with its "arriving by" day), out for delivery, delivered and a failed delivery: all in Hindi', async () => {
    const customer = await insertCustomer(stack.database.db, {
      name: 'Ravi Kumar',
      whatsapp_opt_in: true,
      email: `ravi-${kind}@example.com`,
      language: 'hi',
    });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_email: customer.email,
      payment_method: 'prepaid',
    });
    const phone = order.contact_phone;
    const to = String(customer.email);
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
    const shipped = await waitFor(() => mailsTo(to).find((m) => m.subject.includes('भेज दिया गया')), {
      what: 'the shipped email',
    });
    expect(shipped.subject).toBe(`आपका ऑर्डर ${order.order_number} भेज दिया गया है`);
    expect(shipped.body).toContain(`नमस्ते Ravi,`);
    expect(shipped.body).toContain(`(ट्रैकिंग नंबर ${ids.awb})`);
    const booked = await findMilestoneContext(stack.database.db, order.id);
    // The sandbox promises a day at booking: the email says it the way the tracking page does.
    expect(booked?.promisedBy).toBeTruthy();
    expect(shipped.body).toMatch(/\n\S+, \d{1,2} \S+ तक पहुँच जाएगा।\n/);
    expect(shipped.body).toContain('धन्यवाद।');

    await postStatusPush(stack, { ...ids, status: '26' });
    await postStatusPush(stack, { ...ids, status: '21' });
    const subjects = await waitFor(
      () => {
        const all = mailsTo(to).map((m) => m.subject);
        return all.length >= 3 ? all : null;
      },
      { what: 'three Hindi emails' },
    );
    expect(subjects).toContain(`आपका ऑर्डर ${order.order_number} आज डिलीवरी के लिए निकल चुका है`);
    expect(subjects).toContain(`आपका ऑर्डर ${order.order_number} डिलीवर हो गया है`);
    const templates = await waitFor(
      () => {
        const mine = templatesTo(phone);
        return mine.length >= 3 ? mine : null;
      },
      { what: 'three WhatsApp templates' },
    );
    expect(templates.map((r) => [r.body.template.name, r.body.template.language.code]).sort()).toEqual([
      ['order_delivered', 'hi'],
      ['order_out_for_delivery', 'hi'],
      ['order_shipped', 'hi'],
    ]);
    // {{5}} of the shipped template: the same day the email promised, in Hindi.
    const shippedTemplate = templates.find((r) => r.body.template.name === 'order_shipped');
    const components = (shippedTemplate?.body.template.components ?? []) as {
      type: string;
      parameters?: { text?: string }[];
    }[];
    const params = components.find((c) => c.type === 'body')?.parameters ?? [];
    expect(params).toHaveLength(5);
    expect(params[4]?.text).toMatch(/^\S+, \d{1,2} \S+ तक पहुँच जाएगा।$/);
    expect(shipped.body).toContain(params[4]?.text ?? '-');
  });

  it('a failed delivery asks a Hindi customer in Hindi (template and email)', async () => {
    const customer = await insertCustomer(stack.database.db, {
      name: 'Pooja Singh',
      whatsapp_opt_in: true,
      email: `pooja-${kind}@example.com`,
      language: 'hi',
    });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_email: customer.email,
      payment_method: 'prepaid',
    });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    await postNdrPush(stack, [
      {
        shipment_id: String(shipment.providerShipmentId),
        awb: String(shipment.awb),
        type: 'REATTEMPT-CONTACT',
        date_added: '2026-12-01 10:00:00',
      },
    ]);
    const ndr = await waitFor(
      () => templatesTo(order.contact_phone).find((r) => r.body.template.name.startsWith('delivery_failed')),
      { what: 'the NDR WhatsApp' },
    );
    expect(ndr.body.template.language.code).toBe('hi');
    const mail = await waitFor(
      () => mailsTo(String(customer.email)).find((m) => m.subject.includes('डिलीवर नहीं कर पाए')),
      { what: 'the NDR email' },
    );
    expect(mail.subject).toBe(`हम आपका ऑर्डर ${order.order_number} डिलीवर नहीं कर पाए`);
    expect(mail.body).toContain('तक हमें बताइए कि आगे क्या करें');
    // The reason too is the customer's language (REATTEMPT-CONTACT's sentence).
    expect(mail.body).toContain('हमारा कूरियर आपसे संपर्क नहीं कर पाया।');
    expect(mail.body).not.toContain('Our courier could not reach you');

    // The page says the same in Hindi, and the customer's answer is written back to them in Hindi.
    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    const before = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    if (before.state !== 'ok') throw new Error('locked');
    expect(before.ndr?.reason).toMatch(/^हमारा कूरियर आपसे संपर्क नहीं कर पाया।/);
    expect(before.headline.text).toBe('कूरियर आपका पार्सल डिलीवर नहीं कर पाया। नीचे बताइए कि डिलीवरी कैसे करें।');
    await stack.anonymousCaller.tracking.respondToNdr({
      orderId: order.order_number,
      token,
      action: 'update_address',
      landmark: 'मंदिर के सामने',
    });
    const after = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    if (after.state !== 'ok') throw new Error('locked');
    expect(after.ndr?.answer?.summary).toBe('नए पते पर डिलीवरी करें; लैंडमार्क: मंदिर के सामने');
    expect(after.ndr?.answer?.nextStep).toBe('हमें आपका जवाब मिल गया है। स्टोर इसे कूरियर तक पहुँचा देगा।');
    expect(after.headline.text).toBe(
      'आपने डिलीवरी की नई जानकारी भेजी है। हमें आपका जवाब मिल गया है। स्टोर इसे कूरियर तक पहुँचा देगा।',
    );
    expect(mail.body).toContain('/order-tracking/');
  });

  it('tracking.get writes its sentences in the customer’s language, or the one asked for', async () => {
    const customer = await insertCustomer(stack.database.db, { name: 'Anil Yadav', language: 'hi' });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      payment_method: 'prepaid',
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    const own = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    if (own.state !== 'ok') throw new Error('locked');
    expect(own.language).toBe('hi');
    expect(own.statusLabel).toBe('भेज दिया गया');
    expect(own.headline).toEqual({ title: 'भेज दिया गया', text: 'आपका पार्सल रास्ते में है।' });
    expect(own.steps.map((s) => s.label)).toEqual(['ऑर्डर हुआ', 'भेजा गया', 'डिलीवरी के लिए निकला', 'डिलीवर हुआ']);
    expect(own.history.map((h) => h.text)).toContain('कूरियर के साथ बुक हुआ');
    expect(own.history.every((h) => /[\u0900-\u097f]/.test(h.text))).toBe(true);
    const english = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token, lang: 'en' });
    if (english.state !== 'ok') throw new Error('locked');
    expect(english.language).toBe('en');
    expect(english.headline.title).toBe('Shipped');
    expect(english.history.map((h) => h.text)).toContain('Booked with the courier');
  });
});
