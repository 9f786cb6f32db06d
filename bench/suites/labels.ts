import PDFDocument from 'pdfkit';
import {
  buildLabel,
  buildManifest,
  mergeLabelPdfs,
  renderLabels,
  renderManifest,
  type LabelData,
} from '@app/api/bench';
import type { BenchContext } from '../lib/context';
import { median, timeRuns } from '../lib/stats';

const SUITE = 'labels';
const LABELS = 100;
const MANIFEST_ROWS = 500;
const RUNS = 5;
const TARGET_MS = 3000;

/** 100 different parcels: AWBs, order numbers, COD and prepaid, Devanagari and Latin names. */
function labels(): LabelData[] {
  return Array.from({ length: LABELS }, (_, i) =>
    buildLabel({
      awb: String(1_490_900_000_000 + i * 7919),
      orderNumber: `FB-${100_001 + i}`,
      payment: i % 3 === 0 ? { kind: 'prepaid' } : { kind: 'cod', amountPaise: 29_900 + i * 1000 },
      consignee: {
        name: i % 2 === 0 ? 'राहुल शर्मा' : 'Priya Venkataraman',
        addressLines: [`Flat ${100 + i}, Shanti Apartments, 14th Cross Road`, 'Indiranagar 2nd Stage'],
        city: 'Bengaluru',
        state: 'Karnataka',
        pincode: '560038',
        phone: '9876543210',
      },
    }),
  );
}

/**
 * The baseline: the same library writing the same number of pages with the label's fields as
 * plain text in a standard PDF font (nothing embedded, no shaping, no barcodes, no fitting). What
 * the figure adds on top of it is fonts, shaping, fitting and bars.
 */
async function plainPages(pages: number, linesPerPage: (page: number) => string[], size: [number, number]) {
  const doc = new PDFDocument({ size, margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  const done = new Promise<number>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks).length)));
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.font('Helvetica').fontSize(9);
  for (let p = 0; p < pages; p++) {
    doc.addPage({ size, margin: 0 });
    linesPerPage(p).forEach((line, i) => doc.text(line, 10, 10 + i * 12, { lineBreak: false }));
  }
  doc.end();
  return done;
}

function labelLines(label: LabelData): string[] {
  const c = label.consignee;
  return [
    label.storeName,
    label.courierName,
    label.awb,
    'DELIVER TO',
    'Rahul Sharma',
    ...c.addressLines,
    `${c.city}, ${c.state}`,
    `Ph: ${c.phone}`,
    c.pincode,
    label.payment.kind === 'cod' ? `COD Rs. ${label.payment.amountPaise / 100}` : 'PREPAID',
    label.orderNumber,
    `Weight ${label.weightGrams} g`,
    `Items ${label.itemCount}`,
    label.contents ?? '',
    'IF UNDELIVERED, RETURN TO',
    label.returnAddress.name,
    ...label.returnAddress.addressLines,
  ];
}

export async function labelsSuite(ctx: BenchContext): Promise<void> {
  const { report } = ctx;
  const data = labels();

  // The first render in a process also reads and parses the four font files.
  const coldStarted = performance.now();
  await renderLabels(data.slice(0, 1), { paper: '4x6' });
  const coldMs = performance.now() - coldStarted;

  // One untimed full run, so the timed runs compare steady states (JIT-compiled, caches warm).
  await renderLabels(data, { paper: '4x6' });
  await plainPages(LABELS, (p) => labelLines(data[p] ?? buildLabel()), [288, 432]);

  let bytes = 0;
  const fourBySix = await timeRuns(RUNS, async () => {
    bytes = (await renderLabels(data, { paper: '4x6' })).length;
  });
  let baselineBytes = 0;
  const baseline = await timeRuns(RUNS, async () => {
    baselineBytes = await plainPages(LABELS, (p) => labelLines(data[p] ?? buildLabel()), [288, 432]);
  });
  report.add({
    suite: SUITE,
    name: `renderLabels: ${LABELS} labels, 4x6 (median of ${RUNS})`,
    value: median(fourBySix),
    unit: 'ms',
    baseline: median(baseline),
    baselineLabel: `pdfkit, ${LABELS} pages of the same fields in Helvetica`,
    target: `<= ${TARGET_MS} ms`,
    met: median(fourBySix) <= TARGET_MS,
    note: `runs ${fourBySix.map((t) => t.toFixed(0)).join(', ')} ms; ${(bytes / 1024).toFixed(0)} KiB (baseline ${(baselineBytes / 1024).toFixed(0)} KiB); first render in the process (1 label, fonts loaded) ${coldMs.toFixed(0)} ms`,
  });

  const a4 = await timeRuns(RUNS, () => renderLabels(data, { paper: 'a4' }));
  report.add({
    suite: SUITE,
    name: `renderLabels: ${LABELS} labels, A4 four-up (median of ${RUNS})`,
    value: median(a4),
    unit: 'ms',
    baseline: median(baseline),
    baselineLabel: 'same baseline',
    target: `<= ${TARGET_MS} ms`,
    met: median(a4) <= TARGET_MS,
  });

  // One iCarry label PDF in five, as when iCarry answers for some parcels and not others.
  const theirs = await renderLabels([buildLabel({ awb: 'ICARRY0000001' })], { paper: '4x6' });
  const parts = data.map((label, i) => (i % 5 === 0 ? theirs : label));
  const merged = await timeRuns(RUNS, () => mergeLabelPdfs(parts, { paper: '4x6' }));
  report.add({
    suite: SUITE,
    name: `mergeLabelPdfs: ${LABELS} labels, 1 in 5 from iCarry, 4x6 (median of ${RUNS})`,
    value: median(merged),
    unit: 'ms',
    baseline: median(fourBySix),
    baselineLabel: `renderLabels of ${LABELS}`,
    target: `<= ${TARGET_MS} ms`,
    met: median(merged) <= TARGET_MS,
  });

  const manifest = buildManifest(MANIFEST_ROWS);
  let pages = 0;
  const manifestRuns = await timeRuns(RUNS, async () => {
    const pdf = await renderManifest(manifest);
    pages = (new TextDecoder('latin1').decode(pdf).match(/\/Type \/Page\b/g) ?? []).length;
  });
  const rowsPerPage = 48;
  const manifestBaseline = await timeRuns(RUNS, () =>
    plainPages(
      Math.ceil(MANIFEST_ROWS / rowsPerPage),
      (p) =>
        manifest.shipments
          .slice(p * rowsPerPage, (p + 1) * rowsPerPage)
          .map((s) => `${s.awb}  ${s.orderNumber}  ${s.consigneePincode}  ${s.weightGrams} g  ${s.courierName}`),
      [595.28, 841.89],
    ),
  );
  report.add({
    suite: SUITE,
    name: `renderManifest: ${MANIFEST_ROWS} rows (median of ${RUNS})`,
    value: median(manifestRuns),
    unit: 'ms',
    baseline: median(manifestBaseline),
    baselineLabel: `pdfkit, the rows as plain Helvetica lines`,
    target: `<= ${TARGET_MS} ms`,
    met: median(manifestRuns) <= TARGET_MS,
    note: `${pages} pages; runs ${manifestRuns.map((t) => t.toFixed(0)).join(', ')} ms`,
  });
}
