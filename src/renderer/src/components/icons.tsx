/** A few 16px stroke icons as inline SVG (no icon font or remote asset; emoji fonts are not everywhere). */
const PATHS = {
  chat: 'M3 4h10a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H7l-3 2.5V12H3a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z',
  route: 'M3 3v4a3 3 0 0 0 3 3h7M10 7l3 3-3 3M3 13h0',
  server: 'M2.5 3h11v4h-11zM2.5 9h11v4h-11zM5 5h.01M5 11h.01',
  compare: 'M2.5 3h4.5v10H2.5zM9 3h4.5v10H9z',
  settings: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  pencil: 'M10.5 2.5l3 3-8 8H2.5v-3z',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  logo: 'M3 13V3M3 8h5l5-5M8 8l5 5',
  menu: 'M2.5 4h11M2.5 8h11M2.5 12h11',
  sliders: 'M3 4h6M12 4h1M3 8h1M7 8h6M3 12h7M13 12h0M9 2.5v3M4 6.5v3M10 10.5v3',
  list: 'M5 4h8.5M5 8h8.5M5 12h8.5M2.5 4h0M2.5 8h0M2.5 12h0',
  pin: 'M6 2.5h4M7 2.5v4L4.5 9h7L9 6.5v-4M8 9v4.5',
  image: 'M2.5 3.5h11v9h-11zM2.5 10.5l3-3 3 3 2-2 3 3M10.5 6h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
