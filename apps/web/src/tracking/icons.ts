import { trusted, type Html } from './html';

/**
 * The page's icons as inline SVG, built once at module load (they were lucide-react components,
 * rendered on every request). The shapes and class names are lucide's (lucide-react 1.73.0), so
 * the markup and the CSS that targets it are unchanged.
 */

type Shape = [tag: 'path' | 'circle' | 'rect', attributes: Record<string, string>];

const SHAPES = {
  'triangle-exclamation-point lucide-alert-triangle lucide-triangle-alert': [
    ['path', { d: 'm21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3' }],
    ['path', { d: 'M12 9v4' }],
    ['path', { d: 'M12 17h.01' }],
  ],
  check: [['path', { d: 'M20 6 9 17l-5-5' }]],
  'circle-check lucide-check-circle-2': [
    ['circle', { cx: '12', cy: '12', r: '10' }],
    ['path', { d: 'm16 9-5.5 5.5L8 12' }],
  ],
  copy: [
    ['rect', { width: '14', height: '14', x: '8', y: '8', rx: '2', ry: '2' }],
    ['path', { d: 'M4 16c-1.1 0-2-.9-2-2V4c0-1.1.9-2 2-2h10c1.1 0 2 .9 2 2' }],
  ],
  'external-link': [
    ['path', { d: 'M15 3h6v6' }],
    ['path', { d: 'M10 14 21 3' }],
    ['path', { d: 'M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6' }],
  ],
  'map-pin': [
    [
      'path',
      { d: 'M20 10c0 4.993-5.539 10.193-7.399 11.799a1 1 0 0 1-1.202 0C9.539 20.193 4 14.993 4 10a8 8 0 0 1 16 0' },
    ],
    ['circle', { cx: '12', cy: '10', r: '3' }],
  ],
  'rotate-cw': [
    ['path', { d: 'M21 12a9 9 0 1 1-9-9c2.52 0 4.93 1 6.74 2.74L21 8' }],
    ['path', { d: 'M21 3v5h-5' }],
  ],
  truck: [
    ['path', { d: 'M14 18V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v11a1 1 0 0 0 1 1h2' }],
    ['path', { d: 'M15 18H9' }],
    ['path', { d: 'M19 18h2a1 1 0 0 0 1-1v-3.65a1 1 0 0 0-.22-.624l-3.48-4.35A1 1 0 0 0 17.52 8H14' }],
    ['circle', { cx: '17', cy: '18', r: '2' }],
    ['circle', { cx: '7', cy: '18', r: '2' }],
  ],
  'message-square-exclamation-point lucide-message-square-warning lucide-message-square-alert': [
    [
      'path',
      {
        d: 'M22 17a2 2 0 0 1-2 2H6.828a2 2 0 0 0-1.414.586l-2.202 2.202A.71.71 0 0 1 2 21.286V5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2z',
      },
    ],
    ['path', { d: 'M12 15h.01' }],
    ['path', { d: 'M12 7v4' }],
  ],
  lock: [
    ['rect', { width: '18', height: '11', x: '3', y: '11', rx: '2', ry: '2' }],
    ['path', { d: 'M7 11V7a5 5 0 0 1 10 0v4' }],
  ],
  phone: [
    [
      'path',
      {
        d: 'M13.832 16.568a1 1 0 0 0 1.213-.303l.355-.465A2 2 0 0 1 17 15h3a2 2 0 0 1 2 2v3a2 2 0 0 1-2 2A18 18 0 0 1 2 4a2 2 0 0 1 2-2h3a2 2 0 0 1 2 2v3a2 2 0 0 1-.8 1.6l-.468.351a1 1 0 0 0-.292 1.233 14 14 0 0 0 6.392 6.384',
      },
    ],
  ],
  mail: [
    ['path', { d: 'm22 7-8.991 5.727a2 2 0 0 1-2.009 0L2 7' }],
    ['rect', { x: '2', y: '4', width: '20', height: '16', rx: '2' }],
  ],
} satisfies Record<string, Shape[]>;

function svg(name: keyof typeof SHAPES, size: number, strokeWidth = 2): Html {
  const shapes = (SHAPES[name] as Shape[])
    .map(([tag, attributes]) => {
      const attrs = Object.entries(attributes)
        .map(([k, v]) => ` ${k}="${v}"`)
        .join('');
      return `<${tag}${attrs}></${tag}>`;
    })
    .join('');
  return trusted(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="${strokeWidth}" stroke-linecap="round" stroke-linejoin="round" class="lucide lucide-${name}" aria-hidden="true">${shapes}</svg>`,
  );
}

/** Every icon the page shows, at the sizes it shows them. */
export const ICONS = {
  alert18: svg('triangle-exclamation-point lucide-alert-triangle lucide-triangle-alert', 18),
  alertStep: svg('triangle-exclamation-point lucide-alert-triangle lucide-triangle-alert', 13, 2.5),
  checkStep: svg('check', 14, 3),
  circleCheck18: svg('circle-check lucide-check-circle-2', 18),
  copy15: svg('copy', 15),
  externalLink16: svg('external-link', 16),
  mapPin18: svg('map-pin', 18),
  rotateCw14: svg('rotate-cw', 14),
  truck18: svg('truck', 18),
  ndr18: svg('message-square-exclamation-point lucide-message-square-warning lucide-message-square-alert', 18),
  lock20: svg('lock', 20),
  phone15: svg('phone', 15),
  mail15: svg('mail', 15),
} as const;
