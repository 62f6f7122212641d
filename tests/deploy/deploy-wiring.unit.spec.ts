import { DEFAULT_PORTS } from '@hcv/platform-runtime';
import { consumerGroupsInCode, envFile, exists, hostAndPort, yamlDoc, yamlDocs, type Doc } from './manifests';

/**
 * How the deployed pieces reach each other: the network policies let the services reach exactly
 * the hosts config.env names, the KEDA component watches the consumer groups the code joins, and
 * the topic Job and compose service read the generated topic list.
 */
const APPS = Object.keys(DEFAULT_PORTS);
const config = envFile('k8s/base/config.env');
const policies = yamlDocs('k8s/base/network-policies.yaml');
const policy = (name: string) => policies.find((p) => p.metadata.name === name)!;
/** `<service>.<namespace>.svc[.cluster.local]` → namespace. */
const namespaceOf = (host: string) => /^[^.]+\.([^.]+)\.svc(\.|$)/.exec(host)?.[1];

function egressTargets(p: Doc): { namespace: string; port: number }[] {
  return (p.spec.egress as Doc[]).flatMap((rule) =>
    (rule.to as Doc[]).flatMap((to) =>
      (rule.ports as Doc[]).map((port) => ({
        namespace: to.namespaceSelector.matchLabels['kubernetes.io/metadata.name'],
        port: port.port,
      })),
    ),
  );
}

describe('deployment wiring', () => {
  it('denies everything by default in the namespace', () => {
    expect(policy('default-deny-all').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('lets the services reach exactly Kafka, MongoDB, the OTel collector (at config.env’s addresses) and DNS', () => {
    const dependencies = ['KAFKA_BROKERS', 'MONGO_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT'].map((name) => {
      const { host, port } = hostAndPort(config[name]!);
      return { namespace: namespaceOf(host), port };
    });
    for (const d of dependencies) expect(d.namespace).toBeDefined();
    const expected = [{ namespace: 'kube-system', port: 53 }, { namespace: 'kube-system', port: 53 }, ...dependencies];
    expect(egressTargets(policy('services-egress'))).toEqual(expected);
    expect(policy('services-egress').spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'service' });
  });

  it('lets the topic Job reach only Kafka and DNS', () => {
    const { host, port } = hostAndPort(config.KAFKA_BROKERS!);
    expect(egressTargets(policy('kafka-topics-egress'))).toEqual([
      { namespace: 'kube-system', port: 53 },
      { namespace: 'kube-system', port: 53 },
      { namespace: namespaceOf(host), port },
    ]);
  });

  it('admits HTTP to the services only on their named http port', () => {
    const ingress = policy('services-ingress-http').spec.ingress as Doc[];
    expect(ingress).toHaveLength(1);
    expect(ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
    for (const app of APPS) {
      const deployment = yamlDocs(`k8s/base/${app}.yaml`).find((d) => d.kind === 'Deployment')!;
      expect(deployment.spec.template.spec.containers[0].ports[0].name).toBe('http');
    }
  });

  describe('KEDA component (optional)', () => {
    const scaledObjects = yamlDocs('k8s/components/keda-consumer-lag/scaled-objects.yaml');
    const component = yamlDoc('k8s/components/keda-consumer-lag/kustomization.yaml');
    const consumers = APPS.filter((app) => consumerGroupsInCode(app).length > 0);

    it('finds the consumer groups in the code (sanity of the scan)', () => {
      expect(consumerGroupsInCode('voucher-matching')).toContain('voucher-matching.match');
      expect(consumers.length).toBeGreaterThanOrEqual(3);
    });

    it.each(APPS)('%s: scaled on the lag of exactly the consumer groups its code joins, instead of its HPA', (app) => {
      const scaledObject = scaledObjects.find((s) => s.metadata.name === app);
      const deletesHpa = (component.patches as Doc[]).some(
        (p) => /\$patch: delete[\s\S]*kind: HorizontalPodAutoscaler[\s\S]*name: (\S+)/.exec(p.patch)?.[1] === app,
      );
      if (!consumers.includes(app)) {
        expect({ scaledObject, deletesHpa }).toEqual({ scaledObject: undefined, deletesHpa: false });
        return;
      }
      expect(deletesHpa).toBe(true);
      expect(scaledObject!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
      const kafka = (scaledObject!.spec.triggers as Doc[]).filter((t) => t.type === 'kafka');
      expect(kafka.map((t) => t.metadata.consumerGroup).sort()).toEqual(consumerGroupsInCode(app));
      for (const t of kafka) expect(t.metadata.bootstrapServers).toBe(config.KAFKA_BROKERS);
    });
  });

  it('the topic Job and the compose kafka-topics service run the same script on the generated list', () => {
    const kustomization = yamlDoc('k8s/base/kustomization.yaml');
    const files = (kustomization.configMapGenerator as Doc[]).find((g) => g.name === 'hcv-kafka-topics')!.files as string[];
    expect(files.sort()).toEqual(['kafka-topics/create-topics.sh', 'kafka-topics/topics.txt']);
    for (const f of files) expect(exists(`k8s/base/${f}`)).toBe(true);
    const job = yamlDoc('k8s/base/kafka-topics/job.yaml');
    const container = job.spec.template.spec.containers[0];
    const mount = container.volumeMounts.find((m: Doc) => m.name === 'topics').mountPath as string;
    expect(container.command).toEqual(['bash', `${mount}/create-topics.sh`]);
    expect(container.env).toContainEqual({ name: 'KAFKA_TOPICS_FILE', value: `${mount}/topics.txt` });
    const compose = yamlDoc('docker-compose.yml').services['kafka-topics'];
    expect(compose.image).toBe(container.image);
    expect(compose.command).toEqual(container.command);
    expect(compose.volumes).toContain(`./k8s/base/kafka-topics:${mount}:ro`);
    expect(compose.environment.KAFKA_TOPICS_FILE).toBe(`${mount}/topics.txt`);
  });
});
