package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	sigsjson "sigs.k8s.io/json"
)

// The API groups the manifests may use. A kind outside them (or a misspelt apiVersion/kind) is an
// error rather than a silently skipped document.
var scheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, autoscalingv2.AddToScheme,
		policyv1.AddToScheme, networkingv1.AddToScheme, rbacv1.AddToScheme,
	} {
		utilruntime.Must(add(s))
	}
	return s
}()

// Strict: unknown fields and duplicate fields are decoding errors, as with
// `kubectl apply --validate=strict` (the server's default field validation since 1.27).
var strictDecoder = serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// decodeStrict turns one rendered document into its typed object.
func decodeStrict(doc document) (runtime.Object, error) {
	var meta typeMeta
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(doc.json, &meta); err != nil {
		return nil, fmt.Errorf("%s: %w", doc.id, err)
	}
	gvk := schema.FromAPIVersionAndKind(meta.APIVersion, meta.Kind)
	switch gvk {
	case kedaScaledObjectGVK:
		return decodeScaledObject(doc)
	case serviceMonitorGVK:
		return decodeServiceMonitor(doc)
	case prometheusRuleGVK:
		return decodePrometheusRule(doc)
	}
	if obj, ok, err := decodeOperatorResource(doc, gvk); ok {
		return obj, err
	}
	if !scheme.Recognizes(gvk) {
		return nil, fmt.Errorf("%s: unknown apiVersion/kind %s (not among %s)", doc.id, gvk, knownGroupVersions())
	}
	obj, _, err := strictDecoder.Decode(doc.json, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.id, err)
	}
	return obj, nil
}

func decodeScaledObject(doc document) (runtime.Object, error) {
	var so ScaledObject
	strictErrs, err := sigsjson.UnmarshalStrict(doc.json, &so, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.id, err)
	}
	if len(strictErrs) > 0 {
		return nil, fmt.Errorf("%s: strict decoding error: %w", doc.id, errors.Join(strictErrs...))
	}
	if err := so.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", doc.id, err)
	}
	return &so, nil
}

func knownGroupVersions() string {
	var gvs []string
	for _, gv := range scheme.PrioritizedVersionsAllGroups() {
		gvs = append(gvs, gv.String())
	}
	gvs = append(gvs, kedaScaledObjectGVK.GroupVersion().String(), serviceMonitorGVK.GroupVersion().String(),
		mongoDBCommunityGVK.GroupVersion().String(), strimziGroup+"/v1beta2")
	sort.Strings(gvs)
	return strings.Join(gvs, ", ")
}
