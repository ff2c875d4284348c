package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/shipshape-dev/shipshape/internal/spec"
	"github.com/shipshape-dev/shipshape/internal/wizard"
)

// ask fills the answers that flags did not give. In a terminal, without --yes or
// --quiet, it runs the wizard, which offers the config file's values and the
// defaults and does not ask again what a flag gave. Without a terminal it never
// waits for input: it says so and keeps flags, config and defaults.
func (o *initOptions) ask(s *spec.Spec, changed map[string]bool) error {
	if o.yes || o.quiet {
		return nil
	}
	if !o.isTerminal() {
		fmt.Fprintln(o.streams.Err, "shipshape: not a terminal, not asking: using flags, the config file and defaults (pass --yes to say so)")
		return nil
	}

	p, err := o.prompter()
	if err != nil {
		return err
	}
	if o.newPrompter == nil {
		defer exitOnInterrupt(o.streams.Err)()
	}
	confirm := ""
	if o.dryRun {
		confirm = "Show the plan and the diff (--dry-run writes nothing)?"
	}
	err = wizard.Run(p, s, wizard.Options{
		Skip:    func(f spec.Field) bool { return changed[f.Key] },
		Files:   o.describe,
		Confirm: confirm,
	})
	switch {
	case errors.Is(err, wizard.ErrInterrupted):
		return &exitError{code: ExitCanceled, err: errors.New("interrupted; nothing was written")}
	case errors.Is(err, wizard.ErrDeclined):
		return &exitError{code: ExitFailure, err: errors.New("not confirmed; nothing was written")}
	}
	return err
}

// exitOnInterrupt ends the process with status 130 when Ctrl-C arrives as a
// signal: between two questions or at a line prompt, where the terminal is not in
// raw mode and no prompt reads the key. Nothing has been written before the
// confirmation, so there is nothing to undo. The returned func stops listening.
func exitOnInterrupt(w io.Writer) (stop func()) {
	sig := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sig, os.Interrupt)
	go func() {
		select {
		case <-sig:
			fmt.Fprintln(w, "\nshipshape: interrupted; nothing was written")
			os.Exit(ExitCanceled)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
}

// prompter returns the Prompter that o.newPrompter gives, or else the one for
// the command's terminal.
func (o *initOptions) prompter() (wizard.Prompter, error) {
	if o.newPrompter != nil {
		return o.newPrompter(), nil
	}
	in, okIn := o.streams.In.(*os.File)
	out, okOut := o.streams.Out.(*os.File)
	if !okIn || !okOut {
		return nil, errors.New("asking the questions: standard input and output must be a terminal")
	}
	return wizard.New(in, out, o.streams.Err), nil
}

// describe lists what init will do to each file with the answers in s, for the
// wizard's summary.
func (o *initOptions) describe(s spec.Spec) ([]string, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	plan, err := o.plan(s)
	if err != nil {
		return nil, err
	}
	return o.planLines(plan), nil
}
