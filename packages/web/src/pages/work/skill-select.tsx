// Choosing one of the agent's skills (for a task, a schedule or what an inbound event runs).
import type { InstanceSkill } from '@waooaw/server/contracts';

export function SkillSelect({
  id,
  label,
  skills,
  value,
  onChange,
}: {
  id: string;
  label: string;
  skills: readonly InstanceSkill[];
  value: string;
  onChange: (skillId: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {skills.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </div>
  );
}
