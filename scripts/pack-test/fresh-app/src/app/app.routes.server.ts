import { RenderMode, ServerRoute } from '@angular/ssr';

export const serverRoutes: ServerRoute[] = [
  { path: 'customers/:id', renderMode: RenderMode.Prerender, getPrerenderParams: async () => [{ id: '1' }, { id: '2' }] },
  { path: '**', renderMode: RenderMode.Client },
];
