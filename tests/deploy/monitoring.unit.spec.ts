import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { registry } from '@hcv/platform-metrics';
import { yamlDocs, type Doc } from './manifests';

/**
 * The dashboards and alert rules of deploy/ read only metrics the services export: every metric
 * name their expressions use is compared with the names in the services' Prometheus registry (the
 * one each process serves at /metrics, read here as it is built, not from a hand-kept list). The
 * PromQL itself is parsed by Prometheus's own parser in `npm run validate:deploy`, which also
 * refuses a selector whose name lacks the prefixes matched here, so this scan misses none.
 */
const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const RULE_FILES = readdirSync(join(ROOT, 'deploy/prometheus/rules')).map((f) => `deploy/prometheus/rules/${f}`);
const DASHBOARD_FILES = readdirSync(join(ROOT, 'deploy/grafana/dashboards')).map((f) => `deploy/grafana/dashboards/${f}`);

/** Metric names in a PromQL expression: the platform's and the Node.js process's (prom-client defaults). */
const namesIn = (expr: string) => [...expr.matchAll(/\b(?:hcv|process|nodejs)_[a-zA-Z0-9_]+/g)].map((m) => m[0]);

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}
const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);

function ruleExpressions(): { where: string; expr: string }[] {
  return RULE_FILES.flatMap((file) =>
    (parse(read(file)) as { groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[] }).groups.flatMap((g) =>
      g.rules.map((r) => ({ where: `${file} ${r.alert ?? r.record}`, expr: r.expr })),
    ),
  );
}

function dashboardExpressions(): { where: string; expr: string }[] {
  return DASHBOARD_FILES.flatMap((file) => {
    const dashboard = JSON.parse(read(file)) as { uid: string; panels: Panel[] };
    return panelsOf(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `${file} "${p.title}"`, expr: t.expr })));
  });
}

/** Every series name the registry exposes (a histogram as its _bucket, _sum and _count). */
async function exportedNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    if (String(metric.type) === 'summary') for (const suffix of ['_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

describe('monitoring in deploy/', () => {
  it('has alert rules and dashboards, and the dashboards parse as JSON with a uid and queries', () => {
    expect(RULE_FILES.length).toBeGreaterThan(0);
    expect(DASHBOARD_FILES.length).toBeGreaterThan(0);
    for (const file of DASHBOARD_FILES) {
      const dashboard = JSON.parse(read(file)) as { uid?: string; panels?: Panel[] };
      expect({ file, uid: typeof dashboard.uid }).toEqual({ file, uid: 'string' });
      expect(panelsOf(dashboard.panels ?? []).some((p) => p.targets?.length)).toBe(true);
    }
  });

  it('reads only metrics the services export', async () => {
    const exported = await exportedNames();
    // Sanity of the registry read: the platform's own metrics and the process defaults are there.
    expect([...exported].filter((n) => n.startsWith('hcv_')).length).toBeGreaterThan(15);
    expect(exported.has('process_resident_memory_bytes')).toBe(true);
    const used = [...ruleExpressions(), ...dashboardExpressions()].flatMap(({ where, expr }) =>
      namesIn(expr).map((name) => ({ where, name })),
    );
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter(({ name }) => !exported.has(name))).toEqual([]);
  });

  it('watches each family of the platform metrics in a dashboard or a rule', async () => {
    const used = new Set([...ruleExpressions(), ...dashboardExpressions()].flatMap(({ expr }) => namesIn(expr)));
    const families = (await registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('hcv_'));
    const unwatched = families.filter((family) => ![...used].some((name) => name === family || name.startsWith(`${family}_`)));
    expect(unwatched).toEqual([]);
  });

  it('gives the Prometheus Operator the same alert rules as deploy/ (a copy kustomize can read)', () => {
    const [rule] = yamlDocs('k8s/components/prometheus-operator/prometheus-rule.yaml');
    expect(rule!.kind).toBe('PrometheusRule');
    expect(rule!.spec).toEqual(parse(read(RULE_FILES[0]!)));
    expect(RULE_FILES).toHaveLength(1);
  });

  it('lets Prometheus in the observability namespace scrape the services on their http port, and marks the pods for scraping', () => {
    const policy = yamlDocs('k8s/base/network-policies.yaml').find((p: Doc) => p.metadata.name === 'services-ingress-metrics')!;
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
    const pod = yamlDocs('k8s/base/patches/service-pod.yaml')[0]!;
    expect(pod.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' });
  });
});
