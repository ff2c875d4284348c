// Command shipshape gives a FastAPI backend a hardened container setup and audits
// Dockerfiles and Compose files for security problems.
package main

import (
	"os"

	"github.com/shipshape-dev/shipshape/internal/cli"
)

func main() {
	streams := cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	err := cli.NewRoot(streams).Execute()
	os.Exit(cli.Report(os.Stderr, err))
}
