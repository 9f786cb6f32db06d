import { useCallback, useEffect, useMemo, useState } from 'react';

/**
 * The ticked orders of the list: ids as ticked (across pages), or "all matching" the list's status
 * and search (the server walks that list itself). Cleared when the tab or the search changes, so a
 * selection is never applied to rows the admin no longer sees.
 */
export function useSelection(resetKey: string) {
  const [ids, setIds] = useState<string[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  useEffect(() => {
    setIds([]);
    setAllMatching(false);
  }, [resetKey]);

  const selected = useMemo(() => new Set(ids), [ids]);
  const toggle = useCallback((id: string, on: boolean) => {
    setAllMatching(false);
    setIds((current) => (on ? (current.includes(id) ? current : [...current, id]) : current.filter((x) => x !== id)));
  }, []);
  const setPage = useCallback((pageIds: readonly string[], on: boolean) => {
    setAllMatching(false);
    setIds((current) =>
      on
        ? [...current, ...pageIds.filter((id) => !current.includes(id))]
        : current.filter((id) => !pageIds.includes(id)),
    );
  }, []);
  const selectAllMatching = useCallback(() => setAllMatching(true), []);
  const clear = useCallback(() => {
    setIds([]);
    setAllMatching(false);
  }, []);
  return { ids, selected, allMatching, toggle, setPage, selectAllMatching, clear };
}

export type Selection = ReturnType<typeof useSelection>;
