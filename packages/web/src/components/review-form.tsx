// Rate a hired agent 1–5 stars with an optional comment; one review per hire, editable later.
import { useEffect, useState, type FormEvent } from 'react';
import type { Hire } from '@waooaw/server/contracts';
import { getReview, upsertReview } from '../api.js';
import { ErrorAlert } from './error-alert.js';
import { StarPicker } from './rating.js';

export function ReviewForm({ hire, onSaved }: { hire: Hire; onSaved: () => void }) {
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const hasReview = hire.reviewId !== null;

  // Only ask for an existing review when the hire says there is one (no 404 noise otherwise).
  useEffect(() => {
    if (!hasReview) return;
    let live = true;
    getReview(hire.id).then(
      (r) => {
        if (!live || !r) return;
        setStars(r.rating);
        setComment(r.comment);
        setSaved(true);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [hire.id, hasReview]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (stars < 1) {
      setError(new Error('Pick 1 to 5 stars.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await upsertReview(hire.id, { rating: stars, comment: comment.trim() });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const id = `review-${hire.id}`;
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-testid="review-form">
      <div className="spread">
        <strong id={`${id}-title`} className="small">
          {saved ? 'Your rating' : 'Rate this agent'}
        </strong>
        <StarPicker
          value={stars}
          onChange={(n) => {
            setStars(n);
            setSaved(false);
          }}
        />
      </div>
      <div className="field" style={{ margin: '0.5rem 0' }}>
        <label htmlFor={`${id}-comment`} className="sr-only">
          Comment
        </label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          maxLength={2000}
          placeholder="What did it do well? (optional)"
          value={comment}
          className="prose"
          onChange={(e) => {
            setComment(e.target.value);
            setSaved(false);
          }}
        />
      </div>
      <ErrorAlert error={error} />
      <div className="row">
        <button type="submit" className="btn btn-sm" disabled={busy || saved}>
          {busy ? 'Saving…' : hasReview ? 'Update review' : 'Submit review'}
        </button>
        {saved && (
          <span className="small" role="status" style={{ color: 'var(--green)' }}>
            Thanks — review saved.
          </span>
        )}
      </div>
    </form>
  );
}
