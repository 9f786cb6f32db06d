import { toDate } from '../../shared/format';

/** Newest first by `at`; rows of the same moment by id, newest first too (ids grow). */
export function newestFirst<T extends { id: string }>(items: readonly T[], at: (item: T) => Date | string): T[] {
  return [...items].sort((a, b) => toDate(at(b)).getTime() - toDate(at(a)).getTime() || Number(b.id) - Number(a.id));
}
