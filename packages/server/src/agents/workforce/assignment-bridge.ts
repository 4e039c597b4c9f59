// Connects the domain coordinators to the workforce: a task a coordinator assigned (for example a
// cross-domain reaction to `lead.qualified`) becomes a task request for the tenant's working instance
// of that agent, and the task's outcome is reported back to the coordinator, which frees the slot and
// records the agent's reputation. Work for a tenant without such an instance is withdrawn.
import type { Bus, BusMessage, Priority, Subscription } from '../../bus/bus.js';
import { isPlatformError, type JsonValue } from '../../errors.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Coordinators } from '../coordinators/coordinators.js';
import type { Assignment } from '../coordinators/coordinator-state.js';
import type { InstanceRoster } from './instance-roster.js';
import { publishTaskRequest, type ParsedTaskRequest, type TaskCompletion } from './task-queue.js';

export const ASSIGNMENTS_GROUP = 'workforce.assignments';

function isRecord(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reaction's task input is `{event, payload}`: the skill works on the event's payload. */
export function assignmentData(input: JsonValue): JsonValue {
  if (isRecord(input) && typeof input.event === 'string' && 'payload' in input) return input.payload ?? null;
  return input;
}

export interface AssignmentBridgeOptions {
  bus: Bus;
  coordinators: Coordinators;
  roster: InstanceRoster;
  logger: Logger;
}

export class AssignmentBridge {
  constructor(private readonly o: AssignmentBridgeOptions) {}

  /** Subscribes to each coordinator's `<domain>.task.assigned` in one shared group. */
  async start(domains: readonly string[]): Promise<Subscription[]> {
    const subs: Subscription[] = [];
    for (const domain of domains) {
      subs.push(
        await this.o.bus.subscribe({
          pattern: `${domain}.task.assigned`,
          group: `${ASSIGNMENTS_GROUP}.${domain}`,
          handler: async ({ message }) => this.onAssigned(domain, message),
        }),
      );
    }
    return subs;
  }

  /** Turns one assignment into a task request (or withdraws it when nobody in the tenant can do it). */
  async onAssigned(domain: string, message: BusMessage): Promise<void> {
    const a = message.payload as unknown as Assignment;
    if (!isRecord(message.payload) || typeof a.taskId !== 'string' || typeof a.agentId !== 'string') {
      this.o.logger.warn({ messageId: message.id }, 'ignoring a malformed task assignment');
      return;
    }
    const instance = a.tenantId ? await this.find(a.tenantId, a.agentId) : undefined;
    if (!instance) {
      await this.withdraw(
        domain,
        a.taskId,
        a.tenantId ? `tenant ${a.tenantId} has no working ${a.agentId}` : 'no tenant',
      );
      return;
    }
    await publishTaskRequest(this.o.bus, {
      tenantId: instance.tenantId,
      instanceId: instance.id,
      skillId: a.skill,
      input: assignmentData(a.input),
      taskId: a.taskId,
      priority: a.priority as Priority,
      source: `coordinator:${domain}`,
      coordinator: domain,
    });
  }

  /** Reports a finished coordinator task back: success or failure counts for reputation; a skip withdraws it. */
  async onCompleted(req: ParsedTaskRequest, completion: TaskCompletion): Promise<void> {
    if (req.coordinator === undefined) return;
    try {
      const coordinator = this.o.coordinators.get(req.coordinator);
      if (completion.status === 'skipped') await coordinator.cancel(req.taskId);
      else await coordinator.complete(req.taskId, { success: completion.status === 'succeeded' });
    } catch (err) {
      // Already completed (a repeated completion) or forgotten by the coordinator: nothing to do.
      if (isPlatformError(err, 'CONFLICT') || isPlatformError(err, 'NOT_FOUND')) return;
      throw err;
    }
  }

  private async find(tenantId: string, agentId: string) {
    const pick = () => this.o.roster.find(tenantId, agentId);
    if (pick()) return pick();
    // A trial started a moment ago may not be in the roster yet.
    await this.o.roster.sync();
    return pick();
  }

  private async withdraw(domain: string, taskId: string, why: string): Promise<void> {
    this.o.logger.info({ domain, taskId, why }, 'coordinator task withdrawn');
    try {
      await this.o.coordinators.get(domain).cancel(taskId);
    } catch (err) {
      if (isPlatformError(err, 'CONFLICT') || isPlatformError(err, 'NOT_FOUND')) return;
      throw err;
    }
  }
}
