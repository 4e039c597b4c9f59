// Price normalisation for comparisons: any plan to a monthly price per seat.
import { z } from 'zod';

export const pricingSchema = z.object({
  amount: z.number().min(0).max(1e10),
  currency: z.string().trim().length(3).default('INR'),
  period: z.enum(['month', 'year']).default('month'),
  unit: z.enum(['seat', 'flat']).default('seat'),
  /** Seats assumed for a flat price when comparing per seat. */
  seatsForFlat: z.number().int().min(1).max(1_000_000).default(10),
});
export type Pricing = z.output<typeof pricingSchema>;

/** Monthly price per seat. */
export function perSeatMonth(p: Pricing): number {
  const monthly = p.period === 'year' ? p.amount / 12 : p.amount;
  return p.unit === 'flat' ? monthly / p.seatsForFlat : monthly;
}
