package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

// rendered is one overlay's output, typed, grouped by what the rules look at.
type rendered struct {
	deployments     []*appsv1.Deployment
	jobs            []*batchv1.Job
	services        []*corev1.Service
	configMaps      map[string]bool
	secrets         map[string]bool
	pdbs            []*policyv1.PodDisruptionBudget
	hpas            []*autoscalingv2.HorizontalPodAutoscaler
	scaledObjects   []*ScaledObject
	networkPolicies []*networkingv1.NetworkPolicy
	strimzi         []*strimziResource
}

// validateDocuments decodes every document strictly, then applies the platform's deployment rules
// across them; it reports every problem, not just the first.
func validateDocuments(docs []document, externalSecrets []string) error {
	r := rendered{configMaps: map[string]bool{}, secrets: map[string]bool{}}
	for _, s := range externalSecrets {
		r.secrets[s] = true
	}
	var problems []string
	for _, doc := range docs {
		obj, err := decodeStrict(doc)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if p := namespaceProblem(doc.id, obj); p != "" {
			problems = append(problems, p)
		}
		r.add(obj)
	}
	problems = append(problems, r.rules()...)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func namespaceProblem(id string, obj runtime.Object) string {
	accessor, ok := obj.(metav1.Object)
	if !ok {
		return ""
	}
	if _, isNamespace := obj.(*corev1.Namespace); !isNamespace && accessor.GetNamespace() == "" {
		return id + ": no namespace"
	}
	return ""
}

func (r *rendered) add(obj runtime.Object) {
	switch o := obj.(type) {
	case *appsv1.Deployment:
		r.deployments = append(r.deployments, o)
	case *batchv1.Job:
		r.jobs = append(r.jobs, o)
	case *corev1.Service:
		r.services = append(r.services, o)
	case *corev1.ConfigMap:
		r.configMaps[o.Name] = true
	case *corev1.Secret:
		r.secrets[o.Name] = true
	case *policyv1.PodDisruptionBudget:
		r.pdbs = append(r.pdbs, o)
	case *autoscalingv2.HorizontalPodAutoscaler:
		r.hpas = append(r.hpas, o)
	case *ScaledObject:
		r.scaledObjects = append(r.scaledObjects, o)
	case *networkingv1.NetworkPolicy:
		r.networkPolicies = append(r.networkPolicies, o)
	case *strimziResource:
		r.strimzi = append(r.strimzi, o)
	}
}

func (r *rendered) rules() []string {
	var problems []string
	for _, d := range r.deployments {
		where := "Deployment " + d.Name
		problems = append(problems, r.podRules(where, d.Namespace, &d.Spec.Template.Spec, d.Spec.Template.Labels)...)
		problems = append(problems, r.deploymentRules(d)...)
	}
	for _, j := range r.jobs {
		problems = append(problems, r.podRules("Job "+j.Name, j.Namespace, &j.Spec.Template.Spec, j.Spec.Template.Labels)...)
	}
	for _, s := range r.services {
		problems = append(problems, r.serviceRules(s)...)
	}
	problems = append(problems, checkStrimzi(r.strimzi)...)
	for _, so := range r.scaledObjects {
		if r.deployment(so.Spec.ScaleTargetRef.Name) == nil {
			problems = append(problems, fmt.Sprintf("ScaledObject %s: scales Deployment %q, which is not rendered", so.Name, so.Spec.ScaleTargetRef.Name))
		}
	}
	return problems
}

func (r *rendered) deployment(name string) *appsv1.Deployment {
	for _, d := range r.deployments {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func selects(selector *metav1.LabelSelector, podLabels map[string]string) bool {
	if selector == nil {
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(selector)
	return err == nil && !s.Empty() && s.Matches(labels.Set(podLabels))
}

// Security, resources and references of every pod template (Deployments and Jobs alike).
func (r *rendered) podRules(where, namespace string, pod *corev1.PodSpec, podLabels map[string]string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, where+": "+fmt.Sprintf(format, args...)) }
	psc := pod.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		add("pod securityContext.runAsNonRoot must be true")
	}
	if psc == nil || psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		add("pod securityContext.seccompProfile.type must be RuntimeDefault")
	}
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		add("automountServiceAccountToken must be false (no pod talks to the API server)")
	}
	for _, c := range slices.Concat(pod.InitContainers, pod.Containers) {
		csc := c.SecurityContext
		if csc == nil || csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
			add("container %s: allowPrivilegeEscalation must be false", c.Name)
		}
		if csc == nil || csc.ReadOnlyRootFilesystem == nil || !*csc.ReadOnlyRootFilesystem {
			add("container %s: readOnlyRootFilesystem must be true", c.Name)
		}
		if csc == nil || csc.Capabilities == nil || !slices.Contains(csc.Capabilities.Drop, "ALL") {
			add("container %s: capabilities must drop ALL", c.Name)
		}
		for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if _, ok := c.Resources.Requests[res]; !ok {
				add("container %s: no %s request", c.Name, res)
			}
		}
		if _, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok {
			add("container %s: no memory limit", c.Name)
		}
		if !strings.Contains(c.Image[strings.LastIndex(c.Image, "/")+1:], ":") || strings.HasSuffix(c.Image, ":latest") {
			add("container %s: image %q has no pinned tag", c.Name, c.Image)
		}
		problems = append(problems, r.referenceProblems(where, c)...)
	}
	for _, v := range pod.Volumes {
		if v.ConfigMap != nil && !r.configMaps[v.ConfigMap.Name] {
			add("volume %s: ConfigMap %q is not rendered", v.Name, v.ConfigMap.Name)
		}
		if v.Secret != nil && !r.secrets[v.Secret.SecretName] {
			add("volume %s: Secret %q is neither rendered nor declared external", v.Name, v.Secret.SecretName)
		}
	}
	if !r.hasDefaultDeny(namespace) {
		add("namespace %s has no default-deny NetworkPolicy", namespace)
	}
	if !r.allowsDNS(namespace, podLabels) {
		add("no NetworkPolicy lets the pod resolve names (egress to port 53)")
	}
	return problems
}

func (r *rendered) referenceProblems(where string, c corev1.Container) []string {
	var problems []string
	for _, from := range c.EnvFrom {
		if from.ConfigMapRef != nil && !r.configMaps[from.ConfigMapRef.Name] {
			problems = append(problems, fmt.Sprintf("%s: container %s: envFrom ConfigMap %q is not rendered", where, c.Name, from.ConfigMapRef.Name))
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom == nil {
			continue
		}
		if ref := e.ValueFrom.SecretKeyRef; ref != nil && !r.secrets[ref.Name] {
			problems = append(problems, fmt.Sprintf("%s: env %s: Secret %q is neither rendered nor declared external", where, e.Name, ref.Name))
		}
		if ref := e.ValueFrom.ConfigMapKeyRef; ref != nil && !r.configMaps[ref.Name] {
			problems = append(problems, fmt.Sprintf("%s: env %s: ConfigMap %q is not rendered", where, e.Name, ref.Name))
		}
	}
	return problems
}

func (r *rendered) deploymentRules(d *appsv1.Deployment) []string {
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, "Deployment "+d.Name+": "+fmt.Sprintf(format, args...))
	}
	podLabels := d.Spec.Template.Labels
	if !selects(d.Spec.Selector, podLabels) {
		add("selector does not match the pod template's labels")
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		ports := map[string]bool{}
		for _, p := range c.Ports {
			ports[p.Name] = true
		}
		for _, probe := range []struct {
			kind  string
			probe *corev1.Probe
			path  string
		}{{"readiness", c.ReadinessProbe, "/health/ready"}, {"liveness", c.LivenessProbe, "/health/live"}} {
			if probe.probe == nil || probe.probe.HTTPGet == nil || probe.probe.HTTPGet.Path != probe.path {
				add("container %s: %s probe must GET %s", c.Name, probe.kind, probe.path)
			} else if port := probe.probe.HTTPGet.Port; port.StrVal != "" && !ports[port.StrVal] {
				add("container %s: %s probe port %q is not a container port", c.Name, probe.kind, port.StrVal)
			}
		}
	}
	pdbs := 0
	for _, p := range r.pdbs {
		if p.Namespace == d.Namespace && selects(p.Spec.Selector, podLabels) {
			pdbs++
		}
	}
	if pdbs != 1 {
		add("selected by %d PodDisruptionBudgets, want 1", pdbs)
	}
	var scalers []string
	for _, h := range r.hpas {
		if h.Spec.ScaleTargetRef.Kind == "Deployment" && h.Spec.ScaleTargetRef.Name == d.Name {
			scalers = append(scalers, "HorizontalPodAutoscaler "+h.Name)
			if h.Spec.MinReplicas != nil && *h.Spec.MinReplicas > h.Spec.MaxReplicas {
				add("HorizontalPodAutoscaler %s: minReplicas exceeds maxReplicas", h.Name)
			}
			if !slices.ContainsFunc(h.Spec.Metrics, func(m autoscalingv2.MetricSpec) bool {
				return m.Resource != nil && m.Resource.Name == corev1.ResourceCPU
			}) {
				add("HorizontalPodAutoscaler %s: no CPU metric", h.Name)
			}
		}
	}
	for _, so := range r.scaledObjects {
		if so.Spec.ScaleTargetRef != nil && so.Spec.ScaleTargetRef.Name == d.Name {
			scalers = append(scalers, "ScaledObject "+so.Name)
		}
	}
	if len(scalers) != 1 {
		add("scaled by [%s], want exactly one autoscaler (an HPA, or a KEDA ScaledObject instead of it)", strings.Join(scalers, ", "))
	}
	if len(scalers) > 0 && d.Spec.Replicas != nil {
		add("sets spec.replicas although an autoscaler owns it (every apply would reset the scale)")
	}
	return problems
}

func (r *rendered) serviceRules(s *corev1.Service) []string {
	for _, d := range r.deployments {
		if d.Namespace != s.Namespace || !selects(&metav1.LabelSelector{MatchLabels: s.Spec.Selector}, d.Spec.Template.Labels) {
			continue
		}
		var problems []string
		for _, sp := range s.Spec.Ports {
			if sp.TargetPort.StrVal == "" {
				continue
			}
			if !slices.ContainsFunc(d.Spec.Template.Spec.Containers, func(c corev1.Container) bool {
				return slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == sp.TargetPort.StrVal })
			}) {
				problems = append(problems, fmt.Sprintf("Service %s: targetPort %q is not a port of Deployment %s", s.Name, sp.TargetPort.StrVal, d.Name))
			}
		}
		return problems
	}
	return []string{fmt.Sprintf("Service %s: selects no rendered Deployment", s.Name)}
}

func (r *rendered) hasDefaultDeny(namespace string) bool {
	return slices.ContainsFunc(r.networkPolicies, func(p *networkingv1.NetworkPolicy) bool {
		return p.Namespace == namespace && len(p.Spec.PodSelector.MatchLabels) == 0 && len(p.Spec.PodSelector.MatchExpressions) == 0 &&
			slices.Contains(p.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) && slices.Contains(p.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) &&
			len(p.Spec.Ingress) == 0 && len(p.Spec.Egress) == 0
	})
}

func (r *rendered) allowsDNS(namespace string, podLabels map[string]string) bool {
	return slices.ContainsFunc(r.networkPolicies, func(p *networkingv1.NetworkPolicy) bool {
		if p.Namespace != namespace || !selects(&p.Spec.PodSelector, podLabels) {
			return false
		}
		return slices.ContainsFunc(p.Spec.Egress, func(rule networkingv1.NetworkPolicyEgressRule) bool {
			return slices.ContainsFunc(rule.Ports, func(port networkingv1.NetworkPolicyPort) bool {
				return port.Port != nil && port.Port.IntValue() == 53
			})
		})
	})
}
