package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/scaffold"
	"github.com/shipshape-dev/shipshape/internal/spec"
	"github.com/shipshape-dev/shipshape/internal/wizard"
)

// initOptions holds the flags of `shipshape init` and what it needs to run.
type initOptions struct {
	streams  Streams
	dir      string
	config   string
	values   map[string]*string // answers given as flags, by spec field key
	allowEOL bool
	noApp    bool
	yes      bool
	dryRun   bool
	force    bool
	quiet    bool
	report   bool

	// isTerminal reports whether the command talks to a person; tests replace it.
	isTerminal func() bool

	// newPrompter gives the wizard's Prompter; nil means survey on the terminal.
	// Tests replace it.
	newPrompter func() wizard.Prompter
}

func newInitCmd(s Streams) *cobra.Command {
	o := &initOptions{streams: s, isTerminal: func() bool {
		return isTerminal(s.In) && isTerminal(s.Out)
	}}
	return o.command()
}

// command builds the init command around o, whose streams and hooks are set.
func (o *initOptions) command() *cobra.Command {
	o.values = map[string]*string{}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a hardened Dockerfile, Dockerfile.dev, .dockerignore and docker-compose.yml",
		Long: "init writes a hardened container setup for a FastAPI backend into DIR (default .):\n" +
			"a multi-stage Dockerfile, a Dockerfile.dev with hot reload, a .dockerignore, a\n" +
			"docker-compose.yml with backend and production profiles, shipshape.yaml with the\n" +
			"answers, and a skeleton app where none exists. Existing files that differ are\n" +
			"left alone unless --force; user code is never overwritten.",
		Example: "  shipshape init --yes ./demo\n" +
			"  shipshape init --yes --python 3.12 --vectordb none --packaging uv myservice\n" +
			"  shipshape init --config shipshape.yaml --dry-run",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError(fmt.Errorf("init takes at most one folder, got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			return o.run(cmd)
		},
	}
	f := cmd.Flags()
	def := spec.Default(".")
	for _, fd := range spec.Fields() {
		if fd.Kind == spec.Confirm {
			continue
		}
		v := new(string)
		o.values[fd.Key] = v
		usage := fd.Help + "; default " + fd.Get(&def)
		if fd.Key == "name" {
			usage = fd.Help + "; default DIR's base name, lower-cased"
		}
		if fd.Kind == spec.Select {
			usage += " (" + strings.Join(fd.Choices, ", ") + ")"
		}
		f.StringVar(v, fd.Flag, "", usage)
	}
	f.BoolVar(&o.noApp, "no-app", false, "do not write the skeleton FastAPI app, requirements or pyproject")
	f.BoolVar(&o.allowEOL, "allow-eol", false, "accept an end-of-life Debian release (bullseye)")
	f.BoolVarP(&o.yes, "yes", "y", false, "ask nothing: take flags, then --config, then defaults")
	f.StringVarP(&o.config, "config", "c", "", "read the answers from this shipshape.yaml (flags override it)")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the plan and a unified diff; write nothing")
	f.BoolVar(&o.force, "force", false, "overwrite generated files that differ (user code is never overwritten)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	f.BoolVar(&o.report, "report", false, "also write "+reportPath+", the security audit of the generated files")
	return cmd
}

func (o *initOptions) run(cmd *cobra.Command) error {
	if fi, err := os.Stat(o.dir); err == nil && !fi.IsDir() {
		return usageError(fmt.Errorf("%s: is not a folder", o.dir))
	}
	s, err := o.resolve(cmd)
	if err != nil {
		return err
	}
	if !o.quiet {
		for _, w := range s.Warnings() {
			fmt.Fprintf(o.streams.Err, "shipshape: warning: %s\n", w)
		}
	}

	plan, err := o.plan(s)
	if err != nil {
		return err
	}
	if o.dryRun {
		o.printPlan(plan)
		return plan.Diff(o.streams.Out)
	}

	written, err := plan.Apply(o.force)
	var conflict *scaffold.ConflictError
	if errors.As(err, &conflict) {
		return withHint(fmt.Errorf("%d existing file(s) in %s differ from what shipshape would write: %s",
			len(conflict.Paths), o.dir, strings.Join(conflict.Paths, ", ")),
			"see the changes with --dry-run, then pass --force to overwrite them")
	}
	if err != nil {
		return err
	}
	if !o.quiet {
		o.printPlan(plan)
		o.printNext(plan, s, len(written))
	}
	return nil
}

// resolve builds the Spec: defaults for DIR, then the config file (given, or
// DIR/shipshape.yaml when it exists), then the flags that were set.
func (o *initOptions) resolve(cmd *cobra.Command) (spec.Spec, error) {
	s := spec.Default(o.dir)
	config := o.config
	if config == "" {
		if p := filepath.Join(o.dir, "shipshape.yaml"); fileExists(p) {
			config = p
		}
	}
	if config != "" {
		data, err := os.ReadFile(config)
		if err != nil {
			return s, usageError(fmt.Errorf("--config: %w", err))
		}
		if s, err = spec.Load(bytes.NewReader(data), s); err != nil {
			return s, usageError(fmt.Errorf("%s: %w", config, err))
		}
		// Check the file's answers now, so that neither the wizard nor a flag error
		// hides a bad value in it.
		for _, fd := range spec.Fields() {
			if err := fd.Check(fd.Get(&s)); err != nil {
				return s, usageError(fmt.Errorf("%s: %s: invalid value %q: %v", config, fd.Key, fd.Get(&s), err))
			}
		}
	}

	changed := map[string]bool{}
	for _, fd := range spec.Fields() {
		v, ok := o.values[fd.Key]
		if !ok || !cmd.Flags().Changed(fd.Flag) {
			continue
		}
		if err := fd.Set(&s, *v); err != nil {
			return s, usageError(err)
		}
		changed[fd.Key] = true
	}
	if cmd.Flags().Changed("no-app") {
		s.NoApp = o.noApp
		changed["no_app"] = true
	}
	if o.allowEOL {
		s.AllowEOL = true
	}

	if err := o.ask(&s, changed); err != nil {
		return s, err
	}
	if err := s.Validate(); err != nil {
		return s, usageError(err)
	}
	return s, nil
}

// plan renders the files for s, with the security report under --report, and
// compares them with DIR.
func (o *initOptions) plan(s spec.Spec) (*scaffold.Plan, error) {
	files, err := render.Files(s)
	if err != nil {
		return nil, err
	}
	if o.report {
		if files, err = withReport(files); err != nil {
			return nil, err
		}
	}
	return scaffold.NewPlan(o.dir, files)
}

// planLines describes what applying p does to each file, one line a file.
func (o *initOptions) planLines(p *scaffold.Plan) []string {
	lines := make([]string, 0, len(p.Changes))
	for _, c := range p.Changes {
		note := ""
		switch {
		case c.Action == scaffold.Update && !o.force:
			note = " (differs: init stops unless --force)"
		case c.Action == scaffold.Keep:
			note = " (user code, never overwritten)"
		}
		path := filepath.ToSlash(filepath.Join(p.Dir, c.Path))
		lines = append(lines, fmt.Sprintf("%-9s %s%s", c.Action, path, note))
	}
	return lines
}

// printPlan lists every file with what happens to it.
func (o *initOptions) printPlan(p *scaffold.Plan) {
	for _, l := range o.planLines(p) {
		fmt.Fprintln(o.streams.Out, l)
	}
}

// printNext tells what to run after writing, including the files that Compose
// or uv need and that init does not write: a secret and a lock file.
func (o *initOptions) printNext(p *scaffold.Plan, s spec.Spec, written int) {
	w := o.streams.Out
	if written == 0 {
		fmt.Fprintln(w, "\nNothing to write: every file is up to date.")
	}
	fmt.Fprintln(w, "\nNext:")
	if p.Dir != "." {
		fmt.Fprintf(w, "  cd %s\n", p.Dir)
	}
	if db := render.NewData(s).DB; db != nil && db.Secret != "" {
		secret := "secrets/" + db.Secret + ".txt"
		if !fileExists(filepath.Join(p.Dir, secret)) {
			fmt.Fprintf(w, "  mkdir -p secrets && openssl rand -hex 24 > %s\n", secret)
		}
	}
	if s.Packaging == "uv" && !fileExists(filepath.Join(p.Dir, s.BackendDir, "uv.lock")) {
		fmt.Fprintf(w, "  (cd %s && uv lock)\n", s.BackendDir)
	}
	fmt.Fprintln(w, "  docker compose --profile backend up --build        # development, with reload")
	fmt.Fprintln(w, "  docker compose --profile production up --build -d  # production")
}

// fileExists reports whether p is a file to read: a regular file, or something
// that cannot even be checked, so that reading it reports the real error.
func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() || err != nil && !errors.Is(err, fs.ErrNotExist)
}

// isTerminal reports whether r or w is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&fs.ModeCharDevice != 0
}
