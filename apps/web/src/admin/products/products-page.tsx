import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleCheck, Search, Upload } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { errorInfo, fieldError } from '../../shared/errors';
import { formatGrams } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { Callout, ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock, Spinner } from '../ui/spinner';
import { ShelfLifeCell } from './shelf-life-cell';
import '../orders-in.css';

type Product = RouterOutputs['products']['list'][number];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** One SKU, its weight editable in place; the parse comes from the server's one weight parser. */
function ProductRow({ product }: { product: Product }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(product.weightText ?? '');
  // The saved (or elsewhere changed) weight becomes the field's text; the row keeps its "Saved".
  useEffect(() => setDraft(product.weightText ?? ''), [product.weightText, product.updatedAt]);
  const changed = draft.trim() !== (product.weightText ?? '');
  const debounced = useDebounced(draft, 200);
  const preview = useQuery(
    trpc.products.previewWeight.queryOptions(
      { weightText: debounced.slice(0, 60) },
      { enabled: changed, staleTime: 60_000 },
    ),
  );
  const save = useMutation(
    trpc.products.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.orders.get.queryKey() });
      },
    }),
  );
  const parse = changed ? preview.data : { weightGrams: product.weightGrams, weightError: product.weightError };
  const inputId = useId();
  const info = save.error ? errorInfo(save.error) : null;
  const refusal = fieldError(info, 'weightText') ?? info?.message;
  // "Saved" stays until the weight is edited again.
  const saved = save.isSuccess && !changed;
  return (
    <tr data-sku={product.sku}>
      <td className="cell-sku">
        <code>{product.sku}</code>
      </td>
      <td className="cell-name">{product.name}</td>
      <td className="cell-weight">
        <form
          className="weight-edit"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ id: product.id, weightText: draft.trim() === '' ? null : draft.trim() });
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            Weight of {product.sku}
          </label>
          <input
            id={inputId}
            value={draft}
            maxLength={60}
            placeholder="e.g. 500g"
            onChange={(e) => {
              setDraft(e.target.value);
              if (!save.isPending) save.reset();
            }}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? `${inputId}-error` : undefined}
          />
          <button type="submit" className="btn btn-sm btn-secondary" disabled={!changed || save.isPending}>
            {save.isPending ? <Spinner size={12} /> : 'Save'}
          </button>
        </form>
        {refusal && (
          <p className="field-error" id={`${inputId}-error`} role="alert">
            {refusal}
          </p>
        )}
        <p className="weight-saved" role="status">
          {saved && (
            <>
              <CircleCheck size={14} aria-hidden="true" /> Saved
              {product.openOrderCount > 0 ? ': open orders re-planned' : ''}
            </>
          )}
        </p>
      </td>
      <td className="weight-parse cell-parse" aria-live="polite">
        {changed && preview.isFetching && !preview.data ? (
          <Spinner size={12} />
        ) : parse?.weightGrams ? (
          <span className="tone-green-text">{formatGrams(parse.weightGrams)}</span>
        ) : (
          <span className="tone-red-text" title={parse?.weightError ?? ''}>
            Not readable: {parse?.weightError ?? '…'}
          </span>
        )}
      </td>
      <ShelfLifeCell product={product} />
      <td className="num cell-open">
        {product.openOrderCount > 0 ? (
          <Badge tone={product.weightGrams === null ? 'amber' : 'neutral'}>{product.openOrderCount}</Badge>
        ) : (
          <span className="muted">0</span>
        )}
        <span className="open-label muted"> open orders</span>
      </td>
    </tr>
  );
}

function BulkWeights() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const bulk = useMutation(
    trpc.products.importWeights.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() }),
    }),
  );
  return (
    <section className="section" aria-labelledby="bulk-weights">
      <h2 className="section-title" id="bulk-weights">
        Weights from a file
      </h2>
      <p className="muted">
        A CSV of <code>sku,weight</code> (e.g. <code>PKL-AVAKAYA-500,500g</code>). Nothing changes if any line cannot be
        read.
      </p>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="Weights CSV file"
        onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
      />
      <textarea
        aria-label="sku,weight lines"
        rows={4}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        placeholder={'sku,weight\nSNK-MURUKKU-FAM,750g'}
      />
      <button
        type="button"
        className="btn btn-primary btn-sm"
        disabled={!csv.trim() || bulk.isPending}
        onClick={() => bulk.mutate({ csv })}
      >
        <Upload size={14} aria-hidden="true" /> Update weights
      </button>
      {bulk.isError && <ErrorCallout error={bulk.error} title="The weights were not updated" />}
      {bulk.data && bulk.data.errors.length > 0 && (
        <Callout tone="error" title="Nothing was changed">
          <ul>
            {bulk.data.errors.map((e) => (
              <li key={`${e.row}-${e.column}`}>
                Line {e.row}, {e.column || 'file'}: {e.message}
              </li>
            ))}
          </ul>
        </Callout>
      )}
      {bulk.data && bulk.data.errors.length === 0 && (
        <Callout tone="success" title={`${bulk.data.updated} weights updated`}>
          {bulk.data.unknownSkus.length > 0 && <p>Not in the catalogue: {bulk.data.unknownSkus.join(', ')}</p>}
        </Callout>
      )}
    </section>
  );
}

/** Products: SKUs whose weight does not parse first (with the server's rule for them), fixed in place. */
export function ProductsPage() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState('');
  const search = useDebounced(draft.trim(), 250);
  const list = useQuery(trpc.products.list.queryOptions({ search: search || undefined }));
  const unreadable = list.data?.filter((p) => p.weightGrams === null).length ?? 0;
  const weightRule = useQuery(trpc.products.weightRule.queryOptions(undefined, { staleTime: Infinity }));
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Products</h1>
          <p className="muted">Parcel weights come from here when an order item has none of its own.</p>
          {weightRule.data && (
            <p className="muted" data-testid="weight-rule">
              {weightRule.data.rule}
            </p>
          )}
        </div>
        <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="product-search" className="visually-hidden">
            Search products
          </label>
          <Search size={16} aria-hidden="true" className="search-icon" />
          <input
            id="product-search"
            type="search"
            placeholder="SKU or name"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoComplete="off"
          />
        </form>
      </div>
      {unreadable > 0 && (
        <Callout tone="warning" title={`${unreadable} SKUs have a weight we cannot read`}>
          <p>
            They are listed first with the open orders each one decides. Fix the weight and those parcels are
            re-planned.
          </p>
        </Callout>
      )}
      <div className="card table-card">
        {list.isPending ? (
          <LoadingBlock label="Loading products" />
        ) : list.isError ? (
          <div className="card-pad">
            <ErrorCallout error={list.error} title="Products could not be loaded" onRetry={() => void list.refetch()} />
          </div>
        ) : list.data.length === 0 ? (
          <EmptyState title={search ? 'No product matches' : 'No products yet'}>
            Products are added when orders arrive with new SKUs.
          </EmptyState>
        ) : (
          <table className="table products-table" aria-label="Products">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Name</th>
                <th>Weight as written</th>
                <th>Read as</th>
                <th>Keeps for (days)</th>
                <th className="num">Open orders</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <ProductRow key={p.id} product={p} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <BulkWeights />
    </div>
  );
}
