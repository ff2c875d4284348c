package render_test

import (
	"testing"

	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/spec"
)

// FuzzFiles feeds arbitrary text to every free-text answer. Whatever validation
// accepts must render a Dockerfile with exactly the expected instructions and
// arguments, and a Compose file that the Compose loader accepts for each profile.
func FuzzFiles(f *testing.F) {
	seeds := [][7]string{
		{"demo", "backend", "app.main:app", "appuser", "appgroup", "/health", "127.0.0.1"},
		{"x\ny", "back\nend", "app.main:app\nRUN id", "app\"user", "grp'", "/he alth", "127.0.0.1\n"},
		{"$HOME", "${PWD}", "app.main:$app", "$(id)", "`id`", "/$x", "::1"},
		{"a#b", "b#", "app.main:app # x", "#", "g#", "/h#x", "0.0.0.0"},
		{"a:b", "c:d", "a:b:c", "u:x", "g:", "/a:b", "::ffff:127.0.0.1"},
		{"{{.Name}}", "{{end}}", "{{.App}}:app", "{{", "}}", "/{{x}}", "fe80::1%eth0"},
		{"ünïcode", "βackend", "app.mäin:app", "üser", "grüp", "/héalth", "١٢٧.0.0.1"},
		{"-", "../x", "app..main:app", "-u", "_g", "//", ""},
		{"name", "a/./b", "_a._b:_c", "root", "root", "/a/../b", "10.0.0.1"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
	}
	f.Fuzz(func(t *testing.T, name, backendDir, app, user, group, healthPath, publish string) {
		s := spec.Default("fuzz")
		answers := map[string]string{
			"name": name, "backend_dir": backendDir, "app": app, "user": user,
			"group": group, "health_path": healthPath, "publish": publish,
		}
		for key, v := range answers {
			fd, _ := spec.Lookup(key)
			if fd.Set(&s, v) != nil {
				return
			}
		}
		files, err := render.Files(s)
		if err != nil {
			t.Fatalf("Files accepted answers %q but failed: %v", answers, err)
		}
		m := byPath(files)
		checkDockerfiles(t, s, m)
		checkCompose(t, s, m["docker-compose.yml"])
	})
}
