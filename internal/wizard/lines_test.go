package wizard

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/spec"
)

// questions is the number of questions Run asks, the confirmation included.
var questions = len(spec.Fields()) + 1

func TestLinesEnterEverywhere(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	s := spec.Default("/tmp/demo")
	in := strings.NewReader(strings.Repeat("\n", questions))
	if err := Run(NewLines(in, &out), &s, Options{}); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if diff := cmp.Diff(spec.Default("/tmp/demo"), s); diff != "" {
		t.Errorf("Enter everywhere mismatch (-want +got):\n%s", diff)
	}
	if strings.ContainsRune(out.String(), keyEsc) {
		t.Errorf("output holds escape codes:\n%q", out.String())
	}
}

func TestLinesAnswers(t *testing.T) {
	t.Parallel()
	answers := []string{
		"Shop", "shop", // refused, then taken
		"?", "api", // help, then the answer
		"4",        // Python by number: 3.14
		"bullseye", // not offered without --allow-eol
		"bookworm", // Debian by name
		"", "", "80", "9000", "", "", "", "", "", "", "",
		"7", "none", // vector database: out of range, then by name
		"", "maybe", "n", "yes",
	}
	var out strings.Builder
	s := spec.Default("/tmp/demo")
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	if err := Run(NewLines(in, &out), &s, Options{}); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	want := spec.Default("/tmp/demo")
	want.Name, want.BackendDir, want.Python, want.Debian = "shop", "api", "3.14", "bookworm"
	want.Port, want.VectorDB, want.NoApp = 9000, "none", true
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Run mismatch (-want +got):\n%s\n%s", diff, out.String())
	}
	for _, w := range []string{
		"Project name [demo]: ", "  not accepted: accepted: lower-case letters",
		"  the folder under the project", "  1) 3.11\n", "Number or name [3.13]: ",
		"  not accepted: choose 1 to 2 or one of trixie, bookworm\n",
		"  not accepted: answer y or n\n", "Write these files? [Y/n]: ",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestLinesStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     error
	}{
		{"end of input", "\n\n", ErrInterrupted},
		{"esc", "\n\x1b\n", ErrInterrupted},
		{"decline", strings.Repeat("\n", questions-1) + "n\n", ErrDeclined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out strings.Builder
			s := spec.Default("/tmp/demo")
			err := Run(NewLines(strings.NewReader(tt.in), &out), &s, Options{})
			if !errors.Is(err, tt.want) {
				t.Errorf("Run = %v, want %v", err, tt.want)
			}
		})
	}
}
