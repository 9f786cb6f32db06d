import { DocumentError, describeIssues, issuesOf } from './document.error';
import { formatCalendarDay, formatIstDateTime, formatKg, formatRupees } from './document.format';
import { manifestDataSchema, type ManifestData, type ValidManifestData } from './document.schema';
import { drawLine, drawWrapped, type Box, type TextStyle } from './document.text';
import { A4_HEIGHT, A4_WIDTH, collectPdf } from './document.pdf';
import { summarizeManifest, type CourierSummary, type ManifestSummary } from './manifest.summary';

/**
 * The pickup manifest: the sheet the packer and the courier's pickup person sign when parcels
 * change hands. One section per courier (a table of its parcels, its count, weight and cash to
 * collect, and signature lines), then the grand totals. A4 portrait; long tables continue on the
 * next page under the courier's name and the column headings again; every page is numbered.
 */

const LEFT = 36;
const RIGHT = A4_WIDTH - 36;
const WIDTH = RIGHT - LEFT;
const BOTTOM = A4_HEIGHT - 44;
const ROW = 15;
const HEADING = 22;
const TABLE_HEAD = 16;
const SIGNATURES = 96;
const GREY = '#555555';
const BAND = '#e4e4e4';
const STRIPE = '#f4f4f4';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
}

const COLUMNS: Column[] = [
  { title: '#', width: 28, align: 'left' },
  { title: 'AWB', width: 130, align: 'left' },
  { title: 'ORDER', width: 96, align: 'left' },
  { title: 'DELIVER TO', width: WIDTH - 28 - 130 - 96 - 60 - 72, align: 'left' },
  { title: 'WEIGHT', width: 60, align: 'right' },
  { title: 'COD', width: 72, align: 'right' },
];

function parcels(n: number): string {
  return `${n} ${n === 1 ? 'parcel' : 'parcels'}`;
}

class ManifestWriter {
  y = 0;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly data: ValidManifestData,
  ) {}

  private get title(): string {
    return `${this.data.storeName} · Pickup manifest · ${formatCalendarDay(this.data.date)}`;
  }

  firstPage(summary: ManifestSummary): void {
    const { doc, data } = this;
    doc.addPage({ size: [A4_WIDTH, A4_HEIGHT], margin: 0 });
    drawLine(doc, data.storeName, { x: LEFT, y: 34, width: 330, height: 24 }, { size: 16, minSize: 9, weight: 'bold' });
    drawLine(
      doc,
      'PICKUP MANIFEST',
      { x: RIGHT - 180, y: 34, width: 180, height: 24 },
      { size: 12, weight: 'bold', align: 'right', characterSpacing: 1 },
    );
    const pickup = data.pickupAddress;
    drawLine(doc, 'PICK UP FROM', { x: LEFT, y: 60, width: 330, height: 10 }, cap());
    drawWrapped(
      doc,
      [
        pickup.name,
        pickup.addressLines.join(', '),
        `${pickup.city}, ${pickup.state} - ${pickup.pincode}${pickup.phone ? ` · Ph: ${pickup.phone}` : ''}`,
      ].join('\n'),
      { x: LEFT, y: 70, width: 330, height: 36 },
      { size: 8.5, minSize: 6 },
    );
    drawLine(doc, 'PICKUP DATE', { x: RIGHT - 180, y: 60, width: 180, height: 10 }, { ...cap(), align: 'right' });
    drawLine(
      doc,
      formatCalendarDay(data.date),
      { x: RIGHT - 180, y: 70, width: 180, height: 18 },
      { size: 12, weight: 'bold', align: 'right' },
    );
    if (data.generatedAt)
      drawLine(
        doc,
        `Printed ${formatIstDateTime(data.generatedAt)}`,
        { x: RIGHT - 180, y: 89, width: 180, height: 12 },
        { size: 7.5, align: 'right', color: GREY },
      );
    doc.rect(LEFT, 110, WIDTH, 20).fillColor(BAND).fill();
    drawLine(
      doc,
      summary.count === 0
        ? 'No parcels'
        : `${summary.couriers.length} ${summary.couriers.length === 1 ? 'courier' : 'couriers'} · ${parcels(summary.count)} · ${formatKg(summary.weightGrams)} · COD to collect ${formatRupees(summary.codPaise)} (${parcels(summary.codCount)})`,
      { x: LEFT + 6, y: 110, width: WIDTH - 12, height: 20 },
      { size: 9, minSize: 6, weight: 'bold' },
    );
    this.y = 142;
  }

  private nextPage(): void {
    const { doc } = this;
    doc.addPage({ size: [A4_WIDTH, A4_HEIGHT], margin: 0 });
    drawLine(doc, this.title, { x: LEFT, y: 30, width: WIDTH, height: 16 }, { size: 9, minSize: 6, weight: 'bold' });
    doc.moveTo(LEFT, 48).lineTo(RIGHT, 48).lineWidth(1).strokeColor('black').stroke();
    this.y = 58;
  }

  /** Starts a new page when `height` more points do not fit on this one; says whether it did. */
  private ensure(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.nextPage();
    return true;
  }

  private heading(courier: CourierSummary, continued: boolean): void {
    const { doc } = this;
    doc.rect(LEFT, this.y, WIDTH, HEADING).fillColor(BAND).fill();
    drawLine(
      doc,
      continued ? `${courier.courierName} (continued)` : courier.courierName,
      { x: LEFT + 6, y: this.y, width: WIDTH - 130, height: HEADING },
      { size: 11, minSize: 7, weight: 'bold' },
    );
    drawLine(
      doc,
      parcels(courier.count),
      { x: RIGHT - 120, y: this.y, width: 114, height: HEADING },
      { size: 9, weight: 'bold', align: 'right' },
    );
    this.y += HEADING;
  }

  private cells(values: string[], height: number, style: TextStyle, colors: (string | undefined)[] = []): void {
    let x = LEFT;
    COLUMNS.forEach((column, i) => {
      const box: Box = { x: x + 3, y: this.y, width: column.width - 6, height };
      const value = values[i] ?? '';
      const color = colors[i] ?? style.color;
      if (value) drawLine(this.doc, value, box, { ...style, align: column.align, ...(color ? { color } : {}) });
      x += column.width;
    });
    this.y += height;
  }

  private tableHead(): void {
    this.cells(
      COLUMNS.map((c) => c.title),
      TABLE_HEAD,
      { size: 7, weight: 'bold', color: GREY, characterSpacing: 0.3 },
    );
    this.doc.moveTo(LEFT, this.y).lineTo(RIGHT, this.y).lineWidth(0.75).strokeColor('black').stroke();
  }

  private signatures(courier: CourierSummary): void {
    const { doc, data } = this;
    const top = this.y + 6;
    const half = (WIDTH - 12) / 2;
    const boxes: [number, string, string[]][] = [
      [LEFT, `HANDED OVER BY (${data.storeName})`, ['Name', 'Signature']],
      [
        LEFT + half + 12,
        `RECEIVED BY COURIER (${courier.courierName})`,
        ['Name', 'Signature', 'Date & time', `Parcels received (of ${courier.count})`],
      ],
    ];
    for (const [x, title, lines] of boxes) {
      doc
        .rect(x, top, half, SIGNATURES - 10)
        .lineWidth(0.75)
        .strokeColor('black')
        .stroke();
      drawLine(doc, title, { x: x + 6, y: top + 3, width: half - 12, height: 10 }, cap());
      lines.forEach((line, i) => {
        const ly = top + 30 + i * 18;
        drawLine(doc, line, { x: x + 6, y: ly - 10, width: 110, height: 10 }, { size: 7.5, color: GREY });
        doc
          .moveTo(x + 116, ly)
          .lineTo(x + half - 8, ly)
          .lineWidth(0.5)
          .strokeColor('#888888')
          .stroke();
      });
    }
    this.y = top + SIGNATURES;
  }

  section(courier: CourierSummary): void {
    const { doc } = this;
    // Never a heading alone at the foot of a page: keep it with the column headings and three rows.
    this.ensure(HEADING + TABLE_HEAD + 3 * ROW);
    this.heading(courier, false);
    this.tableHead();
    courier.shipments.forEach((s, i) => {
      if (this.ensure(ROW)) {
        this.heading(courier, true);
        this.tableHead();
      }
      if (i % 2 === 1) doc.rect(LEFT, this.y, WIDTH, ROW).fillColor(STRIPE).fill();
      const cod = s.payment.kind === 'cod' ? formatRupees(s.payment.amountPaise) : 'Prepaid';
      this.cells(
        [String(i + 1), s.awb, s.orderNumber, `${s.consigneeCity} ${s.consigneePincode}`, formatKg(s.weightGrams), cod],
        ROW,
        { size: 8.5, minSize: 6 },
        [GREY, undefined, undefined, undefined, undefined, s.payment.kind === 'cod' ? undefined : GREY],
      );
    });
    // The totals stay on the page with the signatures they are signed against.
    if (this.ensure(ROW + 4 + SIGNATURES)) this.heading(courier, true);
    doc.moveTo(LEFT, this.y).lineTo(RIGHT, this.y).lineWidth(0.75).strokeColor('black').stroke();
    this.y += 2;
    this.cells(
      [
        '',
        `Total: ${parcels(courier.count)}`,
        '',
        `COD: ${parcels(courier.codCount)}`,
        formatKg(courier.weightGrams),
        formatRupees(courier.codPaise),
      ],
      ROW,
      { size: 8.5, minSize: 6, weight: 'bold' },
    );
    this.signatures(courier);
    this.y += 14;
  }

  grandTotal(summary: ManifestSummary): void {
    const { doc } = this;
    const height = 38 + summary.couriers.length * 14 + 20;
    this.ensure(height);
    const top = this.y;
    doc.rect(LEFT, top, WIDTH, height).lineWidth(1.5).strokeColor('black').stroke();
    drawLine(doc, 'GRAND TOTAL', { x: LEFT + 8, y: top + 4, width: 200, height: 16 }, { size: 10, weight: 'bold' });
    const row = (y: number, values: string[], bold: boolean) => {
      const style: TextStyle = { size: 8.5, minSize: 6, weight: bold ? 'bold' : 'regular' };
      const xs: [number, number, 'left' | 'right'][] = [
        [LEFT + 8, 220, 'left'],
        [LEFT + 240, 90, 'right'],
        [LEFT + 340, 70, 'right'],
        [LEFT + 420, WIDTH - 428, 'right'],
      ];
      xs.forEach(([x, width, align], i) =>
        drawLine(doc, values[i] ?? '', { x, y, width, height: 14 }, { ...style, align }),
      );
    };
    const head: TextStyle = { size: 6.5, weight: 'bold', color: GREY, characterSpacing: 0.3 };
    drawLine(doc, 'PARCELS', { x: LEFT + 240, y: top + 22, width: 90, height: 10 }, { ...head, align: 'right' });
    drawLine(doc, 'WEIGHT', { x: LEFT + 340, y: top + 22, width: 70, height: 10 }, { ...head, align: 'right' });
    drawLine(
      doc,
      'COD TO COLLECT',
      { x: LEFT + 420, y: top + 22, width: WIDTH - 428, height: 10 },
      { ...head, align: 'right' },
    );
    let y = top + 34;
    for (const c of summary.couriers) {
      row(y, [c.courierName, parcels(c.count), formatKg(c.weightGrams), formatRupees(c.codPaise)], false);
      y += 14;
    }
    doc
      .moveTo(LEFT + 8, y + 2)
      .lineTo(RIGHT - 8, y + 2)
      .lineWidth(0.75)
      .strokeColor('black')
      .stroke();
    row(
      y + 4,
      ['All couriers', parcels(summary.count), formatKg(summary.weightGrams), formatRupees(summary.codPaise)],
      true,
    );
    this.y = top + height;
  }

  empty(): void {
    drawLine(
      this.doc,
      'No parcels are waiting for pickup on this day.',
      { x: LEFT, y: this.y, width: WIDTH, height: 20 },
      { size: 11, color: GREY },
    );
  }

  footers(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const y = A4_HEIGHT - 30;
      drawLine(doc, this.title, { x: LEFT, y, width: WIDTH - 90, height: 12 }, { size: 7, minSize: 5, color: GREY });
      drawLine(
        doc,
        `Page ${i - range.start + 1} of ${range.count}`,
        { x: RIGHT - 85, y, width: 85, height: 12 },
        { size: 7, color: GREY, align: 'right' },
      );
    }
  }
}

function cap(): TextStyle {
  return { size: 6.5, weight: 'bold', color: GREY, characterSpacing: 0.3, valign: 'top' };
}

/**
 * The pickup handover sheet for `data.date`. An empty shipment list gives a one-page sheet that
 * says so. Throws DocumentError INVALID_MANIFEST (with the fields) before any PDF is made.
 */
export async function renderManifest(data: ManifestData): Promise<Uint8Array> {
  const parsed = manifestDataSchema.safeParse(data);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new DocumentError(
      'INVALID_MANIFEST',
      `The manifest is invalid: ${describeIssues(issues)}`,
      undefined,
      issues,
    );
  }
  const valid = parsed.data;
  const summary = summarizeManifest(valid.shipments);
  return collectPdf(
    { bufferPages: true, info: { Title: `Pickup manifest ${valid.date}`, Creator: 'iCarry shipping' } },
    (doc) => {
      const writer = new ManifestWriter(doc, valid);
      writer.firstPage(summary);
      if (summary.count === 0) writer.empty();
      for (const courier of summary.couriers) writer.section(courier);
      if (summary.count > 0) writer.grandTotal(summary);
      writer.footers();
    },
  );
}
