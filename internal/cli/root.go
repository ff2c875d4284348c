// Package cli holds shipshape's cobra commands. It is the only package besides main
// that prints; the others return values and errors.
package cli

import (
	"io"

	"github.com/spf13/cobra"
)

// Streams are the input and outputs a command reads and writes. Tests pass buffers.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// NewRoot builds the shipshape root command with all of its subcommands.
func NewRoot(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "shipshape",
		Short: "A hardened container setup for FastAPI backends, and a security audit for any",
		Long: "shipshape writes a hardened multi-stage Dockerfile, a Dockerfile.dev with hot\n" +
			"reload, a .dockerignore and a profiled docker-compose.yml for a FastAPI backend,\n" +
			"and audits Dockerfiles and Compose files for security problems.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError(err)
	})
	root.AddCommand(newInitCmd(s), newAuditCmd(s), newVersionCmd(s))
	return root
}
