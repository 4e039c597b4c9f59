// Durable consult / handoff / escalate / consensus between agents (and humans). State lives in the
// store (agent_interactions + the agent_messages log), so an interaction started before a restart
// completes after it; deadlines are swept by whichever worker runs `sweep()`, each transition guarded
// by a version check inside one transaction, so two workers never act on the same deadline twice.
import type { Bus } from '../../bus/bus.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import type { StoredInteraction } from '../../store/repositories/workforce-protocol.js';
import type { Store } from '../../store/store.js';
import {
  busPriority,
  PROTOCOL_VERSION,
  validateAgentMessage,
  type AgentMessage,
  type MessageType,
} from './agent-message.js';

export type InteractionKind = 'consult' | 'handoff' | 'escalation' | 'consensus';

/** Statuses that still wait for something (and may have a deadline). */
export const OPEN_STATUSES = ['open', 'pending', 'accepted'] as const;
const OPEN = new Set<string>(OPEN_STATUSES);

export interface ConsultData {
  question: string;
  context: Record<string, unknown>;
  answer?: unknown;
  answeredBy?: string;
  escalationId?: string;
}
export interface HandoffData {
  context: Record<string, unknown>;
  requiredArtifacts: string[];
  artifacts?: Record<string, unknown>;
  slaMinutes: number;
  escalationId?: string;
}
export interface EscalationData {
  reason: string;
  chain: string[];
  level: number;
  slaMinutes: number;
  context: Record<string, unknown>;
  decision?: 'approve' | 'reject' | 'modify';
  comment?: string;
  answeredBy?: string;
  history: Array<{ at: number; event: string; assignee: string }>;
}
export interface ConsensusData {
  proposal: Record<string, unknown>;
  agents: string[];
  quorum: number;
  votes: Record<string, { approve: boolean; reason: string; at: number }>;
  escalationId?: string;
}

export type AuditSink = (entry: {
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}) => Promise<void>;

export interface AgentProtocolOptions {
  store: Store;
  bus?: Pick<Bus, 'publish'>;
  clock: Clock;
  ids: Ids;
  logger?: Logger;
  audit?: AuditSink;
  /** Who gets escalations raised by timeouts when no chain is given. */
  defaultHumanChain?: string[];
  /** Told after an escalation to a human is stored (the platform opens its inbox item). */
  onEscalation?: (escalation: StoredInteraction<EscalationData>) => Promise<void>;
}

const MINUTE = 60_000;

/** Whose work an interaction is (tenant, instance, task, job), carried into the escalation it raises. */
function whose(context: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['tenantId', 'instanceId', 'taskId', 'jobId'])
    if (typeof context[k] === 'string') out[k] = context[k] as string;
  return out;
}

/** Interactions are stored with JSON data; each kind reads its own shape. */
function view<D>(i: StoredInteraction): StoredInteraction<D> {
  return i as unknown as StoredInteraction<D>;
}

export function createAgentProtocol(options: AgentProtocolOptions) {
  const { store, clock, ids } = options;
  const log = options.logger ?? silentLogger;
  const humans = options.defaultHumanChain ?? ['human:operator', 'human:admin'];
  const listeners = new Map<string, Set<(i: StoredInteraction) => void>>();
  let sweepTimer: TimerHandle | undefined;
  let running = false;

  function notify(i: StoredInteraction): void {
    if (OPEN.has(i.status)) return;
    for (const fn of listeners.get(i.id) ?? []) fn(i);
    listeners.delete(i.id);
  }

  async function audit(
    actor: string,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    try {
      await options.audit?.({ actor, action, target, details });
    } catch (err) {
      log.error({ err, action, target }, 'audit write failed');
    }
  }

  async function send(
    tx: Store,
    m: Omit<AgentMessage, 'id' | 'protocolVersion' | 'createdAt'>,
  ): Promise<AgentMessage> {
    const message = validateAgentMessage({
      ...m,
      id: ids.next('msg'),
      protocolVersion: PROTOCOL_VERSION,
      createdAt: clock.now(),
    });
    await tx.protocol.appendMessage({ ...message, payload: message.payload });
    return message;
  }

  async function publish(message: AgentMessage): Promise<void> {
    if (!options.bus) return;
    try {
      await options.bus.publish({
        topic:
          message.to === 'broadcast'
            ? 'agent.broadcast.inbox'
            : `agent.${message.to.replace(/[^A-Za-z0-9_-]/g, '_')}.inbox`,
        payload: message as unknown as Record<string, never>,
        priority: busPriority(message.priority),
        from: message.from,
        correlationId: message.conversationId,
        idempotencyKey: message.id,
      });
    } catch (err) {
      // The interaction is durable in the store; receivers also read `pending()`. Log, do not fail.
      log.warn({ err, message: message.id }, 'protocol message stored but not published');
    }
  }

  async function create<D>(
    kind: InteractionKind,
    status: string,
    initiator: string,
    assignee: string,
    deadline: number | null,
    data: D,
    message: {
      type: MessageType;
      action: string;
      to: string;
      payload: Record<string, unknown>;
      priority?: AgentMessage['priority'];
    },
  ) {
    const now = clock.now();
    const conversationId = ids.next('conv');
    const { interaction, sent } = await store.transaction(async (tx) => {
      const interaction = await tx.protocol.insertInteraction({
        id: ids.next(kind.slice(0, 4)),
        kind,
        status,
        conversationId,
        initiator,
        assignee,
        deadline,
        data: data as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      });
      const sent = await send(tx, {
        from: initiator,
        to: message.to,
        type: message.type,
        action: message.action,
        payload: { interactionId: interaction.id, ...message.payload },
        conversationId,
        parentId: null,
        priority: message.priority ?? 'normal',
        requiresResponse: true,
        respondBy: deadline,
      });
      return { interaction, sent };
    });
    await publish(sent);
    await audit(initiator, `${kind}.started`, interaction.id, { assignee, deadline });
    return interaction as StoredInteraction<D>;
  }

  async function load<D = Record<string, unknown>>(
    id: string,
    kind?: InteractionKind,
  ): Promise<StoredInteraction<D>> {
    const i = await store.protocol.getInteraction(id);
    if (!i || (kind && i.kind !== kind))
      throw new PlatformError('NOT_FOUND', `No ${kind ?? 'interaction'} ${id}`);
    return view<D>(i);
  }

  /** Applies a transition atomically; `extra` may write more in the same transaction (escalations). */
  async function transition<D>(
    current: StoredInteraction<D>,
    patch: { status: string; assignee?: string; deadline?: number | null; data: D },
    message: {
      from: string;
      to: string;
      type: MessageType;
      action: string;
      payload: Record<string, unknown>;
    },
    extra?: (tx: Store) => Promise<void>,
  ): Promise<StoredInteraction<D>> {
    const { updated, sent } = await store.transaction(async (tx) => {
      const updated = await tx.protocol.updateInteraction(current.id, current.version, {
        status: patch.status,
        assignee: patch.assignee ?? current.assignee,
        deadline: patch.deadline === undefined ? current.deadline : patch.deadline,
        data: patch.data as Record<string, unknown>,
      });
      const sent = await send(tx, {
        ...message,
        payload: { interactionId: current.id, ...message.payload },
        conversationId: current.conversationId,
        parentId: null,
        priority: 'normal',
        requiresResponse: false,
        respondBy: null,
      });
      await extra?.(tx);
      return { updated, sent };
    });
    await publish(sent);
    await audit(message.from, `${current.kind}.${patch.status}`, current.id, message.payload);
    notify(updated);
    return view<D>(updated);
  }

  function assertOpen(i: StoredInteraction<unknown>, allowed: string[] = [...OPEN_STATUSES]): void {
    if (!allowed.includes(i.status))
      throw new PlatformError('CONFLICT', `${i.kind} ${i.id} is ${i.status}`, {
        details: { id: i.id, status: i.status },
      });
  }

  async function escalationFor(
    tx: Store,
    id: string,
    from: string,
    reason: string,
    context: Record<string, unknown>,
    chain = humans,
    slaMinutes = 60,
  ): Promise<void> {
    const now = clock.now();
    const data: EscalationData = {
      reason,
      chain,
      level: 0,
      slaMinutes,
      context,
      history: [{ at: now, event: 'raised', assignee: chain[0]! }],
    };
    await tx.protocol.insertInteraction({
      id,
      kind: 'escalation',
      status: 'open',
      conversationId: ids.next('conv'),
      initiator: from,
      assignee: chain[0]!,
      deadline: now + slaMinutes * MINUTE,
      data: data as unknown as Record<string, unknown>,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Tells `onEscalation` about a stored escalation; a failure is logged (the sweep re-posts on start). */
  async function raised(escalationId: string): Promise<void> {
    if (!options.onEscalation) return;
    try {
      await options.onEscalation(await load<EscalationData>(escalationId, 'escalation'));
    } catch (err) {
      log.warn({ err, escalationId }, 'escalation stored but not posted to the inbox');
    }
  }

  /** Handles one interaction whose deadline passed; returns false when another worker got there first. */
  async function expire(i: StoredInteraction): Promise<boolean> {
    const now = clock.now();
    try {
      switch (i.kind) {
        case 'consult': {
          const d = view<ConsultData>(i);
          const escalationId = ids.next('esca');
          await transition(
            d,
            { status: 'timed_out', deadline: null, data: { ...d.data, escalationId } },
            {
              from: 'protocol',
              to: i.initiator,
              type: 'notification',
              action: 'consult.timed_out',
              payload: { to: i.assignee, escalationId },
            },
            (tx) =>
              escalationFor(
                tx,
                escalationId,
                i.initiator,
                `No answer from ${i.assignee} to: ${d.data.question}`,
                { consultId: i.id, question: d.data.question, ...whose(d.data.context) },
              ),
          );
          await raised(escalationId);
          return true;
        }
        case 'handoff': {
          const d = view<HandoffData>(i);
          const escalationId = ids.next('esca');
          await transition(
            d,
            { status: 'sla_breached', deadline: null, data: { ...d.data, escalationId } },
            {
              from: 'protocol',
              to: i.initiator,
              type: 'notification',
              action: 'handoff.sla_breached',
              payload: { to: i.assignee, slaMinutes: d.data.slaMinutes, escalationId },
            },
            (tx) =>
              escalationFor(
                tx,
                escalationId,
                i.initiator,
                `Handoff to ${i.assignee} not completed within ${d.data.slaMinutes} min`,
                { handoffId: i.id, requiredArtifacts: d.data.requiredArtifacts, ...whose(d.data.context) },
              ),
          );
          await raised(escalationId);
          return true;
        }
        case 'escalation': {
          const d = view<EscalationData>(i);
          const nextLevel = d.data.level + 1;
          const next = d.data.chain[nextLevel];
          if (next) {
            await transition(
              d,
              {
                status: 'open',
                assignee: next,
                deadline: now + d.data.slaMinutes * MINUTE,
                data: {
                  ...d.data,
                  level: nextLevel,
                  history: [...d.data.history, { at: now, event: 'sla-passed', assignee: next }],
                },
              },
              {
                from: 'protocol',
                to: next,
                type: 'escalation',
                action: 'escalation.raised',
                payload: { reason: d.data.reason, level: nextLevel },
              },
            );
          } else {
            await transition(
              d,
              {
                status: 'expired',
                deadline: null,
                data: {
                  ...d.data,
                  history: [...d.data.history, { at: now, event: 'chain-exhausted', assignee: i.assignee }],
                },
              },
              {
                from: 'protocol',
                to: i.initiator,
                type: 'notification',
                action: 'escalation.expired',
                payload: { reason: d.data.reason },
              },
            );
          }
          return true;
        }
        case 'consensus': {
          const d = view<ConsensusData>(i);
          const escalationId = ids.next('esca');
          const voted = Object.keys(d.data.votes).length;
          await transition(
            d,
            { status: 'expired', deadline: null, data: { ...d.data, escalationId } },
            {
              from: 'protocol',
              to: i.initiator,
              type: 'notification',
              action: 'consensus.expired',
              payload: { votes: voted, quorum: d.data.quorum, escalationId },
            },
            (tx) =>
              escalationFor(
                tx,
                escalationId,
                i.initiator,
                `No consensus (${voted}/${d.data.agents.length} voted, quorum ${d.data.quorum})`,
                { consensusId: i.id, proposal: d.data.proposal, ...whose(d.data.proposal) },
              ),
          );
          await raised(escalationId);
          return true;
        }
        default:
          return false;
      }
    } catch (err) {
      if ((err as PlatformError).code === 'CONFLICT') return false;
      throw err;
    }
  }

  const api = {
    /** Asks `to` a question; answered by `answer`, or times out at the deadline and escalates to a human. */
    consult(
      from: string,
      to: string,
      question: string,
      opts: { deadlineMs: number; context?: Record<string, unknown>; priority?: AgentMessage['priority'] },
    ) {
      if (!question.trim())
        throw new PlatformError('VALIDATION', 'question must not be empty', {
          details: { field: 'question' },
        });
      const data: ConsultData = { question, context: opts.context ?? {} };
      return create('consult', 'open', from, to, clock.now() + opts.deadlineMs, data, {
        type: 'request',
        action: 'consult',
        to,
        payload: { question, context: data.context },
        ...(opts.priority ? { priority: opts.priority } : {}),
      });
    },
    async answer(consultId: string, by: string, answer: unknown) {
      const i = await load<ConsultData>(consultId, 'consult');
      assertOpen(i);
      if (by !== i.assignee)
        throw new PlatformError('FORBIDDEN', `${by} was not consulted (${i.assignee} was)`);
      return transition(
        i,
        { status: 'answered', deadline: null, data: { ...i.data, answer, answeredBy: by } },
        {
          from: by,
          to: i.initiator,
          type: 'response',
          action: 'consult.answered',
          payload: { answer: answer as never },
        },
      );
    },

    /** Hands work to `to`, who must accept and complete it with the required artifacts within the SLA. */
    handoff(
      from: string,
      to: string,
      context: Record<string, unknown>,
      opts: { requiredArtifacts?: string[]; slaMinutes: number },
    ) {
      if (!(opts.slaMinutes > 0))
        throw new PlatformError('VALIDATION', 'slaMinutes must be positive', {
          details: { field: 'slaMinutes' },
        });
      const data: HandoffData = {
        context,
        requiredArtifacts: opts.requiredArtifacts ?? [],
        slaMinutes: opts.slaMinutes,
      };
      return create('handoff', 'pending', from, to, clock.now() + opts.slaMinutes * MINUTE, data, {
        type: 'handoff',
        action: 'handoff',
        to,
        payload: { context, requiredArtifacts: data.requiredArtifacts, slaMinutes: opts.slaMinutes },
      });
    },
    async acceptHandoff(handoffId: string, by: string) {
      const i = await load<HandoffData>(handoffId, 'handoff');
      assertOpen(i, ['pending']);
      if (by !== i.assignee)
        throw new PlatformError('FORBIDDEN', `${by} is not the receiver of handoff ${handoffId}`);
      return transition(
        i,
        { status: 'accepted', data: i.data },
        { from: by, to: i.initiator, type: 'response', action: 'handoff.accepted', payload: {} },
      );
    },
    async completeHandoff(handoffId: string, by: string, artifacts: Record<string, unknown>) {
      const i = await load<HandoffData>(handoffId, 'handoff');
      assertOpen(i, ['pending', 'accepted']);
      if (by !== i.assignee)
        throw new PlatformError('FORBIDDEN', `${by} is not the receiver of handoff ${handoffId}`);
      const missing = i.data.requiredArtifacts.filter((a) => !(a in artifacts));
      if (missing.length)
        throw new PlatformError('VALIDATION', `Missing required artifacts: ${missing.join(', ')}`, {
          details: { field: 'artifacts', missing },
        });
      return transition(
        i,
        { status: 'completed', deadline: null, data: { ...i.data, artifacts } },
        {
          from: by,
          to: i.initiator,
          type: 'response',
          action: 'handoff.completed',
          payload: { artifacts: Object.keys(artifacts) },
        },
      );
    },

    /** Raises a decision to a human; if unanswered within the SLA it moves up the chain, then expires. */
    async escalate(
      from: string,
      toHuman: string,
      reason: string,
      opts: { slaMinutes: number; chain?: string[]; context?: Record<string, unknown> },
    ) {
      if (!reason.trim())
        throw new PlatformError('VALIDATION', 'reason must not be empty', { details: { field: 'reason' } });
      const chain = [toHuman, ...(opts.chain ?? []).filter((c) => c !== toHuman)];
      const now = clock.now();
      const data: EscalationData = {
        reason,
        chain,
        level: 0,
        slaMinutes: opts.slaMinutes,
        context: opts.context ?? {},
        history: [{ at: now, event: 'raised', assignee: toHuman }],
      };
      const escalation = await create(
        'escalation',
        'open',
        from,
        toHuman,
        now + opts.slaMinutes * MINUTE,
        data,
        {
          type: 'escalation',
          action: 'escalation.raised',
          to: toHuman,
          payload: { reason, chain },
          priority: 'urgent',
        },
      );
      await raised(escalation.id);
      return escalation;
    },
    async resolveEscalation(
      escalationId: string,
      by: string,
      decision: 'approve' | 'reject' | 'modify',
      comment = '',
    ) {
      const i = await load<EscalationData>(escalationId, 'escalation');
      assertOpen(i);
      return transition(
        i,
        {
          status: 'resolved',
          deadline: null,
          data: {
            ...i.data,
            decision,
            comment,
            answeredBy: by,
            history: [...i.data.history, { at: clock.now(), event: `resolved:${decision}`, assignee: by }],
          },
        },
        {
          from: by,
          to: i.initiator,
          type: 'response',
          action: 'escalation.resolved',
          payload: { decision, comment },
        },
      );
    },

    /** Asks `agents` to vote; approved once `quorum` approve, rejected once it can no longer be reached. */
    consensus(
      from: string,
      agents: string[],
      proposal: Record<string, unknown>,
      opts: { quorum: number; deadlineMs: number },
    ) {
      const unique = [...new Set(agents)];
      if (unique.length === 0)
        throw new PlatformError('VALIDATION', 'agents must not be empty', { details: { field: 'agents' } });
      const quorum = opts.quorum <= 1 ? Math.ceil(opts.quorum * unique.length) : Math.floor(opts.quorum);
      if (quorum < 1 || quorum > unique.length)
        throw new PlatformError('VALIDATION', `quorum must be between 1 and ${unique.length}`, {
          details: { field: 'quorum' },
        });
      const data: ConsensusData = { proposal, agents: unique, quorum, votes: {} };
      return create('consensus', 'open', from, 'broadcast', clock.now() + opts.deadlineMs, data, {
        type: 'consensus',
        action: 'consensus.requested',
        to: 'broadcast',
        payload: { proposal, agents: unique, quorum },
      });
    },
    async vote(consensusId: string, agent: string, approve: boolean, reason = '') {
      const i = await load<ConsensusData>(consensusId, 'consensus');
      assertOpen(i);
      if (!i.data.agents.includes(agent))
        throw new PlatformError('FORBIDDEN', `${agent} is not a voter of ${consensusId}`);
      const votes = { ...i.data.votes, [agent]: { approve, reason, at: clock.now() } };
      const yes = Object.values(votes).filter((v) => v.approve).length;
      const no = Object.values(votes).filter((v) => !v.approve).length;
      const status =
        yes >= i.data.quorum ? 'approved' : i.data.agents.length - no < i.data.quorum ? 'rejected' : 'open';
      return transition(
        i,
        { status, deadline: status === 'open' ? i.deadline : null, data: { ...i.data, votes } },
        {
          from: agent,
          to: i.initiator,
          type: 'consensus',
          action: `consensus.vote`,
          payload: { approve, reason, outcome: status },
        },
      );
    },

    get: (id: string) => load(id),
    conversation: (conversationId: string) => store.protocol.conversation(conversationId),
    /** What `assignee` (an agent id or `human:…`) still has to act on. */
    pending: (assignee: string) => store.protocol.list({ assignee, status: [...OPEN_STATUSES] }),
    list: (filter: { assignee?: string; status?: string[]; kind?: string; limit?: number }) =>
      store.protocol.list(filter),

    /** Resolves when the interaction reaches a final status (made here, or seen on a later sweep/poll). */
    async waitFor(
      id: string,
      opts: { pollMs?: number; timeoutMs?: number } = {},
    ): Promise<StoredInteraction> {
      const started = clock.now();
      for (;;) {
        const i = await load(id);
        if (!OPEN.has(i.status)) return i;
        if (opts.timeoutMs !== undefined && clock.now() - started >= opts.timeoutMs)
          throw new PlatformError('TIMEOUT', `Interaction ${id} still ${i.status}`);
        await new Promise<void>((resolve) => {
          const set = listeners.get(id) ?? new Set();
          const timer = clock.setTimeout(done, opts.pollMs ?? 1000);
          function done() {
            timer.cancel();
            set.delete(done);
            resolve();
          }
          set.add(done);
          listeners.set(id, set);
        });
      }
    },

    /** Applies every passed deadline; returns how many interactions it moved. Safe to run on many workers. */
    async sweep(limit = 100): Promise<number> {
      let moved = 0;
      for (;;) {
        const due = await store.protocol.due(clock.now(), [...OPEN_STATUSES], limit);
        if (!due.length) return moved;
        let progressed = 0;
        for (const i of due) if (await expire(i)) progressed++;
        moved += progressed;
        if (progressed === 0) return moved;
      }
    },

    /** Sweeps now (resuming whatever was due while down) and then every `intervalMs`. */
    async start(intervalMs = 1000): Promise<void> {
      if (running) return;
      running = true;
      const tick = async () => {
        try {
          await api.sweep();
        } catch (err) {
          log.error({ err }, 'protocol sweep failed');
        }
        if (running) sweepTimer = clock.setTimeout(() => void tick(), intervalMs);
      };
      await tick();
    },
    async stop(): Promise<void> {
      running = false;
      sweepTimer?.cancel();
    },
  };
  return api;
}

export type AgentProtocol = ReturnType<typeof createAgentProtocol>;
