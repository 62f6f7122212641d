package main

import (
	"strings"
	"testing"

	mdbv1 "github.com/mongodb/mongodb-kubernetes-operator/api/v1"
)

// The operators overlay passes against Strimzi's and the MongoDB community operator's API types.
func TestOperatorsOverlayPasses(t *testing.T) {
	docs, err := renderKustomization("../../k8s/overlays/prod-operators")
	if err != nil {
		t.Fatal(err)
	}
	if err := validateDocuments(docs, externalSecrets); err != nil {
		t.Fatal(err)
	}
}

// Each break is named: by the operators' own types (misspelt field, wrong type, unknown enum value)
// and by the platform's rules (plaintext listener, no TLS, a topic of no cluster).
func TestBrokenOperatorResourcesAreRejected(t *testing.T) {
	docs, err := renderKustomization("testdata/k8s-operators-broken")
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	err = validateDocuments(docs, externalSecrets)
	if err == nil {
		t.Fatal("accepted broken operator resources")
	}
	for _, want := range []string{
		`KafkaUser.v1beta2.kafka.strimzi.io/hcv.kafka: unknown field "spec.authentication.pasword"`,
		`KafkaNodePool.v1beta2.kafka.strimzi.io/nodes.kafka: Cannot deserialize value of type ` + "`int`" + ` from String "three"`,
		`Kafka.v1beta2.kafka.strimzi.io/hcv.kafka: value of "spec.kafka.listeners[1].type" ("internel") is not one the model knows`,
		`Kafka hcv: listener plain is not TLS with scram-sha-512 authentication`,
		`KafkaTopic session.opened.v1: label strimzi.io/cluster "other" names no rendered Kafka`,
		`unknown field "spec.memebers"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	// The strict decode stops at the unknown field; with it fixed, the rule on TLS speaks.
	if problem := mongoDBCommunityRules(mustMongo(t)); problem == nil || !strings.Contains(problem.Error(), "spec.security.tls must be enabled") {
		t.Errorf("a MongoDBCommunity without TLS passed the rules: %v", problem)
	}
}

func mustMongo(t *testing.T) *mdbv1.MongoDBCommunity {
	t.Helper()
	m := &mdbv1.MongoDBCommunity{}
	m.Spec.Type = mdbv1.ReplicaSet
	m.Spec.Members = 3
	m.Spec.Security.Authentication.Modes = []mdbv1.AuthMode{"SCRAM"}
	return m
}
