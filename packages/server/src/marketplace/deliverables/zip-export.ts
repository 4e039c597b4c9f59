// ZIP export of deliverables (fflate): one Markdown file per deliverable and a manifest.json that
// lists them with their metadata, so the archive stays useful outside the platform.
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Entity } from '../../store/entity-repository.js';
import type { DeliverableRecord } from '../../store/marketplace-records.js';
import { iso } from '../time.js';

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'deliverable'
  );
}

/** `2026-01-01-competitor-analysis-dlv_xxx.md`: sortable by date, unique by id. */
export function deliverableFileName(doc: Entity<DeliverableRecord>): string {
  return `${iso(doc.createdAt).slice(0, 10)}-${slug(doc.data.title)}-${doc.id}.md`;
}

export function buildZip(
  docs: ReadonlyArray<Entity<DeliverableRecord>>,
  agentName: (agentId: string) => string,
  now: number,
): Uint8Array {
  const files: Zippable = {};
  const manifest = docs.map((doc) => {
    const file = deliverableFileName(doc);
    files[`deliverables/${file}`] = strToU8(doc.data.markdown);
    return {
      id: doc.id,
      file: `deliverables/${file}`,
      title: doc.data.title,
      agent: agentName(doc.data.agentId),
      instanceName: doc.data.instanceName,
      skillId: doc.data.skillId,
      producedBy: doc.data.method,
      status: doc.data.status,
      trialId: doc.data.trialId,
      hireId: doc.data.hireId,
      createdAt: iso(doc.createdAt),
      checks: doc.data.checks,
    };
  });
  files['manifest.json'] = strToU8(JSON.stringify({ count: docs.length, deliverables: manifest }, null, 2));
  return zipSync(files, { level: 6, mtime: new Date(now) });
}
