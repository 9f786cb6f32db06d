import type { ReactNode } from 'react';
import { navigate } from '../router/navigation';

/** A link inside the admin that changes the page without a reload; modified clicks still open a new tab. */
export function AppLink({
  href,
  children,
  className = 'link',
  label,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  /** An accessible name when the text alone is ambiguous (e.g. "View" on every row). */
  label?: string;
}) {
  return (
    <a
      href={href}
      className={className}
      aria-label={label}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
