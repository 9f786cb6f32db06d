import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentError } from './document.error';
import { collectPdf } from './document.pdf';
import { MAX_LABELS_PER_PDF, type LabelData } from './document.schema';
import { drawLine } from './document.text';
import { LABEL_HEIGHT, LABEL_WIDTH, renderLabels } from './label.renderer';
import { buildLabel } from './testing/document.fixtures';
import {
  decodeCode128,
  embeddedFonts,
  inkRatio,
  pageSizes,
  pageTexts,
  rasterize,
  type Raster,
} from './testing/pdf.testing';

const require = createRequire(import.meta.url);
const DPI = 200;
const px = (pt: number) => Math.round((pt * DPI) / 72);

async function rejection(promise: Promise<unknown>): Promise<DocumentError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DocumentError);
  return err as DocumentError;
}

const LONG: Partial<LabelData> = {
  awb: 'XB12345678901234',
  courierName: 'Xpressbees Surface Reverse Priority Heavy Shipments Division of Bengaluru South',
  storeName: 'The Very Long Name of a Small Family Pickle and Masala Company of Old Mysore',
  consignee: {
    name: 'Venkata Satya Narayana Murthy Subrahmanyam Chakravarthy Gopalakrishnan Ramachandran Iyer',
    addressLines: [
      'Door No. 12-34-56/A, Sri Lakshmi Venkateswara Nilayam, Opposite Government Junior College, Behind Ramalayam',
      'Gandhi Nagar Main Road, Near Old Bus Stand, Vijayawada Rural Mandal, Krishna District, Second Floor Rear',
      'Landmark: next to the big banyan tree, the blue water tank and the shop that sells bangles and sweets',
      'Ask for the watchman at the gate; call before coming; do not leave with the neighbour under any circumstances',
    ],
    city: 'Vijayawada Rural Mandal Krishna District Andhra',
    state: 'Andhra Pradesh',
    pincode: '520003',
    phone: '+91 98480 22338 / 0866 2470001',
  },
  contents: Array.from({ length: 12 }, (_, i) => `${i + 1} x Andhra avakaya mango pickle 1 kg jar`).join(', '),
  routingCode: 'VGA/SOUTH/2C/RTO-12',
};

describe('renderLabels on 4x6', () => {
  let pdf: Uint8Array;
  let texts: string[];
  let first: Raster;

  beforeAll(async () => {
    pdf = await renderLabels(
      [buildLabel(), buildLabel({ awb: 'SR1234567890ABCDEF', orderNumber: 'WEB-5001', payment: { kind: 'prepaid' } })],
      { paper: '4x6' },
    );
    texts = await pageTexts(pdf);
    first = await rasterize(pdf, 1, DPI);
  });

  it('puts one label on each 4x6 inch page', async () => {
    expect(await pageSizes(pdf)).toEqual([
      [LABEL_WIDTH, LABEL_HEIGHT],
      [LABEL_WIDTH, LABEL_HEIGHT],
    ]);
  });

  it('prints a Code 128 barcode that a scanner reads back as the AWB, and the order number', async () => {
    expect(decodeCode128(first).sort()).toEqual(['1490912345678', 'FB-100123']);
    const second = await rasterize(pdf, 2, DPI);
    expect(decodeCode128(second).sort()).toEqual(['SR1234567890ABCDEF', 'WEB-5001']);
  });

  it('shows what the courier needs in text: AWB, courier, pincode, phone, COD amount, order, weight, box', () => {
    const page = texts[0] ?? '';
    for (const expected of [
      '1490912345678',
      'Delhivery Surface',
      '560038',
      'Ph: 9876543210',
      'COD ₹1,249.00',
      'FB-100123',
      '0.50 kg',
      '20 x 15 x 10 cm',
      'Items 3',
      'Foodbay Kitchens',
      'Booked 25 Nov 2026',
      'Bengaluru, Karnataka - 560058',
    ])
      expect(page).toContain(expected);
  });

  it('says PREPAID and shows no amount for a prepaid parcel', () => {
    const page = texts[1] ?? '';
    expect(page).toContain('PREPAID');
    expect(page).toContain('DO NOT COLLECT CASH');
    expect(page).not.toContain('₹');
  });

  it('embeds Noto Sans and Noto Sans Devanagari, and no standard PDF font (which has neither ₹ nor Devanagari)', async () => {
    const fonts = await embeddedFonts(pdf);
    expect(fonts).toEqual(expect.arrayContaining(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansDevanagari-Bold']));
    expect(fonts.filter((f) => !f.startsWith('NotoSans'))).toEqual([]);
  });

  it("keeps the Devanagari name's letters in the text layer", () => {
    // PDF.js gives the glyphs in visual order (the reph of र्म after मा), so compare the letters.
    const devanagari = (s: string) =>
      Array.from(s)
        .filter((c) => /[\u0900-\u097F]/.test(c))
        .sort();
    expect(devanagari(texts[0] ?? '')).toEqual(devanagari('राहुल शर्मा'));
  });

  it('prints the COD amount large: white on a black band across the label', () => {
    // The band (y 252..292 pt) is mostly black; the same band on the prepaid label is mostly white.
    const band = { x: px(6), y: px(254), width: px(276), height: px(36) };
    expect(inkRatio(first, band)).toBeGreaterThan(0.6);
  });
});

describe('Devanagari shaping', () => {
  const FONT = require.resolve('@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf');

  function inkBox(r: { width: number; height: number; rgba: Uint8ClampedArray }) {
    let x0 = Infinity;
    let x1 = -1;
    let y0 = Infinity;
    let y1 = -1;
    let ink = 0;
    for (let y = 0; y < r.height; y++)
      for (let x = 0; x < r.width; x++)
        if ((r.rgba[(y * r.width + x) * 4] ?? 255) < 128) {
          ink++;
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
    return { width: x1 - x0 + 1, height: y1 - y0 + 1, ink };
  }

  // The reference is HarfBuzz (inside Skia, @napi-rs/canvas) setting the same font at the same size.
  it.each(['राहुल शर्मा', 'क्षत्रिय श्री प्रिया', 'कृष्ण द्वारका हिन्दी'])(
    'sets %s exactly as HarfBuzz shapes it (conjuncts, reph, pre-base matra)',
    async (name) => {
      const pdf = await collectPdf({}, (doc) => {
        doc.addPage({ size: [800, 100], margin: 0 });
        drawLine(doc, name, { x: 10, y: 10, width: 780, height: 80 }, { size: 40, weight: 'bold' });
      });
      const ours = inkBox(await rasterize(pdf, 1, 72));

      GlobalFonts.register(readFileSync(FONT), 'ReferenceDevanagariBold');
      const canvas = createCanvas(800, 100);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = 'white';
      ctx.fillRect(0, 0, 800, 100);
      ctx.fillStyle = 'black';
      ctx.font = '40px ReferenceDevanagariBold';
      ctx.fillText(name, 10, 60);
      const reference = inkBox({ width: 800, height: 100, rgba: ctx.getImageData(0, 0, 800, 100).data });

      expect(Math.abs(ours.width - reference.width)).toBeLessThanOrEqual(2);
      expect(Math.abs(ours.height - reference.height)).toBeLessThanOrEqual(2);
      expect(Math.abs(ours.ink - reference.ink) / reference.ink).toBeLessThan(0.08);

      // The measure can tell: the same letters without shaping (one glyph per code point) run wider.
      const font = fontkit.create(readFileSync(FONT)) as fontkit.Font;
      const unshaped =
        (Array.from(name).reduce((w, c) => w + font.glyphForCodePoint(c.codePointAt(0) ?? 0).advanceWidth, 0) * 40) /
        1000;
      expect(unshaped - reference.width).toBeGreaterThan(10);
    },
  );
});

describe('renderLabels on A4', () => {
  it('puts four labels on a sheet, 2x2, each barcode still readable', async () => {
    const awbs = ['1490900000001', '1490900000002', 'XB90000000003', '1490900000004', '1490900000005'];
    const pdf = await renderLabels(
      awbs.map((awb, i) => buildLabel({ awb, orderNumber: `FB-20000${i}` })),
      { paper: 'a4' },
    );
    expect(await pageSizes(pdf)).toEqual([
      [595.28, 841.89],
      [595.28, 841.89],
    ]);
    const [page1 = '', page2 = ''] = await pageTexts(pdf);
    for (const awb of awbs.slice(0, 4)) expect(page1).toContain(awb);
    expect(page1).not.toContain(awbs[4]);
    expect(page2).toContain(awbs[4]);
    const decoded = decodeCode128(await rasterize(pdf, 1, DPI));
    expect(decoded).toEqual(expect.arrayContaining(awbs.slice(0, 4)));
  });
});

describe('long and missing fields', () => {
  it('shrinks, wraps or cuts long text and never spills out of its block or onto another page', async () => {
    const pdf = await renderLabels([buildLabel(LONG)], { paper: '4x6' });
    expect(await pageSizes(pdf)).toHaveLength(1);
    const raster = await rasterize(pdf, 1, DPI);
    // Outside the label's border (4 pt in from the edge) the paper stays blank.
    expect(inkRatio(raster, { x: 0, y: 0, width: px(3), height: raster.height })).toBe(0);
    expect(inkRatio(raster, { x: raster.width - px(3), y: 0, width: px(3), height: raster.height })).toBe(0);
    expect(inkRatio(raster, { x: 0, y: raster.height - px(3), width: raster.width, height: px(3) })).toBe(0);
    // The address column ends at 196 pt; the gap before the pincode column's rule (200 pt) stays blank.
    expect(inkRatio(raster, { x: px(196.5), y: px(136), width: px(2.5), height: px(112) })).toBe(0);
    // The gap between the contents and the order barcode's column rule stays blank too.
    expect(inkRatio(raster, { x: px(150.5), y: px(296), width: px(3), height: px(62) })).toBe(0);
    const [text = ''] = await pageTexts(pdf);
    expect(text).toContain('Venkata Satya');
    expect(text).toContain('…');
    expect(text).toContain('520003');
    expect(text).toContain('Ph: +91 98480 22338 / 0866 2470001');
    expect(decodeCode128(raster)).toContain('XB12345678901234');
  });

  it('leaves out what is not given, and prints no placeholder', async () => {
    const label = buildLabel({
      box: undefined,
      contents: '   ',
      bookedAt: undefined,
      routingCode: undefined,
      returnAddress: {
        name: 'Warehouse',
        addressLines: ['Plot 1', ''],
        city: 'Pune',
        state: 'Maharashtra',
        pincode: '411001',
      },
    });
    const [text = ''] = await pageTexts(await renderLabels([label]));
    expect(text).not.toMatch(/Box|Booked|undefined|null|NaN|Ph: [^9]/);
    expect(text).toContain('Pune, Maharashtra - 411001');
  });

  it('prints an order number that Code 128 cannot carry as text only', async () => {
    const pdf = await renderLabels([buildLabel({ orderNumber: '#१००१' })]);
    expect(decodeCode128(await rasterize(pdf, 1, DPI))).toEqual(['1490912345678']);
    expect((await pageTexts(pdf))[0]).toContain('ORDER');
  });
});

describe('bad input', () => {
  it('refuses an empty list', async () => {
    expect((await rejection(renderLabels([]))).code).toBe('NO_LABELS');
  });

  it('refuses more labels than one PDF holds, before rendering any', async () => {
    const many = Array.from({ length: MAX_LABELS_PER_PDF + 1 }, () => buildLabel());
    expect((await rejection(renderLabels(many))).code).toBe('TOO_MANY_LABELS');
  });

  it('refuses an AWB with characters Code 128 cannot carry, naming the label', async () => {
    const err = await rejection(renderLabels([buildLabel(), buildLabel({ awb: 'AWB ₹12' })]));
    expect(err.code).toBe('AWB_NOT_ENCODABLE');
    expect(err.index).toBe(1);
    expect(err.message).toContain('Label 2');
  });

  it('refuses an AWB too long to scan on a 4x6 label', async () => {
    const err = await rejection(renderLabels([buildLabel({ awb: 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH' })]));
    expect(err.code).toBe('AWB_NOT_ENCODABLE');
    expect(err.issues).toEqual([{ path: 'awb', message: 'too long for a scannable barcode' }]);
  });

  it('lists the invalid fields and leaves personal data out of the message', async () => {
    const label = buildLabel();
    const err = await rejection(
      renderLabels([
        {
          ...label,
          consignee: { ...label.consignee, pincode: '56003' },
          weightGrams: 0,
          payment: { kind: 'cod', amountPaise: 12.5 },
        },
      ]),
    );
    expect(err.code).toBe('INVALID_LABEL');
    expect(err.issues.map((i) => i.path).sort()).toEqual(['consignee.pincode', 'payment.amountPaise', 'weightGrams']);
    expect(err.message).toContain('AWB 1490912345678');
    expect(err.message).not.toContain('राहुल');
    expect(err.message).not.toContain('9876543210');
    expect(err.message).not.toContain('Shanti');
  });

  it('refuses an unknown paper size', async () => {
    const err = await rejection(renderLabels([buildLabel()], { paper: 'letter' as '4x6' }));
    expect(err.code).toBe('INVALID_OPTIONS');
  });
});
