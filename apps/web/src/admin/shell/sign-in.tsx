import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Truck } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../../shared/errors';
import { useMode } from '../data/me';
import { useTRPC } from '../data/trpc';
import { FieldError } from '../ui/field-error';
import { Spinner } from '../ui/spinner';

export function SignIn() {
  const trpc = useTRPC();
  const mode = useMode();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const id = useId();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: ({ admin }) => {
        // The mode cannot change with a sign-in; the cached answer gets the admin and the shell appears.
        if (mode) queryClient.setQueryData(trpc.auth.me.queryKey(), { admin, mode });
        else void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const info = login.error ? errorInfo(login.error) : null;
  const hasFieldErrors = info !== null && Object.keys(info.fieldErrors).length > 0;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!login.isPending) login.mutate({ email, password });
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <span className="brand-mark brand-mark-lg" aria-hidden="true">
          <Truck size={20} />
        </span>
        <h1 id={`${id}-title`} className="signin-title">
          Sign in to Shipping
        </h1>
        <p className="muted">Ship orders with iCarry and keep customers informed.</p>
        {info && !hasFieldErrors && (
          <p className="form-error" role="alert">
            {info.message}
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            aria-invalid={fieldError(info, 'email') ? true : undefined}
            autoFocus
          />
          <FieldError message={fieldError(info, 'email')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            aria-invalid={fieldError(info, 'password') ? true : undefined}
          />
          <FieldError message={fieldError(info, 'password')} />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? (
            <>
              <Spinner /> Signing in…
            </>
          ) : (
            'Sign in'
          )}
        </button>
        {mode === 'sandbox' && (
          <p className="signin-hint">
            Sandbox mode: the demo admin’s email and password are printed when the server starts.
          </p>
        )}
      </form>
    </div>
  );
}
