import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { orderInputSchema } from '../orders/order-input.schema';
import { apiOrderSchema } from '../orders/api-order.view';

/**
 * OpenAPI 3.1 for /api/v1, generated from the zod schemas the routes parse and answer with (the
 * order input is the very schema POST /orders validates with), so the document cannot drift.
 */
const requestId = z.string().meta({ description: 'Also in the X-Request-Id header; quote it when asking for help.' });

const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable code for programs, e.g. VALIDATION_FAILED, ORDER_EXISTS.' }),
      message: z.string().meta({ description: 'For people.' }),
      issues: z
        .array(z.object({ path: z.string().meta({ example: 'customer.phone' }), message: z.string() }))
        .optional()
        .meta({ description: 'Every bad field (400 only).' }),
      order: z
        .object({ id: z.string(), orderNumber: z.string(), externalId: z.string().nullable() })
        .optional()
        .meta({ description: 'The existing order (ORDER_EXISTS only).' }),
    }),
    requestId,
  })
  .meta({ id: 'Error' });

const orderAnswer = z.object({ order: apiOrderSchema, requestId });
const createdAnswer = z
  .object({
    order: apiOrderSchema,
    createdProducts: z.array(z.string()).meta({ description: 'SKUs this order added to the catalogue.' }),
    requestId,
  })
  .meta({ id: 'OrderCreated' });

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(errorSchema) });
const orderNumberParam = z.object({
  orderNumber: z
    .string()
    .meta({ description: 'The order number as the store or the admin sees it, URL-encoded ("%231001" for "#1001").' }),
});

export function buildOpenApiDocument(publicUrl: string) {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Orders API',
      version: '1.0.0',
      description:
        'Send your store\'s orders in, read them back with their shipment, cancel them. Every answer is JSON with a `requestId`. Money is rupees as decimal strings ("349.00"). Create with an `Idempotency-Key` (quoted or bare, up to 255 characters): a retry with the same key and body gets the first answer again with `Idempotent-Replayed: true`; keys are kept for at least 24 hours. Calls are limited per key per minute (429 with Retry-After).',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A store API key made in the admin (Settings > API keys).',
        },
      },
    },
    paths: {
      '/orders': {
        post: {
          operationId: 'createOrder',
          summary: 'Create an order',
          requestParams: {
            header: z.object({
              'Idempotency-Key': z.string().max(257).meta({
                description: 'Unique per order you send, e.g. a UUID. Quoted or bare.',
                example: '"4e1f0c6a-9b7d-4b36-8f3e-2a9c5d7e1b20"',
              }),
            }),
          },
          requestBody: { required: true, content: json(orderInputSchema) },
          responses: {
            '201': {
              description: 'Created. Replays carry Idempotent-Replayed: true.',
              content: json(createdAnswer),
            },
            '400': error('Invalid body (every bad field listed, nothing stored) or no Idempotency-Key.'),
            '401': error('No API key, or a revoked one.'),
            '409': error(
              'An order with this externalId exists (named in error.order), the order number is taken, or a request with this key is still running.',
            ),
            '415': error('The body is not JSON.'),
            '422': error('This Idempotency-Key was used with a different body.'),
            '429': error('Too many calls for this key; see Retry-After.'),
          },
        },
      },
      '/orders/{orderNumber}': {
        get: {
          operationId: 'getOrder',
          summary: 'Get an order with its shipment',
          requestParams: { path: orderNumberParam },
          responses: {
            '200': { description: 'The order.', content: json(orderAnswer) },
            '401': error('No API key, or a revoked one.'),
            '404': error(
              'No such order among those this API brought in (orders from other channels are not visible to keys).',
            ),
            '429': error('Too many calls for this key.'),
          },
        },
      },
      '/orders/{orderNumber}/cancel': {
        post: {
          operationId: 'cancelOrder',
          summary: 'Cancel an order',
          description:
            'Before booking, the order is cancelled. A booked shipment not yet picked up is cancelled at iCarry first. After pickup: 409 with the reason. Cancelling a cancelled order answers it again.',
          requestParams: { path: orderNumberParam },
          requestBody: {
            required: false,
            content: json(z.object({ reason: z.string().max(500).optional() })),
          },
          responses: {
            '200': { description: 'The cancelled order.', content: json(orderAnswer) },
            '401': error('No API key, or a revoked one.'),
            '404': error(
              'No such order among those this API brought in (orders from other channels are not visible to keys).',
            ),
            '409': error('Picked up already, shipped, delivered, or a booking is in flight.'),
            '429': error('Too many calls for this key.'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApiDocument',
          summary: 'This document',
          security: [],
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: z.looseObject({}) } },
            },
          },
        },
      },
    },
  });
}
