// The web app manifest (served at /manifest.webmanifest): field staff install Vigie from /field on their phone.
import type { MetadataRoute } from 'next';

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Vigie — terrain',
    short_name: 'Vigie',
    description: 'Missions, statuts et rapports de terrain / Field assignments, status and reports',
    id: '/field',
    start_url: '/field',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#0d1420',
    theme_color: '#0d1420',
    icons: [
      { src: '/icons/vigie-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/vigie-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/vigie-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
