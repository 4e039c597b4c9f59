// Typed tables of multi-agent jobs (migration 0115): the job rows (an EntityRepository, tenant-owned)
// and the links from a job to what its agents did — protocol interactions and tasks — keyed per step.
import type { Kysely } from 'kysely';
import type { Entity } from '../entity-repository.js';
import type {
  JobFilter,
  JobLink,
  JobLinkKind,
  JobLinkRepository,
  JobRecord,
  JobRecordStatus,
  JobRepository,
} from '../job-repositories.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import {
  SqlEntityTable,
  jsonIn,
  jsonOut,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
} from './entity-table.js';

const jobs: EntityTableSpec<JobRecord, JobFilter> = {
  table: 'jobs',
  noun: 'job',
  tenantOwned: true,
  toRow: (j) => ({
    kind: j.kind,
    title: j.title,
    status: j.status,
    created_by: j.createdBy,
    request: jsonIn(j.request, 'request'),
    routing: jsonIn(j.routing, 'routing'),
    instance_id: j.instanceId,
    agent_id: j.agentId,
    workflow_instance_id: j.workflowInstanceId,
    finished_at: j.finishedAt,
  }),
  fromRow: (r, dialect) => ({
    kind: str(r.kind) as JobRecord['kind'],
    title: str(r.title),
    status: str(r.status) as JobRecordStatus,
    createdBy: str(r.created_by),
    request: jsonOut(r.request, dialect),
    routing: jsonOut(r.routing, dialect),
    instanceId: strOrNull(r.instance_id),
    agentId: strOrNull(r.agent_id),
    workflowInstanceId: strOrNull(r.workflow_instance_id),
    finishedAt: numOrNull(r.finished_at),
  }),
  filters: { status: 'status', workflowInstanceId: 'workflow_instance_id' },
};

export class SqlJobs extends SqlEntityTable<JobRecord, JobFilter> implements JobRepository {
  constructor(ctx: SqlContext) {
    super(ctx, jobs);
  }
}

interface LinkTables {
  job_links: {
    job_id: string;
    key: string;
    tenant_id: string;
    kind: string;
    ref: string;
    created_at: number;
  };
}

function toLink(r: LinkTables['job_links']): JobLink {
  return {
    jobId: r.job_id,
    key: r.key,
    tenantId: r.tenant_id,
    kind: r.kind as JobLinkKind,
    ref: r.ref,
    createdAt: Number(r.created_at),
  };
}

export class SqlJobLinks implements JobLinkRepository {
  private readonly db: Kysely<LinkTables>;
  constructor(private readonly ctx: SqlContext) {
    this.db = ctx.db as Kysely<LinkTables>;
  }

  add(link: Omit<JobLink, 'createdAt'>): Promise<{ link: JobLink; created: boolean }> {
    return withStoreErrors(async () => {
      const inserted = await this.db
        .insertInto('job_links')
        .values({
          job_id: link.jobId,
          key: link.key,
          tenant_id: link.tenantId,
          kind: link.kind,
          ref: link.ref,
          created_at: this.ctx.clock.now(),
        })
        .onConflict((oc) => oc.columns(['job_id', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { link: toLink(inserted), created: true };
      const existing = await this.get(link.jobId, link.key);
      return { link: existing!, created: false };
    }, this.ctx.errorContext);
  }

  get(jobId: string, key: string): Promise<JobLink | undefined> {
    return withStoreErrors(async () => {
      const row = await this.db
        .selectFrom('job_links')
        .selectAll()
        .where('job_id', '=', jobId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? toLink(row) : undefined;
    }, this.ctx.errorContext);
  }

  list(jobId: string): Promise<JobLink[]> {
    return withStoreErrors(async () => {
      const rows = await this.db
        .selectFrom('job_links')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('created_at')
        .orderBy('key')
        .execute();
      return rows.map(toLink);
    }, this.ctx.errorContext);
  }
}

export type { Entity as JobEntity };
