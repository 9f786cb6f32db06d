import { z } from 'zod';

export const loginInput = z.object({
  email: z.string().trim().min(3).max(200).pipe(z.email('Enter the email address of an admin account')),
  password: z.string().min(1, 'Enter your password').max(200),
});

export const adminOutput = z.object({ id: z.string(), email: z.string(), name: z.string() });
