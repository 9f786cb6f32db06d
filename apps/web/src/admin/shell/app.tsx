import { QueryClientProvider } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { createClient, createQueryClient, TRPCProvider } from '../data/trpc';
import { AuthGate } from './auth-gate';

export function App() {
  // Any call that finds the session gone sends the panel back to the sign-in form.
  const sessionLost = useRef<() => void>(() => undefined);
  const [queryClient] = useState(() => createQueryClient(() => sessionLost.current()));
  const [trpcClient] = useState(createClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuthGate sessionLost={sessionLost} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
