package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSetRejects(t *testing.T) {
	tests := []struct {
		name, key, value, want string
	}{
		{"name upper case", "name", "Demo", `--name: invalid value "Demo": accepted: lower-case letters`},
		{"name newline", "name", "demo\nx", `--name: invalid value "demo\nx"`},
		{"backend absolute", "backend_dir", "/srv", `--backend-dir: invalid value "/srv"`},
		{"backend parent", "backend_dir", "../x", `--backend-dir: invalid value "../x"`},
		{"backend hidden", "backend_dir", "a/.x", `--backend-dir: invalid value "a/.x"`},
		{"backend unclean", "backend_dir", "a//b", `--backend-dir: invalid value "a//b"`},
		{"python old", "python", "3.9", `--python: invalid value "3.9": accepted: 3.11, 3.12, 3.13, 3.14`},
		{"debian unknown", "debian", "buster", `--debian: invalid value "buster": accepted: trixie, bookworm, bullseye`},
		{"packaging", "packaging", "poetry", `--packaging: invalid value "poetry": accepted: pip, uv`},
		{"app no attr", "app", "app.main", `--app: invalid value "app.main": accepted: a dotted Python module`},
		{"app quote", "app", `app.main:app"`, `--app: invalid value "app.main:app\""`},
		{"port low", "port", "80", `--port: invalid value "80": accepted: a whole number from 1024 to 65535`},
		{"port text", "port", "80a", `--port: invalid value "80a"`},
		{"port plus", "port", "+8000", `--port: invalid value "+8000"`},
		{"workers zero", "workers", "0", `--workers: invalid value "0": accepted: a whole number from 1 to 64`},
		{"user root", "user", "root", `--user: invalid value "root": accepted: a POSIX user name`},
		{"user dollar", "user", "$USER", `--user: invalid value "$USER"`},
		{"group long", "group", strings.Repeat("g", 33), `--group: invalid value`},
		{"uid zero", "uid", "0", `--uid: invalid value "0": accepted: a whole number from 1000 to 65533`},
		{"gid high", "gid", "65534", `--gid: invalid value "65534"`},
		{"health relative", "health_path", "health", `--health-path: invalid value "health": accepted: an absolute URL path`},
		{"health space", "health_path", "/he alth", `--health-path: invalid value "/he alth"`},
		{"health quote", "health_path", "/h'", `--health-path: invalid value "/h'"`},
		{"healthcheck", "healthcheck", "wget", `--healthcheck: invalid value "wget": accepted: python, curl`},
		{"vectordb", "vectordb", "milvus", `--vectordb: invalid value "milvus": accepted: qdrant, chroma, weaviate, pgvector, none`},
		{"publish name", "publish", "localhost", `--publish: invalid value "localhost": accepted: an IP address`},
		{"publish zone", "publish", "fe80::1%eth0", `--publish: invalid value "fe80::1%eth0"`},
		{"no_app", "no_app", "maybe", `--no-app: invalid value "maybe": accepted: true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := Lookup(tt.key)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", tt.key)
			}
			s := Default("demo")
			before := s
			err := f.Set(&s, tt.value)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Set(%q) = %v, want an error starting %q", tt.value, err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Set(%q) error has more than one line: %q", tt.value, err)
			}
			if diff := cmp.Diff(before, s); diff != "" {
				t.Errorf("Set(%q) changed the spec on error (-want +got):\n%s", tt.value, diff)
			}
		})
	}
}

func TestSetAccepts(t *testing.T) {
	tests := []struct{ key, value string }{
		{"name", "my_service-2"}, {"backend_dir", "services/api"}, {"python", "3.14"},
		{"debian", "bookworm"}, {"packaging", "uv"}, {"app", "_svc.api.v2:application"},
		{"port", "1024"}, {"port", "65535"}, {"workers", "64"}, {"user", "_svc-1"},
		{"uid", "1000"}, {"gid", "65533"}, {"health_path", "/api/v1/health.z~_-"},
		{"healthcheck", "curl"}, {"vectordb", "none"}, {"publish", "::1"}, {"publish", "0.0.0.0"},
		{"no_app", "false"},
	}
	for _, tt := range tests {
		f, _ := Lookup(tt.key)
		s := Default("demo")
		if err := f.Set(&s, tt.value); err != nil {
			t.Errorf("Set(%s=%q): %v", tt.key, tt.value, err)
		}
		if got := f.Get(&s); got != tt.value {
			t.Errorf("after Set(%s=%q), Get = %q", tt.key, tt.value, got)
		}
	}
}

func TestValidateEOL(t *testing.T) {
	s := Default("demo")
	s.Debian = "bullseye"
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), "--allow-eol") {
		t.Fatalf("Validate(bullseye) = %v, want a hint to --allow-eol", err)
	}
	if len(s.Warnings()) != 1 {
		t.Errorf("Warnings(bullseye) = %v, want one", s.Warnings())
	}
	s.AllowEOL = true
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate(bullseye, allow_eol) = %v", err)
	}
	if d := Default("demo"); len(d.Warnings()) != 0 || d.Validate() != nil {
		t.Errorf("Default: warnings %v, validate %v", d.Warnings(), d.Validate())
	}
}

func TestNameFromDir(t *testing.T) {
	tests := []struct{ dir, want string }{
		{"/srv/MyService", "myservice"}, {"/srv/my service!", "my-service-"},
		{"/srv/--x", "x"}, {"/srv/ÄÖ", "app"}, {"/srv/api_v2", "api_v2"},
	}
	for _, tt := range tests {
		if got := NameFromDir(tt.dir); got != tt.want {
			t.Errorf("NameFromDir(%q) = %q, want %q", tt.dir, got, tt.want)
		}
		if !checkName(NameFromDir(tt.dir)) {
			t.Errorf("NameFromDir(%q) is not a valid name", tt.dir)
		}
	}
}

func TestLoadRoundTrip(t *testing.T) {
	s := Default("demo")
	s.Publish = "::1"
	s.Python = "3.12"
	s.NoApp = true
	got, err := Load(strings.NewReader(string(s.Marshal())), Spec{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, got); diff != "" {
		t.Errorf("Load(Marshal(s)) mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "pyhton: 3.12\n", "line 1: unknown key pyhton (accepted: name, backend_dir, python,"},
		{"wrong type", "port: eighty\n", "cannot unmarshal"},
		{"not a map", "- a\n", "cannot unmarshal"},
	}
	for _, tt := range tests {
		_, err := Load(strings.NewReader(tt.yaml), Default("demo"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Load = %v, want %q", tt.name, err, tt.want)
		}
	}
	s, err := Load(strings.NewReader("python: \"3.12\"\n"), Default("demo"))
	if err != nil || s.Python != "3.12" || s.Port != 8000 {
		t.Errorf("partial Load = %+v, %v; want python 3.12 and default port", s, err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("name: demo\nport: 8000\n")
	f.Add("python: [\n")
	f.Add("port: 99999999999999999999\n")
	f.Add("&a [*a]")
	f.Fuzz(func(t *testing.T, data string) {
		s, err := Load(strings.NewReader(data), Default("demo"))
		if err != nil || s.Validate() != nil {
			return
		}
		back, err := Load(strings.NewReader(string(s.Marshal())), Spec{})
		if err != nil || !cmp.Equal(s, back) {
			t.Fatalf("valid spec %+v does not round-trip: %v", s, err)
		}
	})
}

func TestWarnsOnAllInterfaces(t *testing.T) {
	for _, addr := range []string{"0.0.0.0", "::"} {
		s := Default("demo")
		s.Publish = addr
		if w := s.Warnings(); len(w) != 1 || !strings.Contains(w[0], "every network interface") {
			t.Errorf("Warnings(publish %s) = %v", addr, w)
		}
	}
}
