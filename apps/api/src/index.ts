/** The API's public surface for other workspaces: the router's type only (the web app imports nothing else). */
export type { AppRouter } from './router/index';
