// A BPMN file deployed by choosing one process of a collaboration is exported as saved — pools, message
// flows and diagram intact — with only the deployed process marked executable, so that importing the
// export picks that process without being told its id again (issue 17).

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
