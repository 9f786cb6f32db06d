/**
 * The one place the web app meets the API: its router type (types only, erased at build time) and
 * the input/output types derived from it.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/api';

export type { AppRouter };
/** The server-rendered tracking page's contract (types only): the API renders it through the web's SSR bundle. */
export type { TrackingPageModel, TrackingPageHtml, RenderTrackingPage, NdrFormState } from '@app/api';
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** What the API's error formatter puts in `error.data` (apps/api/src/trpc/init.ts). */
export type ApiErrorData = NonNullable<TRPCClientErrorLike<AppRouter>['data']>;

/**
 * The API's closed set of AppError codes, read from the router's error shape rather than copied:
 * a renamed or removed code fails the type check wherever the web names it.
 */
export type AppErrorCode = NonNullable<ApiErrorData['appCode']>;
