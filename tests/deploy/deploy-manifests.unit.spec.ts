import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_PORTS } from '@hcv/service-kit';

/**
 * docker-compose.yml and k8s/ cannot be started here; this keeps them in step with the code:
 * every app is deployed, with the environment variable names the code reads, on the ports it
 * listens on, probed on /health, with secrets only by reference.
 */
const ROOT = join(__dirname, '../..');
const APPS = Object.keys(DEFAULT_PORTS) as (keyof typeof DEFAULT_PORTS)[];
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every environment variable name the code reads: env.X / process.env.X, and the keys of the zod env schemas. */
function envNamesReadByCode(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourceFiles('apps'), ...sourceFiles('libs')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const block of text.matchAll(/(?:ServiceEnv|SimulatorEnv) = z\.object\(\{([\s\S]*?)\n\}\)/g)) {
      for (const m of block[1]!.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)) names.add(m[1]!);
    }
  }
  return names;
}

const codeEnv = envNamesReadByCode();
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; ports?: string[]; healthcheck?: { test: string[] }; build?: { args?: { APP?: string } } }>;
};
const k8sDocs = readdirSync(join(ROOT, 'k8s'))
  .filter((f) => f.endsWith('.yaml'))
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML documents are untyped; the assertions below check their shape
  .flatMap((f) => parseAllDocuments(read(`k8s/${f}`)).map((d) => ({ file: f, doc: d.toJS() as Record<string, any> })));
const configMap = k8sDocs.find((d) => d.doc.kind === 'ConfigMap' && d.doc.metadata.name === 'hcv-config')!.doc;

describe('deployment manifests match the code', () => {
  it('finds the variables the code reads (sanity of the scan)', () => {
    for (const name of ['KAFKA_BROKERS', 'MONGO_URL', 'HTTP_PORT', 'HTTP_HOST', 'AUDIT_PII_KEY', 'SIMULATOR_SEED', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
      expect(codeEnv).toContain(name);
    }
  });

  describe.each(APPS)('%s', (app) => {
    it('has a compose service built from the Dockerfile with the code’s variable names and port', () => {
      const service = compose.services[app]!;
      expect(service.build?.args?.APP).toBe(app);
      const env = service.environment ?? {};
      for (const required of ['KAFKA_BROKERS', 'MONGO_URL', 'HTTP_HOST', 'HTTP_PORT']) expect(Object.keys(env)).toContain(required);
      for (const name of Object.keys(env)) expect({ app, name, readByCode: codeEnv.has(name) }).toEqual({ app, name, readByCode: true });
      expect(env.HTTP_PORT).toBe(String(DEFAULT_PORTS[app]));
      expect(env.HTTP_HOST).toBe('0.0.0.0');
      expect(service.ports).toContain(`${DEFAULT_PORTS[app]}:${DEFAULT_PORTS[app]}`);
      expect(service.healthcheck?.test.join(' ')).toContain(`/health`);
    });

    it('has a Deployment and a Service in k8s/ with probes, limits, a non-root user and the code’s variable names', () => {
      const deployment = k8sDocs.find((d) => d.doc.kind === 'Deployment' && d.doc.metadata.name === app)?.doc;
      const service = k8sDocs.find((d) => d.doc.kind === 'Service' && d.doc.metadata.name === app)?.doc;
      expect(deployment).toBeDefined();
      expect(service).toBeDefined();
      const pod = deployment!.spec.template.spec;
      const container = pod.containers[0];
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.ports[0].containerPort).toBe(DEFAULT_PORTS[app]);
      expect(service!.spec.selector).toEqual(deployment!.spec.selector.matchLabels);
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.limits.memory).toBeDefined();
      const names = [...(container.env ?? []).map((e: { name: string }) => e.name), ...Object.keys(configMap.data)];
      for (const name of names) expect({ app, name, readByCode: codeEnv.has(name) }).toEqual({ app, name, readByCode: true });
      for (const name of ['KAFKA_BROKERS', 'MONGO_URL', 'HTTP_HOST', 'HTTP_PORT']) expect(names).toContain(name);
      // Secrets only by reference, never a literal value.
      for (const e of container.env ?? []) {
        if (/KEY|SECRET|PASSWORD|TOKEN/.test(e.name)) expect(e.valueFrom?.secretKeyRef).toBeDefined();
      }
    });
  });

  it('lists every manifest in the kustomization except the secret example', () => {
    const kustomization = k8sDocs.find((d) => d.file === 'kustomization.yaml')!.doc;
    const expected = readdirSync(join(ROOT, 'k8s')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml');
    expect([...kustomization.resources].sort()).toEqual(expected.sort());
    expect(JSON.stringify(configMap.data)).not.toMatch(/AUDIT_PII_KEY/);
  });

  it('compose requires the audit key from the environment instead of shipping one', () => {
    expect(read('docker-compose.yml')).toMatch(/AUDIT_PII_KEY: \$\{AUDIT_PII_KEY:\?/);
  });
});
