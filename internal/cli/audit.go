package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newAuditCmd builds `shipshape audit`.
// TODO: the audit command is not built yet; it reports that instead of pretending.
func newAuditCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "audit [PATH...]",
		Short: "Check Dockerfiles and Compose files and print a security report",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("audit is not available in this build")
		},
	}
}
