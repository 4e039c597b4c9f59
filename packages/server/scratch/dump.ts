import { z } from 'zod';
import { skillRegistry } from '../src/skills/registry.ts';
for (const s of skillRegistry.values()) {
  const js = z.toJSONSchema(s.inputSchema, { io: 'input', unrepresentable: 'any' }) as any;
  const summarize = (p: any): string => {
    if (!p) return '?';
    if (p.type === 'object') return '{' + Object.entries(p.properties ?? {}).map(([k, v]) => `${k}${(p.required??[]).includes(k)?'':'?'}:${summarize(v)}`).join(', ') + '}';
    if (p.type === 'array') return p.prefixItems ? `[${p.prefixItems.map(summarize).join(',')}]` : `${summarize(p.items)}[]`;
    if (p.enum) return p.enum.join('|');
    if (p.anyOf) return p.anyOf.map(summarize).join('|');
    return (p.type ?? JSON.stringify(p)) + (p.format ? `(${p.format})` : '') + (p.pattern ? '/re/' : '');
  };
  console.log(s.id, s.agentIds.length, summarize(js));
}
