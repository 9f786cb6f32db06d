/**
 * bigint ids travel as decimal strings. Anything else cannot name a row, so lookups answer "not
 * found" for it instead of letting PostgreSQL raise 22P02 (invalid input syntax) or 22003 (out of range).
 */
export function isRowId(id: string): boolean {
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n;
}
