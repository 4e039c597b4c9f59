// Price normalisation for comparisons: any plan to a monthly price per seat.
import { z } from 'zod';
import { ui } from '../shared/form-meta.js';

export const pricingSchema = z.object({
  amount: z
    .number()
    .min(0)
    .max(1e10)
    .meta(ui({ label: 'Price' })),
  currency: z
    .string()
    .trim()
    .length(3)
    .default('INR')
    .meta(ui({ label: 'Currency', advanced: true })),
  period: z
    .enum(['month', 'year'])
    .default('month')
    .meta(ui({ label: 'Per', options: { month: 'Month', year: 'Year' } })),
  unit: z
    .enum(['seat', 'flat'])
    .default('seat')
    .meta(ui({ label: 'Charged', options: { seat: 'Per user', flat: 'Flat fee' } })),
  /** Seats assumed for a flat price when comparing per seat. */
  seatsForFlat: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10)
    .meta(ui({ label: 'Users assumed for a flat fee', advanced: true })),
});
export type Pricing = z.output<typeof pricingSchema>;

/** Monthly price per seat. */
export function perSeatMonth(p: Pricing): number {
  const monthly = p.period === 'year' ? p.amount / 12 : p.amount;
  return p.unit === 'flat' ? monthly / p.seatsForFlat : monthly;
}
