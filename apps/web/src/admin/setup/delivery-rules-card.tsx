import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { errorInfo } from '../../shared/errors';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';

type Rules = RouterOutputs['settings']['deliveryRules']['get'];

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (h: number) => `${h === 0 ? 12 : h > 12 ? h - 12 : h}:00 ${h < 12 ? 'am' : 'pm'}`;

/**
 * The store's rules for learning and promising: which courier is picked first, how much more the
 * "best" courier may cost, when a COD place counts as risky, and the promise's pickup cut-off and
 * holidays. The server checks every field; this form only collects them.
 */
export function DeliveryRulesCard() {
  const trpc = useTRPC();
  const rules = useQuery(trpc.settings.deliveryRules.get.queryOptions());
  return (
    <section className="section" aria-labelledby="setup-delivery-rules">
      <h2 className="section-title" id="setup-delivery-rules">
        Courier choice and delivery promise
      </h2>
      {rules.isPending ? (
        <Spinner label="Loading the rules" />
      ) : rules.isError ? (
        <ErrorCallout error={rules.error} title="The rules could not load" onRetry={() => void rules.refetch()} />
      ) : (
        <RulesForm rules={rules.data} />
      )}
    </section>
  );
}

function RulesForm({ rules }: { rules: Rules }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState({
    ...rules,
    holidaysText: rules.holidays.join('\n'),
  });
  useEffect(() => setDraft({ ...rules, holidaysText: rules.holidays.join('\n') }), [rules]);
  const save = useMutation(
    trpc.settings.deliveryRules.update.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.settings.deliveryRules.get.queryKey(), data),
    }),
  );
  const info = save.error ? errorInfo(save.error) : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate({
      defaultCourierPolicy: draft.defaultCourierPolicy,
      bestWithinRupees: draft.bestWithinRupees,
      bestWithinPercent: draft.bestWithinPercent,
      rtoRiskPercent: draft.rtoRiskPercent,
      cutoffHour: draft.cutoffHour,
      holidays: draft.holidaysText
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
    });
  };
  const number = (key: 'bestWithinRupees' | 'bestWithinPercent' | 'rtoRiskPercent', label: string, max: number) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        min={key === 'rtoRiskPercent' ? 1 : 0}
        max={max}
        step={1}
        value={draft[key]}
        onChange={(e) => {
          setDraft({ ...draft, [key]: e.target.value === '' ? 0 : Number(e.target.value) });
          save.reset();
        }}
      />
    </div>
  );
  return (
    <form className="rules-form" onSubmit={submit} data-testid="delivery-rules">
      <fieldset className="policy">
        <legend>Courier picked first</legend>
        {(['cheapest', 'best'] as const).map((policy) => (
          <label className="choice" key={policy}>
            <input
              type="radio"
              name={`${id}-policy`}
              checked={draft.defaultCourierPolicy === policy}
              onChange={() => setDraft({ ...draft, defaultCourierPolicy: policy })}
            />
            <span>
              <strong>{policy === 'cheapest' ? 'The cheapest' : 'The best delivery record'}</strong>
              <span className="subtle">
                {policy === 'cheapest'
                  ? 'The lowest price iCarry quotes.'
                  : 'The courier that delivered most of your parcels to that place, within the allowance below.'}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="rules-grid">
        {number('bestWithinRupees', 'Best may cost up to (₹ more)', 1000)}
        {number('bestWithinPercent', '…or up to (% more)', 100)}
        {number('rtoRiskPercent', 'COD is risky above (% returned)', 100)}
        <div className="field">
          <label htmlFor={`${id}-cutoff`}>Orders after this ship the next day</label>
          <select
            id={`${id}-cutoff`}
            value={draft.cutoffHour}
            onChange={(e) => setDraft({ ...draft, cutoffHour: Number(e.target.value) })}
          >
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourLabel(h)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-holidays`}>Holidays (no pickup, no delivery; Sundays always off)</label>
        <textarea
          id={`${id}-holidays`}
          rows={3}
          placeholder={'2026-10-20\n2026-11-08'}
          value={draft.holidaysText}
          onChange={(e) => {
            setDraft({ ...draft, holidaysText: e.target.value });
            save.reset();
          }}
        />
        <span className="subtle">One date per line, as yyyy-mm-dd.</span>
      </div>
      {save.isError && (
        <ErrorCallout
          error={save.error}
          title="Not saved"
          advice={Object.entries(info?.fieldErrors ?? {})
            .map(([field, errors]) => `${field}: ${(errors ?? []).join(', ')}`)
            .join('; ')}
        />
      )}
      <div className="rules-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? <Spinner size={14} /> : 'Save the rules'}
        </button>
        {save.isSuccess && (
          <span className="weight-saved" role="status">
            <CircleCheck size={14} aria-hidden="true" /> Saved. The product-page promise follows within a minute.
          </span>
        )}
      </div>
    </form>
  );
}
