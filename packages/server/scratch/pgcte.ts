import pg from 'pg';
import { startPostgres } from '../src/testing/local-services.js';
const srv = await startPostgres({ durable: false });
const c = new pg.Client({ connectionString: srv.url }); await c.connect();
await c.query(`create table engine_instances (instance_id text primary key, definition_id text, version int, business_key text, state text not null, runnable int, parent_instance_id text, created_at bigint, updated_at bigint, ended_at bigint, seq int, owner text, lease_until bigint, error text);
create index a1 on engine_instances (runnable, lease_until); create index a2 on engine_instances(definition_id, state); create index a3 on engine_instances(business_key); create index a4 on engine_instances(parent_instance_id); create index a5 on engine_instances(owner);
create table engine_history (instance_id text not null, seq int not null, type text not null, at bigint not null, data text not null, primary key (instance_id, seq));`);
const ids = Array.from({ length: 64 }, (_, i) => `wfi_01abcdefgh${String(i).padStart(6, '0')}`);
for (const id of ids) await c.query(`insert into engine_instances values ($1,'d',1,null,'active',1,null,0,0,null,0,'w',0,null)`, [id]);
const data = JSON.stringify({ activityId: 'a12', tokenId: 't1', elementId: 's3', scopeId: 'root', taskType: 'noop', input: null, attempt: 1 });
let base = 0;
for (const variant of ['cte', 'cte', 'two', 'two', 'plain', 'plain']) {
  let seq = (base += 1000); const n = 50; const t = performance.now();
  for (let r = 0; r < n; r++) {
    const params: unknown[] = []; const p = (v: unknown, cast: string) => { params.push(v); return `$${params.length}::${cast}`; };
    const fence = ids.map((id) => `(${p(id, 'text')}, ${p(seq + 2, 'integer')})`).join(', ');
    const ev = ids.flatMap((id) => [1, 2].map((k) => `(${p(id, 'text')}, ${p(seq + k, 'integer')}, ${p('activity.x', 'text')}, ${p(0, 'bigint')}, ${p(data, 'text')})`)).join(', ');
    seq += 2;
    if (variant === 'cte') {
      await c.query(`with fenced as (update engine_instances as i set seq = v.seq, updated_at = ${p(1, 'bigint')} from (values ${fence}) as v(id, seq) where i.instance_id = v.id and i.owner = ${p('w', 'text')} returning i.instance_id), appended as (insert into engine_history (instance_id, seq, type, at, data) select h.instance_id, h.seq, h.type, h.at, h.data from (values ${ev}) as h(instance_id, seq, type, at, data) where h.instance_id in (select instance_id from fenced) returning 1) select instance_id, (select count(*) from appended) from fenced`, params);
    } else if (variant === 'plain') {
      await c.query(`insert into engine_history (instance_id, seq, type, at, data) select h.instance_id, h.seq, h.type, h.at, h.data from (values ${ev}) as h(instance_id, seq, type, at, data)`, params.slice(0));
    } else {
      await c.query('begin');
      const hp: unknown[] = []; const rows: string[] = [];
      for (const id of ids) for (const k of [1, 2]) { const b = hp.length; hp.push(id, seq - 2 + k, 'activity.x', 0, data); rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`); }
      await c.query(`insert into engine_history (instance_id, seq, type, at, data) values ${rows.join(', ')}`, hp);
      const up: unknown[] = []; const cases = ids.map((id) => { up.push(id, seq); return `when $${up.length - 1} then cast($${up.length} as integer)`; }).join(' ');
      const inl = ids.map((id) => { up.push(id); return `$${up.length}`; }).join(', ');
      up.push('w');
      await c.query(`update engine_instances set seq = case instance_id ${cases} end where instance_id in (${inl}) and owner = $${up.length} returning instance_id`, up);
      await c.query('commit');
    }
  }
  console.log(variant, ((performance.now() - t) / n).toFixed(2), 'ms per batch of 64');
}
await c.end(); await srv.stop();
