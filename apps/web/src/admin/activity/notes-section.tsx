import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../../shared/errors';
import { formatDateTime, toDate } from '../../shared/format';
import type { Tone } from '../../shared/labels';
import { useRefreshOrder, type OrderDetail } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { FieldError } from '../ui/field-error';
import { Section } from '../ui/section';
import { Spinner } from '../ui/spinner';
import { newestFirst } from './newest-first';

type Note = OrderDetail['notes'][number];

const NOTE_KIND: Record<Note['kind'], { label: string; tone: Tone }> = {
  note: { label: 'Note', tone: 'neutral' },
  ndr: { label: 'Delivery failed (NDR)', tone: 'amber' },
  system: { label: 'System', tone: 'gray' },
  weight: { label: 'Weight', tone: 'blue' },
  ndr_response: { label: 'Customer answered (NDR)', tone: 'violet' },
};

export function NotesSection({ orderId, notes }: { orderId: string; notes: Note[] }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const [body, setBody] = useState('');
  const id = useId();
  const add = useMutation(
    trpc.orders.addNote.mutationOptions({
      onSuccess: () => {
        setBody('');
        return refresh();
      },
    }),
  );
  const info = add.error ? errorInfo(add.error) : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!add.isPending) add.mutate({ orderId, body });
  };
  const sorted = newestFirst(notes, (n) => n.createdAt);
  return (
    <Section title="Notes" id="notes">
      <form className="note-form" onSubmit={submit}>
        <label htmlFor={`${id}-note`} className="visually-hidden">
          Add a note
        </label>
        <textarea
          id={`${id}-note`}
          rows={2}
          placeholder="Add a note for the team…"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          maxLength={2000}
          aria-invalid={fieldError(info, 'body') ? true : undefined}
        />
        <div className="note-form-row">
          <FieldError
            message={
              fieldError(info, 'body') ??
              (info && Object.keys(info.fieldErrors).length === 0 ? info.message : undefined)
            }
          />
          <button type="submit" className="btn btn-secondary btn-sm" disabled={add.isPending || !body.trim()}>
            {add.isPending && <Spinner />} Add note
          </button>
        </div>
      </form>
      {sorted.length > 0 && (
        <ul className="notes">
          {sorted.map((note) => (
            <li key={note.id} className={`note note-${note.kind}`}>
              <div className="note-head">
                <Badge tone={NOTE_KIND[note.kind].tone}>{NOTE_KIND[note.kind].label}</Badge>
                {note.ndrCode && <span className="mono subtle">{note.ndrCode}</span>}
                <time className="subtle" dateTime={toDate(note.createdAt).toISOString()}>
                  {formatDateTime(note.createdAt)}
                </time>
              </div>
              <p className="note-body">{note.body}</p>
              {note.ndrDate && <p className="subtle">Attempted {note.ndrDate}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
