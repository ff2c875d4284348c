package audit

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxAliasDepth bounds how far YAML aliases and merge keys are followed, so that a
// crafted file cannot make the audit loop.
const maxAliasDepth = 32

// checkCompose parses data as a Compose file and runs every Compose rule on it. The
// file is read as YAML nodes rather than through the Compose loader: the nodes keep
// line and column for every key, and reading them costs a fraction of a full load.
func checkCompose(p string, data []byte) (findings []Finding) {
	defer func() {
		if v := recover(); v != nil {
			findings = []Finding{newFinding(parseRule, p, 0, 0, "compose parse error: %v", v)}
		}
	}()
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	if err != nil && !errors.Is(err, io.EOF) {
		return []Finding{newFinding(parseRule, p, yamlErrorLine(err), 0, "compose parse error: %v", err)}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	root = resolve(root)
	if root.Kind != yaml.MappingNode {
		return []Finding{newFinding(parseRule, p, root.Line, root.Column, "compose parse error: the top level is not a mapping")}
	}
	c := &compose{path: p, dev: isDevName(p)}
	if k, _ := lookup(root, "version"); k != nil {
		c.add("SS034", k, "the version key is obsolete and ignored")
	}
	if _, services := lookup(root, "services"); services != nil && services.Kind == yaml.MappingNode {
		for _, kv := range pairs(services) {
			if kv.v.Kind == yaml.MappingNode {
				c.service(kv.k, kv.v)
			}
		}
	}
	return c.findings
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// compose holds the state of checking one Compose file.
type compose struct {
	path     string
	dev      bool
	findings []Finding
}

func (c *compose) add(id string, at *yaml.Node, format string, args ...any) {
	c.findings = append(c.findings, newFinding(id, c.path, at.Line, at.Column, format, args...))
}

// addMissing reports a finding about something the service lacks, at its key, with
// the whole service as the scope of ignore comments.
func (c *compose) addMissing(id string, s svc, format string, args ...any) {
	f := newFinding(id, c.path, s.key.Line, s.key.Column, format, args...)
	f.end = lastLine(s.m, 0)
	c.findings = append(c.findings, f)
}

// lastLine returns the last line a node's content reaches.
func lastLine(n *yaml.Node, depth int) int {
	if n == nil || depth > maxAliasDepth {
		return 0
	}
	last := n.Line
	if len(n.Content) > 0 {
		last = max(last, lastLine(n.Content[len(n.Content)-1], depth+1))
	}
	return last
}

// svc is one service being checked: its name, key node and mapping.
type svc struct {
	name string
	key  *yaml.Node
	m    *yaml.Node
	dev  bool
}

func (s svc) get(key string) (*yaml.Node, *yaml.Node) { return lookup(s.m, key) }

// service runs the service rules on one service.
func (c *compose) service(k, m *yaml.Node) {
	s := svc{name: k.Value, key: k, m: m, dev: c.dev}
	if _, v := s.get("profiles"); v != nil {
		for _, p := range scalars(v) {
			s.dev = s.dev || isDevWord(p)
		}
	}
	_, build := s.get("build")
	if build != nil && build.Kind == yaml.MappingNode {
		if _, df := lookup(build, "dockerfile"); df != nil && isDevName(df.Value) {
			s.dev = true
		}
	}
	c.image(s, build != nil)
	c.privileges(s)
	c.isolation(s)
	c.limits(s)
	c.ports(s)
	c.health(s)
	c.environment(s)
	c.commands(s)
}

// image checks the image tag and release, unless the service builds the image
// and the name only labels the result.
func (c *compose) image(s svc, builds bool) {
	k, v := s.get("image")
	if v == nil || builds || v.Kind != yaml.ScalarNode || strings.Contains(v.Value, "$") {
		return
	}
	if msg := untagged(v.Value); msg != "" {
		c.add("SS001", k, "service %s: image %s %s", s.name, v.Value, msg)
	}
	if msg := endOfLife(v.Value); msg != "" {
		c.add("SS002", k, "service %s: image %s: %s", s.name, v.Value, msg)
	}
}

func (c *compose) privileges(s svc) {
	if k, v := s.get("privileged"); v != nil && isTrue(v) {
		c.add("SS021", k, "service %s runs privileged", s.name)
	}
	switch k, v := s.get("user"); {
	case v == nil:
		c.addMissing("SS025", s, "service %s sets no user, so it runs as the image's default user, often root", s.name)
	case isRootUser(v.Value):
		c.add("SS025", k, "service %s runs as root (user: %s)", s.name, v.Value)
	}
	k, v := s.get("cap_drop")
	if v == nil || !containsFold(scalars(v), "ALL") {
		if k != nil {
			c.add("SS026", k, "service %s does not drop all capabilities (cap_drop: [ALL])", s.name)
		} else {
			c.addMissing("SS026", s, "service %s does not drop all capabilities (cap_drop: [ALL])", s.name)
		}
	}
	if _, v := s.get("cap_add"); v != nil {
		for _, n := range items(v) {
			name := strings.TrimPrefix(strings.ToUpper(n.Value), "CAP_")
			if dangerousCaps[name] {
				c.add("SS027", n, "service %s adds %s", s.name, name)
			}
		}
	}
	if _, v := s.get("security_opt"); v == nil || !noNewPrivileges(scalars(v)) {
		c.addMissing("SS028", s, "service %s does not set no-new-privileges:true", s.name)
	}
	if _, v := s.get("read_only"); v == nil || !isTrue(v) {
		c.addMissing("SS029", s, "service %s has a writable root filesystem (no read_only: true)", s.name)
	}
}

var dangerousCaps = map[string]bool{
	"ALL": true, "SYS_ADMIN": true, "SYS_PTRACE": true, "SYS_MODULE": true, "SYS_RAWIO": true,
	"SYS_BOOT": true, "SYS_TIME": true, "NET_ADMIN": true, "DAC_READ_SEARCH": true, "BPF": true,
	"PERFMON": true, "MAC_ADMIN": true, "MAC_OVERRIDE": true, "SYSLOG": true, "SYS_RESOURCE": true,
}

func noNewPrivileges(opts []string) bool {
	for _, o := range opts {
		o = strings.ReplaceAll(strings.TrimSpace(o), "=", ":")
		if o == "no-new-privileges" || o == "no-new-privileges:true" {
			return true
		}
	}
	return false
}

// isolation checks host namespaces and mounts of host paths.
func (c *compose) isolation(s svc) {
	for _, key := range []string{"network_mode", "pid", "ipc", "uts", "userns_mode"} {
		if k, v := s.get(key); v != nil && v.Value == "host" {
			c.add("SS024", k, "service %s shares the host's %s namespace (%s: host)", s.name, strings.TrimSuffix(key, "_mode"), key)
		}
	}
	_, vols := s.get("volumes")
	for _, n := range items(vols) {
		src := volumeSource(n)
		switch {
		case src == "":
		case isRuntimeSocket(src):
			c.add("SS022", n, "service %s mounts %s", s.name, src)
		case sensitivePath(src):
			c.add("SS023", n, "service %s mounts the host path %s", s.name, src)
		}
	}
}

// volumeSource returns the host side of a volume entry in short or long syntax.
func volumeSource(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		src, _, ok := strings.Cut(n.Value, ":")
		if !ok {
			return ""
		}
		return src
	case yaml.MappingNode:
		if _, v := lookup(n, "source"); v != nil {
			return v.Value
		}
	}
	return ""
}

func isRuntimeSocket(src string) bool {
	return strings.HasSuffix(src, "docker.sock") || strings.HasSuffix(src, "podman.sock") ||
		strings.HasSuffix(src, "containerd.sock") || strings.HasSuffix(src, "crio.sock")
}

// sensitivePath reports whether a host path is a system location. A project's own
// folders (./backend) and named volumes are not.
func sensitivePath(src string) bool {
	if !strings.HasPrefix(src, "/") {
		return src == "~" || src == "~/"
	}
	clean := "/" + strings.Trim(src, "/")
	for _, p := range sensitivePaths {
		if clean == p || (p != "/" && strings.HasPrefix(clean, p+"/")) {
			return true
		}
	}
	return false
}

var sensitivePaths = []string{
	"/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/run", "/var/run",
	"/var/lib/docker", "/var/lib/kubelet", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/var/log",
}

// limits checks memory, CPU and PID limits in deploy.resources.limits or the
// service-level keys.
func (c *compose) limits(s svc) {
	var lim *yaml.Node
	if _, d := s.get("deploy"); d != nil {
		if _, r := lookup(d, "resources"); r != nil {
			_, lim = lookup(r, "limits")
		}
	}
	var missing []string
	for _, l := range []struct{ name, limit, flat string }{
		{"memory", "memory", "mem_limit"}, {"CPU", "cpus", "cpus"}, {"PID", "pids", "pids_limit"},
	} {
		_, a := lookup(lim, l.limit)
		_, b := s.get(l.flat)
		if !setLimit(a) && !setLimit(b) {
			missing = append(missing, l.name)
		}
	}
	if len(missing) > 0 {
		c.addMissing("SS030", s, "service %s has no %s limit", s.name, orList(missing))
	}
}

func setLimit(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Value != "" && n.Value != "-1" && n.Value != "0"
}

// ports reports ports published on every host interface.
func (c *compose) ports(s svc) {
	_, v := s.get("ports")
	for _, n := range items(v) {
		switch n.Kind {
		case yaml.ScalarNode:
			if allInterfaces(n.Value) {
				c.add("SS031", n, "service %s publishes %s on all host interfaces", s.name, n.Value)
			}
		case yaml.MappingNode:
			_, ip := lookup(n, "host_ip")
			_, pub := lookup(n, "published")
			if pub != nil && (ip == nil || ip.Value == "0.0.0.0" || ip.Value == "::") {
				c.add("SS031", n, "service %s publishes %s on all host interfaces", s.name, pub.Value)
			}
		}
	}
}

// allInterfaces reports whether a short-syntax port binds every host address:
// "8000:8000", "8000" and "0.0.0.0:8000:8000" do, "127.0.0.1:8000:8000" does not.
func allInterfaces(spec string) bool {
	spec, _, _ = strings.Cut(spec, "/")
	if strings.HasPrefix(spec, "[") {
		host, _, _ := strings.Cut(spec[1:], "]")
		return host == "::" || host == ""
	}
	parts := strings.Split(spec, ":")
	if len(parts) < 3 {
		return true
	}
	ip := strings.Join(parts[:len(parts)-2], ":")
	return ip == "" || ip == "0.0.0.0" || ip == "::"
}

func (c *compose) health(s svc) {
	k, v := s.get("healthcheck")
	if v == nil {
		c.addMissing("SS032", s, "service %s has no healthcheck", s.name)
		return
	}
	if _, d := lookup(v, "disable"); d != nil && isTrue(d) {
		c.add("SS032", k, "service %s disables its healthcheck", s.name)
		return
	}
	if _, t := lookup(v, "test"); t != nil {
		if args := scalars(t); len(args) > 0 && strings.EqualFold(args[0], "NONE") {
			c.add("SS032", k, "service %s disables its healthcheck", s.name)
		}
	}
}

// environment reports literal secrets in environment, in map or list form.
func (c *compose) environment(s svc) {
	_, env := s.get("environment")
	if env == nil {
		return
	}
	check := func(at *yaml.Node, name, value string, hasValue bool) {
		if !hasValue || value == "" || strings.Contains(value, "$") {
			return
		}
		if secretName(name) {
			c.add("SS033", at, "service %s sets %s to a literal value", s.name, name)
		} else if credentialURL.MatchString(value) {
			c.add("SS033", at, "service %s sets %s to a URL with a password", s.name, name)
		}
	}
	switch env.Kind {
	case yaml.MappingNode:
		for _, kv := range pairs(env) {
			check(kv.k, kv.k.Value, kv.v.Value, kv.v.Kind == yaml.ScalarNode && kv.v.Tag != "!!null")
		}
	case yaml.SequenceNode:
		for _, n := range items(env) {
			name, value, ok := strings.Cut(n.Value, "=")
			check(n, name, value, ok)
		}
	}
}

// commands checks command: and entrypoint: for a shell in between, package
// installs at start and development flags.
func (c *compose) commands(s svc) {
	for _, key := range []string{"entrypoint", "command"} {
		k, v := s.get(key)
		if v == nil {
			continue
		}
		args, exec := commandArgs(v)
		if len(args) == 0 {
			continue
		}
		if _, ok := shellScript(args); ok {
			c.add("SS036", k, "service %s: %s runs a script through %s -c; its quoting and variable expansion invite injection", s.name, key, args[0])
		}
		for _, call := range commandCalls(args, exec) {
			if p, ok := pm(call); ok && p.installs() {
				c.add("SS035", k, "service %s: %s runs %s at every start: a supply chain risk, and no layer caching", s.name, key, strings.Join(call[:min(len(call), 2)], " "))
				break
			}
		}
		if s.dev {
			continue
		}
		for _, call := range commandCalls(args, exec) {
			if flag := devFlag(call); flag != "" {
				c.add("SS020", k, "service %s: %s uses %s outside a development profile", s.name, key, flag)
				break
			}
		}
	}
}

// commandArgs returns a command's arguments and whether they are an exec list. A
// string command is split into words the way a shell would, which is how Compose
// splits it.
func commandArgs(v *yaml.Node) ([]string, bool) {
	if v.Kind == yaml.SequenceNode {
		return scalars(v), true
	}
	if v.Kind != yaml.ScalarNode {
		return nil, false
	}
	s, ok := parseScript(v.Value)
	if !ok || len(s.calls) != 1 {
		return []string{v.Value}, false
	}
	return s.calls[0].args, true
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return &yaml.Node{}
	}
	return n
}

type pair struct{ k, v *yaml.Node }

// pairs returns a mapping's key/value pairs with aliases resolved and merge keys
// (<<) expanded; keys written in the mapping win over merged ones.
func pairs(m *yaml.Node) []pair {
	return pairsDepth(m, 0)
}

func pairsDepth(m *yaml.Node, depth int) []pair {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > maxAliasDepth {
		return nil
	}
	var own, merged []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], resolve(m.Content[i+1])
		if k.Value == "<<" && k.Tag != "!!str" {
			sources := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				sources = v.Content
			}
			for _, src := range sources {
				merged = append(merged, pairsDepth(src, depth+1)...)
			}
			continue
		}
		own = append(own, pair{k, v})
	}
	for _, mp := range merged {
		if !hasKey(own, mp.k.Value) {
			own = append(own, mp)
		}
	}
	return own
}

func hasKey(ps []pair, key string) bool {
	for _, p := range ps {
		if p.k.Value == key {
			return true
		}
	}
	return false
}

// lookup returns the key and value nodes for key in mapping m, or nils.
func lookup(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for _, p := range pairs(m) {
		if p.k.Value == key {
			return p.k, p.v
		}
	}
	return nil, nil
}

// items returns the elements of a sequence with aliases resolved.
func items(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, resolve(c))
	}
	return out
}

// scalars returns the values of a scalar or a sequence of scalars.
func scalars(n *yaml.Node) []string {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range items(n) {
		if c.Kind == yaml.ScalarNode {
			out = append(out, c.Value)
		}
	}
	return out
}

func isTrue(n *yaml.Node) bool {
	b, err := strconv.ParseBool(strings.ToLower(n.Value))
	return err == nil && b
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
