import { router } from '../../trpc/init';
import { importWeightsProcedure } from './import-weights';
import { listProductsProcedure } from './list';
import { previewWeightProcedure } from './preview-weight';
import { updateProductProcedure } from './update';
import { weightRuleProcedure } from './weight-rule';

export const productsRouter = router({
  list: listProductsProcedure,
  previewWeight: previewWeightProcedure,
  update: updateProductProcedure,
  importWeights: importWeightsProcedure,
  weightRule: weightRuleProcedure,
});
