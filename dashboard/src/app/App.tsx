/**
 * The routes of the dashboard. Every page's state is in its URL (app.routes.ts builds them); pages beyond the
 * overview load on demand so that the first screen needs only the charts.
 */
import { Suspense, lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './Layout.tsx';
import { SessionGate } from './SessionGate.tsx';
import { LoginPage } from '../pages/LoginPage.tsx';
import { OverviewPage } from '../pages/OverviewPage.tsx';
import { Loading } from '../components/Loading.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';

const RegionPage = lazy(() => import('../pages/RegionPage.tsx'));
const FundPage = lazy(() => import('../pages/FundPage.tsx'));
const DocumentsPage = lazy(() => import('../pages/DocumentsPage.tsx'));
const DocumentPage = lazy(() => import('../pages/DocumentPage.tsx'));
const ProjectsPage = lazy(() => import('../pages/ProjectsPage.tsx'));
const ProjectPage = lazy(() => import('../pages/ProjectPage.tsx'));
const PeoplePage = lazy(() => import('../pages/PeoplePage.tsx'));
const PaymentsPage = lazy(() => import('../pages/PaymentsPage.tsx'));
const InterlockPage = lazy(() => import('../pages/InterlockPage.tsx'));
const SignoffsPage = lazy(() => import('../pages/SignoffsPage.tsx'));
const SignoffNewPage = lazy(() => import('../pages/SignoffNewPage.tsx'));
const SignoffPage = lazy(() => import('../pages/SignoffPage.tsx'));
const AlertsPage = lazy(() => import('../pages/AlertsPage.tsx'));
const AlertPage = lazy(() => import('../pages/AlertPage.tsx'));
const DesignerPage = lazy(() => import('../reports/DesignerPage.tsx'));
const CollectionsPage = lazy(() => import('../reports/CollectionsPage.tsx'));
const CollectionPage = lazy(() => import('../reports/CollectionPage.tsx'));
const AuditPage = lazy(() => import('../audit/AuditPage.tsx'));

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<SessionGate />}>
          <Route element={<Layout />}>
            <Route index element={<OverviewPage />} />
            <Route path="regions/:code" element={<Lazy page={<RegionPage />} />} />
            <Route path="regions/:code/funds/:fund" element={<Lazy page={<FundPage />} />} />
            <Route path="documents" element={<Lazy page={<DocumentsPage />} />} />
            <Route path="documents/:id" element={<Lazy page={<DocumentPage />} />} />
            <Route path="projects" element={<Lazy page={<ProjectsPage />} />} />
            <Route path="projects/:code" element={<Lazy page={<ProjectPage />} />} />
            <Route path="people" element={<Lazy page={<PeoplePage />} />} />
            <Route path="payments" element={<Lazy page={<PaymentsPage />} />} />
            <Route path="interlock" element={<Lazy page={<InterlockPage />} />} />
            <Route path="signoffs" element={<Lazy page={<SignoffsPage />} />} />
            <Route path="signoffs/new" element={<Lazy page={<SignoffNewPage />} />} />
            <Route path="signoffs/:id" element={<Lazy page={<SignoffPage />} />} />
            <Route path="alerts" element={<Lazy page={<AlertsPage />} />} />
            <Route path="alerts/:id" element={<Lazy page={<AlertPage />} />} />
            <Route path="reports/designer" element={<Lazy page={<DesignerPage />} />} />
            <Route path="collections" element={<Lazy page={<CollectionsPage />} />} />
            <Route path="collections/:id" element={<Lazy page={<CollectionPage />} />} />
            <Route path="audit" element={<Lazy page={<AuditPage />} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

function Lazy({ page }: { page: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}
