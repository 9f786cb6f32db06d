import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { errorInfo, fieldError } from '../../shared/errors';
import { useTRPC } from '../data/trpc';
import { Spinner } from '../ui/spinner';

type Product = RouterOutputs['products']['list'][number];

/**
 * How many days a perishable product keeps: the bulk review and Order Details warn when the slow
 * tenth of parcels to a place take longer. Empty = it keeps longer than any journey.
 */
export function ShelfLifeCell({ product }: { product: Product }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = product.shelfLifeDays === null ? '' : String(product.shelfLifeDays);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved, product.updatedAt]);
  const changed = draft.trim() !== saved;
  const save = useMutation(
    trpc.products.update.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() }),
    }),
  );
  const id = useId();
  const info = save.error ? errorInfo(save.error) : null;
  const refusal = fieldError(info, 'shelfLifeDays') ?? info?.message;
  const text = draft.trim();
  const days = text === '' ? null : Number(text);
  const readable = days === null || (Number.isInteger(days) && days > 0);
  return (
    <td className="cell-shelf">
      <form
        className="weight-edit shelf-edit"
        onSubmit={(e) => {
          e.preventDefault();
          if (readable) save.mutate({ id: product.id, shelfLifeDays: days });
        }}
      >
        <label htmlFor={id} className="shelf-label">
          Keeps for <span className="visually-hidden">{product.sku}, in days</span>
        </label>
        <input
          id={id}
          value={draft}
          inputMode="numeric"
          maxLength={4}
          placeholder="days"
          onChange={(e) => {
            setDraft(e.target.value);
            if (!save.isPending) save.reset();
          }}
          aria-invalid={refusal || !readable ? true : undefined}
          aria-describedby={refusal || !readable ? `${id}-error` : undefined}
        />
        <button
          type="submit"
          className="btn btn-sm btn-secondary"
          aria-label={`Save the shelf life of ${product.sku}`}
          disabled={!changed || !readable || save.isPending}
        >
          {save.isPending ? <Spinner size={12} /> : 'Save'}
        </button>
      </form>
      {(refusal || !readable) && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {refusal ?? 'Write the days as a whole number, e.g. 7; leave it empty if it does not spoil.'}
        </p>
      )}
      <p className="weight-saved" role="status">
        {save.isSuccess && !changed && (
          <>
            <CircleCheck size={14} aria-hidden="true" /> Saved
          </>
        )}
      </p>
    </td>
  );
}
