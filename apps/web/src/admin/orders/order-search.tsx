import { Search, X } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { showSearch } from './orders-paths';

/** Typing waits 300 ms before it changes `?q=` (one history entry, replaced, not one per key). */
export function OrderSearch({ search }: { search: string }) {
  const [draft, setDraft] = useState(search);
  const id = useId();

  useEffect(() => setDraft(search), [search]);
  useEffect(() => {
    const next = draft.trim();
    if (next === search) return;
    const timer = setTimeout(() => showSearch(next), 300);
    return () => clearTimeout(timer);
  }, [draft, search]);

  return (
    <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={id} className="visually-hidden">
        Search orders
      </label>
      <Search size={16} aria-hidden="true" className="search-icon" />
      <input
        id={id}
        type="search"
        placeholder="Order number, customer, phone or AWB"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      {draft && (
        <button type="button" className="search-clear" aria-label="Clear search" onClick={() => setDraft('')}>
          <X size={14} aria-hidden="true" />
        </button>
      )}
    </form>
  );
}
