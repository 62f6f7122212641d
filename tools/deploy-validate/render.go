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

// The options of the kustomize CLI's `build` (v5.8.2, which uses this kustomize/api version):
// no plugins, load restrictor on, resources in the legacy order (namespaces and config first).
func buildOptions() *krusty.Options {
	o := krusty.MakeDefaultOptions()
	o.Reorder = krusty.ReorderOptionLegacy
	return o
}

func renderYAML(dir string) ([]byte, error) {
	resources, err := krusty.MakeKustomizer(buildOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build: %w", err)
	}
	return resources.AsYaml()
}

// renderKustomization runs `kustomize build DIR` in-process, so CI needs no kustomize binary and
// the version is the one pinned in go.mod.
func renderKustomization(dir string) ([]document, error) {
	k := krusty.MakeKustomizer(buildOptions())
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
