// Token-game check of one process scope: explores the reachable markings (tokens per sequence flow),
// treating every exclusive choice and event race as free, and reports parallel joins that can be left
// waiting forever (a join mismatch such as an exclusive split closed by a parallel join).
import type { FlowElement, SequenceFlow } from './types.js';

export interface ScopeGraph {
  elements: FlowElement[];
  flows: SequenceFlow[];
}

export interface SoundnessProblem {
  elementId: string;
  message: string;
}

/** Explored states are capped so deploy stays fast; past the cap the check is inconclusive and silent. */
const MAX_STATES = 20_000;
/** More tokens than this on one flow means an unbounded loop; such branches are not explored further. */
const MAX_TOKENS = 3;

interface Transition {
  elementId: string;
  /** Flow sets consumed: one token from each flow in the chosen set. */
  consumeAll?: string[];
  consumeAny?: string[];
  /** Alternative productions: one of these lists of flows is produced. */
  produce: string[][];
  terminate?: boolean;
}

function transitions(graph: ScopeGraph): Transition[] {
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  for (const f of graph.flows) {
    out.set(f.source, [...(out.get(f.source) ?? []), f.id]);
    inc.set(f.target, [...(inc.get(f.target) ?? []), f.id]);
  }
  // A user task's `onTimeout` target is an implicit flow: model it as an extra place feeding the target.
  for (const el of graph.elements) {
    if (el.type === 'userTask' && el.sla?.onTimeout) {
      inc.set(el.sla.onTimeout, [...(inc.get(el.sla.onTimeout) ?? []), `->${el.sla.onTimeout}`]);
    }
  }
  // A link throw feeds the link catch of the same name: an implicit flow.
  for (const el of graph.elements) {
    if (el.type === 'intermediateThrowEvent' && el.link !== undefined) out.set(el.id, [`link:${el.link}`]);
    if (el.type === 'intermediateCatchEvent' && el.link !== undefined)
      inc.set(el.id, [...(inc.get(el.id) ?? []), `link:${el.link}`]);
  }
  const boundaries = new Map<string, FlowElement[]>();
  for (const el of graph.elements) {
    if (el.type === 'boundaryEvent')
      boundaries.set(el.attachedTo, [...(boundaries.get(el.attachedTo) ?? []), el]);
  }
  const list: Transition[] = [];
  for (const el of graph.elements) {
    const ins = inc.get(el.id) ?? [];
    const outs = out.get(el.id) ?? [];
    if (el.type === 'startEvent' || el.type === 'boundaryEvent' || ins.length === 0) continue;
    if (el.type === 'parallelGateway') {
      list.push({ elementId: el.id, consumeAll: ins, produce: [outs] });
    } else if (
      el.type === 'exclusiveGateway' ||
      el.type === 'eventBasedGateway' ||
      // An inclusive split's branches meet again at an inclusive join, which passes one token on
      // whatever subset ran: for the token game it is a choice of one branch.
      el.type === 'inclusiveGateway'
    ) {
      list.push({ elementId: el.id, consumeAny: ins, produce: outs.length ? outs.map((f) => [f]) : [[]] });
    } else if (el.type === 'endEvent') {
      list.push({ elementId: el.id, consumeAny: ins, produce: [[]], terminate: el.kind === 'terminate' });
    } else {
      const alternatives: string[][] = [outs];
      for (const b of boundaries.get(el.id) ?? []) {
        const bOut = out.get(b.id) ?? [];
        if (b.type === 'boundaryEvent' && b.interrupting === false) alternatives.push([...outs, ...bOut]);
        else alternatives.push(bOut);
      }
      if (el.type === 'userTask' && el.sla?.onTimeout) alternatives.push([`->${el.sla.onTimeout}`]);
      list.push({ elementId: el.id, consumeAny: ins, produce: alternatives });
    }
  }
  return list;
}

type Marking = Map<string, number>;

function key(m: Marking): string {
  return [...m.entries()]
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([f, n]) => `${f}:${n}`)
    .join(',');
}

/** Reports parallel gateways of this scope that a reachable run can leave waiting forever. */
export function checkJoins(graph: ScopeGraph): SoundnessProblem[] {
  const joins = graph.elements.filter(
    (e) => e.type === 'parallelGateway' && graph.flows.filter((f) => f.target === e.id).length > 1,
  );
  // A complex join passes one token per cycle and swallows the rest: the token game has no state for
  // its reset phase, so a scope holding one is not checked (silent, as past the state cap).
  if (joins.length === 0 || graph.elements.some((e) => e.type === 'complexGateway')) return [];
  const ts = transitions(graph);
  const starts = graph.elements.filter((e) => e.type === 'startEvent');
  const problems = new Map<string, SoundnessProblem>();
  let explored = 0;
  for (const start of starts) {
    const initial: Marking = new Map();
    for (const f of graph.flows) if (f.source === start.id) initial.set(f.id, (initial.get(f.id) ?? 0) + 1);
    const seen = new Set<string>([key(initial)]);
    const queue: Marking[] = [initial];
    while (queue.length) {
      if (++explored > MAX_STATES) return [...problems.values()];
      const m = queue.shift()!;
      // Every sequence flow has exactly one consumer (its target), so transitions never disable each
      // other and the order in which they fire does not matter: fire the first enabled one and branch
      // only on its alternative outcomes (exclusive choices, boundary events). This keeps the search
      // proportional to the choices, not to the interleavings of parallel branches.
      let enabled = false;
      for (const t of ts) {
        const consumed = t.consumeAll
          ? t.consumeAll.every((f) => (m.get(f) ?? 0) > 0)
            ? t.consumeAll
            : undefined
          : (t.consumeAny ?? []).filter((f) => (m.get(f) ?? 0) > 0).slice(0, 1);
        if (!consumed || consumed.length === 0) continue;
        enabled = true;
        for (const produced of t.produce) {
          const next: Marking = t.terminate ? new Map() : new Map(m);
          if (!t.terminate) for (const f of consumed) next.set(f, (next.get(f) ?? 0) - 1);
          let bounded = true;
          for (const f of produced) {
            const n = (next.get(f) ?? 0) + 1;
            if (n > MAX_TOKENS) bounded = false;
            next.set(f, n);
          }
          if (!bounded) continue;
          const k = key(next);
          if (!seen.has(k)) {
            seen.add(k);
            queue.push(next);
          }
        }
        break;
      }
      if (!enabled) {
        const stuck = [...m.entries()].filter(([, n]) => n > 0).map(([f]) => f);
        for (const j of joins) {
          const ins = graph.flows.filter((f) => f.target === j.id).map((f) => f.id);
          const waiting = ins.filter((f) => stuck.includes(f));
          if (waiting.length === 0 || problems.has(j.id)) continue;
          const missing = ins.filter((f) => !waiting.includes(f));
          problems.set(j.id, {
            elementId: j.id,
            message: `parallel join can wait forever: a token arrives on ${waiting.join(', ')} but none can arrive on ${missing.join(', ')} (join mismatch — is an exclusive or event-based split closed by this parallel join?)`,
          });
        }
      }
    }
  }
  return [...problems.values()];
}
