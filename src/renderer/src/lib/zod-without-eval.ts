import { config } from 'zod';

/**
 * zod probes for eval (`new Function`) the first time it parses, to compile faster validators. The CSP
 * forbids eval, so the probe only ever fails and reports a violation. Imported first by main.tsx, before
 * any module that parses.
 */
config({ jitless: true });
