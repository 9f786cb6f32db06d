import { getBranding } from '../../platform/branding/branding.service';
import type { AppDeps } from '../../platform/core/deps';

/**
 * The deps a label or manifest is printed with: the store's name as the admin set it on the
 * Branding page (else STORE_NAME), on the sender line and the return address alike.
 */
export async function withBrandedStore(deps: AppDeps): Promise<AppDeps> {
  const { storeName } = await getBranding(deps);
  const { store } = deps.config;
  return {
    ...deps,
    config: {
      ...deps.config,
      store: {
        ...store,
        name: storeName,
        returnAddress: store.returnAddressConfigured
          ? { ...store.returnAddress, name: storeName }
          : store.returnAddress,
      },
    },
  };
}
