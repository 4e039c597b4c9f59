// The console's landing page. Placeholder frame for the overview section (health, throughput, queue
// depths, incidents), which the operations-console work fills in.
export function OpsOverviewPage() {
  return (
    <section aria-labelledby="ops-overview">
      <h1 id="ops-overview">Operations overview</h1>
    </section>
  );
}
