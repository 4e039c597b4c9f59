// Staff accounts (admins): every operator and admin, invite one (the set-password link goes to their
// mail), change a role, disable or re-enable. The server audits each change and refuses one's own.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { StaffUserView } from '@waooaw/server/contracts';
import { useSession } from '../../../session.js';
import { inviteStaff, listStaff, updateStaff } from './ops-admin-api.js';
import { OpsTable } from './ops-table.js';
import { AdminOnly, ActionStatus, when } from './ops-admin-ui.js';

type StaffRole = 'operator' | 'admin';
type OnDone = (message: string) => void;

function InviteForm({ onDone }: { onDone: OnDone }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('operator');
  const invite = useMutation({
    mutationFn: () => inviteStaff({ email, role, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: (user) => {
      onDone(`Invited ${user.email} as ${user.role}; the set-password link is in their mail.`);
      setEmail('');
      setName('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  return (
    <form className="ops-form" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a staff member</h2>
      <div className="field">
        <label htmlFor="invite-email">Email</label>
        <input
          type="email"
          id="invite-email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="invite-name">Name (optional)</label>
        <input type="text" id="invite-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          <option value="operator">Operator</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Send invitation'}
      </button>
      <ActionStatus error={invite.error} />
    </form>
  );
}

/** A change to one account; the list refreshes and the page says what changed. */
function useStaffChange(user: StaffUserView, onDone: OnDone) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { role?: StaffRole; disabled?: boolean }) => updateStaff(user.id, body),
    onSuccess: async (u) => {
      onDone(`${u.email} is now ${u.disabled ? 'disabled' : u.role}.`);
      await client.invalidateQueries({ queryKey: ['ops', 'staff'] });
    },
  });
}

function RoleCell({ user, onDone }: { user: StaffUserView; onDone: OnDone }) {
  const change = useStaffChange(user, onDone);
  return (
    <>
      <select
        aria-label={`Role of ${user.email}`}
        value={user.role}
        disabled={change.isPending}
        onChange={(e) => change.mutate({ role: e.target.value as StaffRole })}
      >
        <option value="operator">operator</option>
        <option value="admin">admin</option>
      </select>
      {change.error ? <ActionStatus error={change.error} /> : null}
    </>
  );
}

function AccessCell({ user, onDone }: { user: StaffUserView; onDone: OnDone }) {
  const change = useStaffChange(user, onDone);
  const verb = user.disabled ? 'Enable' : 'Disable';
  return (
    <>
      <button
        type="button"
        className={user.disabled ? 'btn btn-sm' : 'btn btn-sm btn-danger'}
        disabled={change.isPending}
        aria-label={`${verb} ${user.email}`}
        onClick={() => change.mutate({ disabled: !user.disabled })}
      >
        {verb}
      </button>
      {change.error ? <ActionStatus error={change.error} /> : null}
    </>
  );
}

export function OpsStaffPage() {
  return (
    <AdminOnly title="Staff accounts">
      <StaffPage />
    </AdminOnly>
  );
}

function StaffPage() {
  const session = useSession();
  const client = useQueryClient();
  const staff = useQuery({ queryKey: ['ops', 'staff'], queryFn: listStaff });
  const [done, setDone] = useState<string>();
  const self = (u: StaffUserView) => u.id === session?.user.id;
  const announce = (message: string) => {
    setDone(message);
    void client.invalidateQueries({ queryKey: ['ops', 'staff'] });
  };
  return (
    <section aria-labelledby="ops-staff">
      <h1 id="ops-staff">Staff accounts</h1>
      <ActionStatus done={done} error={staff.error} />
      <OpsTable
        rows={staff.data?.items ?? []}
        rowKey={(u) => u.id}
        columns={[
          { header: 'Email', cell: (u) => u.email },
          { header: 'Name', cell: (u) => u.name },
          { header: 'Role', cell: (u) => (self(u) ? u.role : <RoleCell user={u} onDone={announce} />) },
          { header: 'Status', cell: (u) => (u.disabled ? 'Disabled' : 'Active') },
          { header: 'Since', cell: (u) => when(u.createdAt) },
          {
            header: 'Actions',
            cell: (u) =>
              self(u) ? <span className="muted small">you</span> : <AccessCell user={u} onDone={announce} />,
          },
        ]}
      />
      <InviteForm onDone={announce} />
    </section>
  );
}
