package cli

import (
	"errors"
	"fmt"
	"io"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0
	ExitFailure  = 1   // the command ran and found a problem (findings, declined confirmation)
	ExitUsage    = 2   // bad flag, bad value, unreadable input; nothing was written
	ExitCanceled = 130 // interrupted by the user
)

// exitError carries an exit code and an optional hint alongside an error.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as the user's mistake: exit code 2.
func usageError(err error) error { return &exitError{code: ExitUsage, err: err} }

// withHint attaches a hint line to err, keeping its exit code.
func withHint(err error, hint string) error {
	var e *exitError
	if errors.As(err, &e) {
		return &exitError{code: e.code, err: e.err, hint: hint}
	}
	return &exitError{code: ExitFailure, err: err, hint: hint}
}

// silentExit ends the command with code and prints nothing more; the command has
// already said what happened.
type silentExit int

func (c silentExit) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// ExitCode maps an error returned by a command to the process exit code.
func ExitCode(err error) int {
	var s silentExit
	var e *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &s):
		return int(s)
	case errors.As(err, &e):
		return e.code
	default:
		return ExitFailure
	}
}

// Report prints err once, as "shipshape: <error>" with an optional hint line, and
// returns the exit code for it.
func Report(w io.Writer, err error) int {
	code := ExitCode(err)
	var s silentExit
	if err == nil || errors.As(err, &s) {
		return code
	}
	fmt.Fprintf(w, "shipshape: %v\n", err)
	var e *exitError
	if errors.As(err, &e) && e.hint != "" {
		fmt.Fprintf(w, "shipshape: hint: %s\n", e.hint)
	}
	return code
}
