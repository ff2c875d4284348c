package audit

import (
	"io"
	"strings"
)

// WriteMarkdown renders r as a validation report in Markdown: a verdict, the
// compliance summary per concern, a section per concern with its findings and
// fixes, what passed, what was suppressed, and the files covered.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	sts := statuses(r.Files)
	ew.printf("# Docker Security Validation Report\n\n")
	verdict := "✅ No findings."
	if len(r.Findings()) > 0 || r.ParseErrors() > 0 {
		verdict = "❌ Findings need attention."
	}
	ew.printf("%s %s.\n\n", verdict, strings.ToUpper(r.summaryLine()[:1])+r.summaryLine()[1:])

	// Compliance summary: one row per concern that applies to the files.
	ew.printf("## 📊 Compliance summary\n\n")
	ew.printf("| Requirement | Status | Rules | Findings |\n|---|---|---|---|\n")
	groups := concernGroups(sts)
	for _, g := range groups {
		ew.printf("| %s | %s | %s | %d |\n", g.heading, g.mark(), strings.Join(g.ids(), ", "), g.active())
	}
	if n := r.ParseErrors(); n > 0 {
		ew.printf("| Parsing | ❌ | SS000 | %d |\n", n)
	}

	// One section per concern with its rules and findings.
	ew.printf("\n## 🛡️ Requirements\n")
	for i, g := range groups {
		ew.printf("\n### %d. %s %s\n\n", i+1, g.heading, g.mark())
		for _, st := range g.rules {
			r.writeRuleMarkdown(ew, st)
		}
	}
	r.writeParseErrorsMarkdown(ew)

	// What passed, then what was silenced, then the files covered.
	ew.printf("\n## ✅ What passed\n\n")
	passed := 0
	for _, st := range sts {
		if st.Applied && st.Active == 0 && st.Suppressed == 0 {
			ew.printf("- **%s** %s: none found\n", st.Rule.ID, md(st.Rule.Title))
			passed++
		}
	}
	if passed == 0 {
		ew.printf("Nothing passed every file.\n")
	}
	if sup := r.Suppressed(); len(sup) > 0 {
		ew.printf("\n## 🔕 Suppressed\n\n| Location | Rule | Finding | Reason |\n|---|---|---|---|\n")
		for _, fd := range sup {
			ew.printf("| `%s` | %s | %s | %s |\n", location(fd), fd.RuleID, md(fd.Message), md(fd.Reason))
		}
	}
	ew.printf("\n## 📁 Files\n\n| File | Kind | Findings | Suppressed |\n|---|---|---|---|\n")
	for _, f := range r.Files {
		var active, sup int
		for _, fd := range f.Findings {
			if fd.Suppressed {
				sup++
			} else {
				active++
			}
		}
		ew.printf("| `%s` | %s | %d | %d |\n", f.Path, f.Kind, active, sup)
	}
	return ew.err
}

func (r *Report) writeRuleMarkdown(ew *errWriter, st ruleStatus) {
	// Titles name the problem, so a passing rule says that none was found.
	mark, state := "✅", ": none found"
	switch {
	case st.Active > 0:
		mark, state = "❌", ""
	case st.Suppressed > 0:
		mark, state = "🔕", ": suppressed"
	}
	ew.printf("- %s **%s** %s%s (%s)\n", mark, st.Rule.ID, md(st.Rule.Title), state, st.Rule.Severity)
	if st.Active == 0 {
		return
	}
	for _, fd := range r.Findings() {
		if fd.RuleID == st.Rule.ID {
			ew.printf("  - `%s`: %s\n", location(fd), md(fd.Message))
		}
	}
	ew.printf("  - **Fix**: %s\n", md(st.Rule.Fix))
	if refs := st.Rule.Refs.String(); refs != "" {
		ew.printf("  - **See also**: %s\n", md(refs))
	}
}

func (r *Report) writeParseErrorsMarkdown(ew *errWriter) {
	if r.ParseErrors() == 0 {
		return
	}
	ew.printf("\n### Files that could not be parsed ❌\n\n")
	for _, f := range r.Files {
		if f.ParseError != "" {
			ew.printf("- `%s`: %s\n", f.Path, md(f.ParseError))
		}
	}
}

// mdEscaper escapes the characters Markdown would read as markup, so that a
// message or fix prints as written, in a table cell too.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "|", `\|`, "\n", " ",
)

func md(s string) string { return mdEscaper.Replace(s) }

// concernGroup is the rules of one concern that ran on some file.
type concernGroup struct {
	heading string
	rules   []ruleStatus
}

func concernGroups(sts []ruleStatus) []concernGroup {
	var out []concernGroup
	for _, c := range Concerns {
		g := concernGroup{heading: c.Heading}
		for _, st := range sts {
			if st.Applied && st.Rule.Concern == c.Concern {
				g.rules = append(g.rules, st)
			}
		}
		if len(g.rules) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func (g concernGroup) active() int {
	n := 0
	for _, st := range g.rules {
		n += st.Active
	}
	return n
}

func (g concernGroup) mark() string {
	if g.active() > 0 {
		return "❌"
	}
	return "✅"
}

func (g concernGroup) ids() []string {
	out := make([]string, len(g.rules))
	for i, st := range g.rules {
		out[i] = st.Rule.ID
	}
	return out
}
