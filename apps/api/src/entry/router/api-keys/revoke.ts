import { revokeStoreApiKey } from '../../../intake/rest-api/api-key.service';
import { adminProcedure } from '../../trpc/init';
import { apiKeyIdInput, apiKeyView } from './api-keys.schema';

export const revokeApiKeyProcedure = adminProcedure
  .input(apiKeyIdInput)
  .output(apiKeyView)
  .mutation(({ ctx, input }) => revokeStoreApiKey(ctx.deps, input.id));
