import { safeText } from '@app/shipping';
import { z } from 'zod';
import {
  brandColorProblem,
  logoUrlProblem,
  supportEmailProblem,
  supportPhoneProblem,
  webUrlProblem,
} from '../../../platform/branding/branding.rules';

/** An empty box means "use the default" (null); anything else must pass the rule, with its reason. */
const field = (max: number, problem: ((v: string) => string | null) | null, lower = false) =>
  safeText()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : lower ? v.toLowerCase() : v))
    .superRefine((v, ctx) => {
      const reason = v === null || !problem ? null : problem(v);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    });

/** Every field is sent every time (the form saves the whole branding), so `{}` is not a valid save. */
export const brandingInput = z
  .object({
    storeName: field(80, null),
    logoUrl: field(2000, logoUrlProblem),
    brandColor: field(7, brandColorProblem, true),
    supportPhone: field(20, supportPhoneProblem),
    supportEmail: field(254, supportEmailProblem),
    storeUrl: field(2000, webUrlProblem),
  })
  .strict();

const fields = z
  .object({
    storeName: z.string().nullable(),
    logoUrl: z.string().nullable(),
    brandColor: z.string().nullable(),
    supportPhone: z.string().nullable(),
    supportEmail: z.string().nullable(),
    storeUrl: z.string().nullable(),
  })
  .strict();

export const brandingView = z
  .object({
    /** What the admin saved (null = not saved: the default applies). */
    saved: fields,
    /** The STORE_* environment defaults (null = not set). */
    defaults: fields,
    /** What customers see: saved, else default, else the product's neat default. */
    effective: z
      .object({
        storeName: z.string(),
        logoUrl: z.string().nullable(),
        brandColor: z.string(),
        supportPhone: z.string().nullable(),
        supportEmail: z.string().nullable(),
        storeUrl: z.string().nullable(),
      })
      .strict(),
    updatedAt: z.date().nullable(),
  })
  .strict();
