package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	mdbv1 "github.com/mongodb/mongodb-kubernetes-operator/api/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// The operators platform teams run for the data plane: Strimzi (Kafka, KafkaNodePool, KafkaTopic,
// KafkaUser) and the MongoDB community operator (MongoDBCommunity). Both are checked against the
// projects' published API types: MongoDBCommunity by strict decoding into the operator's Go types
// (github.com/mongodb/mongodb-kubernetes-operator/api/v1, from the Go module proxy), the Strimzi kinds
// by Strimzi's Java model (io.strimzi:api from Maven Central, StrimziCheck.java under k8s-strimzi/,
// one JVM for all of them).

// STRIMZI_API_VERSION must match k8s-strimzi/pom.xml.
const STRIMZI_API_VERSION = "0.49.0"

var mongoDBCommunityGVK = schema.GroupVersionKind{Group: "mongodbcommunity.mongodb.com", Version: "v1", Kind: "MongoDBCommunity"}

const strimziGroup = "kafka.strimzi.io"

// strimziResource is a Strimzi document, checked with the others of its overlay by checkStrimzi.
type strimziResource struct {
	metav1.TypeMeta
	doc  document
	kind string
	name string
	spec map[string]any
}

func (s *strimziResource) DeepCopyObject() runtime.Object {
	c := *s
	return &c
}

// decodeOperatorResource decodes the operators' kinds; ok is false for any other kind.
func decodeOperatorResource(doc document, gvk schema.GroupVersionKind) (obj runtime.Object, ok bool, err error) {
	switch {
	case gvk == mongoDBCommunityGVK:
		var mdb mdbv1.MongoDBCommunity
		if err := decodeStrictInto(doc, &mdb); err != nil {
			return nil, true, err
		}
		if err := mongoDBCommunityRules(&mdb); err != nil {
			return nil, true, fmt.Errorf("%s: %w", doc.id, err)
		}
		return &mdb, true, nil
	case gvk.Group == strimziGroup:
		var meta struct {
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
			Spec map[string]any `json:"spec"`
		}
		if err := json.Unmarshal(doc.json, &meta); err != nil {
			return nil, true, fmt.Errorf("%s: %w", doc.id, err)
		}
		return &strimziResource{TypeMeta: metav1.TypeMeta{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind}, doc: doc, kind: gvk.Kind, name: meta.Metadata.Name, spec: meta.Spec}, true, nil
	}
	return nil, false, nil
}

// The platform's own rules for its database: a replica set with TLS and SCRAM users only.
func mongoDBCommunityRules(m *mdbv1.MongoDBCommunity) error {
	var problems []string
	if m.Spec.Type != mdbv1.ReplicaSet {
		problems = append(problems, fmt.Sprintf("spec.type must be ReplicaSet, not %q", m.Spec.Type))
	}
	if m.Spec.Members < 1 {
		problems = append(problems, "spec.members must be at least 1")
	}
	if !m.Spec.Security.TLS.Enabled || m.Spec.Security.TLS.Optional {
		problems = append(problems, "spec.security.tls must be enabled and not optional")
	}
	if len(m.Spec.Security.Authentication.Modes) == 0 {
		problems = append(problems, "spec.security.authentication.modes must name SCRAM")
	}
	for _, u := range m.Spec.Users {
		if u.PasswordSecretRef.Name == "" {
			problems = append(problems, fmt.Sprintf("user %s: passwordSecretRef.name is required", u.Name))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// strimziRules: the listener the services use is TLS with SCRAM-SHA-512, every KafkaUser is SCRAM-SHA-512
// and every KafkaTopic and KafkaUser names a rendered Kafka cluster.
func strimziRules(resources []*strimziResource) []string {
	var problems []string
	clusters := map[string]bool{}
	for _, r := range resources {
		if r.kind == "Kafka" {
			clusters[r.name] = true
			listeners, _ := nested(r.spec, "kafka", "listeners").([]any)
			secure := false
			for _, l := range listeners {
				m, _ := l.(map[string]any)
				if m["tls"] == true && nested(m, "authentication", "type") == "scram-sha-512" {
					secure = true
				} else {
					problems = append(problems, fmt.Sprintf("Kafka %s: listener %v is not TLS with scram-sha-512 authentication", r.name, m["name"]))
				}
			}
			if !secure {
				problems = append(problems, fmt.Sprintf("Kafka %s: no TLS listener with scram-sha-512 authentication", r.name))
			}
		}
	}
	for _, r := range resources {
		if r.kind != "KafkaTopic" && r.kind != "KafkaUser" && r.kind != "KafkaNodePool" {
			continue
		}
		var labels struct {
			Metadata struct {
				Labels map[string]string `json:"labels"`
			} `json:"metadata"`
		}
		_ = json.Unmarshal(r.doc.json, &labels)
		if cluster := labels.Metadata.Labels["strimzi.io/cluster"]; !clusters[cluster] {
			problems = append(problems, fmt.Sprintf("%s %s: label strimzi.io/cluster %q names no rendered Kafka", r.kind, r.name, cluster))
		}
		if r.kind == "KafkaUser" && nested(r.spec, "authentication", "type") != "scram-sha-512" {
			problems = append(problems, fmt.Sprintf("KafkaUser %s: authentication must be scram-sha-512", r.name))
		}
	}
	return problems
}

func nested(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

// checkStrimzi runs StrimziCheck.java once over all the Strimzi documents of an overlay.
func checkStrimzi(resources []*strimziResource) []string {
	if len(resources) == 0 {
		return nil
	}
	problems := strimziRules(resources)
	root, err := repositoryRoot()
	if err != nil {
		return append(problems, err.Error())
	}
	jars, err := strimziJars(root)
	if err != nil {
		return append(problems, err.Error())
	}
	var input bytes.Buffer
	for _, r := range resources {
		line, _ := json.Marshal(map[string]any{"id": r.doc.id, "resource": json.RawMessage(r.doc.json)})
		input.Write(append(line, '\n'))
	}
	cmd := exec.Command("java", "-cp", filepath.Join(jars, "*"), filepath.Join(root, "tools/deploy-validate/k8s-strimzi/StrimziCheck.java"))
	cmd.Stdin = &input
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return append(problems, fmt.Sprintf("Strimzi check (java) failed: %v: %s", err, lastLines(stderr.String())))
	}
	scanner := bufio.NewScanner(&stdout)
	for scanner.Scan() {
		if line := strings.TrimSpace(scanner.Text()); line != "" {
			problems = append(problems, line)
		}
	}
	return problems
}

// strimziJars is .cache/strimzi-api-<version> (git-ignored), resolved from Maven Central once.
func strimziJars(root string) (string, error) {
	dir := filepath.Join(root, ".cache", "strimzi-api-"+STRIMZI_API_VERSION)
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.jar")); len(matches) > 0 {
		return dir, nil
	}
	cmd := exec.Command("mvn", "-q", "-B", "dependency:copy-dependencies", "-DoutputDirectory="+dir)
	cmd.Dir = filepath.Join(root, "tools/deploy-validate/k8s-strimzi")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("resolving io.strimzi:api %s with mvn: %v: %s", STRIMZI_API_VERSION, err, lastLines(string(out)))
	}
	return dir, nil
}

// repositoryRoot: the nearest folder up from the working directory that holds tools/deploy-validate.
func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "tools/deploy-validate/k8s-strimzi/StrimziCheck.java")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find the repository root (tools/deploy-validate/k8s-strimzi) above the working directory")
		}
		dir = parent
	}
}

func lastLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}
