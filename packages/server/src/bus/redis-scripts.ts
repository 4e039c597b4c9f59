// Lua scripts of the Redis Streams bus. Each state change (route a publish, fetch in priority
// order, settle, reclaim, DLQ retry/discard) is one script, so it is atomic and one round trip.
// Layout: registry hash `<p>groups` (group → pattern); per group and priority a stream
// `<p>g:<group>:p<1-5>` read by a Redis consumer group named after the group; entry fields
// m (message JSON), a (deliveries before this entry), e (JSON array of attempt errors), and p (the
// message's priority) on work taken over from a consumer, which is queued again in the p5 stream
// (fetched first) because it had already reached the head of the queue once;
// dead letters in stream `<p>dlq` (g, p, r, d, e, m, t); operator actions in `<p>dlq:audit`;
// consumer heartbeats in the sorted set `<p>consumers` (member `<group> <consumer>`, score = the
// Redis time in ms when the heartbeat lapses) and each member's Redis client id in `<p>consumers:client`.

/** `topicMatches` of topic-pattern.ts, in Lua. */
const MATCH_LUA = `
local function split(s)
  local t = {}
  for part in string.gmatch(s, '[^.]+') do t[#t + 1] = part end
  return t
end
local function matches(p, topic)
  if p == '*' or p == '#' or p == topic then return true end
  local ps, ts = split(p), split(topic)
  for i = 1, #ps do
    local seg = ps[i]
    if seg == '#' then return true end
    if i > #ts then return false end
    if seg ~= '*' and seg ~= ts[i] then return false end
  end
  return #ps == #ts
end
`;

const FIELDS_LUA = `
local function fields(flat)
  local f = {}
  for j = 1, #flat, 2 do f[flat[j]] = flat[j + 1] end
  return f
end
local function append(errs, err)
  if errs == nil or errs == '[]' then return '[' .. err .. ']' end
  return string.sub(errs, 1, -2) .. ',' .. err .. ']'
end
`;

/**
 * Puts a consumer's pending entries back in its group's streams (or the DLQ after the last delivery)
 * and forgets the consumer. Needs KEYS[1] = consumers set, KEYS[2] = dlq, KEYS[3] = stats,
 * KEYS[4] = client ids and a
 * `now` variable (ms) in scope. Handles at most `limit` entries per stream; returns how many were
 * requeued and dead-lettered, and whether the consumer is gone (false: call again for the rest).
 */
const RELEASE_LUA = `
local function release(prefix, member, why, maxDeliveries, limit)
  local sp = string.find(member, ' ', 1, true)
  if not sp then
    redis.call('ZREM', KEYS[1], member)
    return 0, 0, true
  end
  local group = string.sub(member, 1, sp - 1)
  local consumer = string.sub(member, sp + 1)
  local requeued, dead, complete = 0, 0, true
  for i = 1, 5 do
    local p = 6 - i
    local stream = prefix .. 'g:' .. group .. ':p' .. p
    local pend = redis.pcall('XPENDING', stream, group, '-', '+', limit, consumer)
    if type(pend) == 'table' and pend.err == nil then
      for _, e in ipairs(pend) do
        local id = e[1]
        redis.call('XACK', stream, group, id)
        local range = redis.call('XRANGE', stream, id, id)
        redis.call('XDEL', stream, id)
        if #range > 0 then
          local f = fields(range[1][2])
          local attempts = tonumber(f.a or '0') + 1
          local err = cjson.encode({code = 'UNAVAILABLE', message = why .. ' (consumer ' .. consumer .. ')', retryable = true, details = {consumer = consumer}, at = now, attempt = attempts})
          local errs = append(f.e, err)
          local prio = f.p or p
          if attempts < maxDeliveries then
            redis.call('XADD', prefix .. 'g:' .. group .. ':p5', '*', 'm', f.m, 'a', attempts, 'e', errs, 'p', prio)
            requeued = requeued + 1
          else
            redis.call('XADD', KEYS[2], '*', 'g', group, 'p', prio, 'r', 'max-deliveries', 'd', attempts, 'e', errs, 'm', f.m, 't', now)
            dead = dead + 1
          end
        end
      end
      if #pend >= limit then complete = false
      else redis.pcall('XGROUP', 'DELCONSUMER', stream, group, consumer) end
    end
  end
  if dead > 0 then redis.call('HINCRBY', KEYS[3], 'deadLettered', dead) end
  if complete then
    redis.call('ZREM', KEYS[1], member)
    redis.call('HDEL', KEYS[4], member)
  end
  return requeued, dead, complete
end
`;

const NOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

export interface ScriptDefinition {
  numberOfKeys: number;
  lua: string;
}

/**
 * Routes a message: to the `to` group when given (if registered), else to every group whose
 * pattern matches. KEYS: registry, stats. ARGV: key prefix, topic, to|'', priority, message JSON.
 * Returns the number of groups that got a copy.
 */
export const PUBLISH: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `${MATCH_LUA}
local targets = {}
if ARGV[3] ~= '' then
  if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then targets[1] = ARGV[3] end
else
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    if matches(all[i + 1], ARGV[2]) then targets[#targets + 1] = all[i] end
  end
end
for _, g in ipairs(targets) do
  redis.call('XADD', ARGV[1] .. 'g:' .. g .. ':p' .. ARGV[4], '*', 'm', ARGV[5], 'a', '0', 'e', '[]')
end
redis.call('HINCRBY', KEYS[2], 'published', 1)
return #targets
`,
};

/**
 * Routes a batch of messages, each as PUBLISH does, in one atomic call. KEYS: registry, stats.
 * ARGV: key prefix, then per message: topic, to|'', priority, message JSON. Returns the number of
 * copies queued.
 */
export const PUBLISH_BATCH: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `${MATCH_LUA}
local all = redis.call('HGETALL', KEYS[1])
local byTopic = {}
local copies = 0
for i = 2, #ARGV, 4 do
  local topic, to, prio, json = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local targets
  if to ~= '' then
    targets = {}
    if redis.call('HEXISTS', KEYS[1], to) == 1 then targets[1] = to end
  else
    targets = byTopic[topic]
    if targets == nil then
      targets = {}
      for j = 1, #all, 2 do
        if matches(all[j + 1], topic) then targets[#targets + 1] = all[j] end
      end
      byTopic[topic] = targets
    end
  end
  for _, g in ipairs(targets) do
    redis.call('XADD', ARGV[1] .. 'g:' .. g .. ':p' .. prio, '*', 'm', json, 'a', '0', 'e', '[]')
    copies = copies + 1
  end
end
redis.call('HINCRBY', KEYS[2], 'published', (#ARGV - 1) / 4)
return copies
`,
};

/**
 * Registers a group (or checks its pattern) and creates its five streams and consumer groups.
 * KEYS: registry. ARGV: key prefix, group, pattern. Returns the group's pattern (differs on conflict).
 */
export const REGISTER: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
local current = redis.call('HGET', KEYS[1], ARGV[2])
if current and current ~= ARGV[3] then return current end
if not current then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) end
for p = 1, 5 do
  redis.pcall('XGROUP', 'CREATE', ARGV[1] .. 'g:' .. ARGV[2] .. ':p' .. p, ARGV[2], '0', 'MKSTREAM')
end
return ARGV[3]
`,
};

/** Removes a group and its streams (request/response inboxes on close). KEYS: registry. ARGV: key prefix, group. */
export const UNREGISTER: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
redis.call('HDEL', KEYS[1], ARGV[2])
for p = 1, 5 do redis.call('DEL', ARGV[1] .. 'g:' .. ARGV[2] .. ':p' .. p) end
return 1
`,
};

/**
 * Claims up to ARGV[3] new entries, priority 5 first. KEYS: streams p5..p1, stats.
 * ARGV: group, consumer, count. Returns {index, id, fields} per entry (index 1 = the p5 stream).
 * An empty answer means the group has nothing undelivered: the consumer then blocks in XREADGROUP.
 */
export const FETCH: ScriptDefinition = {
  numberOfKeys: 6,
  lua: `
local out = {}
local left = tonumber(ARGV[3])
for i = 1, 5 do
  if left <= 0 then break end
  local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', left, 'STREAMS', KEYS[i], '>')
  if r then
    for _, e in ipairs(r[1][2]) do
      out[#out + 1] = {i, e[1], e[2]}
      left = left - 1
    end
  end
end
if #out > 0 then redis.call('HINCRBY', KEYS[6], 'delivered', #out) end
return out
`,
};

/**
 * Settles one delivery. KEYS: stream, dlq, stats, the stream of the message's priority (where a
 * failed delivery waits for its retry, at the back). ARGV: group, entry id, mode
 * (ack|fail|reject), max deliveries, error JSON, reject reason, now, priority. Returns 'ack' |
 * 'retry' | 'dead:<dlq id>' | 'stale' (the entry was reclaimed meanwhile, so this consumer's
 * result no longer counts).
 */
export const SETTLE: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `${FIELDS_LUA}
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 'stale' end
if ARGV[3] == 'ack' then
  redis.call('XDEL', KEYS[1], ARGV[2])
  redis.call('HINCRBY', KEYS[3], 'acked', 1)
  return 'ack'
end
local range = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if #range == 0 then return 'stale' end
local f = fields(range[1][2])
local attempts = tonumber(f.a or '0') + 1
local errs = append(f.e, ARGV[5])
if ARGV[3] == 'fail' and attempts < tonumber(ARGV[4]) then
  redis.call('XADD', KEYS[4], '*', 'm', f.m, 'a', attempts, 'e', errs)
  return 'retry'
end
local reason = ARGV[6]
if ARGV[3] == 'fail' then reason = 'max-deliveries' end
local id = redis.call('XADD', KEYS[2], '*', 'g', ARGV[1], 'p', ARGV[8], 'r', reason, 'd', attempts, 'e', errs, 'm', f.m, 't', ARGV[7])
redis.call('HINCRBY', KEYS[3], 'deadLettered', 1)
return 'dead:' .. id
`,
};

/**
 * Takes over entries idle past the visibility timeout (their consumer hangs, or died before
 * heartbeats existed): each is re-queued with a TIMEOUT error, or dead-lettered when it used its
 * last delivery. Then deletes the group's consumer names that hold nothing and have no heartbeat
 * (consumers that stopped before names were cleaned up). KEYS: streams p5..p1, dlq, stats,
 * consumers set. ARGV: group, consumer, min idle ms, max deliveries, now, count.
 * Returns {requeued, deadLettered}.
 */
export const RECLAIM: ScriptDefinition = {
  numberOfKeys: 8,
  lua: `${FIELDS_LUA}
local requeued, dead = 0, 0
for i = 1, 5 do
  local r = redis.call('XAUTOCLAIM', KEYS[i], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[6])
  for _, e in ipairs(r[2]) do
    if type(e) == 'table' and type(e[2]) == 'table' then
      redis.call('XACK', KEYS[i], ARGV[1], e[1])
      redis.call('XDEL', KEYS[i], e[1])
      local f = fields(e[2])
      local attempts = tonumber(f.a or '0') + 1
      local err = string.format('{"code":"TIMEOUT","message":"Not acknowledged within the visibility timeout (%s ms)","retryable":true,"details":{},"at":%s,"attempt":%d}', ARGV[3], ARGV[5], attempts)
      local errs = append(f.e, err)
      local prio = f.p or (6 - i)
      if attempts < tonumber(ARGV[4]) then
        redis.call('XADD', KEYS[1], '*', 'm', f.m, 'a', attempts, 'e', errs, 'p', prio)
        requeued = requeued + 1
      else
        redis.call('XADD', KEYS[6], '*', 'g', ARGV[1], 'p', prio, 'r', 'max-deliveries', 'd', attempts, 'e', errs, 'm', f.m, 't', ARGV[5])
        dead = dead + 1
      end
    end
  end
end
if dead > 0 then redis.call('HINCRBY', KEYS[7], 'deadLettered', dead) end
for i = 1, 5 do
  local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[i], ARGV[1])
  if type(consumers) == 'table' and consumers.err == nil then
    for _, c in ipairs(consumers) do
      local name, pending
      for j = 1, #c, 2 do
        if c[j] == 'name' then name = c[j + 1] elseif c[j] == 'pending' then pending = c[j + 1] end
      end
      if pending == 0 and name ~= ARGV[2] and not redis.call('ZSCORE', KEYS[8], ARGV[1] .. ' ' .. name) then
        redis.call('XGROUP', 'DELCONSUMER', KEYS[i], ARGV[1], name)
      end
    end
  end
end
return {requeued, dead}
`,
};

/**
 * Per-priority depth facts of one group. KEYS: streams p5..p1. ARGV: group.
 * Returns {redis now ms, {{length, pending, oldest undelivered entry ms or -1} x5}}.
 */
export const GROUP_STATS: ScriptDefinition = {
  numberOfKeys: 5,
  lua: `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, 5 do
  local len, pending, oldest = 0, 0, -1
  if redis.call('EXISTS', KEYS[i]) == 1 then
    len = redis.call('XLEN', KEYS[i])
    local last = '0-0'
    for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[i])) do
      local name, id, p
      for j = 1, #g, 2 do
        if g[j] == 'name' then name = g[j + 1] elseif g[j] == 'last-delivered-id' then id = g[j + 1] elseif g[j] == 'pending' then p = g[j + 1] end
      end
      if name == ARGV[1] then last = id; pending = p end
    end
    local r = redis.call('XRANGE', KEYS[i], '(' .. last, '+', 'COUNT', 1)
    if #r > 0 then oldest = tonumber(string.match(r[1][1], '^(%d+)')) end
  end
  out[i] = {len, pending, oldest}
end
return {now, out}
`,
};

/**
 * Re-queues a dead letter with a fresh delivery count. KEYS: dlq, audit. ARGV: key prefix, dlq id, now.
 * Returns 1, or 0 when there is no such dead letter.
 */
export const DLQ_RETRY: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `${FIELDS_LUA}
local r = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #r == 0 then return 0 end
local f = fields(r[1][2])
redis.call('XADD', ARGV[1] .. 'g:' .. f.g .. ':p' .. f.p, '*', 'm', f.m, 'a', '0', 'e', '[]')
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', 'action', 'retry', 'id', ARGV[2], 'group', f.g, 'at', ARGV[3])
return 1
`,
};

/**
 * Discards a dead letter, keeping the message and reason in the audit stream.
 * KEYS: dlq, audit. ARGV: dlq id, reason, now. Returns 1, or 0 when absent.
 */
export const DLQ_DISCARD: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `${FIELDS_LUA}
local r = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #r == 0 then return 0 end
local f = fields(r[1][2])
redis.call('XDEL', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', 'action', 'discard', 'id', ARGV[1], 'group', f.g, 'reason', ARGV[2], 'at', ARGV[3], 'm', f.m)
return 1
`,
};

/**
 * One liveness tick of a bus: refreshes the heartbeats of its consumers (and records its Redis
 * client id for them), then takes over the consumers whose heartbeat lapsed (their process died):
 * their pending entries are redelivered at once and their names deleted from their groups.
 * KEYS: consumers set, dlq, stats, client ids. ARGV: key prefix, heartbeat timeout ms, max
 * deliveries, consumers to sweep at most, entries per stream at most, this bus's client id (or
 * ''), late ms, then the members (`<group> <consumer>`) to refresh. Returns {requeued,
 * {group, dead letters, …}, consumers removed, {member, client id, score, …}}: the last list holds
 * consumers whose heartbeat is `late ms` overdue but not lapsed, for the caller to check whether
 * their connection is gone (then it hands them back at once, see HAND_BACK).
 */
export const LIVENESS: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `${FIELDS_LUA}${NOW_LUA}${RELEASE_LUA}
local timeout = tonumber(ARGV[2])
local expiry = now + timeout
for i = 8, #ARGV do
  redis.call('ZADD', KEYS[1], expiry, ARGV[i])
  if ARGV[6] ~= '' then redis.call('HSET', KEYS[4], ARGV[i], ARGV[6]) end
end
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now, 'LIMIT', 0, tonumber(ARGV[4]))
local requeued, deadByGroup, removed = 0, {}, 0
for _, member in ipairs(lapsed) do
  local r, d, gone = release(ARGV[1], member, 'Its consumer stopped heartbeating', tonumber(ARGV[3]), tonumber(ARGV[5]))
  requeued = requeued + r
  if d > 0 then
    deadByGroup[#deadByGroup + 1] = string.sub(member, 1, (string.find(member, ' ', 1, true) or 1) - 1)
    deadByGroup[#deadByGroup + 1] = d
  end
  if gone then removed = removed + 1 end
end
local late = {}
local overdue = redis.call('ZRANGEBYSCORE', KEYS[1], now, expiry - tonumber(ARGV[7]), 'WITHSCORES', 'LIMIT', 0, 50)
for j = 1, #overdue, 2 do
  local client = redis.call('HGET', KEYS[4], overdue[j])
  if client then
    late[#late + 1] = overdue[j]
    late[#late + 1] = client
    late[#late + 1] = overdue[j + 1]
  end
end
return {requeued, deadByGroup, removed, late}
`,
};

/**
 * A consumer's pending entries go back to its group (see LIVENESS for the effect) and it leaves the
 * group: as it stops (hand-back), or when another bus found its connection gone. KEYS: consumers
 * set, dlq, stats, client ids. ARGV: key prefix, max deliveries, entries per stream at most, member,
 * reason, and a score: when not '', only if the member's heartbeat is still at most that (it has not
 * beaten since it was found late). Returns {requeued, dead letters, 1 when done | 0 when entries
 * are left | -1 when it beat meanwhile}.
 */
export const HAND_BACK: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `${FIELDS_LUA}${NOW_LUA}${RELEASE_LUA}
if ARGV[6] ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], ARGV[4])
  if not score or tonumber(score) > tonumber(ARGV[6]) then return {0, 0, -1} end
end
local r, d, gone = release(ARGV[1], ARGV[4], ARGV[5], tonumber(ARGV[2]), tonumber(ARGV[3]))
if gone then return {r, d, 1} end
return {r, d, 0}
`,
};

/** Forgets an idempotency mark if this delivery set it. KEYS: mark. ARGV: token. */
export const RELEASE_MARK: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
};

export const busScripts = {
  busPublish: PUBLISH,
  busPublishBatch: PUBLISH_BATCH,
  busRegister: REGISTER,
  busUnregister: UNREGISTER,
  busFetch: FETCH,
  busSettle: SETTLE,
  busReclaim: RECLAIM,
  busGroupStats: GROUP_STATS,
  busDlqRetry: DLQ_RETRY,
  busDlqDiscard: DLQ_DISCARD,
  busReleaseMark: RELEASE_MARK,
  busLiveness: LIVENESS,
  busHandBack: HAND_BACK,
} as const;

export type BusScriptName = keyof typeof busScripts;
