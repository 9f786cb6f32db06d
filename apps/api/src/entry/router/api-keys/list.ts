import { z } from 'zod';
import { listStoreApiKeys } from '../../../intake/rest-api/api-key.service';
import { adminProcedure } from '../../trpc/init';
import { apiKeyView } from './api-keys.schema';

export const listApiKeysProcedure = adminProcedure
  .input(z.void())
  .output(z.array(apiKeyView))
  .query(({ ctx }) => listStoreApiKeys(ctx.deps));
