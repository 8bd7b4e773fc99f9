'use client';
import { QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { SESSION_QUERY_KEY, fetchMe } from '../api/auth';
import { TRPCProvider, createApiClient } from '../api/trpc';
import { I18nProvider } from '../i18n/i18n-context';

/** The language follows the session's profile when there is one. */
function SessionLanguage({ children }: { children: ReactNode }) {
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  return <I18nProvider profileLocale={session.data?.locale ?? null}>{children}</I18nProvider>;
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => {
    const client: QueryClient = new QueryClient({
      defaultOptions: { queries: { refetchOnWindowFocus: false, staleTime: 10_000 } },
      // A tRPC call refused for want of a session: ask again who we are (a 401 leads the page to /login).
      queryCache: new QueryCache({
        onError: (error) => {
          if ((error as { data?: { code?: string } }).data?.code === 'UNAUTHORIZED') {
            void client.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
          }
        },
      }),
    });
    return client;
  });
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SessionLanguage>{children}</SessionLanguage>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
