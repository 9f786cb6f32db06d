import { findSetting, saveSetting, type DbExecutor } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import {
  formatCodConfirmationPolicy,
  parseCodConfirmationPolicy,
  type CodConfirmationPolicy,
} from '../../platform/config/cod-confirmation-policy';

/** The app_settings key of the admin's policy. */
export const COD_POLICY_SETTING_KEY = 'cod_confirmation.policy';
const SETTING_KEY = COD_POLICY_SETTING_KEY;

/**
 * The COD confirmation policy in force: the admin's saved setting, else COD_CONFIRMATION, else off.
 * Read on each intake (one indexed read), so a change in the admin applies to the next order on
 * every instance.
 */
export async function currentCodPolicy(
  deps: Pick<AppDeps, 'db' | 'config'>,
  db: DbExecutor = deps.db,
  /** The setting as the caller read it in this transaction already (`value` undefined: none saved). */
  known?: { value: string | undefined },
): Promise<{ policy: CodConfirmationPolicy; setBy: 'admin' | 'env'; hours: number }> {
  const saved = known ? known.value : await findSetting(db, SETTING_KEY);
  const parsed = saved === undefined ? null : parseCodConfirmationPolicy(saved, { admin: true });
  return parsed
    ? { policy: parsed, setBy: 'admin', hours: deps.config.codConfirmation.hours }
    : { policy: deps.config.codConfirmation.policy, setBy: 'env', hours: deps.config.codConfirmation.hours };
}

export async function saveCodPolicy(deps: Pick<AppDeps, 'db'>, policy: CodConfirmationPolicy): Promise<void> {
  await saveSetting(deps.db, SETTING_KEY, formatCodConfirmationPolicy(policy));
}
