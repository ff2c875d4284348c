package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
)

// JSONVersion is the version of the JSON report schema. It changes only when a
// field is removed or changes meaning; new fields may appear without a change.
const JSONVersion = 1

// jsonReport is the JSON report schema, version 1.
type jsonReport struct {
	Version    int           `json:"version"`
	Summary    jsonSummary   `json:"summary"`
	Files      []jsonFile    `json:"files"`
	Findings   []jsonFinding `json:"findings"`
	Suppressed []jsonFinding `json:"suppressed"`
}

type jsonSummary struct {
	Files       int            `json:"files"`
	Findings    int            `json:"findings"`
	Suppressed  int            `json:"suppressed"`
	ParseErrors int            `json:"parseErrors"`
	BySeverity  map[string]int `json:"bySeverity"`
}

type jsonFile struct {
	Path       string `json:"path"`
	Kind       string `json:"kind"`
	Findings   int    `json:"findings"`
	Suppressed int    `json:"suppressed"`
	ParseError string `json:"parseError,omitempty"`
}

type jsonFinding struct {
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Title       string `json:"title"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Message     string `json:"message"`
	Fix         string `json:"fix"`
	Refs        Refs   `json:"refs"`
	Fingerprint string `json:"fingerprint"`
	Reason      string `json:"reason,omitempty"`
}

// WriteJSON renders r as JSON in the schema described in the package README:
// version, summary, files, findings and suppressed findings.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Version:    JSONVersion,
		Files:      []jsonFile{},
		Findings:   jsonFindings(r.Findings()),
		Suppressed: jsonFindings(r.Suppressed()),
	}
	n := r.Counts()
	out.Summary = jsonSummary{
		Files: len(r.Files), Findings: len(out.Findings), Suppressed: len(out.Suppressed),
		ParseErrors: r.ParseErrors(), BySeverity: map[string]int{},
	}
	for s := Low; s <= Critical; s++ {
		out.Summary.BySeverity[s.String()] = n[s]
	}
	for _, f := range r.Files {
		jf := jsonFile{Path: filepath.ToSlash(f.Path), Kind: f.Kind.String(), ParseError: f.ParseError}
		for _, fd := range f.Findings {
			if fd.Suppressed {
				jf.Suppressed++
			} else {
				jf.Findings++
			}
		}
		out.Files = append(out.Files, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func jsonFindings(fs []Finding) []jsonFinding {
	out := []jsonFinding{}
	prints := fingerprints(fs)
	for i, fd := range fs {
		rule := fd.Rule()
		out = append(out, jsonFinding{
			Rule: fd.RuleID, Severity: fd.Severity.String(), Title: rule.Title,
			Path: filepath.ToSlash(fd.Path), Line: fd.Line, Column: fd.Column,
			Message: fd.Message, Fix: rule.Fix, Refs: rule.Refs,
			Fingerprint: prints[i], Reason: fd.Reason,
		})
	}
	return out
}

// fingerprints returns a stable identity for each finding: a hash of its rule, file
// and message, without the line, so that a finding keeps its identity when lines
// above it move. Equal findings in one file are told apart by their order.
func fingerprints(fs []Finding) []string {
	seen := map[string]int{}
	out := make([]string, len(fs))
	for i, fd := range fs {
		key := fd.RuleID + "\x00" + filepath.ToSlash(fd.Path) + "\x00" + fd.Message
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		out[i] = hex.EncodeToString(sum[:16])
	}
	return out
}

// securitySeverity maps a severity to the CVSS-like score code scanning expects in
// properties.security-severity.
func securitySeverity(s Severity) string {
	return [...]string{"3.0", "5.5", "8.0", "9.5"}[s]
}

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s Severity) string {
	if s >= High {
		return "error"
	}
	if s == Medium {
		return "warning"
	}
	return "note"
}

// WriteSARIF renders r as a SARIF 2.1.0 log with one run, the rule table in
// tool.driver.rules, and one result per finding; suppressed findings carry a
// suppressions entry so that code scanning shows them as dismissed.
func (r *Report) WriteSARIF(w io.Writer) error {
	type obj = map[string]any
	rules := []obj{}
	index := map[string]int{}
	for i, rule := range Rules {
		index[rule.ID] = i
		help := rule.Fix
		if refs := rule.Refs.String(); refs != "" {
			help += " See also: " + refs + "."
		}
		rules = append(rules, obj{
			"id":                   rule.ID,
			"name":                 rule.ID,
			"shortDescription":     obj{"text": rule.Title},
			"fullDescription":      obj{"text": rule.Title + "."},
			"help":                 obj{"text": help},
			"defaultConfiguration": obj{"level": sarifLevel(rule.Severity)},
			"properties": obj{
				"security-severity": securitySeverity(rule.Severity),
				"tags":              []string{"security", string(rule.Concern)},
			},
		})
	}
	results := []obj{}
	active, suppressed := r.Findings(), r.Suppressed()
	prints := append(fingerprints(active), fingerprints(suppressed)...)
	for i, fd := range append(active, suppressed...) {
		region := obj{}
		if fd.Line > 0 {
			region["startLine"] = fd.Line
		}
		if fd.Column > 0 {
			region["startColumn"] = fd.Column
		}
		loc := obj{"artifactLocation": obj{"uri": filepath.ToSlash(fd.Path)}}
		if len(region) > 0 {
			loc["region"] = region
		}
		res := obj{
			"ruleId":              fd.RuleID,
			"ruleIndex":           index[fd.RuleID],
			"level":               sarifLevel(fd.Severity),
			"message":             obj{"text": fmt.Sprintf("%s. Fix: %s", fd.Message, fd.Rule().Fix)},
			"locations":           []obj{{"physicalLocation": loc}},
			"partialFingerprints": obj{"shipshapeFingerprint/v1": prints[i]},
		}
		if fd.Suppressed {
			kind := "inSource"
			if fd.Reason == ignoredByOption {
				kind = "external"
			}
			res["suppressions"] = []obj{{"kind": kind, "justification": fd.Reason}}
		}
		results = append(results, res)
	}
	log := obj{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []obj{{
			"tool": obj{"driver": obj{
				"name":           "shipshape",
				"informationUri": "https://github.com/shipshape-dev/shipshape",
				"rules":          rules,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
