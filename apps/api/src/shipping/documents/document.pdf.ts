import PDFDocument from 'pdfkit';
import { registerFonts } from './document.fonts';

/** A4 in points. */
export const A4_WIDTH = 595.28;
export const A4_HEIGHT = 841.89;

/**
 * Runs `draw` on a new PDFKit document with the fonts registered and returns the finished bytes.
 * Margins are zero so PDFKit never starts a page by itself: every page is added by `draw`.
 */
export async function collectPdf(
  options: PDFKit.PDFDocumentOptions,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  const doc = new PDFDocument({ margin: 0, autoFirstPage: false, ...options });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  draw(doc);
  doc.end();
  return done;
}
