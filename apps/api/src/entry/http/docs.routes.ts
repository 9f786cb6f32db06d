import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';

/**
 * swagger-ui-dist's folder: the reference page's assets are served from node_modules, no CDN. Found
 * by its package.json: requiring the package itself would load its 3.3 MB bundle into the server.
 */
function swaggerUiFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Orders API reference</title>
<link rel="stylesheet" href="./docs/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="./docs/assets/swagger-ui-bundle.js"></script>
<script src="./docs/init.js"></script>
</body>
</html>
`;

// A file, not an inline script: helmet's Content-Security-Policy allows scripts from 'self' only.
const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: './openapi.json', dom_id: '#reference', deepLinking: true, tryItOutEnabled: false });
});
`;

/** GET /api/v1/docs: the API reference page rendered by swagger-ui from /api/v1/openapi.json. */
export function docsRoutes(): Router {
  const router = express.Router();
  router.get('/docs', (req, res) => {
    // "./docs/..." links resolve from /api/v1/docs (no trailing slash); send /docs/ there.
    if (req.originalUrl.split('?')[0]?.endsWith('/')) {
      res.redirect(301, '../docs');
      return;
    }
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => res.type('application/javascript').send(INIT));
  router.use('/docs/assets', express.static(swaggerUiFolder(), { index: false, maxAge: '1d', fallthrough: false }));
  return router;
}
