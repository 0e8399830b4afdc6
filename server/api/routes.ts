/** Every route of the API, in the order the OpenAPI document lists them. */
import type { AnyRoute } from './route.registry.ts';
import type { PersonRefs } from '../auth/person.ref.ts';
import { authRoutes } from './auth.routes.ts';
import { drillRoutes } from './drill.routes.ts';
import { documentRoutes } from './documents.routes.ts';
import { projectRoutes } from './projects.routes.ts';
import { peopleRoutes } from './people.routes.ts';
import { interlockRoutes } from './interlock.routes.ts';
import { signoffRoutes } from './signoffs.routes.ts';
import { alertRoutes } from './alerts.routes.ts';
import { reportRoutes } from './reports.routes.ts';
import { collectionRoutes } from './collections.routes.ts';
import { auditRoutes } from './audit.routes.ts';

export interface RouteDeps {
  /** the person references of this warehouse (its secret is read at first use) */
  refs: () => Promise<PersonRefs>;
}

export function apiRoutes(deps: RouteDeps): AnyRoute[] {
  return [
    ...authRoutes,
    ...drillRoutes,
    ...documentRoutes,
    ...projectRoutes,
    ...peopleRoutes(deps.refs),
    ...interlockRoutes,
    ...signoffRoutes,
    ...alertRoutes(deps.refs),
    ...reportRoutes,
    ...collectionRoutes,
    ...auditRoutes(),
  ];
}
