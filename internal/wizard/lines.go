package wizard

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Lines is a Prompter that reads whole lines and prints plain text: no colour
// and no cursor movement, for a terminal that has neither (TERM=dumb). A list is
// answered with the number or the name of a choice.
type Lines struct {
	in  *bufio.Reader
	out io.Writer
}

// NewLines returns a Lines that reads answers from in and writes questions to out.
func NewLines(in io.Reader, out io.Writer) *Lines {
	return &Lines{in: bufio.NewReader(in), out: out}
}

// New returns the Prompter for the terminal on in and out: Lines when TERM is
// dumb, Survey otherwise.
func New(in, out *os.File, errw io.Writer) Prompter {
	if os.Getenv("TERM") == "dumb" {
		return NewLines(in, out)
	}
	return NewSurvey(in, out, errw)
}

// Input implements Prompter.
func (l *Lines) Input(q Question, check func(string) error) (string, error) {
	for {
		a, err := l.ask(fmt.Sprintf("%s [%s]: ", q.Message, q.Default), q)
		if err != nil {
			return "", err
		}
		if a == "" {
			a = q.Default
		}
		if err := check(a); err != nil {
			fmt.Fprintf(l.out, "  not accepted: %v\n", err)
			continue
		}
		return a, nil
	}
}

// Select implements Prompter.
func (l *Lines) Select(q Question, choices []string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", q.Message)
	for i, c := range choices {
		fmt.Fprintf(&b, "  %d) %s\n", i+1, c)
	}
	fmt.Fprintf(&b, "Number or name [%s]: ", q.Default)
	for {
		a, err := l.ask(b.String(), q)
		if err != nil {
			return "", err
		}
		if v, ok := pick(a, q.Default, choices); ok {
			return v, nil
		}
		fmt.Fprintf(l.out, "  not accepted: choose 1 to %d or one of %s\n", len(choices), strings.Join(choices, ", "))
	}
}

// pick returns the choice that answer a names: empty for the default, a number
// counted from 1, or the choice itself.
func pick(a, def string, choices []string) (string, bool) {
	if a == "" {
		a = def
	}
	if n, err := strconv.Atoi(a); err == nil && n >= 1 && n <= len(choices) {
		return choices[n-1], true
	}
	for _, c := range choices {
		if c == a {
			return c, true
		}
	}
	return "", false
}

// Confirm implements Prompter.
func (l *Lines) Confirm(q Question) (bool, error) {
	def, err := strconv.ParseBool(q.Default)
	if err != nil {
		return false, fmt.Errorf("asking %q: default %q is not true or false", q.Message, q.Default)
	}
	hint := "y/N"
	if def {
		hint = "Y/n"
	}
	for {
		a, err := l.ask(fmt.Sprintf("%s [%s]: ", q.Message, hint), q)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(a) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		fmt.Fprintln(l.out, "  not accepted: answer y or n")
	}
}

// Show implements Prompter.
func (l *Lines) Show(text string) error {
	_, err := io.WriteString(l.out, text)
	return err
}

// ask prints prompt and reads one answer, showing the help first when the
// answer is "?". A line holding only Esc, or the end of input, stops the wizard.
func (l *Lines) ask(prompt string, q Question) (string, error) {
	for {
		if _, err := io.WriteString(l.out, prompt); err != nil {
			return "", err
		}
		line, err := l.in.ReadString('\n')
		if errors.Is(err, io.EOF) && line == "" {
			fmt.Fprintln(l.out)
			return "", ErrInterrupted
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("reading an answer: %w", err)
		}
		a := strings.TrimSpace(line)
		switch {
		case strings.ContainsRune(a, keyEsc) || strings.ContainsRune(a, keyInterrupt):
			return "", ErrInterrupted
		case a == "?" && q.Help != "":
			fmt.Fprintf(l.out, "  %s\n", q.Help)
			continue
		}
		return a, nil
	}
}
