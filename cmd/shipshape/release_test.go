package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestGoreleaserConfig checks that the release configuration parses and builds
// this command for every platform we ship, statically, with the version set.
func TestGoreleaserConfig(t *testing.T) {
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Env     []string `yaml:"env"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
		} `yaml:"builds"`
		Checksum struct {
			Name string `yaml:"name_template"`
		} `yaml:"checksum"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("parsing .goreleaser.yaml: %v", err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 || cfg.Checksum.Name == "" {
		t.Fatalf("want version 2, one build and checksums; got %+v", cfg)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/shipshape" {
		t.Errorf("main = %q, want ./cmd/shipshape", b.Main)
	}
	if _, err := os.Stat("../../" + b.Main); err != nil {
		t.Errorf("main %s: %v", b.Main, err)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("want CGO_ENABLED=0 and -trimpath, got env %v flags %v", b.Env, b.Flags)
	}
	if len(b.Ldflags) != 1 || !strings.Contains(b.Ldflags[0], "-X github.com/shipshape-dev/shipshape/internal/cli.version={{.Version}}") {
		t.Errorf("ldflags %v do not set the version", b.Ldflags)
	}
	slices.Sort(b.Goos)
	slices.Sort(b.Goarch)
	if !slices.Equal(b.Goos, []string{"darwin", "linux", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("platforms %v × %v", b.Goos, b.Goarch)
	}
}
