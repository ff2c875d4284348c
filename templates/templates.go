// Package templates holds the embedded text/template files that shipshape init
// renders, one per output file.
package templates

import "embed"

// FS holds every *.tmpl file of this folder.
//
//go:embed *.tmpl
var FS embed.FS
