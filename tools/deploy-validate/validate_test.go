package main

import (
	"strings"
	"testing"
)

var externalSecrets = []string{"hcv-secrets"}

// The real overlays pass: a rule that rejected them would be useless.
func TestRealOverlaysAndComposeFilePass(t *testing.T) {
	for _, dir := range []string{"../../k8s/overlays/dev", "../../k8s/overlays/prod", "../../k8s/overlays/prod-keda"} {
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
