// Runs one unit of work for one working instance, exactly once per work key: claim it in the ledger,
// charge the trial budget, build the skill input from the spec, the setup and the event or request,
// run the skill as the instance's service task (its budgets and model metering apply), decide by rule
// whether it is published or held for approval, and hand it to the customer's dashboard.
import type { Clock } from '../../clock.js';
import { PlatformError, toPlatformError, type ErrorCode, type JsonValue } from '../../errors.js';
import type { Logger } from '../../components/observability/logger.js';
import type { AgentRuntime } from '../../runtime/agent-runtime.js';
import type { AnySkill, SkillCheck } from '../../skills/skill.js';
import type { AgentPlan } from './agent-plan.js';
import type { InstanceRoster } from './instance-roster.js';
import { publishRequest } from './publish-rules.js';
import { deriveSkillInput } from '../../skills/work-input.js';
import type { WorkLedger, WorkRecord, WorkResult } from './work-ledger.js';
import type {
  WorkforceDeliverableSink,
  WorkforceInstance,
  WorkforceInstanceSource,
} from './workforce-ports.js';

export interface WorkUnit {
  /** Idempotency key: the same key never produces a second deliverable. */
  workKey: string;
  /** When given, the instance must belong to this tenant (it is treated as absent otherwise). */
  tenantId?: string | undefined;
  instanceId: string;
  skillId: string;
  /** Other skills to run instead, in order, when `skillId`'s input cannot be completed from the data. */
  fallbacks?: readonly string[] | undefined;
  /** Event payload or request input (most specific). */
  data?: unknown;
  /** `task`, `event:<type>`, `cron:<trigger>`… */
  source: string;
  /** The delivery carrying it (bus message id): its redelivery may take over its own stale claim. */
  owner?: string | undefined;
}

export type WorkOutcome =
  | { status: 'done'; duplicate: boolean; record: WorkRecord; result: WorkResult }
  | { status: 'skipped'; duplicate: boolean; reason: string; record?: WorkRecord }
  | { status: 'failed'; duplicate: boolean; error: PlatformError; record?: WorkRecord }
  /** Another worker is running it now. */
  | { status: 'running-elsewhere'; record: WorkRecord };

export interface WorkRunnerOptions {
  runtime: AgentRuntime;
  source: WorkforceInstanceSource;
  sink: WorkforceDeliverableSink;
  roster: InstanceRoster;
  ledger: WorkLedger;
  plans: ReadonlyMap<string, AgentPlan>;
  skill(skillId: string): AnySkill;
  /** Skills by id, to test candidate inputs. */
  skills: ReadonlyMap<string, AnySkill>;
  clock: Clock;
  logger: Logger;
}

interface SkillTaskOutput {
  summary: string;
  result: JsonValue;
  checks: SkillCheck[];
  /** The skill's Markdown, returned rather than kept (the marketplace deliverable stores it). */
  markdown?: string;
}

function asRecord(value: unknown): Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)
    : {};
}

/** A claim held by work running in this process. */
interface HeldClaim {
  attempts: number;
  /** Given back while the work ran (see `abandonRunning`): its result must not be recorded. */
  abandoned: boolean;
}

export class WorkRunner {
  private readonly running = new Map<string, HeldClaim>();

  constructor(private readonly o: WorkRunnerOptions) {}

  /**
   * Gives back the claims of every unit still running here (the process stops and its drain
   * deadline passed): another worker may take them at once, and these runs record nothing more.
   * Returns how many claims were released.
   */
  async abandonRunning(): Promise<number> {
    const held = [...this.running.entries()];
    let released = 0;
    for (const [id, claim] of held) {
      claim.abandoned = true;
      const error = new PlatformError(
        'UNAVAILABLE',
        'Handed back: the worker stopped before the work finished',
      );
      if (await this.o.ledger.releaseIfHeld(id, claim.attempts, error.toJSON()).catch(() => false))
        released++;
    }
    return released;
  }

  /**
   * Runs `unit` unless its key already ran. Throws only retryable failures (after giving the claim
   * back), so a bus consumer's redelivery tries again; permanent failures are returned and recorded.
   */
  async perform(requested: WorkUnit): Promise<WorkOutcome> {
    let unit = requested;
    const found = await this.o.source.get(unit.instanceId);
    // Another tenant's instance looks exactly like a missing one.
    const instance =
      found && (unit.tenantId === undefined || found.tenantId === unit.tenantId) ? found : undefined;
    if (!instance)
      return { status: 'skipped', duplicate: false, reason: `instance ${unit.instanceId} is not working` };
    const plan = this.o.plans.get(instance.agentId);
    if (plan && unit.fallbacks?.length) unit = this.choose(plan, instance, unit);
    if (!plan?.skills.includes(unit.skillId)) {
      return {
        status: 'failed',
        duplicate: false,
        error: new PlatformError(
          'VALIDATION',
          `skillId: "${unit.skillId}" is not a skill of ${instance.agentId}`,
          {
            details: { field: 'skillId', skillId: unit.skillId, agentId: instance.agentId },
          },
        ),
      };
    }
    const claim = await this.o.ledger.claim(
      {
        workKey: unit.workKey,
        instanceId: instance.id,
        tenantId: instance.tenantId,
        agentId: instance.agentId,
        skillId: unit.skillId,
        source: unit.source,
      },
      unit.owner ?? null,
    );
    if (!claim.claimed) return this.previous(claim.record.data);
    const id = claim.record.id;
    const held: HeldClaim = { attempts: claim.record.data.attempts, abandoned: false };
    this.running.set(id, held);
    try {
      if (!(await this.o.roster.ensure(instance))) {
        throw new PlatformError('UNAVAILABLE', `instance ${instance.id} works on another worker process`, {
          details: { instanceId: instance.id },
        });
      }
      try {
        await this.o.source.chargeRun?.(instance, 0);
      } catch (err) {
        const e = toPlatformError(err);
        if (e.code !== 'BUDGET_EXHAUSTED' && e.code !== 'PRECONDITION_FAILED') throw e;
        const record = await this.o.ledger.skip(id, e.message, e.toJSON());
        return { status: 'skipped', duplicate: false, reason: e.message, record: record.data };
      }
      const result = await this.run(instance, plan, unit, held);
      assertHeld(held);
      const record = await this.o.ledger.finish(id, result);
      return { status: 'done', duplicate: false, record: record.data, result };
    } catch (err) {
      const e = toPlatformError(err);
      // Given back meanwhile: the claim is no longer ours to settle.
      if (held.abandoned) throw e;
      if (e.retryable) {
        await this.o.ledger.release(id, e.toJSON());
        throw e;
      }
      const record = await this.o.ledger.fail(id, e.toJSON());
      this.o.logger.warn({ err: e, workKey: unit.workKey, skillId: unit.skillId }, 'workforce work failed');
      return { status: 'failed', duplicate: false, error: e, record: record.data };
    } finally {
      this.running.delete(id);
    }
  }

  /** The first candidate skill whose input is complete (else the first, which then fails naming the field). */
  private choose(plan: AgentPlan, instance: WorkforceInstance, unit: WorkUnit): WorkUnit {
    for (const skillId of [unit.skillId, ...(unit.fallbacks ?? [])]) {
      const skill = plan.skills.includes(skillId) ? this.o.skills.get(skillId) : undefined;
      if (
        skill &&
        skill.inputSchema.safeParse(this.inputFor(plan, instance, skill, { ...unit, skillId })).success
      )
        return { ...unit, skillId, fallbacks: [] };
    }
    return unit;
  }

  private inputFor(plan: AgentPlan, instance: WorkforceInstance, skill: AnySkill, unit: WorkUnit): unknown {
    return deriveSkillInput({
      now: this.o.clock.now(),
      schema: skill.inputSchema,
      base: plan.examples.get(unit.skillId),
      business: instance.business,
      data: unit.data,
    });
  }

  private previous(record: WorkRecord): WorkOutcome {
    if (record.status === 'done' && record.result)
      return { status: 'done', duplicate: true, record, result: record.result };
    if (record.status === 'skipped')
      return { status: 'skipped', duplicate: true, reason: record.reason ?? 'skipped', record };
    if (record.status === 'failed' && record.error) {
      return { status: 'failed', duplicate: true, error: PlatformError.fromJSON(record.error), record };
    }
    return { status: 'running-elsewhere', record };
  }

  private async run(
    instance: WorkforceInstance,
    plan: AgentPlan,
    unit: WorkUnit,
    held: HeldClaim,
  ): Promise<WorkResult> {
    const skill = this.o.skill(unit.skillId);
    const input = this.inputFor(plan, instance, skill, unit);
    const r = await this.o.runtime.executeAsServiceTask(instance.id, {
      taskType: unit.skillId,
      variables: asRecord(input),
      taskId: unit.workKey,
    });
    if (!r.success) {
      const err = asRecord(r.output.error);
      const code = (typeof err.code === 'string' ? err.code : 'INTERNAL') as ErrorCode;
      throw new PlatformError(
        code,
        typeof err.message === 'string' ? err.message : `${unit.skillId} failed`,
        {
          details: { skillId: unit.skillId, instanceId: instance.id },
        },
      );
    }
    const out = r.output as unknown as SkillTaskOutput;
    if (typeof out.markdown !== 'string')
      throw new PlatformError('INTERNAL', `${unit.skillId} returned no content`, {
        details: { skillId: unit.skillId },
      });
    const method = r.metadata.method === 'model' ? 'model' : 'offline';
    const checks = out.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail }));
    const title = `${skill.title} for ${instance.business.companyName}`.slice(0, 300);
    const decision = await this.o.runtime.decide(
      instance.id,
      publishRequest(
        {
          skillId: unit.skillId,
          approvalMode: instance.approvalMode,
          failedChecks: checks.filter((c) => !c.passed).map((c) => c.name),
        },
        title,
      ),
    );
    assertHeld(held);
    const receipt = await this.o.sink.record({
      instance,
      skillId: unit.skillId,
      title,
      approvalMode: decision.approved ? 'auto_publish' : 'review_all',
      result: {
        output: out.result,
        summary: out.summary,
        markdown: out.markdown,
        checks,
        method,
        confidence: r.metadata.confidence,
      },
      workKey: unit.workKey,
    });
    return {
      deliverableId: receipt.deliverableId,
      status: receipt.status,
      approvalId: receipt.approvalId,
      method,
      checksPassed: checks.every((c) => c.passed),
      summary: out.summary,
      decisionId: decision.id,
    };
  }
}

/** Throws (retryable) when the claim was given back while the work ran: nothing more may be recorded. */
function assertHeld(held: HeldClaim): void {
  if (held.abandoned)
    throw new PlatformError('UNAVAILABLE', 'Handed back: the worker stopped before the work finished');
}
