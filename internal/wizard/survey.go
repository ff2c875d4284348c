package wizard

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// Survey is the Prompter for a real terminal, built on survey/v2. Esc ends the
// wizard like Ctrl-C does.
type Survey struct {
	stdio terminal.Stdio
}

// NewSurvey returns a Survey that reads keys from in and draws the questions on
// out, both of which must be the terminal; errw receives survey's own errors.
// Colour is left out when NO_COLOR is set or TERM is dumb. Survey keeps that
// choice in a package variable, so it holds for the whole process.
func NewSurvey(in, out *os.File, errw io.Writer) *Survey {
	if NoColor(os.Getenv) {
		core.DisableColor = true
	}
	return &Survey{stdio: terminal.Stdio{In: escReader{in}, Out: out, Err: errw}}
}

// NoColor reports whether the environment asks for output without colour:
// NO_COLOR set to anything but the empty string (see no-color.org), or a dumb
// terminal.
func NoColor(getenv func(string) string) bool {
	return getenv("NO_COLOR") != "" || getenv("TERM") == "dumb"
}

// Input implements Prompter.
func (s *Survey) Input(q Question, check func(string) error) (string, error) {
	var v string
	p := &survey.Input{Message: q.Message, Help: q.Help, Default: q.Default}
	err := survey.AskOne(p, &v, s.opts(survey.WithValidator(func(a any) error {
		str, ok := a.(string)
		if !ok {
			return fmt.Errorf("unexpected answer of type %T", a)
		}
		return check(str)
	}))...)
	return v, mapErr(err)
}

// Select implements Prompter.
func (s *Survey) Select(q Question, choices []string) (string, error) {
	var v string
	p := &survey.Select{Message: q.Message, Help: q.Help, Options: choices, Default: q.Default}
	err := survey.AskOne(p, &v, s.opts()...)
	return v, mapErr(err)
}

// Confirm implements Prompter.
func (s *Survey) Confirm(q Question) (bool, error) {
	def, err := strconv.ParseBool(q.Default)
	if err != nil {
		return false, fmt.Errorf("asking %q: default %q is not true or false", q.Message, q.Default)
	}
	var v bool
	p := &survey.Confirm{Message: q.Message, Help: q.Help, Default: def}
	err = survey.AskOne(p, &v, s.opts()...)
	return v, mapErr(err)
}

// Show implements Prompter.
func (s *Survey) Show(text string) error {
	_, err := io.WriteString(s.stdio.Out, text)
	return err
}

func (s *Survey) opts(more ...survey.AskOpt) []survey.AskOpt {
	return append([]survey.AskOpt{
		survey.WithStdio(s.stdio.In, s.stdio.Out, s.stdio.Err),
	}, more...)
}

// mapErr turns the ways survey reports that the person stopped into
// ErrInterrupted. The end of input counts: nobody is left to answer.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, terminal.InterruptErr), errors.Is(err, io.EOF):
		return ErrInterrupted
	default:
		return fmt.Errorf("prompting: %w", err)
	}
}
