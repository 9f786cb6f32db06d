import { waitFor, type TestStack } from '@app/api/testing';
import { listMessagesForOrder, listShipmentsForOrder } from '@app/db';
import { insertCustomer, insertOrder, insertShipment } from '@app/db/testing';

type Db = TestStack['database']['db'];

const HOUR = 3_600_000;

/**
 * A small, believable store: the order the tests ship, orders in other states so the tabs have
 * counts, one with an unreadable weight, and one to a pincode iCarry does not serve.
 */
export async function seedStore(db: Db) {
  const now = Date.now();
  const place = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);

  const asha = await insertCustomer(db, {
    name: 'Asha Raman',
    email: 'asha.raman@example.com',
    phone: '9876543210',
    whatsapp_opt_in: true,
  });
  const main = await insertOrder(db, {
    order_number: 'FB-10231',
    customer_id: asha.id,
    status: 'processing',
    payment_method: 'cod',
    ship_name: 'Asha Raman',
    ship_line1: '14, 2nd Cross, Indiranagar',
    ship_line2: 'Near CMH Hospital',
    ship_city: 'Bengaluru',
    ship_state: 'Karnataka',
    ship_pincode: '560038',
    contact_phone: '9876543210',
    contact_email: 'asha.raman@example.com',
    shipping_paise: 4900,
    placed_at: place(2),
    items: [
      {
        sku: 'PKL-AVK-500',
        name: 'Andhra Avakaya Mango Pickle',
        quantity: 2,
        unit_price_paise: 34900,
        weight_text: '500g',
      },
      { sku: 'PDI-GUN-200', name: 'Gunpowder Idli Podi', quantity: 1, unit_price_paise: 19900, weight_text: '200 g' },
    ],
  });

  const others: Parameters<typeof insertOrder>[1][] = [
    {
      order_number: 'FB-10230',
      status: 'processing',
      payment_method: 'prepaid',
      ship_name: 'Rohan Mehta',
      ship_city: 'Mumbai',
      ship_state: 'Maharashtra',
      ship_pincode: '400050',
      placed_at: place(3),
      items: [
        {
          name: 'Kashmiri Chilli Powder',
          sku: 'SPC-KCP-250',
          quantity: 3,
          unit_price_paise: 24900,
          weight_text: '250g',
        },
      ],
    },
    {
      order_number: 'FB-10229',
      status: 'processing',
      payment_method: 'prepaid',
      ship_name: 'Meera Krishnan',
      ship_city: 'Chennai',
      ship_state: 'Tamil Nadu',
      ship_pincode: '600020',
      placed_at: place(5),
      attention_kind: 'review',
      attention_reason: 'Customer asked to deliver after 6 pm.',
      items: [
        {
          name: 'Festive Sweets Hamper',
          sku: 'HMP-FST-01',
          quantity: 1,
          unit_price_paise: 129900,
          weight_text: 'approx. 1 box',
        },
      ],
    },
    {
      order_number: 'FB-10228',
      status: 'processing',
      payment_method: 'cod',
      ship_name: 'Vikram Singh',
      ship_city: 'Leh',
      ship_state: 'Ladakh',
      ship_pincode: '901102',
      placed_at: place(7),
      items: [
        { name: 'Ghee Mysore Pak', sku: 'SWT-MYP-500', quantity: 1, unit_price_paise: 54900, weight_text: '500g' },
      ],
    },
    {
      order_number: 'FB-10227',
      status: 'processing',
      payment_method: 'prepaid',
      ship_name: 'Neha Kulkarni',
      ship_city: 'Pune',
      ship_state: 'Maharashtra',
      ship_pincode: '411004',
      placed_at: place(9),
      attention_kind: 'booking_unknown',
      attention_reason: 'iCarry did not answer the booking in time: check the iCarry panel and resolve it.',
    },
    {
      order_number: 'FB-10226',
      status: 'shipped',
      payment_method: 'prepaid',
      ship_name: 'Fatima Sheikh',
      ship_city: 'Hyderabad',
      ship_state: 'Telangana',
      ship_pincode: '500034',
      placed_at: place(26),
    },
    {
      order_number: 'FB-10224',
      status: 'out_for_delivery',
      payment_method: 'cod',
      ship_name: 'Arjun Nair',
      ship_city: 'Kochi',
      ship_state: 'Kerala',
      ship_pincode: '682016',
      placed_at: place(50),
    },
    {
      order_number: 'FB-10219',
      status: 'delivered',
      payment_method: 'prepaid',
      ship_name: 'Priya Das',
      ship_city: 'Kolkata',
      ship_state: 'West Bengal',
      ship_pincode: '700019',
      placed_at: place(98),
    },
    {
      order_number: 'FB-10215',
      status: 'delivered',
      payment_method: 'cod',
      ship_name: 'Karan Malhotra',
      ship_city: 'New Delhi',
      ship_state: 'Delhi',
      ship_pincode: '110017',
      placed_at: place(120),
    },
  ];
  const rest: Awaited<ReturnType<typeof insertOrder>>[] = [];
  for (const [i, overrides] of others.entries()) {
    const name = overrides?.ship_name ?? 'Test Customer';
    const phone = `98450${String(10_000 + i * 1_379).slice(-5)}`;
    const customer = await insertCustomer(db, {
      name,
      email: `${name.split(' ')[0]?.toLowerCase() ?? 'customer'}@example.com`,
      phone,
    });
    rest.push(
      await insertOrder(db, {
        ...overrides,
        customer_id: customer.id,
        contact_phone: phone,
        contact_email: customer.email,
      }),
    );
  }
  const byNumber = (n: string) => {
    const order = rest.find((o) => o.order_number === n);
    if (!order) throw new Error(`fixture ${n} missing`);
    return order;
  };
  const unknownBooking = byNumber('FB-10227');
  await insertShipment(db, {
    order_id: unknownBooking.id,
    booking_state: 'unknown',
    awb: null,
    client_ref: 'FB-10227-1',
    weight_grams: 500,
    created_at: place(1),
  });
  return {
    main,
    prepaid: byNumber('FB-10230'),
    unparsedWeight: byNumber('FB-10229'),
    notServiceable: byNumber('FB-10228'),
    unknownBooking,
  };
}

/** Books the order as the Ship with iCarry button does (`orders.ship`), for tests about what comes after. */
export async function bookThroughApi(stack: TestStack, orderId: string): Promise<void> {
  await stack.adminCaller.orders.ship({ orderId });
}

/** The order's shipments, oldest first, as booking states and AWBs. */
export async function shipmentsOf(stack: TestStack, orderId: string) {
  const newestFirst = await listShipmentsForOrder(stack.database.db, orderId);
  return newestFirst.reverse().map((s) => ({ bookingState: s.bookingState, awb: s.awb }));
}

/** The signed tracking link (path and query) that the customer's shipped message carries. */
export async function trackingPathFromMessages(stack: TestStack, orderId: string): Promise<string> {
  return waitFor(
    async () => {
      const messages = await listMessagesForOrder(stack.database.db, orderId);
      for (const message of messages) {
        const link = /\/order-tracking\/[^\s?"'<>]+\?t=[\w-]+/.exec(message.body)?.[0];
        if (link) return link;
      }
      return undefined;
    },
    { what: 'the shipped message with the tracking link' },
  );
}

/** Waits until the order's status, as the admin sees it, is `status` (webhooks apply in the background). */
export async function waitForOrderStatus(stack: TestStack, orderId: string, status: string): Promise<void> {
  await waitFor(async () => (await stack.adminCaller.orders.get({ orderId })).order.status === status, {
    what: `order ${orderId} to be ${status}`,
  });
}

/**
 * The courier's whole story for a booked order, told by the sandbox's real webhooks: picked up, out
 * for delivery, one failed attempt (NDR), then delivered.
 */
export async function deliverThroughSandbox(stack: TestStack, orderId: string): Promise<void> {
  const sandbox = stack.adminCaller.sandbox;
  await sandbox.advance({ orderId });
  await sandbox.setStatus({ orderId, statusCode: 26 });
  await waitForOrderStatus(stack, orderId, 'out_for_delivery');
  const [ndr] = await sandbox.ndrCodes();
  if (!ndr) throw new Error('the sandbox offers no NDR codes');
  await sandbox.raiseNdr({ orderId, type: ndr.code });
  await waitFor(async () => (await stack.adminCaller.orders.get({ orderId })).notes.some((n) => n.kind === 'ndr'), {
    what: 'the NDR note',
  });
  await sandbox.setStatus({ orderId, statusCode: 21 });
  await waitForOrderStatus(stack, orderId, 'delivered');
}
