// Storage of the agent-to-agent protocol over Kysely: an append-only message log and interactions
// updated with optimistic concurrency; `due` finds open interactions whose deadline has passed.
import type { Kysely } from 'kysely';
import { PlatformError } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';

export interface StoredAgentMessage {
  id: string;
  protocolVersion: string;
  conversationId: string;
  parentId: string | null;
  type: string;
  action: string;
  from: string;
  to: string;
  payload: unknown;
  priority: string;
  requiresResponse: boolean;
  respondBy: number | null;
  createdAt: number;
}

export interface StoredInteraction<D = Record<string, unknown>> {
  id: string;
  kind: string;
  status: string;
  conversationId: string;
  initiator: string;
  assignee: string;
  deadline: number | null;
  data: D;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface ProtocolRepository {
  appendMessage(m: StoredAgentMessage): Promise<void>;
  conversation(conversationId: string): Promise<StoredAgentMessage[]>;
  insertInteraction(i: Omit<StoredInteraction, 'version'>): Promise<StoredInteraction>;
  getInteraction(id: string): Promise<StoredInteraction | undefined>;
  /** CONFLICT when `expectedVersion` is stale. */
  updateInteraction(
    id: string,
    expectedVersion: number,
    patch: Pick<StoredInteraction, 'status' | 'assignee' | 'deadline' | 'data'>,
  ): Promise<StoredInteraction>;
  /** Interactions in `statuses` whose deadline is ≤ `now`, earliest first. */
  due(now: number, statuses: string[], limit: number): Promise<StoredInteraction[]>;
  list(filter: {
    assignee?: string;
    status?: string[];
    kind?: string;
    limit?: number;
  }): Promise<StoredInteraction[]>;
}

interface Tables {
  agent_messages: {
    id: string;
    protocol_version: string;
    conversation_id: string;
    parent_id: string | null;
    type: string;
    action: string;
    from_agent: string;
    to_agent: string;
    payload: unknown;
    priority: string;
    requires_response: number;
    respond_by: number | null;
    created_at: number;
  };
  agent_interactions: {
    id: string;
    kind: string;
    status: string;
    conversation_id: string;
    initiator: string;
    assignee: string;
    deadline: number | null;
    data: unknown;
    version: number;
    created_at: number;
    updated_at: number;
  };
}

type InteractionRow = Tables['agent_interactions'];

export class WorkforceProtocolRepository implements ProtocolRepository {
  private readonly db: Kysely<Tables>;
  constructor(private readonly ctx: SqlContext) {
    this.db = ctx.db as Kysely<Tables>;
  }

  private row(r: InteractionRow): StoredInteraction {
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      conversationId: r.conversation_id,
      initiator: r.initiator,
      assignee: r.assignee,
      deadline: r.deadline === null ? null : Number(r.deadline),
      data: fromJson(r.data, this.ctx.dialect),
      version: Number(r.version),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    };
  }

  appendMessage(m: StoredAgentMessage): Promise<void> {
    return withStoreErrors(async () => {
      await this.db
        .insertInto('agent_messages')
        .values({
          id: m.id,
          protocol_version: m.protocolVersion,
          conversation_id: m.conversationId,
          parent_id: m.parentId,
          type: m.type,
          action: m.action,
          from_agent: m.from,
          to_agent: m.to,
          payload: toJson(m.payload, 'payload'),
          priority: m.priority,
          requires_response: m.requiresResponse ? 1 : 0,
          respond_by: m.respondBy,
          created_at: m.createdAt,
        })
        .execute();
    }, this.ctx.errorContext);
  }

  conversation(conversationId: string): Promise<StoredAgentMessage[]> {
    return withStoreErrors(async () => {
      const rows = await this.db
        .selectFrom('agent_messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        protocolVersion: r.protocol_version,
        conversationId: r.conversation_id,
        parentId: r.parent_id,
        type: r.type,
        action: r.action,
        from: r.from_agent,
        to: r.to_agent,
        payload: fromJson(r.payload, this.ctx.dialect),
        priority: r.priority,
        requiresResponse: Number(r.requires_response) === 1,
        respondBy: r.respond_by === null ? null : Number(r.respond_by),
        createdAt: Number(r.created_at),
      }));
    }, this.ctx.errorContext);
  }

  insertInteraction(i: Omit<StoredInteraction, 'version'>): Promise<StoredInteraction> {
    return withStoreErrors(async () => {
      await this.db
        .insertInto('agent_interactions')
        .values({
          id: i.id,
          kind: i.kind,
          status: i.status,
          conversation_id: i.conversationId,
          initiator: i.initiator,
          assignee: i.assignee,
          deadline: i.deadline,
          data: toJson(i.data),
          version: 1,
          created_at: i.createdAt,
          updated_at: i.updatedAt,
        })
        .execute();
      return { ...i, version: 1 };
    }, this.ctx.errorContext);
  }

  getInteraction(id: string): Promise<StoredInteraction | undefined> {
    return withStoreErrors(async () => {
      const r = await this.db
        .selectFrom('agent_interactions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? this.row(r) : undefined;
    }, this.ctx.errorContext);
  }

  updateInteraction(
    id: string,
    expectedVersion: number,
    patch: Pick<StoredInteraction, 'status' | 'assignee' | 'deadline' | 'data'>,
  ): Promise<StoredInteraction> {
    return withStoreErrors(async () => {
      const now = this.ctx.clock.now();
      const res = await this.db
        .updateTable('agent_interactions')
        .set({
          status: patch.status,
          assignee: patch.assignee,
          deadline: patch.deadline,
          data: toJson(patch.data),
          version: expectedVersion + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        const exists = await this.getInteraction(id);
        if (!exists) throw new PlatformError('NOT_FOUND', `No interaction ${id}`);
        throw new PlatformError(
          'CONFLICT',
          `Interaction ${id} changed concurrently (expected version ${expectedVersion}, found ${exists.version})`,
          {
            details: { id, expectedVersion, actualVersion: exists.version },
          },
        );
      }
      const updated = await this.getInteraction(id);
      return updated!;
    }, this.ctx.errorContext);
  }

  due(now: number, statuses: string[], limit: number): Promise<StoredInteraction[]> {
    return withStoreErrors(async () => {
      if (!statuses.length) return [];
      const rows = await this.db
        .selectFrom('agent_interactions')
        .selectAll()
        .where('status', 'in', statuses)
        .where('deadline', 'is not', null)
        .where('deadline', '<=', now)
        .orderBy('deadline')
        .limit(limit)
        .execute();
      return rows.map((r) => this.row(r));
    }, this.ctx.errorContext);
  }

  list(filter: {
    assignee?: string;
    status?: string[];
    kind?: string;
    limit?: number;
  }): Promise<StoredInteraction[]> {
    return withStoreErrors(async () => {
      let q = this.db.selectFrom('agent_interactions').selectAll();
      if (filter.assignee) q = q.where('assignee', '=', filter.assignee);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.status?.length) q = q.where('status', 'in', filter.status);
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 100)
        .execute();
      return rows.map((r) => this.row(r));
    }, this.ctx.errorContext);
  }
}
