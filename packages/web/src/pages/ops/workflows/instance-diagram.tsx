// The instance's BPMN diagram drawn with bpmn-js (NavigatedViewer: pan and zoom, keyboard included),
// loaded only on the instance page. Markers show where the instance is: `ops-active` on elements that
// hold a token (with a token count overlay), `ops-done` on the path taken (elements reached and left,
// the flows and pass-through elements between them), `ops-incident` where an incident waits.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';

export interface DiagramMarks {
  /** Elements holding a token now (one entry per token). */
  active: string[];
  /** Elements the history names (waits, tasks, events, ends). */
  visited: string[];
  incidents: string[];
}

interface Shape {
  id: string;
  type: string;
  source?: Shape;
  target?: Shape;
  outgoing?: Shape[];
}
interface Canvas {
  zoom(level: 'fit-viewport'): void;
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
}
interface Registry {
  get(id: string): Shape | undefined;
  filter(test: (s: Shape) => boolean): Shape[];
}
interface Overlays {
  add(
    id: string,
    type: string,
    overlay: { position: { top?: number; right?: number }; html: HTMLElement },
  ): string;
  remove(filter: { type: string }): void;
}

const MARKERS = ['ops-active', 'ops-done', 'ops-incident'];

/**
 * The path taken: recorded elements the instance left, and the flows and unrecorded elements (gateways,
 * events passed without a wait) leading from one of those to another recorded element.
 */
function takenPath(registry: Registry, marks: DiagramMarks): Set<string> {
  const recorded = new Set(marks.visited);
  const active = new Set(marks.active);
  const path = new Set<string>();
  // leads(x): x is recorded, or an unrecorded element from which flows lead on to a recorded one.
  const memo = new Map<string, boolean>();
  const leads = (shape: Shape): boolean => {
    if (recorded.has(shape.id)) return true;
    const known = memo.get(shape.id);
    if (known !== undefined) return known;
    memo.set(shape.id, false);
    const hit = walk(shape);
    if (hit) path.add(shape.id);
    memo.set(shape.id, hit);
    return hit;
  };
  const walk = (from: Shape): boolean => {
    let reached = false;
    for (const flow of from.outgoing ?? [])
      if (flow.target && leads(flow.target)) {
        path.add(flow.id);
        reached = true;
      }
    return reached;
  };
  for (const id of recorded) {
    const shape = registry.get(id);
    // An element still holding a token has not been left: nothing after it is on the path yet.
    if (!shape || active.has(id)) continue;
    path.add(id);
    walk(shape);
  }
  return path;
}

function mark(viewer: NavigatedViewer, marks: DiagramMarks): void {
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<Registry>('elementRegistry');
  const overlays = viewer.get<Overlays>('overlays');
  for (const shape of registry.filter(() => true)) for (const m of MARKERS) canvas.removeMarker(shape.id, m);
  overlays.remove({ type: 'ops-token' });
  for (const id of takenPath(registry, marks)) canvas.addMarker(id, 'ops-done');
  const tokens = new Map<string, number>();
  for (const id of marks.active) tokens.set(id, (tokens.get(id) ?? 0) + 1);
  for (const [id, count] of tokens) {
    if (!registry.get(id)) continue;
    canvas.addMarker(id, 'ops-active');
    const badge = document.createElement('span');
    badge.className = 'ops-token';
    badge.textContent = String(count);
    badge.title = `${count} active token${count > 1 ? 's' : ''}`;
    overlays.add(id, 'ops-token', { position: { top: -10, right: 10 }, html: badge });
  }
  for (const id of marks.incidents) if (registry.get(id)) canvas.addMarker(id, 'ops-incident');
}

export default function InstanceDiagram({
  xml,
  marks,
  label,
}: {
  xml: string;
  marks: DiagramMarks;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | undefined>(undefined);
  const [imported, setImported] = useState(0);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!container.current) return;
    const v = new NavigatedViewer({ container: container.current });
    viewer.current = v;
    let live = true;
    v.importXML(xml)
      .then(() => {
        if (!live) return;
        v.get<Canvas>('canvas').zoom('fit-viewport');
        setError(undefined);
        setImported((n) => n + 1);
      })
      .catch((err: unknown) => live && setError((err as Error).message));
    return () => {
      live = false;
      viewer.current = undefined;
      v.destroy();
    };
  }, [xml]);

  const key = JSON.stringify(marks);
  useEffect(() => {
    if (imported > 0 && viewer.current) mark(viewer.current, JSON.parse(key) as DiagramMarks);
  }, [imported, key]);

  return (
    <figure className="ops-diagram-figure">
      <div ref={container} className="ops-diagram" data-ready={imported > 0 ? 'true' : 'false'} />
      <figcaption className="muted small">
        {error ? `The diagram could not be drawn: ${error}` : label}
      </figcaption>
    </figure>
  );
}
