import { formatPaiseAsRupees } from '../money';
import { maskPhone } from '../phone';
import type { SandboxShipment } from './sandbox.types';

/**
 * The label PDF behind the sandbox's label URLs: one real, valid PDF page (4x6 inch, or A4), written
 * by hand so the sandbox needs no PDF library. Standard Helvetica only, so text outside Latin-1 is
 * shown as "?"; the phone is masked. It stands in for iCarry's courier label: it is not one.
 */

const POINTS_PER_INCH = 72;
const PAGE_SIZES = {
  '4x6': [4 * POINTS_PER_INCH, 6 * POINTS_PER_INCH],
  A4: [595, 842],
} as const;

export type LabelPaper = keyof typeof PAGE_SIZES;

interface TextLine {
  text: string;
  size: number;
  bold?: boolean;
}

/** Text as a PDF literal string: Latin-1 only, with (, ) and \ escaped. */
function pdfString(text: string): string {
  // Per code point: anything outside printable Latin-1 (Devanagari, emoji, controls) becomes one "?".
  const latin1 = text.replace(/\s+/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/gu, '?');
  return `(${latin1.replace(/[\\()]/g, (ch) => `\\${ch}`)})`;
}

function labelLines(shipment: SandboxShipment, returnAddress: string): TextLine[] {
  const { consignee, parcel } = shipment;
  const isReverse = shipment.direction === 'reverse';
  const payment =
    parcel.type === 'COD' && !isReverse ? `COD: collect INR ${formatPaiseAsRupees(parcel.valuePaise)}` : 'PREPAID';
  const lines: TextLine[] = [
    { text: shipment.courierName ?? 'Courier not assigned', size: 14, bold: true },
    { text: `AWB ${shipment.awb ?? '-'}`, size: 20, bold: true },
    { text: isReverse ? 'RETURN SHIPMENT' : payment, size: 16, bold: true },
    { text: isReverse ? 'Return to:' : 'Deliver to:', size: 10, bold: true },
    { text: consignee.name, size: 11 },
    { text: consignee.address, size: 10 },
    { text: `${consignee.city}, ${consignee.state} ${consignee.pincode}`, size: 10 },
    { text: `Phone ${maskPhone(consignee.mobile)}`, size: 10 },
  ];
  if (shipment.pickup !== null) {
    lines.push({ text: 'Pick up from:', size: 10, bold: true });
    lines.push({ text: `${shipment.pickup.name}, ${shipment.pickup.city} ${shipment.pickup.pincode}`, size: 10 });
  }
  lines.push(
    { text: `Order ${shipment.clientOrderId ?? '-'}  |  Shipment ${shipment.shipmentId}`, size: 9 },
    {
      text: `${parcel.weightGrams} g  |  ${parcel.lengthCm}x${parcel.breadthCm}x${parcel.heightCm} cm  |  ${parcel.items.length} item(s)`,
      size: 9,
    },
    { text: `If undelivered, return to: ${returnAddress}`, size: 8 },
    { text: 'iCARRY SANDBOX LABEL - NOT A REAL SHIPMENT', size: 9, bold: true },
  );
  return lines;
}

/** A one-page PDF label for `shipment`; `returnAddress` is printed as the "return to" line. */
export function buildLabelPdf(shipment: SandboxShipment, returnAddress: string, paper: LabelPaper = '4x6'): Buffer {
  const [width, height] = PAGE_SIZES[paper];
  const margin = 18;
  let y = height - margin;
  const ops: string[] = [
    // A frame, as courier labels have.
    `0.8 w ${margin / 2} ${margin / 2} ${width - margin} ${height - margin} re S`,
  ];
  for (const line of labelLines(shipment, returnAddress)) {
    y -= line.size + 6;
    ops.push(`BT /${line.bold === true ? 'F2' : 'F1'} ${line.size} Tf ${margin} ${y} Td ${pdfString(line.text)} Tj ET`);
  }
  const content = ops.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
