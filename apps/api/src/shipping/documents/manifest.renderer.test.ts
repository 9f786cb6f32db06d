import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentError } from './document.error';
import type { ManifestShipment } from './document.schema';
import { renderManifest } from './manifest.renderer';
import { summarizeManifest } from './manifest.summary';
import { buildManifest, buildManifestShipment } from './testing/document.fixtures';
import { embeddedFonts, pageSizes, pageTexts } from './testing/pdf.testing';

const ship = (courierName: string, weightGrams: number, codPaise: number | null, k: number): ManifestShipment =>
  buildManifestShipment(k, {
    courierName,
    weightGrams,
    payment: codPaise === null ? { kind: 'prepaid' } : { kind: 'cod', amountPaise: codPaise },
  });

// Three couriers, given out of order: Xpressbees, Blue Dart, Delhivery.
const SMALL = [
  ship('Xpressbees', 500, 124_900, 1),
  ship('Blue Dart', 1250, null, 2),
  ship('Xpressbees', 750, null, 3),
  ship('Delhivery', 2000, 59_900, 4),
  ship('Xpressbees', 1000, 10_000_000, 5),
  ship('Blue Dart', 300, 45_050, 6),
];

describe('summarizeManifest', () => {
  it('groups by courier in alphabetical order and adds up count, weight and cash to collect', () => {
    const summary = summarizeManifest(SMALL);
    expect(
      summary.couriers.map(({ courierName, count, weightGrams, codCount, codPaise, shipments }) => ({
        courierName,
        count,
        weightGrams,
        codCount,
        codPaise,
        orders: shipments.map((s) => s.orderNumber),
      })),
    ).toEqual([
      {
        courierName: 'Blue Dart',
        count: 2,
        weightGrams: 1550,
        codCount: 1,
        codPaise: 45_050,
        orders: ['FB-100003', 'FB-100007'],
      },
      { courierName: 'Delhivery', count: 1, weightGrams: 2000, codCount: 1, codPaise: 59_900, orders: ['FB-100005'] },
      {
        courierName: 'Xpressbees',
        count: 3,
        weightGrams: 2250,
        codCount: 2,
        codPaise: 10_124_900,
        orders: ['FB-100002', 'FB-100004', 'FB-100006'],
      },
    ]);
    expect(summary).toMatchObject({ count: 6, weightGrams: 5800, codCount: 4, codPaise: 10_229_850 });
  });
});

describe('renderManifest', () => {
  let texts: string[];

  beforeAll(async () => {
    const pdf = await renderManifest(buildManifest(0, { shipments: SMALL.map((s) => ({ ...s })) }));
    texts = await pageTexts(pdf);
  });

  it('heads the sheet with the store, the pickup address and the day', () => {
    const page = texts[0] ?? '';
    expect(page).toContain('Foodbay Kitchens');
    expect(page).toContain('PICKUP MANIFEST');
    expect(page).toContain('Peenya Industrial Area');
    expect(page).toContain('Wed, 25 Nov 2026');
    expect(page).toContain('3 couriers · 6 parcels · 5.80 kg · COD to collect ₹1,02,298.50 (4 parcels)');
  });

  it('prints a section per courier with its rows, totals and signature lines', () => {
    const all = texts.join(' ');
    const blueDart = all.indexOf('Blue Dart 2 parcels');
    const delhivery = all.indexOf('Delhivery 1 parcel');
    const xpressbees = all.indexOf('Xpressbees 3 parcels');
    expect(blueDart).toBeGreaterThanOrEqual(0);
    expect(delhivery).toBeGreaterThan(blueDart);
    expect(xpressbees).toBeGreaterThan(delhivery);

    const section = all.slice(xpressbees, all.indexOf('GRAND TOTAL'));
    for (const s of SMALL.filter((x) => x.courierName === 'Xpressbees')) expect(section).toContain(s.awb);
    expect(section).toContain(`1 ${SMALL[0]?.awb ?? '?'} FB-100002`);
    expect(section).toContain('₹1,249.00');
    expect(section).toContain('Prepaid');
    expect(section).toContain('Total: 3 parcels COD: 2 parcels 2.25 kg ₹1,01,249.00');
    expect(section).toContain('HANDED OVER BY (Foodbay Kitchens)');
    expect(section).toContain('RECEIVED BY COURIER (Xpressbees)');
    expect(section).toContain('Parcels received (of 3)');
    expect(all.match(/RECEIVED BY COURIER/g)).toHaveLength(3);
  });

  it('ends with the grand totals, by courier and in all', () => {
    const all = texts.join(' ');
    const grand = all.slice(all.indexOf('GRAND TOTAL'));
    expect(grand).toContain('Blue Dart 2 parcels 1.55 kg ₹450.50');
    expect(grand).toContain('Delhivery 1 parcel 2.00 kg ₹599.00');
    expect(grand).toContain('Xpressbees 3 parcels 2.25 kg ₹1,01,249.00');
    expect(grand).toContain('All couriers 6 parcels 5.80 kg ₹1,02,298.50');
  });
});

describe('renderManifest with hundreds of rows', () => {
  it('runs over pages, repeating the courier and the column headings, every shipment once', async () => {
    const data = buildManifest(500);
    const pdf = await renderManifest(data);
    const texts = await pageTexts(pdf);
    expect(texts.length).toBeGreaterThan(10);
    expect((await pageSizes(pdf)).every(([w, h]) => w === 595.28 && h === 841.89)).toBe(true);
    texts.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${texts.length}`);
      // A page that starts inside a courier's table names the courier again with its headings.
      if (i > 0 && !page.startsWith('Foodbay Kitchens · Pickup manifest · Wed, 25 Nov 2026 GRAND TOTAL'))
        expect(page).toMatch(
          /^Foodbay Kitchens · Pickup manifest · Wed, 25 Nov 2026 \S.* (\(continued\) )?\d+ parcels? # AWB ORDER DELIVER TO WEIGHT COD/,
        );
    });
    const all = texts.join(' ');
    for (const s of data.shipments) expect(all.split(s.awb)).toHaveLength(2);
    expect(all).toContain('All couriers 500 parcels');
    expect(all.match(/\(continued\)/g)?.length).toBeGreaterThan(5);
  });

  it('sets a Devanagari city in Noto Sans Devanagari', async () => {
    const pdf = await renderManifest(
      buildManifest(0, { shipments: [buildManifestShipment(0, { consigneeCity: 'जयपुर' })] }),
    );
    expect(await embeddedFonts(pdf)).toContain('NotoSansDevanagari-Regular');
  });
});

describe('renderManifest edge cases', () => {
  it('says so when nothing waits for pickup', async () => {
    const texts = await pageTexts(await renderManifest(buildManifest(0)));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('No parcels are waiting for pickup on this day.');
    expect(texts[0]).not.toContain('GRAND TOTAL');
  });

  it('lists the invalid fields', async () => {
    const data = buildManifest(2, { date: '2026-13-01' });
    const first = data.shipments[0];
    if (first) first.consigneePincode = '0123';
    const err = await renderManifest(data).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DocumentError);
    const { code, issues } = err as DocumentError;
    expect(code).toBe('INVALID_MANIFEST');
    expect(issues.map((i) => i.path).sort()).toEqual(['date', 'shipments.0.consigneePincode']);
  });
});
