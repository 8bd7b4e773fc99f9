import type { NextConfig } from 'next';

// In production one process serves the web app and the gateway's /api and /socket.io on the same origin.
// In development `next dev` forwards those paths to a gateway running elsewhere.
// eslint-disable-next-line no-restricted-properties -- next.config is this app's server-side configuration edge
const gatewayUrl = process.env.VIGIE_GATEWAY_URL?.replace(/\/+$/, '');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // socket.io asks for `/socket.io/?EIO=4…`; keep the trailing slash so the request reaches the gateway as is.
  skipTrailingSlashRedirect: true,
  transpilePackages: ['@vigie/contracts', '@vigie/ui', '@vigie/domain'],
  async rewrites() {
    if (!gatewayUrl) return [];
    return [
      { source: '/api/:path*', destination: `${gatewayUrl}/api/:path*` },
      { source: '/socket.io/', destination: `${gatewayUrl}/socket.io/` },
      { source: '/socket.io/:path+', destination: `${gatewayUrl}/socket.io/:path+` },
    ];
  },
};

export default nextConfig;
