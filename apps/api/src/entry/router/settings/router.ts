import { router } from '../../trpc/init';
import { brandingGetProcedure } from './branding-get';
import { brandingUpdateProcedure } from './branding-update';
import { settingsGetProcedure } from './get';
import { deliveryRulesGetProcedure, deliveryRulesUpdateProcedure } from './delivery-rules';
import { codConfirmationGetProcedure, codConfirmationUpdateProcedure } from './cod-confirmation';

export const settingsRouter = router({
  get: settingsGetProcedure,
  branding: router({ get: brandingGetProcedure, update: brandingUpdateProcedure }),
  codConfirmation: router({ get: codConfirmationGetProcedure, update: codConfirmationUpdateProcedure }),
  deliveryRules: router({ get: deliveryRulesGetProcedure, update: deliveryRulesUpdateProcedure }),
});
