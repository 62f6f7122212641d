package main

import (
	"strings"
	"testing"
)

var externalSecrets = []string{"hcv-secrets"}

// The real overlays pass: a rule that rejected them would be useless.
func TestRealOverlaysAndComposeFilePass(t *testing.T) {
	for _, dir := range []string{"../../k8s/overlays/dev", "../../k8s/overlays/prod", "../../k8s/overlays/prod-keda", "../../k8s/overlays/prod-monitoring"} {
		docs, err := renderKustomization(dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if err := validateDocuments(docs, externalSecrets); err != nil {
			t.Errorf("%s: %v", dir, err)
		}
	}
	if _, err := validateCompose("../../docker-compose.yml"); err != nil {
		t.Errorf("docker-compose.yml: %v", err)
	}
}

// Each fixture breaks the real base in one way; the check must name what is wrong.
func TestBrokenManifestsAreRejected(t *testing.T) {
	cases := []struct {
		fixture string
		want    []string
	}{
		{"misspelt-field", []string{`Deployment.v1.apps/card-session.hcv`, `unknown field "spec.template.spec.containers[0].readinesProbe"`}},
		{"wrong-type-port", []string{`Deployment.v1.apps/audit.hcv`, `containerPort`, `string`}},
		{"wrong-type-hpa", []string{`HorizontalPodAutoscaler.v2.autoscaling/voucher-matching.hcv`, `maxReplicas`}},
		{"bad-quantity", []string{`Deployment.v1.apps/audit.hcv`, `quantities must match the regular expression`}},
		{"removed-api-version", []string{`unknown apiVersion/kind policy/v1beta1, Kind=PodDisruptionBudget`}},
		{"writable-root", []string{`Deployment device-registry: container app: readOnlyRootFilesystem must be true`, `env EXTRA: Secret "not-created" is neither rendered nor declared external`}},
		{"keda-misspelt", []string{`unknown field "spec.minReplicas"`, `unknown kafka scaler key(s) lagTreshold`}},
		{"operator-broken", []string{`unknown field "spec.endpoints[0].intervall"`, `PrometheusRule.v1.monitoring.coreos.com/hcv.hcv`, `HcvServiceDown`}},
		{"hpa-and-scaledobject", []string{`Deployment device-registry: scaled by [HorizontalPodAutoscaler device-registry, ScaledObject device-registry], want exactly one autoscaler`}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			docs, err := renderKustomization("testdata/" + c.fixture)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			err = validateDocuments(docs, externalSecrets)
			if err == nil {
				t.Fatal("accepted a broken manifest")
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not mention %q:\n%v", want, err)
				}
			}
		})
	}
}

func TestBrokenComposeFilesAreRejected(t *testing.T) {
	cases := []struct {
		file string
		want []string
	}{
		{"misspelt-key.yml", []string{`healthchek`}},
		{"wrong-type.yml", []string{`ports`}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			_, err := validateCompose("testdata/compose/" + c.file)
			if err == nil {
				t.Fatal("accepted a broken compose file")
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not mention %q:\n%v", want, err)
				}
			}
		})
	}
}

// The real rules and dashboards pass; each broken one is refused with what is wrong.
func TestMonitoringFiles(t *testing.T) {
	if err := validateMonitoring([]string{"../../deploy/prometheus/rules/hcv.rules.yml"}, []string{"../../deploy/grafana/dashboards/hcv-overview.json", "../../deploy/grafana/dashboards/hcv-messaging.json"}); err != nil {
		t.Fatalf("the real files: %v", err)
	}
	_, err := validateRuleFile("testdata/monitoring/bad.rules.yml")
	if err == nil {
		t.Fatal("accepted broken rules")
	}
	for _, want := range []string{"BadSyntax", "rule NoWait: an alert needs `for`", `annotation "description" missing`, "label severity missing", `metric "kafka_consumergroup_lag" is not one the services export`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("rules error does not mention %q:\n%v", want, err)
		}
	}
	_, err = validateDashboardFile("testdata/monitoring/bad-dashboard.json")
	if err == nil {
		t.Fatal("accepted a broken dashboard")
	}
	for _, want := range []string{`panel "unbalanced"`, `metric "http_requests_total" is not one the services export`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("dashboard error does not mention %q:\n%v", want, err)
		}
	}
}
