import { auditOpenApi } from '@hcv/audit-service';
import { cardSessionOpenApi } from '@hcv/card-session-service';
import { OPERATIONS_DESK_ROUTES } from '@hcv/operations-desk';
import { deviceRegistryOpenApi } from '@hcv/device-registry-service';
import { DEFAULT_PORTS } from '@hcv/platform-runtime';
import { qualificationLookupOpenApi } from '@hcv/qualification-lookup-service';
import { voucherMatchingOpenApi } from '@hcv/voucher-matching-service';
import { envFile, yamlDocs, type Doc } from './manifests';

/**
 * The Ingress (TLS, one host per service) routes exactly the device and staff paths each service
 * documents in its OpenAPI document, by their first segment — never /health or /metrics — and its
 * hosts are the public URLs config.env tells the browser apps.
 */
const config = envFile('k8s/base/config.env');
const ingress = yamlDocs('k8s/base/ingress.yaml').find((d) => d.kind === 'Ingress')!;
const DOCUMENTS: Record<keyof typeof DEFAULT_PORTS, () => { paths: Record<string, unknown> }> = {
  'device-registry': deviceRegistryOpenApi,
  'card-session': cardSessionOpenApi,
  'qualification-lookup': qualificationLookupOpenApi,
  'voucher-matching': voucherMatchingOpenApi,
  // audit serves the operations desk's routes beside its own (apps/audit).
  audit: () => auditOpenApi(OPERATIONS_DESK_ROUTES),
};
const NOT_ROUTED = ['health', 'metrics'];

describe('Ingress', () => {
  it('ends TLS for every host it routes, with a certificate from the Secret it names', () => {
    const hosts = (ingress.spec.rules as Doc[]).map((r) => r.host as string);
    expect(ingress.spec.tls).toEqual([{ hosts, secretName: 'hcv-api-tls' }]);
  });

  it.each(Object.keys(DOCUMENTS) as (keyof typeof DOCUMENTS)[])(
    '%s: routes the first segments of its documented paths, to its http port',
    (app) => {
      const rules = (ingress.spec.rules as Doc[]).filter((r) => (r.http.paths as Doc[]).some((p) => p.backend.service.name === app));
      expect(rules).toHaveLength(1);
      const paths = rules[0]!.http.paths as Doc[];
      for (const p of paths) expect(p).toMatchObject({ pathType: 'Prefix', backend: { service: { name: app, port: { name: 'http' } } } });
      const documented = new Set(
        Object.keys(DOCUMENTS[app]().paths)
          .map((path) => path.split('/')[1]!)
          .filter((segment) => !NOT_ROUTED.includes(segment))
          .map((segment) => `/${segment}`),
      );
      const routed = paths.map((p) => p.path as string);
      expect([...routed].sort()).toEqual([...documented].sort());
    },
  );

  it('serves each service at the public URL config.env gives the browser apps', () => {
    const hostOf = (app: string) =>
      (ingress.spec.rules as Doc[]).find((r) => (r.http.paths as Doc[]).some((p) => p.backend.service.name === app))?.host;
    expect(`https://${hostOf('audit')}`).toBe(config.AUDIT_PUBLIC_URL);
    expect(`https://${hostOf('device-registry')}`).toBe(config.DEVICE_REGISTRY_PUBLIC_URL);
    expect(`https://${hostOf('card-session')}`).toBe(config.CARD_SESSION_PUBLIC_URL);
    expect(`https://${hostOf('voucher-matching')}`).toBe(config.VOUCHER_MATCHING_PUBLIC_URL);
    expect(config.CORS_ALLOWED_ORIGINS).toBe(config.AUDIT_PUBLIC_URL);
    expect(config.RECEPTION_ORIGINS).toBe(config.CARD_SESSION_PUBLIC_URL);
  });
});
