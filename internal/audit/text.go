package audit

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Format is an output format of a report.
type Format string

// The report formats.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatJSON     Format = "json"
	FormatSARIF    Format = "sarif"
)

// Formats lists the accepted formats in the order help text shows them.
var Formats = []Format{FormatText, FormatMarkdown, FormatJSON, FormatSARIF}

// ParseFormat returns the format named by name.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(name, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (accepted: text, markdown, json, sarif)", name)
}

// WriteOptions change how a report is rendered.
type WriteOptions struct {
	// Color adds ANSI colours to the text format. Set it only for a terminal.
	Color bool
}

// Write renders r in format f to w.
func (r *Report) Write(w io.Writer, f Format, o WriteOptions) error {
	switch f {
	case FormatText:
		return r.WriteText(w, o)
	case FormatMarkdown:
		return r.WriteMarkdown(w)
	case FormatJSON:
		return r.WriteJSON(w)
	case FormatSARIF:
		return r.WriteSARIF(w)
	}
	return fmt.Errorf("unknown format %q", f)
}

// ANSI colours for the text format.
const (
	ansiReset = "\x1b[0m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiYell  = "\x1b[33m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

// painter colours text only when enabled.
type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + ansiReset
}

func (p painter) severity(s Severity) string {
	switch s {
	case Critical, High:
		return p.paint(ansiRed+ansiBold, s.String())
	case Medium:
		return p.paint(ansiYell, s.String())
	}
	return p.paint(ansiDim, s.String())
}

// WriteText renders r as plain text: a summary line, a compliance table per file
// with one row per concern, then every finding with its fix.
func (r *Report) WriteText(w io.Writer, o WriteOptions) error {
	p := painter(o.Color)
	ew := &errWriter{w: w}
	ew.printf("%s\n", p.paint(ansiBold, "shipshape audit: "+r.summaryLine()))
	for _, f := range r.Files {
		ew.printf("\n%s (%s)\n", p.paint(ansiBold, f.Path), f.Kind)
		if f.ParseError != "" {
			ew.printf("  %s %s\n", p.paint(ansiRed, "not checked:"), f.ParseError)
			continue
		}
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  REQUIREMENT\tSTATUS\tRULES\n")
		for _, g := range concernGroups(statuses([]FileResult{f})) {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", g.heading, p.groupStatus(g), strings.Join(g.ids(), " "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if fs := r.Findings(); len(fs) > 0 {
		ew.printf("\n%s\n", p.paint(ansiBold, "Findings"))
		for _, fd := range fs {
			rule := fd.Rule()
			ew.printf("\n%s: %s %s %s\n", location(fd), p.severity(fd.Severity), fd.RuleID, fd.Message)
			ew.printf("    fix: %s\n", rule.Fix)
			if refs := rule.Refs.String(); refs != "" {
				ew.printf("    see: %s\n", refs)
			}
		}
	}
	if sup := r.Suppressed(); len(sup) > 0 {
		ew.printf("\n%s\n", p.paint(ansiBold, "Suppressed"))
		for _, fd := range sup {
			ew.printf("  %s: %s %s (%s)\n", location(fd), fd.RuleID, fd.Message, fd.Reason)
		}
	}
	return ew.err
}

// groupStatus says whether a concern passed, failed or passed only because
// findings were suppressed.
func (p painter) groupStatus(g concernGroup) string {
	var sup int
	for _, st := range g.rules {
		sup += st.Suppressed
	}
	switch {
	case g.active() > 0:
		return p.paint(ansiRed, fmt.Sprintf("FAIL (%d)", g.active()))
	case sup > 0:
		return p.paint(ansiYell, fmt.Sprintf("pass, %d suppressed", sup))
	}
	return p.paint(ansiGreen, "pass")
}

// location renders path:line:col, leaving out what is unknown.
func location(f Finding) string {
	switch {
	case f.Line > 0 && f.Column > 0:
		return fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column)
	case f.Line > 0:
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}

// summaryLine says how many files and findings the report holds.
func (r *Report) summaryLine() string {
	fs := r.Findings()
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s", plural(len(r.Files), "file"), plural(len(fs), "finding"))
	if len(fs) > 0 {
		n := r.Counts()
		var parts []string
		for s := Critical; s >= Low; s-- {
			if n[s] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
			}
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, ", %d suppressed", len(r.Suppressed()))
	if n := r.ParseErrors(); n > 0 {
		fmt.Fprintf(&b, ", %s not parsed", plural(n, "file"))
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// errWriter keeps the first write error so that rendering code can print freely
// and check once at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
