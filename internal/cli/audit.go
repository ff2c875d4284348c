package cli

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/audit"
	"github.com/shipshape-dev/shipshape/internal/render"
)

// reportPath is where `shipshape init --report` writes the markdown audit of the
// files it generates.
const reportPath = "docs/docker-security.md"

// withReport returns files with the markdown audit report of them appended, so
// that the report is planned, diffed and written like every other file.
func withReport(files []render.File) ([]render.File, error) {
	in := make([]audit.File, 0, len(files))
	for _, f := range files {
		in = append(in, audit.File{Path: f.Path, Data: f.Data})
	}
	var buf bytes.Buffer
	if err := audit.Files(in).WriteMarkdown(&buf); err != nil {
		return nil, fmt.Errorf("rendering the security report: %w", err)
	}
	return append(files, render.File{Path: reportPath, Data: buf.Bytes()}), nil
}

// auditOptions holds the flags of `shipshape audit`.
type auditOptions struct {
	streams Streams
	format  string
	output  string
	failOn  string
	ignore  []string
}

// newAuditCmd builds `shipshape audit`.
func newAuditCmd(s Streams) *cobra.Command {
	o := &auditOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "audit [PATH...]",
		Short: "Check Dockerfiles and Compose files and print a security report",
		Long: "audit finds Dockerfile, Dockerfile.*, *.dockerfile, docker-compose*.yml and\n" +
			"compose*.yml under each PATH (default .), skipping .git, node_modules and vendored\n" +
			"folders, checks them against shipshape's security rules and prints a report.\n\n" +
			"Exit status: 0 when nothing is at or above --fail-on, 1 when something is, 2 when\n" +
			"a PATH does not exist or a file could not be parsed (the report covers the rest).\n\n" +
			"Silence one finding with a comment on the line before it:\n" +
			"  # shipshape:ignore SS031 published for the local load balancer only",
		Example: "  shipshape audit\n" +
			"  shipshape audit --format markdown --output docs/docker-security.md\n" +
			"  shipshape audit --format sarif --output shipshape.sarif --fail-on high services/",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return o.run(args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "report format: text, markdown, json or sarif")
	f.StringVarP(&o.output, "output", "o", "", "write the report to this file instead of stdout")
	f.StringVar(&o.failOn, "fail-on", "low", "exit 1 when a finding is at or above this severity: low, medium, high or critical")
	f.StringSliceVar(&o.ignore, "ignore", nil, "rule IDs to suppress, repeated or comma-separated (SS012,SS031)")
	return cmd
}

// run audits paths and writes the report; the error carries the exit code.
func (o *auditOptions) run(paths []string) error {
	format, err := audit.ParseFormat(o.format)
	if err != nil {
		return usageError(fmt.Errorf("--format %q: accepted values are text, markdown, json, sarif", o.format))
	}
	failOn, err := audit.ParseSeverity(o.failOn)
	if err != nil {
		return usageError(fmt.Errorf("--fail-on %q: accepted values are low, medium, high, critical", o.failOn))
	}
	ignore, err := ruleIDs(o.ignore)
	if err != nil {
		return err
	}

	report, err := audit.Options{Ignore: ignore}.Paths(paths)
	if err != nil {
		return usageError(err)
	}
	if err := o.write(report, format); err != nil {
		return err
	}

	switch {
	case report.ParseErrors() > 0:
		return silentExit(ExitUsage)
	case report.AtLeast(failOn):
		return silentExit(ExitFailure)
	}
	return nil
}

// ruleIDs validates --ignore values against the rule table.
func ruleIDs(values []string) ([]string, error) {
	var ids []string
	for _, v := range values {
		id := strings.ToUpper(strings.TrimSpace(v))
		if _, ok := audit.RuleByID(id); !ok || id == "SS000" {
			return nil, usageError(fmt.Errorf("--ignore %q: accepted values are rule IDs SS001 to %s", v, audit.Rules[len(audit.Rules)-1].ID))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// write renders the report to stdout, in colour on a terminal unless NO_COLOR is
// set, or to --output.
func (o *auditOptions) write(r *audit.Report, format audit.Format) error {
	if o.output == "" {
		color := format == audit.FormatText && os.Getenv("NO_COLOR") == "" && isTerminal(o.streams.Out)
		return r.Write(o.streams.Out, format, audit.WriteOptions{Color: color})
	}
	var buf bytes.Buffer
	if err := r.Write(&buf, format, audit.WriteOptions{}); err != nil {
		return err
	}
	if err := os.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Fprintf(o.streams.Err, "shipshape: report written to %s\n", o.output)
	return nil
}
