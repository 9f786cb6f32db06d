import { router } from '../../trpc/init';
import { addNoteProcedure } from './add-note';
import { batchesProcedure, batchProcedure } from './batch';
import { cancelShipmentProcedure } from './cancel-shipment';
import { clearAttentionProcedure } from './clear-attention';
import { createReturnProcedure } from './create-return';
import { getProcedure } from './get';
import { inboxProcedure, reapplyInboxProcedure } from './inbox';
import { listProcedure } from './list';
import { messagesProcedure } from './messages';
import { ndrListProcedure } from './ndr-list';
import { overrideStatusProcedure } from './override-status';
import { quoteProcedure } from './quote';
import { resolveBookingProcedure } from './resolve-booking';
import { reviewShipManyProcedure } from './review-ship-many';
import { shipProcedure } from './ship';
import { shipManyProcedure } from './ship-many';

export const ordersRouter = router({
  list: listProcedure,
  get: getProcedure,
  quote: quoteProcedure,
  ship: shipProcedure,
  cancelShipment: cancelShipmentProcedure,
  resolveBooking: resolveBookingProcedure,
  overrideStatus: overrideStatusProcedure,
  addNote: addNoteProcedure,
  clearAttention: clearAttentionProcedure,
  messages: messagesProcedure,
  inbox: inboxProcedure,
  reapplyInbox: reapplyInboxProcedure,
  reviewShipMany: reviewShipManyProcedure,
  shipMany: shipManyProcedure,
  batch: batchProcedure,
  batches: batchesProcedure,
  createReturn: createReturnProcedure,
  ndrList: ndrListProcedure,
});
