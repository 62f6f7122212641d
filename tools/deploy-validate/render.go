package main

import (
	"fmt"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// document is one rendered resource as JSON, with the name it is reported under.
type document struct {
	id   string
	json []byte
}

func renderYAML(dir string) ([]byte, error) {
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build: %w", err)
	}
	return resources.AsYaml()
}

// renderKustomization runs `kustomize build DIR` in-process (default options: load restrictor on,
// no plugins), so CI needs no kustomize binary and the version is the one pinned in go.mod.
func renderKustomization(dir string) ([]document, error) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	resources, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build: %w", err)
	}
	var docs []document
	for _, r := range resources.Resources() {
		data, err := r.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.CurId(), err)
		}
		docs = append(docs, document{id: r.CurId().String(), json: data})
	}
	return docs, nil
}
