import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import '@vigie/ui/styles.css';
import './globals.css';
import { AppProviders } from '../components/app-providers';

export const metadata: Metadata = {
  title: 'Vigie',
  description: 'Crisis command center for humanitarian logistics',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0d1420',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // lang and dir follow the chosen language once the page runs (I18nProvider).
    <html lang="en" dir="ltr">
      <body>
        <AppProviders>{children}</AppProviders>
      </body>
    </html>
  );
}
