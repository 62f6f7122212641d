package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var kedaScaledObjectGVK = schema.GroupVersionKind{Group: "keda.sh", Version: "v1alpha1", Kind: "ScaledObject"}

// ScaledObject is the part of KEDA's keda.sh/v1alpha1 ScaledObject (KEDA 2.x) the manifests may
// use. KEDA's own Go types drag in controller-runtime and a client-go that conflicts with the
// k8s.io/api pinned here, so this is a hand-kept subset: a field outside it is reported as unknown,
// which errs on the safe side (add it here after checking KEDA's CRD).
type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ScaledObjectSpec `json:"spec"`
}

type ScaledObjectSpec struct {
	ScaleTargetRef        *ScaleTarget `json:"scaleTargetRef"`
	PollingInterval       *int32       `json:"pollingInterval,omitempty"`
	InitialCooldownPeriod *int32       `json:"initialCooldownPeriod,omitempty"`
	CooldownPeriod        *int32       `json:"cooldownPeriod,omitempty"`
	IdleReplicaCount      *int32       `json:"idleReplicaCount,omitempty"`
	MinReplicaCount       *int32       `json:"minReplicaCount,omitempty"`
	MaxReplicaCount       *int32       `json:"maxReplicaCount,omitempty"`
	Advanced              *Advanced    `json:"advanced,omitempty"`
	Triggers              []Trigger    `json:"triggers"`
	Fallback              *Fallback    `json:"fallback,omitempty"`
}

type ScaleTarget struct {
	APIVersion             string `json:"apiVersion,omitempty"`
	Kind                   string `json:"kind,omitempty"`
	Name                   string `json:"name"`
	EnvSourceContainerName string `json:"envSourceContainerName,omitempty"`
}

type Advanced struct {
	HorizontalPodAutoscalerConfig *HPAConfig `json:"horizontalPodAutoscalerConfig,omitempty"`
	RestoreToOriginalReplicaCount bool       `json:"restoreToOriginalReplicaCount,omitempty"`
}

type HPAConfig struct {
	Name     string                                         `json:"name,omitempty"`
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

type Trigger struct {
	Type              string                         `json:"type"`
	Name              string                         `json:"name,omitempty"`
	UseCachedMetrics  bool                           `json:"useCachedMetrics,omitempty"`
	Metadata          map[string]string              `json:"metadata"`
	AuthenticationRef *AuthenticationRef             `json:"authenticationRef,omitempty"`
	MetricType        autoscalingv2.MetricTargetType `json:"metricType,omitempty"`
}

type AuthenticationRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

type Fallback struct {
	FailureThreshold int32 `json:"failureThreshold"`
	Replicas         int32 `json:"replicas"`
}

func (s *ScaledObject) DeepCopyObject() runtime.Object {
	c := *s
	return &c
}

// Metadata keys of KEDA's `kafka` scaler (keda.sh docs, scalers/apache-kafka).
var kafkaTriggerKeys = map[string]bool{
	"bootstrapServers": true, "consumerGroup": true, "topic": true, "partitionLimitation": true,
	"lagThreshold": true, "activationLagThreshold": true, "offsetResetPolicy": true,
	"allowIdleConsumers": true, "excludePersistentLag": true, "scaleToZeroOnInvalidOffset": true,
	"limitToPartitionsWithLag": true, "ensureEvenDistributionOfPartitions": true, "version": true,
	"sasl": true, "tls": true, "unsafeSsl": true,
}

var kafkaIntegerKeys = []string{"lagThreshold", "activationLagThreshold"}
var kafkaBoolKeys = []string{"allowIdleConsumers", "excludePersistentLag", "scaleToZeroOnInvalidOffset", "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions"}

func (s *ScaledObject) validate() error {
	var problems []string
	if s.Spec.ScaleTargetRef == nil || s.Spec.ScaleTargetRef.Name == "" {
		problems = append(problems, "spec.scaleTargetRef.name is required")
	}
	if len(s.Spec.Triggers) == 0 {
		problems = append(problems, "spec.triggers must not be empty")
	}
	if s.Spec.MinReplicaCount != nil && s.Spec.MaxReplicaCount != nil && *s.Spec.MinReplicaCount > *s.Spec.MaxReplicaCount {
		problems = append(problems, "spec.minReplicaCount exceeds spec.maxReplicaCount")
	}
	for i, t := range s.Spec.Triggers {
		if t.Type != "kafka" {
			continue
		}
		var unknown []string
		for k := range t.Metadata {
			if !kafkaTriggerKeys[k] {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		if len(unknown) > 0 {
			problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata: unknown kafka scaler key(s) %s", i, strings.Join(unknown, ", ")))
		}
		for _, k := range []string{"bootstrapServers", "consumerGroup"} {
			if t.Metadata[k] == "" {
				problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.%s is required", i, k))
			}
		}
		for _, k := range kafkaIntegerKeys {
			if v, ok := t.Metadata[k]; ok {
				if _, err := strconv.ParseInt(v, 10, 64); err != nil {
					problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.%s: %q is not an integer", i, k, v))
				}
			}
		}
		for _, k := range kafkaBoolKeys {
			if v, ok := t.Metadata[k]; ok && v != "true" && v != "false" {
				problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.%s: %q is not true/false", i, k, v))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}
