package audit

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// stage is one FROM section of a Dockerfile and what the stage-wide rules need.
type stage struct {
	name     string
	image    string // as written after FROM, with global ARG defaults expanded
	from     *parser.Node
	parent   *stage // the earlier stage this one is built FROM, if any
	user     string
	userNode *parser.Node
	health   bool
	pipefail bool // SHELL sets -o pipefail
	noCache  bool // ENV PIP_NO_CACHE_DIR
	runs     []*parser.Node
	end      int // the last line of the stage
}

// dockerfile holds the state of checking one Dockerfile.
type dockerfile struct {
	path     string
	dev      bool
	args     map[string]string // global ARG defaults, for FROM
	stages   []*stage
	findings []Finding
}

// checkDockerfile parses data as a Dockerfile and runs every Dockerfile rule on it.
func checkDockerfile(p string, data []byte) (findings []Finding) {
	defer func() {
		if v := recover(); v != nil {
			findings = []Finding{newFinding(parseRule, p, 0, 0, "internal error while checking: %v", v)}
		}
	}()
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return []Finding{dockerfileParseError(p, err)}
	}
	d := &dockerfile{path: p, dev: isDevName(p), args: map[string]string{}}
	for _, n := range res.AST.Children {
		d.instruction(n)
	}
	d.stageRules()
	return d.findings
}

func dockerfileParseError(p string, err error) Finding {
	line := 0
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		line = le.Locations[0][0].Start.Line
	}
	return newFinding(parseRule, p, line, 0, "dockerfile parse error: %v", err)
}

func (d *dockerfile) add(id string, n *parser.Node, format string, args ...any) {
	d.findings = append(d.findings, newFinding(id, d.path, n.StartLine, column(n), format, args...))
}

// addMissing reports something a stage lacks, at its FROM, with the whole stage as
// the scope of ignore comments.
func (d *dockerfile) addMissing(id string, st *stage, format string, args ...any) {
	f := newFinding(id, d.path, st.from.StartLine, column(st.from), format, args...)
	f.end = st.end
	d.findings = append(d.findings, f)
}

// column is the 1-based column of an instruction's keyword.
func column(n *parser.Node) int {
	return len(n.Original) - len(strings.TrimLeft(n.Original, " \t")) + 1
}

// nodeArgs returns the values chained after an instruction's keyword.
func nodeArgs(n *parser.Node) []string {
	var out []string
	for a := n.Next; a != nil; a = a.Next {
		out = append(out, a.Value)
	}
	return out
}

// instruction dispatches one instruction to the rules that look at it.
func (d *dockerfile) instruction(n *parser.Node) {
	cur := d.current()
	if cur != nil {
		cur.end = n.EndLine
	}
	switch strings.ToLower(n.Value) {
	case "from":
		d.from(n)
	case "arg":
		d.arg(n, cur)
	case "env":
		d.env(n, cur)
	case "user":
		if cur != nil {
			cur.user, cur.userNode = strings.Join(nodeArgs(n), " "), n
		}
	case "healthcheck":
		if cur != nil {
			args := nodeArgs(n)
			cur.health = len(args) > 0 && !strings.EqualFold(args[0], "none")
		}
	case "shell":
		if cur != nil {
			cur.pipefail = strings.Contains(strings.Join(nodeArgs(n), " "), "pipefail")
		}
	case "add":
		d.addInstr(n)
	case "cmd", "entrypoint":
		d.cmd(n)
	case "maintainer":
		d.add("SS014", n, "MAINTAINER is deprecated")
	case "workdir":
		dir := strings.Trim(strings.Join(nodeArgs(n), " "), `"'`)
		if !strings.HasPrefix(dir, "/") && !strings.HasPrefix(dir, "$") && !windowsAbs.MatchString(dir) {
			d.add("SS016", n, "WORKDIR %s is relative; it depends on the previous WORKDIR", dir)
		}
	case "run":
		if cur != nil {
			cur.runs = append(cur.runs, n)
		}
		d.run(n, cur)
	}
}

var windowsAbs = regexp.MustCompile(`^[A-Za-z]:[\\/]`)

func (d *dockerfile) current() *stage {
	if len(d.stages) == 0 {
		return nil
	}
	return d.stages[len(d.stages)-1]
}

// from starts a new stage and checks its base image.
func (d *dockerfile) from(n *parser.Node) {
	args := nodeArgs(n)
	if len(args) == 0 {
		return
	}
	st := &stage{image: d.expand(args[0]), from: n, end: n.EndLine}
	if len(args) >= 3 && strings.EqualFold(args[1], "as") {
		st.name = strings.ToLower(args[2])
	}
	for _, prev := range d.stages {
		if prev.name != "" && prev.name == strings.ToLower(st.image) {
			st.parent = prev
			st.user, st.userNode, st.health = prev.user, prev.userNode, prev.health
			st.pipefail, st.noCache = prev.pipefail, prev.noCache
		}
	}
	d.stages = append(d.stages, st)
	if st.parent != nil || strings.EqualFold(st.image, "scratch") || strings.Contains(st.image, "$") {
		return
	}
	if msg := untagged(st.image); msg != "" {
		d.add("SS001", n, "FROM %s %s", args[0], msg)
	}
	if msg := endOfLife(st.image); msg != "" {
		d.add("SS002", n, "FROM %s: %s", args[0], msg)
	}
}

// expand replaces $NAME and ${NAME} with global ARG defaults; unknown names stay.
func (d *dockerfile) expand(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return argRef.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.Trim(m, "${}")
		if v, ok := d.args[name]; ok && v != "" {
			return v
		}
		return m
	})
}

var argRef = regexp.MustCompile(`\$\{?[A-Za-z_][A-Za-z0-9_]*\}?`)

func (d *dockerfile) arg(n *parser.Node, cur *stage) {
	for _, a := range nodeArgs(n) {
		name, value, _ := strings.Cut(a, "=")
		value = unquote(value)
		if cur == nil {
			d.args[name] = value
		}
		if msg := secretVar(name, value); msg != "" {
			d.add("SS015", n, "ARG %s %s", name, msg)
		}
	}
}

func (d *dockerfile) env(n *parser.Node, cur *stage) {
	args := nodeArgs(n)
	for i := 0; i+1 < len(args); i += 3 {
		name, value := args[i], unquote(args[i+1])
		if name == "PIP_NO_CACHE_DIR" && cur != nil {
			cur.noCache = true
		}
		if msg := secretVar(name, value); msg != "" {
			d.add("SS015", n, "ENV %s %s", name, msg)
		}
	}
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// addInstr reports ADD unless a source is a URL or an archive, which COPY cannot
// stand in for.
func (d *dockerfile) addInstr(n *parser.Node) {
	args := nodeArgs(n)
	if len(args) < 2 && len(n.Heredocs) == 0 {
		return
	}
	for _, src := range args[:max(len(args)-1, 0)] {
		if strings.Contains(src, "://") || strings.HasPrefix(src, "git@") || isArchive(src) {
			return
		}
	}
	d.add("SS004", n, "ADD copies local files; COPY does the same without URL fetching or archive unpacking")
}

func isArchive(src string) bool {
	s := strings.ToLower(src)
	for _, ext := range []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}

func (d *dockerfile) cmd(n *parser.Node) {
	kw := strings.ToUpper(n.Value)
	args := nodeArgs(n)
	if !n.Attributes["json"] && len(args) > 0 {
		d.add("SS005", n, "%s in shell form runs under /bin/sh -c, which does not forward signals", kw)
	}
	if d.dev {
		return
	}
	for _, c := range commandCalls(args, n.Attributes["json"]) {
		if flag := devFlag(c); flag != "" {
			d.add("SS020", n, "%s uses %s in a production Dockerfile", kw, flag)
			return
		}
	}
}

// commandCalls returns the simple commands a command line runs. An exec-form list
// is one command unless it is "sh -c SCRIPT", whose script is parsed; a shell-form
// string is parsed as shell.
func commandCalls(args []string, exec bool) [][]string {
	src := strings.Join(args, " ")
	if exec {
		script, ok := shellScript(args)
		if !ok {
			return [][]string{args}
		}
		src = script
	}
	s, ok := parseScript(src)
	if !ok {
		return [][]string{strings.Fields(src)}
	}
	out := make([][]string, 0, len(s.calls))
	for _, c := range s.calls {
		out = append(out, c.args)
	}
	return out
}

// devFlag returns the development switch in a command line, or "".
func devFlag(args []string) string {
	args = unwrap(args)
	for i, a := range args {
		switch {
		case a == "--reload", strings.HasPrefix(a, "--reload="), a == "--debug":
			return a
		case a == "runserver", a == "nodemon":
			return a
		case a == "dev" && i > 0 && (args[i-1] == "fastapi" || args[i-1] == "run" || args[i-1] == "next"):
			return args[i-1] + " dev"
		}
	}
	return ""
}

// stageRules runs the rules that judge a stage as a whole: the final stage's user
// and health check, and build tools left in the final image.
func (d *dockerfile) stageRules() {
	if len(d.stages) == 0 {
		return
	}
	final := d.stages[len(d.stages)-1]
	switch {
	case final.userNode == nil:
		d.addMissing("SS003", final, "the final stage sets no USER, so it runs as root")
	case isRootUser(final.user):
		d.add("SS003", final.userNode, "USER %s is root", final.user)
	}
	if !final.health {
		d.addMissing("SS006", final, "the final stage has no HEALTHCHECK")
	}
	if d.dev {
		return
	}
	for st := final; st != nil; st = st.parent {
		for _, n := range st.runs {
			if tool := buildTool(n); tool != "" {
				d.add("SS019", n, "%s is installed in the final image", tool)
			}
		}
	}
}

// isRootUser reports whether a USER value or Compose user names root.
func isRootUser(u string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	return name == "root" || name == "0"
}

// secretVar returns why a variable looks like it holds a secret, or "".
func secretVar(name, value string) string {
	if secretName(name) {
		if value == "" {
			return "names a secret; build arguments and environment stay in the image history"
		}
		if !strings.Contains(value, "$") {
			return "holds a literal secret"
		}
		return "names a secret; its value stays in the image history"
	}
	if credentialURL.MatchString(value) {
		return "holds a URL with a password"
	}
	return ""
}

var credentialURL = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://[^/:@\s]+:[^@\s$]+@`)

// secretName reports whether a variable name says it holds a secret. The name is
// split at underscores so that TOKENIZERS_PARALLELISM or GPG_KEY do not count, and a
// name ending in _FILE or the like points at a secret rather than holding one.
func secretName(name string) bool {
	parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	if len(parts) == 0 {
		return false
	}
	switch parts[len(parts)-1] {
	case "file", "path", "dir", "url", "host", "user", "username", "id", "length", "ttl",
		"timeout", "expires", "expiry", "public", "type", "name", "enabled", "min", "max":
		return false
	}
	for i, p := range parts {
		switch p {
		case "password", "passwd", "pass", "pwd", "secret", "secrets", "token", "apikey",
			"credential", "credentials", "privatekey":
			return true
		case "key":
			if i > 0 && (parts[i-1] == "api" || parts[i-1] == "access" || parts[i-1] == "private" ||
				parts[i-1] == "secret" || parts[i-1] == "auth" || parts[i-1] == "encryption") {
				return true
			}
		}
	}
	return false
}

// run checks one RUN instruction's shell.
func (d *dockerfile) run(n *parser.Node, cur *stage) {
	src, ok := runScript(n)
	if !ok {
		return
	}
	s, ok := parseScript(src)
	if !ok {
		return
	}
	mounts := cacheMounts(n.Flags)
	var sawUpdate, sawInstall, cleaned, cd bool
	for _, c := range s.calls {
		args := unwrap(c.args)
		if len(args) > 0 && args[0] == "cd" && !c.subshell {
			cd = true
		}
		if len(c.args) > 0 && c.args[0] == "sudo" {
			d.add("SS013", n, "sudo in RUN: %s", strings.Join(c.args, " "))
		}
		if len(args) > 1 && args[0] == "rm" && strings.Contains(strings.Join(args[1:], " "), "/var/lib/apt/lists") {
			cleaned = true
		}
		p, ok := pm(c.args)
		if !ok {
			continue
		}
		switch {
		case p.tool == "apt" && p.sub == "update":
			sawUpdate = true
		case p.tool == "apt" && p.sub == "install":
			sawInstall = true
			d.aptInstall(n, p)
		case p.tool == "apt" && (p.sub == "upgrade" || p.sub == "dist-upgrade" || p.sub == "full-upgrade"),
			p.tool == "apk" && p.sub == "upgrade", p.tool == "yum" && (p.sub == "upgrade" || p.sub == "update"):
			d.add("SS010", n, "%s %s upgrades packages inside the image", c.args[0], p.sub)
		case p.tool == "pip" && p.sub == "install":
			if !hasFlag(p.args, 0, "--no-cache-dir") && !mounts.has(".cache/pip") && !s.assignsCache &&
				(cur == nil || !cur.noCache) {
				d.add("SS011", n, "pip install without --no-cache-dir or a cache mount leaves the cache in the layer")
			}
		}
	}
	d.scriptRules(n, cur, s, sawUpdate, sawInstall, cleaned || mounts.has("/var/lib/apt"), cd)
}

func (d *dockerfile) aptInstall(n *parser.Node, p pmCall) {
	var missing []string
	if !hasFlag(p.args, 'y', "--yes", "--assume-yes") && !hasFlag(p.args, 0, "-qq", "-q=2") {
		missing = append(missing, "-y")
	}
	if !hasFlag(p.args, 0, "--no-install-recommends") && !strings.Contains(strings.Join(p.args, " "), "Install-Recommends=false") {
		missing = append(missing, "--no-install-recommends")
	}
	if len(missing) > 0 {
		d.add("SS008", n, "apt-get install without %s", strings.Join(missing, " and "))
	}
}

func (d *dockerfile) scriptRules(n *parser.Node, cur *stage, s script, update, install, cleaned, cd bool) {
	if update && !install {
		d.add("SS007", n, "apt-get update alone; a later install may use a stale cached index")
	}
	if install && !cleaned {
		d.add("SS009", n, "apt-get install leaves /var/lib/apt/lists in the layer")
	}
	if s.pipeToShell {
		d.add("SS012", n, "a downloaded script is piped into a shell without verification")
	}
	if cd {
		d.add("SS017", n, "cd in RUN; the directory does not carry over to the next instruction")
	}
	if s.hasPipe && !s.pipefail && (cur == nil || !cur.pipefail) && !n.Attributes["json"] {
		d.add("SS018", n, "a pipe in RUN hides the failure of any command but the last")
	}
}

// runScript returns the shell program a RUN executes: its shell-form text, the -c
// argument of an exec-form shell, or a here-document fed to the shell.
func runScript(n *parser.Node) (string, bool) {
	args := nodeArgs(n)
	if n.Attributes["json"] {
		if src, ok := shellScript(args); ok {
			return src, true
		}
		return quoteArgs(args), true
	}
	src := strings.Join(args, " ")
	if len(n.Heredocs) > 0 {
		head, _, _ := strings.Cut(src, "<<")
		head = strings.TrimSpace(head)
		if head == "" || isShell(strings.Fields(head)) {
			return n.Heredocs[0].Content, true
		}
		return head, true
	}
	return src, true
}

// quoteArgs joins exec-form arguments into one shell command line.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// mountSet holds the targets of a RUN's cache mounts.
type mountSet []string

func cacheMounts(flags []string) mountSet {
	var out mountSet
	for _, f := range flags {
		spec, ok := strings.CutPrefix(f, "--mount=")
		if !ok || !strings.Contains(spec, "type=cache") {
			continue
		}
		for kv := range strings.SplitSeq(spec, ",") {
			k, v, _ := strings.Cut(kv, "=")
			if k == "target" || k == "dst" || k == "destination" {
				out = append(out, v)
			}
		}
	}
	return out
}

func (m mountSet) has(part string) bool {
	for _, t := range m {
		if strings.Contains(t, part) {
			return true
		}
	}
	return false
}

// buildTool returns the first compiler or build package a RUN installs, or "".
func buildTool(n *parser.Node) string {
	src, ok := runScript(n)
	if !ok {
		return ""
	}
	s, ok := parseScript(src)
	if !ok {
		return ""
	}
	for _, c := range s.calls {
		p, ok := pm(c.args)
		if !ok || p.tool == "pip" || p.tool == "npm" || p.tool == "uv" || !p.installs() {
			continue
		}
		for _, pkg := range p.packages() {
			name, _, _ := strings.Cut(pkg, "=")
			if buildPackages[name] {
				return name
			}
		}
	}
	return ""
}

var buildPackages = map[string]bool{
	"build-essential": true, "gcc": true, "g++": true, "clang": true, "make": true,
	"cmake": true, "build-base": true, "autoconf": true, "automake": true, "libtool": true,
	"python3-dev": true, "gcc-c++": true, "rustc": true, "cargo": true,
}

// untagged returns why an image reference is not pinned, or "".
func untagged(image string) string {
	if strings.Contains(image, "@") {
		return ""
	}
	slash := strings.LastIndex(image, "/")
	colon := strings.LastIndex(image, ":")
	if colon <= slash {
		return "has no tag, so it means latest and changes under you"
	}
	if image[colon+1:] == "latest" {
		return "uses the latest tag, which changes under you"
	}
	return ""
}

// endOfLife returns why an image is past its end of life, or "".
func endOfLife(image string) string {
	ref, _, _ := strings.Cut(image, "@")
	slash := strings.LastIndex(ref, "/")
	colon := strings.LastIndex(ref, ":")
	if colon <= slash {
		return ""
	}
	name, tag := strings.ToLower(ref[slash+1:colon]), strings.ToLower(ref[colon+1:])
	for _, e := range eolReleases {
		if e.pattern.MatchString(tag) && (e.image == "" || e.image == name) {
			return fmt.Sprintf("%s is past its end of life (%s)", e.what, e.ended)
		}
	}
	return ""
}

// eolReleases lists base image releases that no longer get security updates.
var eolReleases = []struct {
	image   string // "" for any image
	pattern *regexp.Regexp
	what    string
	ended   string
}{
	{"python", regexp.MustCompile(`^(2(\.|$|-)|3\.[0-9](\.|$|-))`), "this Python release", "Python 3.9 ended in October 2025"},
	{"", regexp.MustCompile(`(^|[^a-z])(bullseye|buster|stretch|jessie|wheezy)([^a-z]|$)`), "this Debian release", "Debian 11 bullseye LTS ended on 2026-08-31"},
	{"debian", regexp.MustCompile(`^([0-9]|1[01])(\.|$|-)`), "this Debian release", "Debian 11 and older"},
	{"", regexp.MustCompile(`alpine3\.([0-9]|1[0-9]|20)([^0-9]|$)`), "this Alpine release", "Alpine 3.20 and older"},
	{"alpine", regexp.MustCompile(`^3\.([0-9]|1[0-9]|20)([^0-9]|$)`), "this Alpine release", "Alpine 3.20 and older"},
	{"ubuntu", regexp.MustCompile(`^(1[0-9]\.|20\.04|trusty|xenial|bionic|focal)`), "this Ubuntu release", "standard support ended"},
}
