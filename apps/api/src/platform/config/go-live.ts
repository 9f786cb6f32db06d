import { MIN_PASSWORD_LENGTH } from '../security/password-rules';

/**
 * The variables that take the product from the sandbox to a live iCarry account, as README.md's
 * "To go live" names them (a test holds the two together); the Setup page lists these.
 */
export const GO_LIVE_VARIABLES = [
  { name: 'ICARRY_USERNAME', what: 'your iCarry login' },
  { name: 'ICARRY_API_KEY', what: 'the API key from iCarry’s panel' },
  { name: 'ICARRY_PICKUP_ADDRESS_ID', what: 'the id of your pickup address in iCarry' },
  { name: 'ICARRY_PICKUP_PINCODE', what: 'the pincode of that pickup address' },
  { name: 'ICARRY_WEBHOOK_SECRET', what: 'the secret in the webhook URLs, so only iCarry’s pushes count' },
  { name: 'PUBLIC_URL', what: 'the https address customers and iCarry reach this server at' },
  { name: 'ADMIN_EMAIL', what: 'the first admin’s email' },
  { name: 'ADMIN_PASSWORD', what: `the first admin’s password, at least ${MIN_PASSWORD_LENGTH} characters` },
] as const;
