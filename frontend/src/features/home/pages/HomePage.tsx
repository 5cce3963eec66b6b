import { Link } from 'react-router';
import { buttonClass } from '../../../components/Button';
import { useAuth } from '../../../lib/auth/useAuth';
import { usePageTitle } from '../../../lib/usePageTitle';

const LAYERS = [
  {
    name: 'Application',
    text: 'A React console and an Express API sharing one zod contract. Rotating refresh tokens in an HttpOnly cookie, revocable sessions, an audit log, PostgreSQL through Drizzle migrations.',
  },
  {
    name: 'Containers',
    text: 'Small multi-stage images that run as non-root with health checks, and a compose stack with PostgreSQL, Redis, Prometheus and Grafana.',
  },
  {
    name: 'Kubernetes',
    text: 'Kustomize overlays per environment: probes, resource limits, autoscaling, disruption budgets, network policies, a migration job and blue-green switching.',
  },
  {
    name: 'Terraform on AWS',
    text: 'Modules for the VPC, EKS, RDS with a read replica, ElastiCache, ECR, WAF and Secrets Manager, with remote state and locking.',
  },
  {
    name: 'CI/CD',
    text: 'GitHub Actions that lint, test, scan and build images, deploy to staging by commit, and promote the same image to production behind an approval with automatic rollback.',
  },
  {
    name: 'Observability',
    text: 'Prometheus metrics from every request, alert rules with unit tests, Grafana dashboards and JSON logs ready for a log pipeline.',
  },
];

export function HomePage() {
  usePageTitle('');
  const auth = useAuth();
  const signedIn = auth.status === 'authenticated';

  return (
    <div className="space-y-12">
      <section className="pt-4 sm:pt-10">
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300">
          Learn DevOps on a real system
        </p>
        <h1 className="mt-2 max-w-3xl text-3xl font-bold tracking-tight sm:text-5xl">
          GV Playground
        </h1>
        <p className="muted mt-4 max-w-2xl text-lg">
          A complete web application and everything that carries it to production. Every layer works
          and is tested, so you can read it, run it, break it and fix it.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          {signedIn ? (
            <Link to="/dashboard" className={buttonClass()}>
              Go to your dashboard
            </Link>
          ) : (
            <>
              <Link to="/register" className={buttonClass()}>
                Create an account
              </Link>
              <Link to="/login" className={buttonClass('secondary')}>
                Sign in
              </Link>
            </>
          )}
          <a href="/api/docs" className={buttonClass('secondary')}>
            Explore the API
          </a>
        </div>
      </section>

      <section aria-labelledby="layers-heading">
        <h2 id="layers-heading" className="text-xl font-semibold">
          What each layer teaches
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {LAYERS.map((layer) => (
            <li key={layer.name} className="card">
              <h3 className="font-semibold">{layer.name}</h3>
              <p className="muted mt-2 text-sm">{layer.text}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="try-heading" className="card">
        <h2 id="try-heading" className="text-xl font-semibold">
          Things to try
        </h2>
        <ol className="mt-3 list-decimal space-y-2 pl-5">
          <li>Create an account, then open the Sessions page in two browsers and end one.</li>
          <li>
            Call the API by hand from the{' '}
            <a href="/api/docs" className="link">
              interactive API docs
            </a>{' '}
            or read the{' '}
            <a href="/api/openapi.json" className="link">
              OpenAPI document
            </a>
            .
          </li>
          <li>
            Check the{' '}
            <a href="/api/health" className="link">
              health summary
            </a>{' '}
            that load balancers and Kubernetes probes rely on.
          </li>
          <li>Sign in as the administrator to watch live request rates on the System page.</li>
        </ol>
      </section>
    </div>
  );
}
