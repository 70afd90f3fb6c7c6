// Worker entry for the endpoint bench: a worker does not inherit the parent's TypeScript loader, so it
// registers tsx itself and then loads the endpoint app (endpoint-app.ts).
import { register } from 'tsx/esm/api';

register();
await import('./endpoint-app.ts');
