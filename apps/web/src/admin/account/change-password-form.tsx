import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../../shared/errors';
import { useTRPC } from '../data/trpc';
import { Callout } from '../ui/callout';
import { FieldError } from '../ui/field-error';
import { Spinner } from '../ui/spinner';

/** Change your own password; the API ends every other session of the account and says the minimum length. */
export function ChangePasswordForm({ minLength, onChanged }: { minLength: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNew('');
        onChanged();
      },
    }),
  );
  const info = change.error ? errorInfo(change.error) : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!change.isPending) change.mutate({ currentPassword, newPassword });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 className="section-title" id={`${id}-title`}>
        Change password
      </h2>
      {change.isSuccess && (
        <Callout tone="success" title="Password changed">
          <p>
            {change.data.endedSessions === 0
              ? 'No other session was open.'
              : `Signed out ${change.data.endedSessions} other session${change.data.endedSessions === 1 ? '' : 's'}.`}
          </p>
        </Callout>
      )}
      {info && Object.keys(info.fieldErrors).length === 0 && (
        <p className="form-error" role="alert">
          {info.message}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-current`}>Current password</label>
        <input
          id={`${id}-current`}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          aria-invalid={fieldError(info, 'currentPassword') ? true : undefined}
        />
        <FieldError message={fieldError(info, 'currentPassword')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>New password</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          aria-invalid={fieldError(info, 'newPassword') ? true : undefined}
        />
        <FieldError message={fieldError(info, 'newPassword')} />
        <p className="muted" data-testid="password-rule">
          At least {minLength} characters. Every other session is signed out.
        </p>
      </div>
      <button type="submit" className="btn btn-primary" disabled={change.isPending}>
        {change.isPending ? (
          <>
            <Spinner /> Changing…
          </>
        ) : (
          'Change password'
        )}
      </button>
    </form>
  );
}
