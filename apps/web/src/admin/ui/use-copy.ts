import { useEffect, useRef, useState } from 'react';

/** Copies text to the clipboard and says so for a moment; `copied` is false again after `forMs`. */
export function useCopy(forMs = 1500): { copied: boolean; copy: (text: string) => void } {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = (text: string) => {
    // No clipboard outside a secure context (plain http on a LAN address): nothing to confirm then.
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), forMs);
    });
  };
  return { copied, copy };
}
