package audit

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden report files under testdata/golden")

// fixtureReport audits the small insecure fixture under testdata/fixture.
func fixtureReport(t testing.TB) *Report {
	t.Helper()
	var files []File
	for _, name := range []string{"Dockerfile", "docker-compose.yml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "fixture", name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: name, Data: data})
	}
	return Options{Ignore: []string{"SS034"}}.Files(files)
}

// TestFormats compares each format's rendering of the fixture with its golden
// file. Run go test ./internal/audit -run TestFormats -update to rewrite them.
func TestFormats(t *testing.T) {
	r := fixtureReport(t)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Write(&buf, f, WriteOptions{}); err != nil {
				t.Fatalf("Write(%s): %v", f, err)
			}
			golden := filepath.Join("testdata", "golden", "report."+string(f))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("Write(%s) mismatch (-want +got):\n%s", f, diff)
			}
		})
	}
}

func TestJSONSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := fixtureReport(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version int `json:"version"`
		Summary struct {
			Files, Findings, Suppressed int
		} `json:"summary"`
		Findings []struct {
			Rule, Severity, Path, Fingerprint string
			Line                              int
		} `json:"findings"`
		Suppressed []struct{ Rule, Reason string } `json:"suppressed"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("WriteJSON wrote invalid JSON: %v", err)
	}
	if got.Version != JSONVersion || got.Summary.Files != 2 || got.Summary.Findings != len(got.Findings) {
		t.Errorf("WriteJSON: version %d, summary %+v with %d findings", got.Version, got.Summary, len(got.Findings))
	}
	seen := map[string]bool{}
	for _, f := range got.Findings {
		if f.Rule == "" || f.Severity == "" || f.Path == "" || f.Line == 0 || seen[f.Fingerprint] {
			t.Errorf("WriteJSON: incomplete or duplicate finding %+v", f)
		}
		seen[f.Fingerprint] = true
	}
	if len(got.Suppressed) != 2 {
		t.Errorf("WriteJSON: %d suppressed, want 2 (one comment, one option): %+v", len(got.Suppressed), got.Suppressed)
	}
}

func TestSARIF(t *testing.T) {
	var buf bytes.Buffer
	if err := fixtureReport(t).WriteSARIF(&buf); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string `json:"id"`
						Properties struct {
							SecuritySeverity string `json:"security-severity"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("WriteSARIF wrote invalid JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("WriteSARIF: version %q with %d runs, want 2.1.0 with 1", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(Rules) {
		t.Errorf("WriteSARIF: %d rules, want %d", len(run.Tool.Driver.Rules), len(Rules))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Properties.SecuritySeverity == "" {
			t.Errorf("WriteSARIF: rule %s has no security-severity", r.ID)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("WriteSARIF: no results for the insecure fixture")
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID || loc.ArtifactLocation.URI == "" ||
			loc.Region.StartLine == 0 || len(res.PartialFingerprints) == 0 {
			t.Errorf("WriteSARIF: incomplete result %+v", res)
		}
	}
}

// TestSeedBefore audits the seed report's "Before (Insecure)" service and expects
// each of the five vulnerabilities the report lists.
func TestSeedBefore(t *testing.T) {
	const before = `services:
  api:
    image: python:3.12-alpine
    command: |
      sh -c "
        pip install -r requirements.txt &&
        uvicorn app.main:app --host 0.0.0.0 --port 8000 --reload
      "
`
	got := audit1(t, "docker-compose.yml", before)
	vulns := []struct{ vuln, rule string }{
		{"Root execution (UID 0)", "SS025"},
		{"Inline pip install (supply chain risk)", "SS035"},
		{"Shell command injection potential", "SS036"},
		{"No layer caching", "SS035"},
		{"Development dependencies in production", "SS020"},
	}
	for _, v := range vulns {
		if !contains(ruleIDs(got), v.rule) {
			t.Errorf("seed vulnerability %q: want %s, got %v", v.vuln, v.rule, ruleIDs(got))
		}
	}
	for _, f := range got {
		if f.RuleID == "SS035" && !strings.Contains(f.Message, "no layer caching") {
			t.Errorf("SS035 message %q should name the lost layer caching", f.Message)
		}
	}
}

// TestGoldenCasesAuditClean audits shipshape's own output for every golden case
// of init: it must have no active finding.
func TestGoldenCasesAuditClean(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "..", "golden", "*", "shipshape.yaml"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases found under golden/ (%v)", err)
	}
	for _, c := range cases {
		dir := filepath.Dir(c)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, err := Options{}.Paths([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Files) < 3 {
				t.Errorf("audit found %d files in %s, want the compose file and two Dockerfiles", len(r.Files), dir)
			}
			for _, f := range r.Findings() {
				t.Errorf("%s: %s %s", location(f), f.RuleID, f.Message)
			}
			for _, f := range r.Suppressed() {
				t.Logf("suppressed: %s: %s %s (%s)", location(f), f.RuleID, f.Message, f.Reason)
			}
		})
	}
}

func TestSuppression(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, src string
		ignore          []string
		wantSuppressed  bool
	}{
		{"comment above", df, "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n# shipshape:ignore SS014 kept for an old tool\nMAINTAINER me\n", nil, true},
		{"stacked comments", df, "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n# shipshape:ignore SS014 old tool\n# another note\nMAINTAINER me\n", nil, true},
		{"other rule", df, "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n# shipshape:ignore SS013 no\nMAINTAINER me\n", nil, false},
		{"not adjacent", df, "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n# shipshape:ignore SS014 no\nRUN true\nMAINTAINER me\n", nil, false},
		{"option", df, "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\nMAINTAINER me\n", []string{"SS014"}, true},
		{"inside the service", dc, "services:\n  db:\n    image: x:1\n    # shipshape:ignore SS025 the image has no other user\n    read_only: true\n", nil, true},
		{"inside another service", dc, "services:\n  db:\n    image: x:1\n  web:\n    # shipshape:ignore SS025 wrong service\n    user: \"1:1\"\n", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Options{Ignore: tc.ignore}.Files([]File{{Path: tc.path, Data: []byte(tc.src)}})
			id := "SS014"
			if tc.path == dc {
				id = "SS025"
			}
			got := contains(ruleIDs(r.Suppressed()), id)
			if got != tc.wantSuppressed {
				t.Errorf("%s suppressed = %v, want %v; active %v, suppressed %v", id, got, tc.wantSuppressed, ruleIDs(r.Findings()), r.Suppressed())
			}
			if got && contains(ruleIDs(r.Findings()), id) {
				t.Errorf("%s is both suppressed and active", id)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, path, src string }{
		{"empty Dockerfile", df, ""},
		{"unterminated heredoc", df, "FROM a:1\nRUN <<EOF\necho\n"},
		{"bad yaml", dc, "services:\n  api: [\n"},
		{"scalar compose", dc, "just text\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Files([]File{{Path: tc.path, Data: []byte(tc.src)}})
			if r.ParseErrors() != 1 || len(r.Findings()) != 1 || r.Findings()[0].RuleID != "SS000" {
				t.Errorf("Files(%q) = %v, want one SS000", tc.src, r.Findings())
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, p := range []string{
		"Dockerfile", "backend/Dockerfile.dev", "web/app.dockerfile", "docker-compose.prod.yaml",
		"compose.yml", "backend/.dockerignore", "README.md", "node_modules/x/Dockerfile",
		".git/Dockerfile", "vendor/Dockerfile", "config.yml", "internal/dockerfile.go",
		"templates/Dockerfile.tmpl", "testdata/Dockerfile",
	} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("FROM a:1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i], _ = filepath.Rel(dir, got[i])
		got[i] = filepath.ToSlash(got[i])
	}
	want := []string{"Dockerfile", "backend/Dockerfile.dev", "compose.yml", "docker-compose.prod.yaml", "web/app.dockerfile"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Discover mismatch (-want +got):\n%s", diff)
	}
	if _, err := Discover([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("Discover of a missing path: want an error")
	}
}

func FuzzDockerfile(f *testing.F) {
	for _, tc := range ruleCases {
		if tc.path == df {
			f.Add([]byte(tc.fail))
		}
	}
	f.Add([]byte("FROM a\nRUN <<EOF\n$(\nEOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Files([]File{{Path: "Dockerfile", Data: data}})
		for _, fd := range r.Findings() {
			if strings.Contains(fd.Message, "internal error") {
				t.Fatalf("checking %q: %s", data, fd.Message)
			}
		}
	})
}

func FuzzCompose(f *testing.F) {
	for _, tc := range ruleCases {
		if tc.path == dc {
			f.Add([]byte(tc.fail))
		}
	}
	f.Add([]byte("x: &a [*a]\nservices: {a: {<<: *a}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Files([]File{{Path: "compose.yaml", Data: data}})
		for _, fd := range r.Findings() {
			if strings.Contains(fd.Message, "internal error") {
				t.Fatalf("checking %q: %s", data, fd.Message)
			}
		}
	})
}

// BenchmarkAudit audits a generated tree of 600 files, half Dockerfiles and half
// Compose files, from disk, and reports files per second.
func BenchmarkAudit(b *testing.B) {
	dir := b.TempDir()
	dockerfile, err := os.ReadFile(filepath.Join("testdata", "fixture", "Dockerfile"))
	if err != nil {
		b.Fatal(err)
	}
	compose, err := os.ReadFile(filepath.Join("testdata", "fixture", "docker-compose.yml"))
	if err != nil {
		b.Fatal(err)
	}
	const services = 300
	for i := range services {
		sub := filepath.Join(dir, fmt.Sprintf("svc%03d", i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "Dockerfile"), dockerfile, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "docker-compose.yml"), compose, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	files := 0
	for b.Loop() {
		r, err := Options{}.Paths([]string{dir})
		if err != nil {
			b.Fatal(err)
		}
		files += len(r.Files)
	}
	if files == 0 {
		b.Fatal("no files audited")
	}
	b.ReportMetric(float64(files)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkFiles audits the fixture pair in memory, without file system cost, and
// reports files per second.
func BenchmarkFiles(b *testing.B) {
	var files []File
	for _, name := range []string{"Dockerfile", "docker-compose.yml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "fixture", name))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, File{Path: name, Data: data})
	}
	n := 0
	for b.Loop() {
		n += len(Files(files).Files)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "files/s")
}
