package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
)

// What promtool checks of a rule file, with Prometheus's own code: rulefmt parses and validates
// the groups (unknown fields, duplicate names, every expression parsed by the PromQL parser,
// label and annotation templates), and on top the platform's rules: every alert waits (`for`)
// and says what to do (`summary`, `description`), and every metric it reads is one the services
// export by name prefix (the unit spec tests/deploy/monitoring.unit.spec.ts compares the names
// themselves with the services' registry; this prefix rule keeps that comparison complete).

var promqlParser = parser.NewParser(parser.Options{})

// Metric name prefixes the platform's processes export (prom-client's default metrics and ours).
var exportedPrefix = regexp.MustCompile(`^(hcv|process|nodejs)_`)

// Series Prometheus itself makes, not the services: allowed by name.
var prometheusOwn = map[string]bool{"up": true, "ALERTS": true, "scrape_duration_seconds": true}

func metricNamesIn(expr string) ([]string, error) {
	node, err := promqlParser.ParseExpr(expr)
	if err != nil {
		return nil, err
	}
	var names []string
	parser.Inspect(node, func(n parser.Node, _ []parser.Node) error {
		if vs, ok := n.(*parser.VectorSelector); ok {
			names = append(names, vs.Name)
		}
		return nil
	})
	return names, nil
}

func checkNames(where string, names []string) []string {
	var problems []string
	for _, name := range names {
		if name == "" {
			problems = append(problems, fmt.Sprintf("%s: a selector without a metric name", where))
		} else if !exportedPrefix.MatchString(name) && !prometheusOwn[name] {
			problems = append(problems, fmt.Sprintf("%s: metric %q is not one the services export (hcv_, process_, nodejs_)", where, name))
		}
	}
	return problems
}

func validateRuleFile(file string) (int, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	return validateRuleContent(content)
}

func validateRuleContent(content []byte) (int, error) {
	groups, errs := rulefmt.Parse(content, false, model.UTF8Validation, promqlParser, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var problems []string
	for _, err := range errs {
		problems = append(problems, err.Error())
	}
	if groups == nil {
		return 0, errors.New(strings.Join(problems, "\n"))
	}
	rules := 0
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			rules++
			where := fmt.Sprintf("group %s, rule %s%s", g.Name, r.Alert, r.Record)
			names, err := metricNamesIn(r.Expr)
			if err != nil {
				continue // rulefmt reported it
			}
			problems = append(problems, checkNames(where, names)...)
			if r.Alert != "" {
				if r.For == 0 {
					problems = append(problems, where+": an alert needs `for` (a single bad scrape must not page)")
				}
				for _, key := range []string{"summary", "description"} {
					if strings.TrimSpace(r.Annotations[key]) == "" {
						problems = append(problems, fmt.Sprintf("%s: annotation %q missing", where, key))
					}
				}
				if r.Labels["severity"] == "" {
					problems = append(problems, where+": label severity missing")
				}
			}
		}
	}
	if len(problems) > 0 {
		return rules, errors.New(strings.Join(problems, "\n"))
	}
	return rules, nil
}

// Grafana's interval variables, replaced by a duration so the expression parses as Prometheus will see it.
var grafanaVariable = regexp.MustCompile(`\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}`)

type dashboardPanel struct {
	Title   string           `json:"title"`
	Targets []dashboardQuery `json:"targets"`
	Panels  []dashboardPanel `json:"panels"`
}

type dashboardQuery struct {
	Expr string `json:"expr"`
}

type dashboard struct {
	UID    string           `json:"uid"`
	Title  string           `json:"title"`
	Panels []dashboardPanel `json:"panels"`
}

func validateDashboardFile(file string) (int, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		return 0, fmt.Errorf("not JSON: %w", err)
	}
	var problems []string
	if d.UID == "" || d.Title == "" {
		problems = append(problems, "uid and title are required")
	}
	queries := 0
	var walk func(panels []dashboardPanel)
	walk = func(panels []dashboardPanel) {
		for _, p := range panels {
			walk(p.Panels)
			for _, t := range p.Targets {
				queries++
				where := fmt.Sprintf("panel %q", p.Title)
				if strings.TrimSpace(t.Expr) == "" {
					problems = append(problems, where+": a target without expr")
					continue
				}
				names, err := metricNamesIn(grafanaVariable.ReplaceAllString(t.Expr, "5m"))
				if err != nil {
					problems = append(problems, fmt.Sprintf("%s: %v", where, err))
					continue
				}
				problems = append(problems, checkNames(where, names)...)
			}
		}
	}
	walk(d.Panels)
	if queries == 0 {
		problems = append(problems, "no queries")
	}
	if len(problems) > 0 {
		return queries, errors.New(strings.Join(problems, "\n"))
	}
	return queries, nil
}

func validateMonitoring(rules, dashboards []string) error {
	var failed []string
	for _, file := range rules {
		n, err := validateRuleFile(file)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s:\n  %s", file, strings.ReplaceAll(err.Error(), "\n", "\n  ")))
			continue
		}
		fmt.Printf("ok   %s: %d rules\n", file, n)
	}
	for _, file := range dashboards {
		n, err := validateDashboardFile(file)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s:\n  %s", file, strings.ReplaceAll(err.Error(), "\n", "\n  ")))
			continue
		}
		fmt.Printf("ok   %s: %d queries\n", file, n)
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n"))
	}
	return nil
}

// splitMonitoringArgs: `--rules FILE... --dashboards FILE...`.
func splitMonitoringArgs(args []string) (rules, dashboards []string) {
	target := &rules
	for _, a := range args {
		switch a {
		case "--rules":
			target = &rules
		case "--dashboards":
			target = &dashboards
		default:
			*target = append(*target, a)
		}
	}
	sort.Strings(rules)
	sort.Strings(dashboards)
	return rules, dashboards
}
