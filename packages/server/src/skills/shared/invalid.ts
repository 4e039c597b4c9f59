// Input problems found after schema validation (a CSV cell, an unsolvable equation) name their field too.
import { PlatformError, type ErrorDetails } from '../../errors.js';

/** A VALIDATION error whose `details.field` is the input path, e.g. `csv[row 3].followers`. */
export function invalid(field: string, message: string, details: ErrorDetails = {}): PlatformError {
  return new PlatformError('VALIDATION', `${field}: ${message}`, { details: { ...details, field } });
}
