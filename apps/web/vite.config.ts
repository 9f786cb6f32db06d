import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';

/**
 * The API serves dist/index.html for /admin/* and dist/tracking.html for /order-tracking/*;
 * this gives `vite` (dev and preview) the same two routes so deep links work there too.
 */
function pageRoutes(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/' || path === '/admin' || path.startsWith('/admin/')) req.url = '/index.html';
    else if (path.startsWith('/order-tracking')) req.url = '/tracking.html';
    next();
  };
  return {
    name: 'page-routes',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

export default defineConfig({
  root,
  // Absolute asset URLs: the HTML is served from /admin/orders/123 and /order-tracking/FB-1.
  base: '/',
  appType: 'mpa',
  plugins: [pageRoutes()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Two entries: the customer's tracking page never loads admin code.
    rolldownOptions: {
      input: { admin: `${root}index.html`, tracking: `${root}tracking.html` },
      output: {
        // React is what both pages share; naming it keeps the split readable in the build output.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
        // Other common chunks hold only what both pages import (src/shared, the tRPC-free helpers, shared icons).
        chunkFileNames: (chunk) =>
          chunk.name === 'react' || chunk.name.startsWith('rolldown')
            ? 'assets/[name]-[hash].js'
            : 'assets/shared-[hash].js',
      },
      onwarn(warning, warn) {
        // "use client" directives in TanStack Query and lucide mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/trpc': api, '/api': api, '/healthz': api },
  },
  preview: { proxy: { '/trpc': api, '/api': api, '/healthz': api } },
});
