package render_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/google/go-cmp/cmp"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/shipshape-dev/shipshape/internal/golden"
	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/spec"
)

// instruction is one parsed Dockerfile instruction: its keyword, its flags and
// its arguments, and whether it was written in JSON (exec) form.
type instruction struct {
	Cmd   string
	Flags []string
	Args  []string
	JSON  bool
}

// parseDockerfile parses data with BuildKit's parser.
func parseDockerfile(tb testing.TB, name string, data []byte) []instruction {
	tb.Helper()
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("parsing %s with BuildKit: %v\n%s", name, err, data)
	}
	if len(res.Warnings) > 0 {
		tb.Errorf("parsing %s: BuildKit warns: %v", name, res.Warnings)
	}
	var out []instruction
	for _, n := range res.AST.Children {
		in := instruction{Cmd: strings.ToUpper(n.Value), Flags: n.Flags, JSON: n.Attributes["json"]}
		for a := n.Next; a != nil; a = a.Next {
			in.Args = append(in.Args, a.Value)
		}
		if in.Cmd == "HEALTHCHECK" && n.Next != nil && n.Next.Next != nil {
			// HEALTHCHECK's arguments are CMD and then a nested node with the command.
			in.Args = []string{n.Next.Value}
			for a := n.Next.Next; a != nil; a = a.Next {
				in.Args = append(in.Args, a.Value)
			}
		}
		out = append(out, in)
	}
	return out
}

// commands lists the keywords of ins.
func commands(ins []instruction) []string {
	out := make([]string, len(ins))
	for i, in := range ins {
		out[i] = in.Cmd
	}
	return out
}

// find returns the last instruction with keyword cmd.
func find(ins []instruction, cmd string) (instruction, bool) {
	for i := len(ins) - 1; i >= 0; i-- {
		if ins[i].Cmd == cmd {
			return ins[i], true
		}
	}
	return instruction{}, false
}

// wantInstructions is the exact instruction list that the production Dockerfile
// must have for s; any answer that leaks out of its place changes it.
func wantInstructions(s spec.Spec) []string {
	want := []string{"FROM", "RUN"}
	if s.Packaging == "uv" {
		want = append(want, "COPY", "ENV", "WORKDIR", "COPY", "RUN")
	} else {
		want = append(want, "ENV", "RUN", "WORKDIR", "COPY", "RUN")
	}
	return append(want, "FROM", "ENV", "RUN", "COPY", "WORKDIR", "COPY", "EXPOSE", "HEALTHCHECK", "USER", "CMD")
}

// checkDockerfiles asserts the structure of both Dockerfiles rendered for s.
func checkDockerfiles(tb testing.TB, s spec.Spec, files map[string][]byte) {
	tb.Helper()
	prod := parseDockerfile(tb, "Dockerfile", files[s.BackendDir+"/Dockerfile"])
	if diff := cmp.Diff(wantInstructions(s), commands(prod)); diff != "" {
		tb.Errorf("Dockerfile instructions mismatch (-want +got):\n%s", diff)
	}
	image := "python:" + s.Python + "-slim-" + s.Debian
	var stages [][]string
	for _, in := range prod {
		if in.Cmd == "FROM" {
			stages = append(stages, in.Args)
		}
	}
	if diff := cmp.Diff([][]string{{image, "AS", "builder"}, {image, "AS", "runtime"}}, stages); diff != "" {
		tb.Errorf("Dockerfile stages mismatch (-want +got):\n%s", diff)
	}
	port := strconv.Itoa(s.Port)
	checkRuntime(tb, "Dockerfile", s, prod, []string{"uvicorn", s.App, "--host", "0.0.0.0", "--port", port, "--workers", strconv.Itoa(s.Workers)})

	dev := parseDockerfile(tb, "Dockerfile.dev", files[s.BackendDir+"/Dockerfile.dev"])
	if got := commands(dev); got[0] != "FROM" || slices.Index(got[1:], "FROM") >= 0 || dev[0].Args[0] != image {
		tb.Errorf("Dockerfile.dev: want one stage FROM %s, got %v", image, got)
	}
	for i := 1; i < len(dev); i++ {
		if dev[i].Cmd == "RUN" && dev[i-1].Cmd == "RUN" {
			tb.Errorf("Dockerfile.dev: consecutive RUN instructions (hadolint DL3059) at %d", i)
		}
	}
	checkRuntime(tb, "Dockerfile.dev", s, dev, []string{"uvicorn", s.App, "--host", "0.0.0.0", "--port", port, "--reload"})
}

// checkRuntime asserts the final stage's EXPOSE, HEALTHCHECK, USER and CMD.
func checkRuntime(tb testing.TB, name string, s spec.Spec, ins []instruction, cmd []string) {
	tb.Helper()
	if in, _ := find(ins, "USER"); !cmp.Equal(in.Args, []string{fmt.Sprintf("%d:%d", s.UID, s.GID)}) {
		tb.Errorf("%s: USER %v, want %d:%d", name, in.Args, s.UID, s.GID)
	}
	if in, _ := find(ins, "EXPOSE"); !cmp.Equal(in.Args, []string{strconv.Itoa(s.Port)}) {
		tb.Errorf("%s: EXPOSE %v, want %d", name, in.Args, s.Port)
	}
	in, _ := find(ins, "CMD")
	if !in.JSON || !cmp.Equal(in.Args, cmd) {
		tb.Errorf("%s: CMD %v (exec form %v), want exec form %q", name, in.Args, in.JSON, cmd)
	}
	hc, _ := find(ins, "HEALTHCHECK")
	wantFlags := []string{"--interval=30s", "--timeout=10s", "--start-period=40s", "--retries=3"}
	url := "http://127.0.0.1:" + strconv.Itoa(s.Port) + s.HealthPath
	if !cmp.Equal(hc.Flags, wantFlags) || len(hc.Args) < 2 || hc.Args[0] != "CMD" ||
		!strings.Contains(hc.Args[len(hc.Args)-1], url) {
		tb.Errorf("%s: HEALTHCHECK %v %v, want %v CMD probing %s", name, hc.Flags, hc.Args, wantFlags, url)
	}
}

// loadCompose loads the Compose file with the Compose specification loader for
// one profile.
func loadCompose(tb testing.TB, s spec.Spec, data []byte, profile string) *types.Project {
	tb.Helper()
	details := types.ConfigDetails{
		WorkingDir:  tb.TempDir(),
		ConfigFiles: []types.ConfigFile{{Filename: "docker-compose.yml", Content: data}},
		Environment: types.Mapping{},
	}
	p, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName(s.Name, true)
		o.Profiles = []string{profile}
		o.SkipResolveEnvironment = true
	})
	if err != nil {
		tb.Fatalf("loading docker-compose.yml (profile %s): %v\n%s", profile, err, data)
	}
	return p
}

// checkCompose asserts which services each profile runs and how they are hardened.
func checkCompose(tb testing.TB, s spec.Spec, data []byte) {
	tb.Helper()
	for _, profile := range []string{"backend", "production"} {
		p := loadCompose(tb, s, data, profile)
		api := map[string]string{"backend": "api-dev", "production": "api"}[profile]
		want := []string{api}
		if s.VectorDB != "none" {
			want = append(want, "vectordb")
		}
		got := p.ServiceNames()
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			tb.Errorf("profile %s: services mismatch (-want +got):\n%s", profile, diff)
		}
		for _, name := range got {
			checkService(tb, s, profile, p.Services[name])
		}
		svc := p.Services[api]
		wantPort := types.ServicePortConfig{Mode: "ingress", HostIP: s.Publish, Target: uint32(s.Port),
			Published: strconv.Itoa(s.Port), Protocol: "tcp"}
		if len(svc.Ports) != 1 || !cmp.Equal(svc.Ports[0], wantPort) {
			tb.Errorf("profile %s: %s ports %+v, want %+v", profile, api, svc.Ports, wantPort)
		}
		if h := svc.Environment["HOME"]; h == nil || *h != "/tmp" {
			tb.Errorf("profile %s: %s must point HOME at the /tmp tmpfs", profile, api)
		}
		if u := fmt.Sprintf("%d:%d", s.UID, s.GID); svc.User != u {
			tb.Errorf("profile %s: %s user %q, want %q", profile, api, svc.User, u)
		}
		if s.VectorDB != "none" {
			if svc.DependsOn["vectordb"].Condition != "service_healthy" {
				tb.Errorf("profile %s: %s must wait for a healthy vectordb", profile, api)
			}
			if len(p.Services["vectordb"].Ports) > 0 {
				tb.Errorf("profile %s: vectordb must not be published on the host", profile)
			}
		}
	}
}

// checkService asserts the hardening every service has.
func checkService(tb testing.TB, s spec.Spec, profile string, svc types.ServiceConfig) {
	tb.Helper()
	where := fmt.Sprintf("profile %s: service %s", profile, svc.Name)
	if !svc.ReadOnly || !slices.Contains(svc.Tmpfs, "/tmp") {
		tb.Errorf("%s: want read_only with a tmpfs on /tmp, got %v %v", where, svc.ReadOnly, svc.Tmpfs)
	}
	if !cmp.Equal(svc.CapDrop, []string{"ALL"}) || len(svc.CapAdd) > 0 {
		tb.Errorf("%s: cap_drop %v cap_add %v, want [ALL] and none", where, svc.CapDrop, svc.CapAdd)
	}
	if !cmp.Equal(svc.SecurityOpt, []string{"no-new-privileges:true"}) {
		tb.Errorf("%s: security_opt %v", where, svc.SecurityOpt)
	}
	if svc.Privileged || svc.NetworkMode != "" || svc.Pid != "" || svc.Ipc != "" {
		tb.Errorf("%s: privileged or host namespaces set", where)
	}
	if svc.HealthCheck == nil || len(svc.HealthCheck.Test) < 2 || svc.HealthCheck.Test[0] != "CMD" {
		tb.Errorf("%s: want an exec-form healthcheck, got %+v", where, svc.HealthCheck)
	}
	lim := svc.Deploy
	if lim == nil || lim.Resources.Limits == nil || lim.Resources.Limits.MemoryBytes == 0 ||
		lim.Resources.Limits.NanoCPUs == 0 || lim.Resources.Limits.Pids == 0 {
		tb.Errorf("%s: want memory, CPU and PID limits", where)
	}
	if _, ok := svc.Networks["backend"]; !ok || len(svc.Networks) != 1 {
		tb.Errorf("%s: networks %v, want only backend", where, svc.Networks)
	}
	for _, v := range svc.Volumes {
		if v.Type == types.VolumeTypeBind && (profile == "production" || v.Target != "/app") {
			tb.Errorf("%s: unexpected bind mount %s:%s", where, v.Source, v.Target)
		}
	}
	if strings.Contains(strings.Join(svc.Command, " "), "--reload") && profile != "backend" {
		tb.Errorf("%s: --reload outside the backend profile", where)
	}
}

// byPath indexes rendered files by path.
func byPath(files []render.File) map[string][]byte {
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}

func TestGoldenParses(t *testing.T) {
	for _, name := range golden.Cases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := golden.Read(t, name)
			s, err := spec.Load(strings.NewReader(in[golden.Input]), spec.Default(name))
			if err != nil {
				t.Fatal(err)
			}
			// The golden tree itself is checked, so what is reviewed is what is parsed.
			files := map[string][]byte{}
			for p, d := range in {
				files[p] = []byte(d)
			}
			checkDockerfiles(t, s, files)
			checkCompose(t, s, files["docker-compose.yml"])
		})
	}
}
