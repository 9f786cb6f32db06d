import { router } from '../../trpc/init';
import { integrationsOverviewProcedure } from './overview';
import { setWhatsappConsentProcedure } from './set-whatsapp-consent';

export const integrationsRouter = router({
  overview: integrationsOverviewProcedure,
  setWhatsappConsent: setWhatsappConsentProcedure,
});
