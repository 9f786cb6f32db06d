// What the channel cards and the event endpoints both show: an outcome's colour, a value to copy.
import { Copy } from 'lucide-react';
import type { Tone } from '../../shared/labels';
import { useCopy } from '../ui/use-copy';

export const OUTCOME_TONE: Record<string, Tone> = {
  created: 'green',
  updated: 'green',
  cancelled: 'neutral',
  unchanged: 'neutral',
  ignored: 'neutral',
  stale: 'neutral',
  flagged: 'amber',
  rejected: 'red',
  failed: 'red',
  pending: 'amber',
  delivered: 'green',
  done: 'green',
};

export function CopyValue({ value, label }: { value: string; label: string }) {
  const { copied, copy } = useCopy();
  return (
    <div className="setup-value">
      <code>{value}</code>
      <button type="button" className="btn btn-ghost btn-icon btn-xs" aria-label={label} onClick={() => copy(value)}>
        <Copy size={13} aria-hidden="true" />
      </button>
      {copied && <span className="muted">Copied</span>}
    </div>
  );
}
