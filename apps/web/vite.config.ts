import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';

/** The API serves dist/index.html for /admin/*; this gives `vite` (dev and preview) the same route. */
function pageRoutes(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/' || path === '/admin' || path.startsWith('/admin/')) req.url = '/index.html';
    next();
  };
  return {
    name: 'page-routes',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

/**
 * `vite build --ssr`: the tracking page's server renderer, one self-contained ES module (string
 * templates and the i18n catalogues; no React since issue 26) that the API loads from dist-ssr/ at
 * run time. Never served to browsers.
 */
const ssrBuild: UserConfig = {
  root,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  ssr: { noExternal: true, target: 'node' },
  build: {
    outDir: 'dist-ssr',
    emptyOutDir: true,
    target: 'node20',
    copyPublicDir: false,
    rolldownOptions: {
      output: { entryFileNames: 'tracking-page.js', format: 'es' },
    },
  },
};

const clientBuild: UserConfig = {
  root,
  // Absolute asset URLs: the HTML is served from /admin/orders/123 and /order-tracking/FB-1.
  base: '/',
  appType: 'mpa',
  plugins: [pageRoutes()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No modulepreload polyfill: the browsers that lack it run the pages anyway, and the tracking page saves a request.
    modulePreload: { polyfill: false },
    // Two entries: the customer's tracking page never loads admin code.
    rolldownOptions: {
      input: { admin: `${root}index.html`, tracking: `${root}tracking.html` },
      output: {
        // React is what both pages share; naming it keeps the split readable in the build output.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
        // Other common chunks hold only what both pages import (src/shared, the tRPC-free helpers, shared icons).
        // A page loaded on demand (Insights, with its charts and map) keeps its own name.
        chunkFileNames: (chunk) =>
          chunk.name === 'react' || chunk.name.startsWith('rolldown') || chunk.isDynamicEntry
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
    // The tracking page is rendered by the API (from the SSR build): dev proxies it there.
    proxy: { '/trpc': api, '/api': api, '/healthz': api, '/order-tracking': api },
  },
  preview: { proxy: { '/trpc': api, '/api': api, '/healthz': api, '/order-tracking': api } },
};

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? ssrBuild : clientBuild));
