package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// Variables a compose file requires with `${NAME:?message}`: validation stands in a placeholder
// for each (never a real value), so the schema check runs on the interpolated file as
// `docker compose config` would.
var requiredVariable = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*):\?`)

// validateCompose loads a compose file as `docker compose config` does: YAML anchors and merge
// keys resolved, variables interpolated, then validated against the compose specification's JSON
// schema embedded in compose-go (pinned in go.mod), then turned into a project (which also checks
// references such as depends_on). It returns the number of services.
func validateCompose(file string) (int, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	env := types.Mapping{}
	for _, m := range requiredVariable.FindAllStringSubmatch(string(content), -1) {
		env[m[1]] = "placeholder-for-validation-only-0123456789abcdef"
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return 0, err
	}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(abs),
		ConfigFiles: []types.ConfigFile{{Filename: abs, Content: content}},
		Environment: env,
	}
	project, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("validate", false)
		o.ResolvePaths = true
	})
	if err != nil {
		return 0, err
	}
	return len(project.Services), nil
}
