import type { ImportChange, ImportOrder } from './upload';

function ChangeRows({ changes }: { changes: ImportChange[] }) {
  return (
    <table className="table import-change-table">
      <thead>
        <tr>
          <th>What</th>
          <th>Now</th>
          <th>In the file</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={`${c.label}-${i}`}>
            <td>{c.label}</td>
            <td className={c.before === null ? 'muted' : undefined}>{c.before ?? '(not in the order)'}</td>
            <td className={c.after === null ? 'muted' : undefined}>{c.after ?? '(removed)'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Orders the file names again that it changes: what importing does to each (updated, as listed) or
 * why it is left as it is. The server decides both; this only shows them before the admin confirms.
 */
export function ImportChanges({ orders, done }: { orders: ImportOrder[]; done: boolean }) {
  const updates = orders.filter((o) => o.action === 'update');
  // Every order the summary counts is listed: a skip without changes (another upload took it) too.
  const skips = orders.filter((o) => o.action === 'skip');
  const unchanged = orders.filter((o) => o.action === 'unchanged');
  return (
    <>
      {updates.length > 0 && (
        <section aria-label={done ? 'Orders updated' : 'Orders that will change'} className="import-changes">
          <h3 className="section-subtitle">
            {done ? 'Updated from the file' : 'Imported before and changed by this file: these will be updated'}
          </h3>
          {updates.map((o) => (
            <div key={o.externalId} className="import-change" data-order={o.orderNumber}>
              <p>
                <strong>{o.orderNumber}</strong>{' '}
                <span className="muted">
                  ({o.rows.length === 1 ? 'row' : 'rows'} {o.rows.join(', ')})
                </span>
              </p>
              <ChangeRows changes={o.changes} />
            </div>
          ))}
        </section>
      )}
      {skips.length > 0 && (
        <section aria-label="Orders left as they are" className="import-changes">
          <h3 className="section-subtitle">Left as they are</h3>
          {skips.map((o) => (
            <div key={o.externalId} className="import-change" data-order={o.orderNumber}>
              <p>
                <strong>{o.orderNumber}</strong>: {o.reason ?? 'it can no longer change'}.
              </p>
              {o.changes.length > 0 && <ChangeRows changes={o.changes} />}
            </div>
          ))}
        </section>
      )}
      {unchanged.length > 0 && (
        <p className="muted">
          Already imported and the same in this file (left as they are):{' '}
          {unchanged
            .slice(0, 50)
            .map((o) => o.orderNumber)
            .join(', ')}
          {unchanged.length > 50 ? ` and ${unchanged.length - 50} more` : ''}
        </p>
      )}
    </>
  );
}
