// Package audit checks Dockerfiles and Compose files for security problems and
// builds a report of what it found.
//
// Files are parsed with the parsers the tools themselves use: BuildKit's Dockerfile
// parser, a POSIX/Bash parser for RUN bodies and shell-form commands, and YAML nodes
// for Compose files so that every finding carries a line and column. The package
// never prints; a Report renders itself to an io.Writer in one of four formats.
package audit

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Severity ranks how much a finding matters. The zero value is Low.
type Severity int

// The severities, from least to most serious.
const (
	Low Severity = iota
	Medium
	High
	Critical
)

var severityNames = [...]string{"low", "medium", "high", "critical"}

// String returns the lower-case name of s.
func (s Severity) String() string {
	if s < Low || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity returns the severity named by name, which is one of low, medium,
// high or critical in any case.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Low, fmt.Errorf("unknown severity %q (accepted: %s)", name, strings.Join(severityNames[:], ", "))
}

// Kind says what sort of file a path is. It is a bit set so that a rule can apply to
// more than one kind.
type Kind int

// The kinds of file the audit reads.
const (
	Dockerfile Kind = 1 << iota
	Compose
)

// String returns "dockerfile", "compose" or "other".
func (k Kind) String() string {
	switch k {
	case Dockerfile:
		return "dockerfile"
	case Compose:
		return "compose"
	}
	return "other"
}

// KindOf tells from a file name whether it is a Dockerfile, a Compose file or
// neither (0). Dockerfile.* names that end in a template, source, document or
// backup extension (Dockerfile.tmpl, dockerfile.go) are not Dockerfiles.
func KindOf(name string) Kind {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case base == "dockerfile", strings.HasPrefix(base, "dockerfile."), strings.HasSuffix(base, ".dockerfile"):
		if notDockerfileExt[path.Ext(base)] {
			return 0
		}
		return Dockerfile
	case strings.HasSuffix(base, ".yml"), strings.HasSuffix(base, ".yaml"):
		if strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose") {
			return Compose
		}
	}
	return 0
}

var notDockerfileExt = map[string]bool{
	".dockerignore": true, ".go": true, ".md": true, ".txt": true, ".tmpl": true, ".tpl": true,
	".template": true, ".j2": true, ".jinja": true, ".erb": true, ".orig": true, ".bak": true,
	".swp": true, ".json": true, ".yml": true, ".yaml": true, ".sh": true, ".py": true, ".rej": true,
}

// isDevName reports whether a file name marks a development setup, such as
// Dockerfile.dev or docker-compose.dev.yml.
func isDevName(name string) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for part := range strings.SplitSeq(base, ".") {
		if isDevWord(part) {
			return true
		}
	}
	return false
}

// isDevWord reports whether a profile or file-name part names a development setup.
// The generated Compose file runs its hot-reload service in the "backend" profile.
func isDevWord(w string) bool {
	switch strings.ToLower(w) {
	case "dev", "develop", "development", "local", "debug", "backend", "test":
		return true
	}
	return false
}

// Concern groups rules into the sections of a report.
type Concern string

// The concerns, one per report section.
const (
	ConcernParse     Concern = "parse"
	ConcernUser      Concern = "user"
	ConcernPrivilege Concern = "privilege"
	ConcernIsolation Concern = "isolation"
	ConcernBase      Concern = "base"
	ConcernSurface   Concern = "surface"
	ConcernSupply    Concern = "supply"
	ConcernSecrets   Concern = "secrets"
	ConcernBuild     Concern = "build"
	ConcernCommand   Concern = "command"
	ConcernHealth    Concern = "health"
	ConcernLimits    Concern = "limits"
	ConcernNetwork   Concern = "network"
)

// Refs names the same check in other tools and benchmarks.
type Refs struct {
	Hadolint []string `json:"hadolint,omitempty"`
	Trivy    []string `json:"trivy,omitempty"`
	KICS     []string `json:"kics,omitempty"`
	CIS      []string `json:"cis,omitempty"`    // CIS Docker Benchmark recommendation numbers
	Docker   []string `json:"docker,omitempty"` // Docker build check names
}

// String lists the references as "hadolint DL3006, DL3007; Trivy DS-0001", or "".
func (r Refs) String() string {
	var parts []string
	add := func(tool string, ids []string) {
		if len(ids) > 0 {
			parts = append(parts, tool+" "+strings.Join(ids, ", "))
		}
	}
	add("hadolint", r.Hadolint)
	add("Trivy", r.Trivy)
	add("KICS", r.KICS)
	add("CIS", r.CIS)
	add("Docker check", r.Docker)
	return strings.Join(parts, "; ")
}

// Rule is one check: a stable ID, how serious a violation is, a one-line title, how
// to fix it, and where other tools check the same thing.
type Rule struct {
	ID       string
	Severity Severity
	Kinds    Kind
	Concern  Concern
	Title    string
	Fix      string
	Refs     Refs
}

// RuleByID returns the rule with the given ID and whether there is one.
func RuleByID(id string) (Rule, bool) {
	i := slices.IndexFunc(Rules, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	return Rules[i], true
}

// Finding is one violation of a rule at a place in a file. Line and Column are
// 1-based; 0 means the source gave no position.
type Finding struct {
	RuleID   string
	Severity Severity
	Path     string
	Line     int
	Column   int
	Message  string

	// Suppressed is set when an ignore comment or option silenced the finding, and
	// Reason holds the comment's reason.
	Suppressed bool
	Reason     string

	// end is the last line of the service or stage a finding about something
	// missing is reported for; an ignore comment anywhere in it applies.
	end int
}

// Rule returns the rule f violates.
func (f Finding) Rule() Rule {
	r, _ := RuleByID(f.RuleID)
	return r
}

// File is a file to audit: its path, used for the kind and in the report, and its
// content.
type File struct {
	Path string
	Data []byte
}

// Options change what an audit reports. The zero value reports everything.
type Options struct {
	// Ignore lists rule IDs whose findings are counted as suppressed.
	Ignore []string
}

// Files audits files in memory with the default options. Files that are neither
// Dockerfiles nor Compose files (a .dockerignore, say) are left out of the report.
func Files(files []File) *Report {
	return Options{}.Files(files)
}

// Files audits files in memory with the options o.
func (o Options) Files(files []File) *Report {
	r := &Report{}
	for _, f := range files {
		kind := KindOf(f.Path)
		if kind == 0 {
			continue
		}
		r.add(o.file(f, kind))
	}
	r.sort()
	return r
}

// file runs the parser and rules for one file and applies suppressions.
func (o Options) file(f File, kind Kind) FileResult {
	var findings []Finding
	switch kind {
	case Dockerfile:
		findings = checkDockerfile(f.Path, f.Data)
	case Compose:
		findings = checkCompose(f.Path, f.Data)
	}
	res := FileResult{Path: f.Path, Kind: kind}
	ignores := ignoreComments(f.Data)
	for _, fd := range findings {
		if fd.RuleID == parseRule {
			res.ParseError = fd.Message
		} else if reason, ok := ignores.match(fd.RuleID, fd.Line, fd.end); ok {
			fd.Suppressed, fd.Reason = true, reason
		} else if slices.Contains(o.Ignore, fd.RuleID) {
			fd.Suppressed, fd.Reason = true, ignoredByOption
		}
		res.Findings = append(res.Findings, fd)
	}
	return res
}

// ignoredByOption is the reason given for findings that Options.Ignore suppressed.
const ignoredByOption = "ignored by option"

// parseRule is the ID of the finding for a file that could not be read or parsed.
const parseRule = "SS000"

// unreadable returns the result for a file that could not be read.
func unreadable(p string, kind Kind, err error) FileResult {
	msg := err.Error()
	return FileResult{Path: p, Kind: kind, ParseError: msg, Findings: []Finding{{
		RuleID: parseRule, Severity: High, Path: p, Message: msg,
	}}}
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// newFinding builds a finding of rule id at a position with a formatted message.
func newFinding(id, p string, line, col int, format string, args ...any) Finding {
	r, ok := RuleByID(id)
	if !ok {
		panic("audit: no rule " + id)
	}
	return Finding{
		RuleID: id, Severity: r.Severity, Path: p, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...),
	}
}
