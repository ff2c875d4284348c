package audit

import (
	"cmp"
	"slices"
)

// Report is the result of an audit: every file that was checked and what was found
// in it.
type Report struct {
	Files []FileResult
}

// FileResult holds the findings for one file. ParseError is set, and no rule ran,
// when the file could not be read or parsed.
type FileResult struct {
	Path       string
	Kind       Kind
	ParseError string
	Findings   []Finding // active and suppressed, in line order
}

// add appends a file's result to the report.
func (r *Report) add(f FileResult) {
	r.Files = append(r.Files, f)
}

// sort orders files by path and findings by position and rule.
func (r *Report) sort() {
	slices.SortFunc(r.Files, func(a, b FileResult) int { return cmp.Compare(a.Path, b.Path) })
	for _, f := range r.Files {
		slices.SortStableFunc(f.Findings, compareFindings)
	}
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.RuleID, b.RuleID),
	)
}

// Findings returns the findings that were not suppressed, in file and line order.
func (r *Report) Findings() []Finding {
	return r.collect(false)
}

// Suppressed returns the findings that an ignore comment or option silenced.
func (r *Report) Suppressed() []Finding {
	return r.collect(true)
}

func (r *Report) collect(suppressed bool) []Finding {
	var out []Finding
	for _, f := range r.Files {
		for _, fd := range f.Findings {
			if fd.Suppressed == suppressed {
				out = append(out, fd)
			}
		}
	}
	return out
}

// ParseErrors returns how many files could not be read or parsed.
func (r *Report) ParseErrors() int {
	n := 0
	for _, f := range r.Files {
		if f.ParseError != "" {
			n++
		}
	}
	return n
}

// AtLeast reports whether any active finding other than a parse error has severity
// min or higher.
func (r *Report) AtLeast(min Severity) bool {
	for _, fd := range r.Findings() {
		if fd.RuleID != parseRule && fd.Severity >= min {
			return true
		}
	}
	return false
}

// Counts returns the number of active findings per severity, indexed by Severity.
func (r *Report) Counts() [Critical + 1]int {
	var n [Critical + 1]int
	for _, fd := range r.Findings() {
		n[fd.Severity]++
	}
	return n
}

// ruleStatus says how one rule fared across a set of files.
type ruleStatus struct {
	Rule       Rule
	Applied    bool // the rule ran on at least one file
	Active     int
	Suppressed int
}

// statuses returns, for every rule except SS000, how it fared on files.
func statuses(files []FileResult) []ruleStatus {
	var out []ruleStatus
	for _, rule := range Rules {
		if rule.ID == parseRule {
			continue
		}
		st := ruleStatus{Rule: rule}
		for _, f := range files {
			if f.ParseError != "" || rule.Kinds&f.Kind == 0 {
				continue
			}
			st.Applied = true
			for _, fd := range f.Findings {
				switch {
				case fd.RuleID != rule.ID:
				case fd.Suppressed:
					st.Suppressed++
				default:
					st.Active++
				}
			}
		}
		out = append(out, st)
	}
	return out
}
