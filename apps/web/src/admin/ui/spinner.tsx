import { LoaderCircle } from 'lucide-react';

/** Decorative unless `label` is given, in which case it is announced as an image with that name. */
export function Spinner({ label, size = 16 }: { label?: string; size?: number }) {
  return (
    <LoaderCircle
      className="spin"
      size={size}
      aria-hidden={label ? undefined : true}
      aria-label={label}
      role={label ? 'img' : undefined}
    />
  );
}

export function LoadingBlock({ label }: { label: string }) {
  return (
    <div className="loading-block" role="status">
      <Spinner /> <span>{label}</span>
    </div>
  );
}
