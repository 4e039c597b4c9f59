// Workflow- and global-scope variables over SQL, each change kept in a history table.
import type { JsonValue } from '../../errors.js';
import type {
  SharedScope,
  SharedVariable,
  SharedVariableRepository,
  VariableChange,
} from '../../engine/engine-store.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { engineDb, jsonText, parseJson, toNum, type EngineTables } from './engine-tables.js';

function variable(r: EngineTables['engine_variables']): SharedVariable {
  return {
    scope: r.scope as SharedScope,
    owner: r.owner,
    name: r.name,
    value: parseJson(r.value),
    type: r.type,
    version: toNum(r.version),
    createdAt: toNum(r.created_at),
    createdBy: r.created_by,
    updatedAt: toNum(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export class EngineVariablesRepository implements SharedVariableRepository {
  constructor(private readonly ctx: SqlContext) {}

  list(scope: SharedScope, owner: string): Promise<SharedVariable[]> {
    return withStoreErrors(async () => {
      const rows = await engineDb(this.ctx)
        .selectFrom('engine_variables')
        .selectAll()
        .where('scope', '=', scope)
        .where('owner', '=', owner)
        .orderBy('name')
        .execute();
      return rows.map(variable);
    }, this.ctx.errorContext);
  }

  set(
    scope: SharedScope,
    owner: string,
    name: string,
    value: JsonValue,
    type: string,
    actor: string,
    at: number,
  ): Promise<SharedVariable> {
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const text = jsonText(value, name);
      const current = await db
        .selectFrom('engine_variables')
        .selectAll()
        .where('scope', '=', scope)
        .where('owner', '=', owner)
        .where('name', '=', name)
        .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      const version = current ? toNum(current.version) + 1 : 1;
      const row: EngineTables['engine_variables'] = {
        scope,
        owner,
        name,
        value: text,
        type,
        version,
        created_at: current ? toNum(current.created_at) : at,
        created_by: current ? current.created_by : actor,
        updated_at: at,
        updated_by: actor,
      };
      if (current) {
        await db
          .updateTable('engine_variables')
          .set({ value: text, type, version, updated_at: at, updated_by: actor })
          .where('scope', '=', scope)
          .where('owner', '=', owner)
          .where('name', '=', name)
          .execute();
      } else {
        await db.insertInto('engine_variables').values(row).execute();
      }
      await db
        .insertInto('engine_variable_history')
        .values({ scope, owner, name, version, value: text, type, actor, at })
        .execute();
      return variable(row);
    });
  }

  history(scope: SharedScope, owner: string, name: string): Promise<VariableChange[]> {
    return withStoreErrors(async () => {
      const rows = await engineDb(this.ctx)
        .selectFrom('engine_variable_history')
        .selectAll()
        .where('scope', '=', scope)
        .where('owner', '=', owner)
        .where('name', '=', name)
        .orderBy('version')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        version: toNum(r.version),
        value: parseJson(r.value),
        type: r.type,
        actor: r.actor,
        at: toNum(r.at),
      }));
    }, this.ctx.errorContext);
  }
}
