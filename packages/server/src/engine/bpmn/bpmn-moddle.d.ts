// Minimal typings for bpmn-moddle 9, which ships none: only what the importer and exporter use.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    $attrs: Record<string, string>;
    $parent?: ModdleElement;
    $children?: ModdleElement[];
    id?: string;
    name?: string;
    [key: string]: unknown;
  }

  export interface FromXmlResult {
    rootElement: ModdleElement;
    warnings: Array<{ message: string }>;
    references: unknown[];
    elementsById: Record<string, ModdleElement>;
  }

  export default class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
    toXML(
      element: ModdleElement,
      options?: { format?: boolean; preamble?: boolean },
    ): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
    createAny(name: string, nsUri: string, properties?: Record<string, unknown>): ModdleElement;
  }
}
