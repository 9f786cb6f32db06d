/** A real progress bar (role=progressbar with its numbers), filled in proportion to `done` of `total`. */
export function ProgressBar({
  done,
  total,
  label,
  finished,
  large = false,
}: {
  done: number;
  total: number;
  label: string;
  finished: boolean;
  large?: boolean;
}) {
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div
      className={`progress${large ? ' progress-lg' : ''}${finished ? ' is-done' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${total} done`}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
