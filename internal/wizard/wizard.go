// Package wizard asks the questions of shipshape init one by one and fills a
// spec.Spec with the answers. The questions, their defaults, their help and their
// validation all come from spec.Fields, so the wizard holds no rule of its own.
//
// The wizard talks to the person through a Prompter. Survey is the Prompter for a
// real terminal; tests pass their own.
package wizard

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/spec"
)

// ErrInterrupted is returned when the person presses Ctrl-C or Esc, or when the
// input ends, before the wizard is done. Nothing has been decided then.
var ErrInterrupted = errors.New("interrupted")

// ErrDeclined is returned when the person answers no to the final confirmation.
var ErrDeclined = errors.New("declined the confirmation")

// Question is one prompt: its message, its one-line help and the answer that
// Enter accepts.
type Question struct {
	Message string
	Help    string
	Default string
}

// Prompter asks one question at a time. Each method returns ErrInterrupted when
// the person gives up.
type Prompter interface {
	// Input asks for free text. It does not return until check accepts the
	// answer: a refused answer is asked again, with the reason check gives.
	Input(q Question, check func(string) error) (string, error)

	// Select asks for one of choices; q.Default is one of them.
	Select(q Question, choices []string) (string, error)

	// Confirm asks yes or no; q.Default is "true" or "false".
	Confirm(q Question) (bool, error)

	// Show prints text, such as the summary, before the next question.
	Show(text string) error
}

// Options change what Run asks and shows.
type Options struct {
	// Skip reports whether a field is already decided and must not be asked,
	// such as one given as a command-line flag. Nil asks every field.
	Skip func(spec.Field) bool

	// Files describes what init will do with the answers, one line a file, for
	// the summary. Nil leaves the files out of the summary.
	Files func(spec.Spec) ([]string, error)

	// Confirm is the final question. Empty asks "Write these files?".
	Confirm string
}

// Run asks every field of s that o.Skip does not skip, in the order of
// spec.Fields, with the value in s as the default. It then shows a summary and
// asks for confirmation. Only when the person confirms does it store the answers
// in s; on any error s is unchanged. It returns ErrInterrupted or ErrDeclined
// when the person stops.
func Run(p Prompter, s *spec.Spec, o Options) error {
	answers := *s
	for _, f := range spec.Fields() {
		if o.Skip != nil && o.Skip(f) {
			continue
		}
		if err := ask(p, f, &answers); err != nil {
			return err
		}
	}

	// Summarise and confirm.
	var files []string
	if o.Files != nil {
		var err error
		if files, err = o.Files(answers); err != nil {
			return err
		}
	}
	if err := p.Show(Summary(answers, files)); err != nil {
		return err
	}
	final := Question{
		Message: o.Confirm,
		Help:    "yes goes on with the answers above; no stops and writes nothing",
		Default: "true",
	}
	if final.Message == "" {
		final.Message = "Write these files?"
	}
	ok, err := p.Confirm(final)
	if err != nil {
		return err
	}
	if !ok {
		return ErrDeclined
	}
	*s = answers
	return nil
}

// ask puts one question and stores the answer in s. A Prompter that returns an
// answer its check refused gets the question again: no invalid answer is stored.
func ask(p Prompter, f spec.Field, s *spec.Spec) error {
	q := Question{Message: f.Prompt, Help: f.Help, Default: f.Get(s)}
	for {
		var v string
		var err error
		switch f.Kind {
		case spec.Select:
			choices := Choices(f, *s)
			if len(choices) == 0 {
				return fmt.Errorf("asking %s: no choice is accepted", f.Flag)
			}
			if !slices.Contains(choices, q.Default) {
				q.Default = choices[0]
			}
			v, err = p.Select(q, choices)
		case spec.Confirm:
			var b bool
			b, err = p.Confirm(q)
			v = strconv.FormatBool(b)
		default:
			v, err = p.Input(q, func(v string) error { return Check(f, *s, v) })
		}
		if err != nil {
			return err
		}
		if Check(f, *s, v) == nil {
			return f.Set(s, v)
		}
	}
}

// Check reports why v is not accepted for f, given the other answers in s: the
// field's own rule, and any rule of Spec.Validate that joins f to another answer
// (such as bullseye needing --allow-eol). The reason leaves out the flag name,
// since the person is answering a question, not typing a flag.
func Check(f spec.Field, s spec.Spec, v string) error {
	var fe *spec.FieldError
	if err := f.Set(&s, v); err != nil {
		if errors.As(err, &fe) {
			return fe.Err
		}
		return err
	}
	if err := s.Validate(); errors.As(err, &fe) && fe.Field.Key == f.Key {
		return fe.Err
	}
	return nil
}

// Choices returns the choices of a select field that Check accepts given the
// other answers in s, in the field's order.
func Choices(f spec.Field, s spec.Spec) []string {
	var ok []string
	for _, c := range f.Choices {
		if Check(f, s, c) == nil {
			ok = append(ok, c)
		}
	}
	return ok
}

// Summary returns the text shown before the final confirmation: every answer,
// the warnings about it, and the lines that describe the files.
func Summary(s spec.Spec, files []string) string {
	var b strings.Builder
	b.WriteString("Summary\n")
	fields := spec.Fields()
	width := 0
	for _, f := range fields {
		width = max(width, len(label(f)))
	}
	for _, f := range fields {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, label(f), display(f, &s))
	}
	for _, w := range s.Warnings() {
		fmt.Fprintf(&b, "  warning: %s\n", w)
	}
	if len(files) > 0 {
		b.WriteString("\nFiles\n")
		for _, l := range files {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	return b.String()
}

// label names a field in the summary. The confirm field's prompt is a question,
// so it gets a short name instead.
func label(f spec.Field) string {
	if f.Kind == spec.Confirm {
		return "App skeleton"
	}
	return f.Prompt
}

func display(f spec.Field, s *spec.Spec) string {
	v := f.Get(s)
	if f.Kind != spec.Confirm {
		return v
	}
	if v == "true" {
		return "yes"
	}
	return "no"
}
