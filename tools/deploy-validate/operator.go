package main

import (
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

var (
	serviceMonitorGVK = schema.GroupVersionKind{Group: "monitoring.coreos.com", Version: "v1", Kind: "ServiceMonitor"}
	prometheusRuleGVK = schema.GroupVersionKind{Group: "monitoring.coreos.com", Version: "v1", Kind: "PrometheusRule"}
)

// ServiceMonitor and PrometheusRule: the parts of the Prometheus Operator's monitoring.coreos.com/v1
// kinds the manifests may use, hand-kept like ScaledObject (keda.go) — the operator's Go module
// would pull a client-go of its own. A field outside this subset is reported as unknown.
type ServiceMonitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ServiceMonitorSpec `json:"spec"`
}

type ServiceMonitorSpec struct {
	JobLabel          string               `json:"jobLabel,omitempty"`
	TargetLabels      []string             `json:"targetLabels,omitempty"`
	PodTargetLabels   []string             `json:"podTargetLabels,omitempty"`
	Selector          metav1.LabelSelector `json:"selector"`
	NamespaceSelector *NamespaceSelector   `json:"namespaceSelector,omitempty"`
	Endpoints         []MonitoringEndpoint `json:"endpoints"`
}

type NamespaceSelector struct {
	Any        bool     `json:"any,omitempty"`
	MatchNames []string `json:"matchNames,omitempty"`
}

type MonitoringEndpoint struct {
	Port          string          `json:"port,omitempty"`
	Path          string          `json:"path,omitempty"`
	Scheme        string          `json:"scheme,omitempty"`
	Interval      string          `json:"interval,omitempty"`
	ScrapeTimeout string          `json:"scrapeTimeout,omitempty"`
	HonorLabels   bool            `json:"honorLabels,omitempty"`
	Relabelings   []RelabelConfig `json:"relabelings,omitempty"`
}

type RelabelConfig struct {
	SourceLabels []string `json:"sourceLabels,omitempty"`
	Separator    string   `json:"separator,omitempty"`
	TargetLabel  string   `json:"targetLabel,omitempty"`
	Regex        string   `json:"regex,omitempty"`
	Replacement  *string  `json:"replacement,omitempty"`
	Action       string   `json:"action,omitempty"`
}

func (s *ServiceMonitor) DeepCopyObject() runtime.Object {
	c := *s
	return &c
}

type PrometheusRule struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		// Checked by Prometheus's own rule parser (monitoring.go), as a rule file.
		Groups []map[string]any `json:"groups"`
	} `json:"spec"`
}

func (p *PrometheusRule) DeepCopyObject() runtime.Object {
	c := *p
	return &c
}

func decodeStrictInto(doc document, into any) error {
	strictErrs, err := sigsjson.UnmarshalStrict(doc.json, into, sigsjson.DisallowUnknownFields)
	if err != nil {
		return fmt.Errorf("%s: %w", doc.id, err)
	}
	if len(strictErrs) > 0 {
		return fmt.Errorf("%s: strict decoding error: %w", doc.id, errors.Join(strictErrs...))
	}
	return nil
}

func decodeServiceMonitor(doc document) (runtime.Object, error) {
	var sm ServiceMonitor
	if err := decodeStrictInto(doc, &sm); err != nil {
		return nil, err
	}
	if len(sm.Spec.Endpoints) == 0 {
		return nil, fmt.Errorf("%s: a ServiceMonitor needs at least one endpoint", doc.id)
	}
	for _, e := range sm.Spec.Endpoints {
		if e.Port == "" {
			return nil, fmt.Errorf("%s: endpoint without a named port", doc.id)
		}
	}
	return &sm, nil
}

func decodePrometheusRule(doc document) (runtime.Object, error) {
	var pr PrometheusRule
	if err := decodeStrictInto(doc, &pr); err != nil {
		return nil, err
	}
	content, err := yaml.Marshal(map[string]any{"groups": pr.Spec.Groups})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.id, err)
	}
	if _, err := validateRuleContent(content); err != nil {
		return nil, fmt.Errorf("%s: %w", doc.id, err)
	}
	return &pr, nil
}
