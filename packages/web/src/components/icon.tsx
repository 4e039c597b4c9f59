// The icon set (lucide-react: inline SVG, drawn in the text colour, no font needed), replacing emoji
// glyphs that render as empty boxes where no emoji font is installed. Icons are decorative: the text
// beside them carries the meaning.
import {
  Check,
  ChevronDown,
  CircleAlert,
  Flame,
  Globe,
  Menu,
  Plus,
  Sparkles,
  Star,
  Upload,
  X,
  Zap,
  type LucideIcon,
} from 'lucide-react';

const icons = {
  check: Check,
  chevron: ChevronDown,
  alert: CircleAlert,
  flame: Flame,
  globe: Globe,
  menu: Menu,
  plus: Plus,
  sparkles: Sparkles,
  star: Star,
  upload: Upload,
  x: X,
  zap: Zap,
} satisfies Record<string, LucideIcon>;

export type IconName = keyof typeof icons;

export function Icon({
  name,
  size = 16,
  filled = false,
}: {
  name: IconName;
  size?: number;
  filled?: boolean;
}) {
  const Svg = icons[name];
  return (
    <Svg
      className="icon"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
      strokeWidth={2}
      {...(filled ? { fill: 'currentColor' } : {})}
    />
  );
}

/** The icon drawn before a badge's word. */
export function badgeIcon(badge: string): IconName {
  if (/top rated/i.test(badge)) return 'star';
  if (/popular/i.test(badge)) return 'flame';
  return 'sparkles';
}
