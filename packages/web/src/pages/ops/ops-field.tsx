// A labelled text input in the console's style (the app's `.field`): the label names it for keyboard
// and screen-reader users; the caller keeps the value.
import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'type'> & {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
};

export function OpsTextField({ id, label, value, onValue, ...rest }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input type="text" id={id} value={value} onChange={(e) => onValue(e.target.value)} {...rest} />
    </div>
  );
}
