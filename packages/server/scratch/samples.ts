import { loadAgentSpecs } from '../src/assets/agent-spec-files.ts';
for (const s of loadAgentSpecs()) {
  console.log('====', s.id, s.demoSkill, Object.keys(s.listing.sampleInput));
  console.log(JSON.stringify(s.listing.sampleInput[s.demoSkill]).slice(0, 1500));
}
