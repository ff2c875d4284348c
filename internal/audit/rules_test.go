package audit

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// ruleCase is a failing and a passing snippet for one rule. The snippet is a
// Dockerfile or a Compose file according to path.
type ruleCase struct {
	rule string
	name string
	path string
	fail string
	pass string
}

const (
	df = "Dockerfile"
	dc = "docker-compose.yml"
)

// svcYAML wraps service keys in a Compose file with one service named api.
func svcYAML(keys string) string {
	return "services:\n  api:\n" + indent(keys, "    ")
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

var ruleCases = []ruleCase{
	{"SS001", "no tag", df, "FROM python\n", "FROM python:3.13-slim-trixie\n"},
	{"SS001", "latest", df, "FROM python:latest\n", "FROM python@sha256:0123456789abcdef\n"},
	{"SS001", "registry port is not a tag", df, "FROM localhost:5000/app\n", "FROM localhost:5000/app:1.2\n"},
	{"SS001", "global ARG expanded", df, "ARG PY=latest\nFROM python:${PY}\n", "ARG PY=3.13\nFROM python:${PY}-slim\n"},
	{"SS001", "compose image", dc, svcYAML("image: redis\n"), svcYAML("image: redis:7.4\n")},
	{"SS001", "compose image of a build is a name", dc, svcYAML("image: app:latest\n"), svcYAML("build: .\nimage: app:latest\n")},
	{"SS002", "old python", df, "FROM python:3.9-slim\n", "FROM python:3.13-slim\n"},
	{"SS002", "bullseye", df, "FROM python:3.11-slim-bullseye\n", "FROM python:3.11-slim-bookworm\n"},
	{"SS002", "compose alpine", dc, svcYAML("image: python:3.12-alpine3.18\n"), svcYAML("image: python:3.12-alpine3.22\n")},
	{"SS003", "no user", df, "FROM python:3.13\nCMD [\"python\"]\n", "FROM python:3.13\nUSER 1001:1001\n"},
	{"SS003", "root user", df, "FROM python:3.13\nUSER root\n", "FROM python:3.13\nUSER root\nRUN id\nUSER app\n"},
	{"SS003", "user in earlier stage only", df, "FROM python:3.13 AS b\nUSER app\nFROM python:3.13\n", "FROM python:3.13 AS b\nUSER app\nFROM b\n"},
	{"SS004", "local add", df, "FROM a:1\nADD app.py /app/\n", "FROM a:1\nADD https://example.com/x.tgz /tmp/\nADD rootfs.tar.gz /\n"},
	{"SS005", "shell cmd", df, "FROM a:1\nCMD uvicorn app:app\n", "FROM a:1\nCMD [\"uvicorn\", \"app:app\"]\n"},
	{"SS005", "shell entrypoint", df, "FROM a:1\nENTRYPOINT python app.py\n", "FROM a:1\nENTRYPOINT [\"python\", \"app.py\"]\n"},
	{"SS006", "no healthcheck", df, "FROM a:1\nHEALTHCHECK NONE\n", "FROM a:1\nHEALTHCHECK CMD [\"true\"]\n"},
	{"SS007", "update alone", df, "FROM a:1\nRUN apt-get update\n", "FROM a:1\nRUN apt-get update && apt-get install -y curl\n"},
	{"SS008", "no -y", df, "FROM a:1\nRUN apt-get install --no-install-recommends curl\n", "FROM a:1\nRUN apt-get install -qy --no-install-recommends curl\n"},
	{"SS008", "no recommends flag", df, "FROM a:1\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n", "FROM a:1\nRUN apt-get -o APT::Install-Recommends=false install --yes curl\n"},
	{"SS009", "lists kept", df, "FROM a:1\nRUN apt-get update && apt-get install -y curl\n", "FROM a:1\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"},
	{"SS009", "cache mount", df, "FROM a:1\nRUN apt-get install -y x\n", "FROM a:1\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -y x\n"},
	{"SS010", "upgrade", df, "FROM a:1\nRUN apt-get update && apt-get dist-upgrade -y\n", "FROM a:1\nRUN apt-get update && apt-get install -y x\n"},
	{"SS011", "pip cache", df, "FROM a:1\nRUN pip install -r requirements.txt\n", "FROM a:1\nRUN pip install --no-cache-dir -r requirements.txt\n"},
	{"SS011", "python -m pip and cache mount", df, "FROM a:1\nRUN python3 -m pip install fastapi\n", "FROM a:1\nRUN --mount=type=cache,target=/root/.cache/pip python3 -m pip install fastapi\n"},
	{"SS011", "env", df, "FROM a:1\nRUN pip3 install x\n", "FROM a:1\nENV PIP_NO_CACHE_DIR=1\nRUN pip3 install x\n"},
	{"SS012", "curl to sh", df, "FROM a:1\nRUN curl -fsSL https://x.example/i.sh | sh\n", "FROM a:1\nRUN curl -fsSLo i.sh https://x.example/i.sh && sha256sum -c sums && sh i.sh\n"},
	{"SS012", "wget to bash", df, "FROM a:1\nRUN set -o pipefail; wget -qO- https://x.example | sudo bash -s\n", "FROM a:1\nRUN wget -qO- https://x.example | tar x\n"},
	{"SS013", "sudo", df, "FROM a:1\nRUN sudo apt-get install -y x\n", "FROM a:1\nRUN echo sudo\n"},
	{"SS014", "maintainer", df, "FROM a:1\nMAINTAINER me\n", "FROM a:1\nLABEL org.opencontainers.image.authors=me\n"},
	{"SS015", "env password", df, "FROM a:1\nENV DB_PASSWORD=hunter2\n", "FROM a:1\nENV DB_PASSWORD_FILE=/run/secrets/db\n"},
	{"SS015", "arg token", df, "FROM a:1\nARG GITHUB_TOKEN\n", "FROM a:1\nARG TOKENIZERS_PARALLELISM=false\nARG GPG_KEY=ABC\n"},
	{"SS015", "url with password", df, "FROM a:1\nENV DATABASE_URL=postgres://u:pw@db/x\n", "FROM a:1\nENV DATABASE_URL=postgres://db/x\n"},
	{"SS016", "relative workdir", df, "FROM a:1\nWORKDIR app\n", "FROM a:1\nWORKDIR /app\nWORKDIR $HOME\n"},
	{"SS017", "run cd", df, "FROM a:1\nRUN cd /src && make\n", "FROM a:1\nRUN (cd /src && make)\n"},
	{"SS018", "pipe", df, "FROM a:1\nRUN curl -s x | grep y\n", "FROM a:1\nRUN set -euxo pipefail; curl -s x | grep y\n"},
	{"SS018", "shell directive", df, "FROM a:1\nRUN ls | wc -l\n", "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN ls | wc -l\n"},
	{"SS019", "single stage", df, "FROM a:1\nRUN apt-get install -y --no-install-recommends build-essential\n", "FROM a:1 AS b\nRUN apt-get install -y build-essential\nFROM a:1\nCOPY --from=b /x /x\n"},
	{"SS020", "reload in Dockerfile", df, "FROM a:1\nCMD [\"uvicorn\", \"app:app\", \"--reload\"]\n", "FROM a:1\nCMD [\"uvicorn\", \"app:app\"]\n"},
	{"SS020", "compose reload", dc, svcYAML("command: uvicorn app:app --reload\n"), svcYAML("profiles: [dev]\ncommand: uvicorn app:app --reload\n")},
	{"SS021", "privileged", dc, svcYAML("privileged: true\n"), svcYAML("privileged: false\n")},
	{"SS022", "docker socket", dc, svcYAML("volumes:\n  - /var/run/docker.sock:/var/run/docker.sock\n"), svcYAML("volumes:\n  - data:/data\n")},
	{"SS023", "etc", dc, svcYAML("volumes:\n  - type: bind\n    source: /etc\n    target: /host-etc\n"), svcYAML("volumes:\n  - ./backend:/app\n  - /srv/app/data:/data\n")},
	{"SS024", "host network", dc, svcYAML("network_mode: host\npid: host\n"), svcYAML("network_mode: bridge\n")},
	{"SS025", "no user", dc, svcYAML("image: a:1\n"), svcYAML("user: \"1001:1001\"\n")},
	{"SS025", "root", dc, svcYAML("user: \"0:0\"\n"), svcYAML("user: app\n")},
	{"SS026", "no cap_drop", dc, svcYAML("cap_drop: [NET_RAW]\n"), svcYAML("cap_drop: [all]\n")},
	{"SS027", "sys_admin", dc, svcYAML("cap_add: [CAP_SYS_ADMIN]\n"), svcYAML("cap_add: [CHOWN]\n")},
	{"SS028", "no-new-privileges", dc, svcYAML("security_opt: [\"no-new-privileges:false\"]\n"), svcYAML("security_opt: [\"no-new-privileges:true\"]\n")},
	{"SS029", "read only", dc, svcYAML("read_only: false\n"), svcYAML("read_only: true\n")},
	{"SS030", "limits", dc, svcYAML("deploy:\n  resources:\n    limits:\n      memory: 512M\n"), svcYAML("mem_limit: 512m\ncpus: 1\npids_limit: 100\n")},
	{"SS031", "all interfaces", dc, svcYAML("ports: [\"8000:8000\"]\n"), svcYAML("ports: [\"127.0.0.1:8000:8000\", \"[::1]:9000:9000\"]\n")},
	{"SS031", "long syntax", dc, svcYAML("ports:\n  - target: 80\n    published: 8080\n"), svcYAML("ports:\n  - target: 80\n    published: 8080\n    host_ip: 127.0.0.1\n")},
	{"SS032", "no healthcheck", dc, svcYAML("healthcheck:\n  disable: true\n"), svcYAML("healthcheck:\n  test: [\"CMD-SHELL\", \"pg_isready -U app\"]\n")},
	{"SS033", "literal secret", dc, svcYAML("environment:\n  POSTGRES_PASSWORD: hunter2\n"), svcYAML("environment:\n  POSTGRES_PASSWORD_FILE: /run/secrets/pg\n  API_TOKEN: ${API_TOKEN}\n")},
	{"SS033", "list form", dc, svcYAML("environment:\n  - SECRET_KEY=abc\n"), svcYAML("environment:\n  - SECRET_KEY\n")},
	{"SS034", "version", dc, "version: \"3.8\"\nservices: {}\n", "services: {}\n"},
	{"SS035", "pip at start", dc, svcYAML("command: [\"sh\", \"-c\", \"pip install -r r.txt && python app.py\"]\n"), svcYAML("command: [\"python\", \"app.py\"]\n")},
	{"SS035", "npm at start", dc, svcYAML("entrypoint: npm install\n"), svcYAML("entrypoint: npm start\n")},
	{"SS036", "sh -c", dc, svcYAML("command: sh -c \"python app.py\"\n"), svcYAML("command: python app.py\nhealthcheck:\n  test: [\"CMD-SHELL\", \"sh -c true\"]\n")},
}

func ruleIDs(fs []Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func audit1(t testing.TB, path, src string) []Finding {
	t.Helper()
	r := Files([]File{{Path: path, Data: []byte(src)}})
	if r.ParseErrors() > 0 {
		t.Fatalf("parsing %s failed: %v", path, r.Findings())
	}
	return r.Findings()
}

func TestRules(t *testing.T) {
	t.Parallel()
	for _, tc := range ruleCases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			if got := ruleIDs(audit1(t, tc.path, tc.fail)); !contains(got, tc.rule) {
				t.Errorf("failing snippet: Files(%q) = %v, want %s among them", tc.fail, got, tc.rule)
			}
			if got := ruleIDs(audit1(t, tc.path, tc.pass)); contains(got, tc.rule) {
				t.Errorf("passing snippet: Files(%q) = %v, want no %s", tc.pass, got, tc.rule)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestEveryRuleHasCases keeps the table test complete as rules are added.
func TestEveryRuleHasCases(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		covered[tc.rule] = true
	}
	for _, r := range Rules {
		if r.ID != parseRule && !covered[r.ID] {
			t.Errorf("rule %s has no case in ruleCases", r.ID)
		}
	}
}

func TestRuleTable(t *testing.T) {
	t.Parallel()
	// A title starts lower case unless it starts with a Dockerfile keyword.
	start := regexp.MustCompile(`^([a-z]|[A-Z]{3,} )`)
	for i, r := range Rules {
		if want := fmt.Sprintf("SS%03d", i); r.ID != want {
			t.Errorf("Rules[%d].ID = %s, want %s (IDs are sequential and never reused)", i, r.ID, want)
		}
		if !start.MatchString(r.Title) || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q should start lower case or with a keyword, with no final period", r.ID, r.Title)
		}
		if r.Fix == "" || r.Kinds == 0 || r.Concern == "" {
			t.Errorf("%s: fix, kinds and concern are required", r.ID)
		}
		found := false
		for _, c := range Concerns {
			found = found || c.Concern == r.Concern
		}
		if !found {
			t.Errorf("%s: concern %q has no heading in Concerns", r.ID, r.Concern)
		}
	}
}

// TestDevelopmentSetups checks that the dev flags rule leaves development files and
// profiles alone.
func TestDevelopmentSetups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, src string
	}{
		{"Dockerfile.dev", "backend/Dockerfile.dev", "FROM a:1\nCMD [\"uvicorn\", \"app:app\", \"--reload\"]\n"},
		{"backend profile", dc, svcYAML("profiles: [\"backend\"]\ncommand: [\"uvicorn\", \"app:app\", \"--reload\"]\n")},
		{"dev compose file", "docker-compose.dev.yml", svcYAML("command: uvicorn app:app --reload\n")},
		{"build of Dockerfile.dev", dc, svcYAML("build:\n  context: .\n  dockerfile: Dockerfile.dev\ncommand: uvicorn app:app --reload\n")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ruleIDs(audit1(t, tc.path, tc.src)); contains(got, "SS020") {
				t.Errorf("Files(%s) = %v, want no SS020", tc.path, got)
			}
		})
	}
}
