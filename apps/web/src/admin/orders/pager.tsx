import { ChevronLeft, ChevronRight } from 'lucide-react';

/** Previous / Next over keyset pages; `onNext` is null on the last page (or while the next one loads). */
export function Pager({
  page,
  shown,
  onPrevious,
  onNext,
}: {
  page: number;
  /** Rows on this page, or null before the first answer. */
  shown: number | null;
  onPrevious: () => void;
  onNext: (() => void) | null;
}) {
  return (
    <footer className="pager">
      <span className="muted">
        {shown === null ? ' ' : `Page ${page}${shown ? ` · ${shown} order${shown === 1 ? '' : 's'}` : ''}`}
      </span>
      <div className="pager-buttons">
        <button type="button" className="btn btn-secondary btn-sm" disabled={page <= 1} onClick={onPrevious}>
          <ChevronLeft size={14} aria-hidden="true" /> Previous
        </button>
        <button type="button" className="btn btn-secondary btn-sm" disabled={!onNext} onClick={() => onNext?.()}>
          Next <ChevronRight size={14} aria-hidden="true" />
        </button>
      </div>
    </footer>
  );
}
