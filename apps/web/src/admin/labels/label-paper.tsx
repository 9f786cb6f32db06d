import { useId, useState } from 'react';
import type { LabelPaper } from './pdf-urls';

const STORAGE_KEY = 'admin.labelPaper';

function storedPaper(): LabelPaper {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'a4' ? 'a4' : '4x6';
  } catch {
    return '4x6';
  }
}

/** The packing table's printer does not change between clicks: the last choice is remembered on this browser. */
export function useLabelPaper(): [LabelPaper, (paper: LabelPaper) => void] {
  const [paper, setPaper] = useState<LabelPaper>(storedPaper);
  const choose = (next: LabelPaper) => {
    setPaper(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  return [paper, choose];
}

/** 4x6 inch for a thermal label printer, or four labels to an A4 sheet for an office printer. */
export function PaperSelect({ value, onChange }: { value: LabelPaper; onChange: (paper: LabelPaper) => void }) {
  const id = useId();
  return (
    <span className="paper-select">
      <label htmlFor={id}>Label paper</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value === 'a4' ? 'a4' : '4x6')}>
        <option value="4x6">4×6 inch label</option>
        <option value="a4">A4, four to a page</option>
      </select>
    </span>
  );
}
