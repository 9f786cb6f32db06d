import type { z } from 'zod';

/**
 * Why a label or manifest could not be made. The PDF routes turn every code into a 4xx with the
 * message: each one is about the input, never about the server. Messages name the label (its
 * position and AWB) and the field, never a name, address or phone.
 */
export type DocumentErrorCode =
  /** renderLabels or mergeLabelPdfs was given nothing to print. */
  | 'NO_LABELS'
  /** More labels than one PDF is allowed to hold (MAX_LABELS_PER_PDF). */
  | 'TOO_MANY_LABELS'
  /** A label's data failed validation: `issues` lists the fields. */
  | 'INVALID_LABEL'
  /** The AWB has characters Code 128 cannot carry, or is too long to print scannably on the label. */
  | 'AWB_NOT_ENCODABLE'
  /** The manifest's data failed validation: `issues` lists the fields. */
  | 'INVALID_MANIFEST'
  /** A PDF handed to mergeLabelPdfs (iCarry's label) cannot be read or has no pages. */
  | 'INVALID_PDF'
  /** The options (paper) are not one of the known values. */
  | 'INVALID_OPTIONS';

export interface DocumentIssue {
  /** Dotted path inside the label or manifest, e.g. `consignee.pincode` or `shipments.3.awb`. */
  path: string;
  message: string;
}

export class DocumentError extends Error {
  override readonly name = 'DocumentError';

  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    /** Position of the offending label or PDF part in the input (0-based), when there is one. */
    readonly index?: number,
    readonly issues: readonly DocumentIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** zod's issues as dotted paths and messages (zod's messages never quote the input's value). */
export function issuesOf(error: z.ZodError): DocumentIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function describeIssues(issues: readonly DocumentIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
