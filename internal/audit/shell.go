package audit

import (
	"path"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// script is what the rules need to know about one shell program: its simple
// commands with their words, and how its pipes are set up.
type script struct {
	calls        []call
	pipeToShell  bool // a download (curl, wget) piped into a shell or interpreter
	hasPipe      bool
	pipefail     bool // set -o pipefail (or -euxo pipefail) appears
	assignsCache bool // PIP_NO_CACHE_DIR is set on a command or exported
}

// call is one simple command: its words, with quotes removed where they are
// literal, and whether it runs in a subshell.
type call struct {
	args     []string
	subshell bool
}

// parsers reuses shell parsers, whose buffers are costly to allocate for every RUN.
var parsers = sync.Pool{New: func() any { return syntax.NewParser(syntax.Variant(syntax.LangBash)) }}

// parseScript parses src as a Bash program. The second result is false when src
// is not valid shell; the rules then skip it rather than guess.
func parseScript(src string) (script, bool) {
	p := parsers.Get().(*syntax.Parser)
	f, err := p.Parse(strings.NewReader(src), "")
	parsers.Put(p)
	if err != nil {
		return script{}, false
	}
	var s script
	s.walk(f, false)
	return s, true
}

// walk collects calls and pipe facts under node. Calls inside ( ... ) are marked so
// that a cd there, which does not leak, is not reported.
func (s *script) walk(node syntax.Node, subshell bool) {
	syntax.Walk(node, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Subshell:
			for _, st := range n.Stmts {
				s.walk(st, true)
			}
			return false
		case *syntax.BinaryCmd:
			if n.Op == syntax.Pipe || n.Op == syntax.PipeAll {
				s.hasPipe = true
				if isDownload(firstCall(n.X)) && isShell(lastCall(n.Y)) {
					s.pipeToShell = true
				}
			}
		case *syntax.DeclClause:
			for _, a := range n.Args {
				if a.Name != nil && a.Name.Value == "PIP_NO_CACHE_DIR" {
					s.assignsCache = true
				}
			}
		case *syntax.CallExpr:
			s.addCall(n, subshell)
		}
		return true
	})
}

func (s *script) addCall(c *syntax.CallExpr, subshell bool) {
	for _, a := range c.Assigns {
		if a.Name != nil && a.Name.Value == "PIP_NO_CACHE_DIR" {
			s.assignsCache = true
		}
	}
	if len(c.Args) == 0 {
		return
	}
	args := words(c.Args)
	if args[0] == "set" && hasPipefail(args) {
		s.pipefail = true
	}
	s.calls = append(s.calls, call{args: args, subshell: subshell})
}

// hasPipefail reports whether the arguments of set turn pipefail on.
func hasPipefail(args []string) bool {
	for i := 1; i < len(args); i++ {
		if args[i] == "pipefail" && strings.HasPrefix(args[i-1], "-") && strings.Contains(args[i-1], "o") {
			return true
		}
	}
	return false
}

// words renders each word as text: literal parts as written without quotes,
// expansions as they appear in the source.
func words(ws []*syntax.Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = wordText(w)
	}
	return out
}

func wordText(w *syntax.Word) string {
	var b strings.Builder
	for _, p := range w.Parts {
		writePart(&b, p)
	}
	return b.String()
}

func writePart(b *strings.Builder, p syntax.WordPart) {
	switch p := p.(type) {
	case *syntax.Lit:
		b.WriteString(p.Value)
	case *syntax.SglQuoted:
		b.WriteString(p.Value)
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			writePart(b, q)
		}
	case *syntax.ParamExp:
		if p.Param != nil {
			b.WriteString("${" + p.Param.Value + "}")
		}
	default:
		b.WriteString("$(...)")
	}
}

// firstCall and lastCall return the words of the outermost simple command at the
// start or end of a pipeline side, or nil.
func firstCall(st *syntax.Stmt) []string {
	for st != nil {
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			return words(c.Args)
		case *syntax.BinaryCmd:
			st = c.X
		default:
			return nil
		}
	}
	return nil
}

func lastCall(st *syntax.Stmt) []string {
	for st != nil {
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			return words(c.Args)
		case *syntax.BinaryCmd:
			st = c.Y
		default:
			return nil
		}
	}
	return nil
}

// unwrap drops command prefixes that run their arguments as a command (sudo, env,
// exec and the like), so that "sudo apt-get install" is seen as apt-get.
func unwrap(args []string) []string {
	for len(args) > 0 {
		switch path.Base(args[0]) {
		case "sudo", "exec", "command", "nohup", "time", "nice":
			args = args[1:]
			for len(args) > 0 && strings.HasPrefix(args[0], "-") {
				args = args[1:]
			}
		case "env":
			args = args[1:]
			for len(args) > 0 && (strings.HasPrefix(args[0], "-") || strings.Contains(args[0], "=")) {
				args = args[1:]
			}
		default:
			return args
		}
	}
	return args
}

func isDownload(args []string) bool {
	args = unwrap(args)
	return len(args) > 0 && (path.Base(args[0]) == "curl" || path.Base(args[0]) == "wget")
}

func isShell(args []string) bool {
	args = unwrap(args)
	if len(args) == 0 {
		return false
	}
	switch path.Base(args[0]) {
	case "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node":
		return true
	}
	return false
}

// shellScript returns the script of a "sh -c SCRIPT" style argument list and
// whether args are one.
func shellScript(args []string) (string, bool) {
	if len(args) < 3 {
		return "", false
	}
	switch path.Base(args[0]) {
	case "sh", "bash", "ash", "dash", "zsh", "ksh":
	default:
		return "", false
	}
	for i := 1; i < len(args)-1; i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "--") {
			return "", false
		}
		if strings.Contains(a, "c") {
			return args[i+1], true
		}
		if a == "-o" {
			i++
		}
	}
	return "", false
}

// packageManager describes a package manager call: which one, its subcommand and
// the remaining arguments. ok is false for anything else.
type pmCall struct {
	tool string // apt, apk, yum, pip
	sub  string
	args []string
}

// pm recognises apt-get, apt, apk, yum, dnf, microdnf, pip and python -m pip, and
// the npm-style installers used at container start.
func pm(args []string) (pmCall, bool) {
	args = unwrap(args)
	if len(args) == 0 {
		return pmCall{}, false
	}
	name := path.Base(args[0])
	var tool string
	switch {
	case name == "apt-get" || name == "apt":
		tool = "apt"
	case name == "apk":
		tool = "apk"
	case name == "yum" || name == "dnf" || name == "microdnf":
		tool = "yum"
	case name == "pip" || strings.HasPrefix(name, "pip3") || name == "pip2":
		tool = "pip"
	case strings.HasPrefix(name, "python") && len(args) > 2 && args[1] == "-m" && args[2] == "pip":
		tool, args = "pip", args[2:]
	case name == "uv" && len(args) > 1 && args[1] == "pip":
		tool, args = "uv", args[1:]
	case name == "npm" || name == "yarn" || name == "pnpm":
		tool = "npm"
	case name == "poetry" || name == "pipenv":
		tool = "pip"
	default:
		return pmCall{}, false
	}
	rest := args[1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if !strings.HasPrefix(a, "-") {
			return pmCall{tool: tool, sub: a, args: append(rest[:i:i], rest[i+1:]...)}, true
		}
		if tool == "apt" && (a == "-o" || a == "-t" || a == "-c") {
			i++
		}
	}
	return pmCall{tool: tool, args: rest}, true
}

// installs reports whether c installs packages.
func (c pmCall) installs() bool {
	switch c.sub {
	case "install", "add", "sync", "ci", "i":
		return true
	}
	return c.tool == "npm" && c.sub == ""
}

// hasFlag reports whether args hold one of the long flags, or a short-flag cluster
// (such as -yq) containing short.
func hasFlag(args []string, short byte, long ...string) bool {
	for _, a := range args {
		for _, l := range long {
			if a == l || strings.HasPrefix(a, l+"=") {
				return true
			}
		}
		if short != 0 && len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.IndexByte(a[1:], short) >= 0 {
			return true
		}
	}
	return false
}

// packages returns the non-flag arguments of an install call.
func (c pmCall) packages() []string {
	var out []string
	for _, a := range c.args {
		if !strings.HasPrefix(a, "-") {
			out = append(out, a)
		}
	}
	return out
}
