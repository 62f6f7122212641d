// Command deploy-validate checks the deployment artefacts offline, with no cluster and no schema
// download: it builds every kustomization with the kustomize API (the same engine as
// `kustomize build`), decodes every rendered document strictly into the typed Kubernetes API
// objects (an unknown or misspelt field, a wrong type or an unknown kind is an error), applies the
// platform's deployment rules, and validates docker-compose files against the compose
// specification's JSON schema shipped in compose-go.
//
//	deploy-validate k8s [--external-secret NAME]... DIR...
//	deploy-validate compose FILE...
//	deploy-validate monitoring --rules FILE... --dashboards FILE... (Prometheus rules, Grafana dashboards)
//	deploy-validate render DIR (prints what `kustomize build DIR` prints)
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "deploy-validate:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return errors.New("usage: deploy-validate k8s [--external-secret NAME]... DIR... | compose FILE...")
	}
	switch args[0] {
	case "k8s":
		var externalSecrets []string
		var dirs []string
		rest := args[1:]
		for i := 0; i < len(rest); i++ {
			if rest[i] == "--external-secret" && i+1 < len(rest) {
				externalSecrets = append(externalSecrets, rest[i+1])
				i++
				continue
			}
			dirs = append(dirs, rest[i])
		}
		return validateKustomizations(dirs, externalSecrets)
	case "compose":
		return validateComposeFiles(args[1:])
	case "monitoring":
		return validateMonitoring(splitMonitoringArgs(args[1:]))
	case "render":
		out, err := renderYAML(args[1])
		if err == nil {
			_, err = os.Stdout.Write(out)
		}
		return err
	default:
		return fmt.Errorf("unknown command %q", args[0])
	}
}

func validateKustomizations(dirs, externalSecrets []string) error {
	var failed []string
	for _, dir := range dirs {
		docs, err := renderKustomization(dir)
		if err == nil {
			err = validateDocuments(docs, externalSecrets)
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s:\n  %s", dir, strings.ReplaceAll(err.Error(), "\n", "\n  ")))
			continue
		}
		fmt.Printf("ok   %s: %d resources\n", dir, len(docs))
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n"))
	}
	return nil
}

func validateComposeFiles(files []string) error {
	var failed []string
	for _, file := range files {
		services, err := validateCompose(file)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", file, err))
			continue
		}
		fmt.Printf("ok   %s: %d services, valid against the compose specification\n", file, services)
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n"))
	}
	return nil
}
