import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';

type ChannelOverview = RouterOutputs['integrations']['overview'][number];
type Policy = ChannelOverview['whatsappConsent']['policy'];

const POLICY_LABEL: Record<Policy, string> = {
  off: 'Off: customers from this store are not opted in to WhatsApp by it',
  field: "Read the store's own consent field for each order",
  checkout: 'This store collects WhatsApp consent at checkout: treat its customers as opted in',
};

/** The store's choice about its customers and WhatsApp (docs/integrations.md "WhatsApp consent"). */
export function WhatsAppConsent({ channel }: { channel: ChannelOverview }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const save = useMutation(
    trpc.integrations.setWhatsappConsent.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.integrations.overview.queryKey() }),
    }),
  );
  const field =
    channel.channel === 'shopify'
      ? "the customer's SMS marketing consent, else the checkout's marketing box"
      : `the order meta ${(channel.whatsappConsent.metaKeys ?? []).map((k) => `"${k}"`).join(' or ')}`;
  return (
    <div className="field">
      <label htmlFor={id}>WhatsApp updates for {channel.label} customers</label>
      <select
        id={id}
        value={channel.whatsappConsent.policy}
        disabled={save.isPending}
        onChange={(e) => save.mutate({ channel: channel.channel, policy: e.target.value as Policy })}
      >
        {(Object.keys(POLICY_LABEL) as Policy[]).map((p) => (
          <option key={p} value={p}>
            {POLICY_LABEL[p]}
          </option>
        ))}
      </select>
      <p className="muted">
        The consent field read: {field}.{' '}
        {channel.whatsappConsent.setBy === 'admin'
          ? 'Set here.'
          : channel.whatsappConsent.setBy === 'env'
            ? 'Set by the environment.'
            : 'The default.'}
      </p>
      {save.error && <ErrorCallout error={save.error} />}
    </div>
  );
}
