// Links between the work pages: " · job timeline" after a task or an inbox item that belongs to a job.
import { Link } from 'react-router';

export function JobLink({ jobId }: { jobId: string | null }) {
  if (!jobId) return null;
  return (
    <>
      {' · '}
      <Link to={`/jobs/${encodeURIComponent(jobId)}`}>job timeline</Link>
    </>
  );
}
