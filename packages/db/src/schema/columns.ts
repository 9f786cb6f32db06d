import type { ColumnType } from 'kysely';

// Column helpers the area files share; schema.ts does not re-export them, so the package never exports them.

/** bigint ids come back as strings from `pg` and numbers from PGlite; both are normalised by the dialects to string. */
export type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
export type GeneratedId = ColumnType<string, string | number | bigint | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Json<T> = ColumnType<T, string | T, string | T>;

/** `date` columns come back as 'yyyy-mm-dd' text from both drivers. */
export type CalendarDay = ColumnType<string | null, string | null | undefined, string | null>;
