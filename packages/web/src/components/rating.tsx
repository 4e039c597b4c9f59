// Rating display ("★ 4.9 (127)", or "New" before the first review) and a 1–5 star picker made of
// real toggle buttons, so it works with the keyboard and screen readers.
import type { Rating as RatingValue } from '@waooaw/server/contracts';
import { Icon } from './icon.js';

export function RatingText({ rating, compact = false }: { rating: RatingValue; compact?: boolean }) {
  if (rating.average === null) {
    return (
      <span>
        <span className="star">
          <Icon name="sparkles" />
        </span>{' '}
        <b>New</b>
        {!compact && <span className="muted"> (no reviews yet)</span>}
      </span>
    );
  }
  return (
    <span>
      <span className="star">
        <Icon name="star" filled />
      </span>{' '}
      <b>{rating.average.toFixed(1)}</b>
      <span className="sr-only"> out of 5</span> <span className="muted">({rating.count} reviews)</span>
    </span>
  );
}

export function StarPicker({
  value,
  onChange,
  disabled,
}: {
  value: number;
  onChange: (stars: number) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="stars" disabled={disabled}>
      <legend className="sr-only">Your rating</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          className={n <= value ? 'lit' : undefined}
          aria-pressed={n === value}
          aria-label={`${n} star${n > 1 ? 's' : ''}`}
          onClick={() => onChange(n)}
        >
          <Icon name="star" size={22} filled={n <= value} />
        </button>
      ))}
    </fieldset>
  );
}
