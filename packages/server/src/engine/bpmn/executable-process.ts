// Which process of a BPMN file is deployed: the one named, else the only executable one — a file with
// several executable processes must name one. A file deployed by choosing one process of a collaboration
// is exported as saved — pools, message flows and diagram intact — with only the deployed process marked
// executable, so that importing the export picks that process without being told its id again (issue 17).
import type { ModdleElement } from 'bpmn-moddle';
import { PlatformError } from '../../errors.js';

/**
 * The process to import: the one named by `processId`, else the only executable process, else the only
 * process. VALIDATION naming the process ids when that does not pick exactly one — a file with several
 * executable processes (a collaboration saved by Camunda Modeler) needs `processId`, never a silent pick.
 */
export function chooseProcess(
  processes: readonly ModdleElement[],
  processId: string | undefined,
): ModdleElement {
  const ids = processes.map((p) => p.id ?? '');
  const refuse = (message: string): never => {
    throw new PlatformError('VALIDATION', message, { details: { field: 'processId', processIds: ids } });
  };
  if (processes.length === 0) return refuse('BPMN file contains no process');
  if (processId !== undefined)
    return (
      processes.find((p) => p.id === processId) ??
      refuse(`BPMN file has no process '${processId}'; its processes: ${ids.join(', ')}`)
    );
  const executable = processes.filter((p) => p.isExecutable === true);
  if (executable.length === 1) return executable[0]!;
  if (executable.length > 1)
    return refuse(
      `BPMN file contains ${executable.length} executable processes (${executable.map((p) => p.id).join(', ')}); pass processId to choose one`,
    );
  if (processes.length === 1) return processes[0]!;
  return refuse(
    `BPMN file contains ${processes.length} processes and none is marked executable; pass processId (${ids.join(', ')})`,
  );
}

const PROCESS_TAG = /<((?:[A-Za-z_][\w.-]*:)?process)(\s[^>]*?)?(\/?)>/g;
const ID_ATTR = /\sid\s*=\s*(["'])(.*?)\1/;
const EXECUTABLE_ATTR = /(\sisExecutable\s*=\s*)(["'])(.*?)\2/;

/**
 * `xml` with `isExecutable="true"` on process `processId` and `"false"` on every other process; the
 * rest of the text is untouched (a file whose marks already say so comes back byte for byte).
 */
export function markExecutableProcess(xml: string, processId: string): string {
  return xml.replace(PROCESS_TAG, (tag: string, name: string, attrs: string | undefined, close: string) => {
    const id = ID_ATTR.exec(attrs ?? '')?.[2];
    if (id === undefined) return tag;
    const wanted = id === processId ? 'true' : 'false';
    const current = EXECUTABLE_ATTR.exec(attrs ?? '');
    if (current) {
      if (current[3] === wanted) return tag;
      return `<${name}${attrs!.replace(EXECUTABLE_ATTR, `$1$2${wanted}$2`)}${close}>`;
    }
    // BPMN's default is not executable: only the deployed process needs the attribute added.
    return wanted === 'false' ? tag : `<${name}${attrs ?? ''} isExecutable="true"${close}>`;
  });
}
