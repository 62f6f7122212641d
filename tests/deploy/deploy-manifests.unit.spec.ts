import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTS } from '@hcv/platform-runtime';
import { envFile, envNamesReadByCode, exists, read, ROOT, yamlDoc, yamlDocs, type Doc } from './manifests';

/**
 * docker-compose.yml and k8s/ cannot be started here; this keeps them in step with the code:
 * every app is deployed, with the environment variable names the code reads, on the ports it
 * listens on, probed on /health/ready and /health/live, with secrets only by reference.
 * (npm run validate:deploy renders the overlays and checks them against the Kubernetes types.)
 */
const APPS = Object.keys(DEFAULT_PORTS) as (keyof typeof DEFAULT_PORTS)[];
const codeEnv = envNamesReadByCode();
const config = envFile('k8s/base/config.env');
const compose = yamlDoc('docker-compose.yml') as {
  services: Record<string, Doc>;
};
const baseKustomization = yamlDoc('k8s/base/kustomization.yaml');
const servicePod = yamlDoc('k8s/base/patches/service-pod.yaml');
const commonContainer = servicePod.spec.template.spec.containers[0];
const readByCode = (app: string, name: string) => ({ app, name, readByCode: codeEnv.has(name) });
const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN/;
/** Variables the services read that are no deployment setting: the process's own, and test hooks. */
const NOT_DEPLOYMENT_SETTINGS = new Set(['PATH', 'OTEL_SPANS_FILE']);

describe('deployment manifests match the code', () => {
  it('finds the variables the code reads (sanity of the scan)', () => {
    for (const name of [
      'KAFKA_BROKERS',
      'MONGO_URL',
      'HTTP_PORT',
      'HTTP_HOST',
      'AUDIT_PII_KEY',
      'ELIGIBILITY_SOURCE',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'HCV_STAFF_TOKEN_SECRET_FILE',
    ]) {
      expect(codeEnv).toContain(name);
    }
  });

  it('config.env (the one ConfigMap, also compose’s env_file) holds only names the code reads, and no secret', () => {
    for (const name of Object.keys(config)) {
      expect(readByCode('config.env', name)).toEqual({ app: 'config.env', name, readByCode: true });
      expect(name).not.toMatch(SECRET_NAME);
    }
    for (const name of ['KAFKA_BROKERS', 'MONGO_URL', 'HTTP_HOST', 'OTEL_EXPORTER_OTLP_ENDPOINT'])
      expect(Object.keys(config)).toContain(name);
    expect(config.HTTP_HOST).toBe('0.0.0.0');
    expect(baseKustomization.configMapGenerator).toContainEqual({ name: 'hcv-config', envs: ['config.env'] });
    expect(commonContainer.envFrom).toEqual([{ configMapRef: { name: 'hcv-config' } }]);
  });

  describe.each(APPS)('%s', (app) => {
    it('has a compose service: its own image from the Dockerfile, config.env, the code’s variable names and port', () => {
      const service = compose.services[app]!;
      expect(service.build).toMatchObject({ dockerfile: 'deploy/docker/Dockerfile', target: 'runtime', args: { APP: app } });
      expect(service.image).toBe(`hcv/${app}:dev`);
      // `npx nx run <app>:container` builds the same image as compose.
      const nxTarget = JSON.parse(read(`apps/${app}/project.json`)).targets.container.options.command;
      expect(nxTarget).toBe(`docker build -f deploy/docker/Dockerfile --build-arg APP=${app} -t hcv/${app}:dev .`);
      expect(service.env_file).toEqual(['k8s/base/config.env']);
      const env = { ...config, ...service.environment } as Record<string, string>;
      for (const name of Object.keys(env)) expect(readByCode(app, name)).toEqual({ app, name, readByCode: true });
      expect(env.HTTP_PORT).toBe(String(DEFAULT_PORTS[app]));
      expect(env.OTEL_SERVICE_NAME).toBe(app);
      expect(service.ports).toContain(`${DEFAULT_PORTS[app]}:${DEFAULT_PORTS[app]}`);
      expect(service.healthcheck.test).toEqual(['CMD', 'node', 'dist/healthcheck.js']);
      expect(service.read_only).toBe(true);
      expect(service.cap_drop).toEqual(['ALL']);
      expect(service.depends_on['kafka-topics']).toEqual({ condition: 'service_completed_successfully' });
      // A secret comes from the environment (`${NAME:?…}`), or as a file: a compose secret the service mounts.
      const mounted = (service.secrets as string[]).map((secret) => `/run/secrets/${secret}`);
      for (const [name, value] of Object.entries(service.environment as Record<string, string>)) {
        if (!SECRET_NAME.test(name)) continue;
        if (name.endsWith('_FILE')) expect(mounted).toContain(value);
        else expect(value).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
      }
    });

    it('has a Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler in k8s/base with the code’s port and names', () => {
      const file = `${app}.yaml`;
      expect(baseKustomization.resources).toContain(file);
      const docs = yamlDocs(`k8s/base/${file}`);
      const of = (kind: string) => docs.find((d) => d.kind === kind && d.metadata.name === app);
      const deployment = of('Deployment')!;
      const container = deployment.spec.template.spec.containers[0];
      expect(container.name).toBe(commonContainer.name);
      expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('service');
      expect(container.image).toMatch(new RegExp(`^hcv/${app}:`));
      expect(container.ports).toEqual([{ name: 'http', containerPort: DEFAULT_PORTS[app] }]);
      expect(of('Service')!.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(of('Service')!.spec.ports[0].port).toBe(DEFAULT_PORTS[app]);
      expect(of('PodDisruptionBudget')!.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
      expect(of('HorizontalPodAutoscaler')!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
      const env: Doc[] = [...container.env, ...commonContainer.env];
      expect(env.find((e) => e.name === 'HTTP_PORT')?.value).toBe(String(DEFAULT_PORTS[app]));
      for (const e of env) {
        expect(readByCode(app, e.name)).toEqual({ app, name: e.name, readByCode: true });
        if (SECRET_NAME.test(e.name) && !e.name.endsWith('_FILE')) expect(e.valueFrom?.secretKeyRef?.name).toBe('hcv-secrets');
      }
    });
  });

  it('probes every service on /health/ready (readiness) and /health/live (liveness, start-up)', () => {
    expect(commonContainer.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(commonContainer.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(commonContainer.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(baseKustomization.patches).toContainEqual({
      path: 'patches/service-pod.yaml',
      target: { kind: 'Deployment', labelSelector: 'app.kubernetes.io/component=service' },
    });
  });

  it('reads the staff-token secret from the mounted file the code expects', () => {
    const file = commonContainer.env.find((e: Doc) => e.name === 'HCV_STAFF_TOKEN_SECRET_FILE').value as string;
    const mount = commonContainer.volumeMounts.find((m: Doc) => file.startsWith(`${m.mountPath}/`));
    const volume = servicePod.spec.template.spec.volumes.find((v: Doc) => v.name === mount.name);
    expect(volume.secret.items).toEqual([{ key: 'HCV_STAFF_TOKEN_SECRET', path: file.slice(mount.mountPath.length + 1) }]);
  });

  it('lists every base manifest in the kustomization; the secret is an example outside every kustomization', () => {
    const yamls = readdirSync(join(ROOT, 'k8s/base')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...baseKustomization.resources].filter((r: string) => !r.includes('/')).sort()).toEqual(yamls.sort());
    const secret = yamlDoc('k8s/secret.example.yaml');
    expect(secret.kind).toBe('Secret');
    for (const dir of ['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod', 'k8s/overlays/prod-keda']) {
      const kustomization = yamlDoc(`${dir}/kustomization.yaml`);
      expect(kustomization.secretGenerator).toBeUndefined();
      expect(JSON.stringify(kustomization.resources ?? [])).not.toMatch(/secret/);
    }
    // Every key a manifest takes from hcv-secrets is in the example, so an operator knows what to create.
    const referenced = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const o = node as Doc;
      if (o.secretKeyRef?.name === 'hcv-secrets') referenced.add(o.secretKeyRef.key);
      if (o.secret?.secretName === 'hcv-secrets') for (const item of o.secret.items) referenced.add(item.key);
      Object.values(o).forEach(walk);
    };
    const manifests = readdirSync(join(ROOT, 'k8s'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml') && !f.endsWith('secret.example.yaml'),
    );
    for (const file of manifests) yamlDocs(`k8s/${file}`).forEach(walk);
    expect([...referenced].sort()).toEqual(Object.keys(secret.stringData).sort());
  });

  it('sets or names every variable the deployed services read: in config.env (a value or a comment), compose or a k8s manifest', () => {
    // What the five services and the libraries they run on read; not the test support (libs/testing)
    // nor what is not deployed here (the on-site oqs-bridge, the embedded demo, the command-line tools).
    const deployed = ['libs', ...APPS.map((app) => `apps/${app}`)];
    const servicesRead = [...envNamesReadByCode(deployed, ['libs/testing'])];
    const k8sText = readdirSync(join(ROOT, 'k8s'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.env'))
      .map((f) => read(`k8s/${f}`))
      .join('\n');
    const named = new Set([...`${k8sText}\n${read('docker-compose.yml')}`.matchAll(/\b[A-Z][A-Z0-9_]{2,}\b/g)].map((m) => m[0]));
    // A secret's `<NAME>_FILE` form is covered by NAME (docs/deployment.md: every secret also as a file).
    const covered = (name: string) => named.has(name) || (name.endsWith('_FILE') && named.has(name.slice(0, -'_FILE'.length)));
    const missing = servicesRead.filter((name) => !covered(name) && !NOT_DEPLOYMENT_SETTINGS.has(name));
    expect(missing).toEqual([]);
    // The check sees the settings this review found missing before (sanity of the scan).
    for (const name of ['CORS_ALLOWED_ORIGINS', 'RECEPTION_ORIGINS', 'AUDIT_PUBLIC_URL', 'RELEASE_VERSION', 'ACTIVATION_CODE_TTL_MINUTES'])
      expect(servicesRead).toContain(name);
  });

  it('overlays only set variables the code reads', () => {
    for (const overlay of ['dev', 'prod']) {
      const kustomization = yamlDoc(`k8s/overlays/${overlay}/kustomization.yaml`);
      for (const generator of kustomization.configMapGenerator ?? []) {
        if (generator.name !== 'hcv-config') continue;
        expect(generator.behavior).toBe('merge');
        for (const literal of generator.literals as string[]) expect(codeEnv).toContain(literal.split('=')[0]);
      }
    }
    const prodPod = yamlDoc('k8s/overlays/prod/service-pod.prod.yaml');
    for (const e of prodPod.spec.template.spec.containers[0].env) expect(codeEnv).toContain(e.name);
  });

  it('the images carry the runtime settings (Node flags, malloc arenas and mmap threshold), and compose and k8s run them unchanged', () => {
    const dockerfile = read('deploy/docker/Dockerfile');
    const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
    const set = (name: string) => new RegExp(`^(?:ENV )?\\s*${name}=("[^"]*"|\\S+)`, 'm').exec(runtime)?.[1]?.replace(/"/g, '');
    expect(set('NODE_OPTIONS')).toBe('--max-semi-space-size=2 --max-old-space-size=96');
    expect(set('MALLOC_ARENA_MAX')).toBe('2');
    expect(set('MALLOC_MMAP_THRESHOLD_')).toBe('131072');
    // Set in one place: neither compose, nor config.env, nor a k8s manifest overrides them (the
    // benches read them from the Dockerfile too: tools/bench/src/bench-platform.ts).
    const k8sText = readdirSync(join(ROOT, 'k8s'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.env'))
      .map((f) => read(`k8s/${f}`))
      .join('\n');
    for (const name of ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_']) {
      expect({ name, compose: read('docker-compose.yml').includes(name), k8s: k8sText.includes(name) }).toEqual({
        name,
        compose: false,
        k8s: false,
      });
    }
  });

  it('the Dockerfile copies only paths that exist and that .dockerignore lets into the context', () => {
    const dockerfile = read('deploy/docker/Dockerfile');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(sources).toEqual(expect.arrayContaining(['package-lock.json', 'libs', 'apps', 'tools']));
    const allowed = read('.dockerignore')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).replace(/\/$/, ''));
    for (const source of sources) {
      expect({ source, exists: exists(source) }).toEqual({ source, exists: true });
      expect(allowed).toContain(source.replace(/\/$/, ''));
    }
    // Each app's image starts its own entry point and is probed like compose probes it.
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/healthcheck\.js"\]$/m);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(servicePod.spec.template.spec.securityContext.runAsUser).toBe(1000);
  });
});
