import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import type { SignedInAdmin } from '../data/me';
import { useTRPC } from '../data/trpc';

/** Who is signed in, and Sign out (which drops every cached answer, so the next admin sees none of them). */
export function AccountMenu({ admin }: { admin: SignedInAdmin }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const name = admin.name || admin.email;
  return (
    <>
      <span className="who" title={admin.email}>
        <span className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="who-name">{name}</span>
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        <LogOut size={14} aria-hidden="true" /> <span className="sign-out-label">Sign out</span>
      </button>
    </>
  );
}
