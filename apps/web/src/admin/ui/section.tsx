import { Inbox } from 'lucide-react';
import type { ReactNode } from 'react';

/** A titled block of a page or of Order Details; `id` names the heading for links and tests. */
export function Section({
  title,
  actions,
  children,
  id,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="section" aria-labelledby={headingId}>
      <header className="section-header">
        <h3 id={headingId} className="section-title">
          {title}
        </h3>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="empty">
      <span className="empty-icon" aria-hidden="true">
        {icon ?? <Inbox size={22} />}
      </span>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-text">{children}</div>}
    </div>
  );
}
