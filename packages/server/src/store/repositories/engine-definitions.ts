// Definition versions over SQL: deploy assigns latest+1 (or returns the identical latest), and
// replaces the definition's message references and start-timer jobs in the same transaction.
import { sql } from 'kysely';
import { PlatformError, isPlatformError } from '../../errors.js';
import type {
  DefinitionInfo,
  DefinitionRecord,
  DefinitionRepository,
  DefinitionStatus,
  Job,
  MessageRef,
} from '../../engine/engine-store.js';
import type { DefinitionFormat } from '../../engine/definitions/parse-definition.js';
import type { ProcessDefinition } from '../../engine/model/types.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { engineDb, jsonText, likePrefix, toNum, type EngineTables } from './engine-tables.js';

type Row = EngineTables['engine_definitions'];

function info(r: Omit<Row, 'source' | 'model'>): DefinitionInfo {
  return {
    definitionId: r.definition_id,
    version: toNum(r.version),
    name: r.name,
    versionTag: r.version_tag,
    format: r.format as DefinitionFormat,
    hash: r.hash,
    status: r.status as DefinitionStatus,
    createdAt: toNum(r.created_at),
    createdBy: r.created_by,
  };
}

function record(r: Row): DefinitionRecord {
  return { ...info(r), source: r.source, model: JSON.parse(r.model) as ProcessDefinition };
}

const INFO_COLUMNS = [
  'definition_id',
  'version',
  'name',
  'version_tag',
  'format',
  'hash',
  'status',
  'created_at',
  'created_by',
] as const;

export class EngineDefinitionsRepository implements DefinitionRepository {
  constructor(private readonly ctx: SqlContext) {}

  async deploy(
    input: Omit<DefinitionRecord, 'version' | 'status'>,
    refs: Omit<MessageRef, 'version'>[],
    startJobs: (version: number) => Job[],
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ctx.transaction(async (tx) => {
          const db = engineDb(tx);
          const latest = await db
            .selectFrom('engine_definitions')
            .selectAll()
            .where('definition_id', '=', input.definitionId)
            .orderBy('version', 'desc')
            .limit(1)
            .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
            .executeTakeFirst();
          if (latest && latest.hash === input.hash) return { record: record(latest), created: false };
          const version = latest ? toNum(latest.version) + 1 : 1;
          const row: Row = {
            definition_id: input.definitionId,
            version,
            name: input.name,
            version_tag: input.versionTag,
            format: input.format,
            source: input.source,
            model: jsonText(input.model, 'model'),
            hash: input.hash,
            status: 'active',
            created_at: input.createdAt,
            created_by: input.createdBy,
          };
          await db.insertInto('engine_definitions').values(row).execute();
          await db
            .deleteFrom('engine_message_refs')
            .where('definition_id', '=', input.definitionId)
            .execute();
          if (refs.length) {
            await db
              .insertInto('engine_message_refs')
              .values(
                refs.map((r) => ({
                  message_name: r.messageName,
                  definition_id: r.definitionId,
                  version,
                  element_id: r.elementId,
                  is_start: r.isStart ? 1 : 0,
                })),
              )
              .execute();
          }
          await db
            .deleteFrom('engine_jobs')
            .where('kind', '=', 'start-timer')
            .where(sql<boolean>`job_id like ${likePrefix(`start:${input.definitionId}:`)} escape '\\'`)
            .execute();
          const jobs = startJobs(version);
          if (jobs.length) {
            await db
              .insertInto('engine_jobs')
              .values(
                jobs.map((j) => ({
                  job_id: j.jobId,
                  instance_id: j.instanceId,
                  kind: j.kind,
                  due_at: j.dueAt,
                  payload: jsonText(j.payload, 'payload'),
                  locked_by: null,
                  locked_until: null,
                  created_at: input.createdAt,
                })),
              )
              .execute();
          }
          return { record: record(row), created: true };
        });
      } catch (err) {
        // Two deploys of the same definition raced for the same version: read again and retry.
        if (attempt < 5 && isPlatformError(err, 'CONFLICT')) continue;
        throw err;
      }
    }
  }

  get(definitionId: string, version?: number): Promise<DefinitionRecord | undefined> {
    return withStoreErrors(async () => {
      const row = await engineDb(this.ctx)
        .selectFrom('engine_definitions')
        .selectAll()
        .where('definition_id', '=', definitionId)
        .$if(version !== undefined, (q) => q.where('version', '=', version!))
        .$if(version === undefined, (q) => q.where('status', '<>', 'retired'))
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? record(row) : undefined;
    }, this.ctx.errorContext);
  }

  list(): Promise<DefinitionInfo[]> {
    return withStoreErrors(async () => {
      const db = engineDb(this.ctx);
      const rows = await db
        .selectFrom('engine_definitions as d')
        .select(INFO_COLUMNS.map((c) => `d.${c}` as const))
        .where('d.version', '=', (eb) =>
          eb
            .selectFrom('engine_definitions as l')
            .select((e) => e.fn.max('l.version').as('v'))
            .whereRef('l.definition_id', '=', 'd.definition_id'),
        )
        .orderBy('d.definition_id')
        .execute();
      return rows.map(info);
    }, this.ctx.errorContext);
  }

  versions(definitionId: string): Promise<DefinitionInfo[]> {
    return withStoreErrors(async () => {
      const rows = await engineDb(this.ctx)
        .selectFrom('engine_definitions')
        .select(INFO_COLUMNS)
        .where('definition_id', '=', definitionId)
        .orderBy('version')
        .execute();
      return rows.map(info);
    }, this.ctx.errorContext);
  }

  setStatus(definitionId: string, version: number, status: DefinitionStatus): Promise<void> {
    return withStoreErrors(async () => {
      const r = await engineDb(this.ctx)
        .updateTable('engine_definitions')
        .set({ status })
        .where('definition_id', '=', definitionId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) {
        throw new PlatformError('NOT_FOUND', `Definition ${definitionId} v${version} does not exist`, {
          details: { definitionId, version },
        });
      }
    }, this.ctx.errorContext);
  }

  messageRefs(messageName: string): Promise<MessageRef[]> {
    return withStoreErrors(async () => {
      const rows = await engineDb(this.ctx)
        .selectFrom('engine_message_refs')
        .selectAll()
        .where('message_name', '=', messageName)
        .orderBy('definition_id')
        .execute();
      return rows.map((r) => ({
        messageName: r.message_name,
        definitionId: r.definition_id,
        version: toNum(r.version),
        elementId: r.element_id,
        isStart: toNum(r.is_start) === 1,
      }));
    }, this.ctx.errorContext);
  }
}
